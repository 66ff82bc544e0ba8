//! Renders every letter type with its sample data into a folder, to look at:
//! `cargo run -p letters --example render_samples -- OUT_DIR [a4|f4]`, then e.g.
//! `pdftoppm -png -r 60 OUT_DIR/domisili.pdf OUT_DIR/domisili`.

use letters::{TemplateSet, sample_data};
use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "target/letter-samples".into()));
    let paper = std::env::args().nth(2).unwrap_or_else(|| "a4".into());
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../letter-templates");
    let set = match TemplateSet::load(&dir) {
        Ok(set) => set,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    std::fs::create_dir_all(&out).expect("create output folder");
    for m in set.manifests() {
        let mut data = sample_data(m);
        data.paper = paper.clone();
        let pdf = set.render(&m.code, &data, None).unwrap_or_else(|e| panic!("{}: {e}", m.code));
        let pages = set.page_count(&m.code, &data).unwrap_or(0);
        let path = out.join(format!("{}.pdf", m.code));
        std::fs::write(&path, &pdf).expect("write PDF");
        println!("{:<16} {} halaman, {:>5.1} KB  {}", m.code, pages, pdf.len() as f64 / 1024.0, path.display());
    }
}
