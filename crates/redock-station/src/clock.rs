use time::OffsetDateTime;

/// Where services get "now". The domain never reads a clock; the station reads it here, once per
/// action, so tests (and the crash harness) can pin time.
pub trait Clock: Send + Sync {
    fn now(&self) -> OffsetDateTime;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that stands still unless moved; for tests.
pub struct FixedClock(pub std::sync::Mutex<OffsetDateTime>);

impl FixedClock {
    pub fn new(at: OffsetDateTime) -> Self {
        FixedClock(std::sync::Mutex::new(at))
    }
    pub fn advance(&self, by: time::Duration) {
        if let Ok(mut t) = self.0.lock() {
            *t += by;
        }
    }
}

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        self.0.lock().map(|t| *t).unwrap_or_else(|p| *p.into_inner())
    }
}

pub fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|_| t.unix_timestamp().to_string())
}

/// The site's calendar: local dates in its time zone (an IANA name, DST included). Timestamps
/// stay UTC in the store; "today", return windows, label dates and the inspector's day are
/// counted here.
#[derive(Debug, Clone)]
pub struct SiteTime {
    zone: jiff::tz::TimeZone,
    name: String,
}

impl SiteTime {
    pub fn new(name: &str) -> Result<SiteTime, crate::error::StationError> {
        let zone = jiff::tz::TimeZone::get(name)
            .map_err(|e| crate::error::StationError::Config(format!("unknown time zone {name:?}: {e}")))?;
        Ok(SiteTime {
            zone,
            name: name.to_owned(),
        })
    }

    pub fn utc() -> SiteTime {
        SiteTime {
            zone: jiff::tz::TimeZone::UTC,
            name: "UTC".into(),
        }
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    fn civil(&self, t: OffsetDateTime) -> jiff::civil::DateTime {
        let at =
            jiff::Timestamp::from_nanosecond(t.unix_timestamp_nanos()).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        at.to_zoned(self.zone.clone()).datetime()
    }

    /// The local calendar date of `t` at the site, `YYYY-MM-DD`.
    pub fn date(&self, t: OffsetDateTime) -> String {
        self.civil(t).date().to_string()
    }

    /// The local date of a stored RFC 3339 timestamp; the text's own first ten characters when it
    /// does not parse (a date only).
    pub fn date_of(&self, stored: &str) -> String {
        match OffsetDateTime::parse(stored, &time::format_description::well_known::Rfc3339) {
            Ok(t) => self.date(t),
            Err(_) => stored.get(..10).unwrap_or(stored).to_owned(),
        }
    }

    /// The UTC instants the local day of `t` starts and ends at (23, 24 or 25 hours long), as
    /// stored-timestamp prefixes: `start <= ts < end` compares right as text for every stored
    /// RFC 3339 UTC value, with or without fractional seconds.
    pub fn day_bounds(&self, t: OffsetDateTime) -> (String, String) {
        let date = self.civil(t).date();
        let start = |d: jiff::civil::Date| {
            let ts = d
                .to_zoned(self.zone.clone())
                .map(|z| z.timestamp())
                .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
            ts.strftime("%Y-%m-%dT%H:%M:%S").to_string()
        };
        let next = date.tomorrow().unwrap_or(date);
        (start(date), start(next))
    }

    /// The UTC hour (`YYYY-MM-DDTHH`, as the KPI rollups key their rows) the local day `date`
    /// starts in.
    pub fn hour_of_midnight(&self, date: jiff::civil::Date) -> String {
        date.to_zoned(self.zone.clone())
            .map(|z| z.timestamp())
            .unwrap_or(jiff::Timestamp::UNIX_EPOCH)
            .strftime("%Y-%m-%dT%H")
            .to_string()
    }

    /// The local date of a UTC hour `YYYY-MM-DDTHH`; its own date when it does not parse.
    pub fn date_of_hour(&self, hour: &str) -> String {
        let parsed = format!("{hour}:00:00Z").parse::<jiff::Timestamp>();
        match parsed {
            Ok(ts) => ts.to_zoned(self.zone.clone()).date().to_string(),
            Err(_) => hour.get(..10).unwrap_or(hour).to_owned(),
        }
    }
}
