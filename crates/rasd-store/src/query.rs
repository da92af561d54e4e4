//! The read side: the queries behind the HTTP API.

use rasd_extract::record::Event;

use crate::api::*;
use crate::db::{Dialect, Val as SqlValue};
use crate::remerge::load_record;
use crate::search::Query;
use crate::{Error, Result, Store};

/// Most events one page may hold.
pub const MAX_PAGE: usize = 500;

/// A filter as SQL: a `WHERE` clause over `events` and its parameters.
pub(crate) struct Where {
    pub(crate) clause: String,
    pub(crate) params: Vec<SqlValue>,
}

fn check_date(name: &str, value: &str) -> Result<()> {
    let ok = value.len() == 10 && chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").is_ok();
    if ok {
        Ok(())
    } else {
        Err(Error::BadRequest(format!(
            "{name} must be a date as YYYY-MM-DD, not {value:?}"
        )))
    }
}

pub(crate) fn where_of(filter: &EventFilter, dialect: Dialect) -> Result<Where> {
    let mut parts: Vec<String> = Vec::new();
    let mut params: Vec<SqlValue> = Vec::new();
    let mut add = |sql: &str, values: Vec<SqlValue>| {
        parts.push(sql.to_owned());
        params.extend(values);
    };
    let text = |s: &str| SqlValue::Text(s.to_owned());
    // Dates are compared on the date sort's own key, COALESCE(date, ''), so a range is a range
    // of the index that sort walks (an event with no date has the key '' and is in no range).
    if let Some(from) = &filter.from {
        check_date("from", from)?;
        add("COALESCE(date, '') >= ?", vec![text(from)]);
    }
    if let Some(to) = &filter.to {
        check_date("to", to)?;
        add(
            "COALESCE(date, '') > '' AND COALESCE(date, '') <= ?",
            vec![text(to)],
        );
    }
    if let Some(country) = &filter.country {
        add("country = ?", vec![text(&country.to_ascii_uppercase())]);
    }
    if let Some(admin1) = &filter.admin1 {
        add("lower(admin1) = lower(?)", vec![text(admin1)]);
    }
    if let Some(t) = &filter.event_type {
        add("type = ?", vec![text(t)]);
    }
    if let Some(f) = &filter.family {
        add("family = ?", vec![text(f)]);
    }
    if let Some(actor) = &filter.actor {
        // A substring of the lower-cased codes, names and texts. SQLite: through the trigram
        // index (migration 3) when there is a trigram to look up.
        let actor = actor.to_lowercase();
        match dialect {
            Dialect::Sqlite if actor.chars().count() >= 3 => add(
                "rowid IN (SELECT rowid FROM event_actor_search WHERE event_actor_search MATCH ?)",
                vec![text(&format!("\"{}\"", actor.replace('"', "\"\"")))],
            ),
            Dialect::Sqlite => add("instr(actors, ?) > 0", vec![text(&actor)]),
            Dialect::Postgres => add("strpos(actors, ?) > 0", vec![text(&actor)]),
        }
    }
    if let Some(n) = filter.min_killed {
        add(
            "killed >= ?",
            vec![SqlValue::Int(i64::try_from(n).unwrap_or(i64::MAX))],
        );
    }
    if let Some([min_lon, min_lat, max_lon, max_lat]) = filter.bbox {
        if !(min_lon <= max_lon && min_lat <= max_lat)
            || [min_lon, min_lat, max_lon, max_lat]
                .iter()
                .any(|v| !v.is_finite())
        {
            return Err(Error::BadRequest(
                "bbox must be minlon,minlat,maxlon,maxlat with min <= max".to_owned(),
            ));
        }
        add(
            "lon >= ? AND lon <= ? AND lat >= ? AND lat <= ?",
            vec![
                SqlValue::Real(min_lon),
                SqlValue::Real(max_lon),
                SqlValue::Real(min_lat),
                SqlValue::Real(max_lat),
            ],
        );
    }
    if let Some(q) = &filter.q {
        // Documents matching the words and phrases, as their keys in the search tables, to the
        // events they report through event_reports_search (migration 3).
        match Query::parse(q).documents_sql(dialect) {
            Some((documents, values)) => add(
                &format!(
                    "id IN (SELECT event_id FROM event_reports WHERE search_key IN ({documents}))"
                ),
                values.into_iter().map(SqlValue::Text).collect(),
            ),
            // A query of no word (punctuation only) matches nothing rather than everything.
            None => add("1 = 0", vec![]),
        }
    }
    let clause = if parts.is_empty() {
        "1 = 1".to_owned()
    } else {
        parts.join(" AND ")
    };
    Ok(Where { clause, params })
}

/// The sort key expression, its direction, and whether the key is a number.
pub(crate) fn sort_parts(sort: Sort) -> (&'static str, bool, bool) {
    match sort {
        Sort::Date => ("COALESCE(date, '')", true, false),
        Sort::DateDesc => ("COALESCE(date, '')", false, false),
        Sort::Killed => ("COALESCE(killed, -1)", true, true),
        Sort::KilledDesc => ("COALESCE(killed, -1)", false, true),
    }
}

fn sort_name(sort: Sort) -> &'static str {
    match sort {
        Sort::Date => "date",
        Sort::DateDesc => "-date",
        Sort::Killed => "killed",
        Sort::KilledDesc => "-killed",
    }
}

fn hex(s: &str) -> String {
    s.bytes().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<String> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    let bytes: Option<Vec<u8>> = (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect();
    String::from_utf8(bytes?).ok()
}

/// A cursor: the sort, the last key and the last id, hex-encoded so it is opaque and URL-safe.
fn encode_cursor(sort: Sort, key: &SqlValue, id: &str) -> String {
    let key = match key {
        SqlValue::Int(n) => n.to_string(),
        SqlValue::Text(t) => t.clone(),
        _ => String::new(),
    };
    hex(&format!("{}\u{1f}{key}\u{1f}{id}", sort_name(sort)))
}

fn decode_cursor(sort: Sort, cursor: &str) -> Result<(SqlValue, String)> {
    let bad = || Error::BadRequest("cursor is not one this server gave out".to_owned());
    let text = unhex(cursor).ok_or_else(bad)?;
    let mut parts = text.split('\u{1f}');
    let (Some(s), Some(key), Some(id), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    if s != sort_name(sort) {
        return Err(Error::BadRequest(
            "cursor belongs to another sort order".to_owned(),
        ));
    }
    let key = if sort_parts(sort).2 {
        SqlValue::Int(key.parse().map_err(|_| bad())?)
    } else {
        SqlValue::Text(key.to_owned())
    };
    Ok((key, id.to_owned()))
}

impl Store {
    /// SQLite: the page walks the index of its sort key in order (migration 2), testing the
    /// filters on the index's own columns and stopping after a page. Left to itself, SQLite's
    /// planner takes the index of an equality filter instead (a country, a type) and sorts all
    /// its events, summaries and all: 1.3 ms for Yemen's 2,583 events against 0.05 ms walking.
    /// The walk's worst case, a filter matching fewer events than a page, reads the whole index
    /// (0.5 ms on the whole SaudiNewsNet corpus). PostgreSQL plans by its statistics.
    fn sort_index(&self, sort: Sort) -> &'static str {
        match (self.dialect(), sort) {
            (Dialect::Postgres, _) => "",
            (Dialect::Sqlite, Sort::Date | Sort::DateDesc) => "INDEXED BY events_list_date",
            (Dialect::Sqlite, Sort::Killed | Sort::KilledDesc) => "INDEXED BY events_list_killed",
        }
    }

    pub(crate) fn dialect(&self) -> Dialect {
        if self.is_postgres() {
            Dialect::Postgres
        } else {
            Dialect::Sqlite
        }
    }

    /// `/api/events`: one page of merged events matching `filter`, in its sort order (newest
    /// first by default), after `cursor` (the `next_cursor` of the previous page). Keyset
    /// pagination: a page costs the same wherever it is, and events stored meanwhile do not
    /// shift later pages.
    ///
    /// # Errors
    /// [`Error::BadRequest`] for a limit outside 1..=500, a malformed filter or cursor; database
    /// failures.
    pub fn list_events(
        &self,
        filter: &EventFilter,
        limit: usize,
        cursor: Option<&str>,
    ) -> Result<EventPage> {
        if !(1..=MAX_PAGE).contains(&limit) {
            return Err(Error::BadRequest(format!(
                "limit must be between 1 and {MAX_PAGE}, not {limit}"
            )));
        }
        let sort = filter.sort.unwrap_or_default();
        let filter_sql = where_of(filter, self.dialect())?;
        let (key, ascending, _) = sort_parts(sort);
        let (op, dir) = if ascending {
            (">", "ASC")
        } else {
            ("<", "DESC")
        };
        let mut clause = filter_sql.clause.clone();
        let mut params = filter_sql.params.clone();
        if let Some(cursor) = cursor {
            let (last_key, last_id) = decode_cursor(sort, cursor)?;
            clause = format!("({clause}) AND ({key} {op} ? OR ({key} = ? AND id {op} ?))");
            params.push(last_key.clone());
            params.push(last_key);
            params.push(SqlValue::Text(last_id));
        }
        params.push(SqlValue::Int(limit as i64 + 1));
        let sql = format!(
            "SELECT summary, {key}, id FROM events {} WHERE {clause}
             ORDER BY {key} {dir}, id {dir} LIMIT ?",
            self.sort_index(sort)
        );
        self.read(|db| {
            let total = db
                .value(
                    &format!("SELECT COUNT(*) FROM events WHERE {}", filter_sql.clause),
                    &filter_sql.params,
                )?
                .and_then(|v| v.int())
                .unwrap_or(0);
            let rows = db.rows(&sql, &params)?;
            let more = rows.len() > limit;
            let mut events = Vec::new();
            let mut last = None;
            for row in rows.into_iter().take(limit) {
                let mut row = row.into_iter();
                let (Some(summary), Some(key), Some(id)) = (row.next(), row.next(), row.next())
                else {
                    continue;
                };
                events.push(serde_json::from_str::<EventSummary>(
                    &summary.text().unwrap_or_default(),
                )?);
                last = Some((key, id.text().unwrap_or_default()));
            }
            let next_cursor = match (more, last) {
                (true, Some((key, id))) => Some(encode_cursor(sort, &key, &id)),
                _ => None,
            };
            Ok(EventPage {
                events,
                next_cursor,
                total: u64::try_from(total).unwrap_or(0),
            })
        })
    }

    /// The summary of one merged event.
    ///
    /// # Errors
    /// When the database fails.
    pub fn event_summary(&self, id: &str) -> Result<Option<EventSummary>> {
        let summary = self.read(|db| {
            Ok(db
                .value(
                    "SELECT summary FROM events WHERE id = ?1",
                    &[SqlValue::from(id)],
                )?
                .and_then(|v| v.text()))
        })?;
        summary
            .map(|s| serde_json::from_str(&s).map_err(Error::from))
            .transpose()
    }

    /// The member report ids of a merged event, sorted.
    pub(crate) fn members(&self, id: &str) -> Result<Vec<String>> {
        self.read(|db| {
            let mut members: Vec<String> = db
                .rows(
                    "SELECT report_id FROM event_reports WHERE event_id = ?1",
                    &[SqlValue::from(id)],
                )?
                .into_iter()
                .filter_map(|r| r.first().and_then(SqlValue::text))
                .collect();
            members.sort();
            Ok(members)
        })
    }

    /// `/api/events/{id}`: the summary, every member report with its document text, every
    /// casualty claim with its source, and the reviews. `None` when there is no such event.
    ///
    /// # Errors
    /// When the database fails.
    pub fn get_event(&self, id: &str) -> Result<Option<EventDetail>> {
        let Some(summary) = self.event_summary(id)? else {
            return Ok(None);
        };
        let members = self.members(id)?;
        let mut reports = Vec::new();
        let mut claims = Vec::new();
        for m in &members {
            let record: Event = self.read(|db| load_record(db, m))?;
            let (document, text) = self.document_of_report(m)?;
            let source = record.attribution.first().map(|a| ClaimSource {
                kind: a.kind,
                text: a.text.clone(),
                via: a.via.clone(),
            });
            for c in &record.casualties {
                claims.push(ClaimDetail {
                    report_id: m.clone(),
                    kind: c.kind,
                    low: c.low,
                    high: c.high,
                    qualifier: c.qualifier,
                    group: c.group,
                    text: c.text.clone(),
                    span: c.span,
                    source: source.clone(),
                });
            }
            reports.push(ReportDetail {
                report_id: m.clone(),
                document,
                text,
                evidence: record.evidence.clone(),
                modality: record.modality,
                attribution: record
                    .attribution
                    .iter()
                    .map(|a| AttributionRef {
                        kind: a.kind,
                        text: a.text.clone(),
                        code: a.code.clone(),
                        via: a.via.clone(),
                    })
                    .collect(),
            });
        }
        let reviews = self.reviews_of(&members)?;
        Ok(Some(EventDetail::new(summary, reports, claims, reviews)))
    }

    fn document_of_report(&self, report_id: &str) -> Result<(DocumentRef, String)> {
        let row = self.read(|db| {
            db.row(
                "SELECT d.id, d.title, d.source, d.url, d.date, d.text FROM documents d
                 JOIN reports r ON r.document_id = d.id WHERE r.id = ?1",
                &[SqlValue::from(report_id)],
            )
        })?;
        let row = row.ok_or_else(|| Error::NotFound(format!("document of report {report_id}")))?;
        Ok((
            DocumentRef {
                id: row[0].text().unwrap_or_default(),
                title: row[1].text(),
                source: row[2].text(),
                url: row[3].text(),
                date: row[4].text(),
            },
            row[5].text().unwrap_or_default(),
        ))
    }

    /// Reviews anchored in any of `members`, oldest first.
    fn reviews_of(&self, members: &[String]) -> Result<Vec<ReviewRecord>> {
        let mut out: Vec<(i64, ReviewRecord)> = Vec::new();
        for m in members {
            let rows = self.read(|db| {
                db.rows(
                    "SELECT id, action, reviewer, reason, at, field, value FROM reviews
                     WHERE anchor = ?1",
                    &[SqlValue::from(m)],
                )
            })?;
            for row in rows {
                let value = row[6]
                    .text()
                    .map(|v| serde_json::from_str(&v))
                    .transpose()?;
                out.push((
                    row[0].int().unwrap_or(0),
                    ReviewRecord {
                        action: row[1].text().unwrap_or_default(),
                        reviewer: row[2].text().unwrap_or_default(),
                        reason: row[3].text(),
                        at: row[4].text().unwrap_or_default(),
                        field: row[5].text(),
                        value,
                    },
                ));
            }
        }
        out.sort_by_key(|(id, _)| *id);
        Ok(out.into_iter().map(|(_, r)| r).collect())
    }

    /// `/api/documents/{id}`. `None` when there is no such document.
    ///
    /// # Errors
    /// When the database fails.
    pub fn document(&self, id: &str) -> Result<Option<DocumentView>> {
        self.read(|db| {
            let Some(row) = db.row(
                "SELECT id, title, source, url, date, text FROM documents WHERE id = ?1",
                &[SqlValue::from(id)],
            )?
            else {
                return Ok(None);
            };
            let events = db
                .rows(
                    "SELECT id FROM reports WHERE document_id = ?1 ORDER BY seq",
                    &[SqlValue::from(id)],
                )?
                .into_iter()
                .filter_map(|r| r.first().and_then(SqlValue::text))
                .collect();
            Ok(Some(DocumentView {
                id: row[0].text().unwrap_or_default(),
                title: row[1].text(),
                source: row[2].text(),
                url: row[3].text(),
                date: row[4].text(),
                text: row[5].text().unwrap_or_default(),
                events,
            }))
        })
    }

    /// `/api/stats`: events and killed (sum of best figures) by day, type and country.
    ///
    /// # Errors
    /// [`Error::BadRequest`] for a malformed filter; database failures.
    pub fn stats(&self, filter: &EventFilter) -> Result<Stats> {
        let w = where_of(filter, self.dialect())?;
        let group = |column: &str, extra: &str, order: &str| -> Result<Vec<(String, u64, u64)>> {
            // SUM of BIGINT is NUMERIC in PostgreSQL: cast back to an integer.
            let sql = format!(
                "SELECT {column}, COUNT(*), CAST(COALESCE(SUM(killed), 0) AS BIGINT) FROM events
                 WHERE ({}) {extra} GROUP BY {column} ORDER BY {order}",
                w.clause
            );
            let rows = self.read(|db| db.rows(&sql, &w.params))?;
            Ok(rows
                .into_iter()
                .map(|r| {
                    (
                        r[0].text().unwrap_or_default(),
                        u64::try_from(r[1].int().unwrap_or(0)).unwrap_or(0),
                        u64::try_from(r[2].int().unwrap_or(0)).unwrap_or(0),
                    )
                })
                .collect())
        };
        let mut by_day = group("date", "AND date IS NOT NULL", "1")?;
        by_day.sort();
        let mut by_type = group("type", "", "2 DESC")?;
        by_type.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        let mut by_country = group("COALESCE(country, '')", "", "2 DESC")?;
        by_country.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(Stats {
            by_day: by_day
                .into_iter()
                .map(|(date, events, killed)| DayCount {
                    date,
                    events,
                    killed,
                })
                .collect(),
            by_type: by_type
                .into_iter()
                .map(|(event_type, events, killed)| TypeCount {
                    event_type,
                    events,
                    killed,
                })
                .collect(),
            by_country: by_country
                .into_iter()
                .map(|(country, events, killed)| CountryCount {
                    country,
                    events,
                    killed,
                })
                .collect(),
        })
    }
}
