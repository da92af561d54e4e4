//! Export formats for event records, independent of where they are written: rows under ACLED's
//! column names (CSV) and GeoJSON features. The CLI writes them to stdout; a server can write the
//! same bytes into a response body. (The terminal table is the CLI's own, `rasd/src/table.rs`.)
//!
//! Every function here is total: any record, however odd (no location, `NaN` coordinates, spans
//! past the end of the text, control characters in names), gives a well-formed row or feature.

use std::io::{self, Write};
use std::ops::Range;

use serde_json::{json, Value};

use crate::record::{Actor, CasualtyKind, DocumentRecord, Event, PlacePrecision, Qualifier, Role};

/// ACLED's column names, in the order [`acled_row`] fills them. The names are ACLED's exactly
/// (ACLED Codebook, 2023), so files load into tools written for ACLED exports.
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

/// The best figure the casualty claims of `event` give for `kind` (`killed`, `injured`, ...):
///
/// 1. the largest `low` of the `exact` and `approx` claims, if there is one;
/// 2. else the largest `low` of the `at_least` and `range` claims (a floor the text commits to);
/// 3. else `None`: `at_most` and `vague` claims (عشرات، عدة) give no figure.
///
/// The largest, not the sum: a second claim is usually a breakdown of the first ("قتل 137
/// مدنياً بينهم 20 طفلاً", 137 civilians killed, among them 20 children), and adding would count
/// the children twice.
pub fn best_figure(event: &Event, kind: CasualtyKind) -> Option<u64> {
    let claims = || event.casualties.iter().filter(|c| c.kind == kind);
    let max_low = |qualifiers: &[Qualifier]| {
        claims()
            .filter(|c| qualifiers.contains(&c.qualifier))
            .filter_map(|c| c.low)
            .max()
    };
    max_low(&[Qualifier::Exact, Qualifier::Approx])
        .or_else(|| max_low(&[Qualifier::AtLeast, Qualifier::Range]))
}

/// ACLED's `fatalities`: [`best_figure`] for `killed`, 0 when the text gives no figure (ACLED
/// codes unknown fatalities as 0 too).
pub fn fatalities(event: &Event) -> u64 {
    best_figure(event, CasualtyKind::Killed).unwrap_or(0)
}

/// ACLED's `geo_precision` for a format-1 location precision: 1 for a neighbourhood or town
/// (the place itself is known), 2 for a district or region (only the area around it), 3 for a
/// country.
pub fn geo_precision(precision: PlacePrecision) -> u8 {
    match precision {
        PlacePrecision::Neighbourhood | PlacePrecision::Town => 1,
        PlacePrecision::District | PlacePrecision::Region => 2,
        PlacePrecision::Country => 3,
    }
}

/// Whether civilians were the target: a target or victim whose actor code ends in `CVL`
/// (CAMEO's civilian sector), or a casualty claim about a civilian group.
pub fn is_civilian_targeting(event: &Event) -> bool {
    let civilian_actor = event.actors.iter().any(|a| {
        matches!(a.role, Role::Target | Role::Victim)
            && a.code.as_deref().is_some_and(|c| c.ends_with("CVL"))
    });
    civilian_actor || event.casualties.iter().any(|c| c.group.is_civilian())
}

/// ACLED's `actor1` and `actor2`. Actor 1 is the first perpetrator, else the first claimant,
/// else the first party; actor 2 is the first target, else the first victim, else (when actor 1
/// is a party, as in a clash) the second party.
pub fn acled_actors(event: &Event) -> (Option<&Actor>, Option<&Actor>) {
    let first = |role: Role| event.actors.iter().find(|a| a.role == role);
    let actor1 = first(Role::Perpetrator)
        .or_else(|| first(Role::Claimant))
        .or_else(|| first(Role::Party));
    let actor2 = first(Role::Target)
        .or_else(|| first(Role::Victim))
        .or_else(|| {
            actor1
                .filter(|a| a.role == Role::Party)
                .and_then(|_| event.actors.iter().filter(|a| a.role == Role::Party).nth(1))
        });
    (actor1, actor2)
}

/// An actor's canonical English name when it has one, else the text as written.
pub fn actor_label(actor: &Actor) -> &str {
    actor
        .name
        .as_deref()
        .filter(|n| !n.trim().is_empty())
        .unwrap_or(&actor.text)
}

/// The byte range of the code-point span `[start, end)` of `text`, or `None` when the span is
/// empty, reversed or past the end.
fn byte_range(text: &str, [start, end]: [usize; 2]) -> Option<Range<usize>> {
    if start >= end {
        return None;
    }
    let mut offsets = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()));
    let from = offsets.nth(start)?;
    let to = offsets.nth(end - start - 1)?;
    Some(from..to)
}

/// The sentences `event` was built from, cut from the document `text` (the text its offsets
/// refer to: title + "\n\n" + body), joined by a space, with line breaks and other control
/// characters turned into spaces so the result is one line. Spans outside the text are skipped.
pub fn evidence_text(event: &Event, text: &str) -> String {
    let mut notes = String::new();
    for span in &event.evidence {
        let Some(range) = byte_range(text, *span) else {
            continue;
        };
        let sentence = one_line(&text[range]);
        let sentence = sentence.trim();
        if sentence.is_empty() {
            continue;
        }
        if !notes.is_empty() {
            notes.push(' ');
        }
        notes.push_str(sentence);
    }
    notes
}

/// `s` with every control character (line breaks, tabs, escapes) turned into a space.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// A coordinate as ACLED writes it, or an empty cell when it is unknown or not finite.
fn coordinate(value: Option<f64>) -> String {
    value
        .filter(|v| v.is_finite())
        .map(|v| v.to_string())
        .unwrap_or_default()
}

/// One CSV row for `event` of `record`, in the order of [`ACLED_COLUMNS`].
///
/// - `event_id_cnty` is the event id (`<doc id>#<n>`), not ACLED's country-prefixed number;
/// - `event_date` is the event's day `YYYY-MM-DD`, empty when unknown (no fallback to the
///   publication date: that would be a guess);
/// - `country` is ISO 3166-1 alpha-2 (`SY`), not ACLED's English country name;
/// - `location` is the English gazetteer name, else the name as written;
/// - `notes` is the evidence text cut from `text`; empty when `text` is `None`;
/// - `source` is the document's outlet.
pub fn acled_row(record: &DocumentRecord, event: &Event, text: Option<&str>) -> [String; 16] {
    let (actor1, actor2) = acled_actors(event);
    let location = event.location.as_ref();
    let label = |a: Option<&Actor>| a.map(|a| one_line(actor_label(a))).unwrap_or_default();
    [
        event.id.clone(),
        event.date.value.clone().unwrap_or_default(),
        event.acled.event_type.clone(),
        event.acled.sub_event_type.clone(),
        label(actor1),
        label(actor2),
        if is_civilian_targeting(event) {
            "Civilian targeting".to_owned()
        } else {
            String::new()
        },
        location.and_then(|l| l.country.clone()).unwrap_or_default(),
        location.and_then(|l| l.admin1.clone()).unwrap_or_default(),
        location
            .map(|l| one_line(l.name_en.as_deref().unwrap_or(&l.name)))
            .unwrap_or_default(),
        coordinate(location.and_then(|l| l.lat)),
        coordinate(location.and_then(|l| l.lon)),
        location
            .and_then(|l| l.precision)
            .map(geo_precision)
            .map(|p| p.to_string())
            .unwrap_or_default(),
        record.doc.source.clone().unwrap_or_default(),
        text.map(|t| evidence_text(event, t)).unwrap_or_default(),
        fatalities(event).to_string(),
    ]
}

/// Writes one CSV line (RFC 4180 quoting: a field with a comma, a quote, a line break or
/// leading or trailing space is quoted, quotes doubled), ended by `\n`.
///
/// # Errors
/// When `out` fails.
pub fn write_csv_line<W: Write, S: AsRef<str>>(out: &mut W, fields: &[S]) -> io::Result<()> {
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
pub fn write_csv_header<W: Write>(out: &mut W) -> io::Result<()> {
    write_csv_line(out, &ACLED_COLUMNS)
}

/// Writes one row per event of `record` and returns how many. `text` is the document text the
/// offsets refer to, for the `notes` column.
///
/// # Errors
/// When `out` fails.
pub fn write_csv_rows<W: Write>(
    out: &mut W,
    record: &DocumentRecord,
    text: Option<&str>,
) -> io::Result<usize> {
    for event in &record.events {
        write_csv_line(out, &acled_row(record, event, text))?;
    }
    Ok(record.events.len())
}

/// A GeoJSON Point feature for `event`, or `None` when it has no finite coordinates in range.
/// Properties: `id`, `type`, `date` (the event's day or null), `location` (as written),
/// `location_en`, `country` (ISO 3166-1 alpha-2), `precision`, `killed` ([`fatalities`]),
/// `modality`, `doc_id`.
pub fn geojson_feature(record: &DocumentRecord, event: &Event) -> Option<Value> {
    let location = event.location.as_ref()?;
    let lat = location
        .lat
        .filter(|v| v.is_finite() && (-90.0..=90.0).contains(v))?;
    let lon = location
        .lon
        .filter(|v| v.is_finite() && (-180.0..=180.0).contains(v))?;
    Some(json!({
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
        "properties": {
            "id": event.id,
            "type": event.event_type,
            "date": event.date.value,
            "location": location.name,
            "location_en": location.name_en,
            "country": location.country,
            "precision": location.precision,
            "killed": fatalities(event),
            "modality": event.modality,
            "doc_id": record.doc.id,
        }
    }))
}

/// Writes one GeoJSON FeatureCollection, a feature per line, record by record, so a whole
/// corpus never has to be held in memory. Events without coordinates are counted, not written.
#[derive(Debug)]
pub struct FeatureCollectionWriter<W: Write> {
    out: W,
    written: usize,
    omitted: usize,
}

impl<W: Write> FeatureCollectionWriter<W> {
    /// Starts the collection.
    ///
    /// # Errors
    /// When `out` fails.
    pub fn new(mut out: W) -> io::Result<Self> {
        out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")?;
        Ok(FeatureCollectionWriter {
            out,
            written: 0,
            omitted: 0,
        })
    }

    /// Writes the features of the events of `record` that have coordinates.
    ///
    /// # Errors
    /// When `out` fails.
    pub fn write_record(&mut self, record: &DocumentRecord) -> io::Result<()> {
        for event in &record.events {
            let Some(feature) = geojson_feature(record, event) else {
                self.omitted += 1;
                continue;
            };
            self.out
                .write_all(if self.written == 0 { b"\n" } else { b",\n" })?;
            serde_json::to_writer(&mut self.out, &feature).map_err(io::Error::from)?;
            self.written += 1;
        }
        Ok(())
    }

    /// Features written so far.
    pub fn written(&self) -> usize {
        self.written
    }

    /// Events left out so far for want of coordinates.
    pub fn omitted(&self) -> usize {
        self.omitted
    }

    /// The underlying writer, e.g. to flush it between records.
    pub fn get_mut(&mut self) -> &mut W {
        &mut self.out
    }

    /// Closes the collection and gives the writer back.
    ///
    /// # Errors
    /// When `out` fails.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.write_all(b"\n]}\n")?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{
        Acled, Casualty, DatePrecision, DocumentInfo, EventDate, Group, Location, Modality,
    };

    fn casualty(kind: &str, qualifier: &str, low: Option<u64>, high: Option<u64>) -> Casualty {
        Casualty {
            kind: kind.parse().unwrap(),
            low,
            high,
            qualifier: qualifier.parse().unwrap(),
            group: Group::Unknown,
            text: String::new(),
            span: None,
        }
    }

    fn actor(role: &str, text: &str, name: Option<&str>, code: Option<&str>) -> Actor {
        Actor {
            role: role.parse().unwrap(),
            text: text.to_owned(),
            name: name.map(str::to_owned),
            code: code.map(str::to_owned),
            span: None,
        }
    }

    /// "قصف طيران النظام حلب أمس فقتل 3 مدنيين" (regime aircraft shelled Aleppo yesterday,
    /// killing 3 civilians), as the extractor would record it.
    fn aleppo() -> (DocumentRecord, String) {
        let text = "قصف على حلب\n\nقصف طيران النظام حلب أمس فقتل 3 مدنيين. وقال \"المرصد\" ذلك.";
        let mut civilians = casualty("killed", "exact", Some(3), Some(3));
        civilians.group = Group::Civilians;
        let event = Event {
            id: "d1#1".to_owned(),
            event_type: "airstrike".to_owned(),
            acled: Acled {
                event_type: "Explosions/Remote violence".to_owned(),
                sub_event_type: "Air/drone strike".to_owned(),
            },
            cameo: "195".to_owned(),
            detail: None,
            date: EventDate {
                value: Some("2016-12-11".to_owned()),
                precision: Some(DatePrecision::Day),
                text: Some("أمس".to_owned()),
                span: None,
            },
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
                    "perpetrator",
                    "طيران النظام",
                    Some("Syrian regime"),
                    Some("SYRGOV"),
                ),
                actor("target", "مدنيين", None, Some("SYRCVL")),
            ],
            casualties: vec![civilians],
            attribution: Vec::new(),
            modality: Modality::Asserted,
            evidence: vec![[13, 52], [52, 1000], [60, 59]],
            confidence: 0.8,
        };
        let record = DocumentRecord {
            format: 1,
            doc: DocumentInfo {
                id: "d1".to_owned(),
                date: Some("2016-12-12".to_owned()),
                source: Some("enab, baladi".to_owned()),
                url: None,
                chars: text.chars().count(),
            },
            events: vec![event],
        };
        (record, text.to_owned())
    }

    #[test]
    fn fatalities_prefer_firm_figures_then_floors() {
        let (record, _) = aleppo();
        let mut event = record.events[0].clone();
        let cases: Vec<(Vec<Casualty>, u64)> = vec![
            (vec![], 0),
            (vec![casualty("injured", "exact", Some(9), Some(9))], 0),
            (vec![casualty("killed", "vague", Some(20), Some(99))], 0),
            (vec![casualty("killed", "at_most", None, Some(10))], 0),
            (vec![casualty("killed", "at_least", Some(12), None)], 12),
            (vec![casualty("killed", "range", Some(10), Some(15))], 10),
            (
                vec![
                    casualty("killed", "at_least", Some(40), None),
                    casualty("killed", "exact", Some(14), Some(14)),
                ],
                14,
            ),
            (
                vec![
                    casualty("killed", "exact", Some(137), Some(137)),
                    casualty("killed", "exact", Some(20), Some(20)),
                    casualty("killed", "approx", Some(50), Some(50)),
                ],
                137,
            ),
            (vec![casualty("killed", "exact", None, None)], 0),
        ];
        for (casualties, expected) in cases {
            event.casualties = casualties.clone();
            assert_eq!(fatalities(&event), expected, "{casualties:?}");
        }
        event.casualties = vec![casualty("injured", "approx", Some(30), Some(30))];
        assert_eq!(best_figure(&event, CasualtyKind::Injured), Some(30));
        assert_eq!(best_figure(&event, CasualtyKind::Killed), None);
    }

    #[test]
    fn acled_row_fills_every_column() {
        let (record, text) = aleppo();
        let row = acled_row(&record, &record.events[0], Some(&text));
        let cell = |name: &str| {
            let i = ACLED_COLUMNS.iter().position(|c| *c == name).unwrap();
            row[i].as_str()
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
        assert_eq!(cell("source"), "enab, baladi");
        // Evidence [13, 52) is the first body sentence; [52, 1000) runs past the end and
        // [60, 59) is reversed: both skipped, not a panic.
        assert_eq!(cell("notes"), "قصف طيران النظام حلب أمس فقتل 3 مدنيين.");
        assert_eq!(cell("fatalities"), "3");
        let no_text = acled_row(&record, &record.events[0], None);
        assert_eq!(no_text[14], "");
    }

    #[test]
    fn acled_row_without_location_or_actors_is_empty_not_broken() {
        let (mut record, text) = aleppo();
        let event = &mut record.events[0];
        event.location = None;
        event.actors = vec![
            actor("party", "الجيش", Some("Army"), None),
            actor("party", "المسلحون", None, None),
        ];
        event.casualties.clear();
        event.date.value = None;
        let row = acled_row(&record, &record.events[0], Some(&text));
        assert_eq!(row[1], "");
        assert_eq!((row[4].as_str(), row[5].as_str()), ("Army", "المسلحون"));
        assert_eq!(row[6], "");
        assert!(row[7..13].iter().all(String::is_empty), "{row:?}");
        assert_eq!(row[15], "0");
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
        let (record, text) = aleppo();
        let mut rows = Vec::new();
        assert_eq!(write_csv_rows(&mut rows, &record, Some(&text)).unwrap(), 1);
        assert!(String::from_utf8(rows)
            .unwrap()
            .contains("\"enab, baladi\""));
    }

    #[test]
    fn geojson_feature_is_a_point_at_lon_lat() {
        let (mut record, _) = aleppo();
        let feature = geojson_feature(&record, &record.events[0]).unwrap();
        assert_eq!(feature["type"], "Feature");
        assert_eq!(feature["geometry"]["type"], "Point");
        assert_eq!(feature["geometry"]["coordinates"], json!([37.16, 36.2]));
        let properties = &feature["properties"];
        assert_eq!(properties["id"], "d1#1");
        assert_eq!(properties["type"], "airstrike");
        assert_eq!(properties["date"], "2016-12-11");
        assert_eq!(properties["location"], "حلب");
        assert_eq!(properties["country"], "SY");
        assert_eq!(properties["killed"], 3);
        assert_eq!(properties["doc_id"], "d1");

        let second = record.events[0].clone();
        record.events.push(second);
        record.events[1].location.as_mut().unwrap().lat = Some(f64::NAN);
        assert_eq!(geojson_feature(&record, &record.events[1]), None);
        let mut writer = FeatureCollectionWriter::new(Vec::new()).unwrap();
        writer.write_record(&record).unwrap();
        writer.write_record(&record).unwrap();
        assert_eq!((writer.written(), writer.omitted()), (2, 2));
        let bytes = writer.finish().unwrap();
        let collection: Value = serde_json::from_slice(&bytes).unwrap();
        assert_eq!(collection["type"], "FeatureCollection");
        assert_eq!(collection["features"].as_array().unwrap().len(), 2);

        let empty = FeatureCollectionWriter::new(Vec::new()).unwrap();
        let collection: Value = serde_json::from_slice(&empty.finish().unwrap()).unwrap();
        assert_eq!(collection["features"], json!([]));
    }
}
