//! Writes a sample label in every format and template, and a station sheet, into a folder:
//! `cargo run -p redock-labels --example preview -- /tmp/labels [lang]`.

use redock_labels::{captions, render, station_sheet, Format, LabelData, SheetEntry, Template};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "label-preview".into()));
    let lang = args.next().unwrap_or_else(|| "pl".into());
    std::fs::create_dir_all(&dir)?;
    let data = LabelData {
        lpn: "LPN00100000016".into(),
        gtin: Some("5901234123457".into()),
        serial: Some("HP200-00017".into()),
        grade: "A".into(),
        disposition: "restock".into(),
        destination: "TOTE-RESTOCK-07".into(),
        date: "2025-06-01 14:32".into(),
        station: "ST-001".into(),
        title: Some("Słuchawki bezprzewodowe HP200, czarne — zażółć gęślą jaźń".into()),
    };
    let caps = captions(&lang, &data.disposition);
    for name in redock_labels::builtin_names() {
        let t = Template::builtin(name)?;
        std::fs::write(
            dir.join(format!("{name}.pdf")),
            render(&t, &data, &caps, Format::Pdf)?,
        )?;
        std::fs::write(
            dir.join(format!("{name}.zpl")),
            render(&t, &data, &caps, Format::ZPL_203)?,
        )?;
        std::fs::write(
            dir.join(format!("{name}.png")),
            render(&t, &data, &caps, Format::Png { dpi: 203 })?,
        )?;
    }
    // Long Cyrillic text: shrunk, wrapped, cut only as a last resort; never outside the label.
    let long = LabelData {
        title: Some("Беспроводные полноразмерные наушники с активным шумоподавлением, двумя микрофонами, складной конструкцией и жёстким футляром — цвет: тёмно-серый металлик".into()),
        destination: "Паллета ВОЗВРАТ-ПОСТАВЩИКУ-МОСКВА-СЕВЕРНЫЙ-ТЕРМИНАЛ-000123".into(),
        station: "Станция приёмки возвратов номер семь".into(),
        ..data.clone()
    };
    let ru = captions("ru", "rtv");
    for name in redock_labels::builtin_names() {
        let t = Template::builtin(name)?;
        std::fs::write(
            dir.join(format!("long-{name}.png")),
            render(&t, &long, &ru, Format::Png { dpi: 203 })?,
        )?;
    }
    let entries: Vec<SheetEntry> = [
        "PASS",
        "NEXT",
        "HOLD",
        "REPRINT",
        "GRADE:A",
        "GRADE:B",
        "DEFECT:SCRATCH",
    ]
    .iter()
    .map(|c| SheetEntry {
        code: format!("CMD:{c}"),
        caption: c.to_lowercase(),
    })
    .collect();
    std::fs::write(
        dir.join("station-sheet.pdf"),
        station_sheet("Station sheet", &entries)?,
    )?;
    println!("written to {}", dir.display());
    Ok(())
}
