//! [`Report`]: the flat view of one extracted event that the merge rule reads.

use chrono::NaiveDate;
use rasd_extract::dates::{find_dates, DateKind};
use rasd_extract::record::{
    CasualtyKind, DatePrecision, DocumentInfo, Event, Group, Modality, PlacePrecision, Qualifier,
    Role,
};
use rasd_lexicon::Taxonomy;
use rasd_text::NormalizedText;
use serde::{Deserialize, Serialize};

use crate::Error;

/// One casualty claim as the merge rule reads it (a subset of the record's `Casualty`).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Claim {
    /// `killed`, `injured`, `missing`, ...
    pub kind: CasualtyKind,
    /// Lower bound.
    pub low: Option<u64>,
    /// Upper bound.
    pub high: Option<u64>,
    /// `exact`, `approx`, `at_least`, `at_most`, `range`, `vague`.
    pub qualifier: Qualifier,
    /// `civilians`, `children`, `military`, ... `unknown`.
    pub group: Group,
}

/// How a report's day was read: the rule lets two reports be a day apart only when one of them
/// is not a date written out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateBasis {
    /// A calendar date written out (12 ديسمبر 2016، or a Hijri date converted).
    Calendar,
    /// A day relative to the publication date (اليوم، أمس، منذ يومين، الاثنين): the default, as
    /// it is the loosest, for reports built by hand.
    #[default]
    Relative,
    /// No date in the text: the publication date stands in.
    Publication,
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
    pub date_precision: Option<DatePrecision>,
    /// How the day was read (`calendar`, `relative`, `publication`; `relative` when absent).
    #[serde(default)]
    pub date_basis: DateBasis,
    /// ISO 3166-1 alpha-2 of the place.
    pub country: Option<String>,
    /// The place name as written, normalized with `rasd_text::normalize`.
    pub place: Option<String>,
    /// `neighbourhood`, `town`, `district`, `region`, `country`.
    pub place_precision: Option<PlacePrecision>,
    /// Gazetteer id of the place.
    pub gazetteer_id: Option<String>,
    /// The first-level division the place lies in (the gazetteer's English name, as the
    /// record's `location.admin1`). For a place of region precision, only when it is that
    /// division (its English name is the division's): the countryside of a town (ريف جسر
    /// الشغور) lies in a division but is not all of it. Absent in flat views written before it
    /// was read, and for places the gazetteer does not know.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    /// Latitude, WGS84.
    pub lat: Option<f64>,
    /// Longitude, WGS84.
    pub lon: Option<f64>,
    /// Perpetrators: the actor code, or `name:` + the normalized text when there is no code.
    pub perpetrators: Vec<String>,
    /// `asserted`, `reported`, `alleged`, `denied`, `negated`, `future`, `hypothetical`.
    pub modality: Modality,
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
            .filter(|a| a.role == Role::Perpetrator)
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
            date_precision: event.date.precision,
            date_basis: date_basis(doc, event),
            country: location.and_then(|l| l.country.clone()),
            place: location.map(|l| rasd_text::normalize(&l.name)),
            place_precision: location.and_then(|l| l.precision),
            gazetteer_id: location.and_then(|l| l.gazetteer_id.clone()),
            admin1: location
                .filter(|l| {
                    l.precision != Some(PlacePrecision::Region)
                        || l.name_en.is_some() && l.name_en == l.admin1
                })
                .and_then(|l| l.admin1.clone())
                .filter(|a| !a.is_empty()),
            lat: location.and_then(|l| l.lat),
            lon: location.and_then(|l| l.lon),
            perpetrators,
            modality: event.modality,
            confidence: event.confidence,
            claims: event
                .casualties
                .iter()
                .map(|c| Claim {
                    kind: c.kind,
                    low: c.low,
                    high: c.high,
                    qualifier: c.qualifier,
                    group: c.group,
                })
                .collect(),
        }
    }

    /// The event day as a day number, when the date is a well-formed day-precision date.
    pub(crate) fn day(&self) -> Option<i64> {
        if self.date_precision != Some(DatePrecision::Day) {
            return None;
        }
        let date = NaiveDate::parse_from_str(self.date.as_deref()?, "%Y-%m-%d").ok()?;
        Some(date.signed_duration_since(NaiveDate::MIN).num_days())
    }

    /// Rank of the place precision, finest first (no place last).
    pub(crate) fn precision_rank(&self) -> u8 {
        match self.place_precision {
            Some(PlacePrecision::Neighbourhood) => 0,
            Some(PlacePrecision::Town) => 1,
            Some(PlacePrecision::District) => 2,
            Some(PlacePrecision::Region) => 3,
            Some(PlacePrecision::Country) => 4,
            _ if self.place.is_some() => 5,
            _ => 6,
        }
    }
}

/// How the day of `event` was read: the publication date when the record names no date words,
/// else the kind of date the extractor's own date finder reads in those words.
fn date_basis(doc: &DocumentInfo, event: &Event) -> DateBasis {
    let Some(words) = event.date.text.as_deref().filter(|t| !t.trim().is_empty()) else {
        return DateBasis::Publication;
    };
    let text = NormalizedText::new(words);
    let published = doc
        .date
        .as_deref()
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok());
    let found = find_dates(&text, 0..text.normalized().len(), published);
    match found.first().map(|d| d.kind) {
        Some(DateKind::Calendar) => DateBasis::Calendar,
        _ => DateBasis::Relative,
    }
}

/// The embedded taxonomy (`data/taxonomy.tsv`), for [`Report::from_event`].
///
/// # Errors
/// When the embedded file is malformed (a build defect the lexicon tests catch).
pub fn families() -> Result<Taxonomy, Error> {
    rasd_lexicon::rows::taxonomy().map_err(|e| Error::Taxonomy(e.to_string()))
}
