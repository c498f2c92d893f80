//! Why a rule table is refused. Every refusal names the table (its `id`, or "(unnamed)" when the
//! JSON is too broken to read one), the row counted from 1 as a person reads the file, and the
//! field, so whoever edits rules can fix them without reading the engine.

/// A table refused on load.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TableError {
    #[error("rule table {table}: not valid JSON at line {line}, column {column}: {message}")]
    Json {
        table: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("rule table {table}{}, field `{field}`: {problem}", row_part(.row))]
    Invalid {
        table: String,
        /// Counted from 1; None for table-level fields.
        row: Option<usize>,
        field: String,
        problem: String,
    },
    #[error(
        "rule table {table}: the rows can all miss (e.g. {example}); end the table with a catch-all \
         row (\"when\": {{}})"
    )]
    MayMiss { table: String, example: String },
}

fn row_part(row: &Option<usize>) -> String {
    row.map(|r| format!(", row {r}")).unwrap_or_default()
}

impl TableError {
    pub fn table(&self) -> &str {
        match self {
            TableError::Json { table, .. }
            | TableError::Invalid { table, .. }
            | TableError::MayMiss { table, .. } => table,
        }
    }

    pub fn row(&self) -> Option<usize> {
        match self {
            TableError::Invalid { row, .. } => *row,
            _ => None,
        }
    }

    pub fn field(&self) -> Option<&str> {
        match self {
            TableError::Invalid { field, .. } => Some(field),
            _ => None,
        }
    }
}
