//! `/api/export`: every matching event as ACLED CSV, GeoJSON or JSON Lines, written with the
//! rows and features of `rasd-tables`, the same code `rasd extract --format csv|geojson` uses.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use rasd_extract::record::Event;
use rasd_tables::{
    evidence_text, write_csv_header, write_csv_row, AcledRow, FeatureCollectionWriter,
};

use crate::api::{EventFilter, EventSummary, ExportFormat};
use crate::db::Val;
use crate::query::{sort_parts, where_of, Where};
use crate::{Result, Store};

/// One event to export: its summary and the evidence text of its representative report.
struct Exported {
    json: String,
    summary: EventSummary,
    notes: Option<String>,
}

impl Store {
    /// `/api/export`: every event matching `filter`, in its sort order, written to `out` as
    /// CSV in ACLED's columns, a GeoJSON FeatureCollection (events with coordinates) or JSON
    /// Lines of [`EventSummary`]. Returns the number of events (GeoJSON: features) written.
    ///
    /// CSV rows and GeoJSON features are `rasd_tables`' [`AcledRow`] of the event, as `rasd
    /// extract --format csv|geojson` writes them for a record: `event_id_cnty` is the event id,
    /// `source` the outlets of its reports, `notes` the evidence sentences of its
    /// representative report (the one whose place, actors and modality it takes),
    /// `fatalities` the best killed figure. An event of one report gives the record's row, but
    /// for the id. The reports' outlets are read in one query for all events.
    ///
    /// # Errors
    /// [`crate::Error::BadRequest`] for a malformed filter; database and write failures.
    pub fn export(
        &self,
        filter: &EventFilter,
        format: ExportFormat,
        out: &mut dyn Write,
    ) -> Result<u64> {
        let w = where_of(filter, self.dialect())?;
        let events = self.exported(filter, &w, format != ExportFormat::Jsonl)?;
        let mut written = 0u64;
        match format {
            ExportFormat::Jsonl => {
                for e in &events {
                    out.write_all(e.json.as_bytes())?;
                    out.write_all(b"\n")?;
                    written += 1;
                }
            }
            ExportFormat::Csv => {
                let sources = self.sources(&w)?;
                write_csv_header(out)?;
                for e in &events {
                    write_csv_row(out, &acled_row(e, &sources))?;
                    written += 1;
                }
            }
            ExportFormat::Geojson => {
                let sources = self.sources(&w)?;
                let mut writer = FeatureCollectionWriter::new(&mut *out)?;
                for e in &events {
                    writer.write_event(&acled_row(e, &sources), &e.summary.event)?;
                }
                written = writer.written() as u64;
                writer.finish()?;
            }
        }
        Ok(written)
    }

    /// The events matching `w`, in the sort order of `filter`, with the evidence text of
    /// their representative reports when `notes` (CSV and GeoJSON) is asked for.
    fn exported(&self, filter: &EventFilter, w: &Where, notes: bool) -> Result<Vec<Exported>> {
        let (key, ascending, _) = sort_parts(filter.sort.unwrap_or_default());
        let dir = if ascending { "ASC" } else { "DESC" };
        let (record, text, joins) = if notes {
            (
                "r.record",
                "d.text",
                "LEFT JOIN reports r ON r.id = x.representative
                 LEFT JOIN documents d ON d.id = r.document_id",
            )
        } else {
            ("NULL", "NULL", "")
        };
        // The filter is written over `events` alone; the joins stay outside it.
        let sql = format!(
            "SELECT x.summary, {record}, {text} FROM
               (SELECT id, summary, representative, {key} AS sort_key FROM events
                WHERE {}) x
             {joins}
             ORDER BY x.sort_key {dir}, x.id {dir}",
            w.clause
        );
        let rows = self.read(|db| db.rows(&sql, &w.params))?;
        let mut events = Vec::with_capacity(rows.len());
        for row in rows {
            let mut row = row.into_iter();
            let json = row.next().and_then(|v| v.text()).unwrap_or_default();
            let summary: EventSummary = serde_json::from_str(&json)?;
            let record = row.next().and_then(|v| v.text());
            let text = row.next().and_then(|v| v.text());
            let notes = match (record, text) {
                (Some(record), Some(text)) => {
                    let record: Event = serde_json::from_str(&record)?;
                    Some(evidence_text(&record, &text))
                }
                _ => None,
            };
            events.push(Exported {
                json,
                summary,
                notes,
            });
        }
        Ok(events)
    }

    /// The outlets of the documents of every event matching `w`, by event id, in one query.
    fn sources(&self, w: &Where) -> Result<BTreeMap<String, BTreeSet<String>>> {
        let sql = format!(
            "SELECT er.event_id, d.source FROM event_reports er
             JOIN reports r ON r.id = er.report_id
             JOIN documents d ON d.id = r.document_id
             WHERE d.source IS NOT NULL
               AND er.event_id IN (SELECT id FROM events WHERE {})",
            w.clause
        );
        let rows = self.read(|db| db.rows(&sql, &w.params))?;
        let mut sources: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for row in rows {
            let mut row = row.into_iter();
            if let (Some(event), Some(source)) = (
                row.next().and_then(|v| v.text()),
                row.next().and_then(|v: Val| v.text()),
            ) {
                sources.entry(event).or_default().insert(source);
            }
        }
        Ok(sources)
    }
}

/// The ACLED row of an exported event.
fn acled_row(e: &Exported, sources: &BTreeMap<String, BTreeSet<String>>) -> AcledRow {
    let outlets: Vec<&str> = sources
        .get(&e.summary.event.id)
        .map(|s| s.iter().map(String::as_str).collect())
        .unwrap_or_default();
    AcledRow::new(&e.summary.event, &outlets, e.notes.clone())
}
