//! `redock bench rules`: our first-hit decision tables (redock-domain's `disposition`) against
//! GoRules' zen-engine evaluating the same tables, in the same run, on the same inputs.
//!
//! Two tables:
//! - **seven**: 7 rows over 4 inputs (category, grade, days_since_purchase, tier → channel), written
//!   twice by hand: `tables/seven-v1.json` (ours) and `tables/seven.jdm.json` (JDM, hit policy
//!   "first").
//! - **demo**: our full demo table (assets/rules/demo.json, 20 rows), translated to a JDM
//!   decision table by `redock_domain::disposition::jdm::to_jdm` (the station's own export, so
//!   this also shows zen reads that export as we decide). Zen decides the row (channel and reason); the
//!   "best recovery among allowed channels" rows come back from zen as `best_of` without the
//!   valuation, which zen is not asked to do (ours always values every channel, as its trace
//!   shows them).
//!
//! Every input is first run through both engines and the answers compared (the mismatch count
//! must be 0: that is what shows they run the same table). Then the variants are timed in
//! alternating rounds over the same inputs: evaluations per second per round (median reported),
//! and the latency of every `SAMPLE_EVERY`th evaluation timed on its own (p50, p99).
//!
//! `cargo run --release --manifest-path benches/rules/Cargo.toml -- [--n N] [--rounds R]
//! [--seed S] [--dump-jdm DIR]`

use anyhow::{anyhow, bail, Context, Result};
use redock_domain::disposition::{
    decide, demo_table, Choice, DecisionInput, FraudFlag, ReturnWindow,
    RtvTerms, Table, Tier, VendorAgreement, DEFAULT_GRADES,
};
use serde_json::{json, Value as Json};
use std::collections::{BTreeMap, BTreeSet};
use std::hint::black_box;
use std::sync::Arc;
use std::time::Instant;
use zen_engine::model::DecisionContent;
use zen_engine::{Decision as ZenDecision, DecisionEngine, EvaluationOptions, Variable};

/// The zen-engine this crate pins (Cargo.toml: `zen-engine = "=0.55.1"`).
const ZEN_VERSION: &str = "0.55.1";
const SEVEN_RULES: &str = include_str!("../tables/seven-v1.json");
const SEVEN_JDM: &str = include_str!("../tables/seven.jdm.json");
/// One evaluation in this many is timed on its own for the latency percentiles.
const SAMPLE_EVERY: usize = 100;

struct Args {
    n: usize,
    rounds: usize,
    seed: u64,
    dump_jdm: Option<std::path::PathBuf>,
}

fn args() -> Result<Args> {
    let mut a = Args {
        n: 200_000,
        rounds: 5,
        seed: 1,
        dump_jdm: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().with_context(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--n" => a.n = value()?.parse().context("--n")?,
            "--rounds" => a.rounds = value()?.parse().context("--rounds")?,
            "--seed" => a.seed = value()?.parse().context("--seed")?,
            "--dump-jdm" => a.dump_jdm = Some(value()?.into()),
            "-h" | "--help" => {
                println!("usage: redock-bench-rules [--n N (200000)] [--rounds R (5)] [--seed S (1)] [--dump-jdm DIR]");
                std::process::exit(0);
            }
            other => bail!("unknown argument {other} (try --help)"),
        }
    }
    if a.n == 0 || a.rounds == 0 || a.n < a.rounds {
        bail!("--n must be at least --rounds, and both above 0");
    }
    Ok(a)
}

/// splitmix64: a seeded, dependency-free generator; the inputs only need to be varied and
/// reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// Inputs of the kinds a returns floor sees: the four categories of the demo and one it does not
/// know, every grade, purchases up to 4 months back, vendor agreements on half the SKUs, a few
/// fraud flags, hygiene checks on apparel.
fn inputs(n: usize, seed: u64) -> Vec<DecisionInput> {
    let mut rng = Rng(seed);
    let categories = [
        "electronics",
        "electronics",
        "apparel",
        "apparel",
        "home",
        "home",
        "toys",
    ];
    let tiers = [
        Tier::Standard,
        Tier::Standard,
        Tier::Standard,
        Tier::Loyal,
        Tier::Loyal,
        Tier::Vip,
    ];
    (0..n)
        .map(|_| {
            let category = *rng.pick(&categories);
            let grade = *rng.pick(&DEFAULT_GRADES);
            let days = rng.below(121) as u32;
            let price = 500 + rng.below(80_000) as i64;
            let cost = price * (35 + rng.below(30) as i64) / 100;
            let vendor = rng.chance(50).then(|| VendorAgreement {
                rtv: *rng.pick(&[RtvTerms::Eligible, RtvTerms::Forced, RtvTerms::Prohibited]),
                window_days: *rng.pick(&[30, 60, 90]),
                credit_bp: 5000 + rng.below(5001) as u32,
            });
            let mut flags = BTreeSet::new();
            if rng.chance(8) {
                flags.insert(*rng.pick(&FraudFlag::ALL));
                if rng.chance(30) {
                    flags.insert(*rng.pick(&FraudFlag::ALL));
                }
            }
            let mut axes = BTreeMap::new();
            if category == "apparel" && rng.chance(40) {
                axes.insert("hygiene".into(), (*rng.pick(&["pass", "pass", "fail"])).into());
            }
            DecisionInput {
                grade: grade.into(),
                axes,
                category: category.into(),
                cost_minor: cost,
                price_minor: price,
                currency: "EUR".into(),
                days_since_purchase: days,
                window: if days <= 30 {
                    ReturnWindow::Within
                } else {
                    ReturnWindow::Late
                },
                tier: *rng.pick(&tiers),
                vendor,
                flags,
                rates: None,
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// The runs.

/// A table as both engines see it.
struct Case {
    name: &'static str,
    what: String,
    ours: Table,
    /// zen with its expressions compiled ahead (`Decision::compile`), its fastest form.
    zen: ZenDecision,
    /// zen as `create_decision` returns it (expressions compiled on first use per evaluation).
    zen_default: ZenDecision,
    /// The context zen gets per input (converted once, cloned per evaluation: an Rc clone).
    contexts: Vec<Variable>,
    /// What zen must answer for an input, given our decision: (channel, reason if zen gives one).
    expect: fn(&redock_domain::disposition::Decision<'_>) -> (String, Option<String>),
}

fn zen_decisions(content: DecisionContent) -> (ZenDecision, ZenDecision) {
    let engine = DecisionEngine::default();
    let default = engine.create_decision(Arc::new(content));
    let mut compiled = default.clone();
    compiled.compile();
    (compiled, default)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Variant {
    Ours,
    OursJson,
    Zen,
    ZenTrace,
    ZenDefault,
}

const VARIANTS: [Variant; 5] = [
    Variant::Ours,
    Variant::OursJson,
    Variant::Zen,
    Variant::ZenTrace,
    Variant::ZenDefault,
];

impl Variant {
    fn key(self) -> &'static str {
        match self {
            Variant::Ours => "ours_trace",
            Variant::OursJson => "ours_trace_json",
            Variant::Zen => "zen",
            Variant::ZenTrace => "zen_trace",
            Variant::ZenDefault => "zen_not_precompiled",
        }
    }
    fn label(self) -> &'static str {
        match self {
            Variant::Ours => "ours, full trace",
            Variant::OursJson => "ours, full trace serialised to JSON",
            Variant::Zen => "zen-engine, precompiled, no trace",
            Variant::ZenTrace => "zen-engine, precompiled, trace on",
            Variant::ZenDefault => "zen-engine, not precompiled, no trace",
        }
    }
}

#[derive(Default)]
struct Stats {
    round_rates: Vec<f64>,
    samples_ns: Vec<f64>,
}

impl Stats {
    fn rate(&self) -> f64 {
        median(&self.round_rates)
    }
    fn pct_us(&self, p: f64) -> f64 {
        let mut v = self.samples_ns.clone();
        v.sort_by(f64::total_cmp);
        if v.is_empty() {
            return 0.0;
        }
        let i = ((v.len() as f64 - 1.0) * p).round() as usize;
        v[i.min(v.len() - 1)] / 1000.0
    }
}

fn median(v: &[f64]) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

/// Folds what a decision carries, trace included, into the sink so that none of it can be
/// optimised away.
fn fold_ours(d: &redock_domain::disposition::Decision<'_>) -> u64 {
    let t = &d.trace;
    let recovered: i64 = t.recovery.iter().filter_map(|v| v.expected_minor).sum();
    (d.channel as u64)
        ^ (t.row.unwrap_or(0) as u64) << 8
        ^ (t.missed.len() as u64) << 16
        ^ (t.matched.len() as u64) << 24
        ^ (t.missed.last().map_or(0, |m| m.row) as u64) << 32
        ^ (recovered as u64).rotate_left(40)
        ^ d.destination.len() as u64
}

fn run_ours(
    table: &Table,
    inputs: &[DecisionInput],
    json: bool,
    st: &mut Stats,
    sink: &mut u64,
) -> Result<()> {
    let mut buf = Vec::with_capacity(4096);
    let started = Instant::now();
    for (i, input) in inputs.iter().enumerate() {
        let timer = (i % SAMPLE_EVERY == 0).then(Instant::now);
        let d = decide(table, black_box(input));
        *sink = sink.wrapping_add(fold_ours(&d));
        if json {
            buf.clear();
            serde_json::to_writer(&mut buf, &d)?;
            *sink = sink.wrapping_add(buf.len() as u64);
        }
        black_box(&d);
        if let Some(t) = timer {
            st.samples_ns.push(t.elapsed().as_nanos() as f64);
        }
    }
    st.round_rates
        .push(inputs.len() as f64 / started.elapsed().as_secs_f64());
    Ok(())
}

async fn run_zen(
    decision: &ZenDecision,
    contexts: &[Variable],
    trace: bool,
    st: &mut Stats,
    sink: &mut u64,
) -> Result<()> {
    let started = Instant::now();
    for (i, ctx) in contexts.iter().enumerate() {
        let timer = (i % SAMPLE_EVERY == 0).then(Instant::now);
        let opts = EvaluationOptions {
            trace,
            ..Default::default()
        };
        let r = decision
            .evaluate_with_opts(black_box(ctx.clone()), opts)
            .await
            .map_err(|e| anyhow!("zen-engine: {e}"))?;
        let channel_len = r
            .result
            .dot("channel")
            .and_then(|v| v.as_str().map(str::len))
            .unwrap_or(0);
        *sink = sink.wrapping_add(channel_len as u64 + r.trace.as_ref().map_or(0, |t| t.len() as u64));
        black_box(&r);
        drop(r);
        if let Some(t) = timer {
            st.samples_ns.push(t.elapsed().as_nanos() as f64);
        }
    }
    st.round_rates
        .push(contexts.len() as f64 / started.elapsed().as_secs_f64());
    Ok(())
}

struct CaseResult {
    name: &'static str,
    what: String,
    rows: usize,
    rows_hit: usize,
    warnings: usize,
    mismatches: usize,
    mismatches_trace: usize,
    first_mismatch: Option<String>,
    stats: Vec<(Variant, Stats)>,
}

fn zen_answer(r: &zen_engine::DecisionGraphResponse) -> (String, Option<String>) {
    let get = |k: &str| r.result.dot(k).and_then(|v| v.as_str().map(str::to_owned));
    (get("channel").unwrap_or_else(|| "(none)".into()), get("reason"))
}

fn run_case(
    rt: &tokio::runtime::Runtime,
    case: &Case,
    inputs: &[DecisionInput],
    rounds: usize,
) -> Result<CaseResult> {
    // The proof: both engines give the same answer for every input (zen with and without its
    // trace). This pass also warms both.
    let mut mismatches = 0;
    let mut mismatches_trace = 0;
    let mut first_mismatch = None;
    let mut rows_hit = BTreeSet::new();
    rt.block_on(async {
        for (input, ctx) in inputs.iter().zip(&case.contexts) {
            let d = decide(&case.ours, input);
            rows_hit.insert(d.trace.row);
            let (channel, reason) = (case.expect)(&d);
            for (trace, count) in [(false, &mut mismatches), (true, &mut mismatches_trace)] {
                let opts = EvaluationOptions {
                    trace,
                    ..Default::default()
                };
                let r = case
                    .zen
                    .evaluate_with_opts(ctx.clone(), opts)
                    .await
                    .map_err(|e| anyhow!("zen-engine: {e}"))?;
                let (zc, zr) = zen_answer(&r);
                if zc != channel || (reason.is_some() && zr != reason) {
                    *count += 1;
                    if first_mismatch.is_none() {
                        first_mismatch = Some(format!(
                            "input {} → ours {channel} {reason:?} (row {:?}), zen {zc} {zr:?}",
                            serde_json::to_string(input)?,
                            d.trace.row
                        ));
                    }
                }
            }
        }
        // Warm the not-precompiled form too.
        for ctx in case.contexts.iter().take(1000) {
            black_box(
                case.zen_default
                    .evaluate(ctx.clone())
                    .await
                    .map_err(|e| anyhow!("zen-engine: {e}"))?,
            );
        }
        Ok::<_, anyhow::Error>(())
    })?;

    let mut stats: Vec<(Variant, Stats)> = VARIANTS.iter().map(|v| (*v, Stats::default())).collect();
    let chunk = inputs.len() / rounds;
    let mut sink = 0u64;
    for r in 0..rounds {
        let range = r * chunk..(r + 1) * chunk;
        let (ins, ctxs) = (&inputs[range.clone()], &case.contexts[range]);
        // Alternate, and rotate who goes first, so that drift (other processes, frequency)
        // hits every variant alike.
        for k in 0..VARIANTS.len() {
            let idx = (k + r) % VARIANTS.len();
            let (v, st) = &mut stats[idx];
            match v {
                Variant::Ours => run_ours(&case.ours, ins, false, st, &mut sink)?,
                Variant::OursJson => run_ours(&case.ours, ins, true, st, &mut sink)?,
                Variant::Zen => rt.block_on(run_zen(&case.zen, ctxs, false, st, &mut sink))?,
                Variant::ZenTrace => rt.block_on(run_zen(&case.zen, ctxs, true, st, &mut sink))?,
                Variant::ZenDefault => rt.block_on(run_zen(&case.zen_default, ctxs, false, st, &mut sink))?,
            }
        }
    }
    black_box(sink);
    Ok(CaseResult {
        name: case.name,
        what: case.what.clone(),
        rows: case.ours.rows().len(),
        rows_hit: rows_hit.len(),
        warnings: case.ours.warnings().len(),
        mismatches,
        mismatches_trace,
        first_mismatch,
        stats,
    })
}

fn stat(res: &CaseResult, v: Variant) -> &Stats {
    // VARIANTS lists every variant and `stats` is built from it.
    &res.stats[VARIANTS.iter().position(|x| *x == v).unwrap_or(0)].1
}

fn main() -> Result<()> {
    let a = args()?;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;

    let seven = Table::from_json(SEVEN_RULES).map_err(|e| anyhow!("tables/seven-v1.json: {e}"))?;
    let seven_jdm: DecisionContent = serde_json::from_str(SEVEN_JDM).context("tables/seven.jdm.json")?;
    let demo = demo_table();
    // The station's own export (`redock rules to-jdm`): what operations edit in GoRules.
    let demo_jdm_json = redock_domain::disposition::jdm::to_jdm(&demo);
    if let Some(dir) = &a.dump_jdm {
        std::fs::create_dir_all(dir)?;
        let path = dir.join("demo.jdm.json");
        std::fs::write(&path, serde_json::to_string_pretty(&demo_jdm_json)?)?;
        println!("wrote {}", path.display());
    }
    let demo_jdm: DecisionContent = serde_json::from_value(demo_jdm_json).context("generated demo JDM")?;

    let t = Instant::now();
    let inputs = inputs(a.n, a.seed);
    for (i, input) in inputs.iter().enumerate() {
        input
            .validate(&demo)
            .map_err(|e| anyhow!("generated input {i} is invalid: {e}"))?;
    }
    // Zen gets the seven table's four inputs only (the least it needs; its cost grows with the
    // context), and the whole input, as serde writes it, for the demo table.
    let seven_ctx: Vec<Variable> = inputs
        .iter()
        .map(|i| {
            Variable::from(json!({"category": i.category, "grade": i.grade,
                                   "days_since_purchase": i.days_since_purchase, "tier": i.tier}))
        })
        .collect();
    let demo_ctx: Vec<Variable> = inputs
        .iter()
        .map(|i| serde_json::to_value(i).map(Variable::from))
        .collect::<Result<_, _>>()?;
    let prep = t.elapsed();

    let (seven_zen, seven_zen_default) = zen_decisions(seven_jdm);
    let (demo_zen, demo_zen_default) = zen_decisions(demo_jdm);
    let cases = [
        Case {
            name: "seven",
            what: "7 rows × 4 inputs (category, grade, days_since_purchase, tier → channel)".into(),
            ours: seven,
            zen: seven_zen,
            zen_default: seven_zen_default,
            contexts: seven_ctx,
            expect: |d| (d.channel.as_str().to_owned(), None),
        },
        Case {
            name: "demo",
            what: format!(
                "assets/rules/demo.json, {} rows (zen: row → channel/reason; best-recovery rows → \"best_of\", not valued)",
                demo.rows().len()
            ),
            ours: demo,
            zen: demo_zen,
            zen_default: demo_zen_default,
            contexts: demo_ctx,
            expect: |d| {
                let channel = match d.trace.choice {
                    Choice::BestRecovery { .. } => "best_of".to_owned(),
                    _ => d.channel.as_str().to_owned(),
                };
                (channel, Some(d.reason.to_owned()))
            },
        },
    ];

    println!(
        "bench rules: {} inputs (seed {}), {} alternating rounds, 1 in {SAMPLE_EVERY} evaluations timed alone; zen-engine {ZEN_VERSION}; inputs built in {:.1} s",
        a.n,
        a.seed,
        a.rounds,
        prep.as_secs_f64()
    );
    let mut results = Vec::new();
    for case in &cases {
        let started = Instant::now();
        let res = run_case(&rt, case, &inputs, a.rounds)?;
        print_case(&res, started.elapsed().as_secs_f64());
        results.push(res);
    }

    let json_cases: Vec<Json> = results
        .iter()
        .map(|res| {
            let mut variants = serde_json::Map::new();
            for (v, st) in &res.stats {
                variants.insert(
                    v.key().into(),
                    json!({"evals_per_s": st.rate().round(), "p50_us": round3(st.pct_us(0.5)),
                           "p99_us": round3(st.pct_us(0.99)),
                           "rounds_per_s": st.round_rates.iter().map(|x| x.round()).collect::<Vec<_>>()}),
                );
            }
            let ours = stat(res, Variant::Ours);
            json!({
                "table": res.name, "rows": res.rows, "rows_hit": res.rows_hit,
                "mismatches": res.mismatches, "mismatches_zen_trace": res.mismatches_trace,
                "variants": variants,
                "ratio": round3(ours.rate() / stat(res, Variant::Zen).rate()),
                "ratio_vs_zen_trace": round3(ours.rate() / stat(res, Variant::ZenTrace).rate()),
                "ratio_vs_zen_not_precompiled": round3(ours.rate() / stat(res, Variant::ZenDefault).rate()),
                "p99_ratio": round3(stat(res, Variant::Zen).pct_us(0.99) / ours.pct_us(0.99)),
            })
        })
        .collect();
    println!(
        "{}",
        json!({"bench": "rules", "n": a.n, "seed": a.seed, "rounds": a.rounds, "zen_engine": ZEN_VERSION,
               "goal": 10, "tables": json_cases})
    );
    let mismatched: usize = results.iter().map(|r| r.mismatches + r.mismatches_trace).sum();
    if mismatched > 0 {
        bail!("{mismatched} answers where zen-engine and ours disagree: the tables are not the same");
    }
    Ok(())
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

fn print_case(res: &CaseResult, seconds: f64) {
    println!();
    println!("table {}: {}", res.name, res.what);
    println!(
        "  same answers: {} mismatches (zen with trace: {}); rows hit {}/{}; load warnings {}; {seconds:.1} s",
        res.mismatches, res.mismatches_trace, res.rows_hit, res.rows, res.warnings
    );
    if let Some(m) = &res.first_mismatch {
        println!("  FIRST MISMATCH: {m}");
    }
    println!(
        "  {:<40} {:>12} {:>9} {:>9}",
        "engine", "evals/s", "p50 µs", "p99 µs"
    );
    for (v, st) in &res.stats {
        println!(
            "  {:<40} {:>12.0} {:>9.2} {:>9.2}",
            v.label(),
            st.rate(),
            st.pct_us(0.5),
            st.pct_us(0.99)
        );
    }
    let ours = stat(res, Variant::Ours);
    let r = |v| ours.rate() / stat(res, v).rate();
    let goal = if r(Variant::Zen) >= 10.0 { "met" } else { "NOT met" };
    println!(
        "  ratio ours (full trace) / zen: {:.1} (goal >= 10: {goal}); / zen with trace: {:.1}; / zen not precompiled: {:.1}",
        r(Variant::Zen),
        r(Variant::ZenTrace),
        r(Variant::ZenDefault)
    );
    println!(
        "  p99 zen / ours: {:.1}; ours with the trace serialised to JSON / zen with trace: {:.1}",
        stat(res, Variant::Zen).pct_us(0.99) / ours.pct_us(0.99),
        stat(res, Variant::OursJson).rate() / stat(res, Variant::ZenTrace).rate()
    );
}
