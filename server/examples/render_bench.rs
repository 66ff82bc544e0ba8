//! Letter rendering benchmark: `cargo run -p server --example render_bench [-- COUNT]`.
//! Renders the Domisili letter COUNT times (default 1000) with a different number each time
//! (so typst's cache cannot short-cut), warm, on 1 and on 2 threads; prints median and p95 ms
//! per letter, letters per second and the process's peak memory.

use server::letters::{TemplateSet, sample_data};
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let count: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(1000);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../letter-templates");
    let started = Instant::now();
    let set = TemplateSet::load(&dir).unwrap_or_else(|e| panic!("{e}"));
    println!("load + check templates: {:.0} ms", started.elapsed().as_secs_f64() * 1e3);
    let manifest = set.manifests().find(|m| m.code == "domisili").expect("domisili").clone();
    let data = |i: usize| {
        let mut d = sample_data(&manifest);
        d["letter"]["number"] = format!("400.12.2.1/{i:04}/KEL-OBB/XI/2026").into();
        d["letter"]["verify_url"] = format!("http://127.0.0.1:3000/v/{i:08}-0000-4000-8000-000000000000").into();
        d
    };
    for i in 0..20 {
        set.render("domisili", &data(i)).expect("warm-up render");
    }
    let mut times = Vec::with_capacity(count);
    let mut bytes = 0;
    let t1 = Instant::now();
    for i in 0..count {
        let t = Instant::now();
        bytes = set.render("domisili", &data(100 + i)).expect("render").len();
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    let one = count as f64 / t1.elapsed().as_secs_f64();
    times.sort_by(f64::total_cmp);
    let t2 = Instant::now();
    std::thread::scope(|s| {
        for k in 0..2 {
            let (set, data) = (&set, &data);
            s.spawn(move || {
                for i in 0..count / 2 {
                    set.render("domisili", &data(1_000_000 + k * count + i)).expect("render");
                }
            });
        }
    });
    let two = (count / 2 * 2) as f64 / t2.elapsed().as_secs_f64();
    println!("renders: {count} per run, PDF {:.1} KB", bytes as f64 / 1024.0);
    println!("median {:.2} ms, p95 {:.2} ms per letter (1 thread)", times[count / 2], times[count * 95 / 100]);
    println!("{one:.0} letters/s on 1 thread, {two:.0} letters/s on 2 threads");
    println!("peak memory (VmHWM): {}", peak_memory());
}

fn peak_memory() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM"))
                .map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
        })
        .unwrap_or_else(|| "unknown".into())
}
