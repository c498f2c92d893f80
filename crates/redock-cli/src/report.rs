//! How `redock` ends when a command fails, for a person and for a script.
//!
//! An error is one line on stderr, `error[<code>]: <message>`, the context chain folded into it
//! (`…: caused by …`), and exit code [`EXIT_FAILED`]. `<code>` is the library's own code
//! ([`StationError::code`] and the codes of the errors it wraps), found anywhere in the chain; an
//! error that carries none is `io.error` (a file that cannot be read or written) or `cli.error`
//! (anything else the command itself refused). A command whose stdout is JSON also writes
//! `{"error":{"code":…,"message":…,"details":{…}}}` there, one line. No backtrace, whatever
//! RUST_BACKTRACE says, unless `--verbose`: then the chain one cause a line and, if one was
//! captured, the backtrace follow the line. A panic is one line as well ([`quiet_panics`]).

use redock_domain::ScanInputError;
use redock_station::photos::PhotoError;
use redock_station::printers::PrintError;
use redock_station::StationError;
use std::collections::BTreeMap;
use std::error::Error as StdError;
use std::fmt::Write as _;
use std::io::Write as _;
use std::process::ExitCode;

/// The command ran to its end but refused some of what it was given (a scan with an error
/// outcome, CSV rows not imported, a code that is not one); stdout says which.
pub const EXIT_REFUSED: u8 = 1;
/// Bad arguments: clap's own message and exit code.
pub const EXIT_USAGE: u8 = 2;
/// The command failed: the `error[<code>]` line (and the JSON error) says why.
pub const EXIT_FAILED: u8 = 3;

/// `EXIT_REFUSED` as the process's exit code.
pub fn refused() -> ExitCode {
    ExitCode::from(EXIT_REFUSED)
}

/// The library code of the first error in the chain that has one.
pub fn code(e: &anyhow::Error) -> &'static str {
    let mut io = false;
    for cause in e.chain() {
        if let Some(code) = library_code(cause) {
            return code;
        }
        io |= cause.is::<std::io::Error>();
    }
    if io {
        "io.error"
    } else {
        "cli.error"
    }
}

fn library_code(e: &(dyn StdError + 'static)) -> Option<&'static str> {
    if let Some(e) = e.downcast_ref::<StationError>() {
        Some(e.code())
    } else if let Some(e) = e.downcast_ref::<ScanInputError>() {
        Some(e.code())
    } else if let Some(e) = e.downcast_ref::<PrintError>() {
        Some(e.code())
    } else if let Some(e) = e.downcast_ref::<redock_hub::HubError>() {
        Some(e.code())
    } else {
        e.downcast_ref::<PhotoError>().map(PhotoError::code)
    }
}

/// The message's arguments (the station's Fluent variables), when a station error is in the chain.
fn details(e: &anyhow::Error) -> BTreeMap<String, String> {
    e.chain()
        .find_map(|c| c.downcast_ref::<StationError>())
        .map(StationError::details)
        .unwrap_or_default()
}

/// The whole chain on one line: `outer: caused by inner: caused by …`. A cause whose text the line
/// already holds (an error that prints its source) is not repeated.
pub fn one_line(e: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in e.chain() {
        let text = printable(&cause.to_string());
        if text.is_empty() || line.contains(&text) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": caused by ");
        }
        line.push_str(&text);
    }
    line
}

/// No line breaks and no control characters (an ESC from a file name or a scanned code would
/// reach the terminal): breaks and tabs become spaces, the rest are written as `\u{…}`.
fn printable(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.trim().chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => {
                let _ = write!(out, "{}", c.escape_unicode());
            }
            c => out.push(c),
        }
    }
    out
}

/// Writes the error as the module says and returns [`EXIT_FAILED`].
pub fn report(e: &anyhow::Error, json: bool, verbose: bool) -> ExitCode {
    let code = code(e);
    let message = one_line(e);
    if json {
        let doc = serde_json::json!({"error": {"code": code, "message": message, "details": details(e)}});
        // A stdout that cannot be written cannot take this either; stderr still says it.
        let _ = writeln!(std::io::stdout().lock(), "{doc}");
    }
    let mut text = format!("error[{code}]: {message}\n");
    if verbose {
        for (i, cause) in e.chain().enumerate() {
            let _ = writeln!(text, "  {i}: {}", printable(&cause.to_string()));
        }
        let bt = e.backtrace();
        if bt.status() == std::backtrace::BacktraceStatus::Captured {
            let _ = write!(text, "backtrace:\n{bt}");
        } else {
            text.push_str("backtrace: none captured (RUST_BACKTRACE=0)\n");
        }
    }
    // Nothing to do if stderr is gone: the exit code still says it.
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
    ExitCode::from(EXIT_FAILED)
}

/// A panic (a bug, or a stdout that cannot be written: `println!` panics) is one line too,
/// `error[cli.panic]: …`, without RUST_BACKTRACE's backtrace; the exit code stays Rust's 101.
/// Not installed with `--verbose`, which keeps Rust's own report.
pub fn quiet_panics(json: bool) {
    std::panic::set_hook(Box::new(move |info| {
        let what = info.payload_as_str().unwrap_or("a panic");
        let at = info
            .location()
            .map(|l| format!(" (at {}:{})", l.file(), l.line()))
            .unwrap_or_default();
        let message = printable(&format!("redock stopped: {what}{at}"));
        if json {
            let doc = serde_json::json!({"error": {"code": "cli.panic", "message": message, "details": {}}});
            let _ = writeln!(std::io::stdout().lock(), "{doc}");
        }
        let _ = writeln!(std::io::stderr().lock(), "error[cli.panic]: {message}");
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn the_station_code_is_found_under_context_and_the_chain_is_one_line() {
        let e = Err::<(), _>(StationError::WrongPin { remaining: 4 })
            .context("logging in\nas BADGE-0005")
            .context("opening the station database /tmp/x\u{1b}[31m")
            .unwrap_err();
        assert_eq!(code(&e), "auth.wrong_pin");
        assert_eq!(
            one_line(&e),
            "opening the station database /tmp/x\\u{1b}[31m: caused by logging in as BADGE-0005: \
             caused by wrong PIN; 4 tries left before the badge is locked"
        );
        assert_eq!(details(&e)["remaining"], "4");
    }

    #[test]
    fn errors_without_a_library_code() {
        let io = std::fs::read("/nonexistent/redock-report-test")
            .context("reading /nonexistent/redock-report-test")
            .unwrap_err();
        assert_eq!(code(&io), "io.error");
        assert!(one_line(&io).starts_with("reading /nonexistent/redock-report-test: caused by "));
        assert_eq!(code(&anyhow::anyhow!("unknown suffix")), "cli.error");
        // An error that prints its source is not said twice.
        let e = anyhow::anyhow!("bad: inner").context("outer: bad: inner");
        assert_eq!(one_line(&e), "outer: bad: inner");
    }
}
