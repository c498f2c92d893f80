//! The rendered labels, read back by independent readers: what was meant must be what a scanner
//! reads, in every format, and nothing may be printed outside the printable area.

mod common;

use common::*;
use redock_labels::layout::Item;
use redock_labels::{
    captions, layout, render, render_layout_png, station_sheet, station_sheet_layout, Format, LabelData,
    SheetEntry, Template,
};

const LPN: &str = "LPN00100000016";
const GS1_HRI: &str = "(01)05901234123457(21)HP200-00017";

fn data() -> LabelData {
    LabelData {
        lpn: LPN.into(),
        gtin: Some("5901234123457".into()),
        serial: Some("HP200-00017".into()),
        grade: "A".into(),
        disposition: "restock".into(),
        destination: "TOTE-RESTOCK-07".into(),
        date: "2025-06-01 14:32".into(),
        station: "ST-001".into(),
        title: Some("Słuchawki bezprzewodowe HP200 — zażółć gęślą jaźń".into()),
    }
}

/// A very long Cyrillic title and destination (and Romanian/Norwegian letters).
fn long_data() -> LabelData {
    LabelData {
        title: Some(
            "Беспроводные полноразмерные наушники с активным шумоподавлением, двумя микрофонами, \
             складной конструкцией, кабелем USB-C длиной полтора метра и жёстким футляром для \
             переноски — цвет: тёмно-серый металлик; ștergător țesătură ăâî; blåbærsyltetøy æøå"
                .into(),
        ),
        destination: "Паллета ВОЗВРАТ-ПОСТАВЩИКУ-МОСКВА-СЕВЕРНЫЙ-ТЕРМИНАЛ-ЯЧЕЙКА-000123456789".into(),
        station: "Станция приёмки возвратов номер семь, северное крыло".into(),
        date: "Понедельник, 1 июня 2025 года, 14:32:07 по московскому времени".into(),
        grade: "Категория Б (царапины на корпусе)".into(),
        ..data()
    }
}

/// The unit's GS1 Digital Link URI, as the QR code carries it.
const DIGITAL_LINK: &str = "https://id.gs1.org/01/05901234123457/21/HP200-00017";

/// What zbarimg should read on a label of this template: the LPN, and the QR code's URI.
fn expected_zbar(t: &Template) -> Vec<String> {
    let mut v = vec![LPN.to_string()];
    if t.elements.qr.is_some() {
        v.push(DIGITAL_LINK.to_string());
    }
    sorted(v)
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn tmp() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

fn check_zxing(found: &[Found], with_matrix: bool, what: &str) {
    assert!(
        found.iter().any(|f| f.format == "Code128" && f.text == LPN),
        "{what}: zxing-cpp did not read the LPN Code 128: {found:?}"
    );
    let dm = found.iter().find(|f| f.format == "DataMatrix");
    if with_matrix {
        let dm = dm.unwrap_or_else(|| panic!("{what}: zxing-cpp found no DataMatrix: {found:?}"));
        assert_eq!(dm.text, GS1_HRI, "{what}: DataMatrix content");
        assert_eq!(dm.symbology, "]d2", "{what}: not flagged GS1 (FNC1 first)");
    } else {
        assert!(dm.is_none(), "{what}: unexpected DataMatrix {dm:?}");
    }
}

fn check_qr(found: &[Found], t: &Template, what: &str) {
    let qr: Vec<_> = found.iter().filter(|f| f.format == "QRCode").collect();
    if t.elements.qr.is_some() {
        assert_eq!(qr.len(), 1, "{what}: QR codes {found:?}");
        assert_eq!(qr[0].text, DIGITAL_LINK, "{what}: QR content");
        assert_eq!(qr[0].symbology, "]Q1", "{what}: a plain model 2 QR code");
    } else {
        assert!(qr.is_empty(), "{what}: unexpected QR code {qr:?}");
    }
}

#[test]
fn pdf_labels_read_back_with_zbar_zxing_and_dmtxread() {
    let dir = tmp();
    for name in redock_labels::builtin_names() {
        let t = Template::builtin(name).expect("template");
        let caps = captions("pl", "restock");
        let pdf = render(&t, &data(), &caps, Format::Pdf).expect("render pdf");
        assert!(pdf.starts_with(b"%PDF"), "{name}: not a PDF");
        assert!(
            pdf.len() < 400_000,
            "{name}: PDF of {} bytes (font not subset?)",
            pdf.len()
        );
        let pages = pdf_to_pngs(&pdf, dir.path(), name, 300);
        assert_eq!(pages.len(), 1);
        // The embedded (subset) font keeps its ToUnicode map: the words can be searched.
        let text = pdf_text(&dir.path().join(format!("{name}.pdf")));
        assert!(
            text.contains("NA STAN") && text.contains(LPN),
            "{name}: pdftotext gave {text:?}"
        );
        let png = &pages[0];
        assert_eq!(sorted(zbar(png)), expected_zbar(&t), "{name}: zbarimg");
        let has_dm = t.elements.datamatrix.is_some();
        let found = zxing(png);
        check_zxing(&found, has_dm, &format!("{name} PDF"));
        check_qr(&found, &t, &format!("{name} PDF"));
        if has_dm {
            // libdmtx prints the data without the leading FNC1.
            assert_eq!(dmtxread(png), "010590123412345721HP200-00017", "{name}: dmtxread");
        }
        // The page is the label's size.
        let (w, h) = image_size(png);
        assert!(
            (w as f32 - t.width_mm / 25.4 * 300.0).abs() <= 2.0,
            "{name}: width {w}px"
        );
        assert!(
            (h as f32 - t.height_mm / 25.4 * 300.0).abs() <= 2.0,
            "{name}: height {h}px"
        );
    }
}

/// Many labels in one PDF: a page each, every page reads back as its own unit.
#[test]
fn a_batch_pdf_has_a_page_per_label() {
    let dir = tmp();
    let t = Template::builtin("100x150mm").expect("template");
    let labels: Vec<LabelData> = (0..3)
        .map(|i| LabelData {
            lpn: format!("LPN0010000002{i}"),
            serial: Some(format!("SN-{i}")),
            grade: ["A", "B", "C"][i].into(),
            ..data()
        })
        .collect();
    let pdf = redock_labels::render_pdf_batch(&t, &labels, &captions("ru", "refurbish")).expect("batch");
    let pages = pdf_to_pngs(&pdf, dir.path(), "batch", 200);
    assert_eq!(pages.len(), 3);
    for (i, page) in pages.iter().enumerate() {
        let read = zbar(page);
        assert!(read.contains(&format!("LPN0010000002{i}")), "page {i}: {read:?}");
        assert!(
            read.contains(&format!("https://id.gs1.org/01/05901234123457/21/SN-{i}")),
            "page {i}: {read:?}"
        );
    }
    assert!(redock_labels::render_pdf_batch(&t, &[], &captions("en", "restock")).is_err());
}

#[test]
fn png_labels_read_back() {
    let dir = tmp();
    for name in redock_labels::builtin_names() {
        let t = Template::builtin(name).expect("template");
        let caps = captions("ru", "rtv");
        for dpi in [203, 300] {
            let png = render(&t, &data(), &caps, Format::Png { dpi }).expect("render png");
            let path = dir.path().join(format!("{name}-{dpi}.png"));
            std::fs::write(&path, png).expect("write");
            assert_eq!(
                sorted(zbar(&path)),
                expected_zbar(&t),
                "{name} {dpi} dpi: zbarimg"
            );
            let found = zxing(&path);
            let what = format!("{name} PNG {dpi} dpi");
            check_zxing(&found, t.elements.datamatrix.is_some(), &what);
            check_qr(&found, &t, &what);
        }
    }
}

/// Zebrash (the ZPL renderer used here) mishandles the `>5` invocation code (switch to code
/// set C): it appends the current set's value instead of switching (internal/barcodes/code128/
/// encoder.go, `case '5'`). So before rendering, each `^BC` field is checked to decode — by the
/// ZPL manual's invocation table — to exactly the LPN, and is then handed to Zebrash in its
/// automatic mode with that text.
fn zpl_for_zebrash(zpl: &str) -> String {
    let mut out = Vec::new();
    for line in zpl.lines() {
        if let Some((head, rest)) = line.split_once("^BCN,") {
            let (params, fd) = rest.split_once("^FD").expect("^BC field has ^FD");
            let data = fd.strip_suffix("^FS").expect("^FS");
            let text = decode_zpl_code128(data);
            assert_eq!(text, LPN, "the ^BC field data {data:?} does not say the LPN");
            let height = params.split(',').next().expect("height");
            out.push(format!("{head}^BCN,{height},N,N,N,A^FD{text}^FS"));
        } else {
            out.push(line.to_string());
        }
    }
    out.join("\n")
}

/// ZPL `^BC` field data with invocation codes → the text a scanner reads (ZPL II manual, Code 128
/// invocation characters; subsets A and C are programmed as digit pairs).
fn decode_zpl_code128(data: &str) -> String {
    let b = data.as_bytes();
    let mut set = 'B';
    let mut text = String::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'>' && i + 1 < b.len() {
            match b[i + 1] {
                b'9' => set = 'A',
                b':' | b'6' => set = 'B',
                b';' | b'5' => set = 'C',
                b'7' => set = 'A',
                b'0' => text.push('>'),
                b'<' => text.push('^'),
                b'=' => text.push('~'),
                other => panic!("unexpected invocation >{}", other as char),
            }
            i += 2;
            continue;
        }
        match set {
            'B' => {
                text.push(b[i] as char);
                i += 1;
            }
            _ => {
                let pair = std::str::from_utf8(&b[i..i + 2]).expect("pair");
                let v: u8 = pair.parse().expect("digit pair");
                if set == 'C' {
                    text.push_str(pair);
                } else {
                    text.push((v + 32) as char);
                }
                i += 2;
            }
        }
    }
    text
}

#[test]
fn zpl_labels_read_back() {
    let dir = tmp();
    for name in redock_labels::builtin_names() {
        let t = Template::builtin(name).expect("template");
        let caps = captions("nb", "restock");
        for (dpi, dpmm) in [(203, 8), (300, 12), (600, 24)] {
            let zpl = render(&t, &data(), &caps, Format::Zpl { dpi }).expect("render zpl");
            let zpl = String::from_utf8(zpl).expect("ZPL is UTF-8");
            assert!(zpl.starts_with("^XA\n^CI28\n"), "{name}: {zpl}");
            assert!(zpl.contains("^BCN,"), "{name}: no Code 128");
            // Å is not in every printer's font 0: the disposition is printed as a graphic,
            // reversed over its black band; plain ASCII stays printer text.
            assert!(
                zpl.contains("^FR^GFA,"),
                "{name}: disposition as a graphic: {zpl}"
            );
            if t.elements.destination.is_some() {
                assert!(
                    zpl.contains("^FDTOTE-RESTOCK-07^FS"),
                    "{name}: destination as text: {zpl}"
                );
            }
            if t.elements.datamatrix.is_some() {
                assert!(
                    zpl.contains("^BXN,") && zpl.contains(",200,,,,_^FD_1010590123412345721HP200-00017^FS"),
                    "{name}: GS1 DataMatrix field: {zpl}"
                );
            }
            let png = zpl_to_png(
                &zpl_for_zebrash(&zpl),
                dir.path(),
                &format!("{name}-{dpi}"),
                t.width_mm,
                t.height_mm,
                dpmm,
            );
            assert_eq!(
                sorted(zbar(&png)),
                expected_zbar(&t),
                "{name} ZPL {dpi} dpi: zbarimg"
            );
            let found = zxing(&png);
            let what = format!("{name} ZPL {dpi} dpi");
            check_zxing(&found, t.elements.datamatrix.is_some(), &what);
            check_qr(&found, &t, &what);
        }
    }
}

/// Text pixels of a block (dark on white, or light on a black band) and their centre.
fn text_ink(img: &image::GrayImage, b: &redock_labels::layout::TextBlock, dpmm: f32) -> (usize, f32, f32) {
    let (x0, y0) = ((b.area.x * dpmm).ceil() as u32, (b.area.y * dpmm).ceil() as u32);
    let (x1, y1) = (
        ((b.area.x + b.area.w) * dpmm).floor() as u32,
        ((b.area.y + b.area.h) * dpmm).floor() as u32,
    );
    let (mut n, mut sx, mut sy) = (0usize, 0f32, 0f32);
    for y in y0..y1.min(img.height()) {
        for x in x0..x1.min(img.width()) {
            let dark = img.get_pixel(x, y).0[0] < 128;
            if dark != b.inverse {
                n += 1;
                sx += x as f32;
                sy += y as f32;
            }
        }
    }
    (n, sx / n.max(1) as f32, sy / n.max(1) as f32)
}

/// Cyrillic, Polish and Romanian words on a thermal label: the printer's resident font has no
/// such letters, so those blocks travel as graphics. Rendered by Zebrash, each block must show
/// the same amount of text in the same place as the PNG preview of the same layout.
#[test]
fn zpl_prints_letters_the_printer_font_lacks() {
    let dir = tmp();
    for name in redock_labels::builtin_names() {
        let t = Template::builtin(name).expect("template");
        for lang in ["ru", "pl", "ro"] {
            let caps = captions(lang, "rtv");
            let zpl = String::from_utf8(render(&t, &long_data(), &caps, Format::ZPL_203).expect("zpl"))
                .expect("utf8");
            for field in zpl.split("^FS") {
                if let Some((_, fd)) = field.split_once("^FD") {
                    assert!(fd.is_ascii(), "{name}/{lang}: a printer-font field holds {fd:?}");
                }
            }
            let printed = zpl_to_png(
                &zpl_for_zebrash(&zpl),
                dir.path(),
                &format!("letters-{name}-{lang}"),
                t.width_mm,
                t.height_mm,
                8,
            );
            let printed = image::open(&printed).expect("png").to_luma8();
            let l = layout(&t, &long_data(), &caps, 8.0).expect("layout");
            let preview = render_layout_png(&l, 203).expect("preview");
            let preview = image::load_from_memory(&preview).expect("png").to_luma8();
            let mut graphics = 0;
            for item in &l.items {
                let Item::Text(b) = item else { continue };
                if b.lines.iter().all(|l| l.text.is_ascii()) {
                    continue;
                }
                graphics += 1;
                let (n, x, y) = text_ink(&printed, b, 8.0);
                let (m, px, py) = text_ink(&preview, b, 8.0);
                let what = format!("{name}/{lang} {}: {:?}", b.element, b.lines[0].text);
                assert!(m > 20, "{what}: the preview has no text ({m} px)");
                let ratio = n as f32 / m as f32;
                assert!(
                    (0.75..1.33).contains(&ratio),
                    "{what}: printed {n} px of text, preview {m}"
                );
                assert!(
                    (x - px).abs() < 3.0 && (y - py).abs() < 3.0,
                    "{what}: printed text centred at ({x:.0}, {y:.0}), preview at ({px:.0}, {py:.0})"
                );
            }
            assert!(graphics >= 1, "{name}/{lang}: no block needed a graphic");
            assert_eq!(
                sorted(zbar(&dir.path().join(format!("letters-{name}-{lang}.png")))),
                expected_zbar(&t)
            );
        }
    }
}

/// Pixels of the printable area at `dpmm` (rounded outwards by one pixel for anti-aliasing).
fn printable_px(t: &Template, dpmm: f32) -> (u32, u32, u32, u32) {
    let p = t.printable();
    (
        ((p.x * dpmm).floor() as u32).saturating_sub(1),
        ((p.y * dpmm).floor() as u32).saturating_sub(1),
        ((p.x + p.w) * dpmm).ceil() as u32 + 1,
        ((p.y + p.h) * dpmm).ceil() as u32 + 1,
    )
}

#[test]
fn long_cyrillic_text_stays_inside_its_boxes() {
    let dir = tmp();
    for name in redock_labels::builtin_names() {
        let t = Template::builtin(name).expect("template");
        for lang in ["ru", "ro", "nb", "pl", "en"] {
            let caps = captions(lang, "rtv");
            let l = layout(&t, &long_data(), &caps, 8.0).expect("layout");
            let printable = t.printable();
            let boxes = t.boxes();
            for (element, r) in l.text_boxes() {
                assert!(
                    printable.contains(&r),
                    "{name}/{lang}: {element} line {r:?} leaves the printable area"
                );
                let own = boxes
                    .iter()
                    .find(|(n, _)| *n == element)
                    .map(|(_, b)| *b)
                    .unwrap_or_else(|| panic!("no box for {element}"));
                assert!(
                    own.contains(&r),
                    "{name}/{lang}: {element} line {r:?} leaves its box {own:?}"
                );
            }
            for r in l.ink_boxes() {
                assert!(
                    printable.contains(&r),
                    "{name}/{lang}: {r:?} leaves the printable area"
                );
            }
            // Everything was placed, shrunk and wrapped rather than dropped: the title is there.
            if t.elements.title.is_some() {
                assert!(
                    l.items
                        .iter()
                        .any(|i| matches!(i, Item::Text(b) if b.element == "title" && b.lines.len() > 1)),
                    "{name}/{lang}: the long title should wrap"
                );
            }
        }
        // And in the pictures: no ink outside the printable area (PDF, PNG, ZPL).
        let caps = captions("ru", "rtv");
        let pdf = render(&t, &long_data(), &caps, Format::Pdf).expect("pdf");
        let page = &pdf_to_pngs(&pdf, dir.path(), &format!("long-{name}"), 300)[0];
        let (x0, y0, x1, y1) = printable_px(&t, 300.0 / 25.4);
        let (n, first) = ink_outside(page, x0, y0, x1, y1);
        assert_eq!(
            n, 0,
            "{name} PDF: {n} dark pixels outside the printable area, e.g. {first:?}"
        );

        let png = render(&t, &long_data(), &caps, Format::Png { dpi: 203 }).expect("png");
        let path = dir.path().join(format!("long-{name}.png"));
        std::fs::write(&path, png).expect("write");
        let (x0, y0, x1, y1) = printable_px(&t, 203.0 / 25.4);
        let (n, first) = ink_outside(&path, x0, y0, x1, y1);
        assert_eq!(
            n, 0,
            "{name} PNG: {n} dark pixels outside the printable area, e.g. {first:?}"
        );
        assert_eq!(
            sorted(zbar(&path)),
            expected_zbar(&t),
            "{name}: the LPN still reads"
        );

        let zpl =
            String::from_utf8(render(&t, &long_data(), &caps, Format::ZPL_203).expect("zpl")).expect("utf8");
        let png = zpl_to_png(
            &zpl_for_zebrash(&zpl),
            dir.path(),
            &format!("long-{name}-zpl"),
            t.width_mm,
            t.height_mm,
            8,
        );
        let (x0, y0, x1, y1) = printable_px(&t, 8.0);
        let (n, first) = ink_outside(&png, x0, y0, x1, y1);
        assert_eq!(
            n, 0,
            "{name} ZPL: {n} dark pixels outside the printable area, e.g. {first:?}"
        );
    }
}

fn sheet_entries() -> Vec<SheetEntry> {
    let mut v: Vec<SheetEntry> = [
        ("CMD:PASS", "Zatwierdź"),
        ("CMD:NEXT", "Dalej"),
        ("CMD:HOLD", "Wstrzymaj"),
        ("CMD:REPRINT", "Drukuj ponownie"),
        ("CMD:CLOSE", "Zamknij paczkę"),
        ("CMD:DEFECT:SCRATCH", "Wada: zarysowanie"),
        (
            "CMD:DEFECT:MISSING-PARTS",
            "Wada: brak części — очень длинная подпись, которая должна переноситься",
        ),
    ]
    .iter()
    .map(|(c, t)| SheetEntry {
        code: c.to_string(),
        caption: t.to_string(),
    })
    .collect();
    for g in ["A", "B", "C", "D"] {
        v.push(SheetEntry {
            code: format!("CMD:GRADE:{g}"),
            caption: format!("Klasa {g}"),
        });
    }
    // Enough to need a second page.
    for i in 0..8 {
        v.push(SheetEntry {
            code: format!("CMD:BIN:{i:02}"),
            caption: format!("Pojemnik {i}"),
        });
    }
    v
}

#[test]
fn station_sheet_reads_back_and_keeps_modules_wide() {
    let dir = tmp();
    let entries = sheet_entries();
    let pdf = station_sheet("Arkusz stanowiska ST-001", &entries).expect("sheet");
    let pages = pdf_to_pngs(&pdf, dir.path(), "sheet", 300);
    assert!(
        pages.len() >= 2,
        "{} entries should need two pages",
        entries.len()
    );
    let mut read: Vec<String> = pages.iter().flat_map(|p| zbar(p)).collect();
    read.sort();
    let mut meant: Vec<String> = entries.iter().map(|e| e.code.clone()).collect();
    meant.sort();
    assert_eq!(read, meant, "zbarimg on the station sheet");
    let zx: Vec<String> = pages.iter().flat_map(|p| zxing(p)).map(|f| f.text).collect();
    for e in &entries {
        assert!(zx.contains(&e.code), "zxing-cpp did not read {}", e.code);
    }
    for l in station_sheet_layout("Arkusz", &entries).expect("layout") {
        for item in &l.items {
            if let Item::Code128(c) = item {
                assert!(c.module >= 0.33, "{}: module {} mm", c.data, c.module);
                // Code set B carries the colon: start B (104).
                assert_eq!(c.code.codewords[0], 104, "{}", c.data);
            }
        }
        for r in l.ink_boxes() {
            assert!(l.printable.contains(&r), "{r:?} leaves the page's printable area");
        }
        let png = render_layout_png(&l, 150).expect("png");
        assert!(png.starts_with(b"\x89PNG"));
    }
}

#[test]
fn bad_data_is_refused() {
    let t = Template::builtin("4x6in").expect("template");
    let caps = captions("en", "restock");
    let bad_gtin = LabelData {
        gtin: Some("5901234123458".into()),
        ..data()
    };
    let err = render(&t, &bad_gtin, &caps, Format::Pdf).expect_err("bad check digit");
    assert!(err.to_string().contains("check digit"), "{err}");
    let bad_lpn = LabelData {
        lpn: "LPN-ŁÓDŹ".into(),
        ..data()
    };
    assert!(render(&t, &bad_lpn, &caps, Format::Pdf).is_err());
    let no_gtin = LabelData {
        gtin: None,
        serial: None,
        ..data()
    };
    let l = layout(&t, &no_gtin, &caps, 8.0).expect("no GTIN is fine");
    assert!(
        !l.items.iter().any(|i| matches!(i, Item::DataMatrix(_))),
        "no DataMatrix without a GTIN"
    );
    assert!(matches!(
        render(&t, &data(), &caps, Format::Zpl { dpi: 250 }),
        Err(redock_labels::LabelError::BadDpi(250))
    ));
}
