//! Output formats: where each record goes once extracted. The rows and features live in
//! `rasd_tables`, shared with the store's export, and the terminal table in `table.rs`; this
//! module only frames them.

use std::io::{self, Write};

use rasd_extract::{Document, DocumentRecord};
use rasd_tables::{self as export, FeatureCollectionWriter};

use crate::table::{self, Layout};

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// A table for reading on a terminal, fitted to its width: a line per document, a row per
    /// event.
    Table,
    /// One format-1 record per document per line (JSON Lines).
    Jsonl,
    /// A row per event under ACLED's column names.
    Csv,
    /// One GeoJSON FeatureCollection: a Point per event with coordinates.
    Geojson,
    /// `events.parquet` and `claims.parquet` in the directory given by `--out`.
    Parquet,
}

/// A writer for one format.
pub enum Sink<W: Write> {
    /// See [`Format::Table`].
    Table(W, Layout),
    /// See [`Format::Jsonl`].
    Jsonl(W),
    /// See [`Format::Csv`].
    Csv(W),
    /// See [`Format::Geojson`].
    Geojson(FeatureCollectionWriter<W>),
    /// See [`Format::Parquet`]; writes files, not `W`.
    #[cfg(feature = "parquet")]
    Parquet(Box<rasd_tables::TablesWriter>),
}

/// The Parquet tables writer for `--out DIR`.
///
/// # Errors
/// A one-line message when this build has no Parquet support or the directory cannot be used.
pub fn parquet_writer(dir: &std::path::Path) -> Result<ParquetWriter, String> {
    #[cfg(feature = "parquet")]
    {
        rasd_tables::TablesWriter::create(dir)
            .map(Box::new)
            .map_err(|e| e.to_string())
    }
    #[cfg(not(feature = "parquet"))]
    {
        let _ = dir;
        Err("this rasd was built without Parquet support (cargo feature `parquet`)".to_owned())
    }
}

/// What [`parquet_writer`] gives.
#[cfg(feature = "parquet")]
pub type ParquetWriter = Box<rasd_tables::TablesWriter>;
/// What [`parquet_writer`] gives (never, in this build).
#[cfg(not(feature = "parquet"))]
pub type ParquetWriter = std::convert::Infallible;

impl<W: Write> Sink<W> {
    /// The Parquet sink: `out` is left alone.
    pub fn parquet(writer: ParquetWriter) -> Self {
        #[cfg(feature = "parquet")]
        return Sink::Parquet(writer);
        #[cfg(not(feature = "parquet"))]
        match writer {}
    }

    /// Starts the output: the table or CSV header, the opening of the FeatureCollection.
    /// `Format::Parquet` is made by [`Sink::parquet`], not here.
    pub fn new(format: Format, mut out: W) -> io::Result<Self> {
        Ok(match format {
            Format::Table => {
                let layout = Layout::new(table::terminal_width());
                layout.write_header(&mut out)?;
                Sink::Table(out, layout)
            }
            Format::Jsonl => Sink::Jsonl(out),
            Format::Csv => {
                export::write_csv_header(&mut out)?;
                Sink::Csv(out)
            }
            Format::Geojson => Sink::Geojson(FeatureCollectionWriter::new(out)?),
            Format::Parquet => {
                return Err(io::Error::other("the Parquet output needs a directory"))
            }
        })
    }

    /// Writes the record of `doc`.
    pub fn write(&mut self, record: &DocumentRecord, doc: &Document) -> io::Result<()> {
        match self {
            Sink::Table(out, layout) => layout.write_record(out, record),
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
                for event in &record.events {
                    let (_, row) = export::record_row(record, event, Some(&text));
                    export::write_csv_row(out, &row)?;
                }
                Ok(())
            }
            Sink::Geojson(writer) => {
                if record.events.is_empty() {
                    return Ok(());
                }
                let text = doc.text();
                for event in &record.events {
                    let (core, row) = export::record_row(record, event, Some(&text));
                    writer.write_event(&row, &core)?;
                }
                Ok(())
            }
            #[cfg(feature = "parquet")]
            Sink::Parquet(writer) => writer
                .write(record, Some(&doc.text()))
                .map_err(io::Error::other),
        }
    }

    /// Pushes what is written so far out, so a stopped run leaves whole records behind.
    pub fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Table(out, _) | Sink::Jsonl(out) | Sink::Csv(out) => out.flush(),
            Sink::Geojson(writer) => writer.get_mut().flush(),
            // Rows go out in batches; a stopped run keeps no partial file (Parquet needs its
            // footer), so there is nothing useful to push here.
            #[cfg(feature = "parquet")]
            Sink::Parquet(_) => Ok(()),
        }
    }

    /// Ends the output (closes the FeatureCollection) and flushes it. Returns the number of
    /// events left out for want of coordinates (GeoJSON only).
    pub fn finish(self) -> io::Result<usize> {
        match self {
            Sink::Table(mut out, _) | Sink::Jsonl(mut out) | Sink::Csv(mut out) => {
                out.flush()?;
                Ok(0)
            }
            Sink::Geojson(writer) => {
                let omitted = writer.omitted();
                writer.finish()?.flush()?;
                Ok(omitted)
            }
            #[cfg(feature = "parquet")]
            Sink::Parquet(writer) => writer
                .finish()
                .map(drop)
                .map(|()| 0)
                .map_err(io::Error::other),
        }
    }
}
