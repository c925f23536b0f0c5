//! Image payloads: JPEG or PNG, raw or base64 (a `data:` URL too), bounded
//! in size. The check is by the file's own signature, never by a name the
//! sender chose, so a payload that is not an image is reported, not shown.

use std::borrow::Cow;

use crate::share::base64_decode;

/// The largest image payload shown, raw or base64: 2 MiB.
pub const MAX_IMAGE_BYTES: usize = 2 * 1024 * 1024;

/// An image ready for a blob URL: a raw payload is borrowed, not copied.
#[derive(Debug, PartialEq, Eq)]
pub struct Image<'a> {
    /// `image/jpeg` or `image/png`.
    pub mime: &'static str,
    /// The file's bytes.
    pub bytes: Cow<'a, [u8]>,
}

/// Why a payload is not shown.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImageProblem {
    /// Over [`MAX_IMAGE_BYTES`].
    #[error("the payload is {} KiB, over the 2 MiB limit of an image widget", .0 / 1024)]
    TooLarge(usize),
    /// Neither a JPEG nor a PNG, raw or in base64.
    #[error("the payload is not a JPEG or PNG image, raw or base64")]
    NotAnImage,
}

/// The image in `payload`.
pub fn read_image(payload: &[u8]) -> Result<Image<'_>, ImageProblem> {
    if payload.len() > MAX_IMAGE_BYTES {
        return Err(ImageProblem::TooLarge(payload.len()));
    }
    if let Some(mime) = mime_of(payload) {
        return Ok(Image { mime, bytes: Cow::Borrowed(payload) });
    }
    let text = std::str::from_utf8(payload).map_err(|_| ImageProblem::NotAnImage)?.trim();
    let encoded = match text.strip_prefix("data:") {
        Some(url) => url.split_once(";base64,").ok_or(ImageProblem::NotAnImage)?.1,
        None => text,
    };
    let bytes = base64_decode(encoded).map_err(|_| ImageProblem::NotAnImage)?;
    let mime = mime_of(&bytes).ok_or(ImageProblem::NotAnImage)?;
    Ok(Image { mime, bytes: Cow::Owned(bytes) })
}

/// The type the file's signature says.
fn mime_of(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::share::base64_encode;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
    const JPEG: &[u8] = &[0xFF, 0xD8, 0xFF, 0xE0, 0, 16, b'J', b'F', b'I', b'F'];

    #[test]
    fn reads_raw_base64_and_data_url_images() {
        assert_eq!(read_image(PNG), Ok(Image { mime: "image/png", bytes: Cow::Borrowed(PNG) }));
        assert_eq!(read_image(JPEG).unwrap().mime, "image/jpeg");
        assert_eq!(
            read_image(base64_encode(JPEG).as_bytes()),
            Ok(Image { mime: "image/jpeg", bytes: Cow::Owned(JPEG.to_vec()) })
        );
        let url = format!("data:image/png;base64,{}", base64_encode(PNG));
        assert_eq!(&*read_image(url.as_bytes()).unwrap().bytes, PNG);
    }

    #[test]
    fn reports_what_it_does_not_show() {
        assert_eq!(read_image(b"<script>alert(1)</script>"), Err(ImageProblem::NotAnImage));
        assert_eq!(read_image(base64_encode(b"GIF89a").as_bytes()), Err(ImageProblem::NotAnImage));
        assert_eq!(read_image(b""), Err(ImageProblem::NotAnImage));
        let huge = vec![0xFF; MAX_IMAGE_BYTES + 1];
        assert_eq!(read_image(&huge), Err(ImageProblem::TooLarge(MAX_IMAGE_BYTES + 1)));
        assert!(ImageProblem::TooLarge(5_000_000).to_string().contains("4882 KiB"));
    }
}
