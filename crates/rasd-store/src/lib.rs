//! rasd's event store: documents, their reports (format-1 event records), merged events,
//! reviews and a full-text index, in SQLite (the embedded default) or PostgreSQL.
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
//! * **Search** normalizes indexed text and queries with one function, [`search_normalize`],
//!   and indexes the words' stems ([`search_stems`], [`stem`]) beside them: a query's words
//!   match by stem, its quoted phrases word for word.
//!
//! The schema and the guarantees are described in `docs/store.md`.
#![deny(missing_docs)]

pub mod api;
mod db;
mod export;
mod ingest;
mod query;
mod remerge;
mod review;
mod search;
mod stem;

use std::cell::RefCell;
use std::path::Path;

use rasd_lexicon::Taxonomy;

use crate::db::pg::Postgres;
use crate::db::{Db, Dialect, Sqlite, Val};

pub use api::*;
pub use ingest::{content_hash, IngestOutcome, NewDocument};
pub use search::{search_normalize, search_stems};
pub use stem::stem;

/// Schema migrations in order; migration `i` brings the schema to version `i + 1`. Each has a
/// SQLite and a PostgreSQL spelling of the same tables.
const MIGRATIONS: &[(&str, &str)] = &[
    (
        include_str!("../migrations/0001_init.sql"),
        include_str!("../migrations/postgres/0001_init.sql"),
    ),
    (
        include_str!("../migrations/0002_listing_indexes.sql"),
        include_str!("../migrations/postgres/0002_listing_indexes.sql"),
    ),
    (
        include_str!("../migrations/0003_search_key.sql"),
        include_str!("../migrations/postgres/0003_search_key.sql"),
    ),
    (
        include_str!("../migrations/0004_document_stems.sql"),
        include_str!("../migrations/postgres/0004_document_stems.sql"),
    ),
    (
        include_str!("../migrations/0005_representative.sql"),
        include_str!("../migrations/postgres/0005_representative.sql"),
    ),
    (
        include_str!("../migrations/0006_merge_rule_2.sql"),
        include_str!("../migrations/postgres/0006_merge_rule_2.sql"),
    ),
    (
        include_str!("../migrations/0007_merge_rule_3.sql"),
        include_str!("../migrations/postgres/0007_merge_rule_3.sql"),
    ),
];

/// The migration that creates `document_stems`, which the store then fills from the stored
/// documents ([`search::index_stems_of_stored_documents`]).
const STEMS_MIGRATION: usize = 3;

/// The first schema version whose events follow the current merge rule: migrating an older
/// database re-merges it ([`remerge::refresh_all`]).
const MERGE_RULE_SCHEMA: i64 = 7;

/// How much of a SQLite database file is read through a memory map: 2 GiB of address space (not
/// memory), SQLite's own ceiling.
const MMAP_SIZE: i64 = 1 << 31;

/// The schema version this build writes.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Errors of the store.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// SQLite failed.
    #[error("database: {0}")]
    Database(#[from] rusqlite::Error),
    /// PostgreSQL failed.
    #[error("postgres: {0}")]
    Postgres(#[from] postgres::Error),
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

enum Backend {
    Sqlite(rusqlite::Connection),
    // The client needs `&mut` even to read; the store's read methods take `&self` (a server
    // holds the store behind a mutex either way, as a SQLite connection is not `Sync`).
    Postgres(RefCell<postgres::Client>),
}

/// An open store: SQLite or PostgreSQL, the same behaviour.
///
/// `Send` but not `Sync`: share it between threads behind a `Mutex`, or open one per thread.
pub struct Store {
    backend: Backend,
    taxonomy: Taxonomy,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").finish_non_exhaustive()
    }
}

impl Store {
    /// Opens (creating if needed) the store at `path_or_url`: a SQLite file path, or a
    /// `postgres://` / `postgresql://` connection address.
    ///
    /// SQLite runs in WAL mode (readers do not block the writer, and a crash never leaves a
    /// half-written transaction). Pending migrations are applied, each in its own transaction.
    ///
    /// # Errors
    /// When the database cannot be opened or reached, is not a rasd database, or was written by
    /// a newer rasd.
    pub fn open(path_or_url: &str) -> Result<Store> {
        if path_or_url.starts_with("postgres://") || path_or_url.starts_with("postgresql://") {
            let client = postgres::Client::connect(path_or_url, postgres::NoTls)?;
            return Store::with_backend(Backend::Postgres(RefCell::new(client)));
        }
        let conn = rusqlite::Connection::open(Path::new(path_or_url))?;
        Store::sqlite(conn)
    }

    /// A SQLite store in memory (tests).
    ///
    /// # Errors
    /// As [`Store::open`].
    pub fn open_in_memory() -> Result<Store> {
        Store::sqlite(rusqlite::Connection::open_in_memory()?)
    }

    fn sqlite(conn: rusqlite::Connection) -> Result<Store> {
        // WAL: a reader (the server) never blocks the ingest, and a commit is one append;
        // synchronous=NORMAL is safe against a killed process (only an OS crash may lose the
        // last commits, never half of one).
        // The busy timeout first: another process (an ingest, a server) may hold the lock.
        conn.busy_timeout(std::time::Duration::from_secs(30))?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        Store::with_backend(Backend::Sqlite(conn))
    }

    fn with_backend(backend: Backend) -> Result<Store> {
        let taxonomy = rasd_merge::families().map_err(|e| Error::Taxonomy(e.to_string()))?;
        let mut store = Store { backend, taxonomy };
        store.migrate()?;
        Ok(store)
    }

    /// Makes this connection read the SQLite file through a memory map rather than through its
    /// page cache: for the server's many short reads (103 uncached listings/s under load before,
    /// 542/s mapped). Pages the WAL holds are still read through the cache. Left off for
    /// ingest: it gained little there (whole corpus 31.7 s against 32.8 s) and the mapped file
    /// counted in its resident memory (303 MB against 119 MB).
    /// No effect on PostgreSQL.
    ///
    /// # Errors
    /// When the database fails.
    pub fn map_for_reading(&self) -> Result<()> {
        if let Backend::Sqlite(conn) = &self.backend {
            conn.pragma_update(None, "mmap_size", MMAP_SIZE)?;
        }
        Ok(())
    }

    /// Runs `f` on the connection, outside any transaction (reads).
    pub(crate) fn read<T>(&self, f: impl FnOnce(&mut dyn Db) -> Result<T>) -> Result<T> {
        match &self.backend {
            Backend::Sqlite(conn) => f(&mut Sqlite(conn)),
            Backend::Postgres(client) => {
                let mut client = client.borrow_mut();
                f(&mut Postgres(&mut *client))
            }
        }
    }

    /// Runs `f` in one transaction: committed when it returns `Ok`, rolled back otherwise.
    pub(crate) fn write<T>(
        &mut self,
        f: impl FnOnce(&mut dyn Db, &Taxonomy) -> Result<T>,
    ) -> Result<T> {
        let taxonomy = &self.taxonomy;
        match &mut self.backend {
            Backend::Sqlite(conn) => {
                let tx = conn.transaction()?;
                let out = f(&mut Sqlite(&tx), taxonomy)?;
                tx.commit()?;
                Ok(out)
            }
            Backend::Postgres(client) => {
                let mut tx = client.get_mut().transaction()?;
                let out = f(&mut Postgres(&mut tx), taxonomy)?;
                tx.commit()?;
                Ok(out)
            }
        }
    }

    /// Applies the migrations the database lacks, with their version rows, in one
    /// transaction that holds the database's write lock from the start (SQLite `BEGIN
    /// IMMEDIATE`, a PostgreSQL advisory lock): two processes opening a new database at once
    /// (an ingest and a server) migrate it once, and the second sees the first's work.
    /// A database with events merged under an earlier merge rule is re-merged in the same
    /// transaction ([`MERGE_RULE_SCHEMA`]).
    fn migrate(&mut self) -> Result<()> {
        let taxonomy = &self.taxonomy;
        let stale_merge = |found: i64| (1..MERGE_RULE_SCHEMA).contains(&found);
        const CREATE_VERSION_TABLE: &str = "CREATE TABLE IF NOT EXISTS schema_version (
                 version BIGINT PRIMARY KEY,
                 applied_at TEXT NOT NULL
             )";
        const VERSION: &str = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        let pending = |found: i64| -> Result<std::ops::Range<usize>> {
            if found > SCHEMA_VERSION {
                return Err(Error::NewerSchema {
                    found,
                    supported: SCHEMA_VERSION,
                });
            }
            Ok(usize::try_from(found).unwrap_or(0)..MIGRATIONS.len())
        };
        match &mut self.backend {
            Backend::Sqlite(conn) => {
                let tx =
                    conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                tx.execute_batch(CREATE_VERSION_TABLE)?;
                let found: i64 = tx.query_row(VERSION, [], |r| r.get(0))?;
                for i in pending(found)? {
                    tx.execute_batch(MIGRATIONS[i].0)?;
                    if i == STEMS_MIGRATION {
                        search::index_stems_of_stored_documents(&mut Sqlite(&tx))?;
                    }
                    tx.execute(
                        "INSERT INTO schema_version (version, applied_at) VALUES (?1, ?2)",
                        rusqlite::params![i as i64 + 1, now()],
                    )?;
                }
                if stale_merge(found) {
                    remerge::refresh_all(&mut Sqlite(&tx), taxonomy)?;
                }
                tx.commit()?;
            }
            Backend::Postgres(client) => {
                let mut tx = client.get_mut().transaction()?;
                // Any fixed number: rasd's migration lock.
                tx.batch_execute("SELECT pg_advisory_xact_lock(72617364)")?;
                tx.batch_execute(CREATE_VERSION_TABLE)?;
                let found: i64 = tx.query_one(VERSION, &[])?.get(0);
                for i in pending(found)? {
                    tx.batch_execute(MIGRATIONS[i].1)?;
                    if i == STEMS_MIGRATION {
                        search::index_stems_of_stored_documents(&mut Postgres(&mut tx))?;
                    }
                    tx.execute(
                        "INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)",
                        &[&(i as i64 + 1), &now()],
                    )?;
                }
                if stale_merge(found) {
                    remerge::refresh_all(&mut Postgres(&mut tx), taxonomy)?;
                }
                tx.commit()?;
            }
        }
        Ok(())
    }

    /// The schema version of the open database.
    ///
    /// # Errors
    /// When the database fails.
    pub fn schema_version(&self) -> Result<i64> {
        self.read(|db| {
            Ok(db
                .value("SELECT COALESCE(MAX(version), 0) FROM schema_version", &[])?
                .and_then(|v| v.int())
                .unwrap_or(0))
        })
    }

    /// Ids of the stored documents a text query matches, in id order: the documents whose
    /// events the `q` filter of [`EventFilter`] lists (words by stem, quoted phrases word for
    /// word; `docs/store.md`, "Search").
    ///
    /// # Errors
    /// When the database fails.
    pub fn matching_documents(&self, q: &str) -> Result<Vec<String>> {
        self.read(|db| {
            let dialect = db.dialect();
            let Some((documents, values)) = search::Query::parse(q).documents_sql(dialect) else {
                return Ok(Vec::new());
            };
            let key = match dialect {
                Dialect::Sqlite => "rowid",
                Dialect::Postgres => "id",
            };
            let sql = format!("SELECT id FROM documents WHERE {key} IN ({documents}) ORDER BY id");
            let values: Vec<Val> = values.into_iter().map(Val::Text).collect();
            Ok(db
                .rows(&sql, &values)?
                .into_iter()
                .filter_map(|row| row.first().and_then(Val::text))
                .collect())
        })
    }

    /// Whether this store is PostgreSQL.
    pub fn is_postgres(&self) -> bool {
        matches!(self.backend, Backend::Postgres(_))
    }

    fn count(&self, sql: &str) -> Result<u64> {
        self.read(|db| {
            let n = db.value(sql, &[])?.and_then(|v| v.int()).unwrap_or(0);
            Ok(u64::try_from(n).unwrap_or(0))
        })
    }

    /// SQLite's `PRAGMA data_version` on this connection: it changes whenever another
    /// connection, of this process or another (an ingest), has committed since the last call,
    /// so a server can tell whether answers it cached are still current.
    ///
    /// # Errors
    /// When the database fails.
    /// PostgreSQL has no such cheap counter: `None` there.
    pub fn data_version(&self) -> Result<Option<i64>> {
        match &self.backend {
            Backend::Sqlite(conn) => Ok(Some(conn.pragma_query_value(
                None,
                "data_version",
                |r| r.get(0),
            )?)),
            Backend::Postgres(_) => Ok(None),
        }
    }

    /// `/api/health`.
    ///
    /// # Errors
    /// When the database fails.
    pub fn health(&self) -> Result<Health> {
        Ok(Health {
            status: "ok".to_owned(),
            schema_version: self.schema_version()?,
            documents: self.count("SELECT COUNT(*) FROM documents")?,
            events: self.count("SELECT COUNT(*) FROM events")?,
        })
    }

    /// Totals for an ingest summary.
    ///
    /// # Errors
    /// When the database fails.
    pub fn counts(&self) -> Result<Counts> {
        Ok(Counts {
            documents: self.count("SELECT COUNT(*) FROM documents")?,
            reports: self.count("SELECT COUNT(*) FROM reports")?,
            events: self.count("SELECT COUNT(*) FROM events")?,
            merged: self.count("SELECT COUNT(*) FROM events WHERE report_count > 1")?,
            conflicting: self.count("SELECT COUNT(*) FROM events WHERE conflicting = 1")?,
            conflicting_types: self
                .count("SELECT COUNT(*) FROM events WHERE conflicting_types = 1")?,
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
            (
                "documents",
                "id, content_hash, title, text, date, source, url",
            ),
            (
                "reports",
                "id, document_id, seq, type, block, date, modality, record, report",
            ),
            ("actors", "report_id, seq, role, text, name, code"),
            (
                "claims",
                "report_id, seq, kind, low, high, qualifier, grp, text, span_start, span_end",
            ),
            ("attribution", "report_id, seq, kind, text, code, via"),
            ("evidence", "report_id, seq, span_start, span_end"),
            (
                "events",
                "id, merged, summary, type, family, date, country, admin1, lat, lon, killed, \
                 actors, report_count, conflicting, representative, conflicting_types",
            ),
            ("event_reports", "report_id, event_id"),
            ("constraints", "a, b, kind"),
        ];
        self.read(|db| {
            let mut lines = Vec::new();
            for (table, columns) in tables {
                for row in db.rows(&format!("SELECT {columns} FROM {table}"), &[])? {
                    let mut line = table.to_owned();
                    for value in row {
                        line.push('\t');
                        line.push_str(&format!("{value:?}"));
                    }
                    lines.push(line);
                }
            }
            // The search index, by the document it belongs to.
            let indexed = match db.dialect() {
                Dialect::Sqlite => {
                    "SELECT d.id FROM documents d \
                     WHERE d.rowid IN (SELECT rowid FROM document_search)"
                }
                Dialect::Postgres => "SELECT document_id FROM document_search",
            };
            for row in db.rows(indexed, &[])? {
                lines.push(format!(
                    "document_search\t{}",
                    row.first().and_then(Val::text).unwrap_or_default()
                ));
            }
            lines.sort();
            Ok(lines.join("\n"))
        })
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
    /// Merged events whose reports type them differently.
    pub conflicting_types: u64,
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
