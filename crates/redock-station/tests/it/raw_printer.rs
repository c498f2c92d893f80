//! A 9100 printer on a real TCP listener that takes any number of jobs, one connection each, and
//! keeps every job it got, so that a test counts the labels a printer received.

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::{mpsc, Arc, Mutex};
use std::time::Duration;

/// Generous: catches a hang, does not measure speed.
pub const WAIT: Duration = Duration::from_secs(60);

/// Not a label: asks the listener to answer once every connection before it is done.
const SENTINEL: &[u8] = b"REDOCK-TEST-SENTINEL";

pub struct RawPrinter {
    pub port: u16,
    jobs: Arc<Mutex<Vec<Vec<u8>>>>,
    arrived: mpsc::Receiver<Vec<u8>>,
}

impl RawPrinter {
    /// `on_job` runs on each job once its last byte is in and before the printer closes the
    /// connection (the sender is still waiting for the close then).
    pub fn start(mut on_job: impl FnMut(&[u8]) + Send + 'static) -> RawPrinter {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let jobs = Arc::new(Mutex::new(Vec::new()));
        let (tx, arrived) = mpsc::channel();
        let kept = Arc::clone(&jobs);
        std::thread::spawn(move || {
            // One connection at a time, in the order they came: a sentinel is answered only after
            // every job that connected before it.
            for conn in listener.incoming() {
                let Ok(mut conn) = conn else { continue };
                let mut bytes = Vec::new();
                if conn.read_to_end(&mut bytes).is_err() {
                    continue;
                }
                if bytes == SENTINEL {
                    let _ = conn.write_all(b"OK");
                    continue;
                }
                on_job(&bytes);
                kept.lock().unwrap().push(bytes.clone());
                let _ = tx.send(bytes);
            }
        });
        RawPrinter { port, jobs, arrived }
    }

    /// Every job received so far, including any still being read when this was called.
    pub fn jobs(&self) -> Vec<Vec<u8>> {
        let mut c = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        c.write_all(SENTINEL).unwrap();
        c.shutdown(Shutdown::Write).unwrap();
        let mut answer = Vec::new();
        c.set_read_timeout(Some(WAIT)).unwrap();
        c.read_to_end(&mut answer).unwrap();
        assert_eq!(answer, b"OK", "the printer did not answer the sentinel");
        self.jobs.lock().unwrap().clone()
    }

    /// The next job to arrive (waits for it).
    pub fn next_job(&self) -> Vec<u8> {
        self.arrived
            .recv_timeout(WAIT)
            .unwrap_or_else(|_| panic!("no label reached the printer within {WAIT:?}"))
    }
}
