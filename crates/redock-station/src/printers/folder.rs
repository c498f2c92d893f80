//! The folder printer: each job becomes `<dir>/<job_id>.<ext>`. A reader of the folder (a person,
//! a watcher, a test) sees either no file or the whole file: the bytes go to a hidden temp file in
//! the same directory, which is synced, renamed to its name, and the directory synced so that the
//! rename survives a power cut too. Sending the same job again replaces the file with the same
//! bytes, so a retry after a crash between the rename and the queue's acknowledgement is harmless.

use super::{PrintError, PrintPayload, SentJob};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

pub(crate) fn send(dir: &Path, job: &PrintPayload) -> Result<SentJob, PrintError> {
    let device = format!("folder {}", dir.display());
    let fail = |doing: &'static str, e: io::Error| PrintError::from_io(&device, doing, Duration::ZERO, &e);

    fs::create_dir_all(dir).map_err(|e| fail("creating the folder", e))?;
    let name = format!("{}.{}", job.job_id, job.format.ext());
    let path = dir.join(&name);
    let (tmp_path, mut tmp) = create_temp(dir, &name).map_err(|e| fail("creating a temp file", e))?;
    let written = tmp
        .write_all(&job.bytes)
        .map_err(|e| fail("writing", e))
        .and_then(|()| tmp.sync_all().map_err(|e| fail("syncing the file", e)));
    drop(tmp);
    if let Err(e) = written.and_then(|()| fs::rename(&tmp_path, &path).map_err(|e| fail("renaming", e))) {
        // The temp file is ours alone; if even removing it fails there is nothing better to do
        // than to leave a hidden, incomplete file that no reader takes for a job.
        if let Err(rm) = fs::remove_file(&tmp_path) {
            tracing::warn!(path = %tmp_path.display(), error = %rm, "could not remove a temp print file");
        }
        return Err(e);
    }
    sync_dir(dir).map_err(|e| fail("syncing the folder", e))?;
    Ok(SentJob::File {
        path,
        bytes: job.bytes.len() as u64,
    })
}

/// `.<name>.<random>.tmp`, created exclusively so that two writers never share one.
fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    let mut last = None;
    for _ in 0..8 {
        let path = dir.join(format!(".{name}.{:016x}.tmp", rand::random::<u64>()));
        match OpenOptions::new().write(true).create_new(true).open(&path) {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no free temp file name")))
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}
