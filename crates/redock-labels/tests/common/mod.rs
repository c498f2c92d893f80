//! Independent readers for the label tests: poppler's `pdftoppm` to rasterise PDFs, `zbarimg`
//! (zbar) and zxing-cpp (Python) to decode, `dmtxread` (libdmtx), and Zebrash (zpl-renderer-js,
//! under tests/zpl) to turn ZPL into an image. A missing tool fails the test with what to install.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Runs a tool; a missing tool is a failure that says how to install it.
pub fn run(tool: &str, args: &[&std::ffi::OsStr], install: &str) -> Output {
    match Command::new(tool).args(args).output() {
        Ok(out) => out,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            panic!("the label tests need `{tool}`, which is not installed: {install}")
        }
        Err(e) => panic!("could not run `{tool}`: {e}"),
    }
}

fn os(s: &str) -> &std::ffi::OsStr {
    std::ffi::OsStr::new(s)
}

/// PDF → one PNG per page at `dpi`.
pub fn pdf_to_pngs(pdf: &[u8], dir: &Path, name: &str, dpi: u32) -> Vec<PathBuf> {
    let input = dir.join(format!("{name}.pdf"));
    std::fs::write(&input, pdf).expect("write pdf");
    let prefix = dir.join(name);
    let dpi = dpi.to_string();
    let out = run(
        "pdftoppm",
        &[
            os("-r"),
            os(&dpi),
            os("-png"),
            input.as_os_str(),
            prefix.as_os_str(),
        ],
        "apt-get install poppler-utils",
    );
    assert!(
        out.status.success(),
        "pdftoppm failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut pages: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("read dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|f| f.to_str())
                .is_some_and(|f| f.starts_with(&format!("{name}-")) && f.ends_with(".png"))
        })
        .collect();
    pages.sort();
    assert!(!pages.is_empty(), "pdftoppm wrote no page for {name}");
    pages
}

/// The text of a PDF (poppler's pdftotext).
pub fn pdf_text(pdf: &Path) -> String {
    let out = run(
        "pdftotext",
        &[pdf.as_os_str(), os("-")],
        "apt-get install poppler-utils",
    );
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// What zbar reads (one line per symbol; Code 128 and others).
pub fn zbar(png: &Path) -> Vec<String> {
    let out = run(
        "zbarimg",
        &[os("--raw"), os("-q"), png.as_os_str()],
        "apt-get install zbar-tools",
    );
    // Exit status 4 means "no symbol found": an empty list, which the caller asserts on.
    assert!(
        out.status.success() || out.status.code() == Some(4),
        "zbarimg failed on {}: {}",
        png.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .filter(|l| !l.is_empty())
        .collect()
}

/// A symbol zxing-cpp found: format (e.g. "DataMatrix"), text (GS1 in HRI form "(01)…"), and
/// the AIM symbology identifier (`]d2` is GS1 DataMatrix, `]C0` plain Code 128).
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub format: String,
    pub text: String,
    pub symbology: String,
}

pub fn zxing(png: &Path) -> Vec<Found> {
    let script = r#"
import sys
try:
    import zxingcpp
    from PIL import Image
except ImportError as e:
    print("MISSING", e)
    sys.exit(3)
for r in zxingcpp.read_barcodes(Image.open(sys.argv[1])):
    print(str(r.format).split(".")[-1].replace(" ", ""), r.symbology_identifier, r.text, sep="\t")
"#;
    let out = run(
        "python3",
        &[os("-c"), os(script), png.as_os_str()],
        "apt-get install python3, then pip install --break-system-packages zxing-cpp pillow",
    );
    if out.status.code() == Some(3) {
        panic!(
            "the label tests need the Python modules zxing-cpp and pillow ({}): \
             pip install --break-system-packages zxing-cpp pillow",
            String::from_utf8_lossy(&out.stdout).trim()
        );
    }
    assert!(
        out.status.success(),
        "zxing-cpp failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let mut p = l.splitn(3, '\t');
            Some(Found {
                format: p.next()?.to_string(),
                symbology: p.next()?.to_string(),
                text: p.next()?.to_string(),
            })
        })
        .collect()
}

/// What libdmtx's `dmtxread` reads (it prints the data without FNC1).
pub fn dmtxread(png: &Path) -> String {
    let out = run(
        "dmtxread",
        &[os("-n"), os("-m"), os("5000"), png.as_os_str()],
        "apt-get install dmtx-utils",
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// ZPL → PNG through Zebrash (zpl-renderer-js, installed under tests/zpl).
pub fn zpl_to_png(zpl: &str, dir: &Path, name: &str, w_mm: f32, h_mm: f32, dpmm: u32) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/zpl");
    let script = root.join("render.cjs");
    if !root.join("node_modules/zpl-renderer-js").exists() {
        panic!(
            "the label tests need the offline ZPL renderer: run `npm ci --prefix {}` (Node.js 18+)",
            root.display()
        );
    }
    let input = dir.join(format!("{name}.zpl"));
    std::fs::write(&input, zpl).expect("write zpl");
    let output = dir.join(format!("{name}.png"));
    let (w, h, d) = (w_mm.to_string(), h_mm.to_string(), dpmm.to_string());
    let out = run(
        "node",
        &[
            script.as_os_str(),
            input.as_os_str(),
            output.as_os_str(),
            os(&w),
            os(&h),
            os(&d),
        ],
        "apt-get install nodejs npm",
    );
    assert!(
        out.status.success(),
        "ZPL renderer failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    output
}

/// Dark pixels (< 128) outside the rectangle `[x0, x1) × [y0, y1)` (pixels), with one example.
pub fn ink_outside(png: &Path, x0: u32, y0: u32, x1: u32, y1: u32) -> (usize, Option<(u32, u32)>) {
    let img = image::open(png).expect("open png").to_luma8();
    let mut count = 0;
    let mut first = None;
    for (x, y, p) in img.enumerate_pixels() {
        let inside = x >= x0 && x < x1 && y >= y0 && y < y1;
        if !inside && p.0[0] < 128 {
            count += 1;
            first.get_or_insert((x, y));
        }
    }
    (count, first)
}

pub fn image_size(png: &Path) -> (u32, u32) {
    let img = image::open(png).expect("open png");
    (img.width(), img.height())
}
