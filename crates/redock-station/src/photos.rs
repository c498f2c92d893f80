//! Inspection photos: content-addressed files beside the database (`<data dir>/photos`).
//!
//! Pure storage. The inspection service that records the `inspected` event calls [`PhotoStore::ingest`]
//! and keeps the returned hash in its event; nothing here touches SQLite.
//!
//! What `ingest` guarantees:
//! - only JPEG, PNG and WebP are taken, within [`PhotoLimits`]; the pixel count is checked from the
//!   header before anything is decoded, and the decoder runs under `image`'s memory [`Limits`];
//! - the photo is decoded, turned upright by its EXIF orientation, and re-encoded as JPEG: EXIF (GPS,
//!   camera serial, time), XMP and IPTC are gone. Only the ICC colour profile is carried over, so
//!   wide-gamut phone photos keep their colours;
//! - the SHA-256 of the stored bytes names the file, `<root>/ab/cdef….jpg`, with a thumbnail at
//!   `<root>/thumbs/<hash>.jpg`; both are written atomically (temp file, fsync, rename, fsync of the
//!   folder) and the same photo twice is one file.

use image::{
    codecs::jpeg::JpegEncoder, imageops::FilterType, DynamicImage, ImageDecoder, ImageEncoder, ImageError,
    ImageFormat, ImageReader, Limits, RgbImage,
};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::{self, OpenOptions};
use std::io::{self, Cursor, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;
use thiserror::Error;

/// JPEG quality of the stored photo: high enough that a scratch on a screen stays visible.
pub const JPEG_QUALITY: u8 = 90;
/// JPEG quality of the thumbnail.
pub const THUMB_QUALITY: u8 = 80;
/// The long side of a thumbnail, in pixels.
pub const THUMB_MAX_SIDE: u32 = 320;
/// The stored photo is always a JPEG.
pub const STORED_MIME: &str = "image/jpeg";
/// JPEG cannot express a side longer than this, and every stored photo is a JPEG.
const MAX_SIDE: u32 = 65_535;

/// What the station accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhotoLimits {
    /// The largest file taken, in bytes (default 15 MiB).
    pub max_bytes: u64,
    /// The most pixels (width × height) taken (default 40 megapixels).
    pub max_pixels: u64,
}

impl Default for PhotoLimits {
    fn default() -> Self {
        PhotoLimits {
            max_bytes: 15 * 1024 * 1024,
            max_pixels: 40_000_000,
        }
    }
}

/// A photo as stored. `sha256` is what an event keeps; the paths are where it is on this station.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredPhoto {
    /// Lower-case hex SHA-256 of the stored (stripped, re-encoded) bytes.
    pub sha256: String,
    pub path: PathBuf,
    pub thumb_path: PathBuf,
    /// Of the stored photo, after the EXIF orientation was applied.
    pub width: u32,
    pub height: u32,
    /// Size of the stored file.
    pub bytes: u64,
    /// Always `image/jpeg`.
    pub mime: &'static str,
}

/// Why a photo was not stored. Each maps to a stable code the UI translates (`error-photo-…`).
#[derive(Debug, Error)]
pub enum PhotoError {
    #[error("the photo is too large: {bytes} bytes, at most {max} are taken")]
    TooLarge { bytes: u64, max: u64 },
    #[error("the photo has too many pixels: {width}×{height}, at most {max_pixels} pixels are taken")]
    TooManyPixels {
        width: u32,
        height: u32,
        max_pixels: u64,
    },
    #[error("{format} photos are not supported{hint}; send JPEG, PNG or WebP")]
    UnsupportedFormat { format: String, hint: &'static str },
    #[error("the photo cannot be read: {reason}")]
    Unreadable { reason: String },
    #[error("the photo cannot be saved ({context}): {source}")]
    Io {
        context: String,
        #[source]
        source: io::Error,
    },
    #[error("the disk is full; the photo was not saved ({context})")]
    DiskFull { context: String },
}

impl PhotoError {
    /// Every code [`PhotoError::code`] can return (for the test that every code has a message).
    pub const ALL_CODES: &'static [&'static str] = &[
        "photo.too_large",
        "photo.too_many_pixels",
        "photo.unsupported_format",
        "photo.unreadable",
        "photo.io",
        "photo.disk_full",
    ];

    /// The stable machine code crossing to the UI.
    pub fn code(&self) -> &'static str {
        match self {
            PhotoError::TooLarge { .. } => "photo.too_large",
            PhotoError::TooManyPixels { .. } => "photo.too_many_pixels",
            PhotoError::UnsupportedFormat { .. } => "photo.unsupported_format",
            PhotoError::Unreadable { .. } => "photo.unreadable",
            PhotoError::Io { .. } => "photo.io",
            PhotoError::DiskFull { .. } => "photo.disk_full",
        }
    }

    /// Arguments for the translated message (Fluent variables).
    pub fn details(&self) -> BTreeMap<String, String> {
        let mut d = BTreeMap::new();
        let mut put = |k: &str, v: String| {
            d.insert(k.to_string(), v);
        };
        match self {
            PhotoError::TooLarge { bytes, max } => {
                put("bytes", bytes.to_string());
                put("max", max.to_string());
            }
            PhotoError::TooManyPixels {
                width,
                height,
                max_pixels,
            } => {
                put("width", width.to_string());
                put("height", height.to_string());
                put("max", max_pixels.to_string());
            }
            PhotoError::UnsupportedFormat { format, .. } => put("format", format.clone()),
            PhotoError::Unreadable { reason } => put("reason", reason.clone()),
            PhotoError::Io { context, source } => {
                put("context", context.clone());
                put("reason", source.to_string());
            }
            PhotoError::DiskFull { context } => put("context", context.clone()),
        }
        d
    }

    /// An IO error while saving, with what was being done; ENOSPC becomes [`PhotoError::DiskFull`].
    pub fn from_io(context: impl Into<String>, source: io::Error) -> Self {
        let context = context.into();
        if is_disk_full(&source) {
            PhotoError::DiskFull { context }
        } else {
            PhotoError::Io { context, source }
        }
    }

    fn unreadable(reason: impl Into<String>) -> Self {
        PhotoError::Unreadable {
            reason: reason.into(),
        }
    }
}

fn is_disk_full(e: &io::Error) -> bool {
    // By number: `ErrorKind::StorageFull` is newer than the workspace's rust-version.
    match e.raw_os_error() {
        #[cfg(unix)]
        Some(28) => true, // ENOSPC (Linux, macOS, the BSDs)
        #[cfg(windows)]
        Some(39) | Some(112) => true, // ERROR_HANDLE_DISK_FULL, ERROR_DISK_FULL
        _ => false,
    }
}

/// The photo folder of a station.
#[derive(Debug, Clone)]
pub struct PhotoStore {
    root: PathBuf,
}

impl PhotoStore {
    /// A store under `root` (the station's is `<data dir>/photos`). Nothing is created until the
    /// first photo is stored.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        PhotoStore { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Checks, cleans and stores one photo; see the module documentation.
    pub fn ingest(&self, bytes: &[u8], limits: &PhotoLimits) -> Result<StoredPhoto, PhotoError> {
        let started = Instant::now();
        let prepared = prepare(bytes, limits).inspect_err(|e| {
            tracing::warn!(code = e.code(), error = %e, len = bytes.len(), "photo refused");
        })?;
        let sha256 = hex::encode(Sha256::digest(&prepared.photo));
        let path = self.photo_path(&sha256);
        let thumb_path = self.thumb_path(&sha256);
        let written = write_atomic(&path, &prepared.photo)?;
        write_atomic(&thumb_path, &prepared.thumb)?;
        tracing::info!(
            sha256 = %sha256,
            source_format = ?prepared.source_format,
            width = prepared.width,
            height = prepared.height,
            source_bytes = bytes.len(),
            stored_bytes = prepared.photo.len(),
            new = written,
            ms = started.elapsed().as_millis() as u64,
            "photo stored"
        );
        Ok(StoredPhoto {
            sha256,
            path,
            thumb_path,
            width: prepared.width,
            height: prepared.height,
            bytes: prepared.photo.len() as u64,
            mime: STORED_MIME,
        })
    }

    /// Where the photo with this hash is, if it is here. Anything but 64 hex digits is refused
    /// before the file system is asked (no `../`, no absolute paths).
    pub fn path_of(&self, sha256: &str) -> Option<PathBuf> {
        let hash = normalize_hash(sha256)?;
        let path = self.photo_path(&hash);
        path.is_file().then_some(path)
    }

    /// Where the thumbnail of the photo with this hash is, if it is here (same checks as `path_of`).
    pub fn thumb_path_of(&self, sha256: &str) -> Option<PathBuf> {
        let hash = normalize_hash(sha256)?;
        let path = self.thumb_path(&hash);
        path.is_file().then_some(path)
    }

    fn photo_path(&self, hash: &str) -> PathBuf {
        let (dir, rest) = hash.split_at(2);
        self.root.join(dir).join(format!("{rest}.jpg"))
    }

    fn thumb_path(&self, hash: &str) -> PathBuf {
        self.root.join("thumbs").join(format!("{hash}.jpg"))
    }
}

/// 64 hex digits, returned in lower case; anything else is `None`.
pub fn normalize_hash(sha256: &str) -> Option<String> {
    (sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit())).then(|| sha256.to_ascii_lowercase())
}

struct Prepared {
    source_format: ImageFormat,
    photo: Vec<u8>,
    thumb: Vec<u8>,
    width: u32,
    height: u32,
}

/// Everything but the writing: checks, decode, orient, strip, encode, thumbnail.
fn prepare(bytes: &[u8], limits: &PhotoLimits) -> Result<Prepared, PhotoError> {
    let len = bytes.len() as u64;
    if len > limits.max_bytes {
        return Err(PhotoError::TooLarge {
            bytes: len,
            max: limits.max_bytes,
        });
    }
    let format = sniff(bytes)?;
    if format == ImageFormat::Jpeg {
        // A walk over the markers, no allocation: says "truncated" where the decoder would not.
        jpeg_is_complete(bytes).map_err(PhotoError::unreadable)?;
    }

    // The header alone: a 50000×50000 PNG of a few bytes is refused here, before any allocation.
    let (w, h) = ImageReader::with_format(Cursor::new(bytes), format)
        .into_dimensions()
        .map_err(|e| decode_error(e, format))?;
    check_dimensions(w, h, limits)?;

    let mut reader = ImageReader::with_format(Cursor::new(bytes), format);
    reader.limits(decode_limits(limits));
    let mut decoder = reader.into_decoder().map_err(|e| decode_error(e, format))?;
    let orientation = decoder.orientation().unwrap_or_else(|e| {
        // A damaged EXIF block is no reason to refuse the photo; it is dropped anyway.
        tracing::debug!(error = %e, "photo EXIF unreadable; orientation ignored");
        image::metadata::Orientation::NoTransforms
    });
    let icc = decoder.icc_profile().ok().flatten();
    let mut img = DynamicImage::from_decoder(decoder).map_err(|e| decode_error(e, format))?;
    img.apply_orientation(orientation);
    let img = jpeg_pixels(img);

    let photo = encode_jpeg(&img, JPEG_QUALITY, icc.clone())?;
    let thumb = if img.width().max(img.height()) > THUMB_MAX_SIDE {
        img.resize(THUMB_MAX_SIDE, THUMB_MAX_SIDE, FilterType::Triangle)
    } else {
        img.clone()
    };
    let thumb = encode_jpeg(&thumb, THUMB_QUALITY, icc)?;
    Ok(Prepared {
        source_format: format,
        photo,
        thumb,
        width: img.width(),
        height: img.height(),
    })
}

fn check_dimensions(width: u32, height: u32, limits: &PhotoLimits) -> Result<(), PhotoError> {
    if width == 0 || height == 0 {
        return Err(PhotoError::unreadable(format!(
            "the image claims to be {width}×{height} pixels"
        )));
    }
    if u64::from(width) * u64::from(height) > limits.max_pixels || width > MAX_SIDE || height > MAX_SIDE {
        return Err(PhotoError::TooManyPixels {
            width,
            height,
            max_pixels: limits.max_pixels,
        });
    }
    Ok(())
}

/// `image`'s own guard for the decode: no side over what JPEG can store, and memory for the
/// largest allowed photo at 16 bits per channel with alpha, plus a little for the decoder.
fn decode_limits(limits: &PhotoLimits) -> Limits {
    let mut l = Limits::default();
    l.max_image_width = Some(MAX_SIDE);
    l.max_image_height = Some(MAX_SIDE);
    l.max_alloc = Some(
        limits
            .max_pixels
            .saturating_mul(8)
            .saturating_add(64 * 1024 * 1024),
    );
    l
}

/// The format by content, never by name. HEIC/AVIF are told apart so the message can say what to do.
fn sniff(bytes: &[u8]) -> Result<ImageFormat, PhotoError> {
    if bytes.is_empty() {
        return Err(PhotoError::unreadable("the file is empty"));
    }
    if let Some(brand) = iso_bmff_brand(bytes) {
        let format = match brand {
            b"avif" | b"avis" => "AVIF",
            _ => "HEIC",
        };
        return Err(PhotoError::UnsupportedFormat {
            format: format.to_string(),
            hint: " (set the camera or phone to save JPEG, \"Most Compatible\" on an iPhone)",
        });
    }
    let guessed = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| PhotoError::unreadable(e.to_string()))?
        .format();
    match guessed {
        Some(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => Ok(f),
        Some(other) => Err(PhotoError::UnsupportedFormat {
            format: format!("{other:?}").to_uppercase(),
            hint: "",
        }),
        None => Err(PhotoError::unreadable(format!(
            "it is not an image: it does not start like a JPEG, PNG or WebP file (first bytes {})",
            hex::encode(&bytes[..bytes.len().min(8)])
        ))),
    }
}

/// The major brand of an ISO base media file (`....ftypheic`), the container of HEIC and AVIF.
fn iso_bmff_brand(bytes: &[u8]) -> Option<&[u8; 4]> {
    if bytes.get(4..8)? != b"ftyp" {
        return None;
    }
    let brand: &[u8; 4] = bytes.get(8..12)?.try_into().ok()?;
    const IMAGE_BRANDS: [&[u8; 4]; 9] = [
        b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"avif", b"avis",
    ];
    IMAGE_BRANDS.contains(&brand).then_some(brand)
}

/// The JPEG decoder fills a cut-off scan with grey instead of failing, so a photo truncated by an
/// interrupted copy would be stored half grey. Walk the markers: the file must reach its
/// end-of-image marker (anything after it, such as a phone's trailer, is allowed).
fn jpeg_is_complete(bytes: &[u8]) -> Result<(), String> {
    let truncated = |what: &str, at: usize| {
        format!(
            "the JPEG is truncated: it ends in {what} at byte {at} of {} without its end marker",
            bytes.len()
        )
    };
    if !bytes.starts_with(&[0xFF, 0xD8]) {
        return Err("the JPEG has no start-of-image marker".to_string());
    }
    let mut i = 2;
    let mut in_scan = false;
    let mut scans = 0usize;
    loop {
        if in_scan {
            // Entropy-coded data: FF 00 is a data byte, FF D0..D7 restart markers, FF FF fill.
            let Some(off) = bytes.get(i..).and_then(|s| s.iter().position(|&b| b == 0xFF)) else {
                return Err(truncated("the image data", bytes.len()));
            };
            let at = i + off;
            match bytes.get(at + 1) {
                None => return Err(truncated("the image data", bytes.len())),
                Some(0x00 | 0xD0..=0xD7) => i = at + 2,
                Some(0xFF) => i = at + 1,
                Some(_) => {
                    in_scan = false;
                    i = at;
                }
            }
            continue;
        }
        while bytes.get(i) == Some(&0xFF) && bytes.get(i + 1) == Some(&0xFF) {
            i += 1;
        }
        match (bytes.get(i), bytes.get(i + 1)) {
            (None, _) | (Some(0xFF), None) => return Err(truncated("its headers", bytes.len())),
            (Some(0xFF), Some(0xD9)) => {
                return if scans > 0 {
                    Ok(())
                } else {
                    Err("the JPEG ends before any image data".to_string())
                };
            }
            (Some(0xFF), Some(0x01 | 0xD0..=0xD7)) => i += 2,
            (Some(0xFF), Some(&marker)) => {
                let Some(len) = bytes
                    .get(i + 2..i + 4)
                    .map(|b| usize::from(u16::from_be_bytes([b[0], b[1]])))
                else {
                    return Err(truncated("a segment header", bytes.len()));
                };
                if len < 2 {
                    return Err(format!(
                        "the JPEG is damaged: a segment at byte {i} has length {len}"
                    ));
                }
                if i + 2 + len > bytes.len() {
                    return Err(truncated("a segment", bytes.len()));
                }
                if marker == 0xDA {
                    in_scan = true;
                    scans += 1;
                }
                i += 2 + len;
            }
            (Some(_), _) => return Err(format!("the JPEG is damaged: a marker was expected at byte {i}")),
        }
    }
}

fn format_name(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Jpeg => "JPEG",
        ImageFormat::Png => "PNG",
        ImageFormat::WebP => "WebP",
        _ => "image",
    }
}

fn decode_error(e: ImageError, format: ImageFormat) -> PhotoError {
    let format = format_name(format);
    match e {
        ImageError::Limits(l) => PhotoError::unreadable(format!(
            "decoding it would need more memory than a photo may use ({l})"
        )),
        ImageError::Unsupported(u) => PhotoError::UnsupportedFormat {
            format: format!("this kind of {format} ({u})"),
            hint: "",
        },
        ImageError::IoError(io) if io.kind() == io::ErrorKind::UnexpectedEof => PhotoError::unreadable(
            format!("the {format} file is truncated (it ends before the image does)"),
        ),
        other => PhotoError::unreadable(format!("the {format} data is damaged: {other}")),
    }
}

/// What a JPEG can hold: 8-bit grey or RGB. Transparency is laid on white, as a viewer shows it.
fn jpeg_pixels(img: DynamicImage) -> DynamicImage {
    use image::ColorType as C;
    match img.color() {
        C::L8 | C::Rgb8 => img,
        C::L16 => DynamicImage::ImageLuma8(img.to_luma8()),
        c if c.has_alpha() => {
            let rgba = img.to_rgba8();
            let (w, h) = rgba.dimensions();
            let mut out = RgbImage::new(w, h);
            for (dst, src) in out.pixels_mut().zip(rgba.pixels()) {
                let a = u16::from(src.0[3]);
                for ch in 0..3 {
                    let v = (u16::from(src.0[ch]) * a + 255 * (255 - a) + 127) / 255;
                    dst.0[ch] = v as u8;
                }
            }
            DynamicImage::ImageRgb8(out)
        }
        _ => DynamicImage::ImageRgb8(img.to_rgb8()),
    }
}

fn encode_jpeg(img: &DynamicImage, quality: u8, icc: Option<Vec<u8>>) -> Result<Vec<u8>, PhotoError> {
    let mut out = Vec::new();
    let mut encoder = JpegEncoder::new_with_quality(&mut out, quality);
    if let Some(icc) = icc {
        // Not fatal: the photo is still right without its profile.
        if let Err(e) = encoder.set_icc_profile(icc) {
            tracing::debug!(error = %e, "ICC profile not carried over");
        }
    }
    img.write_with_encoder(encoder)
        .map_err(|e| PhotoError::unreadable(format!("the photo could not be re-encoded: {e}")))?;
    Ok(out)
}

/// Writes `data` at `path` so that `path` is either absent or whole: temp file in the same folder,
/// fsync, rename, fsync of the folder. Returns false when the file was already there (content
/// addressing: same name, same bytes).
fn write_atomic(path: &Path, data: &[u8]) -> Result<bool, PhotoError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    if let Ok(meta) = fs::metadata(path) {
        if meta.is_file() && meta.len() == data.len() as u64 {
            return Ok(false);
        }
    }
    fs::create_dir_all(dir).map_err(|e| PhotoError::from_io(format!("creating {}", dir.display()), e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", uuid::Uuid::now_v7().simple()));
    let result = (|| -> io::Result<()> {
        let mut file = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        file.write_all(data)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, path)?;
        sync_dir(dir)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(PhotoError::from_io(format!("writing {}", path.display()), e));
    }
    Ok(true)
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> io::Result<()> {
    fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> io::Result<()> {
    // Windows cannot open a folder as a file; NTFS journals the rename itself.
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enospc_is_disk_full() {
        let e = PhotoError::from_io("writing x", io::Error::from_raw_os_error(28));
        assert_eq!(e.code(), "photo.disk_full");
        let e = PhotoError::from_io("writing x", io::Error::from(io::ErrorKind::PermissionDenied));
        assert_eq!(e.code(), "photo.io");
    }

    #[test]
    fn hash_shape() {
        assert!(normalize_hash(&"a".repeat(64)).is_some());
        assert_eq!(normalize_hash(&"AB".repeat(32)), Some("ab".repeat(32)));
        assert!(normalize_hash(&"g".repeat(64)).is_none());
        assert!(normalize_hash("../x").is_none());
        assert!(normalize_hash(&format!("../{}", "a".repeat(61))).is_none());
    }

    #[test]
    fn jpeg_walk() {
        // SOI, a tiny segment, SOS with one data byte and a stuffed FF, EOI.
        let ok = [
            0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x04, 0x00, 0x00, 0xFF, 0xDA, 0x00, 0x02, 0x12, 0xFF, 0x00, 0x34,
            0xFF, 0xD0, 0x56, 0xFF, 0xD9,
        ];
        assert!(jpeg_is_complete(&ok).is_ok());
        for cut in 2..ok.len() {
            assert!(jpeg_is_complete(&ok[..cut]).is_err(), "cut at {cut}");
        }
        let no_scan = [0xFF, 0xD8, 0xFF, 0xD9];
        assert!(jpeg_is_complete(&no_scan).is_err());
    }
}
