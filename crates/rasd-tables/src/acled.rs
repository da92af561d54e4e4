//! ACLED's columns: [`AcledRow`], the one row function behind `rasd extract --format csv`, the
//! store's `/api/export?format=csv`, the GeoJSON properties and the first columns of the Parquet
//! events table; and the CSV writer.

use std::io::{self, Write};

use chrono::NaiveDate;
use rasd_extract::record::{Event, PlacePrecision};
use rasd_extract::DocumentRecord;
use serde::Serialize;

use crate::event::{acled_actors, actor_label, EventCore};
use crate::text::{evidence_text, one_line};

/// ACLED's column names, in the order of [`AcledRow`]'s fields and [`AcledRow::cells`]. The
/// names are ACLED's exactly (ACLED Codebook, 2023), so files load into tools written for ACLED
/// exports.
pub const ACLED_COLUMNS: [&str; 16] = [
    "event_id_cnty",
    "event_date",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "civilian_targeting",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
];

/// One event under ACLED's columns. Serialized with serde, the keys are the column names.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AcledRow {
    /// The event id (`<doc id>#<n>` or `e-…`), not ACLED's country-prefixed number.
    pub event_id_cnty: String,
    /// The day the event happened (never the publication date in its place: that would be a
    /// guess).
    pub event_date: Option<NaiveDate>,
    /// ACLED event type (empty for verbal types).
    pub event_type: String,
    /// ACLED sub-event type (empty for verbal types).
    pub sub_event_type: String,
    /// English name (else the text) of the first perpetrator, else claimant, else party.
    pub actor1: Option<String>,
    /// The first target, else victim, else the second party when actor 1 is a party.
    pub actor2: Option<String>,
    /// `Civilian targeting` or null.
    pub civilian_targeting: Option<String>,
    /// ISO 3166-1 alpha-2 (`SY`), not ACLED's English country name.
    pub country: Option<String>,
    /// First-level division, English.
    pub admin1: Option<String>,
    /// The English gazetteer name, else the name as written.
    pub location: Option<String>,
    /// WGS84 latitude, as the gazetteer gives it.
    pub latitude: Option<f64>,
    /// WGS84 longitude.
    pub longitude: Option<f64>,
    /// 1 town or finer, 2 district or region, 3 country.
    pub geo_precision: Option<i32>,
    /// The outlets of the event's documents, sorted and joined by `; `.
    pub source: Option<String>,
    /// The evidence sentences, one line.
    pub notes: Option<String>,
    /// The best killed figure, 0 when unknown (as ACLED codes it).
    pub fatalities: i64,
}

/// ACLED's `geo_precision` for a place precision: 1 for a neighbourhood or town (the place
/// itself is known), 2 for a district or region (only the area around it), 3 for a country.
pub fn geo_precision(precision: PlacePrecision) -> i32 {
    match precision {
        PlacePrecision::Neighbourhood | PlacePrecision::Town => 1,
        PlacePrecision::District | PlacePrecision::Region => 2,
        PlacePrecision::Country => 3,
    }
}

fn signed(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

impl AcledRow {
    /// The row of `event`. `sources` are the outlets of its documents (duplicates and empty
    /// ones dropped), `notes` its evidence text ([`crate::evidence_text`]), `None` when the
    /// text is not at hand.
    pub fn new<S: AsRef<str>>(event: &EventCore, sources: &[S], notes: Option<String>) -> Self {
        let (actor1, actor2) = acled_actors(&event.actors);
        let label = |a: Option<&rasd_extract::record::Actor>| a.map(|a| one_line(actor_label(a)));
        let location = event.location.as_ref();
        let finite = |v: Option<f64>| v.filter(|v| v.is_finite());
        let mut outlets: Vec<&str> = sources
            .iter()
            .map(AsRef::as_ref)
            .filter(|s| !s.trim().is_empty())
            .collect();
        outlets.sort_unstable();
        outlets.dedup();
        AcledRow {
            event_id_cnty: event.id.clone(),
            event_date: event
                .date
                .as_deref()
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()),
            event_type: event.acled.event_type.clone(),
            sub_event_type: event.acled.sub_event_type.clone(),
            actor1: label(actor1),
            actor2: label(actor2),
            civilian_targeting: event
                .civilian_targeting
                .then(|| "Civilian targeting".to_owned()),
            country: location.and_then(|l| l.country.clone()),
            admin1: location.and_then(|l| l.admin1.clone()),
            location: location.map(|l| one_line(l.name_en.as_deref().unwrap_or(&l.name))),
            latitude: finite(location.and_then(|l| l.lat)),
            longitude: finite(location.and_then(|l| l.lon)),
            geo_precision: location.and_then(|l| l.precision).map(geo_precision),
            source: (!outlets.is_empty()).then(|| one_line(&outlets.join("; "))),
            notes,
            fatalities: event.killed.map_or(0, |k| signed(k.best)),
        }
    }

    /// The cells of a CSV line, in [`ACLED_COLUMNS`] order: unknown values are empty cells,
    /// dates `YYYY-MM-DD`, coordinates as the shortest decimal that reads back the same.
    pub fn cells(&self) -> [String; 16] {
        let text = |v: &Option<String>| v.clone().unwrap_or_default();
        let number = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_default();
        [
            self.event_id_cnty.clone(),
            self.event_date
                .map(|d| d.format("%Y-%m-%d").to_string())
                .unwrap_or_default(),
            self.event_type.clone(),
            self.sub_event_type.clone(),
            text(&self.actor1),
            text(&self.actor2),
            text(&self.civilian_targeting),
            text(&self.country),
            text(&self.admin1),
            text(&self.location),
            number(self.latitude),
            number(self.longitude),
            self.geo_precision
                .map(|p| p.to_string())
                .unwrap_or_default(),
            text(&self.source),
            text(&self.notes),
            self.fatalities.to_string(),
        ]
    }
}

/// The event of `event`, a record of the document of `record`, and its ACLED row: `source` the
/// document's outlet, `notes` its evidence sentences cut from `text` (the text the offsets refer
/// to), none without it. What `rasd extract --format csv|geojson|parquet` writes for each event.
pub fn record_row(
    record: &DocumentRecord,
    event: &Event,
    text: Option<&str>,
) -> (EventCore, AcledRow) {
    let core = EventCore::of_record(&record.doc, event);
    let notes = text.map(|t| evidence_text(event, t));
    let row = AcledRow::new(&core, record.doc.source.as_slice(), notes);
    (core, row)
}

/// Writes one CSV line (RFC 4180 quoting: a field with a comma, a quote, a line break or
/// leading or trailing space is quoted, quotes doubled), ended by `\n`.
///
/// # Errors
/// When `out` fails.
pub fn write_csv_line<W: Write + ?Sized, S: AsRef<str>>(
    out: &mut W,
    fields: &[S],
) -> io::Result<()> {
    for (i, field) in fields.iter().enumerate() {
        if i > 0 {
            out.write_all(b",")?;
        }
        let field = field.as_ref();
        let needs_quotes = field.contains([',', '"', '\n', '\r'])
            || field.starts_with(char::is_whitespace)
            || field.ends_with(char::is_whitespace);
        if needs_quotes {
            out.write_all(b"\"")?;
            out.write_all(field.replace('"', "\"\"").as_bytes())?;
            out.write_all(b"\"")?;
        } else {
            out.write_all(field.as_bytes())?;
        }
    }
    out.write_all(b"\n")
}

/// Writes the header line, [`ACLED_COLUMNS`].
///
/// # Errors
/// When `out` fails.
pub fn write_csv_header<W: Write + ?Sized>(out: &mut W) -> io::Result<()> {
    write_csv_line(out, &ACLED_COLUMNS)
}

/// Writes `row` as one CSV line.
///
/// # Errors
/// When `out` fails.
pub fn write_csv_row<W: Write + ?Sized>(out: &mut W, row: &AcledRow) -> io::Result<()> {
    write_csv_line(out, &row.cells())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rasd_extract::record::{Acled, Actor, Location, Modality, Role};
    use rasd_merge::Figures;

    fn aleppo() -> EventCore {
        let actor = |role, text: &str, name: Option<&str>, code: Option<&str>| Actor {
            role,
            text: text.to_owned(),
            name: name.map(str::to_owned),
            code: code.map(str::to_owned),
            span: None,
        };
        EventCore {
            id: "d1#1".to_owned(),
            event_type: "air_strike".to_owned(),
            family: "remote".to_owned(),
            acled: Acled {
                event_type: "Explosions/Remote violence".to_owned(),
                sub_event_type: "Air/drone strike".to_owned(),
            },
            cameo: "195".to_owned(),
            date: Some("2016-12-11".to_owned()),
            date_precision: None,
            location: Some(Location {
                name: "حلب".to_owned(),
                name_en: Some("Aleppo".to_owned()),
                country: Some("SY".to_owned()),
                admin1: Some("Aleppo".to_owned()),
                lat: Some(36.2),
                lon: Some(37.16),
                precision: Some(PlacePrecision::Town),
                gazetteer_id: Some("geonames:170063".to_owned()),
                span: None,
            }),
            actors: vec![
                actor(
                    Role::Perpetrator,
                    "طيران النظام",
                    Some("Syrian regime"),
                    Some("SYRGOV"),
                ),
                actor(Role::Target, "مدنيين", None, Some("SYRCVL")),
            ],
            killed: Some(Figures {
                low: 3,
                best: 3,
                high: 3,
            }),
            injured: None,
            conflicting: false,
            conflicting_types: Vec::new(),
            civilian_targeting: true,
            modality: Modality::Asserted,
        }
    }

    #[test]
    fn the_row_fills_every_column() {
        let row = AcledRow::new(&aleppo(), &["enab, baladi", "", "enab, baladi"], None);
        let cells = row.cells();
        let cell = |name: &str| {
            let i = ACLED_COLUMNS.iter().position(|c| *c == name).unwrap();
            cells[i].as_str()
        };
        assert_eq!(cell("event_id_cnty"), "d1#1");
        assert_eq!(cell("event_date"), "2016-12-11");
        assert_eq!(cell("event_type"), "Explosions/Remote violence");
        assert_eq!(cell("sub_event_type"), "Air/drone strike");
        assert_eq!(cell("actor1"), "Syrian regime");
        assert_eq!(cell("actor2"), "مدنيين");
        assert_eq!(cell("civilian_targeting"), "Civilian targeting");
        assert_eq!(cell("country"), "SY");
        assert_eq!(cell("admin1"), "Aleppo");
        assert_eq!(cell("location"), "Aleppo");
        assert_eq!(cell("latitude"), "36.2");
        assert_eq!(cell("longitude"), "37.16");
        assert_eq!(cell("geo_precision"), "1");
        assert_eq!(
            cell("source"),
            "enab, baladi",
            "duplicates and blanks dropped"
        );
        assert_eq!(cell("notes"), "");
        assert_eq!(cell("fatalities"), "3");
        let keys: Vec<String> = serde_json::to_value(&row)
            .unwrap()
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        let mut columns: Vec<String> = ACLED_COLUMNS.iter().map(|c| c.to_string()).collect();
        columns.sort();
        assert_eq!(keys, columns);
    }

    #[test]
    fn an_event_without_place_actors_or_figures_gives_empty_cells() {
        let mut event = aleppo();
        event.location = None;
        event.actors.clear();
        event.killed = None;
        event.date = Some("sometime".to_owned());
        event.civilian_targeting = false;
        let cells = AcledRow::new(&event, &[] as &[&str], Some("x".into())).cells();
        assert_eq!(cells[1], "", "a malformed date is no date");
        assert!(cells[4..14].iter().all(String::is_empty), "{cells:?}");
        assert_eq!((cells[14].as_str(), cells[15].as_str()), ("x", "0"));
        let mut nan = aleppo();
        nan.location.as_mut().unwrap().lat = Some(f64::NAN);
        assert_eq!(AcledRow::new(&nan, &["s"], None).latitude, None);
    }

    #[test]
    fn geo_precision_follows_acled() {
        let expected = [
            (PlacePrecision::Neighbourhood, 1),
            (PlacePrecision::Town, 1),
            (PlacePrecision::District, 2),
            (PlacePrecision::Region, 2),
            (PlacePrecision::Country, 3),
        ];
        for (precision, code) in expected {
            assert_eq!(geo_precision(precision), code, "{precision}");
        }
    }

    #[test]
    fn csv_lines_quote_what_needs_it() {
        let mut out = Vec::new();
        write_csv_line(
            &mut out,
            &["a", "b,c", "say \"x\"", "two\nlines", " pad", "عربي"],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "a,\"b,c\",\"say \"\"x\"\"\",\"two\nlines\",\" pad\",عربي\n"
        );
        let mut header = Vec::new();
        write_csv_header(&mut header).unwrap();
        assert!(header.starts_with(b"event_id_cnty,event_date,"));
        assert!(header.ends_with(b",notes,fatalities\n"));
    }
}
