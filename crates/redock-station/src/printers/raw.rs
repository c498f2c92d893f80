//! Raw TCP printing (port 9100, "JetDirect"/"AppSocket"): connect, write every byte, shut the write
//! side down so the printer sees the end of the job, then wait briefly for it to close. There is no
//! answer to read in this protocol; whatever the printer sends back is read and dropped.

use super::{PrintError, SentJob};
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

/// How long to wait for the printer to close after the job, at most. Zebra printers close at once;
/// some printers keep the connection open until their own idle timeout, which is not a failure:
/// every byte has been handed over by then.
const CLOSE_WAIT: Duration = Duration::from_millis(1_000);

pub(crate) fn send(host: &str, port: u16, timeout: Duration, bytes: &[u8]) -> Result<SentJob, PrintError> {
    let device = format!("raw {host}:{port}");
    let io_err = |doing: &'static str, e: io::Error| PrintError::from_io(&device, doing, timeout, &e);

    let mut stream = connect(&device, host, port, timeout)?;
    stream
        .set_write_timeout(Some(timeout))
        .map_err(|e| io_err("setting the write timeout", e))?;
    stream
        .set_nodelay(true)
        .map_err(|e| io_err("setting TCP_NODELAY", e))?;
    stream
        .write_all(bytes)
        .map_err(|e| io_err("writing the job", e))?;
    stream.flush().map_err(|e| io_err("writing the job", e))?;
    match stream.shutdown(Shutdown::Write) {
        Ok(()) => {}
        // The printer has already closed: it had everything it wanted.
        Err(e) if e.kind() == io::ErrorKind::NotConnected => {}
        Err(e) => return Err(io_err("ending the job", e)),
    }
    let peer_closed = wait_for_close(&mut stream, timeout.min(CLOSE_WAIT));
    Ok(SentJob::Raw {
        bytes: bytes.len() as u64,
        peer_closed,
    })
}

/// Tries each address of `host` in turn. Every failure to reach the printer, a connect timeout
/// included (a printer switched off does not refuse, it just does not answer), is `offline`.
fn connect(device: &str, host: &str, port: u16, timeout: Duration) -> Result<TcpStream, PrintError> {
    let offline = |reason: String| PrintError::Offline {
        device: device.to_string(),
        reason,
    };
    let addrs: Vec<SocketAddr> = (host, port)
        .to_socket_addrs()
        .map_err(|e| offline(format!("resolving {host}: {e}")))?
        .collect();
    let mut last = offline(format!("{host} has no address"));
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, timeout) {
            Ok(stream) => return Ok(stream),
            Err(e) if matches!(e.kind(), io::ErrorKind::TimedOut | io::ErrorKind::WouldBlock) => {
                last = offline(format!(
                    "connecting to {addr}: no answer within {} ms",
                    timeout.as_millis()
                ));
            }
            Err(e) => {
                last = match PrintError::from_io(device, "connecting", timeout, &e) {
                    PrintError::Io { reason, .. } => offline(format!("connecting to {addr}: {reason}")),
                    other => other,
                };
            }
        }
    }
    Err(last)
}

/// True when the printer closed its side within `wait`.
fn wait_for_close(stream: &mut TcpStream, wait: Duration) -> bool {
    let until = Instant::now() + wait;
    let mut sink = [0u8; 512];
    loop {
        let left = until.saturating_duration_since(Instant::now());
        if left.is_zero() || stream.set_read_timeout(Some(left)).is_err() {
            return false;
        }
        match stream.read(&mut sink) {
            Ok(0) => return true,
            Ok(n) => tracing::debug!(bytes = n, "raw printer sent something back; ignored"),
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            // A reset after the job is a close too; a timeout is a printer that keeps it open.
            Err(e) => return matches!(e.kind(), io::ErrorKind::ConnectionReset),
        }
    }
}
