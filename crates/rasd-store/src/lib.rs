//! rasd's event store: documents, their reports (format-1 event records), merged events,
//! reviews and a full-text index, in SQLite.
//!
//! * **Ingest** ([`Store::ingest`]) writes a batch of extracted documents in one transaction and
//!   re-merges the affected blocks with `rasd-merge` in the same transaction, so a crash (even
//!   `kill -9`) leaves a whole batch or none of it. A document whose content hash is unchanged is
//!   skipped; a changed one replaces its own reports only.
//! * **Queries** ([`Store::list_events`], [`Store::get_event`], [`Store::document`],
//!   [`Store::stats`], [`Store::export`], [`Store::health`]) return the serde shapes of the HTTP
//!   contract ([`api`]).
//! * **Reviews** ([`Store::review`]) are recorded with reviewer, time and reason; the extracted
//!   record is never edited. Splits and merges become merge constraints that every later
//!   re-merge respects.
//! * **Search** normalizes indexed text and queries with one function, [`search_normalize`].
//!
//! The schema and the guarantees are described in `docs/store.md`.
#![deny(missing_docs)]

pub mod api;
mod ingest;
mod query;
mod remerge;
mod review;
mod search;

use std::path::Path;

use rasd_lexicon::Taxonomy;
use rusqlite::{params, Connection, OptionalExtension};

pub use api::*;
pub use ingest::{content_hash, IngestOutcome, NewDocument};
pub use search::search_normalize;

/// Schema migrations in order; migration `i` brings the schema to version `i + 1`.
const MIGRATIONS: &[&str] = &[
    include_str!("../migrations/0001_init.sql"),
    include_str!("../migrations/0002_listing_indexes.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database failed.
    #[error("database: {0}")]
    Database(#[from] rusqlite::Error),
    /// A stored JSON value does not read back (a damaged database).
    #[error("stored JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// The database was written by a newer rasd.
    #[error("database schema version {found} is newer than this rasd understands ({supported})")]
    NewerSchema {
        /// Version in the database.
        found: i64,
        /// Version this build knows.
        supported: i64,
    },
    /// A `postgres://` address: PostgreSQL is not built into this store yet.
    #[error("PostgreSQL is not supported by this build; use a SQLite file path")]
    Unsupported,
    /// No such event or document.
    #[error("not found: {0}")]
    NotFound(String),
    /// A request that makes no sense (bad filter, bad review).
    #[error("{0}")]
    BadRequest(String),
    /// The export cannot be written.
    #[error("cannot write: {0}")]
    Io(#[from] std::io::Error),
    /// The embedded taxonomy does not load (a build defect).
    #[error("taxonomy: {0}")]
    Taxonomy(String),
}

/// Result of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An open store.
pub struct Store {
    conn: Connection,
    taxonomy: Taxonomy,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").finish_non_exhaustive()
    }
}

impl Store {
    /// Opens (creating if needed) the store at `path_or_url`: a SQLite file path.
    ///
    /// Sets WAL mode (readers do not block the writer, and a crash never leaves a half-written
    /// transaction) and applies pending migrations, each in its own transaction.
    ///
    /// # Errors
    /// When the file cannot be opened, is not a rasd database, or was written by a newer rasd;
    /// [`Error::Unsupported`] for a `postgres://` address.
    pub fn open(path_or_url: &str) -> Result<Store> {
        if path_or_url.starts_with("postgres://") || path_or_url.starts_with("postgresql://") {
            return Err(Error::Unsupported);
        }
        let conn = Connection::open(Path::new(path_or_url))?;
        Store::with_connection(conn)
    }

    /// A store in memory (tests).
    ///
    /// # Errors
    /// As [`Store::open`].
    pub fn open_in_memory() -> Result<Store> {
        Store::with_connection(Connection::open_in_memory()?)
    }

    fn with_connection(mut conn: Connection) -> Result<Store> {
        // WAL: a reader (the server) never blocks the ingest, and a commit is one append;
        // synchronous=NORMAL is safe against a killed process (only an OS crash may lose the
        // last commits, never half of one).
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        migrate(&mut conn)?;
        let taxonomy = rasd_merge::families().map_err(|e| Error::Taxonomy(e.to_string()))?;
        Ok(Store { conn, taxonomy })
    }

    /// The schema version of the open database.
    ///
    /// # Errors
    /// When the database fails.
    pub fn schema_version(&self) -> Result<i64> {
        current_version(&self.conn)
    }

    /// SQLite's `PRAGMA data_version` on this connection: it changes whenever another
    /// connection, of this process or another (an ingest), has committed since the last call,
    /// so a server can tell whether answers it cached are still current.
    ///
    /// # Errors
    /// When the database fails.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    /// `/api/health`.
    ///
    /// # Errors
    /// When the database fails.
    pub fn health(&self) -> Result<Health> {
        let count = |table: &str| -> Result<u64> {
            let n: i64 =
                self.conn
                    .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))?;
            Ok(u64::try_from(n).unwrap_or(0))
        };
        Ok(Health {
            status: "ok".to_owned(),
            schema_version: self.schema_version()?,
            documents: count("documents")?,
            events: count("events")?,
        })
    }

    /// Totals for an ingest summary.
    ///
    /// # Errors
    /// When the database fails.
    pub fn counts(&self) -> Result<Counts> {
        let one = |sql: &str| -> Result<u64> {
            let n: i64 = self.conn.query_row(sql, [], |r| r.get(0))?;
            Ok(u64::try_from(n).unwrap_or(0))
        };
        Ok(Counts {
            documents: one("SELECT COUNT(*) FROM documents")?,
            reports: one("SELECT COUNT(*) FROM reports")?,
            events: one("SELECT COUNT(*) FROM events")?,
            merged: one("SELECT COUNT(*) FROM events WHERE report_count > 1")?,
            conflicting: one("SELECT COUNT(*) FROM events WHERE conflicting = 1")?,
        })
    }

    /// Every stored row that ingest and review write, as sorted text lines: two stores with the
    /// same content give the same dump whatever order they were written in. For tests (a
    /// resumed ingest must equal an uninterrupted one) and for comparing databases by hand.
    ///
    /// # Errors
    /// When the database fails.
    pub fn canonical_dump(&self) -> Result<String> {
        let tables = [
            ("documents", "id, content_hash, title, text, date, source, url"),
            ("reports", "id, document_id, seq, type, block, date, modality, record, report"),
            ("actors", "report_id, seq, role, text, name, code"),
            (
                "claims",
                "report_id, seq, kind, low, high, qualifier, grp, text, span_start, span_end",
            ),
            ("attribution", "report_id, seq, kind, text, code, via"),
            ("evidence", "report_id, seq, span_start, span_end"),
            ("events", "id, merged, summary, type, family, date, country, admin1, lat, lon, killed, actors, report_count, conflicting"),
            ("event_reports", "report_id, event_id"),
            ("constraints", "a, b, kind"),
        ];
        let mut lines = Vec::new();
        for (table, columns) in tables {
            let mut statement = self
                .conn
                .prepare(&format!("SELECT {columns} FROM {table}"))?;
            let n = statement.column_count();
            let mut rows = statement.query([])?;
            while let Some(row) = rows.next()? {
                let mut line = table.to_owned();
                for i in 0..n {
                    let value: rusqlite::types::Value = row.get(i)?;
                    line.push('\t');
                    line.push_str(&format!("{value:?}"));
                }
                lines.push(line);
            }
        }
        // The search index, by the document it belongs to.
        let mut statement = self.conn.prepare(
            "SELECT d.id FROM documents d WHERE d.rowid IN (SELECT rowid FROM document_search)",
        )?;
        let ids = statement.query_map([], |r| r.get::<_, String>(0))?;
        for id in ids {
            lines.push(format!("document_search\t{}", id?));
        }
        lines.sort();
        Ok(lines.join("\n"))
    }
}

/// Totals of a store.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Documents.
    pub documents: u64,
    /// Reports (extracted events).
    pub reports: u64,
    /// Merged events.
    pub events: u64,
    /// Merged events of more than one report.
    pub merged: u64,
    /// Merged events whose reports disagree on casualty figures.
    pub conflicting: u64,
}

fn current_version(conn: &Connection) -> Result<i64> {
    let exists: Option<String> = conn
        .query_row(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if exists.is_none() {
        return Ok(0);
    }
    Ok(conn.query_row(
        "SELECT COALESCE(MAX(version), 0) FROM schema_version",
        [],
        |r| r.get(0),
    )?)
}

/// Applies the migrations the database lacks, each with its version row in one transaction.
fn migrate(conn: &mut Connection) -> Result<()> {
    conn.execute_batch(
        "CREATE TABLE IF NOT EXISTS schema_version (
             version INTEGER PRIMARY KEY,
             applied_at TEXT NOT NULL
         )",
    )?;
    let found = current_version(conn)?;
    if found > SCHEMA_VERSION {
        return Err(Error::NewerSchema {
            found,
            supported: SCHEMA_VERSION,
        });
    }
    for (i, sql) in MIGRATIONS.iter().enumerate().skip(found as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.execute(
            "INSERT INTO schema_version (version, applied_at) VALUES (?1, ?2)",
            params![i as i64 + 1, now()],
        )?;
        tx.commit()?;
    }
    Ok(())
}

/// The time now, RFC 3339 UTC to the second.
pub(crate) fn now() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    chrono::DateTime::from_timestamp(i64::try_from(seconds).unwrap_or(0), 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
