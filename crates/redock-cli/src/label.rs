//! `redock label render`: one unit label to a file (PDF, ZPL or PNG), from the command line.

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use redock_labels::{captions, render, Format, LabelData, Template};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LabelFormat {
    /// Vector PDF, one page the size of the label.
    Pdf,
    /// ZPL II for a thermal printer (see --dpi).
    Zpl,
    /// PNG preview (see --dpi).
    Png,
}

/// Render a unit label: LPN barcode, GS1 DataMatrix (GTIN + serial), disposition in large
/// letters, grade, destination, date, station.
#[derive(Debug, Args)]
pub struct LabelRender {
    /// The unit's license plate (printed as Code 128).
    #[arg(long)]
    pub lpn: String,
    /// GTIN-8/12/13/14; with it the label carries a GS1 DataMatrix.
    #[arg(long)]
    pub gtin: Option<String>,
    /// Serial number, GS1 AI (21).
    #[arg(long)]
    pub serial: Option<String>,
    #[arg(long)]
    pub grade: String,
    /// Disposition channel: restock, refurbish, liquidate, rtv, donate, recycle, destroy, hold.
    #[arg(long)]
    pub disposition: String,
    /// Destination: bin, tote or pallet.
    #[arg(long = "dest")]
    pub destination: String,
    /// Language of the printed words: en, pl, ro, nb, ru (others print English).
    #[arg(long, default_value = "en")]
    pub lang: String,
    #[arg(long, value_enum, default_value_t = LabelFormat::Pdf)]
    pub format: LabelFormat,
    /// A built-in template (4x6in, 100x150mm, unit-2x1in) or a template JSON file.
    #[arg(long, default_value = "4x6in")]
    pub template: String,
    /// Where to write the label; `-` for standard output.
    #[arg(long)]
    pub out: PathBuf,
    #[arg(long, default_value = "")]
    pub station: String,
    /// Product title.
    #[arg(long)]
    pub title: Option<String>,
    /// Date printed on the label (default: today, UTC, YYYY-MM-DD).
    #[arg(long)]
    pub date: Option<String>,
    /// Printer resolution for ZPL (203, 300 or 600) or the PNG's resolution.
    #[arg(long, default_value_t = 203)]
    pub dpi: u32,
}

/// Loads a built-in template by name, or a template file (`*.json` or any path with a slash).
pub fn load_template(name: &str) -> Result<Template> {
    if name.ends_with(".json") || name.contains('/') {
        let json = std::fs::read_to_string(name).with_context(|| format!("reading template {name}"))?;
        return Template::from_json(&json).with_context(|| format!("template {name}"));
    }
    Ok(Template::builtin(name)?)
}

pub fn run(args: LabelRender) -> Result<()> {
    let template = load_template(&args.template)?;
    let data = LabelData {
        lpn: args.lpn,
        gtin: args.gtin.filter(|s| !s.trim().is_empty()),
        serial: args.serial.filter(|s| !s.trim().is_empty()),
        grade: args.grade,
        disposition: args.disposition,
        destination: args.destination,
        date: args.date.unwrap_or_else(today_utc),
        station: args.station,
        title: args.title.filter(|s| !s.trim().is_empty()),
    };
    let words = captions(&args.lang, &data.disposition);
    let format = match args.format {
        LabelFormat::Pdf => Format::Pdf,
        LabelFormat::Zpl => Format::Zpl { dpi: args.dpi },
        LabelFormat::Png => Format::Png { dpi: args.dpi },
    };
    let bytes = render(&template, &data, &words, format).context("rendering the label")?;
    if args.out.as_os_str() == "-" {
        use std::io::Write;
        let mut out = std::io::stdout().lock();
        out.write_all(&bytes)?;
        out.flush()?;
        return Ok(());
    }
    if args.out.is_dir() {
        bail!("{} is a directory: give a file name", args.out.display());
    }
    std::fs::write(&args.out, &bytes).with_context(|| format!("writing {}", args.out.display()))?;
    eprintln!("{} ({} bytes)", args.out.display(), bytes.len());
    Ok(())
}

/// Today's date in UTC as YYYY-MM-DD, without a date library.
fn today_utc() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let (y, m, d) = civil_from_days((secs / 86_400) as i64);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
        assert_eq!(today_utc().len(), 10);
    }
}
