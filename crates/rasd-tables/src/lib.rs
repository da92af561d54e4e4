//! rasd's outputs of events, one code path for every front end: the event as every output
//! reads it ([`EventCore`], a record of `rasd extract` or a merged event of the store), ACLED's
//! columns ([`AcledRow`], written as CSV by `rasd extract --format csv` and `/api/export`), GeoJSON
//! features ([`FeatureCollectionWriter`]) and the flat tables: a row per
//! event ([`EventRow`]) and a row per casualty claim ([`ClaimRow`]) for Parquet files (`rasd
//! extract --format parquet`, feature `parquet`), Spark data frames (the Python binding hands the
//! same rows to `examples/spark`) and spreadsheets.
//!
//! The columns are listed once, in [`EVENT_COLUMNS`] and [`CLAIM_COLUMNS`], with their types;
//! the Parquet schema and the Spark schema are both made from those lists. `docs/parquet.md`
//! documents them.
//!
//! ```
//! use rasd_extract::{Document, Pipeline};
//! let pipeline = Pipeline::new()?;
//! let doc = Document::new("d1", "قتل 3 مدنيين في قصف جوي على مدينة حلب أمس.");
//! let record = pipeline.extract(&doc);
//! let (events, claims) = rasd_tables::rows(&record, Some(&doc.text()));
//! assert_eq!(events.len(), record.events.len());
//! assert!(claims.iter().all(|c| c.doc_id == "d1"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod acled;
mod event;
mod geojson;
#[cfg(feature = "parquet")]
mod parquet;
mod rows;
mod text;

pub use acled::{
    geo_precision, record_row, write_csv_header, write_csv_line, write_csv_row, AcledRow,
    ACLED_COLUMNS,
};
pub use event::{acled_actors, actor_label, type_names, EventCore};
pub use geojson::{geojson_feature, FeatureCollectionWriter};

#[cfg(feature = "parquet")]
pub use crate::parquet::{Error, TablesWriter, CLAIMS_FILE, EVENTS_FILE};
pub use rows::{claim_rows, event_row, rows, ClaimRow, EventRow};
pub use text::{evidence_text, one_line};

/// The type of a column, named as Spark names its types (`StructType.fromJson`), so a Spark
/// schema can be made from [`EVENT_COLUMNS`] without a table of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnType {
    /// UTF-8 text (Parquet `BYTE_ARRAY` annotated `STRING`).
    String,
    /// 64-bit signed integer.
    Long,
    /// 32-bit signed integer.
    Integer,
    /// 64-bit float.
    Double,
    /// A calendar day (Parquet `INT32` annotated `DATE`: days since 1970-01-01).
    Date,
}

impl ColumnType {
    /// Spark's name of the type: `string`, `long`, `integer`, `double`, `date`.
    pub fn name(self) -> &'static str {
        match self {
            ColumnType::String => "string",
            ColumnType::Long => "long",
            ColumnType::Integer => "integer",
            ColumnType::Double => "double",
            ColumnType::Date => "date",
        }
    }
}

/// A column: its name, type and whether it may be null.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Column {
    /// Column name.
    pub name: &'static str,
    /// Column type.
    pub kind: ColumnType,
    /// Whether it may be null.
    pub nullable: bool,
}

const fn column(name: &'static str, kind: ColumnType, nullable: bool) -> Column {
    Column {
        name,
        kind,
        nullable,
    }
}

use ColumnType::{Date, Double, Integer, Long, String as Text};

/// The columns of the events table, in order: first ACLED's columns under ACLED's names (as the
/// CSV export has them), then rasd's own. The fields of [`EventRow`], in the same order.
pub const EVENT_COLUMNS: [Column; 41] = [
    column("event_id_cnty", Text, false),
    column("event_date", Date, true),
    column("event_type", Text, false),
    column("sub_event_type", Text, false),
    column("actor1", Text, true),
    column("actor2", Text, true),
    column("civilian_targeting", Text, true),
    column("country", Text, true),
    column("admin1", Text, true),
    column("location", Text, true),
    column("latitude", Double, true),
    column("longitude", Double, true),
    column("geo_precision", Integer, true),
    column("source", Text, true),
    column("notes", Text, true),
    column("fatalities", Long, false),
    column("doc_id", Text, false),
    column("doc_date", Date, true),
    column("url", Text, true),
    column("event_index", Integer, false),
    column("type", Text, false),
    column("cameo", Text, false),
    column("detail", Text, true),
    column("date_precision", Text, true),
    column("date_text", Text, true),
    column("location_name", Text, true),
    column("location_precision", Text, true),
    column("gazetteer_id", Text, true),
    column("actor1_code", Text, true),
    column("actor2_code", Text, true),
    column("killed_low", Long, true),
    column("killed_best", Long, true),
    column("killed_high", Long, true),
    column("injured_low", Long, true),
    column("injured_best", Long, true),
    column("injured_high", Long, true),
    column("claims", Integer, false),
    column("attribution_kind", Text, true),
    column("attribution_text", Text, true),
    column("modality", Text, false),
    column("confidence", Double, false),
];

/// The columns of the claims table, in order. The fields of [`ClaimRow`], in the same order.
pub const CLAIM_COLUMNS: [Column; 20] = [
    column("doc_id", Text, false),
    column("event_id_cnty", Text, false),
    column("claim_index", Integer, false),
    column("kind", Text, false),
    column("low", Long, true),
    column("high", Long, true),
    column("qualifier", Text, false),
    column("casualty_group", Text, false),
    column("text", Text, false),
    column("span_start", Long, true),
    column("span_end", Long, true),
    column("event_type", Text, false),
    column("event_date", Date, true),
    column("country", Text, true),
    column("modality", Text, false),
    column("attribution_kind", Text, true),
    column("attribution_text", Text, true),
    column("attribution_code", Text, true),
    column("attribution_via", Text, true),
    column("attributions", Integer, false),
];
