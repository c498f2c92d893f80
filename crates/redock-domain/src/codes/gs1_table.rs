//! The GS1 Application Identifier table: every AI with its data format, written as a Rust constant.
//!
//! Source: the GS1 Barcode Syntax Dictionary (github.com/gs1/gs1-syntax-dictionary, file
//! `gs1-syntax-dictionary.txt`, copyright GS1 AISBL, Apache-2.0), which GS1 maintains alongside the
//! GS1 General Specifications. Each entry carries what the dictionary says about the AI: the
//! components of its data field (character set, fixed or variable length, optional or not), the
//! content checks GS1 names for each component ("linters"), whether it is one of the predefined-length
//! AIs that need no FNC1 separator after them ("*" flag), whether GS1 Digital Link accepts it as a data
//! attribute in the query string ("?" flag) and, for primary keys, the qualifiers Digital Link allows
//! after it in the path. Pairing rules (`req=`, `ex=`) are not carried: the station reports what was
//! read and does not judge which AIs belong together.
//!
//! Content checks the station does not run, because they need lists it does not carry: `gcppos1`,
//! `gcppos2` (GS1 Company Prefix allocation), `iso3166`, `iso3166999`, `iso3166list` (numeric country
//! codes), `iso4217` (currency codes), `couponcode`, `couponposoffer`, `mediatype`, `packagetype`,
//! `posinseqslash`. The character set and length of those components are still checked.

/// Character sets of the GS1 General Specifications, §7.11.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cset {
    /// Digits only.
    N,
    /// CSET 82: the 82 printable characters GS1 allows in alphanumeric AIs (Figure 7.11-1).
    X,
    /// CSET 39: upper-case letters, digits, `#`, `-`, `/` (Figure 7.11-2), for (8010) CPID.
    Y,
    /// CSET 64: the URL-safe base64 alphabet with optional `=` padding (Figure 7.11-3), for (8030).
    Z,
}

impl Cset {
    pub fn name(self) -> &'static str {
        match self {
            Cset::N => "digits",
            Cset::X => "GS1 character set 82",
            Cset::Y => "GS1 character set 39",
            Cset::Z => "GS1 character set 64",
        }
    }

    pub fn allows(self, b: u8) -> bool {
        match self {
            Cset::N => b.is_ascii_digit(),
            // CSET 82 is printable ASCII without space, `#`, `$`, `@`, `[`, `\`, `]`, `^`, backtick,
            // `{`, `|`, `}`, `~`.
            Cset::X => {
                matches!(b, b'!' | b'"' | b'%'..=b'/' | b'0'..=b'9' | b':'..=b'?' | b'A'..=b'Z' | b'_' | b'a'..=b'z')
            }
            Cset::Y => matches!(b, b'#' | b'-' | b'/' | b'0'..=b'9' | b'A'..=b'Z'),
            Cset::Z => matches!(b, b'-' | b'0'..=b'9' | b'A'..=b'Z' | b'_' | b'a'..=b'z' | b'='),
        }
    }
}

/// Content checks named in the dictionary, each implemented in `gs1.rs` after the GS1 reference
/// linter of the same name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lint {
    /// GS1 mod-10 check digit (GTIN, SSCC, GLN, GSIN, GSRN, ...).
    Csum,
    /// GS1 check character pair over CSET 82 (GMN, MUDI).
    CsumAlpha,
    /// YYMMDD where DD may be 00 ("end of month").
    Yymmd0,
    /// YYMMDD with a real day.
    Yymmdd,
    /// YYYYMMDD with a real day.
    Yyyymmdd,
    Hhmi,
    Hh,
    Mi,
    Ss,
    Zero,
    NonZero,
    YesNo,
    Iso5218,
    PieceOfTotal,
    Hyphen,
    Winding,
    Iso3166Alpha2,
    Iban,
    PercentEncoded,
    NoZeroPrefix,
    HasNonDigit,
    Latitude,
    Longitude,
    ImporterIdx,
}

/// One component of an AI's data field. Only the last component of an AI may vary in length.
#[derive(Debug, Clone, Copy)]
pub struct Component {
    pub cset: Cset,
    pub min: usize,
    pub max: usize,
    /// Optional components may be left out once the data is used up.
    pub optional: bool,
    pub lints: &'static [Lint],
}

const fn f(cset: Cset, len: usize) -> Component {
    Component {
        cset,
        min: len,
        max: len,
        optional: false,
        lints: &[],
    }
}

const fn v(cset: Cset, max: usize) -> Component {
    Component {
        cset,
        min: 1,
        max,
        optional: false,
        lints: &[],
    }
}

impl Component {
    const fn lints(self, lints: &'static [Lint]) -> Self {
        Component { lints, ..self }
    }

    const fn opt(self) -> Self {
        Component {
            optional: true,
            ..self
        }
    }
}

/// Digital Link qualifier sequences for a primary key: each inner slice is one allowed order.
pub type DlQualifiers = &'static [&'static [&'static str]];

/// One AI, or a run of AIs sharing a format (e.g. 3100-3105, where the last digit places the decimal
/// point).
#[derive(Debug, Clone, Copy)]
pub struct AiEntry {
    pub first: &'static str,
    pub last: &'static str,
    /// Predefined length: no FNC1 separator follows it (GS1 General Specifications Figure 7.8.5-1).
    pub predefined: bool,
    /// May appear as a Digital Link data attribute (`?17=261231`).
    pub dl_attribute: bool,
    /// A Digital Link primary key, with the qualifier orders allowed after it.
    pub dl_key: Option<DlQualifiers>,
    pub components: &'static [Component],
    pub title: &'static str,
}

#[allow(clippy::too_many_arguments)]
const fn e(
    first: &'static str,
    last: &'static str,
    predefined: bool,
    dl_attribute: bool,
    dl_key: Option<DlQualifiers>,
    components: &'static [Component],
    title: &'static str,
) -> AiEntry {
    AiEntry {
        first,
        last,
        predefined,
        dl_attribute,
        dl_key,
        components,
        title,
    }
}

impl AiEntry {
    /// Whether `ai` (digits, exactly as long as this entry's AIs) is one of this entry's AIs.
    pub fn contains(&self, ai: &str) -> bool {
        ai.len() == self.first.len()
            && ai.bytes().all(|b| b.is_ascii_digit())
            && self.first <= ai
            && ai <= self.last
    }

    /// The longest value the AI may carry.
    pub fn max_len(&self) -> usize {
        self.components.iter().map(|c| c.max).sum()
    }

    /// The one length the value must have, when every component is fixed and mandatory.
    pub fn fixed_len(&self) -> Option<usize> {
        let fixed = self.components.iter().all(|c| c.min == c.max && !c.optional);
        fixed.then(|| self.max_len())
    }

    /// What a valid value of this AI proves on its own, from the content checks of its mandatory
    /// components (optional ones may be absent).
    pub(crate) fn evidence(&self) -> Evidence {
        let lints = self
            .components
            .iter()
            .filter(|c| !c.optional)
            .flat_map(|c| c.lints);
        lints
            .map(|l| match l {
                Lint::Csum | Lint::CsumAlpha | Lint::Iban => Evidence::CheckDigit,
                Lint::Yymmd0 | Lint::Yymmdd | Lint::Yyyymmdd => Evidence::Date,
                _ => Evidence::Shape,
            })
            .max()
            .unwrap_or(Evidence::Shape)
    }
}

/// How strongly a valid reading vouches for itself, weakest first. A check digit (or GS1 check pair, or
/// IBAN check) catches any one misread digit and is what carriers rely on; a date rejects most digit
/// runs (about 1 in 27 runs of six digits is a valid YYMMDD) but few misreads inside it; anything else
/// is only a shape: the right characters at the right lengths, which order numbers and serials have too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Evidence {
    Shape,
    Date,
    CheckDigit,
}

use Cset::{N, X, Y, Z};
use Lint as L;

/// Every AI of the dictionary, in its (lexical) order.
pub static AI_TABLE: &[AiEntry] = &[
    e(
        "00",
        "00",
        true,
        true,
        Some(&[]),
        &[f(N, 18).lints(&[L::Csum])],
        "SSCC",
    ),
    e(
        "01",
        "01",
        true,
        true,
        Some(&[&["22", "10", "21"], &["235"]]),
        &[f(N, 14).lints(&[L::Csum])],
        "GTIN",
    ),
    e(
        "02",
        "02",
        true,
        true,
        None,
        &[f(N, 14).lints(&[L::Csum])],
        "CONTENT",
    ),
    e(
        "03",
        "03",
        true,
        false,
        None,
        &[f(N, 14).lints(&[L::Csum])],
        "MTO GTIN",
    ),
    e("10", "10", false, true, None, &[v(X, 20)], "BATCH/LOT"),
    e(
        "11",
        "11",
        true,
        true,
        None,
        &[f(N, 6).lints(&[L::Yymmd0])],
        "PROD DATE",
    ),
    e(
        "12",
        "12",
        true,
        true,
        None,
        &[f(N, 6).lints(&[L::Yymmd0])],
        "DUE DATE",
    ),
    e(
        "13",
        "13",
        true,
        true,
        None,
        &[f(N, 6).lints(&[L::Yymmd0])],
        "PACK DATE",
    ),
    e(
        "15",
        "15",
        true,
        true,
        None,
        &[f(N, 6).lints(&[L::Yymmd0])],
        "BEST BEFORE or BEST BY",
    ),
    e(
        "16",
        "16",
        true,
        true,
        None,
        &[f(N, 6).lints(&[L::Yymmd0])],
        "SELL BY",
    ),
    e(
        "17",
        "17",
        true,
        true,
        None,
        &[f(N, 6).lints(&[L::Yymmd0])],
        "USE BY or EXPIRY",
    ),
    e("20", "20", true, true, None, &[f(N, 2)], "VARIANT"),
    e("21", "21", false, false, None, &[v(X, 20)], "SERIAL"),
    e("22", "22", false, false, None, &[v(X, 20)], "CPV"),
    e("235", "235", false, false, None, &[v(X, 28)], "TPX"),
    e("240", "240", false, true, None, &[v(X, 30)], "ADDITIONAL ID"),
    e("241", "241", false, true, None, &[v(X, 30)], "CUST. PART No."),
    e("242", "242", false, true, None, &[v(N, 6)], "MTO VARIANT"),
    e("243", "243", false, true, None, &[v(X, 20)], "PCN"),
    e("250", "250", false, true, None, &[v(X, 30)], "SECONDARY SERIAL"),
    e("251", "251", false, true, None, &[v(X, 30)], "REF. TO SOURCE"),
    e(
        "253",
        "253",
        false,
        true,
        Some(&[]),
        &[f(N, 13).lints(&[L::Csum]), v(X, 17).opt()],
        "GDTI",
    ),
    e(
        "254",
        "254",
        false,
        false,
        None,
        &[v(X, 20)],
        "GLN EXTENSION COMPONENT",
    ),
    e(
        "255",
        "255",
        false,
        true,
        Some(&[]),
        &[f(N, 13).lints(&[L::Csum]), v(N, 12).opt()],
        "GCN",
    ),
    e("30", "30", false, true, None, &[v(N, 8)], "VAR. COUNT"),
    e("3100", "3105", true, true, None, &[f(N, 6)], "NET WEIGHT (kg)"),
    e("3110", "3115", true, true, None, &[f(N, 6)], "LENGTH (m)"),
    e("3120", "3125", true, true, None, &[f(N, 6)], "WIDTH (m)"),
    e("3130", "3135", true, true, None, &[f(N, 6)], "HEIGHT (m)"),
    e("3140", "3145", true, true, None, &[f(N, 6)], "AREA (m²)"),
    e("3150", "3155", true, true, None, &[f(N, 6)], "NET VOLUME (l)"),
    e("3160", "3165", true, true, None, &[f(N, 6)], "NET VOLUME (m³)"),
    e("3200", "3205", true, true, None, &[f(N, 6)], "NET WEIGHT (lb)"),
    e("3210", "3215", true, true, None, &[f(N, 6)], "LENGTH (in)"),
    e("3220", "3225", true, true, None, &[f(N, 6)], "LENGTH (ft)"),
    e("3230", "3235", true, true, None, &[f(N, 6)], "LENGTH (yd)"),
    e("3240", "3245", true, true, None, &[f(N, 6)], "WIDTH (in)"),
    e("3250", "3255", true, true, None, &[f(N, 6)], "WIDTH (ft)"),
    e("3260", "3265", true, true, None, &[f(N, 6)], "WIDTH (yd)"),
    e("3270", "3275", true, true, None, &[f(N, 6)], "HEIGHT (in)"),
    e("3280", "3285", true, true, None, &[f(N, 6)], "HEIGHT (ft)"),
    e("3290", "3295", true, true, None, &[f(N, 6)], "HEIGHT (yd)"),
    e("3300", "3305", true, true, None, &[f(N, 6)], "GROSS WEIGHT (kg)"),
    e("3310", "3315", true, true, None, &[f(N, 6)], "LENGTH (m), log"),
    e("3320", "3325", true, true, None, &[f(N, 6)], "WIDTH (m), log"),
    e("3330", "3335", true, true, None, &[f(N, 6)], "HEIGHT (m), log"),
    e("3340", "3345", true, true, None, &[f(N, 6)], "AREA (m²), log"),
    e("3350", "3355", true, true, None, &[f(N, 6)], "VOLUME (l), log"),
    e("3360", "3365", true, true, None, &[f(N, 6)], "VOLUME (m³), log"),
    e("3370", "3375", true, true, None, &[f(N, 6)], "KG PER m²"),
    e("3400", "3405", true, true, None, &[f(N, 6)], "GROSS WEIGHT (lb)"),
    e("3410", "3415", true, true, None, &[f(N, 6)], "LENGTH (in), log"),
    e("3420", "3425", true, true, None, &[f(N, 6)], "LENGTH (ft), log"),
    e("3430", "3435", true, true, None, &[f(N, 6)], "LENGTH (yd), log"),
    e("3440", "3445", true, true, None, &[f(N, 6)], "WIDTH (in), log"),
    e("3450", "3455", true, true, None, &[f(N, 6)], "WIDTH (ft), log"),
    e("3460", "3465", true, true, None, &[f(N, 6)], "WIDTH (yd), log"),
    e("3470", "3475", true, true, None, &[f(N, 6)], "HEIGHT (in), log"),
    e("3480", "3485", true, true, None, &[f(N, 6)], "HEIGHT (ft), log"),
    e("3490", "3495", true, true, None, &[f(N, 6)], "HEIGHT (yd), log"),
    e("3500", "3505", true, true, None, &[f(N, 6)], "AREA (in²)"),
    e("3510", "3515", true, true, None, &[f(N, 6)], "AREA (ft²)"),
    e("3520", "3525", true, true, None, &[f(N, 6)], "AREA (yd²)"),
    e("3530", "3535", true, true, None, &[f(N, 6)], "AREA (in²), log"),
    e("3540", "3545", true, true, None, &[f(N, 6)], "AREA (ft²), log"),
    e("3550", "3555", true, true, None, &[f(N, 6)], "AREA (yd²), log"),
    e("3560", "3565", true, true, None, &[f(N, 6)], "NET WEIGHT (tr oz)"),
    e("3570", "3575", true, true, None, &[f(N, 6)], "NET VOLUME (oz)"),
    e(
        "3600",
        "3605",
        true,
        true,
        None,
        &[f(N, 6)],
        "NET VOLUME (qt (US))",
    ),
    e("3610", "3615", true, true, None, &[f(N, 6)], "NET VOLUME (gal.)"),
    e(
        "3620",
        "3625",
        true,
        true,
        None,
        &[f(N, 6)],
        "VOLUME (qt (US)), log",
    ),
    e(
        "3630",
        "3635",
        true,
        true,
        None,
        &[f(N, 6)],
        "VOLUME (gal (US)), log",
    ),
    e("3640", "3645", true, true, None, &[f(N, 6)], "NET VOLUME (in³)"),
    e("3650", "3655", true, true, None, &[f(N, 6)], "NET VOLUME (ft³)"),
    e("3660", "3665", true, true, None, &[f(N, 6)], "NET VOLUME (yd³)"),
    e("3670", "3675", true, true, None, &[f(N, 6)], "VOLUME (in³), log"),
    e("3680", "3685", true, true, None, &[f(N, 6)], "VOLUME (ft³), log"),
    e("3690", "3695", true, true, None, &[f(N, 6)], "VOLUME (yd³), log"),
    e("37", "37", false, true, None, &[v(N, 8)], "COUNT"),
    e("3900", "3909", false, true, None, &[v(N, 15)], "AMOUNT"),
    e("3910", "3919", false, true, None, &[f(N, 3), v(N, 15)], "AMOUNT"),
    e("3920", "3929", false, true, None, &[v(N, 15)], "PRICE"),
    e("3930", "3939", false, true, None, &[f(N, 3), v(N, 15)], "PRICE"),
    e("3940", "3943", false, true, None, &[f(N, 4)], "PRCNT OFF"),
    e("3950", "3955", false, true, None, &[f(N, 6)], "PRICE/UoM"),
    e("400", "400", false, true, None, &[v(X, 30)], "ORDER NUMBER"),
    e("401", "401", false, true, Some(&[]), &[v(X, 30)], "GINC"),
    e(
        "402",
        "402",
        false,
        true,
        Some(&[]),
        &[f(N, 17).lints(&[L::Csum])],
        "GSIN",
    ),
    e("403", "403", false, true, None, &[v(X, 30)], "ROUTE"),
    e(
        "410",
        "410",
        true,
        true,
        None,
        &[f(N, 13).lints(&[L::Csum])],
        "SHIP TO LOC",
    ),
    e(
        "411",
        "411",
        true,
        true,
        None,
        &[f(N, 13).lints(&[L::Csum])],
        "BILL TO",
    ),
    e(
        "412",
        "412",
        true,
        true,
        None,
        &[f(N, 13).lints(&[L::Csum])],
        "PURCHASE FROM",
    ),
    e(
        "413",
        "413",
        true,
        true,
        None,
        &[f(N, 13).lints(&[L::Csum])],
        "SHIP FOR LOC",
    ),
    e(
        "414",
        "414",
        true,
        true,
        Some(&[&["254"], &["7040"]]),
        &[f(N, 13).lints(&[L::Csum])],
        "LOC No.",
    ),
    e(
        "415",
        "415",
        true,
        true,
        Some(&[&["8020"]]),
        &[f(N, 13).lints(&[L::Csum])],
        "PAY TO",
    ),
    e(
        "416",
        "416",
        true,
        true,
        None,
        &[f(N, 13).lints(&[L::Csum])],
        "PROD/SERV LOC",
    ),
    e(
        "417",
        "417",
        true,
        true,
        Some(&[&["7040"]]),
        &[f(N, 13).lints(&[L::Csum])],
        "PARTY",
    ),
    e("420", "420", false, true, None, &[v(X, 20)], "SHIP TO POST"),
    e(
        "421",
        "421",
        false,
        true,
        None,
        &[f(N, 3), v(X, 9)],
        "SHIP TO POST",
    ),
    e("422", "422", false, true, None, &[f(N, 3)], "ORIGIN"),
    e(
        "423",
        "423",
        false,
        true,
        None,
        &[
            f(N, 3),
            f(N, 3).opt(),
            f(N, 3).opt(),
            f(N, 3).opt(),
            f(N, 3).opt(),
        ],
        "COUNTRY - INITIAL PROCESS",
    ),
    e("424", "424", false, true, None, &[f(N, 3)], "COUNTRY - PROCESS"),
    e(
        "425",
        "425",
        false,
        true,
        None,
        &[
            f(N, 3),
            f(N, 3).opt(),
            f(N, 3).opt(),
            f(N, 3).opt(),
            f(N, 3).opt(),
        ],
        "COUNTRY - DISASSEMBLY",
    ),
    e(
        "426",
        "426",
        false,
        true,
        None,
        &[f(N, 3)],
        "COUNTRY - FULL PROCESS",
    ),
    e("427", "427", false, true, None, &[v(X, 3)], "ORIGIN SUBDIVISION"),
    e(
        "4300",
        "4300",
        false,
        true,
        None,
        &[v(X, 35).lints(&[L::PercentEncoded])],
        "SHIP TO COMP",
    ),
    e(
        "4301",
        "4301",
        false,
        true,
        None,
        &[v(X, 35).lints(&[L::PercentEncoded])],
        "SHIP TO NAME",
    ),
    e(
        "4302",
        "4302",
        false,
        true,
        None,
        &[v(X, 70).lints(&[L::PercentEncoded])],
        "SHIP TO ADD1",
    ),
    e(
        "4303",
        "4303",
        false,
        true,
        None,
        &[v(X, 70).lints(&[L::PercentEncoded])],
        "SHIP TO ADD2",
    ),
    e(
        "4304",
        "4304",
        false,
        true,
        None,
        &[v(X, 70).lints(&[L::PercentEncoded])],
        "SHIP TO SUB",
    ),
    e(
        "4305",
        "4305",
        false,
        true,
        None,
        &[v(X, 70).lints(&[L::PercentEncoded])],
        "SHIP TO LOC",
    ),
    e(
        "4306",
        "4306",
        false,
        true,
        None,
        &[v(X, 70).lints(&[L::PercentEncoded])],
        "SHIP TO REG",
    ),
    e(
        "4307",
        "4307",
        false,
        true,
        None,
        &[f(X, 2).lints(&[L::Iso3166Alpha2])],
        "SHIP TO COUNTRY",
    ),
    e("4308", "4308", false, true, None, &[v(X, 30)], "SHIP TO PHONE"),
    e(
        "4309",
        "4309",
        false,
        true,
        None,
        &[f(N, 10).lints(&[L::Latitude]), f(N, 10).lints(&[L::Longitude])],
        "SHIP TO GEO",
    ),
    e(
        "4310",
        "4310",
        false,
        true,
        None,
        &[v(X, 35).lints(&[L::PercentEncoded])],
        "RTN TO COMP",
    ),
    e(
        "4311",
        "4311",
        false,
        true,
        None,
        &[v(X, 35).lints(&[L::PercentEncoded])],
        "RTN TO NAME",
    ),
    e(
        "4312",
        "4312",
        false,
        true,
        None,
        &[v(X, 70).lints(&[L::PercentEncoded])],
        "RTN TO ADD1",
    ),
    e(
        "4313",
        "4313",
        false,
        true,
        None,
        &[v(X, 70).lints(&[L::PercentEncoded])],
        "RTN TO ADD2",
    ),
    e(
        "4314",
        "4314",
        false,
        true,
        None,
        &[v(X, 70).lints(&[L::PercentEncoded])],
        "RTN TO SUB",
    ),
    e(
        "4315",
        "4315",
        false,
        true,
        None,
        &[v(X, 70).lints(&[L::PercentEncoded])],
        "RTN TO LOC",
    ),
    e(
        "4316",
        "4316",
        false,
        true,
        None,
        &[v(X, 70).lints(&[L::PercentEncoded])],
        "RTN TO REG",
    ),
    e(
        "4317",
        "4317",
        false,
        true,
        None,
        &[f(X, 2).lints(&[L::Iso3166Alpha2])],
        "RTN TO COUNTRY",
    ),
    e("4318", "4318", false, true, None, &[v(X, 20)], "RTN TO POST"),
    e("4319", "4319", false, true, None, &[v(X, 30)], "RTN TO PHONE"),
    e(
        "4320",
        "4320",
        false,
        true,
        None,
        &[v(X, 35).lints(&[L::PercentEncoded])],
        "SRV DESCRIPTION",
    ),
    e(
        "4321",
        "4321",
        false,
        true,
        None,
        &[f(N, 1).lints(&[L::YesNo])],
        "DANGEROUS GOODS",
    ),
    e(
        "4322",
        "4322",
        false,
        true,
        None,
        &[f(N, 1).lints(&[L::YesNo])],
        "AUTH TO LEAVE",
    ),
    e(
        "4323",
        "4323",
        false,
        true,
        None,
        &[f(N, 1).lints(&[L::YesNo])],
        "SIG REQUIRED",
    ),
    e(
        "4324",
        "4324",
        false,
        true,
        None,
        &[f(N, 6).lints(&[L::Yymmd0]), f(N, 4).lints(&[L::Hhmi])],
        "NOT BEF DEL DT",
    ),
    e(
        "4325",
        "4325",
        false,
        true,
        None,
        &[f(N, 6).lints(&[L::Yymmd0]), f(N, 4).lints(&[L::Hhmi])],
        "NOT AFT DEL DT",
    ),
    e(
        "4326",
        "4326",
        false,
        true,
        None,
        &[f(N, 6).lints(&[L::Yymmdd])],
        "REL DATE",
    ),
    e(
        "4330",
        "4330",
        false,
        true,
        None,
        &[f(N, 6), f(X, 1).lints(&[L::Hyphen]).opt()],
        "MAX TEMP F.",
    ),
    e(
        "4331",
        "4331",
        false,
        true,
        None,
        &[f(N, 6), f(X, 1).lints(&[L::Hyphen]).opt()],
        "MAX TEMP C.",
    ),
    e(
        "4332",
        "4332",
        false,
        true,
        None,
        &[f(N, 6), f(X, 1).lints(&[L::Hyphen]).opt()],
        "MIN TEMP F.",
    ),
    e(
        "4333",
        "4333",
        false,
        true,
        None,
        &[f(N, 6), f(X, 1).lints(&[L::Hyphen]).opt()],
        "MIN TEMP C.",
    ),
    e("7001", "7001", false, true, None, &[f(N, 13)], "NSN"),
    e("7002", "7002", false, true, None, &[v(X, 30)], "MEAT CUT"),
    e(
        "7003",
        "7003",
        false,
        true,
        None,
        &[f(N, 6).lints(&[L::Yymmdd]), f(N, 4).lints(&[L::Hhmi])],
        "EXPIRY TIME",
    ),
    e("7004", "7004", false, true, None, &[v(N, 4)], "ACTIVE POTENCY"),
    e("7005", "7005", false, true, None, &[v(X, 12)], "CATCH AREA"),
    e(
        "7006",
        "7006",
        false,
        true,
        None,
        &[f(N, 6).lints(&[L::Yymmdd])],
        "FIRST FREEZE DATE",
    ),
    e(
        "7007",
        "7007",
        false,
        true,
        None,
        &[f(N, 6).lints(&[L::Yymmdd]), f(N, 6).lints(&[L::Yymmdd]).opt()],
        "HARVEST DATE",
    ),
    e("7008", "7008", false, true, None, &[v(X, 3)], "AQUATIC SPECIES"),
    e(
        "7009",
        "7009",
        false,
        true,
        None,
        &[v(X, 10)],
        "FISHING GEAR TYPE",
    ),
    e("7010", "7010", false, true, None, &[v(X, 2)], "PROD METHOD"),
    e(
        "7011",
        "7011",
        false,
        true,
        None,
        &[f(N, 6).lints(&[L::Yymmdd]), f(N, 4).lints(&[L::Hhmi]).opt()],
        "TEST BY DATE",
    ),
    e("7020", "7020", false, true, None, &[v(X, 20)], "REFURB LOT"),
    e("7021", "7021", false, true, None, &[v(X, 20)], "FUNC STAT"),
    e("7022", "7022", false, true, None, &[v(X, 20)], "REV STAT"),
    e("7023", "7023", false, true, None, &[v(X, 30)], "GIAI - ASSEMBLY"),
    e(
        "7030",
        "7030",
        false,
        true,
        None,
        &[f(N, 3), v(X, 27)],
        "PROCESSOR # 0",
    ),
    e(
        "7031",
        "7031",
        false,
        true,
        None,
        &[f(N, 3), v(X, 27)],
        "PROCESSOR # 1",
    ),
    e(
        "7032",
        "7032",
        false,
        true,
        None,
        &[f(N, 3), v(X, 27)],
        "PROCESSOR # 2",
    ),
    e(
        "7033",
        "7033",
        false,
        true,
        None,
        &[f(N, 3), v(X, 27)],
        "PROCESSOR # 3",
    ),
    e(
        "7034",
        "7034",
        false,
        true,
        None,
        &[f(N, 3), v(X, 27)],
        "PROCESSOR # 4",
    ),
    e(
        "7035",
        "7035",
        false,
        true,
        None,
        &[f(N, 3), v(X, 27)],
        "PROCESSOR # 5",
    ),
    e(
        "7036",
        "7036",
        false,
        true,
        None,
        &[f(N, 3), v(X, 27)],
        "PROCESSOR # 6",
    ),
    e(
        "7037",
        "7037",
        false,
        true,
        None,
        &[f(N, 3), v(X, 27)],
        "PROCESSOR # 7",
    ),
    e(
        "7038",
        "7038",
        false,
        true,
        None,
        &[f(N, 3), v(X, 27)],
        "PROCESSOR # 8",
    ),
    e(
        "7039",
        "7039",
        false,
        true,
        None,
        &[f(N, 3), v(X, 27)],
        "PROCESSOR # 9",
    ),
    e(
        "7040",
        "7040",
        false,
        false,
        None,
        &[f(N, 1), f(X, 1), f(X, 1), f(X, 1).lints(&[L::ImporterIdx])],
        "UIC+EXT",
    ),
    e("7041", "7041", false, false, None, &[v(X, 4)], "UFRGT UNIT TYPE"),
    e("710", "710", false, true, None, &[v(X, 20)], "NHRN PZN"),
    e("711", "711", false, true, None, &[v(X, 20)], "NHRN CIP"),
    e("712", "712", false, true, None, &[v(X, 20)], "NHRN CN"),
    e("713", "713", false, true, None, &[v(X, 20)], "NHRN DRN"),
    e("714", "714", false, true, None, &[v(X, 20)], "NHRN AIM"),
    e("715", "715", false, true, None, &[v(X, 20)], "NHRN NDC"),
    e("716", "716", false, true, None, &[v(X, 20)], "NHRN AIC"),
    e("717", "717", false, true, None, &[v(X, 20)], "NHRN SRN"),
    e(
        "7230",
        "7230",
        false,
        true,
        None,
        &[f(X, 2), v(X, 28)],
        "CERT # 1",
    ),
    e(
        "7231",
        "7231",
        false,
        true,
        None,
        &[f(X, 2), v(X, 28)],
        "CERT # 2",
    ),
    e(
        "7232",
        "7232",
        false,
        true,
        None,
        &[f(X, 2), v(X, 28)],
        "CERT # 3",
    ),
    e(
        "7233",
        "7233",
        false,
        true,
        None,
        &[f(X, 2), v(X, 28)],
        "CERT # 4",
    ),
    e(
        "7234",
        "7234",
        false,
        true,
        None,
        &[f(X, 2), v(X, 28)],
        "CERT # 5",
    ),
    e(
        "7235",
        "7235",
        false,
        true,
        None,
        &[f(X, 2), v(X, 28)],
        "CERT # 6",
    ),
    e(
        "7236",
        "7236",
        false,
        true,
        None,
        &[f(X, 2), v(X, 28)],
        "CERT # 7",
    ),
    e(
        "7237",
        "7237",
        false,
        true,
        None,
        &[f(X, 2), v(X, 28)],
        "CERT # 8",
    ),
    e(
        "7238",
        "7238",
        false,
        true,
        None,
        &[f(X, 2), v(X, 28)],
        "CERT # 9",
    ),
    e(
        "7239",
        "7239",
        false,
        true,
        None,
        &[f(X, 2), v(X, 28)],
        "CERT # 10",
    ),
    e("7240", "7240", false, true, None, &[v(X, 20)], "PROTOCOL"),
    e("7241", "7241", false, true, None, &[f(N, 2)], "AIDC MEDIA TYPE"),
    e("7242", "7242", false, true, None, &[v(X, 25)], "VCN"),
    e(
        "7250",
        "7250",
        false,
        true,
        None,
        &[f(N, 8).lints(&[L::Yyyymmdd])],
        "DOB",
    ),
    e(
        "7251",
        "7251",
        false,
        true,
        None,
        &[f(N, 8).lints(&[L::Yyyymmdd]), f(N, 4).lints(&[L::Hhmi])],
        "DOB TIME",
    ),
    e(
        "7252",
        "7252",
        false,
        true,
        None,
        &[f(N, 1).lints(&[L::Iso5218])],
        "BIO SEX",
    ),
    e(
        "7253",
        "7253",
        false,
        true,
        None,
        &[v(X, 40).lints(&[L::PercentEncoded])],
        "FAMILY NAME",
    ),
    e(
        "7254",
        "7254",
        false,
        true,
        None,
        &[v(X, 40).lints(&[L::PercentEncoded])],
        "GIVEN NAME",
    ),
    e("7255", "7255", false, true, None, &[v(X, 10)], "SUFFIX"),
    e(
        "7256",
        "7256",
        false,
        true,
        None,
        &[v(X, 90).lints(&[L::PercentEncoded])],
        "FULL NAME",
    ),
    e(
        "7257",
        "7257",
        false,
        true,
        None,
        &[v(X, 70).lints(&[L::PercentEncoded])],
        "PERSON ADDR",
    ),
    e("7258", "7258", false, true, None, &[f(X, 3)], "BIRTH SEQUENCE"),
    e(
        "7259",
        "7259",
        false,
        true,
        None,
        &[v(X, 40).lints(&[L::PercentEncoded])],
        "BABY",
    ),
    e(
        "8001",
        "8001",
        false,
        true,
        None,
        &[
            f(N, 4).lints(&[L::NonZero]),
            f(N, 5).lints(&[L::NonZero]),
            f(N, 3).lints(&[L::NonZero]),
            f(N, 1).lints(&[L::Winding]),
            f(N, 1),
        ],
        "DIMENSIONS",
    ),
    e("8002", "8002", false, true, None, &[v(X, 20)], "CMT No."),
    e(
        "8003",
        "8003",
        false,
        true,
        Some(&[]),
        &[
            f(N, 1).lints(&[L::Zero]),
            f(N, 13).lints(&[L::Csum]),
            v(X, 16).opt(),
        ],
        "GRAI",
    ),
    e(
        "8004",
        "8004",
        false,
        true,
        Some(&[&["7040"]]),
        &[v(X, 30)],
        "GIAI",
    ),
    e("8005", "8005", false, true, None, &[f(N, 6)], "PRICE PER UNIT"),
    e(
        "8006",
        "8006",
        false,
        true,
        Some(&[&["22", "10", "21"]]),
        &[f(N, 14).lints(&[L::Csum]), f(N, 4).lints(&[L::PieceOfTotal])],
        "ITIP",
    ),
    e(
        "8007",
        "8007",
        false,
        true,
        None,
        &[v(X, 34).lints(&[L::Iban])],
        "IBAN",
    ),
    e(
        "8008",
        "8008",
        false,
        true,
        None,
        &[
            f(N, 6).lints(&[L::Yymmdd]),
            f(N, 2).lints(&[L::Hh]),
            f(N, 2).lints(&[L::Mi]).opt(),
            f(N, 2).lints(&[L::Ss]).opt(),
        ],
        "PROD TIME",
    ),
    e("8009", "8009", false, true, None, &[v(X, 50)], "OPTSEN"),
    e(
        "8010",
        "8010",
        false,
        true,
        Some(&[&["8011"]]),
        &[v(Y, 30)],
        "CPID",
    ),
    e(
        "8011",
        "8011",
        false,
        false,
        None,
        &[v(N, 12).lints(&[L::NoZeroPrefix])],
        "CPID SERIAL",
    ),
    e("8012", "8012", false, true, None, &[v(X, 20)], "VERSION"),
    e(
        "8013",
        "8013",
        false,
        true,
        Some(&[]),
        &[v(X, 25).lints(&[L::CsumAlpha])],
        "GMN",
    ),
    e(
        "8014",
        "8014",
        false,
        false,
        None,
        &[v(X, 25).lints(&[L::CsumAlpha, L::HasNonDigit])],
        "MUDI",
    ),
    e(
        "8017",
        "8017",
        false,
        true,
        Some(&[&["8019"]]),
        &[f(N, 18).lints(&[L::Csum])],
        "GSRN - PROVIDER",
    ),
    e(
        "8018",
        "8018",
        false,
        true,
        Some(&[&["8019"]]),
        &[f(N, 18).lints(&[L::Csum])],
        "GSRN - RECIPIENT",
    ),
    e("8019", "8019", false, false, None, &[v(N, 10)], "SRIN"),
    e("8020", "8020", false, false, None, &[v(X, 25)], "REF No."),
    e(
        "8026",
        "8026",
        false,
        true,
        None,
        &[f(N, 14).lints(&[L::Csum]), f(N, 4).lints(&[L::PieceOfTotal])],
        "ITIP CONTENT",
    ),
    e("8030", "8030", false, true, None, &[v(Z, 90)], "DIGSIG"),
    e("8040", "8040", false, false, None, &[f(N, 15)], "IMEI"),
    e("8041", "8041", false, false, None, &[f(N, 15)], "IMEI2"),
    e("8042", "8042", false, false, None, &[f(N, 32)], "ESIM"),
    e(
        "8043",
        "8043",
        false,
        false,
        None,
        &[f(N, 18), v(N, 2).opt()],
        "PSIM",
    ),
    e("8110", "8110", false, true, None, &[v(X, 70)], ""),
    e("8111", "8111", false, true, None, &[f(N, 4)], "POINTS"),
    e("8112", "8112", false, true, None, &[v(X, 70)], ""),
    e("8200", "8200", false, false, None, &[v(X, 70)], "PRODUCT URL"),
    e("90", "90", false, true, None, &[v(X, 30)], "INTERNAL"),
    e("91", "99", false, true, None, &[v(X, 90)], "INTERNAL"),
];

/// The table entry for exactly this AI.
pub fn lookup_ai(ai: &str) -> Option<&'static AiEntry> {
    AI_TABLE.iter().find(|e| e.contains(ai))
}

/// The AI at the start of `data`: its length in characters and its entry. GS1 allocates AIs so that no
/// AI is a prefix of another (tested below), so at most one entry matches.
pub fn match_ai_prefix(data: &str) -> Option<(usize, &'static AiEntry)> {
    (2..=4).find_map(|len| {
        let ai = data.get(..len)?;
        lookup_ai(ai).map(|e| (len, e))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// GS1 General Specifications Figure 7.8.5-1: element strings whose AI starts with one of these
    /// two digits have a predefined length and need no separator, assigned or not.
    const PREDEFINED_PREFIXES: &[&str] = &[
        "00", "01", "02", "03", "04", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "31", "32",
        "33", "34", "35", "36", "41",
    ];

    #[test]
    fn predefined_flag_matches_the_prefix_table() {
        for e in AI_TABLE {
            let by_prefix = PREDEFINED_PREFIXES.contains(&&e.first[..2]);
            assert_eq!(e.predefined, by_prefix, "({})", e.first);
            if e.predefined {
                assert!(
                    e.fixed_len().is_some(),
                    "predefined ({}) must have a fixed length",
                    e.first
                );
            }
        }
    }

    #[test]
    fn no_ai_is_a_prefix_of_another() {
        for a in AI_TABLE {
            for b in AI_TABLE {
                if a.first.len() < b.first.len() {
                    let (lo, hi) = (&b.first[..a.first.len()], &b.last[..a.first.len()]);
                    assert!(
                        !(a.contains(lo) || a.contains(hi)),
                        "({}) is a prefix of ({})",
                        a.first,
                        b.first
                    );
                }
            }
        }
    }

    #[test]
    fn entries_are_well_formed() {
        for (i, e) in AI_TABLE.iter().enumerate() {
            assert_eq!(e.first.len(), e.last.len());
            assert!(e.first <= e.last);
            assert!(!e.components.is_empty());
            // Only the last component varies in length; no mandatory component follows an optional one.
            let n = e.components.len();
            for (j, c) in e.components.iter().enumerate() {
                assert!(c.min == c.max || j == n - 1, "({}) component {j}", e.first);
                if j > 0 && e.components[j - 1].optional {
                    assert!(c.optional, "({}) component {j}", e.first);
                }
            }
            if let Some(prev) = i.checked_sub(1).map(|p| &AI_TABLE[p]) {
                assert!(prev.last < e.first, "table order at ({})", e.first);
            }
        }
    }

    #[test]
    fn looks_up_what_a_dock_sees() {
        let max = |ai: &str| lookup_ai(ai).map(|e| (e.predefined, e.max_len(), e.fixed_len()));
        assert_eq!(max("00"), Some((true, 18, Some(18))));
        assert_eq!(max("01"), Some((true, 14, Some(14))));
        assert_eq!(max("10"), Some((false, 20, None)));
        assert_eq!(max("17"), Some((true, 6, Some(6))));
        assert_eq!(max("21"), Some((false, 20, None)));
        assert_eq!(max("3103"), Some((true, 6, Some(6))));
        assert_eq!(max("3106"), None);
        assert_eq!(max("8004"), Some((false, 30, None)));
        assert_eq!(max("8030"), Some((false, 90, None)));
        assert_eq!(max("99"), Some((false, 90, None)));
        assert_eq!(max("14"), None);
        assert_eq!(max("1"), None);
        assert_eq!(
            match_ai_prefix("3103000500").map(|(n, e)| (n, e.first)),
            Some((4, "3100"))
        );
        assert_eq!(
            match_ai_prefix("8004ABC").map(|(n, e)| (n, e.first)),
            Some((4, "8004"))
        );
        assert_eq!(
            match_ai_prefix("21ABC").map(|(n, e)| (n, e.first)),
            Some((2, "21"))
        );
        assert!(match_ai_prefix("14").is_none());
        assert!(match_ai_prefix("é").is_none());
    }

    #[test]
    fn digital_link_keys() {
        let quals = |ai: &str| lookup_ai(ai).and_then(|e| e.dl_key);
        assert_eq!(quals("01"), Some(&[&["22", "10", "21"][..], &["235"][..]][..]));
        assert_eq!(quals("00"), Some(&[][..]));
        assert_eq!(quals("10"), None);
    }
}
