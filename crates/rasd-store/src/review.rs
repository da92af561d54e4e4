//! Reviews: recorded, never destructive; splits and merges become merge constraints.

use std::collections::BTreeSet;

use crate::api::{EventSummary, Review};
use crate::db::{Db, Val};
use crate::remerge::{apply_correction, remerge_forcing};
use crate::{now, Error, Result, Store};

/// Writes a constraint on a pair, replacing any earlier decision on it.
fn constrain(db: &mut dyn Db, x: &str, y: &str, kind: &str, review: i64) -> Result<()> {
    if x == y {
        return Ok(());
    }
    let (a, b) = if x < y { (x, y) } else { (y, x) };
    db.exec(
        "INSERT INTO constraints (a, b, kind, review_id) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (a, b) DO UPDATE SET kind = excluded.kind, review_id = excluded.review_id",
        &[
            Val::from(a),
            Val::from(b),
            Val::from(kind),
            Val::Int(review),
        ],
    )?;
    Ok(())
}

impl Store {
    /// Records a review of event `id` and returns the event as it now reads.
    ///
    /// * `confirm`, `reject`: set the review status.
    /// * `correct`: overrides `field` with `value` in the event (the extracted records stay as
    ///   they were); status `corrected`.
    /// * `split`: moves `reports` to a new event: cannot-links between them and the rest,
    ///   must-links among them. Returns the event that keeps the other reports.
    /// * `merge`: joins event `other` into this one: must-links between all their reports.
    ///
    /// Reviews are anchored in the event's smallest report, so they follow the reports when
    /// later ingests change the event's id. Every review is kept with reviewer, time and reason.
    ///
    /// # Errors
    /// [`Error::NotFound`] for an unknown event (or `other`); [`Error::BadRequest`] for an
    /// unknown action, a missing reviewer, a bad correction, or split reports that are not
    /// members; database failures (nothing is then recorded).
    pub fn review(&mut self, id: &str, review: &Review) -> Result<EventSummary> {
        if review.reviewer.trim().is_empty() {
            return Err(Error::BadRequest("reviewer must be given".to_owned()));
        }
        let Some(current) = self.event_summary(id)? else {
            return Err(Error::NotFound(format!("event {id}")));
        };
        let members = self.members(id)?;
        let anchor = members
            .first()
            .cloned()
            .ok_or_else(|| Error::NotFound(format!("reports of event {id}")))?;
        let mut involved: BTreeSet<String> = members.iter().cloned().collect();
        // What to answer with: the event holding this report after re-merging.
        let mut answer = anchor.clone();
        let mut other_members = Vec::new();
        match review.action.as_str() {
            "confirm" | "reject" => {}
            "correct" => {
                let field = review
                    .field
                    .as_deref()
                    .ok_or_else(|| Error::BadRequest("correct needs a field".to_owned()))?;
                let value = review.value.clone().unwrap_or(serde_json::Value::Null);
                // Validate now, so a stored correction always applies.
                apply_correction(&mut current.clone(), &self.taxonomy, field, value)?;
            }
            "split" => {
                let moved: BTreeSet<String> = review
                    .reports
                    .clone()
                    .unwrap_or_default()
                    .into_iter()
                    .collect();
                if moved.is_empty() {
                    return Err(Error::BadRequest("split needs reports to move".to_owned()));
                }
                if let Some(stranger) = moved.iter().find(|r| !involved.contains(*r)) {
                    return Err(Error::BadRequest(format!(
                        "report {stranger} is not part of event {id}"
                    )));
                }
                if moved.len() == members.len() {
                    return Err(Error::BadRequest(
                        "split must leave at least one report in the event".to_owned(),
                    ));
                }
                answer = members
                    .iter()
                    .find(|m| !moved.contains(*m))
                    .cloned()
                    .unwrap_or(anchor.clone());
            }
            "merge" => {
                let other = review
                    .other
                    .as_deref()
                    .ok_or_else(|| Error::BadRequest("merge needs other".to_owned()))?;
                if other == id {
                    return Err(Error::BadRequest(
                        "an event cannot be merged with itself".to_owned(),
                    ));
                }
                other_members = self.members(other)?;
                if other_members.is_empty() {
                    return Err(Error::NotFound(format!("event {other}")));
                }
                involved.extend(other_members.iter().cloned());
            }
            a => {
                return Err(Error::BadRequest(format!(
                    "action must be confirm, reject, correct, split or merge, not {a:?}"
                )))
            }
        }

        let summary = self.write(|db, taxonomy| {
            let review_id = db
                .value(
                    "INSERT INTO reviews (event_id, anchor, action, reviewer, reason, at, field,
                                          value, reports, other)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
                    &[
                        Val::from(id),
                        Val::from(&anchor),
                        Val::from(&review.action),
                        Val::from(&review.reviewer),
                        Val::from(review.reason.clone()),
                        Val::from(now()),
                        Val::from(review.field.clone()),
                        Val::from(review.value.as_ref().map(serde_json::Value::to_string)),
                        Val::from(
                            review
                                .reports
                                .as_ref()
                                .map(serde_json::to_string)
                                .transpose()?,
                        ),
                        Val::from(review.other.clone()),
                    ],
                )?
                .and_then(|v| v.int())
                .unwrap_or(0);
            match review.action.as_str() {
                "split" => {
                    let moved: BTreeSet<&String> = review.reports.iter().flatten().collect();
                    let first_moved = moved.iter().next().copied();
                    for m in &members {
                        if moved.contains(m) {
                            if let Some(first) = first_moved {
                                constrain(db, first, m, "must", review_id)?;
                            }
                        } else {
                            for x in &moved {
                                constrain(db, x, m, "cannot", review_id)?;
                            }
                        }
                    }
                }
                "merge" => {
                    for m in members.iter().chain(other_members.iter()) {
                        constrain(db, &anchor, m, "must", review_id)?;
                    }
                    // Earlier splits between the two events give way to this decision.
                    for x in &members {
                        for y in &other_members {
                            db.exec(
                                "DELETE FROM constraints WHERE kind = 'cannot'
                                 AND ((a = ?1 AND b = ?2) OR (a = ?2 AND b = ?1))",
                                &[Val::from(x), Val::from(y)],
                            )?;
                        }
                    }
                }
                _ => {}
            }
            let mut blocks = BTreeSet::new();
            for r in &involved {
                blocks.extend(
                    db.value("SELECT block FROM reports WHERE id = ?1", &[Val::from(r)])?
                        .and_then(|v| v.text()),
                );
            }
            remerge_forcing(db, taxonomy, &blocks, &BTreeSet::new(), &involved)?;
            let event_id = db
                .value(
                    "SELECT event_id FROM event_reports WHERE report_id = ?1",
                    &[Val::from(&answer)],
                )?
                .and_then(|v| v.text())
                .ok_or_else(|| Error::NotFound(format!("event of report {answer}")))?;
            db.value(
                "SELECT summary FROM events WHERE id = ?1",
                &[Val::from(&event_id)],
            )?
            .and_then(|v| v.text())
            .ok_or_else(|| Error::NotFound(format!("event {event_id}")))
        })?;
        Ok(serde_json::from_str(&summary)?)
    }
}
