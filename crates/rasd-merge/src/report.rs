//! [`Report`]: the flat view of one extracted event that the merge rule reads.

use chrono::NaiveDate;
use rasd_extract::record::{DocumentInfo, Event};
use rasd_lexicon::Taxonomy;
use serde::{Deserialize, Serialize};

use crate::Error;

/// One casualty claim as the merge rule reads it (a subset of the record's `Casualty`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Claim {
    /// `killed`, `injured`, `missing`, ...
    pub kind: String,
    /// Lower bound.
    pub low: Option<u64>,
    /// Upper bound.
    pub high: Option<u64>,
    /// `exact`, `approx`, `at_least`, `at_most`, `range`, `vague`.
    pub qualifier: String,
    /// `civilians`, `children`, `military`, ... `unknown`.
    pub group: String,
}

/// One report: one event record of one document, flattened for the merge rule.
///
/// Built from a record with [`Report::from_event`]; every field is a plain value so that the
/// Python bindings and the Spark job can build and ship it as a row.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The event id, `<doc id>#<n>`; unique across the corpus.
    pub id: String,
    /// The document id; two reports of one document are never merged (the extractor already
    /// merged what one article says twice).
    pub document: String,
    /// A `type` from `taxonomy.tsv`.
    pub event_type: String,
    /// Its `family` column (`battle`, `remote`, `civilians`, ...); empty when unknown.
    pub family: String,
    /// Event day, `YYYY-MM-DD`.
    pub date: Option<String>,
    /// `day`, `week`, `month`, `year`.
    pub date_precision: Option<String>,
    /// ISO 3166-1 alpha-2 of the place.
    pub country: Option<String>,
    /// The place name as written, normalized with `rasd_text::normalize`.
    pub place: Option<String>,
    /// `neighbourhood`, `town`, `district`, `region`, `country`.
    pub place_precision: Option<String>,
    /// Gazetteer id of the place.
    pub gazetteer_id: Option<String>,
    /// Latitude, WGS84.
    pub lat: Option<f64>,
    /// Longitude, WGS84.
    pub lon: Option<f64>,
    /// Perpetrators: the actor code, or `name:` + the normalized text when there is no code.
    pub perpetrators: Vec<String>,
    /// `asserted`, `reported`, `alleged`, `denied`, `negated`, `future`, `hypothetical`.
    pub modality: String,
    /// The extractor's confidence, 0..1 (only breaks ties when picking a representative).
    pub confidence: f64,
    /// Casualty claims.
    pub claims: Vec<Claim>,
}

impl Report {
    /// Flattens one event of a document record. `taxonomy` gives the family of the type
    /// ([`families`] loads the embedded one).
    pub fn from_event(doc: &DocumentInfo, event: &Event, taxonomy: &Taxonomy) -> Report {
        let family = taxonomy
            .get(&event.event_type)
            .map_or_else(String::new, |t| t.family.clone());
        let location = event.location.as_ref();
        let mut perpetrators: Vec<String> = event
            .actors
            .iter()
            .filter(|a| a.role == "perpetrator")
            .map(|a| match &a.code {
                Some(code) if !code.is_empty() => code.clone(),
                _ => format!("name:{}", rasd_text::normalize(&a.text)),
            })
            .collect();
        perpetrators.sort();
        perpetrators.dedup();
        Report {
            id: event.id.clone(),
            document: doc.id.clone(),
            event_type: event.event_type.clone(),
            family,
            date: event.date.value.clone(),
            date_precision: event.date.precision.clone(),
            country: location.and_then(|l| l.country.clone()),
            place: location.map(|l| rasd_text::normalize(&l.name)),
            place_precision: location.and_then(|l| l.precision.clone()),
            gazetteer_id: location.and_then(|l| l.gazetteer_id.clone()),
            lat: location.and_then(|l| l.lat),
            lon: location.and_then(|l| l.lon),
            perpetrators,
            modality: event.modality.clone(),
            confidence: event.confidence,
            claims: event
                .casualties
                .iter()
                .map(|c| Claim {
                    kind: c.kind.clone(),
                    low: c.low,
                    high: c.high,
                    qualifier: c.qualifier.clone(),
                    group: c.group.clone(),
                })
                .collect(),
        }
    }

    /// The event day as a day number, when the date is a well-formed day-precision date.
    pub(crate) fn day(&self) -> Option<i64> {
        if self.date_precision.as_deref() != Some("day") {
            return None;
        }
        let date = NaiveDate::parse_from_str(self.date.as_deref()?, "%Y-%m-%d").ok()?;
        Some(date.signed_duration_since(NaiveDate::MIN).num_days())
    }

    /// Rank of the place precision, finest first (no place last).
    pub(crate) fn precision_rank(&self) -> u8 {
        match self.place_precision.as_deref() {
            Some("neighbourhood") => 0,
            Some("town") => 1,
            Some("district") => 2,
            Some("region") => 3,
            Some("country") => 4,
            _ if self.place.is_some() => 5,
            _ => 6,
        }
    }
}

/// The embedded taxonomy (`data/taxonomy.tsv`), for [`Report::from_event`].
///
/// # Errors
/// When the embedded file is malformed (a build defect the lexicon tests catch).
pub fn families() -> Result<Taxonomy, Error> {
    rasd_lexicon::rows::taxonomy().map_err(|e| Error::Taxonomy(e.to_string()))
}
