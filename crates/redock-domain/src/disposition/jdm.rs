//! GoRules JDM (JSON Decision Model) in and out (#16 item 5), so operations can edit a rule table
//! in the GoRules editor.
//!
//! - **Out** ([`to_jdm`]): a graph request → one first-hit decision table → response. Each column
//!   the rows test is an input named as our column (`grade`, `vendor.window`, `axis.hygiene`)
//!   whose `field` is the zen expression over the decision input (`DecisionInput`'s serde names;
//!   `vendor.rtv` and `vendor.window` derived as `Column::value` derives them), so zen-engine
//!   decides as we do. Cells are unary tests: `'B'`, `'B', 'C'`, `not in ['B']`, `< 5`, `<= 5`,
//!   `> 5`, `>= 5`, `[1..5]`, `some($, # in ['empty_box'])`, empty for any. Outputs: `channel`
//!   (`'best_of'` for a best-recovery row), `best_of` (the allowed channels), `destination`,
//!   `reason`, `refund` (`'full'`, `'none'`, `'review'`, `'partial:1500'`).
//! - **In** ([`from_jdm`]): the same shape read back into our table's JSON, on a base table (the
//!   one in force: its id, grades, destinations and recovery, which JDM does not carry), at the
//!   base's version + 1, then validated as any table is. What our tables do not have is refused
//!   by name — another hit policy, a node other than the request, one table and the response, an
//!   input that is not one of our columns or reads another field than ours, a cell that is an
//!   expression rather than one of the tests above — and nothing is half read.

use super::table::{Column, Condition, Lit, Outcome, Refund, Table};
use super::TableError;
use serde_json::{json, Map, Value as Json};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum JdmError {
    #[error("not a JDM document: {0}")]
    NotJdm(String),
    #[error("{0}")]
    Unsupported(String),
    #[error("the table read from JDM does not validate: {0}")]
    Table(#[from] TableError),
}

impl JdmError {
    pub fn code(&self) -> &'static str {
        match self {
            JdmError::NotJdm(_) => "rules.jdm_invalid",
            JdmError::Unsupported(_) => "rules.jdm_unsupported",
            JdmError::Table(_) => "rules.invalid",
        }
    }
}

fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

fn lit(l: &Lit) -> String {
    match l {
        Lit::Text(t) => quote(t),
        Lit::Number(n) => n.to_string(),
    }
}

fn lits(ls: &[Lit]) -> String {
    ls.iter().map(lit).collect::<Vec<_>>().join(", ")
}

/// One cell as a zen unary test (`$` is the column's value).
fn unary(c: &Condition) -> String {
    match c {
        Condition::Any => String::new(),
        Condition::Eq(l) => lit(l),
        Condition::OneOf(ls) => lits(ls),
        Condition::Not(ls) => format!("not in [{}]", lits(ls)),
        Condition::Lt(a) => format!("< {a}"),
        Condition::Le(a) => format!("<= {a}"),
        Condition::Gt(a) => format!("> {a}"),
        Condition::Ge(a) => format!(">= {a}"),
        Condition::Between(a, b) => format!("[{a}..{b}]"),
        Condition::HasAnyOf(set) => {
            let names: Vec<String> = set.iter().map(|f| quote(f.as_str())).collect();
            format!("some($, # in [{}])", names.join(", "))
        }
    }
}

/// The zen expression a column reads, over the decision input as serde writes it.
pub fn field_of(c: &Column) -> String {
    match c {
        Column::Axis(a) => format!("axes.{a}"),
        Column::VendorRtv => "vendor == null ? 'none' : vendor.rtv".into(),
        Column::VendorWindow => "vendor == null ? 'none' : ((vendor.rtv != 'prohibited' and \
                                 days_since_purchase <= vendor.window_days) ? 'open' : 'closed')"
            .into(),
        Column::VendorWindowDays => "vendor == null ? null : vendor.window_days".into(),
        Column::VendorCreditBp => "vendor == null ? null : vendor.credit_bp".into(),
        other => other.name(),
    }
}

fn refund_cell(r: Refund) -> String {
    match r {
        Refund::Partial { fee_bp } => quote(&format!("partial:{fee_bp}")),
        other => quote(other.as_str()),
    }
}

/// The table as a JDM graph (see the module).
pub fn to_jdm(table: &Table) -> Json {
    let mut columns: Vec<&Column> = table
        .rows()
        .iter()
        .flat_map(|r| r.when.iter().map(|(c, _)| c))
        .collect();
    columns.sort();
    columns.dedup();
    let ids: Vec<String> = (0..columns.len()).map(|i| format!("c{i}")).collect();
    let inputs: Vec<Json> = columns
        .iter()
        .zip(&ids)
        .map(|(c, id)| json!({"id": id, "name": c.name(), "field": field_of(c)}))
        .collect();
    let rules: Vec<Json> = table
        .rows()
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let mut rule = Map::new();
            // The row's name is its description (the editor gives new rows ids of its own).
            rule.insert("_id".into(), json!(format!("row-{}", i + 1)));
            rule.insert("_description".into(), json!(row.name.clone().unwrap_or_default()));
            for (c, id) in columns.iter().zip(&ids) {
                let cell = row
                    .when
                    .iter()
                    .find(|(col, _)| col == *c)
                    .map(|(_, cond)| unary(cond))
                    .unwrap_or_default();
                rule.insert(id.clone(), json!(cell));
            }
            let (channel, best, destination) = match &row.outcome {
                Outcome::Channel { channel, destination } => (
                    quote(channel.as_str()),
                    String::new(),
                    destination.as_deref().map(quote).unwrap_or_default(),
                ),
                Outcome::BestOf(chs) => (
                    quote("best_of"),
                    format!(
                        "[{}]",
                        chs.iter()
                            .map(|c| quote(c.as_str()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    String::new(),
                ),
            };
            rule.insert("o-channel".into(), json!(channel));
            rule.insert("o-best".into(), json!(best));
            rule.insert("o-destination".into(), json!(destination));
            rule.insert("o-reason".into(), json!(quote(&row.reason)));
            rule.insert(
                "o-refund".into(),
                json!(if row.refund_given {
                    refund_cell(row.refund)
                } else {
                    String::new()
                }),
            );
            Json::Object(rule)
        })
        .collect();
    json!({
        "nodes": [
            {"id": "request", "type": "inputNode", "name": "Request", "position": {"x": 80, "y": 200}},
            {"id": "table", "type": "decisionTableNode", "name": format!("{}@{}", table.id(), table.version()),
             "position": {"x": 380, "y": 200},
             "content": {
                "hitPolicy": "first",
                "inputs": inputs,
                "outputs": [
                    {"id": "o-channel", "name": "Channel", "field": "channel"},
                    {"id": "o-best", "name": "Best of", "field": "best_of"},
                    {"id": "o-destination", "name": "Destination", "field": "destination"},
                    {"id": "o-reason", "name": "Reason", "field": "reason"},
                    {"id": "o-refund", "name": "Refund", "field": "refund"}
                ],
                "rules": rules
            }},
            {"id": "response", "type": "outputNode", "name": "Response", "position": {"x": 780, "y": 200}}
        ],
        "edges": [
            {"id": "e1", "sourceId": "request", "targetId": "table", "type": "edge"},
            {"id": "e2", "sourceId": "table", "targetId": "response", "type": "edge"}
        ]
    })
}

// ---- reading JDM back --------------------------------------------------------------------------

/// A small reader of the unary tests `to_jdm` writes (and the GoRules editor writes for them).
struct Cell<'a> {
    s: &'a str,
    at: usize,
}

impl<'a> Cell<'a> {
    fn new(s: &'a str) -> Self {
        Cell { s: s.trim(), at: 0 }
    }
    fn rest(&self) -> &'a str {
        &self.s[self.at..]
    }
    fn ws(&mut self) {
        while self.rest().starts_with(char::is_whitespace) {
            let c = self.rest().chars().next().map_or(1, char::len_utf8);
            self.at += c;
        }
    }
    fn eat(&mut self, t: &str) -> bool {
        self.ws();
        if self.rest().starts_with(t) {
            self.at += t.len();
            true
        } else {
            false
        }
    }
    fn done(&mut self) -> bool {
        self.ws();
        self.rest().is_empty()
    }
    fn string(&mut self) -> Option<String> {
        self.ws();
        let q = self.rest().chars().next().filter(|c| *c == '\'' || *c == '"')?;
        let mut out = String::new();
        let mut chars = self.rest()[1..].char_indices();
        while let Some((i, c)) = chars.next() {
            match c {
                '\\' => out.push(chars.next()?.1),
                c if c == q => {
                    self.at += 1 + i + 1;
                    return Some(out);
                }
                c => out.push(c),
            }
        }
        None
    }
    fn int(&mut self) -> Option<i64> {
        self.ws();
        let r = self.rest();
        let end = r
            .char_indices()
            .find(|(i, c)| !(c.is_ascii_digit() || (*i == 0 && *c == '-')))
            .map_or(r.len(), |(i, _)| i);
        let n = r[..end].parse().ok()?;
        self.at += end;
        Some(n)
    }
    fn literal(&mut self) -> Option<Lit> {
        if let Some(s) = self.string() {
            return Some(Lit::Text(s));
        }
        self.int().map(Lit::Number)
    }
    /// `a, b, c` up to (not including) `close`, or to the end.
    fn list(&mut self, close: Option<&str>) -> Option<Vec<Lit>> {
        let mut out = vec![self.literal()?];
        loop {
            if close.is_some_and(|c| {
                self.ws();
                self.rest().starts_with(c)
            }) || self.done()
            {
                return Some(out);
            }
            if !self.eat(",") {
                return None;
            }
            out.push(self.literal()?);
        }
    }
}

/// A cell back to our condition's JSON; None when it is not one of the tests we write.
fn condition_of(cell: &str) -> Option<Json> {
    let mut c = Cell::new(cell);
    if c.done() || c.rest() == "-" {
        return Some(json!("any"));
    }
    let lit_json = |l: &Lit| match l {
        Lit::Text(t) => json!(t),
        Lit::Number(n) => json!(n),
    };
    let out = if c.eat("not in") {
        if !c.eat("[") {
            return None;
        }
        let ls = c.list(Some("]"))?;
        if !c.eat("]") {
            return None;
        }
        json!({"not": ls.iter().map(lit_json).collect::<Vec<_>>()})
    } else if c.eat("some(") {
        if !(c.eat("$") && c.eat(",") && c.eat("#") && c.eat("in") && c.eat("[")) {
            return None;
        }
        let ls = c.list(Some("]"))?;
        if !(c.eat("]") && c.eat(")")) {
            return None;
        }
        json!({"has_any_of": ls.iter().map(lit_json).collect::<Vec<_>>()})
    } else if c.eat("[") {
        let lo = c.int()?;
        if !c.eat("..") {
            return None;
        }
        let hi = c.int()?;
        if !c.eat("]") {
            return None;
        }
        json!({"between": [lo, hi]})
    } else if let Some(op) = ["<=", ">=", "<", ">"].into_iter().find(|op| c.eat(op)) {
        json!({ op: c.int()? })
    } else {
        let ls = c.list(None)?;
        match ls.as_slice() {
            [one] => lit_json(one),
            many => json!(many.iter().map(lit_json).collect::<Vec<_>>()),
        }
    };
    c.done().then_some(out)
}

fn unsupported(m: String) -> JdmError {
    JdmError::Unsupported(m)
}

fn text_of(cell: &str, what: &str) -> Result<Option<String>, JdmError> {
    let mut c = Cell::new(cell);
    if c.done() {
        return Ok(None);
    }
    match c.string() {
        Some(s) if c.done() => Ok(Some(s)),
        _ => Err(unsupported(format!("{what}: `{cell}` is not a quoted text"))),
    }
}

/// Reads a JDM document (see the module) into our table's JSON on `base` (the table in force, as
/// JSON), at `base`'s version + 1, validated. Returns the JSON text and the table.
pub fn from_jdm(jdm: &str, base: &str) -> Result<(String, Table), JdmError> {
    let doc: Json = serde_json::from_str(jdm).map_err(|e| JdmError::NotJdm(e.to_string()))?;
    let base_doc: Json =
        serde_json::from_str(base).map_err(|e| JdmError::NotJdm(format!("the base table: {e}")))?;
    let base_table = Table::from_json(base)?;
    let nodes = doc
        .get("nodes")
        .and_then(Json::as_array)
        .ok_or_else(|| JdmError::NotJdm("no `nodes` array".into()))?;
    let mut tables = Vec::new();
    for n in nodes {
        let kind = n.get("type").and_then(Json::as_str).unwrap_or("?");
        let name = n.get("name").and_then(Json::as_str).unwrap_or("?");
        match kind {
            "inputNode" | "outputNode" => {}
            "decisionTableNode" => tables.push(n),
            other => {
                return Err(unsupported(format!(
                    "node `{name}` is a {other}: Redock reads one decision table between the request and the response"
                )))
            }
        }
    }
    let [table] = tables.as_slice() else {
        return Err(unsupported(format!(
            "{} decision tables: Redock reads exactly one",
            tables.len()
        )));
    };
    let content = table
        .get("content")
        .ok_or_else(|| JdmError::NotJdm("the decision table has no `content`".into()))?;
    match content.get("hitPolicy").and_then(Json::as_str) {
        Some("first") => {}
        other => {
            return Err(unsupported(format!(
                "hit policy `{}`: Redock's tables are first hit (`first`)",
                other.unwrap_or("none")
            )))
        }
    }
    let arr = |k: &str| {
        content
            .get(k)
            .and_then(Json::as_array)
            .ok_or_else(|| JdmError::NotJdm(format!("the decision table has no `{k}` array")))
    };
    let mut inputs: Vec<(String, Column)> = Vec::new();
    for i in arr("inputs")? {
        let id = i.get("id").and_then(Json::as_str).unwrap_or_default().to_owned();
        let name = i.get("name").and_then(Json::as_str).unwrap_or_default();
        let column = Column::parse(name).ok_or_else(|| {
            unsupported(format!(
                "input `{name}` is not a column of Redock's tables (they are: {})",
                Column::NAMES.join(", ")
            ))
        })?;
        let field = i.get("field").and_then(Json::as_str).unwrap_or_default();
        if field.split_whitespace().collect::<String>()
            != field_of(&column).split_whitespace().collect::<String>()
        {
            return Err(unsupported(format!(
                "input `{name}` reads `{field}`; Redock reads it as `{}`",
                field_of(&column)
            )));
        }
        inputs.push((id, column));
    }
    let mut outputs: Vec<(String, String)> = Vec::new();
    for o in arr("outputs")? {
        let id = o.get("id").and_then(Json::as_str).unwrap_or_default().to_owned();
        let field = o
            .get("field")
            .and_then(Json::as_str)
            .unwrap_or_default()
            .to_owned();
        if !["channel", "best_of", "destination", "reason", "refund"].contains(&field.as_str()) {
            return Err(unsupported(format!(
                "output `{field}`: Redock's rows give channel, best_of, destination, reason and refund"
            )));
        }
        outputs.push((id, field));
    }
    let mut rows = Vec::new();
    for (n, rule) in arr("rules")?.iter().enumerate() {
        let name = rule
            .get("_description")
            .and_then(Json::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned);
        let label = format!("rule {} (`{}`)", n + 1, name.as_deref().unwrap_or("unnamed"));
        let cell = |id: &str| rule.get(id).and_then(Json::as_str).unwrap_or_default();
        let mut when = Map::new();
        for (id, column) in &inputs {
            let text = cell(id);
            let cond = condition_of(text).ok_or_else(|| {
                unsupported(format!(
                    "{label}, column `{}`: `{text}` is an expression Redock's tables do not have \
                     (a value, a list, not in [...], <, <=, >, >=, [a..b] or some($, # in [...]))",
                    column.name()
                ))
            })?;
            if cond != json!("any") {
                when.insert(column.name(), cond);
            }
        }
        let mut then = Map::new();
        for (id, field) in &outputs {
            let text = cell(id);
            let what = format!("{label}, output `{field}`");
            match field.as_str() {
                "best_of" => {
                    let mut c = Cell::new(text);
                    if c.done() {
                        continue;
                    }
                    let ls = (c.eat("[") && !c.done())
                        .then(|| c.list(Some("]")))
                        .flatten()
                        .filter(|_| c.eat("]") && c.done())
                        .ok_or_else(|| unsupported(format!("{what}: `{text}` is not a list of channels")))?;
                    let chs: Vec<Json> = ls
                        .iter()
                        .map(|l| match l {
                            Lit::Text(t) => Ok(json!(t)),
                            Lit::Number(_) => Err(unsupported(format!("{what}: a channel is a text"))),
                        })
                        .collect::<Result<_, _>>()?;
                    then.insert("best_of".into(), Json::Array(chs));
                }
                "channel" => match text_of(text, &what)? {
                    Some(ch) if ch == "best_of" => {}
                    Some(ch) => {
                        then.insert("channel".into(), json!(ch));
                    }
                    None => {}
                },
                "refund" => match text_of(text, &what)? {
                    None => {}
                    Some(r) => {
                        let v = match r.strip_prefix("partial:") {
                            Some(bp) => json!({"partial_fee_bp": bp.trim().parse::<u64>().map_err(|_| {
                                unsupported(format!("{what}: `{r}` — a partial refund is partial:<basis points>"))
                            })?}),
                            None => json!(r),
                        };
                        then.insert("refund".into(), v);
                    }
                },
                other => {
                    if let Some(t) = text_of(text, &what)? {
                        then.insert(other.to_owned(), json!(t));
                    }
                }
            }
        }
        let mut row = Map::new();
        if let Some(name) = name {
            row.insert("name".into(), json!(name));
        }
        row.insert("when".into(), Json::Object(when));
        row.insert("then".into(), Json::Object(then));
        rows.push(Json::Object(row));
    }
    let mut out = base_doc;
    let Json::Object(top) = &mut out else {
        return Err(JdmError::NotJdm("the base table is not a JSON object".into()));
    };
    top.insert("version".into(), json!(base_table.version() + 1));
    top.insert("rows".into(), Json::Array(rows));
    let text = serde_json::to_string_pretty(&out).map_err(|e| JdmError::NotJdm(e.to_string()))?;
    let table = Table::from_json(&text)?;
    Ok((text, table))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_cell_we_write_reads_back_as_the_condition_it_was() {
        for (cell, want) in [
            ("", json!("any")),
            ("'B'", json!("B")),
            ("\"B\"", json!("B")),
            ("'B', 'C'", json!(["B", "C"])),
            ("not in ['B', 'C']", json!({"not": ["B", "C"]})),
            ("< 5", json!({"<": 5})),
            ("<= 5", json!({"<=": 5})),
            (">5", json!({">": 5})),
            (">= 50000", json!({">=": 50000})),
            ("[1..30]", json!({"between": [1, 30]})),
            (
                "some($, # in ['empty_box', 'serial_mismatch'])",
                json!({"has_any_of": ["empty_box", "serial_mismatch"]}),
            ),
            ("'it\\'s'", json!("it's")),
        ] {
            assert_eq!(condition_of(cell), Some(want), "{cell}");
        }
        for bad in [
            "$ > 5 and $ < 9",
            "len($) > 2",
            "'B' or 'C'",
            "[1..]",
            "not in 'B'",
            "some($, # == 'x')",
        ] {
            assert_eq!(condition_of(bad), None, "{bad}");
        }
    }
}
