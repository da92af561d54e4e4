use rasd_extract::{Document, DocumentRecord};
use serde_json::json;

use super::*;

/// A fresh, empty PostgreSQL database on the server `RASD_TEST_POSTGRES` names (`.ci/run`
/// starts one with `scripts/pg-test-server.sh`), opened as a store.
fn postgres_store(name: &str) -> Store {
    let admin = std::env::var("RASD_TEST_POSTGRES")
        .expect("RASD_TEST_POSTGRES must name a PostgreSQL server (see scripts/pg-test-server.sh)");
    let mut client = postgres::Client::connect(&admin, postgres::NoTls).unwrap();
    let database = format!("rasd_test_{name}");
    client
        .batch_execute(&format!("DROP DATABASE IF EXISTS {database}"))
        .unwrap();
    client
        .batch_execute(&format!("CREATE DATABASE {database}"))
        .unwrap();
    let base = admin
        .rsplit_once('/')
        .map_or(admin.as_str(), |(base, _)| base);
    Store::open(&format!("{base}/{database}")).unwrap()
}

/// Each scenario runs on SQLite, and on PostgreSQL when asked for (`cargo test -- --ignored`
/// with `RASD_TEST_POSTGRES` set, as `.ci/run` does).
macro_rules! on_both {
    ($($scenario:ident),* $(,)?) => {$(
        mod $scenario {
            #[test]
            fn sqlite() {
                super::$scenario(&|_| super::Store::open_in_memory().unwrap());
            }

            #[test]
            #[ignore = "needs RASD_TEST_POSTGRES (.ci/run starts a server)"]
            fn postgres() {
                super::$scenario(&|name| {
                    super::postgres_store(&format!("{}_{name}", stringify!($scenario)))
                });
            }
        }
    )*};
}

on_both!(
    ingest_merges_and_is_idempotent,
    a_changed_document_replaces_its_own_reports_only,
    merging_does_not_depend_on_ingest_order,
    search_folds_harakat_hamza_and_proclitics,
    filters_pages_and_stats,
    date_ranges_and_search_with_other_filters,
    reviews_split_merge_and_survive_reingest,
);

/// A document with one air strike on Aleppo on `date`, `killed` civilians killed.
fn doc(id: &str, date: &str, body: &str, killed: Option<u64>) -> (Document, DocumentRecord) {
    let mut d = Document::new(id, body);
    d.date = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").ok();
    d.source = Some("outlet".into());
    let casualties: Vec<serde_json::Value> = killed
        .map(|n| {
            json!({"kind": "killed", "low": n, "high": n, "qualifier": "exact",
                        "group": "civilians", "text": n.to_string(), "span": [0, 2]})
        })
        .into_iter()
        .collect();
    let record = json!({
        "format": 1,
        "doc": {"id": id, "date": date, "source": "outlet", "url": null, "chars": body.chars().count()},
        "events": [{
            "id": format!("{id}#1"), "type": "air_strike",
            "acled": {"event_type": "Explosions/Remote violence", "sub_event_type": "Air/drone strike"},
            "cameo": "195", "detail": null,
            "date": {"value": date, "precision": "day", "text": null, "span": null},
            "location": {"name": "حلب", "name_en": "Aleppo", "country": "SY", "admin1": "Aleppo",
                         "lat": 36.2, "lon": 37.16, "precision": "town", "gazetteer_id": null, "span": null},
            "actors": [{"role": "perpetrator", "text": "الطيران الروسي", "name": "Russian Air Force",
                        "code": "RUSMIL", "span": null}],
            "casualties": casualties,
            "attribution": [{"kind": "monitor", "text": "المرصد", "code": null, "via": null, "span": null}],
            "modality": "reported", "evidence": [[0, 5]], "confidence": 0.8
        }]
    });
    (d, serde_json::from_value(record).unwrap())
}

fn ingest(store: &mut Store, docs: &[(Document, DocumentRecord)]) -> IngestOutcome {
    let batch: Vec<NewDocument<'_>> = docs
        .iter()
        .map(|(doc, record)| NewDocument { doc, record })
        .collect();
    store.ingest(&batch).unwrap()
}

fn corpus() -> Vec<(Document, DocumentRecord)> {
    vec![
        doc("a", "2016-12-12", "قُتِلَ 10 مدنيين في غارة على حلب", Some(10)),
        doc("b", "2016-12-12", "مقتل 12 مدنيا بغارات على حلب", Some(12)),
        doc("c", "2016-12-13", "غارة روسية على حلب تقتل 12", Some(12)),
        doc("d", "2016-12-20", "قصف في إدلب", None),
    ]
}

fn ingest_merges_and_is_idempotent(open: &dyn Fn(&str) -> Store) {
    let mut store = open("store");
    let outcome = ingest(&mut store, &corpus());
    assert_eq!(outcome.inserted, 4);
    assert_eq!(outcome.reports, 4);
    let counts = store.counts().unwrap();
    assert_eq!(counts.events, 2);
    assert_eq!(counts.merged, 1);
    assert_eq!(counts.conflicting, 1);
    let before = store.canonical_dump().unwrap();
    let again = ingest(&mut store, &corpus());
    assert_eq!(again.unchanged, 4);
    assert_eq!(store.canonical_dump().unwrap(), before);

    let page = store
        .list_events(&EventFilter::default(), 50, None)
        .unwrap();
    assert_eq!(page.total, 2);
    let big = page.events.iter().find(|e| e.reports == 3).unwrap();
    assert_eq!(
        big.event.killed.map(|k| (k.low, k.best, k.high)),
        Some((10, 12, 12))
    );
    assert!(big.event.conflicting);
    let detail = store.get_event(&big.event.id).unwrap().unwrap();
    assert_eq!(detail.report_count, 3);
    assert_eq!(detail.claims.len(), 3);
    assert_eq!(
        detail.claims[0].source.as_ref().map(|s| s.kind.as_str()),
        Some("monitor")
    );
    let value = serde_json::to_value(&detail).unwrap();
    assert!(value["reports"].is_array());
    let value = serde_json::to_value(big).unwrap();
    assert_eq!(value["reports"], 3);
    assert_eq!(value["type"], "air_strike");
    assert_eq!(value["review"]["status"], "unreviewed");
}

fn a_changed_document_replaces_its_own_reports_only(open: &dyn Fn(&str) -> Store) {
    let mut store = open("store");
    ingest(&mut store, &corpus());
    let mut changed = corpus();
    changed.truncate(1);
    changed[0] = doc("a", "2016-12-12", "قتل 30 مدنيا في حلب", Some(30));
    let outcome = ingest(&mut store, &changed);
    assert_eq!(outcome.replaced, 1);
    let mut expected = open("expected");
    let mut all = corpus();
    all[0] = changed[0].clone();
    ingest(&mut expected, &all);
    assert_eq!(
        store.canonical_dump().unwrap(),
        expected.canonical_dump().unwrap()
    );
    // The search indexes, which the dump cannot show, followed the re-merge too: every event
    // has the Russian air force; all but Idlib's (d) have حلب in their text.
    let events = store.counts().unwrap().events;
    for (filter, matches) in [
        (
            EventFilter {
                actor: Some("russian".into()),
                ..EventFilter::default()
            },
            events,
        ),
        (
            EventFilter {
                q: Some("حلب".into()),
                ..EventFilter::default()
            },
            events - 1,
        ),
    ] {
        let total = |s: &Store| s.list_events(&filter, 10, None).unwrap().total;
        assert_eq!(total(&store), matches);
        assert_eq!(total(&expected), matches);
    }
}

fn merging_does_not_depend_on_ingest_order(open: &dyn Fn(&str) -> Store) {
    let mut forward = open("forward");
    for d in corpus() {
        ingest(&mut forward, &[d]);
    }
    let mut backward = open("backward");
    let mut reversed = corpus();
    reversed.reverse();
    ingest(&mut backward, &reversed[..2]);
    ingest(&mut backward, &reversed[2..]);
    assert_eq!(
        forward.canonical_dump().unwrap(),
        backward.canonical_dump().unwrap()
    );
}

fn search_folds_harakat_hamza_and_proclitics(open: &dyn Fn(&str) -> Store) {
    let mut store = open("store");
    ingest(&mut store, &corpus());
    let find = |q: &str| {
        let filter = EventFilter {
            q: Some(q.into()),
            ..EventFilter::default()
        };
        store.list_events(&filter, 10, None).unwrap().total
    };
    assert_eq!(find("قتل"), 1, "قُتِلَ in a");
    assert_eq!(find("ادلب"), 1, "إدلب in d");
    assert_eq!(find("إدلب"), 1);
    assert_eq!(find("الغارة"), 1);
    assert_eq!(find("بيروت"), 0);
    assert_eq!(find("!!"), 0);
    // Words match by stem, quoted phrases word for word and in order.
    assert_eq!(find("قتلوا"), 1, "قُتِلَ in a");
    assert_eq!(find("الغارات"), 1);
    assert_eq!(find("\"في إدلب\""), 1);
    assert_eq!(find("\"إدلب في\""), 0);
    assert_eq!(find("\"حلب\" قصف"), 0);
    assert_eq!(find("\"القصف\" ادلب"), 1);
}

fn filters_pages_and_stats(open: &dyn Fn(&str) -> Store) {
    let mut store = open("store");
    ingest(&mut store, &corpus());
    let mut filter = EventFilter {
        sort: Some(Sort::Date),
        ..EventFilter::default()
    };
    let first = store.list_events(&filter, 1, None).unwrap();
    assert_eq!(first.events.len(), 1);
    assert_eq!(first.events[0].event.date.as_deref(), Some("2016-12-12"));
    let second = store
        .list_events(&filter, 1, first.next_cursor.as_deref())
        .unwrap();
    assert_eq!(second.events[0].event.date.as_deref(), Some("2016-12-20"));
    assert_eq!(second.next_cursor, None);
    filter.min_killed = Some(11);
    assert_eq!(store.list_events(&filter, 10, None).unwrap().total, 1);
    filter.min_killed = None;
    filter.actor = Some("rusmil".into());
    assert_eq!(store.list_events(&filter, 10, None).unwrap().total, 2);
    filter.actor = Some("Russian".into());
    assert_eq!(store.list_events(&filter, 10, None).unwrap().total, 2);
    // Any part of a name, in any case; short parts too; quotes are text.
    for (part, expected) in [
        ("SSIAN AIR", 2),
        ("الروسي", 2),
        ("ru", 2),
        ("\"ru", 0),
        ("xyz", 0),
    ] {
        filter.actor = Some(part.into());
        assert_eq!(
            store.list_events(&filter, 10, None).unwrap().total,
            expected,
            "{part}"
        );
    }
    filter.actor = None;
    filter.bbox = Some([37.0, 36.0, 37.3, 36.3]);
    assert_eq!(store.list_events(&filter, 10, None).unwrap().total, 2);
    filter.from = Some("2016-12-13".into());
    assert_eq!(store.list_events(&filter, 10, None).unwrap().total, 1);
    assert!(matches!(
        store.list_events(&filter, 0, None),
        Err(Error::BadRequest(_))
    ));
    filter.from = Some("12/12/2016".into());
    assert!(matches!(
        store.list_events(&filter, 10, None),
        Err(Error::BadRequest(_))
    ));
    let stats = store.stats(&EventFilter::default()).unwrap();
    assert_eq!(stats.by_type[0].events, 2);
    assert_eq!(stats.by_day.len(), 2);
    let mut csv = Vec::new();
    let n = store
        .export(&EventFilter::default(), ExportFormat::Csv, &mut csv)
        .unwrap();
    assert_eq!(n, 2);
    assert!(String::from_utf8(csv)
        .unwrap()
        .starts_with("event_id_cnty,"));
    let mut geo = Vec::new();
    store
        .export(&EventFilter::default(), ExportFormat::Geojson, &mut geo)
        .unwrap();
    let geo: serde_json::Value = serde_json::from_slice(&geo).unwrap();
    assert_eq!(geo["features"].as_array().map(Vec::len), Some(2));
    let health = store.health().unwrap();
    assert_eq!(
        (health.documents, health.events, health.schema_version),
        (4, 2, SCHEMA_VERSION)
    );
    let view = store.document("a").unwrap().unwrap();
    assert_eq!(view.events, vec!["a#1"]);
    assert!(store.document("zz").unwrap().is_none());
}

/// `doc` with no date for its event (the article's date stays).
fn undated(id: &str, body: &str) -> (Document, DocumentRecord) {
    let (d, record) = doc(id, "2016-12-14", body, None);
    let mut value = serde_json::to_value(&record).unwrap();
    value["events"][0]["date"]["value"] = serde_json::Value::Null;
    (d, serde_json::from_value(value).unwrap())
}

fn date_ranges_and_search_with_other_filters(open: &dyn Fn(&str) -> Store) {
    let mut store = open("store");
    let mut docs = corpus();
    docs.push(undated("e", "قصف على حلب"));
    ingest(&mut store, &docs);
    let ids = |filter: &EventFilter| -> Vec<Option<String>> {
        // Pages of one event, so every step goes through a cursor.
        let mut dates = Vec::new();
        let mut cursor = None;
        loop {
            let page = store.list_events(filter, 1, cursor.as_deref()).unwrap();
            assert!(dates.len() < 10, "paging does not end");
            dates.extend(page.events.iter().map(|e| e.event.date.clone()));
            cursor = page.next_cursor;
            if cursor.is_none() {
                assert_eq!(page.total as usize, dates.len());
                return dates;
            }
        }
    };
    let day = |d: &str| Some(d.to_owned());
    let mut filter = EventFilter {
        sort: Some(Sort::Date),
        ..EventFilter::default()
    };
    // The event with no date sorts first and is in no date range.
    assert_eq!(
        ids(&filter),
        vec![None, day("2016-12-12"), day("2016-12-20")]
    );
    filter.to = Some("2016-12-31".into());
    assert_eq!(ids(&filter), vec![day("2016-12-12"), day("2016-12-20")]);
    filter.to = Some("2016-12-12".into());
    assert_eq!(ids(&filter), vec![day("2016-12-12")]);
    filter.to = None;
    filter.from = Some("2016-12-13".into());
    filter.sort = Some(Sort::DateDesc);
    assert_eq!(ids(&filter), vec![day("2016-12-20")]);
    filter.from = Some("2000-01-01".into());
    filter.sort = Some(Sort::KilledDesc);
    assert_eq!(ids(&filter).len(), 2);

    // Text search beside other filters: قصف is in d (Idlib, 20 December) and e (no date).
    let mut filter = EventFilter {
        q: Some("القصف".into()),
        ..EventFilter::default()
    };
    assert_eq!(ids(&filter).len(), 2);
    filter.from = Some("2016-12-01".into());
    assert_eq!(ids(&filter), vec![day("2016-12-20")]);
    filter.from = None;
    filter.min_killed = Some(1);
    assert!(ids(&filter).is_empty());
    // A word of a merged event's second report finds the event once.
    let filter = EventFilter {
        q: Some("بغارات".into()),
        ..EventFilter::default()
    };
    assert_eq!(ids(&filter), vec![day("2016-12-12")]);
}

fn review(action: &str) -> Review {
    Review {
        action: action.into(),
        reviewer: "tester".into(),
        reason: Some("because".into()),
        field: None,
        value: None,
        reports: None,
        other: None,
    }
}

fn reviews_split_merge_and_survive_reingest(open: &dyn Fn(&str) -> Store) {
    let mut store = open("store");
    ingest(&mut store, &corpus());
    let page = store
        .list_events(&EventFilter::default(), 50, None)
        .unwrap();
    let big = page
        .events
        .iter()
        .find(|e| e.reports == 3)
        .unwrap()
        .event
        .id
        .clone();
    let small = page
        .events
        .iter()
        .find(|e| e.reports == 1)
        .unwrap()
        .event
        .id
        .clone();

    let confirmed = store.review(&big, &review("confirm")).unwrap();
    assert_eq!(confirmed.review.status, "confirmed");

    let mut correct = review("correct");
    correct.field = Some("date".into());
    correct.value = Some(json!("2016-12-11"));
    let corrected = store.review(&big, &correct).unwrap();
    assert_eq!(corrected.review.status, "corrected");
    assert_eq!(corrected.event.date.as_deref(), Some("2016-12-11"));
    correct.value = Some(json!("yesterday"));
    assert!(matches!(
        store.review(&big, &correct),
        Err(Error::BadRequest(_))
    ));

    let mut split = review("split");
    split.reports = Some(vec!["c#1".into()]);
    let kept = store.review(&big, &split).unwrap();
    assert_eq!(kept.reports, 2);
    assert_eq!(store.counts().unwrap().events, 3);
    // The split survives re-ingesting a changed document of the event.
    let mut changed = corpus();
    changed[1] = doc("b", "2016-12-12", "مقتل 13 مدنيا بغارات على حلب", Some(13));
    ingest(&mut store, &changed[1..2]);
    assert_eq!(store.counts().unwrap().events, 3);

    let mut merge = review("merge");
    merge.other = Some(small.clone());
    let merged = store.review(&kept.event.id, &merge).unwrap();
    assert_eq!(merged.reports, 3);
    let detail = store.get_event(&merged.event.id).unwrap().unwrap();
    assert!(detail.reviews.iter().any(|r| r.action == "merge"));
    assert!(matches!(
        store.review("e-none", &review("confirm")),
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        store.review(&merged.event.id, &review("approve")),
        Err(Error::BadRequest(_))
    ));
}

#[test]
fn reopening_keeps_the_schema() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rasd.db");
    let path = path.to_str().unwrap();
    {
        let mut store = Store::open(path).unwrap();
        ingest(&mut store, &corpus());
    }
    let store = Store::open(path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.counts().unwrap().documents, 4);
    // Nothing listens on port 1: a one-line error, no panic.
    assert!(matches!(
        Store::open("postgres://rasd@127.0.0.1:1/none"),
        Err(Error::Postgres(_))
    ));
}

/// A database of schema version 2 (before event_reports.search_key and document_stems) upgrades
/// in place, and text search, by stem and by phrase, finds its events afterwards.
#[test]
fn a_version_2_database_upgrades_and_search_still_finds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rasd.db");
    let path = path.to_str().unwrap();
    {
        let mut store = Store::open(path).unwrap();
        ingest(&mut store, &corpus());
    }
    {
        // Back to what version 2 wrote: no search key, no version-3 indexes, no stems
        // (version 4), no representative column (version 5), no type conflict column
        // (version 6).
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.execute_batch(
            "DROP INDEX event_reports_search;
             DROP TABLE event_actor_search;
             ALTER TABLE event_reports DROP COLUMN search_key;
             DROP TABLE document_stems;
             ALTER TABLE events DROP COLUMN representative;
             ALTER TABLE events DROP COLUMN conflicting_types;
             DELETE FROM schema_version WHERE version > 2;",
        )
        .unwrap();
    }
    let store = Store::open(path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    {
        // Version 5 filled every event's representative from its merged JSON.
        let conn = rusqlite::Connection::open(path).unwrap();
        let missing: i64 = conn
            .query_row(
                "SELECT COUNT(*) FROM events WHERE representative IS NULL
                 OR representative NOT IN (SELECT id FROM reports)",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(missing, 0);
    }
    let find = |q: &str| {
        let filter = EventFilter {
            q: Some(q.into()),
            ..EventFilter::default()
        };
        store.list_events(&filter, 10, None).unwrap().total
    };
    assert_eq!(find("قتل"), 1);
    assert_eq!(find("\"قتل\""), 1);
    assert_eq!(find("ادلب"), 1);
}

/// A database merged under an earlier merge rule (schema 5, 6) is re-merged when it is opened:
/// every report's flat view is read again from its record and every block merged again. Here
/// the stale store has lost its events and its reports' date basis; opening it restores both,
/// exactly as a fresh ingest writes them.
#[test]
fn a_database_of_the_first_merge_rule_is_merged_again() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("rasd.db");
    let path = path.to_str().unwrap();
    let fresh = {
        let mut store = Store::open(path).unwrap();
        ingest(&mut store, &corpus());
        store.canonical_dump().unwrap()
    };
    {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.execute_batch(
            "DELETE FROM event_reports;
             DELETE FROM event_actor_search;
             DELETE FROM events;
             UPDATE reports SET report = json_remove(report, '$.date_basis');
             ALTER TABLE events DROP COLUMN conflicting_types;
             DELETE FROM schema_version WHERE version > 5;",
        )
        .unwrap();
    }
    let store = Store::open(path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.canonical_dump().unwrap(), fresh);
    assert_eq!(store.counts().unwrap().events, 2);
    drop(store);
    // Schema 6 wrote flat views without the place's first-level division.
    {
        let conn = rusqlite::Connection::open(path).unwrap();
        conn.execute_batch(
            "UPDATE reports SET report = json_remove(report, '$.admin1');
             DELETE FROM schema_version WHERE version > 6;",
        )
        .unwrap();
    }
    let store = Store::open(path).unwrap();
    assert_eq!(store.schema_version().unwrap(), SCHEMA_VERSION);
    assert_eq!(store.canonical_dump().unwrap(), fresh);
    let admin1: i64 = rusqlite::Connection::open(path)
        .unwrap()
        .query_row(
            "SELECT COUNT(*) FROM reports WHERE json_extract(report, '$.admin1') IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(admin1 > 0, "flat views read again with their admin1");
}
