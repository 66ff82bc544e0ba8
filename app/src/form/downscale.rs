//! Photos are made smaller in the browser before they are uploaded: a phone's 12-megapixel
//! photo of a KTP (4–6 MB) becomes a JPEG with its long side at most 2000 px (a few hundred KB),
//! still sharp enough to read, and minutes faster on 3G. Only with JavaScript; the server still
//! accepts the original, and a PDF or a small picture goes as it is.

use wasm_bindgen::{JsCast, JsValue, closure::Closure};
use wasm_bindgen_futures::JsFuture;

/// The longest side a photo keeps.
pub const MAX_SIDE: u32 = 2000;
const QUALITY: f64 = 0.85;

/// What to upload for `file`: a smaller JPEG when it is a photo larger than [`MAX_SIDE`],
/// otherwise the file itself; with the name to give it.
pub async fn for_upload(file: web_sys::File) -> (web_sys::Blob, String) {
    match smaller(&file).await {
        Some(blob) => (blob, jpeg_name(&file.name())),
        None => {
            let name = file.name();
            (file.into(), name)
        }
    }
}

/// "KTP saya.png" → "KTP saya.jpg".
pub fn jpeg_name(name: &str) -> String {
    let stem = name.rsplit_once('.').map(|(s, _)| s).filter(|s| !s.is_empty()).unwrap_or(name);
    format!("{stem}.jpg")
}

/// The scaled size of a `w`×`h` picture whose long side is larger than [`MAX_SIDE`].
pub fn scaled(w: u32, h: u32) -> Option<(u32, u32)> {
    let long = w.max(h);
    if long <= MAX_SIDE || w == 0 || h == 0 {
        return None;
    }
    let f = MAX_SIDE as f64 / long as f64;
    Some((((w as f64 * f).round() as u32).max(1), ((h as f64 * f).round() as u32).max(1)))
}

async fn smaller(file: &web_sys::File) -> Option<web_sys::Blob> {
    if !matches!(file.type_().as_str(), "image/jpeg" | "image/png") {
        return None;
    }
    let window = web_sys::window()?;
    let bitmap: web_sys::ImageBitmap =
        JsFuture::from(window.create_image_bitmap_with_blob(file).ok()?).await.ok()?.dyn_into().ok()?;
    let (w, h) = scaled(bitmap.width(), bitmap.height())?;
    let canvas: web_sys::HtmlCanvasElement = window.document()?.create_element("canvas").ok()?.dyn_into().ok()?;
    canvas.set_width(w);
    canvas.set_height(h);
    let ctx: web_sys::CanvasRenderingContext2d = canvas.get_context("2d").ok()??.dyn_into().ok()?;
    // A transparent PNG gets a white page, not a black one.
    ctx.set_fill_style_str("#ffffff");
    ctx.fill_rect(0.0, 0.0, w as f64, h as f64);
    ctx.draw_image_with_image_bitmap_and_dw_and_dh(&bitmap, 0.0, 0.0, w as f64, h as f64).ok()?;
    bitmap.close();
    let encoded = js_sys::Promise::new(&mut |resolve, _reject| {
        let done = Closure::once_into_js(move |blob: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &blob);
        });
        let _ = canvas.to_blob_with_type_and_encoder_options(
            done.unchecked_ref(),
            "image/jpeg",
            &JsValue::from_f64(QUALITY),
        );
    });
    let blob: web_sys::Blob = JsFuture::from(encoded).await.ok()?.dyn_into().ok()?;
    // Only if it really is smaller.
    (blob.size() < file.size()).then_some(blob)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_large_pictures_are_scaled_and_keep_their_shape() {
        assert_eq!(scaled(4000, 3000), Some((2000, 1500)));
        assert_eq!(scaled(3024, 4032), Some((1500, 2000)));
        assert_eq!(scaled(2000, 1000), None);
        assert_eq!(scaled(0, 5000), None);
        assert_eq!(jpeg_name("KTP saya.png"), "KTP saya.jpg");
        assert_eq!(jpeg_name("kk"), "kk.jpg");
        assert_eq!(jpeg_name("a.b.jpeg"), "a.b.jpg");
    }
}
