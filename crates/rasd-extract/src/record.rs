//! The output record, format 1 (`shared/spec/EVENTS.md`): one [`DocumentRecord`] per document.
//!
//! Field order here is the order of the JSON output. `None` serializes as `null`: unknown,
//! never a guess.

use serde::{Deserialize, Serialize};

pub use crate::vocabulary::{
    CasualtyKind, DatePrecision, Group, Modality, PlacePrecision, Qualifier, Role, SourceKind,
    UnknownName,
};

/// A `[start, end)` span in code points of the document text, serialized as `[s, e]`.
pub type SpanPair = [usize; 2];

/// One output line: a document and its events.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    /// Always 1.
    pub format: u32,
    /// What the document is.
    pub doc: DocumentInfo,
    /// The events, in order of first evidence.
    pub events: Vec<Event>,
}

/// The document an output line is about.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentInfo {
    /// Document id as given, or the line number / file stem.
    pub id: String,
    /// Publication date `YYYY-MM-DD`, when known.
    pub date: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Address of the article.
    pub url: Option<String>,
    /// Code points in the document text (title + "\n\n" + text when there is a title).
    pub chars: usize,
}

/// One event: one type, at one place, on one day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// `<doc id>#<n>`, n from 1 in order of first evidence.
    pub id: String,
    /// A `type` from `taxonomy.tsv`.
    #[serde(rename = "type")]
    pub event_type: String,
    /// ACLED's event type and sub-event type (empty strings for verbal types).
    pub acled: Acled,
    /// CAMEO code, refined where known.
    pub cameo: String,
    /// Finer kind in English (`execution`, `car_bomb`, ...).
    pub detail: Option<String>,
    /// When it happened.
    pub date: EventDate,
    /// Where it happened, the finest place the text supports.
    pub location: Option<Location>,
    /// Perpetrators, targets, victims, claimants, parties.
    pub actors: Vec<Actor>,
    /// Casualty claims.
    pub casualties: Vec<Casualty>,
    /// Who says it happened.
    pub attribution: Vec<Attribution>,
    /// `asserted`, `reported`, `alleged`, `denied`, `negated`, `future`, `hypothetical`.
    pub modality: Modality,
    /// The sentences the record was built from.
    pub evidence: Vec<SpanPair>,
    /// 0..1.
    pub confidence: f64,
}

/// ACLED's names for an event type.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acled {
    /// ACLED event type, e.g. `Explosions/Remote violence`.
    pub event_type: String,
    /// ACLED sub-event type, e.g. `Air/drone strike`.
    pub sub_event_type: String,
}

/// The day of an event, resolved against the document date.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EventDate {
    /// `YYYY-MM-DD`.
    pub value: Option<String>,
    /// `day`, `week`, `month`, `year`.
    pub precision: Option<DatePrecision>,
    /// The words the date was read from.
    pub text: Option<String>,
    /// Where those words are.
    pub span: Option<SpanPair>,
}

/// A place, geocoded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Location {
    /// As the text writes it.
    pub name: String,
    /// English name from the gazetteer.
    pub name_en: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// First-level administrative division (English name).
    pub admin1: Option<String>,
    /// Latitude, WGS84.
    pub lat: Option<f64>,
    /// Longitude, WGS84.
    pub lon: Option<f64>,
    /// `neighbourhood`, `town`, `district`, `region`, `country`.
    pub precision: Option<PlacePrecision>,
    /// e.g. `geonames:170063`, `ocha:C1234`.
    pub gazetteer_id: Option<String>,
    /// Where the name is.
    pub span: Option<SpanPair>,
}

/// An actor in an event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    /// `perpetrator`, `target`, `victim`, `claimant`, `party`.
    pub role: Role,
    /// As written.
    pub text: String,
    /// Canonical English name.
    pub name: Option<String>,
    /// Code from `actors.tsv` or a descriptive one.
    pub code: Option<String>,
    /// Where it is written.
    pub span: Option<SpanPair>,
}

/// A casualty claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Casualty {
    /// `killed`, `injured`, `missing`, `abducted`, `arrested`, `displaced`.
    pub kind: CasualtyKind,
    /// Lower bound.
    pub low: Option<u64>,
    /// Upper bound.
    pub high: Option<u64>,
    /// `exact`, `approx`, `at_least`, `at_most`, `range`, `vague`.
    pub qualifier: Qualifier,
    /// `civilians`, `children`, `women`, `medical`, `journalists`, `aid_workers`, `military`,
    /// `police`, `militants`, `unknown`.
    pub group: Group,
    /// The phrase.
    pub text: String,
    /// Where it is.
    pub span: Option<SpanPair>,
}

/// Who says the event happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attribution {
    /// `official`, `local_sources`, `eyewitness`, `activists`, `media`, `ngo`, `igo`,
    /// `medical`, `armed_group`, `monitor`, `unknown`.
    pub kind: SourceKind,
    /// As written.
    pub text: String,
    /// Actor code of the source where one fits.
    pub code: Option<String>,
    /// The outlet that carried the claim, when the text says so.
    pub via: Option<String>,
    /// Where the source is named.
    pub span: Option<SpanPair>,
}
