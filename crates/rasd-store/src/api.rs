//! The values the query API returns: serde shapes of the HTTP contract (`docs/store.md`), field
//! for field.

use rasd_extract::record::{CasualtyKind, Group, Modality, Qualifier, SourceKind, SpanPair};
pub use rasd_tables::EventCore;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Review state of an event.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewState {
    /// `unreviewed`, `confirmed`, `rejected`, `corrected`.
    pub status: String,
}

/// One merged event, as `/api/events` lists it: the [`EventCore`] every output reads (its
/// fields flattened into this object), the number of reports and the review state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventSummary {
    /// The event.
    #[serde(flatten)]
    pub event: EventCore,
    /// Number of member reports.
    pub reports: usize,
    /// Review state.
    pub review: ReviewState,
}

/// A page of events.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventPage {
    /// The events of this page.
    pub events: Vec<EventSummary>,
    /// Cursor for the next page, `None` on the last.
    pub next_cursor: Option<String>,
    /// Events matching the filter, all pages.
    pub total: u64,
}

/// The document of a report, in an event's detail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentRef {
    /// Document id.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Address.
    pub url: Option<String>,
    /// Publication date.
    pub date: Option<String>,
}

/// Who says it, in an event's detail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttributionRef {
    /// Source kind.
    pub kind: SourceKind,
    /// As written.
    pub text: String,
    /// Actor code of the source.
    pub code: Option<String>,
    /// Outlet that carried it.
    pub via: Option<String>,
}

/// One member report in an event's detail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportDetail {
    /// `<doc id>#<n>`.
    pub report_id: String,
    /// Its document.
    pub document: DocumentRef,
    /// The whole document text the offsets refer to.
    pub text: String,
    /// Evidence spans in code points.
    pub evidence: Vec<SpanPair>,
    /// Modality.
    pub modality: Modality,
    /// Who says it.
    pub attribution: Vec<AttributionRef>,
}

/// The source of a claim.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimSource {
    /// Source kind.
    pub kind: SourceKind,
    /// As written.
    pub text: String,
    /// Outlet that carried it.
    pub via: Option<String>,
}

/// One casualty claim of one report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimDetail {
    /// The report making it.
    pub report_id: String,
    /// `killed`, `injured`, ...
    pub kind: CasualtyKind,
    /// Lower bound.
    pub low: Option<u64>,
    /// Upper bound.
    pub high: Option<u64>,
    /// `exact`, `approx`, ...
    pub qualifier: Qualifier,
    /// Population.
    pub group: Group,
    /// The phrase.
    pub text: String,
    /// Where it is.
    pub span: Option<SpanPair>,
    /// The report's first attribution.
    pub source: Option<ClaimSource>,
}

/// One recorded review.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReviewRecord {
    /// `confirm`, `reject`, `correct`, `split`, `merge`.
    pub action: String,
    /// Who.
    pub reviewer: String,
    /// Why.
    pub reason: Option<String>,
    /// When, RFC 3339 UTC.
    pub at: String,
    /// Corrected field.
    pub field: Option<String>,
    /// Corrected value.
    pub value: Option<Value>,
}

/// `/api/events/{id}`: the event (the same flattened [`EventCore`] as its summary), the reports
/// as a list, the claims and the reviews.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EventDetail {
    /// The event.
    #[serde(flatten)]
    pub event: EventCore,
    /// The member reports.
    pub reports: Vec<ReportDetail>,
    /// Number of member reports.
    pub report_count: usize,
    /// Review state.
    pub review: ReviewState,
    /// Every casualty claim of every report, each with its source.
    pub claims: Vec<ClaimDetail>,
    /// Reviews, oldest first.
    pub reviews: Vec<ReviewRecord>,
}

impl EventDetail {
    /// The detail of `summary` with its reports, claims and reviews.
    pub fn new(
        summary: EventSummary,
        reports: Vec<ReportDetail>,
        claims: Vec<ClaimDetail>,
        reviews: Vec<ReviewRecord>,
    ) -> Self {
        EventDetail {
            event: summary.event,
            report_count: reports.len(),
            reports,
            review: summary.review,
            claims,
            reviews,
        }
    }
}

/// `/api/documents/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentView {
    /// Document id.
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Outlet.
    pub source: Option<String>,
    /// Address.
    pub url: Option<String>,
    /// Publication date.
    pub date: Option<String>,
    /// The text offsets refer to.
    pub text: String,
    /// Its report ids, in order.
    pub events: Vec<String>,
}

/// `/api/health`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// `ok`.
    pub status: String,
    /// The schema version of the database.
    pub schema_version: i64,
    /// Documents stored.
    pub documents: u64,
    /// Merged events stored.
    pub events: u64,
}

/// One bucket of `/api/stats`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCount {
    /// `YYYY-MM-DD`.
    pub date: String,
    /// Events that day.
    pub events: u64,
    /// Sum of their best killed figures.
    pub killed: u64,
}

/// One bucket of `/api/stats`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TypeCount {
    /// Event type.
    #[serde(rename = "type")]
    pub event_type: String,
    /// Events of that type.
    pub events: u64,
    /// Sum of their best killed figures.
    pub killed: u64,
}

/// One bucket of `/api/stats`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryCount {
    /// ISO 3166-1 alpha-2, empty when unknown.
    pub country: String,
    /// Events there.
    pub events: u64,
    /// Sum of their best killed figures.
    pub killed: u64,
}

/// `/api/stats`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// By event date, ascending.
    pub by_day: Vec<DayCount>,
    /// By type, most events first.
    pub by_type: Vec<TypeCount>,
    /// By country, most events first.
    pub by_country: Vec<CountryCount>,
}

/// Sort orders of [`crate::Store::list_events`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Sort {
    /// Oldest first.
    #[serde(rename = "date")]
    Date,
    /// Newest first (the default).
    #[default]
    #[serde(rename = "-date")]
    DateDesc,
    /// Fewest killed first.
    #[serde(rename = "killed")]
    Killed,
    /// Most killed first.
    #[serde(rename = "-killed")]
    KilledDesc,
}

impl std::str::FromStr for Sort {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "date" => Ok(Sort::Date),
            "-date" => Ok(Sort::DateDesc),
            "killed" => Ok(Sort::Killed),
            "-killed" => Ok(Sort::KilledDesc),
            _ => Err(crate::Error::BadRequest(format!(
                "sort must be date, -date, killed or -killed, not {s:?}"
            ))),
        }
    }
}

/// The filters of `/api/events`, `/api/stats` and `/api/export`. Every field is optional.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EventFilter {
    /// First day, `YYYY-MM-DD`, inclusive.
    pub from: Option<String>,
    /// Last day, inclusive.
    pub to: Option<String>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    /// First-level division (exact, case-insensitive).
    pub admin1: Option<String>,
    /// Event type.
    #[serde(rename = "type")]
    pub event_type: Option<String>,
    /// Type family.
    pub family: Option<String>,
    /// Actor code or a substring of a name (case-insensitive).
    pub actor: Option<String>,
    /// At least this many killed (best figure).
    pub min_killed: Option<u64>,
    /// `[min lon, min lat, max lon, max lat]`.
    pub bbox: Option<[f64; 4]>,
    /// Full-text query over the Arabic text of the reports' documents.
    pub q: Option<String>,
    /// Sort order.
    pub sort: Option<Sort>,
}

/// Export formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ExportFormat {
    /// ACLED's columns.
    Csv,
    /// A FeatureCollection of the events with coordinates.
    Geojson,
    /// One EventSummary per line.
    Jsonl,
}

impl std::str::FromStr for ExportFormat {
    type Err = crate::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "csv" => Ok(ExportFormat::Csv),
            "geojson" => Ok(ExportFormat::Geojson),
            "jsonl" => Ok(ExportFormat::Jsonl),
            _ => Err(crate::Error::BadRequest(format!(
                "format must be csv, geojson or jsonl, not {s:?}"
            ))),
        }
    }
}

impl ExportFormat {
    /// The media type to serve it with.
    pub fn content_type(self) -> &'static str {
        match self {
            ExportFormat::Csv => "text/csv; charset=utf-8",
            ExportFormat::Geojson => "application/geo+json",
            ExportFormat::Jsonl => "application/x-ndjson",
        }
    }
}

/// A review action, the body of `POST /api/events/{id}/review`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Review {
    /// `confirm`, `reject`, `correct`, `split`, `merge`.
    pub action: String,
    /// Who.
    pub reviewer: String,
    /// Why.
    #[serde(default)]
    pub reason: Option<String>,
    /// `correct`: the field (`type`, `date`, `date_precision`, `location`, `killed`,
    /// `injured`, `modality`, `actors`).
    #[serde(default)]
    pub field: Option<String>,
    /// `correct`: the new value, in the field's EventSummary shape.
    #[serde(default)]
    pub value: Option<Value>,
    /// `split`: the reports to move to a new event.
    #[serde(default)]
    pub reports: Option<Vec<String>>,
    /// `merge`: the event to merge into this one.
    #[serde(default)]
    pub other: Option<String>,
}
