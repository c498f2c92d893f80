//! The demo rules row by row, the engine's guarantees as properties, and refusals of bad tables.

use super::*;
use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// A unit of the demo catalogue's kind: price and cost like its demo SKUs, bought 10 days ago,
/// within the window, standard tier, no agreement, no flags.
fn u(category: &str, grade: &str) -> DecisionInput {
    let (cost, price) = match category {
        "electronics" => (4200, 8999),
        "apparel" => (2100, 7990),
        _ => (3500, 7400),
    };
    DecisionInput {
        grade: grade.into(),
        axes: BTreeMap::new(),
        category: category.into(),
        cost_minor: cost,
        price_minor: price,
        currency: "EUR".into(),
        days_since_purchase: 10,
        window: ReturnWindow::Within,
        tier: Tier::Standard,
        vendor: None,
        flags: BTreeSet::new(),
        rates: None,
    }
}

impl DecisionInput {
    fn flag(mut self, f: FraudFlag) -> Self {
        self.flags.insert(f);
        self
    }
    fn tier(mut self, t: Tier) -> Self {
        self.tier = t;
        self
    }
    fn late(mut self) -> Self {
        self.window = ReturnWindow::Late;
        self
    }
    fn days(mut self, d: u32) -> Self {
        self.days_since_purchase = d;
        self
    }
    fn money(mut self, cost: i64, price: i64) -> Self {
        self.cost_minor = cost;
        self.price_minor = price;
        self
    }
    fn vendor(mut self, rtv: RtvTerms, window_days: u32, credit_bp: u32) -> Self {
        self.vendor = Some(VendorAgreement {
            rtv,
            window_days,
            credit_bp,
        });
        self
    }
    fn axis(mut self, k: &str, v: &str) -> Self {
        self.axes.insert(k.into(), v.into());
        self
    }
}

/// `expect` is "<channel> via row <n>", optionally followed by " to <destination>".
fn check(input: DecisionInput, expect: &str) {
    let table = demo_table();
    input.validate(&table).expect("test inputs are valid");
    let d = decide(&table, &input);
    let got = format!("{} via row {}", d.channel, d.trace.row.map_or(0, |r| r));
    if expect.contains(" to ") {
        assert_eq!(format!("{got} to {}", d.destination), expect, "{input:?}");
    } else {
        assert_eq!(got, expect, "{input:?}");
    }
}

#[test]
fn demo_rules_one_case_each() {
    use FraudFlag::*;
    use RtvTerms::*;
    check(
        u("electronics", "A").flag(EmptyBox),
        "hold via row 1 to TOTE-HOLD",
    );
    check(
        u("home", "new-unopened").flag(SerialMismatch).tier(Tier::Vip),
        "hold via row 1",
    );
    check(u("apparel", "A").flag(RepeatReturner), "hold via row 2");
    check(
        u("apparel", "A").flag(RepeatReturner).tier(Tier::Loyal),
        "restock via row 7",
    );
    check(
        u("electronics", "D").vendor(Forced, 30, 8000),
        "rtv via row 3 to TOTE-RTV",
    );
    check(
        u("electronics", "D").vendor(Forced, 30, 8000).days(45),
        "liquidate via row 12",
    );
    check(u("electronics", "C").money(31000, 54900), "hold via row 4");
    check(
        u("apparel", "B").axis("hygiene", "fail"),
        "destroy via row 5 to TOTE-DS",
    );
    check(u("home", "new-unopened"), "restock via row 6 to BIN-RS");
    check(u("electronics", "A").late().tier(Tier::Vip), "restock via row 7");
    check(u("apparel", "A"), "restock via row 8");
    check(u("home", "A").late(), "refurbish via row 9 to TOTE-RF-CHECK");
    check(
        u("electronics", "B")
            .money(31000, 54900)
            .vendor(Eligible, 60, 9000),
        "refurbish via row 10",
    );
    check(
        u("electronics", "D")
            .money(4500, 6000)
            .vendor(Eligible, 60, 10000),
        "rtv via row 10",
    );
    check(
        u("electronics", "B").vendor(Eligible, 5, 9000),
        "refurbish via row 11 to TOTE-RF",
    );
    check(u("electronics", "D"), "liquidate via row 12 to PAL-LQ");
    check(u("electronics", "X"), "recycle via row 13 to TOTE-RC");
    check(u("apparel", "B"), "refurbish via row 14");
    check(u("apparel", "B").money(800, 1500), "donate via row 15 to TOTE-DN");
    check(u("apparel", "C"), "donate via row 15");
    check(u("apparel", "X"), "recycle via row 16");
    check(u("home", "B"), "refurbish via row 17");
    check(u("home", "C").money(1200, 1290), "donate via row 17");
    check(u("home", "D"), "liquidate via row 18");
    check(u("home", "X"), "destroy via row 19");
    check(u("toys", "B"), "liquidate via row 20");
    check(u("toys", "X").money(100, 400), "recycle via row 20");
}

#[test]
fn demo_reaches_every_channel_and_has_no_unreachable_row() {
    let table = demo_table();
    assert_eq!((table.id(), table.version()), ("demo", 2));
    assert!(
        !table
            .warnings()
            .iter()
            .any(|w| matches!(w, Warning::Unreachable { .. } | Warning::NotAnalysed { .. })),
        "{:?}",
        table.warnings()
    );
    let mut seen = BTreeSet::new();
    for row in table.rows() {
        match &row.outcome {
            Outcome::Channel { channel, .. } => {
                seen.insert(*channel);
            }
            Outcome::BestOf(list) => seen.extend(list.iter().copied()),
        }
    }
    assert_eq!(seen.len(), Channel::ALL.len());
}

#[test]
fn trace_names_rows_conditions_values_and_recovery() {
    let table = demo_table();
    let input = u("electronics", "D")
        .money(4500, 6000)
        .vendor(RtvTerms::Eligible, 60, 10000);
    let d = decide(&table, &input);
    let t = &d.trace;
    assert_eq!(
        (t.table, t.version, t.row, t.row_name),
        ("demo", 2, Some(10), Some("electronics-vendor-or-market"))
    );
    assert_eq!(t.missed.len(), 9);
    assert_eq!(
        (t.missed[0].row, t.missed[0].field.name(), t.missed[0].value),
        (1, "flags".into(), Value::Flags(FlagSet(0)))
    );
    // Row 3 wants a forced agreement: its first failing column, in column order, is vendor.rtv.
    assert_eq!(
        (t.missed[2].field.name(), t.missed[2].value),
        ("vendor.rtv".into(), Value::Text("eligible"))
    );
    let tested: Vec<String> = t
        .matched
        .iter()
        .map(|m| format!("{} {} {}", m.field, m.condition, m.value))
        .collect();
    assert_eq!(
        tested,
        [
            "grade one of [\"B\", \"C\", \"D\"] \"D\"",
            "category = \"electronics\" \"electronics\"",
            "vendor.rtv = \"eligible\" \"eligible\"",
            "vendor.window = \"open\" \"open\""
        ]
    );
    // 4500 credited at 100 %, less 250 handling; refurbish 6000 × (75 % − 15 %) − 1500 − 250;
    // liquidate 6000 × 80 % × 30 % (grade D) − 250.
    let v: BTreeMap<Channel, Option<i64>> =
        t.recovery.iter().map(|c| (c.channel, c.expected_minor)).collect();
    assert_eq!(v[&Channel::Rtv], Some(4250));
    assert_eq!(v[&Channel::Refurbish], Some(1850));
    assert_eq!(v[&Channel::Liquidate], Some(1190));
    assert_eq!(d.expected_recovery_minor, Some(4250));
    let json = serde_json::to_value(&d).unwrap();
    assert_eq!(
        json["trace"]["choice"],
        serde_json::json!({"by": "best_recovery", "among": ["rtv", "refurbish", "liquidate"], "valued": true})
    );
    assert_eq!(
        json["trace"]["missed"][0]["condition"],
        "has any of [empty_box, swapped_item, serial_mismatch]"
    );
    assert_eq!(
        json["trace"]["rates"],
        serde_json::json!({"from": "category", "category": "electronics"})
    );
}

#[test]
fn rtv_is_blocked_without_an_open_agreement_and_money_never_overflows() {
    let table = demo_table();
    let input = u("electronics", "B").vendor(RtvTerms::Eligible, 5, 9000);
    let d = decide(&table, &input);
    let rtv = d
        .trace
        .recovery
        .iter()
        .find(|c| c.channel == Channel::Rtv)
        .unwrap();
    assert_eq!(
        (rtv.allowed, rtv.expected_minor, rtv.blocked),
        (
            false,
            None,
            Some(Blocked::VendorWindowClosed {
                days_since_purchase: 10,
                window_days: 5
            })
        )
    );
    assert_eq!(share(i64::MAX, 10_000), i64::MAX);
    assert_eq!(share(999, 3333), 332);
    // Another currency than the table's: nothing is valued, best-of takes the first allowed.
    let mut pln = u("toys", "B");
    pln.currency = "PLN".into();
    let d = decide(&table, &pln);
    assert_eq!((d.channel, d.expected_recovery_minor), (Channel::Liquidate, None));
    assert_eq!(
        d.trace.choice,
        Choice::BestRecovery {
            among: &[Channel::Liquidate, Channel::Donate, Channel::Recycle],
            valued: false
        }
    );
}

#[test]
fn an_unvalidated_input_no_row_matches_is_held() {
    let table = Table::from_json(&tiny(
        r#"[{"when": {"grade": "A"}, "then": {"channel": "restock", "reason": "r"}},
        {"when": {"grade": {"not": "A"}}, "then": {"channel": "hold", "reason": "h"}}]"#,
    ))
    .unwrap();
    let mut input = u("home", "A");
    input.grade = "Z".into();
    // "Z" is not A, so the second row takes it; a table tested on grade alone still answers.
    assert_eq!(decide(&table, &input).trace.row, Some(2));
    let table = Table::from_json(&tiny(r#"[{"when": {"grade": ["A", "B", "C", "D", "X", "new-unopened"]}, "then": {"channel": "restock", "reason": "r"}}]"#)).unwrap();
    let d = decide(&table, &input);
    assert!(input.validate(&table).is_err());
    assert_eq!(
        (d.channel, d.reason, d.trace.row, d.trace.choice),
        (Channel::Hold, NO_ROW_MATCHED, None, Choice::NoRowMatched)
    );
}

/// A table with the demo's destinations and flat rates around the given rows.
fn tiny(rows: &str) -> String {
    format!(
        r#"{{"id": "t", "version": 1,
        "destinations": {{"restock": "R", "refurbish": "F", "liquidate": "L", "rtv": "V", "donate": "D",
                          "recycle": "C", "destroy": "X", "hold": "H"}},
        "recovery": {{"currency": "EUR", "categories": {{"home": {RATES}}}, "default": {RATES}}},
        "rows": {rows}}}"#
    )
}

const RATES: &str = r#"{"restock_bp": 9000, "refurbish_bp": 6000, "refurbish_cost_bp": 2000, "liquidate_bp": 3000,
    "donate_bp": 2500, "recycle_minor": 20, "destroy_minor": -150, "handling_minor": 200}"#;

const CATCH_ALL: &str = r#"{"then": {"channel": "hold", "reason": "x"}}"#;

/// Refusal as "<row>/<field>: <problem excerpt>" checks.
fn refused(json: &str) -> TableError {
    match Table::from_json(json) {
        Ok(t) => panic!("accepted: {:?}", t.rows()),
        Err(e) => e,
    }
}

fn refused_at(rows: &str, row: usize, field: &str, problem: &str) {
    let e = refused(&tiny(rows));
    assert_eq!(
        (e.table(), e.row(), e.field()),
        ("t", Some(row), Some(field)),
        "{e}"
    );
    assert!(e.to_string().contains(problem), "{e}");
    assert!(
        e.to_string()
            .starts_with(&format!("rule table t, row {row}, field `{field}`")),
        "{e}"
    );
}

#[test]
fn bad_rule_sets_are_refused_with_table_row_and_field() {
    let r = |when: &str, then: &str| format!(r#"[{{"when": {when}, "then": {then}}}, {CATCH_ALL}]"#);
    let hold = r#"{"channel": "hold", "reason": "h"}"#;
    refused_at(
        &r(r#"{"colour": "red"}"#, hold),
        1,
        "when.colour",
        "unknown column",
    );
    refused_at(&r(r#"{"tier": {">": 3}}"#, hold), 1, "when.tier", "tier is text");
    refused_at(
        &r(r#"{"tier": "gold"}"#, hold),
        1,
        "when.tier",
        "unknown value \"gold\"",
    );
    refused_at(
        &r(r#"{"grade": ["A", "E"]}"#, hold),
        1,
        "when.grade",
        "unknown value \"E\"",
    );
    refused_at(
        &r(r#"{"category": "toys"}"#, hold),
        1,
        "when.category",
        "unknown category \"toys\"",
    );
    refused_at(
        &r(r#"{"price_minor": {"between": [500, 100]}}"#, hold),
        1,
        "when.price_minor",
        "is empty",
    );
    refused_at(
        &r(r#"{"price_minor": "cheap"}"#, hold),
        1,
        "when.price_minor",
        "is a number",
    );
    refused_at(
        &r(r#"{"price_minor": {"~": 3}}"#, hold),
        1,
        "when.price_minor",
        "unknown operator `~`",
    );
    refused_at(
        &r(r#"{"price_minor": {"<": 1.5}}"#, hold),
        1,
        "when.price_minor",
        "takes an integer",
    );
    refused_at(
        &r(r#"{"flags": {"has_any_of": ["stolen"]}}"#, hold),
        1,
        "when.flags",
        "unknown fraud flag",
    );
    refused_at(
        &r(r#"{"flags": "empty_box"}"#, hold),
        1,
        "when.flags",
        "has_any_of",
    );
    refused_at(
        &r(r#"{"grade": {"one_of": []}}"#, hold),
        1,
        "when.grade",
        "empty list",
    );
    refused_at(
        &r("{}", r#"{"channel": "sell", "reason": "h"}"#),
        1,
        "then.channel",
        "unknown channel",
    );
    refused_at(&r("{}", r#"{"channel": "hold"}"#), 1, "then.reason", "required");
    refused_at(
        &r("{}", r#"{"channel": "hold", "reason": "Not a code"}"#),
        1,
        "then.reason",
        "not a reason code",
    );
    refused_at(
        &r("{}", r#"{"best_of": ["liquidate", "hold"], "reason": "b"}"#),
        1,
        "then.best_of",
        "hold",
    );
    refused_at(
        &r("{}", r#"{"best_of": ["rtv"], "reason": "b"}"#),
        1,
        "then.best_of",
        "besides rtv",
    );
    refused_at(
        &r("{}", r#"{"best_of": [], "reason": "b"}"#),
        1,
        "then.best_of",
        "no channel",
    );
    refused_at(
        &r(
            "{}",
            r#"{"channel": "hold", "best_of": ["donate"], "reason": "b"}"#,
        ),
        1,
        "then",
        "not both",
    );
    refused_at(
        &format!(
            r#"[{CATCH_ALL}, {{"when": {{}}, "then": {{"channel": "hold", "reason": "x"}}, "why": 1}}]"#
        ),
        2,
        "why",
        "unknown field",
    );
    refused_at(
        r#"[{"then": {"channel": "hold", "reason": "x"}}, 7]"#,
        2,
        "(row)",
        "JSON object",
    );

    // Table-level fields.
    let e = refused("{\"id\": \"t\", \"version\": 1,");
    assert!(matches!(e, TableError::Json { line: 1, .. }), "{e}");
    let e = refused(&tiny("[]").replace("\"version\": 1", "\"version\": 0"));
    assert_eq!((e.row(), e.field()), (None, Some("version")), "{e}");
    let e = refused(&tiny("[]"));
    assert_eq!(e.field(), Some("rows"), "{e}");
    let e = refused(
        &tiny(&format!("[{CATCH_ALL}]")).replace("\"liquidate_bp\": 3000", "\"liquidate_bp\": 30000"),
    );
    assert!(
        e.to_string()
            .contains("field `recovery.default.liquidate_bp`: 30000 basis points"),
        "{e}"
    );
}

#[test]
fn a_table_whose_rows_can_all_miss_is_refused() {
    let e = refused(&tiny(
        r#"[{"when": {"grade": ["A", "B"]}, "then": {"channel": "restock", "reason": "r"}},
            {"when": {"grade": ["C", "D", "X"], "price_minor": {"<": 1000}}, "then": {"channel": "donate", "reason": "d"}}]"#,
    ));
    assert!(matches!(e, TableError::MayMiss { .. }), "{e}");
    assert!(e.to_string().contains("catch-all"), "{e}");
    // Rows that together cover everything need no literal catch-all.
    let ok = Table::from_json(&tiny(
        r#"[{"when": {"price_minor": {"<": 1000}}, "then": {"channel": "donate", "reason": "d"}},
            {"when": {"price_minor": {">=": 1000}}, "then": {"channel": "liquidate", "reason": "l"}}]"#,
    ));
    assert!(ok.is_ok(), "{ok:?}");
}

#[test]
fn a_row_needing_a_missing_destination_is_refused() {
    let json =
        tiny(r#"[{"then": {"channel": "restock", "reason": "x"}}]"#).replace("\"restock\": \"R\", ", "");
    let e = refused(&json);
    assert_eq!((e.row(), e.field()), (Some(1), Some("then.destination")), "{e}");
}

#[test]
fn unreachable_rows_and_overlaps_are_warnings() {
    let t = Table::from_json(&tiny(
        r#"[{"when": {"grade": ["A", "B"]}, "then": {"channel": "restock", "reason": "r"}},
            {"when": {"grade": "A", "tier": "vip"}, "then": {"channel": "refurbish", "reason": "f"}},
            {"when": {"price_minor": {"<": 1000}}, "then": {"channel": "donate", "reason": "d"}},
            {"when": {"price_minor": {">=": 1000}, "window": "late"}, "then": {"channel": "liquidate", "reason": "l"}},
            {"when": {"grade": "C", "price_minor": {"between": [500, 5000]}, "window": "late"}, "then": {"channel": "hold", "reason": "h"}},
            {"when": {"tier": "vip"}, "then": {"channel": "recycle", "reason": "c"}},
            {"then": {"channel": "destroy", "reason": "x"}}]"#,
    ))
    .unwrap();
    let w: Vec<String> = t.warnings().iter().map(|w| w.to_string()).collect();
    assert_eq!(
        w,
        [
            "row 2 is unreachable: rows 1 take all its inputs",
            "row 3 overlaps rows 1 with another outcome (first hit: they win)",
            "row 4 overlaps rows 1 with another outcome (first hit: they win)",
            "row 5 is unreachable: rows 3, 4 take all its inputs",
            "row 6 overlaps rows 1, 3, 4 with another outcome (first hit: they win)",
            "rows 1, 2, 3, 4, 5, 6, 7 say nothing of the refund (`then.refund`): a person decides it",
        ]
    );
    assert_eq!(
        t.warnings()[0],
        Warning::Unreachable {
            row: 2,
            covered_by: vec![1]
        }
    );
}

// ---- properties ----

fn arb_input() -> impl Strategy<Value = DecisionInput> {
    let vendor = proptest::option::of(
        (
            prop_oneof![
                Just(RtvTerms::Eligible),
                Just(RtvTerms::Forced),
                Just(RtvTerms::Prohibited)
            ],
            0u32..120,
            0u32..=10_000,
        )
            .prop_map(|(rtv, window_days, credit_bp)| VendorAgreement {
                rtv,
                window_days,
                credit_bp,
            }),
    );
    let rates = proptest::option::of(
        (
            0u32..=10_000,
            0u32..=10_000,
            0u32..=10_000,
            -1000i64..1000,
            0i64..1000,
        )
            .prop_map(
                |(restock_bp, refurbish_bp, liquidate_bp, recycle_minor, handling_minor)| ChannelRates {
                    restock_bp,
                    refurbish_bp,
                    refurbish_cost_bp: 1000,
                    refurbish_flat_minor: 100,
                    liquidate_bp,
                    donate_bp: 2000,
                    recycle_minor,
                    destroy_minor: -100,
                    handling_minor,
                },
            ),
    );
    (
        (
            proptest::sample::select(DEFAULT_GRADES.to_vec()),
            proptest::option::of(prop_oneof![Just("pass"), Just("fail")]),
            proptest::sample::select(vec!["electronics", "apparel", "home", "toys"]),
            0i64..2_000_000,
            0i64..2_000_000,
            prop_oneof![Just("EUR"), Just("PLN")],
        ),
        (
            0u32..800,
            prop_oneof![Just(ReturnWindow::Within), Just(ReturnWindow::Late)],
            prop_oneof![Just(Tier::Standard), Just(Tier::Loyal), Just(Tier::Vip)],
            vendor,
            proptest::sample::subsequence(FraudFlag::ALL.to_vec(), 0..=5),
            rates,
        ),
    )
        .prop_map(
            |(
                (grade, hygiene, category, cost, price, currency),
                (days, window, tier, vendor, flags, rates),
            )| {
                DecisionInput {
                    grade: grade.into(),
                    axes: hygiene
                        .map(|h| ("hygiene".to_owned(), h.to_owned()))
                        .into_iter()
                        .collect(),
                    category: category.into(),
                    cost_minor: cost,
                    price_minor: price,
                    currency: currency.into(),
                    days_since_purchase: days,
                    window,
                    tier,
                    vendor,
                    flags: flags.into_iter().collect(),
                    rates,
                }
            },
        )
}

/// Random small tables over a few columns, with or without a catch-all.
fn arb_rows() -> impl Strategy<Value = String> {
    let cond = prop_oneof![
        proptest::sample::subsequence(DEFAULT_GRADES.to_vec(), 1..=3)
            .prop_map(|g| format!(r#""grade": {}"#, serde_json::to_string(&g).unwrap())),
        proptest::sample::select(vec!["standard", "loyal", "vip"])
            .prop_map(|t| format!(r#""tier": {{"not": "{t}"}}"#)),
        (0i64..3000).prop_map(|n| format!(r#""price_minor": {{"<": {n}}}"#)),
        (0i64..3000, 0i64..3000).prop_map(|(a, b)| format!(
            r#""price_minor": {{"between": [{}, {}]}}"#,
            a.min(b),
            a.max(b)
        )),
        proptest::sample::subsequence(vec!["empty_box", "repeat_returner"], 1..=2).prop_map(|f| format!(
            r#""flags": {{"has_any_of": {}}}"#,
            serde_json::to_string(&f).unwrap()
        )),
        Just(r#""vendor.window": "open""#.to_owned()),
        Just(r#""vendor.credit_bp": {">=": 5000}"#.to_owned()),
        Just(r#""axis.hygiene": {"not": "fail"}"#.to_owned()),
    ];
    let row = (proptest::collection::vec(cond, 0..3), 0usize..3).prop_map(|(conds, out)| {
        // One condition per column: JSON keeps the last of repeated keys anyway.
        let mut by_col = BTreeMap::new();
        for c in conds {
            let col = c.split(':').next().unwrap_or_default().to_owned();
            by_col.insert(col, c);
        }
        let when = by_col.into_values().collect::<Vec<_>>().join(", ");
        let then = [
            "\"channel\": \"restock\"",
            "\"channel\": \"hold\"",
            "\"best_of\": [\"rtv\", \"donate\"]",
        ][out];
        format!(r#"{{"when": {{{when}}}, "then": {{{then}, "reason": "r{out}"}}}}"#)
    });
    proptest::collection::vec(row, 1..6).prop_map(|rows| format!("[{}]", rows.join(", ")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn every_valid_input_gets_exactly_one_decision_and_the_same_one_twice(input in arb_input()) {
        let table = demo_table();
        prop_assert!(input.validate(&table).is_ok());
        let a = decide(&table, &input);
        let copy = input.clone();
        let b = decide(&table, &copy);
        let row = a.trace.row.expect("a valid input always hits a row");
        // Exactly one: every earlier row is accounted for as missed, in order.
        prop_assert_eq!(a.trace.missed.iter().map(|m| m.row).collect::<Vec<_>>(), (1..row).collect::<Vec<_>>());
        prop_assert!(a.trace.matched.iter().all(|m| m.condition.eval(&m.value)));
        prop_assert!(a.trace.missed.iter().all(|m| !m.condition.eval(&m.value)));
        prop_assert_eq!(serde_json::to_string(&a).unwrap(), serde_json::to_string(&b).unwrap());
        prop_assert_eq!(a, b);
    }

    #[test]
    fn accepted_random_tables_cover_every_input_and_warnings_are_true(rows in arb_rows(), inputs in proptest::collection::vec(arb_input(), 48)) {
        let Ok(table) = Table::from_json(&tiny(&rows)) else { return Ok(()) };
        let unreachable: Vec<usize> = table.warnings().iter().filter_map(|w| match w {
            Warning::Unreachable { row, .. } => Some(*row),
            _ => None,
        }).collect();
        for input in &inputs {
            prop_assert!(input.validate(&table).is_ok());
            let d = decide(&table, input);
            let row = d.trace.row;
            prop_assert!(row.is_some(), "no row for {:?}", input);
            prop_assert!(!unreachable.contains(&row.unwrap_or(0)), "unreachable row fired: {:?}", row);
            if d.channel == Channel::Rtv {
                prop_assert!(d.trace.recovery.iter().any(|c| c.channel == Channel::Rtv && c.allowed));
            }
        }
    }

    #[test]
    fn a_catch_all_makes_any_random_table_valid(rows in arb_rows(), inputs in proptest::collection::vec(arb_input(), 8)) {
        // With a catch-all appended every such table is accepted, and the catch-all is reached
        // only by inputs the other rows miss.
        let with = rows.trim_end_matches(']').to_owned() + ", " + CATCH_ALL + "]";
        let table = Table::from_json(&tiny(&with));
        prop_assert!(table.is_ok(), "{:?}", table.err());
        let table = table.unwrap();
        for input in &inputs {
            prop_assert!(decide(&table, input).trace.row.is_some());
        }
    }
}

// ---- GoRules JDM ------------------------------------------------------------------------------

/// What a decision is, for comparing two tables' answers.
fn answer(d: &Decision<'_>) -> String {
    format!(
        "{}|{}|{}|{:?}|{:?}|{:?}",
        d.channel, d.destination, d.reason, d.refund, d.expected_recovery_minor, d.trace.row
    )
}

#[test]
fn the_demo_table_exported_to_jdm_and_imported_again_decides_10000_inputs_as_before() {
    let table = demo_table();
    let jdm = serde_json::to_string_pretty(&jdm::to_jdm(&table)).unwrap();
    let (json, back) = jdm::from_jdm(&jdm, DEMO_RULES_JSON).unwrap();
    assert_eq!(back.version(), table.version() + 1, "{json}");
    assert_eq!(back.rows(), table.rows());
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = proptest::collection::vec(arb_input(), 10_000);
    let inputs = proptest::strategy::ValueTree::current(&strategy.new_tree(&mut runner).unwrap());
    let mut rows_hit = BTreeSet::new();
    for input in &inputs {
        let (a, b) = (decide(&table, input), decide(&back, input));
        assert_eq!(answer(&a), answer(&b), "{input:?}");
        rows_hit.insert(a.trace.row);
    }
    // The inputs reach most of the table, not one row.
    assert!(rows_hit.len() >= 8, "{rows_hit:?}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn random_tables_survive_the_jdm_round_trip(rows in arb_rows(), inputs in proptest::collection::vec(arb_input(), 32)) {
        let with = rows.trim_end_matches(']').to_owned() + ", " + CATCH_ALL + "]";
        let base = tiny(&with);
        let table = Table::from_json(&base).unwrap();
        let jdm = jdm::to_jdm(&table).to_string();
        let (_, back) = jdm::from_jdm(&jdm, &base).unwrap();
        // The same rows (a one-value list reads back as that value: the same test).
        prop_assert_eq!(back.rows().len(), table.rows().len());
        for input in &inputs {
            prop_assert_eq!(answer(&decide(&table, input)), answer(&decide(&back, input)));
        }
    }
}

#[test]
fn jdm_features_our_tables_do_not_have_are_refused_by_name_and_nothing_is_read() {
    let jdm = jdm::to_jdm(&demo_table());
    let refused = |doc: &serde_json::Value| jdm::from_jdm(&doc.to_string(), DEMO_RULES_JSON).unwrap_err();
    let mut collect = jdm.clone();
    collect["nodes"][1]["content"]["hitPolicy"] = "collect".into();
    let e = refused(&collect);
    assert_eq!(e.code(), "rules.jdm_unsupported");
    assert!(e.to_string().contains("hit policy `collect`"), "{e}");
    let mut expr = jdm.clone();
    expr["nodes"][1]["content"]["rules"][0]["c0"] = "$ > 2 and $ < 9".into();
    let e = refused(&expr);
    assert!(
        e.to_string().contains("rule 1 (`fraud-hold`)") && e.to_string().contains("is an expression"),
        "{e}"
    );
    let mut function = jdm.clone();
    function["nodes"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({"id": "f", "type": "functionNode", "name": "Uplift"}));
    assert!(refused(&function)
        .to_string()
        .contains("node `Uplift` is a functionNode"));
    let mut field = jdm.clone();
    field["nodes"][1]["content"]["inputs"][0]["field"] = "customer.grade".into();
    assert!(refused(&field).to_string().contains("reads `customer.grade`"));
    let mut column = jdm.clone();
    column["nodes"][1]["content"]["inputs"][0]["name"] = "colour".into();
    assert!(refused(&column)
        .to_string()
        .contains("input `colour` is not a column"));
    // A table that does not validate (a channel we do not have) is the table's refusal.
    let mut channel = jdm.clone();
    channel["nodes"][1]["content"]["rules"][0]["o-channel"] = "'teleport'".into();
    assert_eq!(refused(&channel).code(), "rules.invalid");
    assert_eq!(
        jdm::from_jdm("{}", DEMO_RULES_JSON).unwrap_err().code(),
        "rules.jdm_invalid"
    );
}

// ---- refunds ---------------------------------------------------------------------------------

#[test]
fn a_row_names_its_refund_and_the_amount_follows_the_price() {
    let t = Table::from_json(&tiny(
        r#"[{"when": {"grade": "A"}, "then": {"channel": "restock", "reason": "r", "refund": "full"}},
            {"when": {"grade": "B"}, "then": {"channel": "refurbish", "reason": "f", "refund": {"partial_fee_bp": 1500}}},
            {"when": {"grade": "C"}, "then": {"channel": "recycle", "reason": "c", "refund": "none"}},
            {"then": {"channel": "hold", "reason": "h", "refund": "review"}}]"#,
    ))
    .unwrap();
    assert!(
        !t.warnings().iter().any(|w| matches!(w, Warning::NoRefund { .. })),
        "{:?}",
        t.warnings()
    );
    let refund = |grade: &str| {
        let input = u("electronics", grade).money(4000, 8999);
        let d = decide(&t, &input);
        (d.refund, d.refund_minor)
    };
    assert_eq!(refund("A"), (Refund::Full, Some(8999)));
    // 15 % of 89.99 is 13.4985, rounded to 13.50: 76.49 back.
    assert_eq!(refund("B"), (Refund::Partial { fee_bp: 1500 }, Some(7649)));
    assert_eq!(refund("C"), (Refund::None, Some(0)));
    assert_eq!(refund("D"), (Refund::Review, None));
}

#[test]
fn a_refund_the_table_cannot_mean_is_refused_with_row_and_field() {
    for (refund, says) in [
        (r#""partial""#, "names its fee"),
        (r#"{"partial_fee_bp": 0}"#, "1..9999"),
        (r#"{"partial_fee_bp": 10000}"#, "1..9999"),
        (r#"{"partial_fee_bp": -5}"#, "1..9999"),
        (r#"{"partial": 1500}"#, "unknown refund"),
        (r#""half""#, "unknown refund"),
        ("15", "unknown refund"),
    ] {
        let e = Table::from_json(&tiny(&format!(
            r#"[{{"then": {{"channel": "restock", "reason": "r", "refund": {refund}}}}}]"#
        )))
        .unwrap_err()
        .to_string();
        assert!(
            e.contains("row 1") && e.contains("then.refund") && e.contains(says),
            "{refund}: {e}"
        );
    }
}

#[test]
fn rows_differing_only_in_refund_overlap() {
    let t = Table::from_json(&tiny(
        r#"[{"when": {"grade": "A", "tier": "vip"}, "then": {"channel": "restock", "reason": "r", "refund": "full"}},
            {"when": {"grade": "A"}, "then": {"channel": "restock", "reason": "r", "refund": {"partial_fee_bp": 500}}},
            {"then": {"channel": "hold", "reason": "h", "refund": "review"}}]"#,
    ))
    .unwrap();
    assert!(
        t.warnings()
            .iter()
            .any(|w| matches!(w, Warning::Overlap { row: 2, .. })),
        "{:?}",
        t.warnings()
    );
}

#[test]
fn the_demo_refunds_follow_the_promise_to_the_shop() {
    let table = demo_table();
    assert!(
        !table
            .warnings()
            .iter()
            .any(|w| matches!(w, Warning::NoRefund { .. })),
        "every demo row says its refund: {:?}",
        table.warnings()
    );
    let refund = |input: DecisionInput| decide(&table, &input).refund;
    // Clean and inside the window: full.
    assert_eq!(refund(u("electronics", "new-unopened")), Refund::Full);
    assert_eq!(refund(u("apparel", "A")), Refund::Full);
    // Used beyond the window: partial.
    let mut late = u("home", "B");
    late.window = ReturnWindow::Late;
    assert!(matches!(refund(late), Refund::Partial { .. }));
    let mut late_a = u("electronics", "A");
    late_a.window = ReturnWindow::Late;
    assert!(matches!(refund(late_a), Refund::Partial { .. }));
    // An empty box or a swapped item: a person decides.
    for flag in [FraudFlag::EmptyBox, FraudFlag::SwappedItem] {
        let mut suspect = u("electronics", "new-unopened");
        suspect.flags.insert(flag);
        assert_eq!(refund(suspect), Refund::Review, "{flag:?}");
    }
}

#[test]
fn a_fee_never_refunds_more_than_the_price_nor_less_than_nothing() {
    for price in [0, 1, 2, 99, 101, 8999, i64::MAX] {
        for fee_bp in [1, 1500, 5000, 9999] {
            let back = Refund::Partial { fee_bp }.amount_minor(price).unwrap();
            assert!((0..=price).contains(&back), "{price} {fee_bp}: {back}");
        }
    }
    assert_eq!(Refund::Full.amount_minor(-5), Some(0));
}

// ---- dry runs ----------------------------------------------------------------------------------

fn past_of(table: &Table, lpn: &str, input: DecisionInput) -> Past {
    let d = decide(table, &input);
    Past {
        lpn: lpn.into(),
        channel: d.channel,
        recovery_minor: d.expected_recovery_minor,
        refund: Some(d.refund),
        input,
    }
}

#[test]
fn a_dry_run_lists_the_units_a_new_table_decides_otherwise() {
    let demo = demo_table();
    let past = vec![
        past_of(&demo, "L1", u("electronics", "new-unopened")),
        past_of(&demo, "L2", u("electronics", "X")),
        past_of(&demo, "L3", u("apparel", "A")),
    ];
    assert_eq!(
        past.iter().map(|p| p.channel).collect::<Vec<_>>(),
        [Channel::Restock, Channel::Recycle, Channel::Restock]
    );
    // The same table changes nothing.
    let same = dry_run(&demo, &past);
    assert_eq!(
        (same.compared, same.changed.len(), same.recovery_delta_minor),
        (3, 0, 0)
    );

    let recycle_all = Table::from_json(&tiny(
        r#"[{"then": {"channel": "recycle", "reason": "r", "refund": "none"}}]"#,
    ))
    .unwrap();
    let run = dry_run(&recycle_all, &past);
    assert_eq!(run.compared, 3);
    // L2 stays recycled but its refund and value change (the tiny table's rates); the others move.
    assert_eq!(
        run.changed
            .iter()
            .map(|c| (c.lpn.as_str(), c.from, c.to))
            .collect::<Vec<_>>(),
        [
            ("L1", Channel::Restock, Channel::Recycle),
            ("L2", Channel::Recycle, Channel::Recycle),
            ("L3", Channel::Restock, Channel::Recycle)
        ]
    );
    assert_eq!(run.moves, BTreeMap::from([("restock → recycle".to_string(), 2)]));
    assert!(run
        .changed
        .iter()
        .all(|c| c.refund_to == Refund::None && c.row == Some(1)));
    // The difference is the sum of each unit's new value less its old one.
    let by_hand: i64 = past
        .iter()
        .map(|p| {
            decide(&recycle_all, &p.input)
                .expected_recovery_minor
                .unwrap_or(0)
                - p.recovery_minor.unwrap_or(0)
        })
        .sum();
    assert_eq!(run.recovery_delta_minor, by_hand);
    assert!(
        run.recovery_delta_minor < 0,
        "recycling recovers less than restocking"
    );
    assert_eq!(run.currency.as_deref(), Some("EUR"));
}

#[test]
fn a_dry_run_holds_what_the_table_cannot_take_and_ignores_refunds_never_decided() {
    let demo = demo_table();
    let mut before_refunds = past_of(&demo, "L1", u("electronics", "new-unopened"));
    before_refunds.refund = None;
    // The same table: a decision from before refunds is not a change.
    assert!(dry_run(&demo, std::slice::from_ref(&before_refunds))
        .changed
        .is_empty());
    // A grade the new table's scale does not have: held, as the station would hold it.
    let mut odd = past_of(&demo, "L2", u("electronics", "A"));
    odd.input.grade = "Z".into();
    let run = dry_run(&demo, &[odd]);
    assert_eq!(
        run.changed
            .iter()
            .map(|c| (c.to, c.refund_to, c.row))
            .collect::<Vec<_>>(),
        [(Channel::Hold, Refund::Review, None)]
    );
}

#[test]
fn a_dry_run_over_nothing_compares_nothing() {
    let run = dry_run(&demo_table(), &[]);
    assert_eq!(
        (run.compared, run.changed.len(), run.recovery_delta_minor),
        (0, 0, 0)
    );
    assert_eq!(run.currency, None);
}
