//! Letter rendering benchmark:
//! `cargo run --release -p letters --example render_bench [-- COUNT [CODE]]`.
//!
//! Renders COUNT letters (default 10,000) warm, cycling through every letter type (or only
//! CODE), each with its own number and QR code so typst's cache cannot short-cut; then the
//! same on 2 threads. Prints median and p95 ms per letter (overall and per type), letters per
//! second on 1 and 2 threads, PDF sizes, and memory: resident set after warm-up, at the end,
//! and the peak, to show that typst's memoization cache stays bounded.

use letters::{TemplateSet, sample_data};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let count: usize = std::env::args().nth(1).and_then(|s| s.parse().ok()).unwrap_or(10_000);
    let only = std::env::args().nth(2);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../letter-templates");
    let started = Instant::now();
    let set = TemplateSet::load(&dir).unwrap_or_else(|e| panic!("{e}"));
    println!("load + check {} templates: {:.0} ms", set.manifests().count(), started.elapsed().as_secs_f64() * 1e3);
    let samples: Vec<(String, letters::LetterData)> = set
        .manifests()
        .filter(|m| only.as_ref().is_none_or(|c| &m.code == c))
        .map(|m| (m.code.clone(), sample_data(m)))
        .collect();
    assert!(!samples.is_empty(), "no such letter type");
    let data = |i: usize| {
        let (code, base) = &samples[i % samples.len()];
        let mut d = base.clone();
        d.letter.number = format!("400.12.2.1/{i:05}/KEL-OBB/XI/2026");
        d.letter.verify_url = format!("http://127.0.0.1:3000/v/{i:08}-0000-4000-8000-000000000000");
        (code.as_str(), d)
    };
    for i in 0..(5 * samples.len()) {
        let (code, d) = data(i);
        set.render(code, &d, None).expect("warm-up render");
    }
    let warm_rss = memory("VmRSS");

    let mut times = Vec::with_capacity(count);
    let mut per_type: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    let mut sizes: BTreeMap<&str, usize> = BTreeMap::new();
    let t1 = Instant::now();
    for i in 0..count {
        let (code, d) = data(100 + i);
        let t = Instant::now();
        let pdf = set.render(code, &d, None).expect("render");
        let ms = t.elapsed().as_secs_f64() * 1e3;
        times.push(ms);
        per_type.entry(code).or_default().push(ms);
        sizes.insert(code, pdf.len());
    }
    let one = count as f64 / t1.elapsed().as_secs_f64();
    let end_rss = memory("VmRSS");

    let t2 = Instant::now();
    std::thread::scope(|s| {
        for k in 0..2 {
            let (set, data) = (&set, &data);
            s.spawn(move || {
                for i in 0..count / 2 {
                    let (code, d) = data(1_000_000 + k * count + i);
                    set.render(code, &d, None).expect("render");
                }
            });
        }
    });
    let two = (count / 2 * 2) as f64 / t2.elapsed().as_secs_f64();

    println!("renders: {count} warm, {} letter types", samples.len());
    let (median, p95) = stats(&mut times);
    println!("all types: median {median:.2} ms, p95 {p95:.2} ms per letter (1 thread)");
    for (code, t) in per_type.iter_mut() {
        let (m, p) = stats(t);
        println!("  {code:<16} median {m:>6.2} ms  p95 {p:>6.2} ms  PDF {:>5.1} KB", sizes[code] as f64 / 1024.0);
    }
    println!("{one:.0} letters/s on 1 thread, {two:.0} letters/s on 2 threads");
    println!("memory: RSS {warm_rss} after warm-up, {end_rss} after {count} renders; peak (VmHWM) {}", memory("VmHWM"));
}

fn stats(t: &mut [f64]) -> (f64, f64) {
    t.sort_by(f64::total_cmp);
    (t[t.len() / 2], t[(t.len() * 95 / 100).min(t.len() - 1)])
}

fn memory(key: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with(key)).map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
        })
        .unwrap_or_else(|| "unknown".into())
}
