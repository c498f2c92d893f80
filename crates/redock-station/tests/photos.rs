//! Photo storage and the watched folder. Every image is made here: a JPEG from `image`'s encoder with
//! an EXIF block (camera make, GPS, orientation 6) written by hand into an APP1 segment, PNG and
//! WebP from `image`, and a PNG header that claims 50000×50000 pixels.

use image::{
    codecs::{jpeg::JpegEncoder, png::PngEncoder, webp::WebPEncoder},
    DynamicImage, ImageDecoder, ImageReader, Rgb, RgbImage, Rgba, RgbaImage,
};
use redock_station::photo_watch::{PhotoFolder, PhotoWatcher, REFUSED_DIR, TAKEN_DIR};
use redock_station::photos::{PhotoError, PhotoLimits, PhotoStore, StoredPhoto};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CAMERA: &[u8] = b"SECRETCAM-4711";

/// 64×32: left half red, right half blue, so a rotation shows where each half went.
fn two_tone(w: u32, h: u32) -> RgbImage {
    RgbImage::from_fn(w, h, |x, _| {
        if x < w / 2 {
            Rgb([220, 20, 20])
        } else {
            Rgb([20, 20, 220])
        }
    })
}

fn jpeg_of(img: &RgbImage) -> Vec<u8> {
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(img.clone())
        .write_with_encoder(JpegEncoder::new_with_quality(&mut out, 95))
        .expect("encode jpeg");
    out
}

fn png_of(img: &DynamicImage) -> Vec<u8> {
    let mut out = Vec::new();
    img.write_with_encoder(PngEncoder::new(&mut out))
        .expect("encode png");
    out
}

/// A big-endian TIFF block as EXIF carries it: IFD0 with Make, Orientation and a pointer to a GPS
/// IFD holding GPSLatitudeRef "N" and GPSLatitude 52° 13' 0".
fn exif_tiff(orientation: u16) -> Vec<u8> {
    let mut make = CAMERA.to_vec();
    make.push(0);
    let ifd0 = 8u32;
    let ifd0_len = 2 + 3 * 12 + 4;
    let make_at = ifd0 + ifd0_len;
    let gps_at = make_at + make.len() as u32;
    let gps_len = 2 + 2 * 12 + 4;
    let lat_at = gps_at + gps_len;

    let mut t = Vec::new();
    t.extend_from_slice(b"MM\0\x2a");
    t.extend_from_slice(&ifd0.to_be_bytes());
    let entry = |t: &mut Vec<u8>, tag: u16, typ: u16, count: u32, value: [u8; 4]| {
        t.extend_from_slice(&tag.to_be_bytes());
        t.extend_from_slice(&typ.to_be_bytes());
        t.extend_from_slice(&count.to_be_bytes());
        t.extend_from_slice(&value);
    };
    // IFD0, tags in ascending order.
    t.extend_from_slice(&3u16.to_be_bytes());
    entry(&mut t, 0x010F, 2, make.len() as u32, make_at.to_be_bytes()); // Make
    let o = orientation.to_be_bytes();
    entry(&mut t, 0x0112, 3, 1, [o[0], o[1], 0, 0]); // Orientation
    entry(&mut t, 0x8825, 4, 1, gps_at.to_be_bytes()); // GPSInfo IFD pointer
    t.extend_from_slice(&0u32.to_be_bytes());
    assert_eq!(t.len() as u32, make_at);
    t.extend_from_slice(&make);
    assert_eq!(t.len() as u32, gps_at);
    // GPS IFD.
    t.extend_from_slice(&2u16.to_be_bytes());
    entry(&mut t, 0x0001, 2, 2, *b"N\0\0\0"); // GPSLatitudeRef
    entry(&mut t, 0x0002, 5, 3, lat_at.to_be_bytes()); // GPSLatitude
    t.extend_from_slice(&0u32.to_be_bytes());
    assert_eq!(t.len() as u32, lat_at);
    for (num, den) in [(52u32, 1u32), (13, 1), (0, 1)] {
        t.extend_from_slice(&num.to_be_bytes());
        t.extend_from_slice(&den.to_be_bytes());
    }
    t
}

/// `jpeg` with an APP1 "Exif" segment right after its start marker.
fn with_exif(jpeg: &[u8], tiff: &[u8]) -> Vec<u8> {
    let mut payload = b"Exif\0\0".to_vec();
    payload.extend_from_slice(tiff);
    let len = u16::try_from(payload.len() + 2).expect("small exif");
    let mut out = jpeg[..2].to_vec();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(&payload);
    out.extend_from_slice(&jpeg[2..]);
    out
}

fn exif_jpeg() -> Vec<u8> {
    with_exif(&jpeg_of(&two_tone(64, 32)), &exif_tiff(6))
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut body = kind.to_vec();
    body.extend_from_slice(data);
    out.extend_from_slice(&body);
    out.extend_from_slice(&crc32(&body).to_be_bytes());
}

/// A valid-looking PNG of a few dozen bytes that claims `w`×`h` RGBA pixels.
fn png_bomb(w: u32, h: u32) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&w.to_be_bytes());
    ihdr.extend_from_slice(&h.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    png_chunk(&mut out, b"IHDR", &ihdr);
    // An empty zlib stream (stored, final, length 0).
    png_chunk(
        &mut out,
        b"IDAT",
        &[0x78, 0x01, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0, 0, 0, 1],
    );
    png_chunk(&mut out, b"IEND", &[]);
    out
}

fn store() -> (tempfile::TempDir, PhotoStore) {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = PhotoStore::new(dir.path().join("photos"));
    (dir, store)
}

fn ingest(store: &PhotoStore, bytes: &[u8]) -> Result<StoredPhoto, PhotoError> {
    store.ingest(bytes, &PhotoLimits::default())
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files_under(&p));
        } else {
            out.push(p);
        }
    }
    out.sort();
    out
}

fn near(px: [u8; 3], want: [u8; 3]) -> bool {
    px.iter()
        .zip(want)
        .all(|(&a, b)| (i16::from(a) - i16::from(b)).abs() < 40)
}

#[test]
fn the_hand_written_exif_is_really_there() {
    // Guard for the test itself: `image` reads the orientation and the EXIF block of the input.
    let bytes = exif_jpeg();
    let mut dec = ImageReader::new(Cursor::new(&bytes))
        .with_guessed_format()
        .expect("guess")
        .into_decoder()
        .expect("decoder");
    assert_eq!(
        dec.orientation().expect("orientation"),
        image::metadata::Orientation::Rotate90
    );
    let exif = dec.exif_metadata().expect("exif").expect("exif present");
    assert!(contains(&exif, CAMERA));
    assert!(contains(&bytes, b"Exif\0\0"));
}

#[test]
fn jpeg_with_gps_and_orientation_is_rotated_and_stripped() {
    let (_tmp, store) = store();
    let stored = ingest(&store, &exif_jpeg()).expect("stored");

    // Upright: the 64×32 landscape with orientation 6 is a 32×64 portrait, red on top.
    assert_eq!((stored.width, stored.height), (32, 64));
    assert_eq!(stored.mime, "image/jpeg");
    let bytes = std::fs::read(&stored.path).expect("read stored");
    assert_eq!(bytes.len() as u64, stored.bytes);
    let img = image::load_from_memory(&bytes).expect("decode stored").to_rgb8();
    assert_eq!(img.dimensions(), (32, 64));
    assert!(near(img.get_pixel(16, 8).0, [220, 20, 20]), "top is red");
    assert!(near(img.get_pixel(16, 56).0, [20, 20, 220]), "bottom is blue");

    // No EXIF at all: no APP1 "Exif", no TIFF block, no camera name, no GPS latitude.
    assert!(!contains(&bytes, b"Exif"));
    assert!(!contains(&bytes, b"MM\0\x2a") && !contains(&bytes, b"II\x2a\0"));
    assert!(!contains(&bytes, CAMERA));
    assert!(!contains(
        &bytes,
        &52u32
            .to_be_bytes()
            .iter()
            .chain(&1u32.to_be_bytes())
            .copied()
            .collect::<Vec<_>>()
    ));
    let mut dec = ImageReader::new(Cursor::new(&bytes))
        .with_guessed_format()
        .expect("guess")
        .into_decoder()
        .expect("decoder");
    assert_eq!(dec.exif_metadata().expect("exif"), None);
    assert_eq!(
        dec.orientation().expect("orientation"),
        image::metadata::Orientation::NoTransforms
    );

    // Content-addressed: the name is the hash of the stored bytes.
    let hash = {
        use sha2::Digest;
        hex::encode(sha2::Sha256::digest(&bytes))
    };
    assert_eq!(stored.sha256, hash);
    let expected = store.root().join(&hash[..2]).join(format!("{}.jpg", &hash[2..]));
    assert_eq!(stored.path, expected);

    // The thumbnail is a small JPEG, also without EXIF.
    let thumb = std::fs::read(&stored.thumb_path).expect("thumb");
    assert_eq!(
        stored.thumb_path,
        store.root().join("thumbs").join(format!("{hash}.jpg"))
    );
    assert!(!contains(&thumb, b"Exif") && !contains(&thumb, CAMERA));
    let t = image::load_from_memory(&thumb).expect("decode thumb");
    assert_eq!((t.width(), t.height()), (32, 64));
}

#[test]
fn exif_written_by_another_tool_is_applied_and_stripped() {
    // Made by tests/fixtures/photos/make_fixtures.py with Pillow: little-endian EXIF with Make,
    // Model, GPS and orientation 6.
    let fixture = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/photos/pil-exif-gps-orient6.jpg"),
    )
    .expect("fixture");
    assert!(contains(&fixture, b"Exif\0\0II") && contains(&fixture, b"FIXTURECAM"));
    let (_tmp, store) = store();
    let stored = ingest(&store, &fixture).expect("stored");
    assert_eq!((stored.width, stored.height), (32, 64));
    let bytes = std::fs::read(&stored.path).expect("read");
    for needle in [
        &b"Exif"[..],
        b"FIXTURECAM",
        b"Model-SN-0042",
        b"II\x2a\0",
        b"MM\0\x2a",
    ] {
        assert!(!contains(&bytes, needle), "{}", String::from_utf8_lossy(needle));
    }
    let img = image::load_from_memory(&bytes).expect("decode").to_rgb8();
    assert!(near(img.get_pixel(16, 8).0, [220, 20, 20]), "top is red");
    assert!(near(img.get_pixel(16, 56).0, [20, 20, 220]), "bottom is blue");
}

#[test]
fn thumbnail_is_at_most_320_on_the_long_side() {
    let (_tmp, store) = store();
    let stored = ingest(&store, &jpeg_of(&two_tone(1000, 400))).expect("stored");
    assert_eq!((stored.width, stored.height), (1000, 400));
    let t = image::open(&stored.thumb_path).expect("thumb");
    assert_eq!((t.width(), t.height()), (320, 128));
}

#[test]
fn png_with_transparency_is_stored_as_jpeg_on_white() {
    let (_tmp, store) = store();
    let img = RgbaImage::from_fn(40, 30, |x, _| {
        if x < 20 {
            Rgba([0, 0, 0, 0])
        } else {
            Rgba([10, 200, 10, 255])
        }
    });
    let stored = ingest(&store, &png_of(&DynamicImage::ImageRgba8(img))).expect("stored");
    assert_eq!((stored.width, stored.height), (40, 30));
    assert_eq!(stored.mime, "image/jpeg");
    assert!(stored.path.extension().is_some_and(|e| e == "jpg"));
    let back = image::open(&stored.path).expect("decode").to_rgb8();
    assert!(
        near(back.get_pixel(5, 15).0, [255, 255, 255]),
        "transparent is white"
    );
    assert!(near(back.get_pixel(35, 15).0, [10, 200, 10]));
    // Serialises for the UI / the event.
    let json = serde_json::to_value(&stored).expect("json");
    assert_eq!(json["sha256"], stored.sha256);
    assert_eq!(json["mime"], "image/jpeg");
}

#[test]
fn webp_is_taken() {
    let (_tmp, store) = store();
    let mut bytes = Vec::new();
    DynamicImage::ImageRgb8(two_tone(24, 12))
        .write_with_encoder(WebPEncoder::new_lossless(&mut bytes))
        .expect("encode webp");
    let stored = ingest(&store, &bytes).expect("stored");
    assert_eq!((stored.width, stored.height), (24, 12));
}

#[test]
fn the_same_photo_twice_is_one_file() {
    let (_tmp, store) = store();
    let bytes = exif_jpeg();
    let a = ingest(&store, &bytes).expect("first");
    let b = ingest(&store, &bytes).expect("second");
    assert_eq!(a, b);
    let files = files_under(store.root());
    assert_eq!(files, {
        let mut v = vec![a.path.clone(), a.thumb_path.clone()];
        v.sort();
        v
    });
    // No temp files left behind.
    assert!(files.iter().all(|p| !p.to_string_lossy().ends_with(".tmp")));
}

#[test]
fn too_large_is_refused_before_reading() {
    let (_tmp, store) = store();
    let limits = PhotoLimits {
        max_bytes: 100,
        ..PhotoLimits::default()
    };
    let err = store.ingest(&exif_jpeg(), &limits).expect_err("refused");
    assert_eq!(err.code(), "photo.too_large");
    let big = vec![0u8; 15 * 1024 * 1024 + 1];
    let err = ingest(&store, &big).expect_err("refused");
    assert_eq!(err.code(), "photo.too_large");
    assert!(err.to_string().contains("15728641"), "{err}");
    assert!(files_under(store.root()).is_empty());
}

#[test]
fn too_many_pixels_is_refused_from_the_header() {
    let (_tmp, store) = store();
    let bomb = png_bomb(50_000, 50_000);
    assert!(bomb.len() < 100);
    let started = Instant::now();
    let err = ingest(&store, &bomb).expect_err("refused");
    assert_eq!(err.code(), "photo.too_many_pixels");
    assert_eq!(err.details()["width"], "50000");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "nothing big was decoded"
    );

    // A stricter limit refuses an ordinary photo the same way.
    let limits = PhotoLimits {
        max_pixels: 1000,
        ..PhotoLimits::default()
    };
    let err = store
        .ingest(&jpeg_of(&two_tone(64, 32)), &limits)
        .expect_err("refused");
    assert_eq!(err.code(), "photo.too_many_pixels");
}

#[test]
fn truncated_jpeg_is_unreadable() {
    let (_tmp, store) = store();
    let full = jpeg_of(&two_tone(64, 32));
    for cut in [full.len() * 6 / 10, full.len() - 2, full.len() - 1] {
        let err = ingest(&store, &full[..cut]).expect_err("refused");
        assert_eq!(err.code(), "photo.unreadable", "cut at {cut}: {err}");
        assert!(err.to_string().contains("truncated"), "{err}");
    }
    // Bytes after the end marker (a phone's trailer) are fine.
    let mut trailer = full.clone();
    trailer.extend_from_slice(b"SEFT trailer");
    ingest(&store, &trailer).expect("trailer is allowed");
}

#[test]
fn truncated_png_is_unreadable() {
    let (_tmp, store) = store();
    let full = png_of(&DynamicImage::ImageRgb8(two_tone(64, 32)));
    let err = ingest(&store, &full[..full.len() / 2]).expect_err("refused");
    assert_eq!(err.code(), "photo.unreadable", "{err}");
}

#[test]
fn text_is_not_a_photo() {
    let (_tmp, store) = store();
    let err = ingest(&store, b"order 4711, customer says the screen is cracked\n").expect_err("refused");
    assert_eq!(err.code(), "photo.unreadable");
    assert!(err.to_string().contains("not an image"), "{err}");
    let err = ingest(&store, b"").expect_err("refused");
    assert_eq!(err.code(), "photo.unreadable");
}

#[test]
fn heic_and_gif_are_unsupported_with_a_clear_message() {
    let (_tmp, store) = store();
    let mut heic = vec![0, 0, 0, 0x18];
    heic.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
    heic.extend_from_slice(&[0; 64]);
    let err = ingest(&store, &heic).expect_err("refused");
    assert_eq!(err.code(), "photo.unsupported_format");
    let msg = err.to_string();
    assert!(msg.contains("HEIC") && msg.contains("JPEG"), "{msg}");

    let err = ingest(&store, b"GIF89a\x01\x00\x01\x00\x00\x00\x00;").expect_err("refused");
    assert_eq!(err.code(), "photo.unsupported_format", "{err}");
}

#[test]
fn path_of_checks_the_hash_before_the_file_system() {
    let (_tmp, store) = store();
    let stored = ingest(&store, &exif_jpeg()).expect("stored");
    assert_eq!(store.path_of(&stored.sha256), Some(stored.path.clone()));
    assert_eq!(
        store.path_of(&stored.sha256.to_uppercase()),
        Some(stored.path.clone())
    );
    assert_eq!(store.thumb_path_of(&stored.sha256), Some(stored.thumb_path));
    for bad in [
        "../x",
        "",
        "/etc/passwd",
        &format!("../{}", &stored.sha256[3..]),
        &format!("{}/", &stored.sha256[..63]),
        &stored.sha256[..63],
        &format!("{}0", stored.sha256),
    ] {
        assert_eq!(store.path_of(bad), None, "{bad}");
        assert_eq!(store.thumb_path_of(bad), None, "{bad}");
    }
    assert_eq!(store.path_of(&"0".repeat(64)), None, "well-formed but absent");
}

#[test]
fn unwritable_root_is_an_io_error() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let file = tmp.path().join("not-a-folder");
    std::fs::write(&file, b"x").expect("write");
    let store = PhotoStore::new(file.join("photos"));
    let err = ingest(&store, &exif_jpeg()).expect_err("refused");
    assert_eq!(err.code(), "photo.io", "{err}");
    assert!(PhotoError::ALL_CODES.contains(&err.code()));
}

// ---- the watched folder ----

type Calls = Arc<Mutex<Vec<(PathBuf, Vec<u8>)>>>;

/// A callback that records what it got and stores it like the inspection service would.
fn recording(store: PhotoStore) -> (Calls, impl Fn(PathBuf, Vec<u8>) -> Result<(), String>) {
    let calls: Calls = Arc::default();
    let seen = calls.clone();
    let cb = move |path: PathBuf, bytes: Vec<u8>| {
        seen.lock().expect("lock").push((path, bytes.clone()));
        store
            .ingest(&bytes, &PhotoLimits::default())
            .map(|_| ())
            .map_err(|e| format!("{}: {e}", e.code()))
    };
    (calls, cb)
}

#[test]
fn folder_takes_a_file_written_in_two_halves_once_it_is_complete() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let drop_dir = tmp.path().join("camera");
    std::fs::create_dir_all(&drop_dir).expect("mkdir");
    let (calls, cb) = recording(PhotoStore::new(tmp.path().join("photos")));
    let mut folder = PhotoFolder::new(&drop_dir, cb);

    let photo = exif_jpeg();
    let (first, second) = photo.split_at(photo.len() / 2);
    let target = drop_dir.join("IMG_0001.JPG");
    std::fs::write(&target, first).expect("first half");
    assert_eq!(folder.poll(), 0, "first sight");
    {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new()
            .append(true)
            .open(&target)
            .expect("open");
        f.write_all(second).expect("second half");
    }
    assert_eq!(folder.poll(), 0, "it grew: not yet");
    assert_eq!(folder.poll(), 1, "stable: taken");
    assert_eq!(folder.poll(), 0);
    assert_eq!(folder.poll(), 0);

    let calls = calls.lock().expect("lock").clone();
    assert_eq!(calls.len(), 1, "taken once");
    assert_eq!(calls[0].0, target);
    assert_eq!(calls[0].1, photo, "the whole file");
    // The stripped copy is stored; the original, EXIF and GPS and all, is not kept anywhere.
    assert!(!target.exists());
    assert!(!drop_dir.join(TAKEN_DIR).exists());
    assert_eq!(std::fs::read_dir(&drop_dir).expect("ls").count(), 0);

    // The camera restarts its numbering: the second IMG_0001.JPG is another photo, taken too.
    std::fs::write(&target, jpeg_of(&two_tone(20, 20))).expect("write");
    folder.poll();
    assert_eq!(folder.poll(), 1);
    assert!(!target.exists());
}

#[test]
fn folder_keeps_no_originals_and_refused_files_a_week() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let drop_dir = tmp.path().join("camera");
    let taken = drop_dir.join(TAKEN_DIR);
    let refused = drop_dir.join(REFUSED_DIR);
    std::fs::create_dir_all(&taken).expect("mkdir");
    std::fs::create_dir_all(&refused).expect("mkdir");
    // What an earlier version left: an original with its GPS, and two refusals.
    std::fs::write(taken.join("IMG_0001.JPG"), exif_jpeg()).expect("write");
    for name in ["old.jpg", "old.jpg.why.txt", "new.jpg", "new.jpg.why.txt"] {
        std::fs::write(refused.join(name), b"x").expect("write");
    }
    let now = std::time::SystemTime::now();
    let eight_days_ago = now - Duration::from_secs(8 * 24 * 3600);
    for name in ["old.jpg", "old.jpg.why.txt"] {
        std::fs::File::options()
            .write(true)
            .open(refused.join(name))
            .and_then(|f| f.set_modified(eight_days_ago))
            .expect("backdate");
    }
    let (_calls, cb) = recording(PhotoStore::new(tmp.path().join("photos")));
    let mut folder = PhotoFolder::new(&drop_dir, cb);
    assert_eq!(folder.poll(), 0, "nothing to take; the first poll sweeps");
    assert!(!taken.join("IMG_0001.JPG").exists(), "no original kept");
    assert!(!refused.join("old.jpg").exists() && !refused.join("old.jpg.why.txt").exists());
    assert!(refused.join("new.jpg").is_file() && refused.join("new.jpg.why.txt").is_file());
    // A week on, the newer refusal goes too.
    assert_eq!(folder.sweep(now + Duration::from_secs(8 * 24 * 3600)), 2);
    assert_eq!(std::fs::read_dir(&refused).expect("ls").count(), 0);

    // A file refused today, even one the camera dated last year, is kept its week from today.
    std::fs::write(drop_dir.join("broken.jpg"), b"not a photo").expect("write");
    std::fs::File::options()
        .write(true)
        .open(drop_dir.join("broken.jpg"))
        .and_then(|f| f.set_modified(now - Duration::from_secs(365 * 24 * 3600)))
        .expect("backdate");
    folder.poll();
    folder.poll();
    assert!(refused.join("broken.jpg").is_file());
    assert_eq!(folder.sweep(std::time::SystemTime::now()), 0);
    assert!(refused.join("broken.jpg").is_file());
}

#[test]
fn folder_refuses_a_broken_file_and_ignores_hidden_and_temporary_ones() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let drop_dir = tmp.path().join("camera");
    std::fs::create_dir_all(&drop_dir).expect("mkdir");
    let (calls, cb) = recording(PhotoStore::new(tmp.path().join("photos")));
    let mut folder = PhotoFolder::new(&drop_dir, cb);

    std::fs::write(drop_dir.join("broken.jpg"), b"this is not a photo").expect("write");
    std::fs::write(drop_dir.join(".hidden.jpg"), exif_jpeg()).expect("write");
    std::fs::write(drop_dir.join("IMG_0002.JPG.part"), exif_jpeg()).expect("write");
    std::fs::write(drop_dir.join("IMG_0003.JPG~"), exif_jpeg()).expect("write");
    std::fs::create_dir_all(drop_dir.join("sub")).expect("mkdir");

    let handed: usize = (0..4).map(|_| folder.poll()).sum();
    assert_eq!(handed, 1);
    assert_eq!(calls.lock().expect("lock").len(), 1);
    let refused = drop_dir.join(REFUSED_DIR).join("broken.jpg");
    assert!(refused.is_file());
    let why = std::fs::read_to_string(drop_dir.join(REFUSED_DIR).join("broken.jpg.why.txt")).expect("reason");
    assert!(why.contains("photo.unreadable"), "{why}");
    for left in [".hidden.jpg", "IMG_0002.JPG.part", "IMG_0003.JPG~"] {
        assert!(drop_dir.join(left).is_file(), "{left} untouched");
    }
}

#[test]
fn folder_that_does_not_exist_yet_is_waited_for() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let drop_dir = tmp.path().join("usb");
    let (calls, cb) = recording(PhotoStore::new(tmp.path().join("photos")));
    let mut folder = PhotoFolder::new(&drop_dir, cb);
    assert_eq!(folder.poll(), 0);
    std::fs::create_dir_all(&drop_dir).expect("mkdir");
    std::fs::write(
        drop_dir.join("a.png"),
        png_of(&DynamicImage::ImageRgb8(two_tone(8, 8))),
    )
    .expect("write");
    assert_eq!(folder.poll() + folder.poll(), 1);
    assert_eq!(calls.lock().expect("lock").len(), 1);
}

#[allow(clippy::disallowed_methods)] // a test waiting for a thread
fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let until = Instant::now() + Duration::from_secs(10);
    while !done() {
        assert!(Instant::now() < until, "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
#[allow(clippy::disallowed_methods)] // a test waiting for a thread
fn watcher_thread_takes_files_and_stops() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let drop_dir = tmp.path().join("camera");
    std::fs::create_dir_all(&drop_dir).expect("mkdir");
    let (calls, cb) = recording(PhotoStore::new(tmp.path().join("photos")));
    let watcher = PhotoWatcher::spawn(&drop_dir, Duration::from_millis(30), cb).expect("spawn");
    assert_eq!(watcher.dir(), drop_dir);

    // Written the way camera apps do: a temp name, then a rename.
    std::fs::write(drop_dir.join("IMG_0005.JPG.part"), exif_jpeg()).expect("write");
    std::fs::rename(drop_dir.join("IMG_0005.JPG.part"), drop_dir.join("IMG_0005.JPG")).expect("rename");
    std::fs::write(drop_dir.join("note.jpg"), b"not a photo").expect("write");
    wait_for("both files put away", || {
        !drop_dir.join("IMG_0005.JPG").exists() && drop_dir.join(REFUSED_DIR).join("note.jpg").is_file()
    });
    std::thread::sleep(Duration::from_millis(150));
    assert_eq!(calls.lock().expect("lock").len(), 2, "each taken once");

    watcher.stop();
    std::fs::write(drop_dir.join("late.jpg"), exif_jpeg()).expect("write");
    std::thread::sleep(Duration::from_millis(150));
    assert!(drop_dir.join("late.jpg").is_file(), "not taken after stop");
    assert_eq!(calls.lock().expect("lock").len(), 2);

    // Dropping a watcher stops it too (and does not hang).
    let (_calls, cb) = recording(PhotoStore::new(tmp.path().join("photos")));
    drop(PhotoWatcher::spawn(&drop_dir, Duration::from_secs(3600), cb).expect("spawn"));
}
