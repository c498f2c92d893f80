use redock_domain::receiving::ExceptionKind::{self, *};
use redock_station::receiving::{Receiving, ReceivingAction};
use redock_station::{projection, ScanSource, Session, Station};

// Keyed in: a scanner's double-read window does not apply, so the same code twice at the test's
// standing clock is two reads (double reads have tests of their own below).
fn scan(st: &Station, s: &Session, code: &str) -> Receiving {
    st.scan(s, code, ScanSource::Manual)
        .unwrap()
        .receiving
        .unwrap_or_else(|| panic!("{code} did nothing at the receiving desk"))
}

fn kinds(r: &Receiving) -> Vec<ExceptionKind> {
    r.new_exceptions.clone()
}

#[test]
fn a_parcel_with_two_rmas_a_wrong_item_a_serial_mismatch_and_an_extra() {
    let t = crate::demo_station();
    let (st, s) = (&t.station, crate::inspector(&t.station));
    let opened = scan(st, &s, "1Z999AA10123456784");
    assert_eq!(opened.action, ReceivingAction::Opened);
    let rmas: Vec<&str> = opened.parcel.returns.iter().map(|r| r.rma.as_str()).collect();
    assert_eq!(rmas, ["RMA-100001", "RMA-100002"]);
    assert_eq!(opened.parcel.carrier.as_deref(), Some("ups"));
    assert!(kinds(&opened).is_empty(), "{:?}", kinds(&opened));

    // The right headphones, serial and all.
    let hp = scan(st, &s, "(01)05901234123457(21)HP200-00017");
    assert_eq!((hp.action, kinds(&hp)), (ReceivingAction::Received, vec![]));
    let lpn = hp.lpn.clone().unwrap();
    assert!(redock_domain::codes::parse_lpn(&lpn).is_ok());
    let unit = hp.parcel.units.iter().find(|u| u.lpn == lpn).unwrap();
    assert_eq!(
        (unit.rma.as_deref(), unit.line_no, unit.serial.as_deref()),
        (Some("RMA-100001"), Some(1), Some("HP200-00017"))
    );

    // The phone sold had another serial.
    let phone = scan(st, &s, "]d2010460123456789321356938035643800");
    assert_eq!(kinds(&phone), vec![SerialMismatch]);
    let x = phone.parcel.exceptions.last().unwrap();
    assert_eq!((x.rma.as_deref(), x.line_no), (Some("RMA-100001"), Some(2)));
    assert!(
        x.details.contains("356938035643809") && x.details.contains("356938035643800"),
        "{}",
        x.details
    );

    // A coffee grinder is on neither RMA.
    assert_eq!(kinds(&scan(st, &s, "8712345678906")), vec![WrongItem]);
    // Two cases were expected; the third is extra.
    assert!(kinds(&scan(st, &s, "96385074")).is_empty());
    assert!(kinds(&scan(st, &s, "96385074")).is_empty());
    let extra = scan(st, &s, "96385074");
    assert_eq!(kinds(&extra), vec![ExtraItem]);
    assert_eq!(
        extra.parcel.units.len(),
        6,
        "every unit gets an LPN, exceptions included"
    );

    let closed = scan(st, &s, "CMD:CLOSE");
    assert_eq!((closed.action, kinds(&closed)), (ReceivingAction::Closed, vec![]));
    assert!(!closed.parcel.open);
    assert!(st.current_parcel().unwrap().is_none());
    let status: String = st
        .store()
        .read(|c| {
            c.query_row(
                "SELECT status FROM expected_return WHERE rma = 'RMA-100002'",
                [],
                |r| r.get(0),
            )
        })
        .unwrap();
    assert_eq!(status, "received");
}

#[test]
fn closing_records_missing_items_and_late_returns_are_flagged() {
    let t = crate::demo_station();
    let (st, s) = (&t.station, crate::inspector(&t.station));
    // RMA-100003 was ordered 2026-10-01; the demo shop allows 30 days; today is 2026-11-23.
    let opened = scan(st, &s, "RR123456785PL");
    assert_eq!(kinds(&opened), vec![LateReturn]);
    assert!(
        opened.parcel.exceptions[0].details.contains("\"days\":53"),
        "{}",
        opened.parcel.exceptions[0].details
    );
    scan(st, &s, "5012345678900");
    let closed = scan(st, &s, "CMD:CLOSE");
    assert_eq!(kinds(&closed), vec![MissingItem]);
    let x = closed.parcel.exceptions.last().unwrap();
    assert_eq!((x.rma.as_deref(), x.line_no), (Some("RMA-100003"), Some(2)));
}

#[test]
fn unexpected_return_empty_box_damage_and_a_return_label_inside() {
    let t = crate::demo_station();
    let (st, s) = (&t.station, crate::inspector(&t.station));
    // A valid postal number no RMA names.
    let unexpected = scan(st, &s, "EE123456785NO");
    assert_eq!(kinds(&unexpected), vec![UnexpectedReturn]);
    assert!(unexpected.parcel.returns.is_empty());
    // Its contents are received without a wrong-item exception each.
    assert!(kinds(&scan(st, &s, "5901234123457")).is_empty());
    // The return label found inside the box names the RMA.
    let attached = scan(st, &s, "RMA-100004");
    assert_eq!(attached.action, ReceivingAction::Attached);
    assert_eq!(attached.parcel.returns[0].rma, "RMA-100004");
    assert_eq!(kinds(&scan(st, &s, "CMD:DAMAGED")), vec![DamagedInTransit]);
    // The next parcel label closes this one, with what it is missing.
    let next = scan(st, &s, "RR123456785PL");
    assert_eq!(next.action, ReceivingAction::Opened);
    assert_eq!(kinds(&next), vec![MissingItem, MissingItem, LateReturn]);
    let empty = scan(st, &s, "CMD:EMPTY");
    assert_eq!(kinds(&empty), vec![EmptyBox, MissingItem, MissingItem]);

    let mut c = st.store().lock_writer();
    let before = projection::snapshot(&c).unwrap();
    projection::rebuild(&mut c).unwrap();
    assert_eq!(before, projection::snapshot(&c).unwrap());
    assert!(before.contains("## receiving_exception (8)"), "{before}");
}

#[test]
fn a_product_with_no_parcel_open_is_only_looked_up() {
    let t = crate::demo_station();
    let (st, s) = (&t.station, crate::inspector(&t.station));
    let out = st.scan(&s, "5901234123457", ScanSource::Wedge).unwrap();
    assert!(out.receiving.is_none());
    assert!(out.matched.is_some());
    assert!(st
        .scan(&s, "CMD:CLOSE", ScanSource::Wedge)
        .unwrap()
        .receiving
        .is_none());
}
