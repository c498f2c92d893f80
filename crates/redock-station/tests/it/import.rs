use redock_station::ScanSource;

const HEADER: &str = "rma;shop;order_no;order_date;customer_id;customer_name;customer_tier;tracking;line_no;sku;quantity;serials;stated_reason";

fn csv(rows: &[&str]) -> Vec<u8> {
    let mut s = String::from(HEADER);
    for r in rows {
        s.push('\n');
        s.push_str(r);
    }
    s.into_bytes()
}

#[test]
fn good_rows_are_kept_and_bad_rows_reported_by_line() {
    let t = crate::demo_station();
    let sup = t.station.login("BADGE-0003", "3456").unwrap();
    let file = csv(&[
        "RMA-200001;demo;ORD-9001;2026-11-20;c-1;Łucja Wójcik;loyal;RR987654321PL;1;EL-HP-200;1;HP200-77;defective",
        "RMA-200001;demo;ORD-9001;2026-11-20;c-1;Łucja Wójcik;loyal;RR987654321PL;2;AP-JKT-M;2;;too_small",
        "RMA-200002;demo;ORD-9002;2026-13-01;c-2;Пётр Иванов;;;1;EL-HP-200;1;;",
        "RMA-200003;demo;ORD-9003;2026-11-01;c-3;Ola;gold;;1;NO-SUCH;0;;",
        "RMA-200004;demo;ORD-9004;2026-11-01;c-4;Ana Pop;standard;;1;HG-GRIND;1;;",
        "RMA-200004;demo;ORD-9004;2026-11-01;c-4;Ana Pop;standard;;1;HG-TOWEL;1;;",
        "RMA-100001;demo;ORD-1;2026-11-01;c;X;;;1;EL-HP-200;1;;",
        "BAD-1;demo;ORD-9;2026-11-01;c;X;;;1;EL-HP-200;1;;",
    ]);
    let report = t.station.import_rmas(&sup, &file).unwrap();
    assert_eq!(report.imported, vec!["RMA-200001".to_string()]);
    assert_eq!(report.rows_read, 8);
    let lines: Vec<(u64, &str)> = report
        .errors
        .iter()
        .map(|e| (e.line, e.reason.as_str()))
        .collect();
    assert_eq!(
        lines,
        vec![
            (4, "order_date \"2026-13-01\" is not a date (YYYY-MM-DD)"),
            (5, "customer_tier \"gold\" is not one of standard, loyal, vip"),
            (5, "quantity \"0\" is not a whole number ≥ 1"),
            (5, "SKU \"NO-SUCH\" is not known"),
            (7, "RMA-200004 has line_no 1 twice"),
            (8, "RMA-100001 exists already"),
            (9, "\"BAD-1\" does not fit shop \"demo\"'s RMA format"),
        ]
    );
    // The imported RMA is there with both lines, Unicode intact, and found by its parcel label.
    let s = crate::inspector(&t.station);
    let out = t.station.scan(&s, "RR987654321PL", ScanSource::Wedge).unwrap();
    let parcel = out.receiving.unwrap().parcel;
    assert_eq!(parcel.returns[0].customer_name.as_deref(), Some("Łucja Wójcik"));
    assert_eq!(parcel.returns[0].lines.len(), 2);
    assert_eq!(parcel.returns[0].lines[0].serials, vec!["HP200-77".to_string()]);
}

#[test]
fn whole_file_problems_are_refused_with_the_reason() {
    let t = crate::demo_station();
    let sup = t.station.login("BADGE-0003", "3456").unwrap();
    let reason = |bytes: &[u8]| {
        let e = t.station.import_rmas(&sup, bytes).unwrap_err();
        assert_eq!(e.code(), "import.refused");
        e.details()["reason"].clone()
    };
    assert_eq!(reason(b""), "the file is empty");
    assert!(reason(b"rma,shop\nRMA-200009,demo\n").starts_with("missing column(s): order_no, order_date"));
    assert_eq!(
        reason(b"rma,shop,order_no,order_date,customer_id,customer_name,line_no,sku,quantity,colour\n"),
        "unknown column(s): colour"
    );
}

#[test]
fn comma_separated_with_bom_works_and_inspectors_may_not_import() {
    let t = crate::demo_station();
    let file = "\u{feff}rma,shop,order_no,order_date,customer_id,customer_name,line_no,sku,quantity\nRMA-200010,demo,O-10,2026-11-21,c,\"Smith, Jo\",1,EL-HP-200,1\n";
    let inspector = crate::inspector(&t.station);
    assert_eq!(
        t.station
            .import_rmas(&inspector, file.as_bytes())
            .unwrap_err()
            .code(),
        "auth.forbidden"
    );
    let admin = t.station.login("BADGE-0004", "4567").unwrap();
    let report = t.station.import_rmas(&admin, file.as_bytes()).unwrap();
    assert_eq!((report.imported.len(), report.errors.len()), (1, 0));
}

/// A spreadsheet as Excel saves "CSV" in that office: its code page, `;` between fields.
fn encoded(enc: &'static encoding_rs::Encoding, rows: &[&str]) -> Vec<u8> {
    let text = String::from_utf8(csv(rows)).unwrap();
    let (bytes, _, unmappable) = enc.encode(&text);
    assert!(!unmappable, "{} cannot hold {text}", enc.name());
    bytes.into_owned()
}

#[test]
fn spreadsheets_in_local_code_pages_are_read_and_the_report_says_which() {
    let t = crate::demo_station();
    let sup = t.station.login("BADGE-0003", "3456").unwrap();
    let cases: [(&str, &'static encoding_rs::Encoding, &str, &str); 5] = [
        (
            "windows-1250",
            encoding_rs::WINDOWS_1250,
            "Łucja Wójcik-Żółkiewska",
            "Przyszła uszkodzona, pęknięta obudowa",
        ),
        // One Polish letter in a short file is enough.
        ("windows-1250", encoding_rs::WINDOWS_1250, "Łucja", "x"),
        // Excel's Romanian code page has the cedilla forms of ș and ț.
        (
            "windows-1250",
            encoding_rs::WINDOWS_1250,
            "Şerban Ţurcanu din Brăila",
            "Produsul nu funcţionează, lipseşte încărcătorul",
        ),
        (
            "windows-1251",
            encoding_rs::WINDOWS_1251,
            "Пётр Иванович Смирнов",
            "Не работает, треснул корпус",
        ),
        (
            "windows-1252",
            encoding_rs::WINDOWS_1252,
            "Bjørn Ødegård Åsen",
            "Fungerer ikke, skjermen er knust på høyre side",
        ),
    ];
    for (n, (name, enc, customer, reason)) in cases.into_iter().enumerate() {
        let rma = format!("RMA-3000{n:02}");
        let row = format!("{rma};demo;ORD-{n};2026-11-20;c-{n};{customer};;;1;EL-HP-200;1;;{reason}");
        let report = t.station.import_rmas(&sup, &encoded(enc, &[&row])).unwrap();
        assert_eq!(
            (report.encoding.as_str(), report.imported.clone()),
            (name, vec![rma.clone()]),
            "{customer}"
        );
        let stored: (String, String) = t
            .station
            .store()
            .read(|c| {
                c.query_row(
                    "SELECT c.name, l.stated_reason FROM expected_return e JOIN rma_line l USING (rma) JOIN customer c USING (customer_id) WHERE rma = ?1",
                    [&rma],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
            })
            .unwrap();
        assert_eq!(stored, (customer.to_string(), reason.to_string()));
    }

    // "Unicode text" from Excel: UTF-16 with its BOM.
    let row = "RMA-300010;demo;ORD-10;2026-11-20;c-10;Ана Ștefănescu-Łopuszańska;;;1;EL-HP-200;1;;";
    let text = String::from_utf8(csv(&[row])).unwrap();
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let report = t.station.import_rmas(&sup, &utf16).unwrap();
    assert_eq!((report.encoding.as_str(), report.imported.len()), ("UTF-16LE", 1));
    // And UTF-8 says so too.
    let report = t
        .station
        .import_rmas(
            &sup,
            &csv(&["RMA-300011;demo;ORD-11;2026-11-20;c-11;Ana;;;1;EL-HP-200;1;;"]),
        )
        .unwrap();
    assert_eq!(report.encoding, "UTF-8");
}

#[test]
fn a_file_whose_code_page_cannot_be_told_is_refused_naming_the_line() {
    let t = crate::demo_station();
    let sup = t.station.login("BADGE-0003", "3456").unwrap();
    let before = t.station.status().unwrap().events_total;
    // A byte that is no letter in any office code page where a name should be ("Ann¤ Kowalsk¤" in
    // Windows-1250 and 1252, box drawing in KOI8-R): whichever was meant, it is not this.
    let file = b"rma,shop,order_no,order_date,customer_id,customer_name,line_no,sku,quantity\nRMA-200009,demo,O,2026-11-01,c,Ann\xa4 Kowalsk\xa4,1,EL-HP-200,1\n";
    let e = t.station.import_rmas(&sup, file).unwrap_err();
    assert_eq!(e.code(), "import.encoding_unsure");
    let d = e.details();
    assert_eq!(d["line"], "2");
    assert!(d["sample"].contains("RMA-200009"), "{d:?}");
    // Bytes that are no text in any office code page (a binary file renamed .csv).
    let e = t
        .station
        .import_rmas(&sup, b"rma,shop\n\x00\x81\x8d\x8f\x90\x9d\xff\xfe\x00\n")
        .unwrap_err();
    assert_eq!(e.code(), "import.encoding_unsure");
    assert_eq!(
        t.station.status().unwrap().events_total,
        before,
        "nothing imported"
    );
}
