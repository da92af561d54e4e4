//! Ingest: a batch of extracted documents in one transaction.

use std::collections::{BTreeSet, HashSet};

use rasd_extract::{Document, DocumentRecord};
use rasd_merge::Report;
use rusqlite::{params, OptionalExtension, Transaction};

use crate::remerge::{block_of, remerge};
use crate::search::search_normalize;
use crate::{Result, Store};

/// One extracted document to store.
#[derive(Clone, Copy, Debug)]
pub struct NewDocument<'a> {
    /// The document as read.
    pub doc: &'a Document,
    /// What the extractor made of it.
    pub record: &'a DocumentRecord,
}

/// What a batch did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct IngestOutcome {
    /// Documents stored for the first time.
    pub inserted: u64,
    /// Documents whose content changed: their old reports were replaced.
    pub replaced: u64,
    /// Documents stored before with the same content: nothing written.
    pub unchanged: u64,
    /// Reports written.
    pub reports: u64,
}

impl std::ops::AddAssign for IngestOutcome {
    fn add_assign(&mut self, other: Self) {
        self.inserted += other.inserted;
        self.replaced += other.replaced;
        self.unchanged += other.unchanged;
        self.reports += other.reports;
    }
}

/// The content hash of a document: FNV-1a 64 over its id, title, body, date, source and url,
/// each with its length so that no two different documents run together into one byte string.
/// A re-ingested document with the same hash is skipped.
pub fn content_hash(doc: &Document) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut feed = |field: Option<&str>| {
        let bytes = field.map_or(&b"\xff"[..], str::as_bytes);
        for byte in (bytes.len() as u64)
            .to_le_bytes()
            .iter()
            .chain(bytes.iter())
        {
            hash ^= u64::from(*byte);
            hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    let date = doc.date.map(|d| d.format("%Y-%m-%d").to_string());
    feed(Some(&doc.id));
    feed(doc.title.as_deref());
    feed(Some(&doc.body));
    feed(date.as_deref());
    feed(doc.source.as_deref());
    feed(doc.url.as_deref());
    format!("{hash:016x}")
}

impl Store {
    /// Of `docs`, the ids of those already stored with the same content: the ingest command
    /// does not extract them again.
    ///
    /// # Errors
    /// When the database fails.
    pub fn unchanged(&self, docs: &[&Document]) -> Result<HashSet<String>> {
        let mut statement = self
            .conn
            .prepare_cached("SELECT content_hash FROM documents WHERE id = ?1")?;
        let mut same = HashSet::new();
        for doc in docs {
            let stored: Option<String> = statement.query_row([&doc.id], |r| r.get(0)).optional()?;
            if stored.as_deref() == Some(content_hash(doc).as_str()) {
                same.insert(doc.id.clone());
            }
        }
        Ok(same)
    }

    /// Stores a batch in one transaction: new documents are inserted, changed ones replace
    /// their own reports, unchanged ones are skipped; then the merged events of every block the
    /// batch touched are recomputed. A crash at any moment leaves the batch whole or absent.
    ///
    /// A document id appearing twice in one batch is stored once: the last copy wins, as if
    /// the copies had come in separate batches.
    ///
    /// # Errors
    /// When the database fails; the transaction is then rolled back.
    pub fn ingest(&mut self, batch: &[NewDocument<'_>]) -> Result<IngestOutcome> {
        let taxonomy = &self.taxonomy;
        let tx = self.conn.transaction()?;
        let mut outcome = IngestOutcome::default();
        let mut blocks = BTreeSet::new();
        let mut old_events = BTreeSet::new();
        for item in batch {
            let hash = content_hash(item.doc);
            let stored: Option<String> = tx
                .prepare_cached("SELECT content_hash FROM documents WHERE id = ?1")?
                .query_row([&item.doc.id], |r| r.get(0))
                .optional()?;
            match stored {
                Some(h) if h == hash => {
                    outcome.unchanged += 1;
                    continue;
                }
                Some(_) => {
                    remove_document(&tx, &item.doc.id, &mut blocks, &mut old_events)?;
                    outcome.replaced += 1;
                }
                None => outcome.inserted += 1,
            }
            outcome.reports += insert_document(&tx, item, &hash, taxonomy, &mut blocks)?;
        }
        remerge(&tx, taxonomy, &blocks, &old_events)?;
        tx.commit()?;
        Ok(outcome)
    }
}

/// Deletes a document, its reports (and through the foreign keys their actors, claims,
/// attribution, evidence and event memberships) and its search entry; notes the blocks and
/// events they were part of, which must be re-merged.
fn remove_document(
    tx: &Transaction<'_>,
    id: &str,
    blocks: &mut BTreeSet<String>,
    old_events: &mut BTreeSet<String>,
) -> Result<()> {
    {
        let mut statement = tx.prepare_cached(
            "SELECT r.block, e.event_id FROM reports r
             LEFT JOIN event_reports e ON e.report_id = r.id WHERE r.document_id = ?1",
        )?;
        let rows = statement.query_map([id], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
        })?;
        for row in rows {
            let (block, event) = row?;
            blocks.insert(block);
            old_events.extend(event);
        }
    }
    tx.execute(
        "DELETE FROM document_search WHERE rowid = (SELECT rowid FROM documents WHERE id = ?1)",
        [id],
    )?;
    tx.execute("DELETE FROM documents WHERE id = ?1", [id])?;
    Ok(())
}

/// Inserts a document, its reports and their parts; returns the number of reports.
fn insert_document(
    tx: &Transaction<'_>,
    item: &NewDocument<'_>,
    hash: &str,
    taxonomy: &rasd_lexicon::Taxonomy,
    blocks: &mut BTreeSet<String>,
) -> Result<u64> {
    let doc = item.doc;
    let text = doc.text();
    tx.prepare_cached(
        "INSERT INTO documents (id, content_hash, title, text, date, source, url)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        doc.id,
        hash,
        doc.title,
        text,
        doc.date.map(|d| d.format("%Y-%m-%d").to_string()),
        doc.source,
        doc.url
    ])?;
    let rowid = tx.last_insert_rowid();
    tx.prepare_cached("INSERT INTO document_search (rowid, body) VALUES (?1, ?2)")?
        .execute(params![rowid, search_normalize(&text)])?;

    let record = item.record;
    for (seq, event) in record.events.iter().enumerate() {
        let report = Report::from_event(&record.doc, event, taxonomy);
        let block = block_of(&report);
        tx.prepare_cached(
            "INSERT INTO reports (id, document_id, seq, type, block, date, modality, record, report)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        )?
        .execute(params![
            event.id,
            doc.id,
            seq as i64,
            event.event_type,
            block,
            event.date.value,
            event.modality,
            serde_json::to_string(event)?,
            serde_json::to_string(&report)?,
        ])?;
        blocks.insert(block);
        let mut actor = tx.prepare_cached(
            "INSERT INTO actors (report_id, seq, role, text, name, code)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (i, a) in event.actors.iter().enumerate() {
            actor.execute(params![event.id, i as i64, a.role, a.text, a.name, a.code])?;
        }
        let mut claim = tx.prepare_cached(
            "INSERT INTO claims (report_id, seq, kind, low, high, qualifier, grp, text,
                                 span_start, span_end)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        )?;
        for (i, c) in event.casualties.iter().enumerate() {
            claim.execute(params![
                event.id,
                i as i64,
                c.kind,
                c.low.map(saturate),
                c.high.map(saturate),
                c.qualifier,
                c.group,
                c.text,
                c.span.map(|s| s[0] as i64),
                c.span.map(|s| s[1] as i64),
            ])?;
        }
        let mut attribution = tx.prepare_cached(
            "INSERT INTO attribution (report_id, seq, kind, text, code, via)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (i, a) in event.attribution.iter().enumerate() {
            attribution.execute(params![event.id, i as i64, a.kind, a.text, a.code, a.via])?;
        }
        let mut evidence = tx.prepare_cached(
            "INSERT INTO evidence (report_id, seq, span_start, span_end) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for (i, span) in event.evidence.iter().enumerate() {
            evidence.execute(params![event.id, i as i64, span[0] as i64, span[1] as i64])?;
        }
    }
    Ok(record.events.len() as u64)
}

/// SQLite integers are signed: figures beyond `i64::MAX` (none are real) are capped.
fn saturate(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
