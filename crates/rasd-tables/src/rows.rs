//! Records to rows.

use chrono::NaiveDate;
use rasd_extract::record::{Attribution, Event};
use rasd_extract::DocumentRecord;
use rasd_merge::Figures;
use serde::Serialize;

use crate::acled::{record_row, AcledRow};
use crate::event::acled_actors;

/// One event, flat. Field order is [`crate::EVENT_COLUMNS`]'s: first ACLED's columns, the
/// [`AcledRow`] of the CSV export, then rasd's own. Serialized with serde, the keys are the column
/// names and dates are `YYYY-MM-DD`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventRow {
    /// ACLED's columns, as the CSV export writes them.
    #[serde(flatten)]
    pub acled: AcledRow,
    /// Document id.
    pub doc_id: String,
    /// Publication date.
    pub doc_date: Option<NaiveDate>,
    /// Address of the article.
    pub url: Option<String>,
    /// n of `<doc id>#<n>`, from 1.
    pub event_index: i32,
    /// rasd's type (`taxonomy.tsv`).
    #[serde(rename = "type")]
    pub event_kind: String,
    /// CAMEO code.
    pub cameo: String,
    /// Finer kind in English.
    pub detail: Option<String>,
    /// `day`, `week`, `month`, `year`.
    pub date_precision: Option<String>,
    /// The words the date was read from.
    pub date_text: Option<String>,
    /// The place as the text writes it (Arabic).
    pub location_name: Option<String>,
    /// `neighbourhood`, `town`, `district`, `region`, `country`.
    pub location_precision: Option<String>,
    /// e.g. `geonames:170063`.
    pub gazetteer_id: Option<String>,
    /// Actor code of `actor1`.
    pub actor1_code: Option<String>,
    /// Actor code of `actor2`.
    pub actor2_code: Option<String>,
    /// The event's killed figure `{low, best, high}` (`docs/merging.md`: the claims of one
    /// population count once, disjoint populations add up, `vague` claims give none): low.
    pub killed_low: Option<i64>,
    /// Best (ACLED's `fatalities` is this, or 0).
    pub killed_best: Option<i64>,
    /// High.
    pub killed_high: Option<i64>,
    /// As `killed_low`, for `injured`.
    pub injured_low: Option<i64>,
    /// As `killed_best`, for `injured`.
    pub injured_best: Option<i64>,
    /// As `killed_high`, for `injured`.
    pub injured_high: Option<i64>,
    /// Casualty claims of the event (its rows in the claims table).
    pub claims: i32,
    /// Kind of the first attribution (`official`, `activists`, ...).
    pub attribution_kind: Option<String>,
    /// The first attribution as written.
    pub attribution_text: Option<String>,
    /// `asserted`, `reported`, `alleged`, `denied`, `negated`, `future`, `hypothetical`.
    pub modality: String,
    /// 0..1.
    pub confidence: f64,
}

/// One casualty claim, flat, with the attribution of its event. Field order is
/// [`crate::CLAIM_COLUMNS`]'s.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClaimRow {
    /// Document id.
    pub doc_id: String,
    /// The event the claim belongs to (`<doc id>#<n>`).
    pub event_id_cnty: String,
    /// Position of the claim in its event, from 1.
    pub claim_index: i32,
    /// `killed`, `injured`, `missing`, `abducted`, `arrested`, `displaced`.
    pub kind: String,
    /// Lower bound.
    pub low: Option<i64>,
    /// Upper bound.
    pub high: Option<i64>,
    /// `exact`, `approx`, `at_least`, `at_most`, `range`, `vague`.
    pub qualifier: String,
    /// `civilians`, `children`, ..., `unknown` (format 1's `group`).
    pub casualty_group: String,
    /// The phrase.
    pub text: String,
    /// Start of the phrase, code points into the document text.
    pub span_start: Option<i64>,
    /// End of the phrase (exclusive).
    pub span_end: Option<i64>,
    /// rasd's type of the event.
    pub event_type: String,
    /// The day of the event.
    pub event_date: Option<NaiveDate>,
    /// Country of the event.
    pub country: Option<String>,
    /// Modality of the event.
    pub modality: String,
    /// Kind of the first attribution of the event.
    pub attribution_kind: Option<String>,
    /// The first attribution as written.
    pub attribution_text: Option<String>,
    /// Its actor code.
    pub attribution_code: Option<String>,
    /// The outlet that carried it.
    pub attribution_via: Option<String>,
    /// How many attributions the event has.
    pub attributions: i32,
}

fn date(value: Option<&str>) -> Option<NaiveDate> {
    value.and_then(|v| NaiveDate::parse_from_str(v, "%Y-%m-%d").ok())
}

fn signed(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

fn small(n: usize) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// `(low, best, high)` of figures, as columns.
fn figures(f: Option<Figures>) -> (Option<i64>, Option<i64>, Option<i64>) {
    f.map_or((None, None, None), |f| {
        (
            Some(signed(f.low)),
            Some(signed(f.best)),
            Some(signed(f.high)),
        )
    })
}

/// The row of `event` of `record`. `text` is the document text the offsets refer to (title +
/// "\n\n" + body), for `notes`; without it `notes` is null.
pub fn event_row(record: &DocumentRecord, event: &Event, text: Option<&str>) -> EventRow {
    let (core, acled) = record_row(record, event, text);
    let (actor1, actor2) = acled_actors(&core.actors);
    let location = event.location.as_ref();
    let (killed_low, killed_best, killed_high) = figures(core.killed);
    let (injured_low, injured_best, injured_high) = figures(core.injured);
    let first_attribution = event.attribution.first();
    EventRow {
        acled,
        doc_id: record.doc.id.clone(),
        doc_date: date(record.doc.date.as_deref()),
        url: record.doc.url.clone(),
        event_index: event
            .id
            .rsplit_once('#')
            .and_then(|(_, n)| n.parse().ok())
            .unwrap_or(0),
        event_kind: event.event_type.clone(),
        cameo: event.cameo.clone(),
        detail: event.detail.clone(),
        date_precision: event.date.precision.map(|p| p.to_string()),
        date_text: event.date.text.clone(),
        location_name: location.map(|l| l.name.clone()),
        location_precision: location.and_then(|l| l.precision).map(|p| p.to_string()),
        gazetteer_id: location.and_then(|l| l.gazetteer_id.clone()),
        actor1_code: actor1.and_then(|a| a.code.clone()),
        actor2_code: actor2.and_then(|a| a.code.clone()),
        killed_low,
        killed_best,
        killed_high,
        injured_low,
        injured_best,
        injured_high,
        claims: small(event.casualties.len()),
        attribution_kind: first_attribution.map(|a| a.kind.to_string()),
        attribution_text: first_attribution.map(|a| a.text.clone()),
        modality: event.modality.to_string(),
        confidence: event.confidence,
    }
}

/// The rows of the casualty claims of `event` of `record`, in the event's order.
pub fn claim_rows(record: &DocumentRecord, event: &Event) -> Vec<ClaimRow> {
    let first: Option<&Attribution> = event.attribution.first();
    let country = event.location.as_ref().and_then(|l| l.country.clone());
    event
        .casualties
        .iter()
        .enumerate()
        .map(|(i, claim)| ClaimRow {
            doc_id: record.doc.id.clone(),
            event_id_cnty: event.id.clone(),
            claim_index: small(i + 1),
            kind: claim.kind.to_string(),
            low: claim.low.map(signed),
            high: claim.high.map(signed),
            qualifier: claim.qualifier.to_string(),
            casualty_group: claim.group.to_string(),
            text: claim.text.clone(),
            span_start: claim.span.map(|s| signed(s[0] as u64)),
            span_end: claim.span.map(|s| signed(s[1] as u64)),
            event_type: event.event_type.clone(),
            event_date: date(event.date.value.as_deref()),
            country: country.clone(),
            modality: event.modality.to_string(),
            attribution_kind: first.map(|a| a.kind.to_string()),
            attribution_text: first.map(|a| a.text.clone()),
            attribution_code: first.and_then(|a| a.code.clone()),
            attribution_via: first.and_then(|a| a.via.clone()),
            attributions: small(event.attribution.len()),
        })
        .collect()
}

/// The event rows and claim rows of `record`, in the order of its events. `text` is the
/// document text, for `notes` (see [`event_row`]).
pub fn rows(record: &DocumentRecord, text: Option<&str>) -> (Vec<EventRow>, Vec<ClaimRow>) {
    let events = record
        .events
        .iter()
        .map(|e| event_row(record, e, text))
        .collect();
    let claims = record
        .events
        .iter()
        .flat_map(|e| claim_rows(record, e))
        .collect();
    (events, claims)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{CLAIM_COLUMNS, EVENT_COLUMNS};
    use rasd_extract::record::Casualty;
    use serde_json::{json, Value};

    fn record() -> DocumentRecord {
        serde_json::from_value(json!({
            "format": 1,
            "doc": {"id": "d", "date": "2016-12-12", "source": "s", "url": null, "chars": 40},
            "events": [{
                "id": "d#1", "type": "airstrike",
                "acled": {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"},
                "cameo": "195", "detail": null,
                "date": {"value": "2016-12-11", "precision": "day", "text": "أمس", "span": [30, 33]},
                "location": {"name": "حلب", "name_en": "Aleppo", "country": "SY", "admin1": "Aleppo",
                             "lat": 36.2, "lon": 37.16, "precision": "town", "gazetteer_id": "geonames:170063",
                             "span": [25, 28]},
                "actors": [{"role": "perpetrator", "text": "الطيران الروسي", "name": "Russian air force",
                            "code": "RUSMIL", "span": [0, 5]},
                           {"role": "victim", "text": "مدنيين", "name": null, "code": "CVL", "span": [6, 12]}],
                "casualties": [
                    {"kind": "killed", "low": 3, "high": 3, "qualifier": "exact", "group": "civilians", "text": "3 مدنيين", "span": [4, 12]},
                    {"kind": "killed", "low": 10, "high": null, "qualifier": "at_least", "group": "unknown", "text": "أكثر من 10", "span": null},
                    {"kind": "injured", "low": 20, "high": 99, "qualifier": "vague", "group": "unknown", "text": "عشرات", "span": null}],
                "attribution": [{"kind": "activists", "text": "ناشطون", "code": null, "via": null, "span": null}],
                "modality": "reported", "evidence": [[0, 12]], "confidence": 0.8
            }]
        }))
        .unwrap()
    }

    fn keys(value: &Value) -> Vec<String> {
        value.as_object().unwrap().keys().cloned().collect()
    }

    #[test]
    fn row_fields_are_the_columns_in_order() {
        let record = record();
        let (events, claims) = rows(&record, Some("قتل 3 مدنيين"));
        // serde_json's map keeps insertion order here only with preserve_order; compare sets
        // and the declared order through the struct's own field list.
        let mut event_keys = keys(&serde_json::to_value(&events[0]).unwrap());
        let mut want: Vec<String> = EVENT_COLUMNS.iter().map(|c| c.name.to_owned()).collect();
        event_keys.sort();
        want.sort();
        assert_eq!(event_keys, want);
        let mut claim_keys = keys(&serde_json::to_value(&claims[0]).unwrap());
        let mut want: Vec<String> = CLAIM_COLUMNS.iter().map(|c| c.name.to_owned()).collect();
        claim_keys.sort();
        want.sort();
        assert_eq!(claim_keys, want);
    }

    #[test]
    fn bounds_and_acled_fields() {
        let record = record();
        let (events, claims) = rows(&record, Some("قتل 3 مدنيين"));
        let e = &events[0];
        assert_eq!(e.acled.event_date, NaiveDate::from_ymd_opt(2016, 12, 11));
        assert_eq!(e.doc_date, NaiveDate::from_ymd_opt(2016, 12, 12));
        // 3 civilians and a total of at least 10: the total (10..10, the text supports no
        // more) is larger than the sum of the groups.
        assert_eq!(
            (e.killed_low, e.killed_best, e.killed_high),
            (Some(10), Some(10), Some(10))
        );
        assert_eq!(e.acled.fatalities, 10);
        assert_eq!(
            (e.injured_low, e.injured_best, e.injured_high),
            (None, None, None),
            "\"dozens\" gives no figure"
        );
        assert_eq!(e.acled.actor1.as_deref(), Some("Russian air force"));
        assert_eq!(e.acled.actor2.as_deref(), Some("مدنيين"));
        assert_eq!(
            e.acled.civilian_targeting.as_deref(),
            Some("Civilian targeting")
        );
        assert_eq!(e.acled.location.as_deref(), Some("Aleppo"));
        assert_eq!(e.location_name.as_deref(), Some("حلب"));
        assert_eq!(e.acled.geo_precision, Some(1));
        assert_eq!(e.acled.source.as_deref(), Some("s"));
        assert_eq!(e.event_index, 1);
        assert_eq!(e.claims, 3);
        assert_eq!(e.acled.notes.as_deref(), Some("قتل 3 مدنيين"));
        assert_eq!(claims.len(), 3);
        assert_eq!(claims[1].claim_index, 2);
        assert_eq!((claims[1].low, claims[1].high), (Some(10), None));
        assert_eq!(claims[0].span_start, Some(4));
        assert_eq!(claims[2].attribution_kind.as_deref(), Some("activists"));
        assert_eq!(claims[2].country.as_deref(), Some("SY"));
    }

    #[test]
    fn odd_records_give_rows_without_panicking() {
        let mut record = record();
        let event = &mut record.events[0];
        event.location = None;
        event.id = "no-number".into();
        event.date.value = Some("sometime".into());
        event.casualties = vec![Casualty {
            kind: rasd_extract::record::CasualtyKind::Killed,
            low: Some(u64::MAX),
            high: Some(5),
            qualifier: rasd_extract::record::Qualifier::Range,
            group: rasd_extract::record::Group::Unknown,
            text: String::new(),
            span: Some([usize::MAX, 3]),
        }];
        let (events, claims) = rows(&record, None);
        let e = &events[0];
        assert_eq!(e.event_index, 0);
        assert_eq!(e.acled.event_date, None);
        // A range given backwards is read low to high; the high does not fit an i64.
        assert_eq!((e.killed_low, e.killed_high), (Some(5), Some(i64::MAX)));
        assert_eq!(e.acled.notes, None);
        assert_eq!(claims[0].span_start, Some(i64::MAX));
    }
}
