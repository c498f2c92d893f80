//! Decisions in sentences: one case per kind of condition, read back in English through the
//! station's own en.ftl; every reason code and note translated in every locale; Polish,
//! Russian and Romanian plurals.

use super::*;
use fluent_bundle::{FluentArgs, FluentBundle, FluentResource, FluentValue};
use std::collections::{BTreeMap, BTreeSet};

const FTL: [(&str, &str); 5] = [
    ("en", include_str!("../../../../assets/i18n/en.ftl")),
    ("pl", include_str!("../../../../assets/i18n/pl.ftl")),
    ("ro", include_str!("../../../../assets/i18n/ro.ftl")),
    ("nb", include_str!("../../../../assets/i18n/nb.ftl")),
    ("ru", include_str!("../../../../assets/i18n/ru.ftl")),
];

fn bundle(lang: &str) -> FluentBundle<FluentResource> {
    let src = FTL.iter().find(|(l, _)| *l == lang).expect("a locale of FTL").1;
    let res = FluentResource::try_new(src.to_owned()).unwrap_or_else(|(_, e)| panic!("{lang}.ftl: {e:?}"));
    let mut b = FluentBundle::new(vec![lang.parse().expect("a language tag")]);
    b.set_use_isolating(false);
    b.add_resource(res).expect("no key twice");
    b
}

/// An explanation as the window renders it (ui/src/lib/i18n.svelte.ts `explain`), with plain
/// stand-ins for Intl's money, percent and list formats. A missing message, a variable the
/// message does not get, or any other Fluent error is an Err naming the message.
fn say(b: &FluentBundle<FluentResource>, e: &Explanation) -> Result<String, String> {
    format(b, &e.key, &e.args)
}

fn format(
    b: &FluentBundle<FluentResource>,
    key: &str,
    args: &BTreeMap<String, Arg>,
) -> Result<String, String> {
    let pattern = b
        .get_message(key)
        .and_then(|m| m.value())
        .ok_or_else(|| format!("no message {key}"))?;
    let mut fa = FluentArgs::new();
    for (k, v) in args {
        fa.set(k.clone(), value(b, v)?);
    }
    let mut errors = Vec::new();
    let text = b.format_pattern(pattern, Some(&fa), &mut errors).into_owned();
    if errors.is_empty() {
        Ok(text)
    } else {
        Err(format!("{key}: {errors:?}"))
    }
}

fn value(b: &FluentBundle<FluentResource>, a: &Arg) -> Result<FluentValue<'static>, String> {
    Ok(match a {
        Arg::Text { text } => FluentValue::from(text.clone()),
        Arg::Number { value } => FluentValue::from(*value),
        Arg::Money { minor, currency } => {
            let amount = format!("{}.{:02}", minor / 100, (minor % 100).abs());
            FluentValue::from(match currency.as_str() {
                "EUR" => format!("€{amount}"),
                other => format!("{amount} {other}"),
            })
        }
        Arg::Percent { bp } => FluentValue::from(format!("{}%", f64::from(*bp) / 100.0)),
        Arg::Word { key, .. } => FluentValue::from(format(b, key, &BTreeMap::new())?),
        Arg::List { items, join } => {
            let mut words = items
                .iter()
                .map(|i| match (i, value(b, i)?) {
                    (Arg::Number { value }, _) => Ok(value.to_string()),
                    (_, FluentValue::String(s)) => Ok(s.into_owned()),
                    (_, other) => Err(format!("{other:?} in a list")),
                })
                .collect::<Result<Vec<_>, _>>()?;
            let last = words.pop().unwrap_or_default();
            let join = match join {
                Join::And => " and ",
                Join::Or => " or ",
            };
            FluentValue::from(if words.is_empty() {
                last
            } else {
                format!("{}{join}{last}", words.join(", "))
            })
        }
        Arg::Message { key, args } => FluentValue::from(format(b, key, args)?),
    })
}

fn english(explanations: &[Explanation]) -> Vec<String> {
    let b = bundle("en");
    explanations
        .iter()
        .map(|e| say(&b, e).unwrap_or_else(|err| panic!("{err}")))
        .collect()
}

/// A €89.99 home product that cost €35.00, bought 10 days ago, within the window, standard
/// tier, no agreement, no flags, graded B.
fn unit() -> DecisionInput {
    DecisionInput {
        grade: "B".into(),
        axes: BTreeMap::new(),
        category: "home".into(),
        cost_minor: 3500,
        price_minor: 8999,
        currency: "EUR".into(),
        days_since_purchase: 10,
        window: ReturnWindow::Within,
        tier: Tier::Standard,
        vendor: None,
        flags: BTreeSet::new(),
        rates: None,
    }
}

fn vendor(rtv: RtvTerms, window_days: u32, credit_bp: u32) -> Option<VendorAgreement> {
    Some(VendorAgreement {
        rtv,
        window_days,
        credit_bp,
    })
}

/// A table of the given rows (reason codes of the demo, so their words exist) and a catch-all.
fn table(rows: &str) -> Table {
    let rates = r#"{"restock_bp": 9000, "refurbish_bp": 6000, "refurbish_cost_bp": 2000, "liquidate_bp": 3000,
        "donate_bp": 2500, "recycle_minor": 20, "destroy_minor": -150, "handling_minor": 200}"#;
    let json = format!(
        r#"{{"id": "t", "version": 1,
        "destinations": {{"restock": "R", "refurbish": "F", "liquidate": "L", "rtv": "V", "donate": "D",
                          "recycle": "C", "destroy": "X", "hold": "H"}},
        "recovery": {{"currency": "EUR", "categories": {{"home": {rates}, "apparel": {rates}}}, "default": {rates}}},
        "rows": [{rows}, {{"name": "rest", "then": {{"channel": "hold", "reason": "value.review"}}}}]}}"#
    );
    Table::from_json(&json).unwrap_or_else(|e| panic!("{e}"))
}

/// The English sentences for one unit, decided by a table of one row `when` (restock as new)
/// and the catch-all.
fn skipped(when: &str, input: &DecisionInput) -> String {
    let t = table(&format!(
        r#"{{"when": {when}, "then": {{"channel": "restock", "reason": "resell.as_new"}}}}"#
    ));
    let d = decide(&t, input);
    assert_eq!(d.trace.row, Some(2), "the row should miss: {when}");
    let lines = english(&explain(&t, input, &d));
    assert_eq!(
        lines[0],
        "Review a costly unit in poor condition: the last rule, for every unit the rules above did not take."
    );
    assert_eq!(lines.len(), 2, "{lines:?}");
    lines[1].clone()
}

fn matched(when: &str, input: &DecisionInput) -> String {
    let t = table(&format!(
        r#"{{"when": {when}, "then": {{"channel": "restock", "reason": "resell.as_new"}}}}"#
    ));
    let d = decide(&t, input);
    assert_eq!(d.trace.row, Some(1), "the row should match: {when}");
    english(&explain(&t, input, &d)).remove(0)
}

#[test]
fn grade_category_axis_and_currency_say_what_the_unit_is_and_what_the_rule_needs() {
    let u = unit();
    assert_eq!(
        skipped(r#"{"grade": "new-unopened"}"#, &u),
        "Restock as new? No: the grade is B; the rule needs new-unopened."
    );
    assert_eq!(
        skipped(r#"{"grade": ["C", "D", "X"]}"#, &u),
        "Restock as new? No: the grade is B; the rule needs C, D or X."
    );
    assert_eq!(
        skipped(r#"{"grade": {"not": ["B", "C"]}}"#, &u),
        "Restock as new? No: the grade is B; the rule leaves out B or C."
    );
    assert_eq!(
        skipped(r#"{"category": "apparel"}"#, &u),
        "Restock as new? No: the category is home; the rule needs apparel."
    );
    let mut clean = unit();
    clean.axes.insert("hygiene".into(), "pass".into());
    assert_eq!(
        skipped(r#"{"axis.hygiene": "fail"}"#, &clean),
        "Restock as new? No: hygiene is pass; the rule needs fail."
    );
    // An axis the inspection did not record: nothing to compare, the fact says so.
    assert_eq!(
        skipped(r#"{"axis.hygiene": "fail"}"#, &u),
        "Restock as new? No: the inspection recorded no hygiene."
    );
    assert_eq!(
        skipped(r#"{"currency": "PLN"}"#, &u),
        "Restock as new? No: the unit is priced in EUR; the rule needs PLN."
    );
}

#[test]
fn money_comparisons_show_amounts_in_the_units_currency() {
    let u = unit();
    assert_eq!(
        skipped(r#"{"price_minor": {">=": 50000}}"#, &u),
        "Restock as new? No: the price is €89.99; the rule needs at least €500.00."
    );
    assert_eq!(
        skipped(r#"{"price_minor": {">": 8999}}"#, &u),
        "Restock as new? No: the price is €89.99; the rule needs more than €89.99."
    );
    assert_eq!(
        skipped(r#"{"cost_minor": {"<": 1000}}"#, &u),
        "Restock as new? No: the unit cost €35.00; the rule needs less than €10.00."
    );
    assert_eq!(
        skipped(r#"{"cost_minor": {"<=": 3499}}"#, &u),
        "Restock as new? No: the unit cost €35.00; the rule needs at most €34.99."
    );
    assert_eq!(
        skipped(r#"{"price_minor": {"between": [1000, 5000]}}"#, &u),
        "Restock as new? No: the price is €89.99; the rule needs €10.00 to €50.00."
    );
    assert_eq!(
        skipped(r#"{"price_minor": 1000}"#, &u),
        "Restock as new? No: the price is €89.99; the rule needs €10.00."
    );
}

#[test]
fn days_are_counted_with_their_plural() {
    let u = unit();
    assert_eq!(
        skipped(r#"{"days_since_purchase": {"<=": 7}}"#, &u),
        "Restock as new? No: it was bought 10 days ago; the rule needs at most 7 days."
    );
    assert_eq!(
        skipped(r#"{"days_since_purchase": {"<": 1}}"#, &u),
        "Restock as new? No: it was bought 10 days ago; the rule needs fewer than 1 day."
    );
    assert_eq!(
        skipped(r#"{"days_since_purchase": {">": 30}}"#, &u),
        "Restock as new? No: it was bought 10 days ago; the rule needs more than 30 days."
    );
    assert_eq!(
        skipped(r#"{"days_since_purchase": {">=": 30}}"#, &u),
        "Restock as new? No: it was bought 10 days ago; the rule needs at least 30 days."
    );
    assert_eq!(
        skipped(r#"{"days_since_purchase": 1}"#, &u),
        "Restock as new? No: it was bought 10 days ago; the rule needs exactly 1 day."
    );
    assert_eq!(
        skipped(r#"{"days_since_purchase": [1, 2]}"#, &u),
        "Restock as new? No: it was bought 10 days ago; the rule needs 1 or 2 days."
    );
    assert_eq!(
        skipped(r#"{"days_since_purchase": {"between": [20, 30]}}"#, &u),
        "Restock as new? No: it was bought 10 days ago; the rule needs 20 to 30 days."
    );
    let mut today = unit();
    today.days_since_purchase = 0;
    assert_eq!(
        skipped(r#"{"days_since_purchase": {">": 0}}"#, &today),
        "Restock as new? No: it was bought today; the rule needs more than 0 days."
    );
}

#[test]
fn the_return_window_and_the_tier_speak_in_words() {
    let u = unit();
    assert_eq!(
        skipped(r#"{"window": "late"}"#, &u),
        "Restock as new? No: it came back within the shop's return window (10 days after purchase)."
    );
    let mut late = unit();
    late.window = ReturnWindow::Late;
    late.days_since_purchase = 1;
    assert_eq!(
        skipped(r#"{"window": "within"}"#, &late),
        "Restock as new? No: it came back after the shop's return window (1 day after purchase)."
    );
    assert_eq!(
        skipped(r#"{"tier": ["loyal", "vip"]}"#, &u),
        "Restock as new? No: the customer's tier is standard; the rule needs loyal or VIP."
    );
}

#[test]
fn the_vendor_agreement_says_what_it_allows_and_when_its_window_closed() {
    let mut u = unit();
    assert_eq!(
        skipped(r#"{"vendor.rtv": "forced"}"#, &u),
        "Restock as new? No: no vendor agreement covers this product."
    );
    u.vendor = vendor(RtvTerms::Eligible, 30, 9000);
    assert_eq!(
        skipped(r#"{"vendor.rtv": "forced"}"#, &u),
        "Restock as new? No: the vendor takes units back but does not require it."
    );
    u.vendor = vendor(RtvTerms::Forced, 30, 9000);
    assert_eq!(
        skipped(r#"{"vendor.rtv": {"not": "forced"}}"#, &u),
        "Restock as new? No: the vendor requires defective units back."
    );
    u.vendor = vendor(RtvTerms::Prohibited, 30, 9000);
    assert_eq!(
        skipped(r#"{"vendor.rtv": "eligible"}"#, &u),
        "Restock as new? No: the vendor takes nothing back."
    );
    // The window counts from the purchase: 10 days since, a 7-day window closed 3 days ago.
    u.vendor = vendor(RtvTerms::Eligible, 7, 9000);
    assert_eq!(
        skipped(r#"{"vendor.window": "open"}"#, &u),
        "Restock as new? No: the vendor's window closed 3 days ago."
    );
    u.vendor = vendor(RtvTerms::Eligible, 11, 9000);
    assert_eq!(
        skipped(r#"{"vendor.window": "closed"}"#, &u),
        "Restock as new? No: the vendor's window is open 1 more day."
    );
    u.vendor = vendor(RtvTerms::Eligible, 10, 9000);
    assert_eq!(
        skipped(r#"{"vendor.window": "closed"}"#, &u),
        "Restock as new? No: the vendor's window closes today."
    );
    u.vendor = vendor(RtvTerms::Prohibited, 30, 9000);
    assert_eq!(
        skipped(r#"{"vendor.window": "open"}"#, &u),
        "Restock as new? No: the vendor takes nothing back."
    );
    u.vendor = vendor(RtvTerms::Eligible, 30, 4050);
    assert_eq!(
        skipped(r#"{"vendor.window_days": {">=": 60}}"#, &u),
        "Restock as new? No: the vendor's window is 30 days; the rule needs at least 60 days."
    );
    assert_eq!(
        skipped(r#"{"vendor.credit_bp": {">=": 5000}}"#, &u),
        "Restock as new? No: the vendor credits 40.5% of our cost; the rule needs at least 50%."
    );
    u.vendor = None;
    assert_eq!(
        skipped(r#"{"vendor.credit_bp": {">=": 5000}}"#, &u),
        "Restock as new? No: no vendor agreement covers this product."
    );
    assert_eq!(
        skipped(r#"{"vendor.window": "open"}"#, &u),
        "Restock as new? No: no vendor agreement covers this product."
    );
}

#[test]
fn fraud_flags_are_named_in_words() {
    let mut u = unit();
    assert_eq!(
        skipped(r#"{"flags": {"has_any_of": ["empty_box", "swapped_item"]}}"#, &u),
        "Restock as new? No: the unit has no fraud signals."
    );
    u.flags.insert(FraudFlag::RepeatReturner);
    assert_eq!(
        skipped(r#"{"flags": {"has_any_of": ["empty_box", "swapped_item"]}}"#, &u),
        "Restock as new? No: the unit has fraud signals (Repeat returner); the rule is for Empty box or Swapped item (GTIN differs)."
    );
    u.flags.insert(FraudFlag::EmptyBox);
    assert_eq!(
        matched(r#"{"flags": {"has_any_of": ["empty_box"]}}"#, &u),
        "Restock as new? Yes: the unit has fraud signals (Empty box and Repeat returner)."
    );
}

#[test]
fn the_row_that_fired_lists_what_it_saw() {
    let mut u = unit();
    u.vendor = vendor(RtvTerms::Forced, 30, 9000);
    assert_eq!(
        matched(
            r#"{"grade": ["B", "C"], "category": "home", "vendor.rtv": "forced", "vendor.window": "open"}"#,
            &u
        ),
        "Restock as new? Yes: the grade is B, the category is home, the vendor requires defective units back and the vendor's window is open 20 more days."
    );
}

#[test]
fn a_best_of_row_says_what_each_channel_would_recover_and_why_one_was_closed() {
    let table = demo_table();
    // Electronics B with an eligible agreement whose window closed: row 10 misses on the
    // window, row 11 refurbishes. Then the same unit where the agreement is open and rtv wins.
    let mut phone = unit();
    phone.category = "electronics".into();
    phone.cost_minor = 31000;
    phone.price_minor = 54900;
    phone.vendor = vendor(RtvTerms::Eligible, 60, 9000);
    phone.days_since_purchase = 12;
    let d = decide(&table, &phone);
    let lines = english(&explain(&table, &phone, &d));
    assert_eq!(
        lines[..5],
        [
            "Electronics to the channel that recovers the most? Yes: the grade is B, the category is electronics, the vendor takes units back but does not require it and the vendor's window is open 48 more days.",
            "Refurbish recovers the most: €311.90.",
            "Return to vendor would recover €276.50.",
            "Liquidate would recover €304.94.",
            "Valued with the rates for electronics.",
        ]
    );
    // The 9 rows before it, one sentence each, in order.
    assert_eq!(lines.len(), 5 + 9);
    assert_eq!(
        lines[5],
        "Hold for suspected fraud? No: the unit has no fraud signals."
    );
    // The first condition that failed, in column order: row 3 tests the grade before the vendor.
    assert_eq!(
        lines[7],
        "Return to the vendor, as the agreement requires? No: the grade is B; the rule needs C, D or X."
    );
    assert_eq!(
        lines[8],
        "Review a costly unit in poor condition? No: the grade is B; the rule needs C, D or X."
    );
    let rows: Vec<Option<u32>> = explain(&table, &phone, &d).iter().map(|e| e.row).collect();
    assert_eq!(rows, [10, 10, 10, 10, 10, 1, 2, 3, 4, 5, 6, 7, 8, 9].map(Some));

    // The catch-all with rtv among its candidates, for a unit whose window closed 3 days ago.
    let t = table_best_of();
    let mut toy = unit();
    toy.category = "toys".into();
    toy.vendor = vendor(RtvTerms::Eligible, 7, 9000);
    let d = decide(&t, &toy);
    let lines = english(&explain(&t, &toy, &d));
    assert_eq!(
        lines,
        [
            "Anything else to the channel that recovers the most: the last rule, for every unit the rules above did not take.",
            "Liquidate recovers the most: €24.99.",
            "Return to vendor skipped: the vendor's window closed 3 days ago.",
            "Donate would recover €6.75.",
            "Valued with the table's general rates: it has none for toys.",
        ]
    );
    toy.vendor = vendor(RtvTerms::Prohibited, 7, 9000);
    let d = decide(&t, &toy);
    assert_eq!(
        english(&explain(&t, &toy, &d))[2],
        "Return to vendor skipped: the vendor's agreement allows no returns."
    );
    toy.vendor = None;
    let d = decide(&t, &toy);
    assert_eq!(
        english(&explain(&t, &toy, &d))[2],
        "Return to vendor skipped: no vendor agreement covers this product."
    );
    // The caller's own rates.
    toy.rates = Some(table.recovery().default);
    let d = decide(&t, &toy);
    assert_eq!(
        english(&explain(&t, &toy, &d))[4],
        "Valued with this unit's own rates."
    );
}

fn table_best_of() -> Table {
    let rates = r#"{"restock_bp": 9000, "refurbish_bp": 6000, "refurbish_cost_bp": 2000, "refurbish_flat_minor": 300,
        "liquidate_bp": 3000, "donate_bp": 2500, "recycle_minor": 20, "destroy_minor": -150, "handling_minor": 200}"#;
    Table::from_json(&format!(
        r#"{{"id": "t", "version": 1,
        "destinations": {{"liquidate": "L", "rtv": "V", "donate": "D", "hold": "H"}},
        "recovery": {{"currency": "EUR", "default": {rates}}},
        "rows": [{{"then": {{"best_of": ["liquidate", "rtv", "donate"], "reason": "value.best_default"}}}}]}}"#
    ))
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn nothing_valued_in_another_currency_is_said_once() {
    let t = table_best_of();
    let mut u = unit();
    u.currency = "PLN".into();
    let d = decide(&t, &u);
    assert_eq!(
        english(&explain(&t, &u, &d)),
        [
            "Anything else to the channel that recovers the most: the last rule, for every unit the rules above did not take.",
            "No recovery could be valued, so the first channel the rule allows was taken: Liquidate.",
            "Return to vendor skipped: no vendor agreement covers this product.",
            "The rule table's rates are in EUR and the unit is priced in PLN: no recovery could be valued.",
        ]
    );
}

#[test]
fn holds_overrides_and_inputs_no_row_takes() {
    let t = table(r#"{"when": {"grade": "A"}, "then": {"channel": "restock", "reason": "resell.as_new"}}"#);
    let u = unit();
    let d = decide(&t, &u);
    let rules = explain(&t, &u, &d);
    assert_eq!(
        english(&explain_inspector_hold(d.channel, rules.clone()))[..2],
        [
            "The inspector held the unit for a supervisor.",
            "Without the hold the rules would have chosen: Hold for review.",
        ]
    );
    assert_eq!(
        english(&explain_inspector_hold(d.channel, rules.clone()))[2..],
        english(&rules)[..]
    );
    assert_eq!(
        english(&explain_override(Channel::Rtv)),
        [
            "A supervisor decided instead of the rules.",
            "Before the override: Return to vendor.",
        ]
    );
    assert_eq!(
        english(&explain_reason(reason::NO_EXPECTED_RETURN)),
        ["No expected return names this item: it waits for a person."]
    );
    // An input no row takes (it skipped validation): the engine's own hold.
    let only_a = Table::from_json(
        r#"{"id": "t", "version": 1, "destinations": {"restock": "R", "hold": "H"},
            "recovery": {"currency": "EUR", "default": {"restock_bp": 9000, "refurbish_bp": 0,
              "refurbish_cost_bp": 0, "liquidate_bp": 0, "donate_bp": 0, "recycle_minor": 0,
              "destroy_minor": 0, "handling_minor": 0}},
            "rows": [{"when": {"grade": ["new-unopened", "A", "B", "C", "D", "X"]},
                      "then": {"channel": "restock", "reason": "resell.as_new"}}]}"#,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut odd = unit();
    odd.grade = "Z".into();
    let d = decide(&only_a, &odd);
    assert_eq!(
        english(&explain(&only_a, &odd, &d)),
        [
            "No rule fits this unit: it waits for a person.",
            "Restock as new? No: the grade is Z; the rule needs new-unopened, A, B, C, D or X.",
        ]
    );
}

#[test]
fn plurals_in_polish_russian_and_romanian() {
    let t = table(
        r#"{"when": {"vendor.window": "open"}, "then": {"channel": "restock", "reason": "resell.as_new"}}"#,
    );
    let mut u = unit();
    u.days_since_purchase = 30;
    let mut said = Vec::new();
    for ago in [1, 3, 5, 21, 22] {
        u.vendor = vendor(RtvTerms::Eligible, 30 - ago, 9000);
        let d = decide(&t, &u);
        let skipped = explain(&t, &u, &d).remove(1);
        for lang in ["pl", "ru", "ro"] {
            said.push(say(&bundle(lang), &skipped).unwrap_or_else(|e| panic!("{e}")));
        }
    }
    let tail = |s: &String| s.rsplit(": ").next().unwrap_or_default().to_owned();
    assert_eq!(
        said.iter().map(tail).collect::<Vec<_>>(),
        [
            "termin zwrotu do dostawcy minął 1 dzień temu.",
            "срок поставщика истёк 1 день назад.",
            "termenul furnizorului s-a încheiat acum o zi.",
            "termin zwrotu do dostawcy minął 3 dni temu.",
            "срок поставщика истёк 3 дня назад.",
            "termenul furnizorului s-a încheiat acum 3 zile.",
            "termin zwrotu do dostawcy minął 5 dni temu.",
            "срок поставщика истёк 5 дней назад.",
            "termenul furnizorului s-a încheiat acum 5 zile.",
            "termin zwrotu do dostawcy minął 21 dni temu.",
            "срок поставщика истёк 21 день назад.",
            "termenul furnizorului s-a încheiat acum 21 de zile.",
            "termin zwrotu do dostawcy minął 22 dni temu.",
            "срок поставщика истёк 22 дня назад.",
            "termenul furnizorului s-a încheiat acum 22 de zile.",
        ]
    );
}

/// Every message id an explanation uses, its words and parts included.
fn keys_used(e: &Explanation, into: &mut BTreeSet<String>) {
    fn arg(a: &Arg, into: &mut BTreeSet<String>) {
        match a {
            Arg::Word { key, .. } => {
                into.insert(key.clone());
            }
            Arg::Message { key, args } => {
                into.insert(key.clone());
                args.values().for_each(|a| arg(a, into));
            }
            Arg::List { items, .. } => items.iter().for_each(|a| arg(a, into)),
            Arg::Text { .. } | Arg::Number { .. } | Arg::Money { .. } | Arg::Percent { .. } => {}
        }
    }
    into.insert(e.key.clone());
    e.args.values().for_each(|a| arg(a, into));
}

/// The ids that must be translated: the fixed ones, every reason code of the demo table, the
/// station's own hold reasons and the engine's.
fn required_keys() -> BTreeSet<String> {
    let mut keys: BTreeSet<String> = EXPLANATION_KEYS.iter().map(|k| (*k).to_owned()).collect();
    keys.extend(demo_table().rows().iter().map(|r| reason_key(&r.reason)));
    keys.extend(reason::ALL.iter().chain(&[NO_ROW_MATCHED]).map(|r| reason_key(r)));
    keys
}

#[test]
fn every_reason_code_and_recovery_note_has_a_message_in_every_locale() {
    let keys = required_keys();
    assert!(keys.contains("reason-resell-as-new") && keys.contains("reason-inspector-hold"));
    for (lang, _) in FTL {
        let b = bundle(lang);
        let missing: Vec<&String> = keys
            .iter()
            .filter(|k| b.get_message(k).and_then(|m| m.value()).is_none())
            .collect();
        assert!(missing.is_empty(), "{lang}.ftl lacks {missing:?}");
    }
}

#[test]
fn every_explanation_of_the_demo_table_reads_in_every_locale() {
    let table = demo_table();
    let mut sentences: BTreeMap<String, Explanation> = BTreeMap::new();
    let mut add = |es: Vec<Explanation>| {
        for e in es {
            sentences.insert(serde_json::to_string(&e).unwrap_or_default(), e);
        }
    };
    let vendors = [
        None,
        vendor(RtvTerms::Eligible, 60, 9000),
        vendor(RtvTerms::Eligible, 5, 9000),
        vendor(RtvTerms::Forced, 30, 8000),
        vendor(RtvTerms::Prohibited, 60, 0),
    ];
    let flag_sets: [&[FraudFlag]; 4] = [
        &[],
        &[FraudFlag::EmptyBox],
        &[FraudFlag::RepeatReturner],
        &[FraudFlag::UsedBeyondWindow, FraudFlag::SerialMismatch],
    ];
    for category in ["electronics", "apparel", "home", "toys"] {
        for grade in DEFAULT_GRADES {
            for tier in [Tier::Standard, Tier::Vip] {
                for window in [ReturnWindow::Within, ReturnWindow::Late] {
                    for v in vendors {
                        for flags in flag_sets {
                            for (price, hygiene) in
                                [(8999, None), (54900, Some("fail")), (1500, Some("pass"))]
                            {
                                let mut u = unit();
                                u.category = category.into();
                                u.grade = grade.into();
                                u.tier = tier;
                                u.window = window;
                                u.vendor = v;
                                u.flags = flags.iter().copied().collect();
                                u.price_minor = price;
                                if let Some(h) = hygiene {
                                    u.axes.insert("hygiene".into(), h.into());
                                }
                                let d = decide(&table, &u);
                                add(explain(&table, &u, &d));
                            }
                        }
                    }
                }
            }
        }
    }
    let mut pln = unit();
    pln.currency = "PLN".into();
    add(explain(&table, &pln, &decide(&table, &pln)));
    // The demo never lists rtv among best-of candidates where it can be closed: a table that does.
    let rtv_among = table_best_of();
    for v in vendors {
        let mut u = unit();
        u.vendor = v;
        add(explain(&rtv_among, &u, &decide(&rtv_among, &u)));
    }
    for r in reason::ALL {
        add(explain_reason(r));
    }
    add(explain_override(Channel::Donate));
    add(explain_inspector_hold(Channel::Restock, Vec::new()));

    let mut used = BTreeSet::new();
    for e in sentences.values() {
        keys_used(e, &mut used);
    }
    let required = required_keys();
    let unlisted: Vec<&String> = used.difference(&required).collect();
    assert!(
        unlisted.is_empty(),
        "explanations use ids KEYS does not list: {unlisted:?}"
    );
    for (lang, _) in FTL {
        let b = bundle(lang);
        for e in sentences.values() {
            let text = say(&b, e).unwrap_or_else(|err| panic!("{lang}: {err}"));
            assert!(!text.contains("{"), "{lang}: {text}");
        }
    }
}

/// A refund as the window gets it (`DecisionView.refund`).
fn refund_view(r: Refund, amount_minor: Option<i64>) -> serde_json::Value {
    let mut v = serde_json::to_value(r).unwrap_or_default();
    v["amount_minor"] = amount_minor.into();
    v
}

/// The window's test (ui/src/components/DecisionPanel.test.ts) renders a real decision of the
/// demo table: this keeps the committed one what the domain says.
/// `UPDATE_FIXTURES=1 cargo test -p redock-domain fixture` rewrites it.
#[test]
fn the_windows_fixture_is_what_the_domain_explains() {
    let table = demo_table();
    let mut phone = unit();
    phone.category = "electronics".into();
    phone.cost_minor = 31000;
    phone.price_minor = 54900;
    phone.vendor = vendor(RtvTerms::Eligible, 60, 9000);
    phone.days_since_purchase = 12;
    let d = decide(&table, &phone);
    let fresh = serde_json::to_string_pretty(&serde_json::json!({
        "channel": d.channel,
        "destination": d.destination,
        "reason": d.reason,
        "rule": format!("{}@{}#{}", table.id(), table.version(), d.trace.row.unwrap_or(0)),
        "recovery_minor": d.expected_recovery_minor,
        "currency": d.currency,
        "refund": refund_view(d.refund, d.refund_minor),
        "explanation": explain(&table, &phone, &d),
        "trace": d.trace,
    }))
    .unwrap_or_default()
        + "\n";
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../ui/src/components/DecisionPanel.fixture.json"
    );
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(path, &fresh).unwrap_or_else(|e| panic!("{path}: {e}"));
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == fresh,
        "{path} is stale: run `UPDATE_FIXTURES=1 cargo test -p redock-domain fixture`"
    );
}
