//! Serial printers: open the port (8N1, no flow control), write the job with a timeout, wait for
//! the bytes to leave (drain), close. Opened per job, so a printer unplugged between jobs is simply
//! offline for the next one and back when it is plugged in again.

use super::{PrintError, SentJob};
use std::io::{self, Write};
use std::time::Duration;

pub(crate) fn send(path: &str, baud: u32, timeout: Duration, bytes: &[u8]) -> Result<SentJob, PrintError> {
    let device = format!("serial {path}");
    let io_err = |doing: &'static str, e: io::Error| PrintError::from_io(&device, doing, timeout, &e);

    let mut port = serialport::new(path, baud)
        .timeout(timeout)
        .open()
        .map_err(|e| open_error(&device, timeout, e))?;
    port.write_all(bytes).map_err(|e| io_err("writing the job", e))?;
    port.flush().map_err(|e| io_err("draining the job", e))?;
    Ok(SentJob::Serial {
        bytes: bytes.len() as u64,
    })
}

fn open_error(device: &str, timeout: Duration, e: serialport::Error) -> PrintError {
    let reason = format!("opening: {e}");
    match e.kind() {
        // The node is missing (unplugged) or held by someone else: both pass.
        serialport::ErrorKind::NoDevice => PrintError::Offline {
            device: device.to_string(),
            reason,
        },
        serialport::ErrorKind::InvalidInput => PrintError::BadConfig(format!("{device}: {reason}")),
        serialport::ErrorKind::Io(kind) => {
            PrintError::from_io(device, "opening", timeout, &io::Error::new(kind, e.description))
        }
        // serialport's Unknown hides errno values it does not sort (ENXIO, ENODEV, EIO for a node
        // whose device is gone, ENOTTY for a file that is not a port…); all say "no printer here".
        serialport::ErrorKind::Unknown => PrintError::Offline {
            device: device.to_string(),
            reason,
        },
    }
}
