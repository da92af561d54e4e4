//! The tables as Parquet files: `events.parquet` and `claims.parquet` in one directory, Snappy
//! compressed, written in batches so a corpus of any size streams through.

use std::fs::{self, File};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use arrow_array::{
    ArrayRef, Date32Array, Float64Array, Int32Array, Int64Array, RecordBatch, StringArray,
};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use chrono::NaiveDate;
use parquet::arrow::ArrowWriter;
use parquet::basic::Compression;
use parquet::errors::ParquetError;
use parquet::file::properties::WriterProperties;
use rasd_extract::DocumentRecord;

use crate::rows::{rows, ClaimRow, EventRow};
use crate::{Column, ColumnType, CLAIM_COLUMNS, EVENT_COLUMNS};

/// File name of the events table in the output directory.
pub const EVENTS_FILE: &str = "events.parquet";
/// File name of the claims table in the output directory.
pub const CLAIMS_FILE: &str = "claims.parquet";

/// Rows held before they are written as one batch: large enough for good compression, small
/// enough that memory stays flat on a large corpus.
const BATCH_ROWS: usize = 8192;

/// Why the tables could not be written.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The directory or a file in it cannot be created or written.
    #[error("cannot write {}: {source}", path.display())]
    Io {
        /// The directory or file.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The Parquet writer failed (usually an I/O error underneath).
    #[error("cannot write {}: {source}", path.display())]
    Parquet {
        /// The file.
        path: PathBuf,
        /// The cause.
        source: ParquetError,
    },
    /// A batch did not fit the schema (a bug: the columns are fixed).
    #[error("internal error building a Parquet batch: {0}")]
    Arrow(#[from] ArrowError),
}

/// Writes `events.parquet` and `claims.parquet` into a directory, record by record.
pub struct TablesWriter {
    events: Table<EventRow>,
    claims: Table<ClaimRow>,
}

impl std::fmt::Debug for TablesWriter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TablesWriter")
            .field("events", &self.events.path)
            .field("claims", &self.claims.path)
            .finish()
    }
}

/// One file being written.
struct Table<R> {
    path: PathBuf,
    writer: ArrowWriter<File>,
    schema: SchemaRef,
    pending: Vec<R>,
    build: fn(&[R]) -> Vec<ArrayRef>,
    written: u64,
}

/// The Arrow schema of a table.
fn schema(columns: &[Column]) -> SchemaRef {
    let fields: Vec<Field> = columns
        .iter()
        .map(|c| {
            let data_type = match c.kind {
                ColumnType::String => DataType::Utf8,
                ColumnType::Long => DataType::Int64,
                ColumnType::Integer => DataType::Int32,
                ColumnType::Double => DataType::Float64,
                ColumnType::Date => DataType::Date32,
            };
            Field::new(c.name, data_type, c.nullable)
        })
        .collect();
    Arc::new(Schema::new(fields))
}

/// The Arrow schema of the events table.
pub fn events_schema() -> SchemaRef {
    schema(&EVENT_COLUMNS)
}

/// The Arrow schema of the claims table.
pub fn claims_schema() -> SchemaRef {
    schema(&CLAIM_COLUMNS)
}

impl<R> Table<R> {
    fn create(
        dir: &Path,
        name: &str,
        schema: SchemaRef,
        build: fn(&[R]) -> Vec<ArrayRef>,
    ) -> Result<Self, Error> {
        let path = dir.join(name);
        let file = File::create(&path).map_err(|source| Error::Io {
            path: path.clone(),
            source,
        })?;
        let properties = WriterProperties::builder()
            .set_compression(Compression::SNAPPY)
            .build();
        let writer =
            ArrowWriter::try_new(file, schema.clone(), Some(properties)).map_err(|source| {
                Error::Parquet {
                    path: path.clone(),
                    source,
                }
            })?;
        Ok(Table {
            path,
            writer,
            schema,
            pending: Vec::new(),
            build,
            written: 0,
        })
    }

    fn push(&mut self, rows: impl IntoIterator<Item = R>) -> Result<(), Error> {
        self.pending.extend(rows);
        if self.pending.len() >= BATCH_ROWS {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Error> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let batch = RecordBatch::try_new(self.schema.clone(), (self.build)(&self.pending))?;
        self.writer.write(&batch).map_err(|source| Error::Parquet {
            path: self.path.clone(),
            source,
        })?;
        self.written += self.pending.len() as u64;
        self.pending.clear();
        Ok(())
    }

    fn close(mut self) -> Result<u64, Error> {
        self.flush()?;
        let path = self.path;
        self.writer
            .close()
            .map_err(|source| Error::Parquet { path, source })?;
        Ok(self.written)
    }
}

impl TablesWriter {
    /// Creates `dir` (and its parents) when missing and starts both files in it, replacing
    /// files of the same names.
    ///
    /// # Errors
    /// When the directory or a file cannot be created.
    pub fn create(dir: &Path) -> Result<Self, Error> {
        fs::create_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_owned(),
            source,
        })?;
        Ok(TablesWriter {
            events: Table::create(dir, EVENTS_FILE, events_schema(), event_arrays)?,
            claims: Table::create(dir, CLAIMS_FILE, claims_schema(), claim_arrays)?,
        })
    }

    /// Adds the rows of `record`; `text` is the document text, for `notes`.
    ///
    /// # Errors
    /// When a batch cannot be written.
    pub fn write(&mut self, record: &DocumentRecord, text: Option<&str>) -> Result<(), Error> {
        let (events, claims) = rows(record, text);
        self.events.push(events)?;
        self.claims.push(claims)
    }

    /// Writes what is pending and closes both files. Returns the rows written to each,
    /// `(events, claims)`.
    ///
    /// # Errors
    /// When the last batch or a file footer cannot be written.
    pub fn finish(self) -> Result<(u64, u64), Error> {
        let events = self.events.close()?;
        let claims = self.claims.close()?;
        Ok((events, claims))
    }
}

fn days(date: Option<NaiveDate>) -> Option<i32> {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1)?;
    date.and_then(|d| i32::try_from((d - epoch).num_days()).ok())
}

fn text<R>(rows: &[R], f: impl Fn(&R) -> Option<&str>) -> ArrayRef {
    Arc::new(rows.iter().map(f).collect::<StringArray>())
}
fn long<R>(rows: &[R], f: impl Fn(&R) -> Option<i64>) -> ArrayRef {
    Arc::new(rows.iter().map(f).collect::<Int64Array>())
}
fn integer<R>(rows: &[R], f: impl Fn(&R) -> Option<i32>) -> ArrayRef {
    Arc::new(rows.iter().map(f).collect::<Int32Array>())
}
fn double<R>(rows: &[R], f: impl Fn(&R) -> Option<f64>) -> ArrayRef {
    Arc::new(rows.iter().map(f).collect::<Float64Array>())
}
fn day<R>(rows: &[R], f: impl Fn(&R) -> Option<NaiveDate>) -> ArrayRef {
    Arc::new(rows.iter().map(|r| days(f(r))).collect::<Date32Array>())
}

/// The arrays of the events table, in [`EVENT_COLUMNS`] order (a test reads every column back
/// by name and compares it with the row).
fn event_arrays(r: &[EventRow]) -> Vec<ArrayRef> {
    vec![
        text(r, |r| Some(&r.acled.event_id_cnty)),
        day(r, |r| r.acled.event_date),
        text(r, |r| Some(&r.acled.event_type)),
        text(r, |r| Some(&r.acled.sub_event_type)),
        text(r, |r| r.acled.actor1.as_deref()),
        text(r, |r| r.acled.actor2.as_deref()),
        text(r, |r| r.acled.civilian_targeting.as_deref()),
        text(r, |r| r.acled.country.as_deref()),
        text(r, |r| r.acled.admin1.as_deref()),
        text(r, |r| r.acled.location.as_deref()),
        double(r, |r| r.acled.latitude),
        double(r, |r| r.acled.longitude),
        integer(r, |r| r.acled.geo_precision),
        text(r, |r| r.acled.source.as_deref()),
        text(r, |r| r.acled.notes.as_deref()),
        long(r, |r| Some(r.acled.fatalities)),
        text(r, |r| Some(&r.doc_id)),
        day(r, |r| r.doc_date),
        text(r, |r| r.url.as_deref()),
        integer(r, |r| Some(r.event_index)),
        text(r, |r| Some(&r.event_kind)),
        text(r, |r| Some(&r.cameo)),
        text(r, |r| r.detail.as_deref()),
        text(r, |r| r.date_precision.as_deref()),
        text(r, |r| r.date_text.as_deref()),
        text(r, |r| r.location_name.as_deref()),
        text(r, |r| r.location_precision.as_deref()),
        text(r, |r| r.gazetteer_id.as_deref()),
        text(r, |r| r.actor1_code.as_deref()),
        text(r, |r| r.actor2_code.as_deref()),
        long(r, |r| r.killed_low),
        long(r, |r| r.killed_best),
        long(r, |r| r.killed_high),
        long(r, |r| r.injured_low),
        long(r, |r| r.injured_best),
        long(r, |r| r.injured_high),
        integer(r, |r| Some(r.claims)),
        text(r, |r| r.attribution_kind.as_deref()),
        text(r, |r| r.attribution_text.as_deref()),
        text(r, |r| Some(&r.modality)),
        double(r, |r| Some(r.confidence)),
    ]
}

/// The arrays of the claims table, in [`CLAIM_COLUMNS`] order.
fn claim_arrays(r: &[ClaimRow]) -> Vec<ArrayRef> {
    vec![
        text(r, |r| Some(&r.doc_id)),
        text(r, |r| Some(&r.event_id_cnty)),
        integer(r, |r| Some(r.claim_index)),
        text(r, |r| Some(&r.kind)),
        long(r, |r| r.low),
        long(r, |r| r.high),
        text(r, |r| Some(&r.qualifier)),
        text(r, |r| Some(&r.casualty_group)),
        text(r, |r| Some(&r.text)),
        long(r, |r| r.span_start),
        long(r, |r| r.span_end),
        text(r, |r| Some(&r.event_type)),
        day(r, |r| r.event_date),
        text(r, |r| r.country.as_deref()),
        text(r, |r| Some(&r.modality)),
        text(r, |r| r.attribution_kind.as_deref()),
        text(r, |r| r.attribution_text.as_deref()),
        text(r, |r| r.attribution_code.as_deref()),
        text(r, |r| r.attribution_via.as_deref()),
        integer(r, |r| Some(r.attributions)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use arrow_array::Array;
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    use serde_json::{json, Value};

    fn record(id: &str, events: usize) -> DocumentRecord {
        let event = |n: usize| {
            json!({
                "id": format!("{id}#{n}"), "type": "airstrike",
                "acled": {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"},
                "cameo": "195", "detail": null,
                "date": {"value": "2016-12-11", "precision": "day", "text": "أمس", "span": [30, 33]},
                "location": {"name": "حلب", "name_en": "Aleppo", "country": "SY", "admin1": "Aleppo",
                             "lat": 36.2, "lon": 37.16, "precision": "town", "gazetteer_id": null, "span": null},
                "actors": [],
                "casualties": [
                    {"kind": "killed", "low": 3, "high": 3, "qualifier": "exact", "group": "civilians",
                     "text": "3 مدنيين", "span": [4, 12]}],
                "attribution": [],
                "modality": "asserted", "evidence": [[0, 12]], "confidence": 0.5
            })
        };
        serde_json::from_value(json!({
            "format": 1,
            "doc": {"id": id, "date": null, "source": null, "url": null, "chars": 12},
            "events": (1..=events).map(event).collect::<Vec<_>>()
        }))
        .unwrap()
    }

    /// Every cell of `path`, as JSON values keyed by column name, row by row.
    fn read_back(path: &Path) -> Vec<serde_json::Map<String, Value>> {
        let file = File::open(path).unwrap();
        let reader = ParquetRecordBatchReaderBuilder::try_new(file)
            .unwrap()
            .build()
            .unwrap();
        let mut out = Vec::new();
        for batch in reader {
            let batch = batch.unwrap();
            for row in 0..batch.num_rows() {
                let mut cells = serde_json::Map::new();
                for (field, column) in batch.schema().fields().iter().zip(batch.columns()) {
                    let value = if column.is_null(row) {
                        Value::Null
                    } else if let Some(a) = column.as_any().downcast_ref::<StringArray>() {
                        a.value(row).into()
                    } else if let Some(a) = column.as_any().downcast_ref::<Int64Array>() {
                        a.value(row).into()
                    } else if let Some(a) = column.as_any().downcast_ref::<Int32Array>() {
                        a.value(row).into()
                    } else if let Some(a) = column.as_any().downcast_ref::<Float64Array>() {
                        a.value(row).into()
                    } else if let Some(a) = column.as_any().downcast_ref::<Date32Array>() {
                        a.value_as_date(row).unwrap().to_string().into()
                    } else {
                        panic!("unexpected column type {}", field.data_type())
                    };
                    cells.insert(field.name().clone(), value);
                }
                out.push(cells);
            }
        }
        out
    }

    #[test]
    fn files_read_back_equal_to_the_rows() {
        let dir = tempfile::tempdir().unwrap();
        let mut writer = TablesWriter::create(&dir.path().join("new/sub")).unwrap();
        let text = "قتل 3 مدنيين في حلب";
        let mut want_events = Vec::new();
        let mut want_claims = Vec::new();
        // More rows than one batch, so batching is exercised.
        for d in 0..(BATCH_ROWS / 3 + 5) {
            let record = record(&format!("وثيقة-{d}"), 3);
            writer.write(&record, Some(text)).unwrap();
            let (events, claims) = rows(&record, Some(text));
            want_events.extend(events.iter().map(|r| serde_json::to_value(r).unwrap()));
            want_claims.extend(claims.iter().map(|r| serde_json::to_value(r).unwrap()));
        }
        writer.write(&record("empty", 0), None).unwrap();
        let (events, claims) = writer.finish().unwrap();
        assert_eq!(events as usize, want_events.len());
        assert_eq!(claims as usize, want_claims.len());
        let got = read_back(&dir.path().join("new/sub").join(EVENTS_FILE));
        assert_eq!(got.len(), want_events.len());
        for (got, want) in got.iter().zip(&want_events) {
            assert_eq!(&Value::Object(got.clone()), want);
        }
        assert_eq!(got[0]["location_name"], "حلب");
        assert_eq!(got[0]["notes"], "قتل 3 مدنيين");
        let got = read_back(&dir.path().join("new/sub").join(CLAIMS_FILE));
        assert_eq!(got.len(), want_claims.len());
        for (got, want) in got.iter().zip(&want_claims) {
            assert_eq!(&Value::Object(got.clone()), want);
        }
    }

    #[test]
    fn an_unwritable_directory_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a-file");
        fs::write(&file, "x").unwrap();
        let e = TablesWriter::create(&file.join("out")).unwrap_err();
        assert!(e.to_string().starts_with("cannot write "), "{e}");
        assert!(e.to_string().contains("a-file"), "{e}");
    }
}
