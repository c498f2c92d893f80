//! `REDOCK_SYNC_FAILPOINT=<step>:<n>`: `redock sync` stops dead the `n`-th time it reaches a step
//! of the sync (`before_request`, `answered`, `storing_ack`, `storing_pull`), so that the failure
//! tests (crates/redock-cli/tests) can SIGKILL it exactly there. It says `failpoint <step>:<n>
//! reached` on stderr and waits for the signal (inside the open transaction, for the `storing_*`
//! steps). Read here, in the binary only: the station library never looks at it.

use anyhow::{bail, Context, Result};
use redock_station::sync::SyncStep;
use std::io::Write;

pub const VAR: &str = "REDOCK_SYNC_FAILPOINT";

pub struct Failpoint {
    /// The step's name and how many times it is still to be passed before stopping.
    at: Option<(String, u32)>,
}

pub fn from_env() -> Result<Failpoint> {
    let Some(value) = std::env::var_os(VAR) else {
        return Ok(Failpoint { at: None });
    };
    let value = value.to_string_lossy();
    let (name, n) = value
        .split_once(':')
        .with_context(|| format!("{VAR}={value}: expected <step>:<n>"))?;
    if !["before_request", "answered", "storing_ack", "storing_pull"].contains(&name) {
        bail!("{VAR}={value}: no such step {name:?}");
    }
    let n: u32 = n
        .parse()
        .ok()
        .filter(|n| *n > 0)
        .with_context(|| format!("{VAR}={value}: <n> counts from 1"))?;
    Ok(Failpoint {
        at: Some((name.to_string(), n)),
    })
}

fn name(step: SyncStep) -> &'static str {
    match step {
        SyncStep::BeforeRequest { .. } => "before_request",
        SyncStep::Answered { .. } => "answered",
        SyncStep::StoringAck { .. } => "storing_ack",
        SyncStep::StoringPull { .. } => "storing_pull",
    }
}

impl Failpoint {
    pub fn reached(&mut self, step: SyncStep) {
        let Some((at, left)) = &mut self.at else { return };
        if at != name(step) {
            return;
        }
        *left -= 1;
        if *left > 0 {
            return;
        }
        let mut err = std::io::stderr().lock();
        let _ = writeln!(err, "failpoint {at} reached ({step:?})");
        let _ = err.flush();
        // Wait for the SIGKILL; never go on (a test that forgot to kill sees a hung child, not a
        // sync that passed its failpoint).
        loop {
            std::thread::park();
        }
    }
}
