//! Records to rows.

use chrono::NaiveDate;
use rasd_extract::export::{self, acled_actors, actor_label};
use rasd_extract::record::{Attribution, CasualtyKind, Event};
use rasd_extract::DocumentRecord;
use serde::Serialize;

/// One event, flat. Field order is [`crate::EVENT_COLUMNS`]'s; serialized with serde, the keys
/// are the column names and dates are `YYYY-MM-DD`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EventRow {
    /// ACLED `event_id_cnty`: the event id `<doc id>#<n>`.
    pub event_id_cnty: String,
    /// ACLED `event_date`: the day the event happened (null when unknown; never the
    /// publication date).
    pub event_date: Option<NaiveDate>,
    /// ACLED event type (empty for verbal types).
    pub event_type: String,
    /// ACLED sub-event type (empty for verbal types).
    pub sub_event_type: String,
    /// ACLED `actor1`: English name (else the text) of the first perpetrator, claimant or party.
    pub actor1: Option<String>,
    /// ACLED `actor2`: the first target or victim, or the second party.
    pub actor2: Option<String>,
    /// ACLED `civilian_targeting`: `Civilian targeting` or null.
    pub civilian_targeting: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// First-level division, English.
    pub admin1: Option<String>,
    /// ACLED `location`: the English gazetteer name, else the name as written.
    pub location: Option<String>,
    /// WGS84 latitude.
    pub latitude: Option<f64>,
    /// WGS84 longitude.
    pub longitude: Option<f64>,
    /// ACLED `geo_precision`: 1 town or finer, 2 district or region, 3 country.
    pub geo_precision: Option<i32>,
    /// The outlet of the document.
    pub source: Option<String>,
    /// The evidence sentences, one line (null when the text was not given).
    pub notes: Option<String>,
    /// ACLED `fatalities`: `killed_best`, 0 when unknown (as ACLED codes it).
    pub fatalities: i64,
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
    /// The largest lower bound of the `killed` claims.
    pub killed_low: Option<i64>,
    /// The best figure of the `killed` claims (`rasd_extract::export::best_figure`).
    pub killed_best: Option<i64>,
    /// The largest upper bound of the `killed` claims; null when a claim is open above
    /// (`at_least`) or none gives one.
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

/// `(low, best, high)` of the claims of `kind`; see the fields of [`EventRow`].
fn bounds(event: &Event, kind: CasualtyKind) -> (Option<i64>, Option<i64>, Option<i64>) {
    let claims: Vec<_> = event.casualties.iter().filter(|c| c.kind == kind).collect();
    let low = claims.iter().filter_map(|c| c.low).max();
    let high = if claims.iter().any(|c| c.high.is_none() && c.low.is_some()) {
        None
    } else {
        claims.iter().filter_map(|c| c.high).max()
    };
    let best = export::best_figure(event, kind);
    (
        low.map(signed),
        best.map(signed),
        high.map(signed)
            .filter(|h| low.is_none_or(|l| *h >= signed(l))),
    )
}

/// The row of `event` of `record`. `text` is the document text the offsets refer to (title +
/// "\n\n" + body), for `notes`; without it `notes` is null.
pub fn event_row(record: &DocumentRecord, event: &Event, text: Option<&str>) -> EventRow {
    let (actor1, actor2) = acled_actors(event);
    let location = event.location.as_ref();
    let (killed_low, killed_best, killed_high) = bounds(event, CasualtyKind::Killed);
    let (injured_low, injured_best, injured_high) = bounds(event, CasualtyKind::Injured);
    let first_attribution = event.attribution.first();
    let finite = |v: Option<f64>| v.filter(|v| v.is_finite());
    EventRow {
        event_id_cnty: event.id.clone(),
        event_date: date(event.date.value.as_deref()),
        event_type: event.acled.event_type.clone(),
        sub_event_type: event.acled.sub_event_type.clone(),
        actor1: actor1.map(|a| actor_label(a).to_owned()),
        actor2: actor2.map(|a| actor_label(a).to_owned()),
        civilian_targeting: export::is_civilian_targeting(event)
            .then(|| "Civilian targeting".to_owned()),
        country: location.and_then(|l| l.country.clone()),
        admin1: location.and_then(|l| l.admin1.clone()),
        location: location.map(|l| l.name_en.clone().unwrap_or_else(|| l.name.clone())),
        latitude: finite(location.and_then(|l| l.lat)),
        longitude: finite(location.and_then(|l| l.lon)),
        geo_precision: location
            .and_then(|l| l.precision)
            .map(export::geo_precision)
            .map(i32::from),
        source: record.doc.source.clone(),
        notes: text.map(|t| export::evidence_text(event, t)),
        fatalities: killed_best.unwrap_or(0),
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
        assert_eq!(e.event_date, NaiveDate::from_ymd_opt(2016, 12, 11));
        assert_eq!(e.doc_date, NaiveDate::from_ymd_opt(2016, 12, 12));
        assert_eq!(
            (e.killed_low, e.killed_best, e.killed_high),
            (Some(10), Some(3), None)
        );
        assert_eq!(e.fatalities, 3);
        assert_eq!(
            (e.injured_low, e.injured_best, e.injured_high),
            (Some(20), None, Some(99))
        );
        assert_eq!(e.actor1.as_deref(), Some("Russian air force"));
        assert_eq!(e.actor2.as_deref(), Some("مدنيين"));
        assert_eq!(e.civilian_targeting.as_deref(), Some("Civilian targeting"));
        assert_eq!(e.location.as_deref(), Some("Aleppo"));
        assert_eq!(e.location_name.as_deref(), Some("حلب"));
        assert_eq!(e.geo_precision, Some(1));
        assert_eq!(e.event_index, 1);
        assert_eq!(e.claims, 3);
        assert_eq!(e.notes.as_deref(), Some("قتل 3 مدنيين"));
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
            kind: CasualtyKind::Killed,
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
        assert_eq!(e.event_date, None);
        assert_eq!(e.killed_low, Some(i64::MAX));
        assert_eq!(e.killed_high, None, "a high below the low is dropped");
        assert_eq!(e.notes, None);
        assert_eq!(claims[0].span_start, Some(i64::MAX));
    }
}
