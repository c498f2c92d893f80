//! Operators log in with a badge and a PIN. PINs are kept as argon2id hashes; five wrong PINs in a
//! row lock the badge for a while. Roles are checked here, in Rust, not only in the UI.

use crate::clock::rfc3339;
use crate::error::StationError;
use crate::events::{record, EventBody};
use crate::station::Station;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use rusqlite::{params, OptionalExtension};
use serde::Serialize;

pub const MAX_FAILED_PINS: u32 = 5;
pub const LOCKOUT: time::Duration = time::Duration::minutes(5);

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Inspector,
    Supervisor,
    Admin,
}

impl Role {
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "inspector" => Some(Role::Inspector),
            "supervisor" => Some(Role::Supervisor),
            "admin" => Some(Role::Admin),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Inspector => "inspector",
            Role::Supervisor => "supervisor",
            Role::Admin => "admin",
        }
    }
}

/// A logged-in operator. Only `Station::login` makes one, so holding a `Session` means a PIN was
/// checked; every service that changes state takes one and re-checks it is still open.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[non_exhaustive]
pub struct Session {
    pub session_id: String,
    pub operator_id: String,
    pub name: String,
    pub role: Role,
    pub language: String,
}

impl Session {
    /// Refuse unless the operator's role is at least `needed` (inspector < supervisor < admin).
    pub fn require(&self, needed: Role) -> Result<(), StationError> {
        if self.role >= needed {
            Ok(())
        } else {
            Err(StationError::Forbidden {
                needed: needed.as_str(),
            })
        }
    }
}

/// Why a session ended (`logged_out` v2 `reason`).
pub const LOGGED_OUT_BY_OPERATOR: &str = "logout";
pub const LOGGED_OUT_IDLE: &str = "idle";
pub const LOGGED_OUT_REPLACED: &str = "replaced";

pub fn hash_pin(pin: &str) -> Result<String, StationError> {
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StationError::Config(format!("cannot hash PIN: {e}")))
}

/// Add an operator in the caller's transaction: the `operator_added` fact (no PIN in it) and the
/// PIN's hash in `operator_secret`, which no event carries.
pub(crate) fn add_operator(
    tx: &rusqlite::Transaction<'_>,
    operator: crate::events::OperatorAdded,
    pin_hash: &str,
    by: Option<&str>,
    now: time::OffsetDateTime,
) -> Result<(), StationError> {
    tx.prepare_cached(
        "INSERT INTO operator_secret (operator_id, pin_hash) VALUES (?1, ?2)
         ON CONFLICT(operator_id) DO UPDATE SET pin_hash = excluded.pin_hash",
    )?
    .execute(params![operator.operator_id, pin_hash])?;
    record(tx, &EventBody::OperatorAdded(operator), by, now)?;
    Ok(())
}

fn pin_matches(pin: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(pin.as_bytes(), &h).is_ok())
}

struct OperatorRow {
    operator_id: String,
    name: String,
    role: String,
    language: String,
    /// None: the operator came without a PIN (never set here); no PIN matches.
    pin_hash: Option<String>,
    active: bool,
    locked_until: Option<String>,
}

impl Station {
    pub fn login(&self, badge: &str, pin: &str) -> Result<Session, StationError> {
        let badge = badge.trim();
        let span = tracing::info_span!("login", badge);
        let _g = span.enter();
        let now = self.clock.now();
        let op = self
            .store
            .read(|c| {
                c.prepare_cached(crate::queries::OPERATOR_BY_BADGE)?
                    .query_row([badge], |r| {
                        Ok(OperatorRow {
                            operator_id: r.get(0)?,
                            name: r.get(1)?,
                            role: r.get(2)?,
                            language: r.get(3)?,
                            pin_hash: r.get(4)?,
                            active: r.get(5)?,
                            locked_until: r.get(6)?,
                        })
                    })
                    .optional()
            })?
            .filter(|o| o.active)
            .ok_or_else(|| {
                tracing::warn!("unknown badge");
                StationError::UnknownBadge {
                    badge: badge.to_string(),
                }
            })?;
        if let Some(until) = &op.locked_until {
            if until.as_str() > rfc3339(now).as_str() {
                tracing::warn!(until, "badge locked");
                return Err(StationError::Locked { until: until.clone() });
            }
        }
        // The hash check is slow on purpose; do it before taking the write lock.
        let ok = op.pin_hash.as_deref().is_some_and(|h| pin_matches(pin, h));
        let role =
            Role::parse(&op.role).ok_or_else(|| StationError::Config(format!("unknown role {}", op.role)))?;
        // The closure's outer Result is the transaction's; the inner one is the log-in's answer, so a
        // wrong PIN still commits its `login_failed` event.
        let answer = self
            .store
            .write(|tx| -> Result<Result<Session, StationError>, StationError> {
                if ok {
                    // One operator at a time at a desk: any session left open ends now.
                    let open: Vec<String> = {
                        let mut st = tx.prepare_cached(crate::queries::OPEN_SESSIONS)?;
                        let rows = st.query_map([], |r| r.get(0))?.collect::<Result<_, _>>()?;
                        rows
                    };
                    for session_id in open {
                        let body = EventBody::LoggedOut {
                            session_id,
                            reason: Some(LOGGED_OUT_REPLACED.into()),
                        };
                        record(tx, &body, None, now)?;
                    }
                    let session_id = uuid::Uuid::now_v7().to_string();
                    let body = EventBody::LoggedIn {
                        session_id: session_id.clone(),
                        operator_id: op.operator_id.clone(),
                    };
                    record(tx, &body, Some(&op.operator_id), now)?;
                    tracing::info!(operator = op.operator_id, "logged in");
                    Ok(Ok(Session {
                        session_id,
                        operator_id: op.operator_id.clone(),
                        name: op.name.clone(),
                        role,
                        language: op.language.clone(),
                    }))
                } else {
                    let failed: u32 = tx.query_row(
                        "SELECT failed_pins FROM operator WHERE operator_id = ?1",
                        [&op.operator_id],
                        |r| r.get(0),
                    )?;
                    let failed = failed + 1;
                    let locked_until = (failed >= MAX_FAILED_PINS).then(|| rfc3339(now + LOCKOUT));
                    let body = EventBody::LoginFailed {
                        operator_id: op.operator_id.clone(),
                        failed_pins: failed,
                        locked_until: locked_until.clone(),
                    };
                    record(tx, &body, Some(&op.operator_id), now)?;
                    tracing::warn!(failed, "wrong PIN");
                    Ok(Err(match locked_until {
                        Some(until) => StationError::Locked { until },
                        None => StationError::WrongPin {
                            remaining: MAX_FAILED_PINS - failed,
                        },
                    }))
                }
            })??;
        // The idle clock starts at the log-in; the desk is one operator's at a time.
        if let Ok(mut active) = self.active.lock() {
            active.clear();
            active.insert(answer.session_id.clone(), now);
        }
        Ok(answer)
    }

    /// Log out, as the log-out key or `CMD:LOGOUT` does: a graded unit on the desk is saved and
    /// decided, an ungraded one parked with its label, then the session ends. A session already
    /// ended (by `CMD:LOGOUT`, or a later log-in) records nothing more.
    /// The idle log-out: a session without a scan for the `session` setting's minutes is ended
    /// (as a log-out is: the desk's work parked) and `auth.idle` returned; otherwise, when
    /// `activity`, the session is active now. A session this process has not seen yet (the app
    /// restarted) counts from now.
    pub fn check_idle(&self, session: &Session, activity: bool) -> Result<(), StationError> {
        let Some(minutes) = self.session_settings()?.idle_minutes else {
            return Ok(());
        };
        let now = self.clock.now();
        let last = {
            let mut active = self
                .active
                .lock()
                .map_err(|_| StationError::Config("session table poisoned".into()))?;
            let last = *active.entry(session.session_id.clone()).or_insert(now);
            if activity && now - last <= time::Duration::minutes(i64::from(minutes)) {
                active.insert(session.session_id.clone(), now);
            }
            last
        };
        if now - last > time::Duration::minutes(i64::from(minutes)) {
            tracing::info!(operator = %session.operator_id, minutes, "logged out after being idle");
            self.logout_because(session, LOGGED_OUT_IDLE)?;
            if let Ok(mut active) = self.active.lock() {
                active.remove(&session.session_id);
            }
            return Err(StationError::Idle { minutes });
        }
        Ok(())
    }

    /// The name of the active operator whose badge `code` is, if it is one.
    pub fn badge_holder(&self, code: &str) -> Result<Option<String>, StationError> {
        Ok(self
            .store
            .read(|c| {
                c.prepare_cached(crate::queries::OPERATOR_BY_BADGE)?
                    .query_row([code.trim()], |r| {
                        Ok((r.get::<_, String>(1)?, r.get::<_, bool>(5)?))
                    })
                    .optional()
            })?
            .filter(|(_, active)| *active)
            .map(|(name, _)| name))
    }

    pub fn logout(&self, session: &Session) -> Result<(), StationError> {
        self.logout_because(session, LOGGED_OUT_BY_OPERATOR)
    }

    /// `logout`, recording why the session ended (`logged_out.reason`).
    fn logout_because(&self, session: &Session, reason: &'static str) -> Result<(), StationError> {
        let now = self.clock.now();
        let grading = self.grading();
        let rules = self.rules();
        let codes = self.codes();
        let fraud = self.fraud_settings()?;
        let printer = self.printer_settings()?;
        let today = self.site_time()?.date(now);
        let queued = crate::print_worker::LabelsQueued::new(&printer);
        self.store.write(|tx| {
            if Station::check_session(tx, session).is_err() {
                return Ok(());
            }
            let ictx = crate::inspect::Ctx {
                operator_id: &session.operator_id,
                language: &session.language,
                now,
                today: &today,
                grading: &grading,
                rules: &rules,
                labels: &queued,
                repeat_returner_returns: fraud.repeat_returner_returns,
            };
            // As if `CMD:LOGOUT` were scanned.
            let command = redock_domain::Command::Logout;
            let logout = redock_domain::Classified::valid(
                redock_domain::CodeKind::Command,
                &format!("{}{}", codes.command_prefix, command.text()),
            );
            crate::inspect::before_scan(tx, &ictx, &logout, Some(&command), None)?;
            Station::end_session(tx, session, now, reason)
        })?;
        self.ring_if(&queued);
        Ok(())
    }

    pub(crate) fn end_session(
        tx: &rusqlite::Transaction<'_>,
        session: &Session,
        now: time::OffsetDateTime,
        reason: &str,
    ) -> Result<(), StationError> {
        record(
            tx,
            &EventBody::LoggedOut {
                session_id: session.session_id.clone(),
                reason: Some(reason.to_owned()),
            },
            Some(&session.operator_id),
            now,
        )?;
        tracing::info!(operator = %session.operator_id, "logged out");
        Ok(())
    }

    /// Inside a write: the session must still be open (a later log-in on this desk ends it).
    pub(crate) fn check_session(tx: &rusqlite::Connection, session: &Session) -> Result<(), StationError> {
        let open: Option<bool> = tx
            .prepare_cached(crate::queries::SESSION_OPEN)?
            .query_row(params![session.session_id, session.operator_id], |r| r.get(0))
            .optional()?;
        match open {
            Some(true) => Ok(()),
            _ => Err(StationError::NotLoggedIn),
        }
    }
}
