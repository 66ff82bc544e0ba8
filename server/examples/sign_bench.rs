//! Render + sign, letter after letter, as one signing session does:
//! `cargo build --release -p server --example sign_bench && $CARGO_TARGET_DIR/release/examples/sign_bench 20000`
//! (an example of `server`: built with the server's features, so it shares the release build).
//! The key is unlocked once (its scrypt cost is reported separately), then each letter is
//! rendered by typst and given a PAdES signature. Every letter has its own number and QR code
//! (as in real signing), so typst's caches cannot hand back a whole earlier letter. Reports the
//! resident set after warm-up and at the end, and the peak (typst's cache must stay bounded).

use chrono::{FixedOffset, Utc};

// The server's allocator (`server/src/main.rs`).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use letters::{TemplateSet, sample_data};
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(500);
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../letter-templates");
    let set = TemplateSet::load(&dir).unwrap_or_else(|e| panic!("{e}"));
    let now = Utc::now();
    let ca = tte::Authority::create("Pemerintah Kota Kupang", "Serambi CA Uji", now, 10).unwrap();
    let holder = tte::Holder {
        name: "Drs. Yosef Benu, M.Si".into(),
        nip: "197805122005011003".into(),
        position: "Lurah Oebobo".into(),
        office: "Kelurahan Oebobo".into(),
        organisation: "Pemerintah Kota Kupang".into(),
    };
    let sealed = ca.issue(&holder, "passphrase uji bench", now, 2).unwrap();

    let started = Instant::now();
    let credential = sealed.unlock("passphrase uji bench").unwrap();
    let unlock = started.elapsed();

    let manifests: Vec<_> = set.manifests().collect();
    let data: Vec<_> = manifests.iter().map(|m| (m.code.clone(), sample_data(m))).collect();
    let letter = |i: usize| {
        let (code, base) = &data[i % data.len()];
        let mut d = base.clone();
        d.letter.number = format!("400.12.2.1/{i:05}/KEL-OBB/XI/2026");
        d.letter.verify_url = format!("https://serambi.kupangkota.go.id/v/{i:08}-0000-4000-8000-000000000000");
        (code.as_str(), d)
    };
    // Warm-up: fonts and the typst caches.
    for i in 0..(5 * data.len()) {
        let (code, d) = letter(1_000_000 + i);
        set.render(code, &d, None).unwrap();
    }
    let warm_rss = memory("VmRSS");
    // Making the test CA and issuing the key above (an admin's work, once, never in a signing
    // session) peaks at ~190 MB: the peak reported is the letters' own, from here (Linux:
    // writing 5 to clear_refs resets VmHWM to the current RSS).
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();
    let (mut render, mut sign, mut total) = (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
    let mut bytes = 0usize;
    let all = Instant::now();
    for i in 0..n {
        let (code, d) = letter(i);
        let t0 = Instant::now();
        let pdf = set.render(code, &d, None).unwrap();
        let t1 = Instant::now();
        let meta = tte::SignatureMeta {
            time: Utc::now().with_timezone(&FixedOffset::east_opt(8 * 3600).unwrap()),
            reason: format!("Surat nomor {i:03}"),
            location: "Kupang".into(),
        };
        let signed = credential.sign_pdf(&pdf, &meta).unwrap();
        let t2 = Instant::now();
        bytes += signed.len();
        render.push(t1 - t0);
        sign.push(t2 - t1);
        total.push(t2 - t0);
    }
    let wall = all.elapsed();
    println!("{n} letters over {} types, one signing session", data.len());
    println!("unlock key once (scrypt N=2^15): {:.1} ms", ms(unlock));
    for (name, v) in [("render", &mut render), ("sign", &mut sign), ("render+sign", &mut total)] {
        v.sort();
        println!(
            "{name:<12} median {:>6.2} ms  p95 {:>6.2} ms  max {:>6.2} ms",
            ms(v[v.len() / 2]),
            ms(v[v.len() * 95 / 100]),
            ms(v[v.len() - 1])
        );
    }
    println!(
        "{:.0} letters/s on one thread; signed PDFs average {:.1} KB",
        n as f64 / wall.as_secs_f64(),
        bytes as f64 / n as f64 / 1024.0
    );
    let over = if reset { "over the letters" } else { "since start" };
    println!(
        "memory: RSS {warm_rss} after warm-up, {} at the end; peak (VmHWM) {over} {}",
        memory("VmRSS"),
        memory("VmHWM")
    );
}

fn memory(key: &str) -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with(key)).map(|l| l.split_whitespace().skip(1).collect::<Vec<_>>().join(" "))
        })
        .unwrap_or_else(|| "unknown".into())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}
