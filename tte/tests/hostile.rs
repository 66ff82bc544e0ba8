//! Hostile PDFs given to the verification page's reader: it reads what it needs and no more.
//! Alone in their test binary and one at a time, so the allocation count sees only the test.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use tte::{PdfError, inspect};

/// Counts the bytes allocated now and the most ever since the last reset.
struct Counting;

static ALLOCATED: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = ALLOCATED.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
        PEAK.fetch_max(now, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        ALLOCATED.fetch_sub(layout.size(), Ordering::SeqCst);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// The tests here take turns: the count is for the whole process.
static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// A hostile file whose `/ByteRange` is a huge array (security review, finding 2): refused after
/// the fifth value, without reading (and allocating for) the rest; odd forms of it likewise.
#[test]
fn a_byte_range_is_exactly_four_integers() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let mut hostile = b"%PDF-1.7\n1 0 obj <</ByteRange [".to_vec();
    for _ in 0..2_000_000 {
        hostile.extend_from_slice(b"1 ");
    }
    hostile.extend_from_slice(b"]>> endobj\n%%EOF\n");
    let before = ALLOCATED.load(Ordering::SeqCst);
    PEAK.store(before, Ordering::SeqCst);
    assert!(matches!(inspect(&hostile), Err(PdfError::Malformed("/ByteRange harus 4 bilangan"))));
    let extra = PEAK.load(Ordering::SeqCst) - before;
    assert!(extra < 64 * 1024, "read only the first values: {extra} bytes allocated");
    for (text, why) in [
        (&b"/ByteRange 12"[..], "/ByteRange bukan array"),
        (b"/ByteRange [0 -1 2 3]", "/ByteRange negatif"),
        (b"/ByteRange [0 1 2]", "/ByteRange harus 4 bilangan"),
        (b"/ByteRange [0 1 2 (x)]", "/ByteRange bukan bilangan"),
        (b"/ByteRange [0 1 2 99999999999999999999999]", "/ByteRange bukan bilangan"),
        (b"/ByteRange [0 10 20 30]", "/ByteRange di luar berkas"),
    ] {
        match inspect(text) {
            Err(PdfError::Malformed(m)) => assert_eq!(m, why, "{}", String::from_utf8_lossy(text)),
            other => panic!("{}: {other:?}", String::from_utf8_lossy(text)),
        }
    }
}

/// Property test (fixed seed; `PROPTEST_CASES` sets the budget): whatever the bytes, or a
/// signature-shaped file with anything typed into it, the reader answers without a panic and
/// allocates no more than a small multiple of the file.
#[test]
fn any_file_is_read_or_refused_with_bounded_memory() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    use proptest::prelude::*;
    use proptest::test_runner::{Config, RngSeed, TestRunner};
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(512);
    let config = Config { cases, rng_seed: RngSeed::Fixed(0x9df51), failure_persistence: None, ..Config::default() };
    let shaped = b"%PDF-1.7\n1 0 obj\n<</Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached \
/ByteRange [0 120 250 40] /Contents <3082010a0282010100> /M (D:20261128) /Name (Lurah)>>\nendobj\n\
2 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 2 0 R>>\n%%EOF\n"
        .to_vec();
    let mutated = (any::<prop::sample::Index>(), proptest::collection::vec(any::<u8>(), 0..64), 0usize..32).prop_map(
        move |(at, typed, cut)| {
            let mut file = shaped.clone();
            let at = at.index(file.len());
            let end = (at + cut).min(file.len());
            file.splice(at..end, typed);
            file
        },
    );
    let files = prop_oneof![proptest::collection::vec(any::<u8>(), 0..4096), mutated];
    let mut runner = TestRunner::new(config);
    runner
        .run(&files, |file| {
            let before = ALLOCATED.load(Ordering::SeqCst);
            PEAK.store(before, Ordering::SeqCst);
            let _ = inspect(&file);
            let extra = PEAK.load(Ordering::SeqCst).saturating_sub(before);
            prop_assert!(extra <= 4 * file.len() + 256 * 1024, "{extra} bytes for a {}-byte file", file.len());
            Ok(())
        })
        .unwrap();
}
