//! What the hub answers when it refuses: an HTTP status and a `{code, message}` body, with the
//! details a station acts on (`expected` for a gap, `seq` for a conflict).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

#[derive(Debug, thiserror::Error)]
pub enum HubError {
    #[error("no valid token")]
    Unauthorized,
    #[error("this station's token was revoked")]
    Revoked,
    #[error("{0}")]
    Forbidden(String),
    #[error("the enrolment code is unknown, used or expired")]
    BadEnrolCode,
    #[error("{0}")]
    StreamTaken(String),
    #[error("unknown stream {0}")]
    UnknownStream(String),
    #[error("event {seq} is already held with another hash: the station's database was restored or copied")]
    SeqConflict { seq: i64 },
    /// The stream was continued by another (a restored or copied database): it takes no more.
    #[error("stream {stream} was continued by stream {successor}: this database was restored or copied")]
    StreamClosed { stream: String, successor: String },
    #[error("events must continue the stream at {expected}")]
    Gap { expected: i64 },
    #[error("event {seq}: the hash does not match its envelope")]
    HashMismatch { seq: i64 },
    #[error("{0}")]
    BadBatch(String),
    #[error("the batch is too large: {0}")]
    TooLarge(String),
    #[error("the hub's database: {0}")]
    Db(#[from] tokio_postgres::Error),
    #[error("the hub's database pool: {0}")]
    Pool(#[from] deadpool_postgres::PoolError),
    #[error("migration {name}: {reason}")]
    Migration { name: String, reason: String },
    #[error("configuration: {0}")]
    Config(String),
    /// Reference data refused before anything was written (a rule table or grading set the
    /// domain does not accept, with its line or row and field; a PIN that is not 4–12 digits).
    #[error("{0}")]
    InvalidReference(String),
    #[error("{0}")]
    NoSuchReference(String),
    #[error("the hub holds no unit {0} in this site")]
    UnknownUnit(String),
    /// A version already held with another definition, or older than the one held.
    #[error("{0}")]
    ReferenceVersion(String),
    /// Returns refused, each with its position (or line) and reason; nothing of the request stored.
    #[error("{} return(s) refused: {}", .0.len(), .0.iter().map(|e| e.reason.as_str()).collect::<Vec<_>>().join("; "))]
    ReturnsRefused(Vec<redock_domain::returns_file::RowError>),
    #[error("no return {0} of this shop")]
    UnknownReturn(String),
    /// A returns file refused whole (its encoding, its header).
    #[error("{0}")]
    BadFile(String),
    /// A body that is not what the route takes (not JSON, a field missing or of the wrong type).
    #[error("{0}")]
    BadRequest(String),
}

impl HubError {
    pub fn code(&self) -> &'static str {
        match self {
            HubError::Unauthorized => "auth.unauthorized",
            HubError::Revoked => "auth.revoked",
            HubError::Forbidden(_) => "auth.forbidden",
            HubError::BadEnrolCode => "enrol.invalid_code",
            HubError::StreamTaken(_) => "enrol.stream_taken",
            HubError::UnknownStream(_) => "push.unknown_stream",
            HubError::SeqConflict { .. } => "seq_conflict",
            HubError::StreamClosed { .. } => "stream_closed",
            HubError::Gap { .. } => "gap",
            HubError::HashMismatch { .. } => "push.hash_mismatch",
            HubError::BadBatch(_) => "push.bad_batch",
            HubError::TooLarge(_) => "push.too_large",
            HubError::Db(_) | HubError::Pool(_) => "hub.database",
            HubError::Migration { .. } => "hub.migration",
            HubError::Config(_) => "hub.config",
            HubError::InvalidReference(_) => "reference.invalid",
            HubError::NoSuchReference(_) => "reference.not_found",
            HubError::UnknownUnit(_) => "custody.unknown_unit",
            HubError::ReferenceVersion(_) => "reference.version",
            HubError::ReturnsRefused(e) if e.iter().all(|e| e.code == "received") => "returns.received",
            HubError::ReturnsRefused(_) => "returns.invalid",
            HubError::UnknownReturn(_) => "returns.not_found",
            HubError::BadFile(_) => "returns.bad_file",
            HubError::BadRequest(_) => "request.invalid",
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            HubError::Unauthorized | HubError::Revoked | HubError::BadEnrolCode => StatusCode::UNAUTHORIZED,
            HubError::Forbidden(_) => StatusCode::FORBIDDEN,
            HubError::UnknownStream(_) => StatusCode::NOT_FOUND,
            HubError::StreamTaken(_)
            | HubError::SeqConflict { .. }
            | HubError::StreamClosed { .. }
            | HubError::Gap { .. } => StatusCode::CONFLICT,
            HubError::HashMismatch { .. } | HubError::BadBatch(_) => StatusCode::UNPROCESSABLE_ENTITY,
            HubError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            HubError::InvalidReference(_) => StatusCode::UNPROCESSABLE_ENTITY,
            HubError::NoSuchReference(_) | HubError::UnknownUnit(_) => StatusCode::NOT_FOUND,
            HubError::ReferenceVersion(_) => StatusCode::CONFLICT,
            HubError::ReturnsRefused(e) if e.iter().all(|e| e.code == "received") => StatusCode::CONFLICT,
            HubError::ReturnsRefused(_) | HubError::BadFile(_) => StatusCode::UNPROCESSABLE_ENTITY,
            HubError::UnknownReturn(_) => StatusCode::NOT_FOUND,
            HubError::BadRequest(_) => StatusCode::BAD_REQUEST,
            HubError::Db(_) | HubError::Pool(_) | HubError::Migration { .. } | HubError::Config(_) => {
                StatusCode::SERVICE_UNAVAILABLE
            }
        }
    }
}

impl IntoResponse for HubError {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            // tokio_postgres's Display is "db error": the server's words are in its source.
            let detail = match &self {
                HubError::Db(e) => e
                    .as_db_error()
                    .map(|d| format!("{}: {}", d.code().code(), d.message())),
                _ => None,
            };
            tracing::error!(error = %self, detail, "request failed");
        } else {
            tracing::info!(code = self.code(), error = %self, "request refused");
        }
        let mut body = json!({ "code": self.code(), "message": self.to_string() });
        match &self {
            HubError::Gap { expected } => body["expected"] = json!(expected),
            HubError::SeqConflict { seq } | HubError::HashMismatch { seq } => body["seq"] = json!(seq),
            HubError::StreamClosed { successor, .. } => body["successor"] = json!(successor),
            HubError::ReturnsRefused(errors) => body["errors"] = json!(errors),
            _ => {}
        }
        (status, axum::Json(body)).into_response()
    }
}
