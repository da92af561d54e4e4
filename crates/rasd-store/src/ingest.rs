//! Ingest: a batch of extracted documents in one transaction.

use std::collections::{BTreeSet, HashSet};

use rasd_extract::{Document, DocumentRecord};
use rasd_merge::Report;

use crate::db::{Db, Val};
use crate::remerge::{block_of, remerge};
use crate::search;
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
        self.read(|db| {
            let mut same = HashSet::new();
            for doc in docs {
                let stored = db
                    .value(
                        "SELECT content_hash FROM documents WHERE id = ?1",
                        &[Val::from(&doc.id)],
                    )?
                    .and_then(|v| v.text());
                if stored.as_deref() == Some(content_hash(doc).as_str()) {
                    same.insert(doc.id.clone());
                }
            }
            Ok(same)
        })
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
        self.write(|db, taxonomy| {
            let mut outcome = IngestOutcome::default();
            let mut blocks = BTreeSet::new();
            let mut old_events = BTreeSet::new();
            for item in batch {
                let hash = content_hash(item.doc);
                let stored = db
                    .value(
                        "SELECT content_hash FROM documents WHERE id = ?1",
                        &[Val::from(&item.doc.id)],
                    )?
                    .and_then(|v| v.text());
                match stored {
                    Some(h) if h == hash => {
                        outcome.unchanged += 1;
                        continue;
                    }
                    Some(_) => {
                        remove_document(db, &item.doc.id, &mut blocks, &mut old_events)?;
                        outcome.replaced += 1;
                    }
                    None => outcome.inserted += 1,
                }
                outcome.reports += insert_document(db, item, &hash, taxonomy, &mut blocks)?;
            }
            remerge(db, taxonomy, &blocks, &old_events)?;
            Ok(outcome)
        })
    }
}

/// Deletes a document, its reports (and their actors, claims, attribution, evidence and event
/// memberships) and its search entry; notes the blocks and events they were part of, which
/// must be re-merged.
fn remove_document(
    db: &mut dyn Db,
    id: &str,
    blocks: &mut BTreeSet<String>,
    old_events: &mut BTreeSet<String>,
) -> Result<()> {
    let rows = db.rows(
        "SELECT r.block, e.event_id FROM reports r
         LEFT JOIN event_reports e ON e.report_id = r.id WHERE r.document_id = ?1",
        &[Val::from(id)],
    )?;
    for row in rows {
        blocks.extend(row[0].text());
        old_events.extend(row[1].text());
    }
    // Children first: PostgreSQL checks foreign keys per statement, and SQLite's cascades are
    // not relied on, so both backends delete the same way.
    for table in [
        "actors",
        "claims",
        "attribution",
        "evidence",
        "event_reports",
    ] {
        db.exec(
            &format!(
                "DELETE FROM {table} WHERE report_id IN (SELECT id FROM reports WHERE document_id = ?1)"
            ),
            &[Val::from(id)],
        )?;
    }
    db.exec(
        "DELETE FROM reports WHERE document_id = ?1",
        &[Val::from(id)],
    )?;
    search::unindex_document(db, id)?;
    db.exec("DELETE FROM documents WHERE id = ?1", &[Val::from(id)])?;
    Ok(())
}

/// Inserts a document, its reports and their parts; returns the number of reports.
fn insert_document(
    db: &mut dyn Db,
    item: &NewDocument<'_>,
    hash: &str,
    taxonomy: &rasd_lexicon::Taxonomy,
    blocks: &mut BTreeSet<String>,
) -> Result<u64> {
    let doc = item.doc;
    let text = doc.text();
    db.exec(
        "INSERT INTO documents (id, content_hash, title, text, date, source, url)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        &[
            Val::from(&doc.id),
            Val::from(hash),
            Val::from(doc.title.clone()),
            Val::from(text.as_str()),
            Val::from(doc.date.map(|d| d.format("%Y-%m-%d").to_string())),
            Val::from(doc.source.clone()),
            Val::from(doc.url.clone()),
        ],
    )?;
    search::index_document(db, &doc.id, &text)?;

    let record = item.record;
    for (seq, event) in record.events.iter().enumerate() {
        let report = Report::from_event(&record.doc, event, taxonomy);
        let block = block_of(&report);
        let id = Val::from(&event.id);
        db.exec(
            "INSERT INTO reports (id, document_id, seq, type, block, date, modality, record, report)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            &[
                id.clone(),
                Val::from(&doc.id),
                Val::Int(seq as i64),
                Val::from(&event.event_type),
                Val::from(block.as_str()),
                Val::from(event.date.value.clone()),
                Val::from(event.modality.as_str()),
                Val::from(serde_json::to_string(event)?),
                Val::from(serde_json::to_string(&report)?),
            ],
        )?;
        blocks.insert(block);
        for (i, a) in event.actors.iter().enumerate() {
            db.exec(
                "INSERT INTO actors (report_id, seq, role, text, name, code)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                &[
                    id.clone(),
                    Val::Int(i as i64),
                    Val::from(a.role.as_str()),
                    Val::from(&a.text),
                    Val::from(a.name.clone()),
                    Val::from(a.code.clone()),
                ],
            )?;
        }
        for (i, c) in event.casualties.iter().enumerate() {
            db.exec(
                "INSERT INTO claims (report_id, seq, kind, low, high, qualifier, grp, text,
                                     span_start, span_end)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                &[
                    id.clone(),
                    Val::Int(i as i64),
                    Val::from(c.kind.as_str()),
                    Val::from(c.low.map(saturate)),
                    Val::from(c.high.map(saturate)),
                    Val::from(c.qualifier.as_str()),
                    Val::from(c.group.as_str()),
                    Val::from(&c.text),
                    Val::from(c.span.map(|s| saturate(s[0] as u64))),
                    Val::from(c.span.map(|s| saturate(s[1] as u64))),
                ],
            )?;
        }
        for (i, a) in event.attribution.iter().enumerate() {
            db.exec(
                "INSERT INTO attribution (report_id, seq, kind, text, code, via)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                &[
                    id.clone(),
                    Val::Int(i as i64),
                    Val::from(a.kind.as_str()),
                    Val::from(&a.text),
                    Val::from(a.code.clone()),
                    Val::from(a.via.clone()),
                ],
            )?;
        }
        for (i, span) in event.evidence.iter().enumerate() {
            db.exec(
                "INSERT INTO evidence (report_id, seq, span_start, span_end) VALUES (?1, ?2, ?3, ?4)",
                &[
                    id.clone(),
                    Val::Int(i as i64),
                    Val::Int(saturate(span[0] as u64)),
                    Val::Int(saturate(span[1] as u64)),
                ],
            )?;
        }
    }
    Ok(record.events.len() as u64)
}

/// Database integers are signed: figures beyond `i64::MAX` (none are real) are capped.
fn saturate(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}
