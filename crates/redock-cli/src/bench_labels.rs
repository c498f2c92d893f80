//! `redock bench labels`: our label renderer (PDF, ZPL, PNG) against glabels-3-batch making the
//! same 4×6 in label, and zint making only its three barcodes, measured in the same run.
//!
//! The glabels document is written the way glabels 3 itself saves one (src/xml-label.c): every
//! object carries its affine matrix (`a0`…`a5`; a missing one reads as all zeros, which draws
//! nothing — the blank page a quick hand-made document gives) and an RGBA colour with alpha (a
//! missing `color` reads as transparent). Its output is checked before it is timed: the first
//! page must decode to the LPN with zbarimg.
//!
//! glabels is timed two ways: one process per label (how a station prints, unit by unit) and one
//! run merging all N labels from a CSV (its best case). glabels' DataMatrix backend (libiec16022)
//! has no FNC1, so its symbol carries the same digits without the GS1 flag.

use anyhow::{bail, Context, Result};
use redock_labels::{captions, render, Format, LabelData, Template};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

fn sample(i: usize) -> LabelData {
    LabelData {
        lpn: format!("LPN{:011}", 100_000_000 + i),
        gtin: Some("5901234123457".into()),
        serial: Some(format!("HP200-{:05}", i % 100_000)),
        grade: ["A", "B", "C"][i % 3].into(),
        disposition: "restock".into(),
        destination: format!("TOTE-RESTOCK-{:02}", i % 100),
        date: "2025-06-01 14:32".into(),
        station: "ST-001".into(),
        title: Some("Słuchawki bezprzewodowe HP200, czarne".into()),
    }
}

fn per_second(n: usize, d: Duration) -> f64 {
    n as f64 / d.as_secs_f64().max(1e-9)
}

fn tool(name: &str, install: &str) -> Result<()> {
    match Command::new(name).arg("--help").output() {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            bail!("`{name}` is not installed ({install}); the labels benchmark needs it as its reference")
        }
        Err(e) => bail!("cannot run {name}: {e}"),
    }
}

fn run(cmd: &mut Command) -> Result<()> {
    let out = cmd.output().with_context(|| format!("running {cmd:?}"))?;
    if !out.status.success() {
        bail!("{cmd:?} failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    Ok(())
}

/// The first page of a PDF must show a Code 128 reading `lpn`.
fn check_pdf(pdf: &Path, lpn: &str, what: &str) -> Result<()> {
    let prefix = pdf.with_extension("page1");
    run(Command::new("pdftoppm")
        .args(["-r", "200", "-f", "1", "-l", "1", "-png", "-singlefile"])
        .arg(pdf)
        .arg(&prefix))?;
    // pdftoppm appends ".png" to the prefix.
    let png = std::path::PathBuf::from(format!("{}.png", prefix.display()));
    let out = Command::new("zbarimg")
        .args(["--raw", "-q"])
        .arg(&png)
        .output()
        .context("running zbarimg")?;
    let read = String::from_utf8_lossy(&out.stdout);
    if !read.lines().any(|l| l.trim() == lpn) {
        bail!(
            "{what}: its first page does not decode to {lpn} (zbarimg read {read:?}): blank or broken output"
        );
    }
    Ok(())
}

/// The QR code's GS1 Digital Link URI, as our label carries it.
fn digital_link(r: &LabelData) -> String {
    redock_labels::barcode::gs1_digital_link(r.gtin.as_deref().unwrap_or(""), r.serial.as_deref())
        .unwrap_or_default()
}

fn csv_field(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

fn glabels_csv(records: &[LabelData], words: &redock_labels::Captions) -> String {
    let mut csv = String::from("lpn,gs1,link,disposition,grade,destination,title,date,station\n");
    for r in records {
        let gs1 = format!(
            "01{:0>14}21{}",
            r.gtin.as_deref().unwrap_or(""),
            r.serial.as_deref().unwrap_or("")
        );
        let link = digital_link(r);
        let row = [
            r.lpn.as_str(),
            &gs1,
            &link,
            &words.disposition.to_uppercase(),
            &r.grade,
            &r.destination,
            r.title.as_deref().unwrap_or(""),
            &r.date,
            &r.station,
        ]
        .map(csv_field)
        .join(",");
        csv.push_str(&row);
        csv.push('\n');
    }
    csv
}

/// The 4×6 in label as a glabels 3 document (positions in points, as glabels saves them).
fn glabels_document(words: &redock_labels::Captions) -> String {
    const M: &str = r#"a0="1" a1="0" a2="0" a3="1" a4="0" a5="0" shadow="False""#;
    let text = |x: f32,
                y: f32,
                w: f32,
                h: f32,
                justify: &str,
                size: u32,
                weight: &str,
                color: &str,
                body: &str| {
        format!(
            r#"    <Object-text x="{x}pt" y="{y}pt" w="{w}pt" h="{h}pt" justify="{justify}" valign="Top" auto_shrink="True" {M}>
      <Span font_family="DejaVu Sans" font_size="{size}" font_weight="{weight}" font_italic="False" color="{color}" line_spacing="1">{body}</Span>
    </Object-text>
"#
        )
    };
    let esc = |s: &str| s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let black = "0x000000ff";
    let mut objects = String::new();
    objects.push_str(&format!(
        r#"    <Object-box x="8.5pt" y="8.5pt" w="271pt" h="73.7pt" line_width="0pt" line_color="0x00000000" fill_color="0x000000ff" {M}/>
"#
    ));
    objects.push_str(&text(
        8.5,
        12.0,
        271.0,
        70.0,
        "Center",
        56,
        "Bold",
        "0xffffffff",
        r#"<Field name="disposition"/>"#,
    ));
    objects.push_str(&text(
        8.5,
        88.0,
        79.0,
        12.0,
        "Center",
        9,
        "Regular",
        black,
        &esc(&words.grade),
    ));
    objects.push_str(&text(
        8.5,
        100.0,
        79.0,
        64.0,
        "Center",
        54,
        "Bold",
        black,
        r#"<Field name="grade"/>"#,
    ));
    objects.push_str(&text(
        93.5,
        88.0,
        186.0,
        12.0,
        "Left",
        9,
        "Regular",
        black,
        &esc(&words.destination),
    ));
    objects.push_str(&text(
        93.5,
        100.0,
        186.0,
        64.0,
        "Left",
        30,
        "Bold",
        black,
        r#"<Field name="destination"/>"#,
    ));
    objects.push_str(&format!(
        r#"    <Object-barcode x="30pt" y="173pt" w="228pt" h="96pt" backend="gnu-barcode" style="Code128" text="True" checksum="True" color="0x000000ff" field="lpn" {M}/>
    <Object-barcode x="8.5pt" y="281pt" w="60pt" h="60pt" backend="libiec16022" style="IEC16022" text="False" checksum="True" color="0x000000ff" field="gs1" {M}/>
    <Object-barcode x="213pt" y="284pt" w="62pt" h="62pt" backend="libqrencode" style="IEC18004" text="False" checksum="True" color="0x000000ff" field="link" {M}/>
"#
    ));
    objects.push_str(&text(
        96.0,
        281.0,
        108.0,
        74.0,
        "Left",
        14,
        "Regular",
        black,
        r#"<Field name="title"/>"#,
    ));
    let date = format!(r#"{}<NL/><Field name="date"/>"#, esc(&words.date));
    objects.push_str(&text(
        96.0, 360.0, 88.0, 34.0, "Left", 12, "Regular", black, &date,
    ));
    let station = format!(r#"{}<NL/><Field name="station"/>"#, esc(&words.station));
    objects.push_str(&text(
        190.0, 360.0, 89.0, 34.0, "Left", 12, "Regular", black, &station,
    ));
    format!(
        r#"<?xml version="1.0"?>
<Glabels-document xmlns="http://glabels.org/xmlns/3.0/">
  <Template brand="Redock" part="4x6" size="Other" width="288pt" height="432pt" description="4x6 in unit label">
    <Meta category="label"/>
    <Label-rectangle id="0" width="288pt" height="432pt" round="0pt" x_waste="0pt" y_waste="0pt">
      <Markup-margin size="0pt"/>
      <Layout nx="1" ny="1" x0="0pt" y0="0pt" dx="288pt" dy="432pt"/>
    </Label-rectangle>
  </Template>
  <Objects id="0" rotate="False">
{objects}  </Objects>
  <Merge type="Text/Comma/Line1Keys" src="data.csv"/>
</Glabels-document>
"#
    )
}

/// Labels per second for PDF, ZPL and PNG against glabels and zint, with ratios.
pub fn bench_labels(n: usize) -> Result<()> {
    let n = n.max(1);
    tool("glabels-3-batch", "apt-get install glabels")?;
    tool("zint", "apt-get install zint")?;
    tool("pdftoppm", "apt-get install poppler-utils")?;
    tool("zbarimg", "apt-get install zbar-tools")?;
    let dir = tempfile::Builder::new().prefix("redock-bench-labels").tempdir()?;
    let d = dir.path();
    let template = Template::builtin("4x6in")?;
    let words = captions("pl", "restock");
    let records: Vec<LabelData> = (0..n).map(sample).collect();

    // Ours: render and write each label, as a station does.
    let mut ours = Vec::new();
    for (name, format, ext) in [
        ("PDF", Format::Pdf, "pdf"),
        ("ZPL 203 dpi", Format::ZPL_203, "zpl"),
        ("PNG 203 dpi", Format::Png { dpi: 203 }, "png"),
    ] {
        let path = d.join(format!("ours.{ext}"));
        // Warm-up (font parsing happens once per process).
        std::fs::write(&path, render(&template, &records[0], &words, format)?)?;
        if ext == "pdf" {
            check_pdf(&path, &records[0].lpn, "our PDF")?;
        }
        let t = Instant::now();
        for r in &records {
            std::fs::write(&path, render(&template, r, &words, format)?)?;
        }
        ours.push((name, per_second(n, t.elapsed())));
    }
    // Ours, all N labels in one PDF, as glabels' merged run makes them.
    let t = Instant::now();
    let path = d.join("ours-all.pdf");
    std::fs::write(
        &path,
        redock_labels::render_pdf_batch(&template, &records, &words)?,
    )?;
    let ours_batch = per_second(n, t.elapsed());
    check_pdf(&path, &records[0].lpn, "our batch PDF")?;

    // glabels, one process per label.
    let doc = d.join("label.glabels");
    std::fs::write(&doc, glabels_document(&words))?;
    let singles = n.min(5);
    let mut glabels_single = Duration::ZERO;
    for (i, r) in records.iter().take(singles).enumerate() {
        let csv = d.join(format!("one-{i}.csv"));
        std::fs::write(&csv, glabels_csv(std::slice::from_ref(r), &words))?;
        let out = d.join(format!("glabels-{i}.pdf"));
        glabels_single += glabels(&csv, &out, &doc)?;
        if i == 0 {
            check_pdf(&out, &r.lpn, "glabels-3-batch")?;
        }
    }
    let glabels_single = per_second(singles, glabels_single);

    // glabels, all N labels merged in one run.
    let csv = d.join("all.csv");
    std::fs::write(&csv, glabels_csv(&records, &words))?;
    let out = d.join("glabels-all.pdf");
    let glabels_batch = per_second(n, glabels(&csv, &out, &doc)?);
    check_pdf(&out, &records[0].lpn, "glabels-3-batch (merged)")?;

    // zint: the label's three barcodes only, one process each.
    let zints = n.min(100);
    let t = Instant::now();
    for (i, r) in records.iter().take(zints).enumerate() {
        let gs1 = format!(
            "[01]0{}[21]{}",
            r.gtin.as_deref().unwrap_or(""),
            r.serial.as_deref().unwrap_or("")
        );
        run(Command::new("zint")
            .args(["-b", "20", "-d", &r.lpn, "-o"])
            .arg(d.join(format!("z{i}.svg"))))?;
        run(Command::new("zint")
            .args(["-b", "71", "--gs1", "-d", &gs1, "-o"])
            .arg(d.join(format!("m{i}.svg"))))?;
        run(Command::new("zint")
            .args(["-b", "58", "--secure=2", "-d", &digital_link(r), "-o"])
            .arg(d.join(format!("q{i}.svg"))))?;
    }
    let zint = per_second(zints, t.elapsed());

    println!("labels: template 4x6in, {n} labels (LPN Code 128, GS1 DataMatrix, Digital Link QR, disposition, grade, destination, title, date, station)");
    for (name, rate) in &ours {
        println!(
            "  ours {name:<12} a file per label       {rate:>10.1} labels/s  ({:.3} ms/label)",
            1000.0 / rate
        );
    }
    println!(
        "  ours PDF, {n} labels in one document        {ours_batch:>10.1} labels/s  ({:.3} ms/label)",
        1000.0 / ours_batch
    );
    println!("  glabels-3-batch, one process per label ({singles} runs): {glabels_single:>8.2} labels/s");
    println!("  glabels-3-batch, one run merging {n} labels:        {glabels_batch:>8.2} labels/s");
    println!("  zint, the three barcodes only, one process each ({zints}):  {zint:>8.1} labels/s");
    println!("ratios ours/reference        vs glabels/label   vs glabels merged   vs zint (barcodes only)");
    for (name, rate) in &ours {
        println!(
            "  {name:<26} {:>12.0}×   {:>14.1}×   {:>18.1}×",
            rate / glabels_single,
            rate / glabels_batch,
            rate / zint
        );
    }
    println!(
        "  {:<26} {:>12}    {:>14.1}×",
        "PDF, one document",
        "",
        ours_batch / glabels_batch
    );
    // Like for like: a label at a time against glabels run for one label; N labels in one PDF
    // against glabels merging N. The stricter cross (our label-at-a-time files against glabels'
    // merged run) is the "vs glabels merged" column above.
    let pdf = ours.first().map(|(_, r)| *r).unwrap_or(0.0);
    let single = pdf / glabels_single;
    let batch = ours_batch / glabels_batch;
    let worst = single.min(batch);
    println!(
        "goal ≥10× glabels making the same PDF (a label at a time: {single:.0}×; {n} in one document: {batch:.1}×): {}",
        if worst >= 10.0 { "met" } else { "NOT met" }
    );
    Ok(())
}

/// One `glabels-3-batch` run merging `csv` into `doc`, timed.
fn glabels(csv: &Path, out: &Path, doc: &Path) -> Result<Duration> {
    let t = Instant::now();
    run(Command::new("glabels-3-batch")
        .arg("-o")
        .arg(out)
        .arg("-i")
        .arg(csv)
        .arg(doc))?;
    Ok(t.elapsed())
}
