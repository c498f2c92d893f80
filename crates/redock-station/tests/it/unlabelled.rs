//! Parcels with no readable label (`CMD:NOLABEL`): the return found from what is inside — a
//! product's serial, the packing slip's order number or RMA, the customer's name typed — or an
//! unexpected return when nothing names it; a product read with no parcel open is asked about.

use redock_domain::receiving::ExceptionKind::{self, *};
use redock_station::receiving::{DeskPrompt, ReceivingAction, NO_LABEL};
use redock_station::{ScanOutcome, ScanSource, Session, Station};

/// The demo's coffee grinder, sold with serial KV-GR-55102 on RMA-100004 (Иван Петров; no
/// carrier label on record), with a kitchen towel set on line 2.
const GRINDER: &str = "(01)08712345678906(21)KV-GR-55102";
const TOWELS: &str = "00036000291452";

fn scan(st: &Station, s: &Session, code: &str) -> ScanOutcome {
    st.scan(s, code, ScanSource::Manual).unwrap()
}

fn new_exceptions(o: &ScanOutcome) -> Vec<ExceptionKind> {
    o.receiving
        .as_ref()
        .map(|r| r.new_exceptions.clone())
        .unwrap_or_default()
}

fn units(st: &Station) -> i64 {
    st.store()
        .read(|c| c.query_row("SELECT count(*) FROM unit", [], |r| r.get(0)))
        .unwrap()
}

fn supervisor(st: &Station) -> Session {
    st.login("BADGE-0003", "3456").unwrap()
}

#[test]
fn a_parcel_without_a_label_is_found_by_the_serial_of_the_product_in_it() {
    let t = crate::demo_station();
    let (st, s) = (&t.station, crate::inspector(&t.station));
    let opened = scan(st, &s, "CMD:NOLABEL");
    let rc = opened.receiving.as_ref().unwrap();
    assert_eq!(rc.action, ReceivingAction::Opened);
    assert_eq!(rc.parcel.code_kind.as_deref(), Some(NO_LABEL));
    assert!(rc.parcel.returns.is_empty());
    // Nothing is known yet: not an unexpected return, not an empty box.
    assert!(rc.new_exceptions.is_empty(), "{:?}", rc.new_exceptions);

    let grinder = scan(st, &s, GRINDER);
    let rc = grinder.receiving.as_ref().unwrap();
    assert_eq!(rc.action, ReceivingAction::Received);
    assert_eq!(rc.new_exceptions, vec![LabelMissing]);
    let rmas: Vec<&str> = rc.parcel.returns.iter().map(|r| r.rma.as_str()).collect();
    assert_eq!(rmas, ["RMA-100004"]);
    let unit = rc
        .parcel
        .units
        .iter()
        .find(|u| Some(&u.lpn) == rc.lpn.as_ref())
        .unwrap();
    assert_eq!((unit.rma.as_deref(), unit.line_no), (Some("RMA-100004"), Some(1)));
    let x = rc
        .parcel
        .exceptions
        .iter()
        .find(|x| x.kind == LabelMissing)
        .unwrap();
    assert_eq!(x.rma.as_deref(), Some("RMA-100004"));
    assert!(x.details.contains("\"found_by\":\"serial\""), "{}", x.details);

    // The rest of the box now matches the return found, as in a labelled parcel.
    let towels = scan(st, &s, TOWELS);
    let rc = towels.receiving.as_ref().unwrap();
    assert!(rc.new_exceptions.is_empty(), "{:?}", rc.new_exceptions);
    let unit = rc
        .parcel
        .units
        .iter()
        .find(|u| Some(&u.lpn) == rc.lpn.as_ref())
        .unwrap();
    assert_eq!((unit.rma.as_deref(), unit.line_no), (Some("RMA-100004"), Some(2)));
    let closed = scan(st, &s, "CMD:CLOSE");
    assert!(
        new_exceptions(&closed).is_empty(),
        "{:?}",
        new_exceptions(&closed)
    );
    let status: String = st
        .store()
        .read(|c| {
            c.query_row(
                "SELECT status FROM expected_return WHERE rma = 'RMA-100004'",
                [],
                |r| r.get(0),
            )
        })
        .unwrap();
    assert_eq!(status, "received");
    // The finding is a fact of the log: a rebuild from the events gives the same parcel.
    {
        let mut c = st.store().lock_writer();
        let before = redock_station::projection::snapshot(&c).unwrap();
        redock_station::projection::rebuild(&mut c).unwrap();
        assert_eq!(redock_station::projection::snapshot(&c).unwrap(), before);
    }
    let kinds: Vec<String> = st
        .store()
        .read(|c| {
            let mut q = c.prepare("SELECT kind FROM receiving_exception ORDER BY seq")?;
            let rows = q.query_map([], |r| r.get(0))?.collect::<Result<Vec<String>, _>>();
            rows
        })
        .unwrap();
    assert_eq!(kinds, ["label_missing"]);
}

#[test]
fn a_product_with_no_parcel_open_asks_and_the_answer_takes_it_in() {
    let t = crate::demo_station();
    let (st, s) = (&t.station, crate::inspector(&t.station));
    let asked = scan(st, &s, GRINDER);
    assert!(asked.receiving.is_none());
    assert!(
        matches!(&asked.prompt, Some(DeskPrompt::NoParcelOpen { code }) if code == GRINDER),
        "{:?}",
        asked.prompt
    );
    assert_eq!(units(st), 0, "asked, not received");

    // CMD:NOLABEL answers: the parcel opens and the grinder read a moment ago is in it.
    t.clock.advance(time::Duration::seconds(20));
    let opened = scan(st, &s, "CMD:NOLABEL");
    let rc = opened.receiving.as_ref().unwrap();
    assert_eq!(rc.action, ReceivingAction::Opened);
    assert!(rc.lpn.is_some(), "the product read before is taken in");
    assert_eq!(rc.new_exceptions, vec![LabelMissing]);
    assert_eq!(rc.parcel.units.len(), 1);
    assert_eq!(rc.parcel.units[0].rma.as_deref(), Some("RMA-100004"));
    // The inspection starts on it, as for any unit received.
    assert!(opened
        .inspection
        .as_ref()
        .and_then(|i| i.inspection.as_ref())
        .is_some());
    // Read again, it is the same unit, not a second one.
    let again = scan(st, &s, GRINDER);
    assert!(again.repeated.is_some(), "{again:?}");
    assert_eq!(units(st), 1);
}

#[test]
fn the_parcel_s_label_found_after_the_product_takes_it_in_too() {
    let t = crate::demo_station();
    let (st, s) = (&t.station, crate::inspector(&t.station));
    // Kari Nordmann's running jacket, then her parcel's carrier label.
    scan(st, &s, "05012345678900");
    let opened = scan(st, &s, "RR123456785PL");
    let rc = opened.receiving.as_ref().unwrap();
    assert_eq!(rc.action, ReceivingAction::Opened);
    assert_eq!(rc.parcel.units.len(), 1);
    assert_eq!(rc.parcel.units[0].rma.as_deref(), Some("RMA-100003"));
    assert!(!rc.new_exceptions.contains(&LabelMissing));
}

#[test]
fn a_product_read_long_before_or_by_someone_else_is_not_taken_in() {
    let t = crate::demo_station();
    let st = &t.station;
    let s = crate::inspector(st);
    scan(st, &s, GRINDER);
    t.clock
        .advance(redock_station::receiving::PENDING_PRODUCT + time::Duration::seconds(1));
    let opened = scan(st, &s, "CMD:NOLABEL");
    assert!(opened.receiving.as_ref().unwrap().lpn.is_none());
    assert_eq!(units(st), 0);
    scan(st, &s, "CMD:CLOSE");

    // Another operator's read.
    scan(st, &s, GRINDER);
    let other = supervisor(st);
    let opened = scan(st, &other, "CMD:NOLABEL");
    assert!(opened.receiving.as_ref().unwrap().lpn.is_none());
    assert_eq!(units(st), 0);
}

#[test]
fn a_serial_sold_on_several_returns_asks_which_and_the_choice_takes_the_product_in() {
    let t = crate::demo_station();
    let st = &t.station;
    // The same grinder serial on a second open return (a resold unit).
    let csv = "rma;shop;order_no;order_date;customer_id;customer_name;customer_tier;tracking;line_no;sku;quantity;serials;stated_reason\n\
               RMA-200301;demo;ORD-2026-0301;2026-11-18;cust-301;Ola Nordmann;standard;;1;HG-GRIND;1;KV-GR-55102;defective\n";
    let report = st.import_rmas(&supervisor(st), csv.as_bytes()).unwrap();
    assert_eq!(report.imported, ["RMA-200301"], "{:?}", report.errors);
    let s = crate::inspector(st);
    scan(st, &s, "CMD:NOLABEL");
    let asked = scan(st, &s, GRINDER);
    assert!(
        asked.receiving.is_none(),
        "nothing guessed: {:?}",
        asked.receiving
    );
    let Some(DeskPrompt::ChooseReturn { serial, candidates }) = &asked.prompt else {
        panic!("{:?}", asked.prompt)
    };
    assert_eq!(serial, "KV-GR-55102");
    let rmas: Vec<&str> = candidates.iter().map(|r| r.rma.as_str()).collect();
    assert_eq!(rmas, ["RMA-100004", "RMA-200301"]);
    assert_eq!(units(st), 0);

    // The inspector chooses by scanning (or keying) the RMA.
    let chosen = scan(st, &s, "RMA-200301");
    let rc = chosen.receiving.as_ref().unwrap();
    assert_eq!(rc.action, ReceivingAction::Attached);
    assert!(rc.lpn.is_some(), "the grinder waited for the choice");
    assert_eq!(rc.new_exceptions, vec![LabelMissing]);
    let unit = &rc.parcel.units[0];
    assert_eq!((unit.rma.as_deref(), unit.line_no), (Some("RMA-200301"), Some(1)));
    assert_eq!(units(st), 1);
    // A second read of the grinder is the unit received, not a question again.
    assert!(scan(st, &s, GRINDER).repeated.is_some());
    assert_eq!(units(st), 1);
}

#[test]
fn a_serial_no_return_sold_is_an_unexpected_return_received_as_any() {
    let t = crate::demo_station();
    let (st, s) = (&t.station, crate::inspector(&t.station));
    scan(st, &s, "CMD:NOLABEL");
    let hp = scan(st, &s, "(01)05901234123457(21)HP200-99999");
    assert!(
        matches!(&hp.prompt, Some(DeskPrompt::SerialNotFound { serial }) if serial == "HP200-99999"),
        "{:?}",
        hp.prompt
    );
    let rc = hp.receiving.as_ref().unwrap();
    assert_eq!(rc.action, ReceivingAction::Received);
    assert_eq!(rc.new_exceptions, vec![UnexpectedReturn]);
    assert!(rc.parcel.returns.is_empty());
    // A second product: the parcel is already an unexpected return; not a wrong item.
    let pens = scan(st, &s, "04006381333931");
    assert!(new_exceptions(&pens).is_empty(), "{:?}", new_exceptions(&pens));
    let closed = scan(st, &s, "CMD:CLOSE");
    assert!(
        new_exceptions(&closed).is_empty(),
        "{:?}",
        new_exceptions(&closed)
    );
    assert_eq!(units(st), 2);
}

#[test]
fn the_packing_slip_s_order_number_identifies_a_parcel_without_a_label() {
    let t = crate::demo_station();
    let (st, s) = (&t.station, crate::inspector(&t.station));
    let opened = scan(st, &s, "CMD:NOLABEL");
    let parcel = opened.receiving.unwrap().parcel.parcel_id;
    let slip = scan(st, &s, "ORD-2026-0003");
    let rc = slip.receiving.as_ref().unwrap();
    assert_eq!(
        rc.action,
        ReceivingAction::Attached,
        "the same parcel, identified"
    );
    assert_eq!(rc.parcel.parcel_id, parcel);
    // Kari Nordmann's return is past the shop's window, as it would be with its label.
    assert_eq!(rc.new_exceptions, vec![LabelMissing, LateReturn]);
    let x = rc
        .parcel
        .exceptions
        .iter()
        .find(|x| x.kind == LabelMissing)
        .unwrap();
    assert!(x.details.contains("\"found_by\":\"order\""), "{}", x.details);
    // Kari Nordmann's jacket and sweater, as on her return.
    for code in ["05012345678900", "05940000000011"] {
        let o = scan(st, &s, code);
        assert!(new_exceptions(&o).is_empty(), "{code}: {:?}", new_exceptions(&o));
    }
    assert!(new_exceptions(&scan(st, &s, "CMD:CLOSE")).is_empty());
}

#[test]
fn an_rma_typed_from_the_slip_identifies_it_and_a_parcel_label_still_starts_the_next() {
    let t = crate::demo_station();
    let (st, s) = (&t.station, crate::inspector(&t.station));
    scan(st, &s, "CMD:NOLABEL");
    let typed = scan(st, &s, "RMA-100002");
    let rc = typed.receiving.as_ref().unwrap();
    assert_eq!(rc.action, ReceivingAction::Attached);
    assert_eq!(rc.new_exceptions, vec![LabelMissing]);
    scan(st, &s, "96385074");
    scan(st, &s, "96385074");
    // The next parcel's carrier label closes this one (nothing missing) and opens the next
    // (a late one).
    let next = scan(st, &s, "RR123456785PL");
    let rc = next.receiving.as_ref().unwrap();
    assert_eq!(rc.action, ReceivingAction::Opened);
    assert_eq!(rc.new_exceptions, vec![LateReturn]);
}

#[test]
fn no_label_again_is_the_same_parcel_and_closing_it_untouched_records_no_finding() {
    let t = crate::demo_station();
    let (st, s) = (&t.station, crate::inspector(&t.station));
    let first = scan(st, &s, "CMD:NOLABEL").receiving.unwrap().parcel.parcel_id;
    let again = scan(st, &s, "CMD:NOLABEL");
    assert!(again.repeated.is_some(), "{again:?}");
    assert_eq!(st.current_parcel().unwrap().unwrap().parcel_id, first);
    // Its label turned up after all: the labelled parcel opens, the empty one closes quietly.
    let labelled = scan(st, &s, "1Z999AA10123456784");
    let rc = labelled.receiving.as_ref().unwrap();
    assert_eq!(rc.action, ReceivingAction::Opened);
    assert!(rc.new_exceptions.is_empty(), "{:?}", rc.new_exceptions);
    let findings: i64 = st
        .store()
        .read(|c| c.query_row("SELECT count(*) FROM receiving_exception", [], |r| r.get(0)))
        .unwrap();
    assert_eq!(findings, 0);
    // A parcel without a label that really is empty: CMD:EMPTY says so.
    scan(st, &s, "CMD:NOLABEL");
    let empty = scan(st, &s, "CMD:EMPTY");
    assert!(new_exceptions(&empty).contains(&EmptyBox));
}

#[test]
fn no_label_over_a_parcel_with_units_closes_it_and_opens_a_new_one() {
    let t = crate::demo_station();
    let (st, s) = (&t.station, crate::inspector(&t.station));
    scan(st, &s, "1Z999AA10123456784");
    scan(st, &s, "(01)05901234123457(21)HP200-00017");
    scan(st, &s, "CMD:GRADE:A");
    let next = scan(st, &s, "CMD:NOLABEL");
    let rc = next.receiving.as_ref().unwrap();
    assert_eq!(rc.action, ReceivingAction::Opened);
    assert_eq!(rc.parcel.code_kind.as_deref(), Some(NO_LABEL));
    // The labelled parcel was closed with what it is missing; the graded unit was decided.
    assert!(
        rc.new_exceptions.contains(&MissingItem),
        "{:?}",
        rc.new_exceptions
    );
    assert!(next
        .inspection
        .as_ref()
        .and_then(|i| i.decision.as_ref())
        .is_some());
    assert!(
        rc.lpn.is_none(),
        "the headphones were received in the other parcel"
    );
}

#[test]
fn the_customer_s_name_finds_open_returns_whatever_the_keyboard() {
    let t = crate::demo_station();
    let (st, s) = (&t.station, crate::inspector(&t.station));
    let rmas = |typed: &str| -> Vec<String> {
        st.find_returns_by_customer(&s, typed)
            .unwrap()
            .into_iter()
            .map(|r| r.rma)
            .collect()
    };
    assert_eq!(rmas("kowalska"), ["RMA-100001"]);
    assert_eq!(rmas("KOWALSKA anna"), ["RMA-100001"]);
    assert_eq!(rmas("Kowalská"), ["RMA-100001"]);
    assert_eq!(rmas("петров"), ["RMA-100004"]);
    assert_eq!(rmas("nordmann"), ["RMA-100003"]);
    assert!(rmas("Nobody Atall").is_empty());
    let e = st.find_returns_by_customer(&s, " a ").unwrap_err();
    assert_eq!(e.code(), "receiving.name_too_short");
    // A name search records nothing: no event carries the name typed.
    let before: i64 = st
        .store()
        .read(|c| c.query_row("SELECT count(*) FROM events", [], |r| r.get(0)))
        .unwrap();
    rmas("popescu");
    let after: i64 = st
        .store()
        .read(|c| c.query_row("SELECT count(*) FROM events", [], |r| r.get(0)))
        .unwrap();
    assert_eq!(before, after);

    // A return fully received is no longer open.
    scan(st, &s, "1Z999AA10123456784");
    scan(st, &s, "96385074");
    scan(st, &s, "96385074");
    assert!(rmas("popescu").is_empty());
    // Not logged in: refused.
    st.logout(&s).unwrap();
    assert_eq!(
        st.find_returns_by_customer(&s, "kowalska").unwrap_err().code(),
        "auth.not_logged_in"
    );
}

#[test]
fn an_old_database_gets_its_serials_and_folded_names_at_migration() {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/station/station-v7.sqlite");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("station.sqlite");
    std::fs::copy(&fixture, &db).unwrap();
    let st = Station::open(
        &db,
        std::sync::Arc::new(redock_station::clock::FixedClock::new(
            time::macros::datetime!(2026-11-30 08:00 UTC),
        )),
        redock_domain::CodeConfig::demo(),
    )
    .unwrap();
    let (serials, sold, unfolded): (i64, i64, i64) = st
        .store()
        .read(|c| {
            c.query_row(
                "SELECT (SELECT count(*) FROM rma_serial),
                        (SELECT count(*) FROM rma_line l, json_each(l.serials) s WHERE s.value <> ''),
                        (SELECT count(*) FROM customer WHERE search = '')",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
        })
        .unwrap();
    assert!(serials > 0);
    assert_eq!(serials, sold);
    assert_eq!(unfolded, 0);
}
