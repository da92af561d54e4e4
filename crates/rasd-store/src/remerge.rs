//! Re-merging: the merged events of the blocks a batch or a review touched are recomputed with
//! `rasd-merge`, inside the caller's transaction.
//!
//! A block is a country (reports with no country each form their own block: they can only be
//! merged by a reviewer). Merging never joins reports of two countries, so recomputing whole
//! blocks gives exactly the events that merging the whole store at once would give; reviewer
//! constraints and old events that reach into other blocks pull those blocks in too. Only
//! events whose members or figures changed are rewritten.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use rasd_extract::record::Event;
use rasd_lexicon::Taxonomy;
use rasd_merge::{merge, Constraints, MergedEvent, Report};
use serde_json::Value;

use crate::db::{Db, Dialect, Val};

use crate::api::{EventSummary, ReviewState};
use crate::{Error, Result};
use rasd_tables::{type_names, EventCore};

/// The block of a report.
pub(crate) fn block_of(report: &Report) -> String {
    match &report.country {
        Some(country) if !country.is_empty() => country.clone(),
        _ => format!("~{}", report.id),
    }
}

/// Recomputes the merged events of `blocks` and of the events `old_events` (events whose
/// reports were just deleted). Events holding a report of `force` are rebuilt even when their
/// members did not change (a review changed how they read).
pub(crate) fn remerge(
    db: &mut dyn Db,
    taxonomy: &Taxonomy,
    blocks: &BTreeSet<String>,
    old_events: &BTreeSet<String>,
) -> Result<()> {
    remerge_forcing(db, taxonomy, blocks, old_events, &BTreeSet::new())
}

/// [`remerge`], rebuilding every event that holds a report of `force`.
pub(crate) fn remerge_forcing(
    db: &mut dyn Db,
    taxonomy: &Taxonomy,
    blocks: &BTreeSet<String>,
    old_events: &BTreeSet<String>,
    force: &BTreeSet<String>,
) -> Result<()> {
    if blocks.is_empty() && old_events.is_empty() {
        return Ok(());
    }
    let all_constraints = load_constraints(db)?;
    let mut loaded: HashMap<String, Report> = HashMap::new();
    let mut done_blocks: BTreeSet<String> = BTreeSet::new();
    let mut pending: BTreeSet<String> = blocks.clone();
    // Stored events that may change: id -> merged JSON.
    let mut stored: BTreeMap<String, String> = BTreeMap::new();
    let mut pending_events: BTreeSet<String> = old_events.clone();
    loop {
        // Load the pending blocks.
        let mut fresh = Vec::new();
        for block in std::mem::take(&mut pending) {
            if !done_blocks.insert(block.clone()) {
                continue;
            }
            for row in db.rows(
                "SELECT id, report FROM reports WHERE block = ?1",
                &[Val::from(&block)],
            )? {
                let (Some(id), Some(json)) = (row[0].text(), row[1].text()) else {
                    continue;
                };
                let report: Report = serde_json::from_str(&json)?;
                fresh.push(id.clone());
                loaded.insert(id, report);
            }
        }
        // Events of the fresh reports.
        for id in &fresh {
            if let Some(event) = db
                .value(
                    "SELECT event_id FROM event_reports WHERE report_id = ?1",
                    &[Val::from(id)],
                )?
                .and_then(|v| v.text())
            {
                pending_events.insert(event);
            }
        }
        // Reports outside the loaded blocks that constraints or stored events tie in.
        let mut partners: BTreeSet<String> = BTreeSet::new();
        for (a, b, _) in &all_constraints {
            match (loaded.contains_key(a), loaded.contains_key(b)) {
                (true, false) => {
                    partners.insert(b.clone());
                }
                (false, true) => {
                    partners.insert(a.clone());
                }
                _ => {}
            }
        }
        for event in std::mem::take(&mut pending_events) {
            if stored.contains_key(&event) {
                continue;
            }
            let merged = db
                .value(
                    "SELECT merged FROM events WHERE id = ?1",
                    &[Val::from(&event)],
                )?
                .and_then(|v| v.text());
            let Some(merged) = merged else { continue };
            let parsed: MergedEvent = serde_json::from_str(&merged)?;
            partners.extend(
                parsed
                    .members
                    .into_iter()
                    .filter(|m| !loaded.contains_key(m)),
            );
            stored.insert(event, merged);
        }
        for id in partners {
            let block = db
                .value("SELECT block FROM reports WHERE id = ?1", &[Val::from(&id)])?
                .and_then(|v| v.text());
            if let Some(block) = block.filter(|b| !done_blocks.contains(b)) {
                pending.insert(block);
            }
        }
        if pending.is_empty() && pending_events.is_empty() {
            break;
        }
    }

    let mut constraints = Constraints::default();
    for (a, b, kind) in all_constraints {
        if loaded.contains_key(&a) && loaded.contains_key(&b) {
            if kind == "must" {
                constraints.must_link.push((a, b));
            } else {
                constraints.cannot_link.push((a, b));
            }
        }
    }
    let reports: Vec<Report> = loaded.into_values().collect();
    let events = merge(&reports, &constraints);

    let mut write = Vec::new();
    for event in events {
        let json = serde_json::to_string(&event)?;
        let forced = event.members.iter().any(|m| force.contains(m));
        if stored.get(&event.id) == Some(&json) && !forced {
            stored.remove(&event.id);
            continue;
        }
        write.push((event, json));
    }
    // What is left in `stored` is gone or rewritten.
    for id in stored.keys() {
        db.exec(
            "DELETE FROM event_reports WHERE event_id = ?1",
            &[Val::from(id)],
        )?;
        if db.dialect() == Dialect::Sqlite {
            db.exec(
                "DELETE FROM event_actor_search WHERE rowid = (SELECT rowid FROM events WHERE id = ?1)",
                &[Val::from(id)],
            )?;
        }
        db.exec("DELETE FROM events WHERE id = ?1", &[Val::from(id)])?;
    }
    for (event, json) in write {
        let summary = build_summary(db, taxonomy, &event)?;
        write_event(db, &event, &json, &summary)?;
    }
    Ok(())
}

/// Re-reads every report's flat view for the merge rule (`reports.report`, `block`) from its
/// stored record, and re-merges every block: what a database written under an earlier merge
/// rule needs once (the store runs it when it migrates a database to schema 5). Reviews and
/// constraints stay as they are.
pub(crate) fn refresh_all(db: &mut dyn Db, taxonomy: &Taxonomy) -> Result<()> {
    let rows = db.rows(
        "SELECT r.id, r.record, d.id, d.date, d.source, d.url FROM reports r
         JOIN documents d ON d.id = r.document_id",
        &[],
    )?;
    let mut blocks = BTreeSet::new();
    for row in rows {
        let mut row = row.into_iter();
        let (Some(id), Some(record)) = (
            row.next().and_then(|v| v.text()),
            row.next().and_then(|v| v.text()),
        ) else {
            continue;
        };
        let event: Event = serde_json::from_str(&record)?;
        let doc = rasd_extract::record::DocumentInfo {
            id: row.next().and_then(|v| v.text()).unwrap_or_default(),
            date: row.next().and_then(|v| v.text()),
            source: row.next().and_then(|v| v.text()),
            url: row.next().and_then(|v| v.text()),
            chars: 0,
        };
        let report = Report::from_event(&doc, &event, taxonomy);
        let block = block_of(&report);
        db.exec(
            "UPDATE reports SET report = ?1, block = ?2 WHERE id = ?3",
            &[
                Val::from(serde_json::to_string(&report)?),
                Val::from(block.as_str()),
                Val::from(&id),
            ],
        )?;
        blocks.insert(block);
    }
    let events: BTreeSet<String> = db
        .rows("SELECT id FROM events", &[])?
        .into_iter()
        .filter_map(|r| r.into_iter().next().and_then(|v| v.text()))
        .collect();
    remerge_forcing(db, taxonomy, &blocks, &events, &BTreeSet::new())
}

/// Every constraint: `(a, b, kind)`. Reviews are few, so they are read whole.
fn load_constraints(db: &mut dyn Db) -> Result<Vec<(String, String, String)>> {
    let rows = db.rows("SELECT a, b, kind FROM constraints", &[])?;
    let mut out: Vec<(String, String, String)> = rows
        .into_iter()
        .filter_map(|r| Some((r[0].text()?, r[1].text()?, r[2].text()?)))
        .collect();
    out.sort();
    Ok(out)
}

fn write_event(
    db: &mut dyn Db,
    event: &MergedEvent,
    json: &str,
    summary: &EventSummary,
) -> Result<()> {
    let mut actors = String::new();
    for a in &summary.event.actors {
        for part in [a.code.as_deref(), a.name.as_deref(), Some(a.text.as_str())]
            .into_iter()
            .flatten()
        {
            actors.push_str(&part.to_lowercase());
            actors.push('\n');
        }
    }
    let location = summary.event.location.as_ref();
    db.exec(
        "INSERT INTO events (id, merged, summary, type, family, date, country, admin1, lat, lon,
                             killed, actors, report_count, conflicting, representative,
                             conflicting_types)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)",
        &[
            Val::from(&event.id),
            Val::from(json),
            Val::from(serde_json::to_string(summary)?),
            Val::from(&summary.event.event_type),
            Val::from(&summary.event.family),
            Val::from(summary.event.date.clone()),
            Val::from(location.and_then(|l| l.country.clone())),
            Val::from(location.and_then(|l| l.admin1.clone())),
            Val::from(location.and_then(|l| l.lat)),
            Val::from(location.and_then(|l| l.lon)),
            Val::from(
                summary
                    .event
                    .killed
                    .map(|k| i64::try_from(k.best).unwrap_or(i64::MAX)),
            ),
            Val::from(actors.as_str()),
            Val::Int(summary.reports as i64),
            Val::from(summary.event.conflicting),
            Val::from(&event.representative),
            Val::from(!event.conflicting_types.is_empty()),
        ],
    )?;
    if db.dialect() == Dialect::Sqlite {
        db.exec(
            "INSERT INTO event_actor_search (rowid, actors)
             VALUES ((SELECT rowid FROM events WHERE id = ?1), ?2)",
            &[Val::from(&event.id), Val::from(actors)],
        )?;
    }
    // The search key of the report's document: its row in document_search (see migration 3).
    let insert = match db.dialect() {
        Dialect::Sqlite => {
            "INSERT INTO event_reports (report_id, event_id, search_key)
             VALUES (?1, ?2, (SELECT d.rowid FROM reports r JOIN documents d ON d.id = r.document_id
                              WHERE r.id = ?1))
             ON CONFLICT (report_id) DO UPDATE SET event_id = excluded.event_id"
        }
        Dialect::Postgres => {
            "INSERT INTO event_reports (report_id, event_id, search_key)
             VALUES (?1, ?2, (SELECT r.document_id FROM reports r WHERE r.id = ?1))
             ON CONFLICT (report_id) DO UPDATE SET event_id = excluded.event_id"
        }
    };
    for m in &event.members {
        db.exec(insert, &[Val::from(m), Val::from(&event.id)])?;
    }
    Ok(())
}

/// The stored record of a report.
pub(crate) fn load_record(db: &mut dyn Db, report_id: &str) -> Result<Event> {
    let json = db
        .value(
            "SELECT record FROM reports WHERE id = ?1",
            &[Val::from(report_id)],
        )?
        .and_then(|v| v.text())
        .ok_or_else(|| Error::NotFound(format!("report {report_id}")))?;
    Ok(serde_json::from_str(&json)?)
}

/// The summary of a merged event: place, actors and modality of the representative, figures of
/// the merge, then the reviews anchored in its members applied in order.
pub(crate) fn build_summary(
    db: &mut dyn Db,
    taxonomy: &Taxonomy,
    event: &MergedEvent,
) -> Result<EventSummary> {
    let mut records = Vec::with_capacity(event.members.len());
    for m in &event.members {
        records.push(load_record(db, m)?);
    }
    let members: Vec<&Event> = records.iter().collect();
    let core = EventCore::of_merged(event, &members, taxonomy)
        .ok_or_else(|| Error::NotFound(format!("members of {}", event.id)))?;
    let mut summary = EventSummary {
        event: core,
        reports: event.members.len(),
        review: ReviewState {
            status: "unreviewed".to_owned(),
        },
    };
    let mut reviews: Vec<(i64, String, Option<String>, Option<String>)> = Vec::new();
    for m in &event.members {
        for row in db.rows(
            "SELECT id, action, field, value FROM reviews WHERE anchor = ?1",
            &[Val::from(m)],
        )? {
            reviews.push((
                row[0].int().unwrap_or(0),
                row[1].text().unwrap_or_default(),
                row[2].text(),
                row[3].text(),
            ));
        }
    }
    reviews.sort_by_key(|r| r.0);
    for (_, action, field, value) in reviews {
        match action.as_str() {
            "confirm" => summary.review.status = "confirmed".to_owned(),
            "reject" => summary.review.status = "rejected".to_owned(),
            "correct" => {
                let value: Value = match value {
                    Some(v) => serde_json::from_str(&v)?,
                    None => Value::Null,
                };
                // A stored correction was validated when it was made; one that no longer
                // applies (the taxonomy lost a type) is left out rather than failing the merge.
                if apply_correction(
                    &mut summary,
                    taxonomy,
                    field.as_deref().unwrap_or(""),
                    value,
                )
                .is_ok()
                {
                    summary.review.status = "corrected".to_owned();
                }
            }
            _ => {}
        }
    }
    Ok(summary)
}

/// Applies one correction to a summary.
///
/// # Errors
/// [`Error::BadRequest`] for an unknown field or a value of the wrong shape.
pub(crate) fn apply_correction(
    summary: &mut EventSummary,
    taxonomy: &Taxonomy,
    field: &str,
    value: Value,
) -> Result<()> {
    let bad = |what: &str| Error::BadRequest(format!("correct {field}: {what}"));
    match field {
        "type" => {
            let t = value.as_str().ok_or_else(|| bad("expected a type name"))?;
            let info = taxonomy
                .get(t)
                .ok_or_else(|| bad("not a type of taxonomy.tsv"))?;
            summary.event.family = info.family.clone();
            (summary.event.acled, summary.event.cameo) = type_names(taxonomy, t);
            summary.event.event_type = t.to_owned();
        }
        "date" => {
            summary.event.date = match value {
                Value::Null => None,
                Value::String(s) => {
                    chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                        .map_err(|_| bad("expected YYYY-MM-DD"))?;
                    Some(s)
                }
                _ => return Err(bad("expected YYYY-MM-DD or null")),
            };
        }
        "date_precision" => {
            let p = value.as_str().ok_or_else(|| bad("expected a precision"))?;
            let p = p
                .parse()
                .map_err(|_| bad("expected day, week, month or year"))?;
            summary.event.date_precision = Some(p);
        }
        "location" => {
            summary.event.location = serde_json::from_value(value)
                .map_err(|e| bad(&format!("expected a location object or null ({e})")))?;
        }
        "killed" => {
            summary.event.killed = serde_json::from_value(value)
                .map_err(|_| bad("expected {\"low\", \"best\", \"high\"} or null"))?;
        }
        "injured" => {
            summary.event.injured = serde_json::from_value(value)
                .map_err(|_| bad("expected {\"low\", \"best\", \"high\"} or null"))?;
        }
        "modality" => {
            let m = value.as_str().ok_or_else(|| bad("expected a modality"))?;
            summary.event.modality = m.parse().map_err(|_| bad("not a modality of format 1"))?;
        }
        "actors" => {
            summary.event.actors = serde_json::from_value(value)
                .map_err(|e| bad(&format!("expected a list of actors ({e})")))?;
        }
        _ => {
            return Err(Error::BadRequest(format!(
                "cannot correct {field:?}: expected type, date, date_precision, location, \
                 killed, injured, modality or actors"
            )))
        }
    }
    Ok(())
}
