//! Output formats: where each record goes once extracted. The row and feature layouts live in
//! `rasd_extract::export`, shared with other front ends; this module only frames them.

use std::io::{self, Write};

use rasd_extract::export::{self, FeatureCollectionWriter};
use rasd_extract::{Document, DocumentRecord};

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// An aligned table for reading on a terminal: a row per event.
    Table,
    /// One format-1 record per document per line (JSON Lines).
    Jsonl,
    /// A row per event under ACLED's column names.
    Csv,
    /// One GeoJSON FeatureCollection: a Point per event with coordinates.
    Geojson,
}

/// A writer for one format.
pub enum Sink<W: Write> {
    /// See [`Format::Table`].
    Table(W),
    /// See [`Format::Jsonl`].
    Jsonl(W),
    /// See [`Format::Csv`].
    Csv(W),
    /// See [`Format::Geojson`].
    Geojson(FeatureCollectionWriter<W>),
}

impl<W: Write> Sink<W> {
    /// Starts the output: the table or CSV header, the opening of the FeatureCollection.
    pub fn new(format: Format, mut out: W) -> io::Result<Self> {
        Ok(match format {
            Format::Table => {
                export::write_table_header(&mut out)?;
                Sink::Table(out)
            }
            Format::Jsonl => Sink::Jsonl(out),
            Format::Csv => {
                export::write_csv_header(&mut out)?;
                Sink::Csv(out)
            }
            Format::Geojson => Sink::Geojson(FeatureCollectionWriter::new(out)?),
        })
    }

    /// Writes the record of `doc`.
    pub fn write(&mut self, record: &DocumentRecord, doc: &Document) -> io::Result<()> {
        match self {
            Sink::Table(out) => export::write_table_rows(out, record),
            Sink::Jsonl(out) => {
                // serde_json writes non-ASCII as UTF-8, so Arabic stays readable.
                serde_json::to_writer(&mut *out, record).map_err(io::Error::from)?;
                out.write_all(b"\n")
            }
            Sink::Csv(out) => {
                if record.events.is_empty() {
                    return Ok(());
                }
                let text = doc.text();
                export::write_csv_rows(out, record, Some(&text)).map(drop)
            }
            Sink::Geojson(writer) => writer.write_record(record),
        }
    }

    /// Pushes what is written so far out, so a stopped run leaves whole records behind.
    pub fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Table(out) | Sink::Jsonl(out) | Sink::Csv(out) => out.flush(),
            Sink::Geojson(writer) => writer.get_mut().flush(),
        }
    }

    /// Ends the output (closes the FeatureCollection) and flushes it. Returns the number of
    /// events left out for want of coordinates (GeoJSON only).
    pub fn finish(self) -> io::Result<usize> {
        match self {
            Sink::Table(mut out) | Sink::Jsonl(mut out) | Sink::Csv(mut out) => {
                out.flush()?;
                Ok(0)
            }
            Sink::Geojson(writer) => {
                let omitted = writer.omitted();
                writer.finish()?.flush()?;
                Ok(omitted)
            }
        }
    }
}
