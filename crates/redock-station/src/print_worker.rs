//! The print thread: sends labels as soon as the commit that queued them returns, not on a poll.
//! Every transaction that queues a label counts it ([`LabelsQueued`]); the code that committed it rings
//! the station's [`PrintBell`] after the commit (never inside it: the print thread must see the
//! row). The thread waits on the bell with a timeout, which is still needed for retries of an
//! offline printer, for results not recorded yet, for following CUPS jobs and for the daily
//! retention sweep.

use crate::print_queue::PrinterSettings;
use crate::station::Station;
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The printer a transaction queues labels for, and how many it queued, so that its caller rings
/// the bell once it has committed.
#[derive(Debug)]
pub(crate) struct LabelsQueued<'a> {
    pub printer: &'a PrinterSettings,
    count: Cell<u32>,
}

impl<'a> LabelsQueued<'a> {
    pub(crate) fn new(printer: &'a PrinterSettings) -> Self {
        LabelsQueued {
            printer,
            count: Cell::new(0),
        }
    }

    pub(crate) fn add(&self) {
        self.count.set(self.count.get() + 1);
    }

    pub(crate) fn any(&self) -> bool {
        self.count.get() > 0
    }
}

/// How a wait on the bell ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Woken {
    /// Rung since the count the waiter had seen: a label was queued.
    Rung,
    TimedOut,
}

/// Rung after each commit that queued a label. A count rather than a flag, so that a ring between
/// the waiter's look at the queue and its wait is not lost: the waiter passes the count it saw
/// before looking, and returns at once if it has moved.
#[derive(Debug, Default)]
pub struct PrintBell {
    rung: Mutex<u64>,
    cv: Condvar,
}

impl PrintBell {
    pub fn ring(&self) {
        let mut rung = self.rung.lock().unwrap_or_else(|p| p.into_inner());
        *rung += 1;
        self.cv.notify_all();
    }

    /// How many times it has been rung so far; pass it to [`wait`](PrintBell::wait).
    pub fn rung(&self) -> u64 {
        *self.rung.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Waits until the bell has been rung more than `seen` times, or `timeout` passed.
    pub fn wait(&self, seen: u64, timeout: Duration) -> Woken {
        let rung = self.rung.lock().unwrap_or_else(|p| p.into_inner());
        let (rung, _) = self
            .cv
            .wait_timeout_while(rung, timeout, |r| *r <= seen)
            .unwrap_or_else(|p| p.into_inner());
        if *rung > seen {
            Woken::Rung
        } else {
            Woken::TimedOut
        }
    }
}

/// How often labels a CUPS scheduler holds are followed there (an IPP request or two each).
pub const FOLLOW_EVERY: Duration = Duration::from_secs(3);
/// How often the retention sweep runs (and once when the thread starts).
pub const PRUNE_EVERY: Duration = Duration::from_secs(24 * 60 * 60);
/// The app's longest wait for the bell: retries of an offline printer are due 5 s apart at the
/// soonest, results not recorded yet 1 s apart.
pub const LOOK_EVERY: Duration = Duration::from_secs(1);

/// Why the print thread woke up, counted (a test tells a wake by the bell from a timeout).
#[derive(Debug, Default)]
pub struct Wakes {
    pub rung: AtomicU64,
    pub timed_out: AtomicU64,
}

/// The print thread of a station. Stops (and is joined) when dropped.
pub struct PrintWorker {
    station: Arc<Station>,
    stop: Arc<AtomicBool>,
    wakes: Arc<Wakes>,
    thread: Option<JoinHandle<()>>,
}

impl PrintWorker {
    /// Starts the thread. `look_every` is its longest wait for the bell ([`LOOK_EVERY`] in the
    /// app); `on_change` runs after a run that printed, recorded or followed something (the app
    /// tells the window).
    pub fn spawn(
        station: Arc<Station>,
        look_every: Duration,
        mut on_change: impl FnMut(&Station) + Send + 'static,
    ) -> std::io::Result<PrintWorker> {
        let stop = Arc::new(AtomicBool::new(false));
        let wakes = Arc::new(Wakes::default());
        let thread = {
            let (station, stop, wakes) = (Arc::clone(&station), Arc::clone(&stop), Arc::clone(&wakes));
            std::thread::Builder::new()
                .name("print-queue".into())
                .spawn(move || {
                    let mut last_follow: Option<Instant> = None;
                    let mut last_prune: Option<Instant> = None;
                    while !stop.load(Ordering::Acquire) {
                        let seen = station.print_bell().rung();
                        let mut changed = match station.print_pending() {
                            Ok(reports) => !reports.is_empty(),
                            Err(e) => {
                                tracing::error!(error = %e, code = e.code(), "print queue");
                                false
                            }
                        };
                        // Labels a CUPS scheduler holds: printed, stopped there, or ended.
                        if last_follow.is_none_or(|t| t.elapsed() >= FOLLOW_EVERY) {
                            last_follow = Some(Instant::now());
                            match station.follow_printing() {
                                Ok(reports) => changed |= !reports.is_empty(),
                                Err(e) => tracing::error!(error = %e, code = e.code(), "following CUPS jobs"),
                            }
                        }
                        if last_prune.is_none_or(|t| t.elapsed() >= PRUNE_EVERY) {
                            last_prune = Some(Instant::now());
                            match station.prune_print_jobs() {
                                Ok(r) => changed |= r.jobs_pruned > 0,
                                Err(e) => tracing::error!(error = %e, code = e.code(), "print retention"),
                            }
                        }
                        if changed {
                            on_change(&station);
                        }
                        let counter = match station.print_bell().wait(seen, look_every) {
                            Woken::Rung => &wakes.rung,
                            Woken::TimedOut => &wakes.timed_out,
                        };
                        counter.fetch_add(1, Ordering::Relaxed);
                    }
                })?
        };
        Ok(PrintWorker {
            station,
            stop,
            wakes,
            thread: Some(thread),
        })
    }

    pub fn wakes(&self) -> &Wakes {
        &self.wakes
    }
}

impl Drop for PrintWorker {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Release);
        self.station.print_bell().ring();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}
