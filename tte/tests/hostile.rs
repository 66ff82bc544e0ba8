//! Hostile PDFs given to the verification page's reader: it reads what it needs and no more.
//! Alone in its test binary, so the allocation count below sees only this test.

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

/// A hostile file whose `/ByteRange` is a huge array (security review, finding 2): refused after
/// the fifth value, without reading (and allocating for) the rest; odd forms of it likewise.
#[test]
fn a_byte_range_is_exactly_four_integers() {
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
