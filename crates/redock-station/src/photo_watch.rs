//! A watched folder: a USB camera's app (or a phone sync) drops photos there and the station takes
//! each one once.
//!
//! Polling, not file-system notifications: the folder is often on a USB stick, an SMB share or a
//! FUSE mount from the camera's software, where inotify sees nothing or only part of it; a listing
//! every second or so costs nothing and behaves the same everywhere. Notifications would also not
//! tell us the one thing that matters — that the writer has finished — so a size check across polls
//! is needed either way.
//!
//! The rules: a regular file whose size and modification time have not changed between two polls
//! is complete (the camera app may still be writing); its bytes go to the callback once; then it is
//! deleted — the callback stored a copy without its EXIF (GPS, camera serial), so the original is not
//! kept — or moved to `<dir>/.refused/` (with a `.why.txt` beside it) when the callback returns an
//! error, where it is kept a week for a person to look at. Hidden files, folders, symlinks and
//! temporary files (`.part`, `~`, `.tmp`, …) are left alone.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::{Duration, SystemTime};

/// Where earlier versions kept the originals of taken files (EXIF and all); emptied by [`PhotoFolder::sweep`].
pub const TAKEN_DIR: &str = ".taken";
/// How long a refused file is kept for a person to look at.
pub const REFUSED_KEEP: Duration = Duration::from_secs(7 * 24 * 3600);
/// How often the folder is swept of refused files past [`REFUSED_KEEP`].
const SWEEP_EVERY: Duration = Duration::from_secs(3600);
/// Where refused files go, inside the watched folder.
pub const REFUSED_DIR: &str = ".refused";
/// Files larger than this are refused without being read (a photo is far smaller; a video dropped
/// by mistake must not be read into memory).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// An empty file is given this many polls to start growing before it is handed over (and refused).
const EMPTY_FILE_POLLS: u32 = 10;
/// The shortest poll interval: a zero interval would spin.
const MIN_POLL: Duration = Duration::from_millis(10);

/// What the watcher calls with each complete file: its path (still in the watched folder) and its
/// bytes. `Err(reason)` moves the file to `.refused/`.
pub type OnPhoto = Box<dyn Fn(PathBuf, Vec<u8>) -> Result<(), String> + Send + 'static>;

/// A file seen in the folder, not yet handed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

/// The folder and what has been seen in it. [`PhotoWatcher`] polls it on a thread; tests (and a
/// caller with its own timer) can call [`PhotoFolder::poll`] directly.
pub struct PhotoFolder {
    dir: PathBuf,
    on_photo: OnPhoto,
    /// Files waiting to be stable: their last stamp and for how many polls it has not changed.
    pending: HashMap<PathBuf, (Stamp, u32)>,
    /// Files handed over that could not be moved away: not handed over again while unchanged.
    handled: HashMap<PathBuf, Stamp>,
    missing: bool,
    last_sweep: Option<SystemTime>,
}

impl PhotoFolder {
    pub fn new(
        dir: impl Into<PathBuf>,
        on_photo: impl Fn(PathBuf, Vec<u8>) -> Result<(), String> + Send + 'static,
    ) -> Self {
        PhotoFolder {
            dir: dir.into(),
            on_photo: Box::new(on_photo),
            pending: HashMap::new(),
            handled: HashMap::new(),
            missing: false,
            last_sweep: None,
        }
    }

    /// Deletes what the folder must not keep: originals an earlier version left in `.taken/`, and
    /// refused files (with their reasons) older than [`REFUSED_KEEP`] at `now`. Returns how many
    /// files went. Runs at the first poll and hourly after.
    pub fn sweep(&mut self, now: SystemTime) -> usize {
        self.last_sweep = Some(now);
        let mut gone = 0;
        let mut remove = |path: &Path| match fs::remove_file(path) {
            Ok(()) => gone += 1,
            Err(e) => tracing::warn!(file = %path.display(), error = %e, "photo file not deleted"),
        };
        if let Ok(entries) = fs::read_dir(self.dir.join(TAKEN_DIR)) {
            for e in entries.flatten() {
                if e.file_type().is_ok_and(|t| t.is_file()) {
                    remove(&e.path());
                }
            }
        }
        if let Ok(entries) = fs::read_dir(self.dir.join(REFUSED_DIR)) {
            for e in entries.flatten() {
                let old = e
                    .metadata()
                    .ok()
                    .filter(|m| m.is_file())
                    .and_then(|m| m.modified().ok())
                    .is_some_and(|at| now.duration_since(at).is_ok_and(|age| age > REFUSED_KEEP));
                if old {
                    remove(&e.path());
                }
            }
        }
        if gone > 0 {
            tracing::info!(dir = %self.dir.display(), files = gone, "photo folder swept");
        }
        gone
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// One look at the folder: hands over every file that has been stable since the previous poll.
    /// Returns how many files were handed to the callback.
    pub fn poll(&mut self) -> usize {
        let now = SystemTime::now();
        if self
            .last_sweep
            .is_none_or(|at| now.duration_since(at).map_or(true, |d| d >= SWEEP_EVERY))
        {
            self.sweep(now);
        }
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) => {
                if !self.missing {
                    tracing::warn!(dir = %self.dir.display(), error = %e, "photo folder not readable; still watching");
                    self.missing = true;
                }
                return 0;
            }
        };
        if self.missing {
            tracing::info!(dir = %self.dir.display(), "photo folder readable again");
            self.missing = false;
        }

        let mut present = HashSet::new();
        let mut ready = Vec::new();
        for entry in entries.flatten() {
            if is_ignored(&entry.file_name().to_string_lossy()) {
                continue;
            }
            let path = entry.path();
            // symlink_metadata: a link is not a regular file, so it is never followed.
            let Ok(meta) = fs::symlink_metadata(&path) else {
                continue;
            };
            if !meta.is_file() {
                continue;
            }
            let stamp = Stamp {
                len: meta.len(),
                modified: meta.modified().ok(),
            };
            present.insert(path.clone());
            if self.handled.get(&path) == Some(&stamp) {
                continue;
            }
            let polls = match self.pending.get_mut(&path) {
                Some((seen, polls)) if *seen == stamp => {
                    *polls += 1;
                    *polls
                }
                Some(slot) => {
                    *slot = (stamp, 0);
                    0
                }
                None => {
                    tracing::debug!(file = %path.display(), len = stamp.len, "new file in the photo folder");
                    self.pending.insert(path.clone(), (stamp, 0));
                    0
                }
            };
            let needed = if stamp.len > 0 { 1 } else { EMPTY_FILE_POLLS };
            if polls >= needed {
                ready.push((path, stamp));
            }
        }
        self.pending.retain(|p, _| present.contains(p));
        self.handled.retain(|p, _| present.contains(p));

        ready.sort_by(|a, b| a.0.cmp(&b.0));
        ready
            .into_iter()
            .filter(|(path, stamp)| self.take(path, *stamp))
            .count()
    }

    /// Reads one stable file, hands it over and moves it away. False if it was not handed over.
    fn take(&mut self, path: &Path, stamp: Stamp) -> bool {
        self.pending.remove(path);
        if stamp.len > MAX_FILE_BYTES {
            let reason = format!(
                "the file is {} bytes; files over {MAX_FILE_BYTES} bytes are not read",
                stamp.len
            );
            tracing::warn!(file = %path.display(), %reason, "photo file refused");
            self.put_away(path, stamp, Err(reason));
            return false;
        }
        let bytes = match fs::read(path) {
            Ok(bytes) => bytes,
            Err(e) => {
                // Gone (the camera app renamed it) or unreadable: look again next poll.
                tracing::warn!(file = %path.display(), error = %e, "photo file could not be read");
                return false;
            }
        };
        if bytes.len() as u64 != stamp.len {
            // Still being written after all: wait for it to settle again.
            tracing::debug!(file = %path.display(), "photo file grew while read; waiting");
            return false;
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| (self.on_photo)(path.to_path_buf(), bytes)))
            .unwrap_or_else(|_| Err("the photo handler failed unexpectedly (panic)".to_string()));
        match &outcome {
            Ok(()) => tracing::info!(file = %path.display(), len = stamp.len, "photo file taken"),
            Err(reason) => {
                tracing::warn!(file = %path.display(), %reason, "photo file refused")
            }
        }
        self.put_away(path, stamp, outcome);
        true
    }

    /// Deletes a taken file (its stripped copy is stored) or moves a refused one to `.refused/`,
    /// stamped with the time of refusal so the week it is kept counts from then. If that fails it
    /// stays where it is but is remembered, so it is not handed over twice while this watcher runs.
    fn put_away(&mut self, path: &Path, stamp: Stamp, outcome: Result<(), String>) {
        let done = match outcome {
            Ok(()) => fs::remove_file(path).map_err(|e| ("deleted", e)),
            Err(reason) => match move_into(path, &self.dir.join(REFUSED_DIR)) {
                Ok(dest) => {
                    let stamped = fs::OpenOptions::new()
                        .write(true)
                        .open(&dest)
                        .and_then(|f| f.set_modified(SystemTime::now()));
                    if let Err(e) = stamped {
                        tracing::debug!(error = %e, "refused photo not stamped with the time of refusal");
                    }
                    let mut why = dest.into_os_string();
                    why.push(".why.txt");
                    if let Err(e) = fs::write(&why, format!("{reason}\n")) {
                        tracing::debug!(error = %e, "reason for a refused photo not written");
                    }
                    Ok(())
                }
                Err(e) => Err(("moved to .refused", e)),
            },
        };
        if let Err((what, e)) = done {
            tracing::error!(file = %path.display(), error = %e,
                "photo file could not be {what}; it will not be taken again until it changes");
            self.handled.insert(path.to_path_buf(), stamp);
        }
    }
}

/// Hidden files, the folders we write, and what writers use while a file is incomplete.
fn is_ignored(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.starts_with('.')
        || lower.starts_with("~$")
        || lower.ends_with('~')
        || [
            ".part",
            ".partial",
            ".tmp",
            ".temp",
            ".crdownload",
            ".download",
            ".swp",
        ]
        .iter()
        .any(|ext| lower.ends_with(ext))
        || lower == "thumbs.db"
        || lower == "desktop.ini"
}

/// Renames `path` into `dir`, keeping its name, or `name-1.ext`, `name-2.ext`, … if taken (a camera
/// that restarts its numbering).
fn move_into(path: &Path, dir: &Path) -> io::Result<PathBuf> {
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?;
    let mut dest = dir.join(name);
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    let mut n = 0u32;
    while fs::symlink_metadata(&dest).is_ok() {
        n += 1;
        if n > 10_000 {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                "too many files of that name",
            ));
        }
        dest = dir.join(format!("{stem}-{n}{ext}"));
    }
    fs::rename(path, &dest)?;
    Ok(dest)
}

/// A [`PhotoFolder`] polled on its own thread until [`PhotoWatcher::stop`] or drop.
pub struct PhotoWatcher {
    dir: PathBuf,
    stop: Option<mpsc::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl PhotoWatcher {
    /// Starts watching `dir` (it need not exist yet: a USB stick may come later). Fails only if the
    /// thread cannot be started.
    pub fn spawn(
        dir: impl Into<PathBuf>,
        poll_interval: Duration,
        on_photo: impl Fn(PathBuf, Vec<u8>) -> Result<(), String> + Send + 'static,
    ) -> io::Result<PhotoWatcher> {
        let dir = dir.into();
        let interval = poll_interval.max(MIN_POLL);
        let mut folder = PhotoFolder::new(dir.clone(), on_photo);
        let (stop_tx, stop_rx) = mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("photo-watch".to_string())
            .spawn(move || {
                let span = tracing::info_span!("photo_watch", dir = %folder.dir.display());
                let _entered = span.enter();
                tracing::info!(
                    interval_ms = interval.as_millis() as u64,
                    "watching the photo folder"
                );
                loop {
                    folder.poll();
                    // The stop signal doubles as the sleep: a message or a dropped sender ends it.
                    match stop_rx.recv_timeout(interval) {
                        Err(RecvTimeoutError::Timeout) => {}
                        Ok(()) | Err(RecvTimeoutError::Disconnected) => break,
                    }
                }
                tracing::info!("stopped watching the photo folder");
            })?;
        Ok(PhotoWatcher {
            dir,
            stop: Some(stop_tx),
            thread: Some(thread),
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Stops the thread and waits for it (a photo being handed over is finished first).
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            if thread.join().is_err() {
                tracing::error!(dir = %self.dir.display(), "the photo watcher thread panicked");
            }
        }
    }
}

impl Drop for PhotoWatcher {
    fn drop(&mut self) {
        self.shutdown();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ignored_names() {
        for name in [
            ".hidden.jpg",
            "IMG_1.jpg.part",
            "IMG_1.JPG~",
            "x.tmp",
            "Thumbs.db",
            ".taken",
            "~$x.jpg",
        ] {
            assert!(is_ignored(name), "{name}");
        }
        for name in ["IMG_0001.JPG", "photo.png", "a.webp", "partial.jpg"] {
            assert!(!is_ignored(name), "{name}");
        }
    }
}
