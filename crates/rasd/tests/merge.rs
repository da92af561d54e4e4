//! Merging as a user meets it: three reports of one day in Idlib
//! (`crates/rasd-merge/examples/idlib.jsonl`),
//! an air strike on the market of Ariha told with 12 dead by one outlet and 15 by another,
//! and artillery shelling of Saraqib, 18 km away, with 5 dead. `rasd ingest` stores two events:
//! the Ariha strike with both tolls and their sources, and the Saraqib shelling.

use std::path::Path;

use assert_cmd::Command;
use rasd_store::{EventFilter, Store};
use tempfile::TempDir;

#[test]
fn the_idlib_day_is_two_events() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("rasd.db");
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rasd-merge/examples/idlib.jsonl");
    Command::cargo_bin("rasd")
        .unwrap()
        .args(["ingest", "--db"])
        .arg(&db)
        .arg(&input)
        .assert()
        .success();
    let store = Store::open(db.to_str().unwrap()).unwrap();
    let page = store
        .list_events(&EventFilter::default(), 50, None)
        .unwrap();
    assert_eq!(page.total, 2, "{:#?}", page.events);

    let strike = page
        .events
        .iter()
        .find(|e| e.event.event_type == "air_strike")
        .expect("the Ariha strike");
    assert_eq!(strike.reports, 2);
    let place = strike.event.location.as_ref().unwrap();
    assert_eq!(place.name_en.as_deref(), Some("Arīḩā"));
    let killed = strike.event.killed.unwrap();
    assert_eq!((killed.low, killed.high), (12, 15));
    assert!(strike.event.conflicting);
    let detail = store.get_event(&strike.event.id).unwrap().unwrap();
    let mut claims: Vec<(u64, &str)> = detail
        .claims
        .iter()
        .map(|c| {
            let source = c.source.as_ref().expect("each claim has its source");
            (c.low.unwrap(), source.text.as_str())
        })
        .collect();
    claims.sort();
    // Which kind each source is, is the extractor's decision (the civil defence is an NGO in
    // Syria, a government body in Saudi Arabia); that each toll keeps its own source is the
    // merge's.
    assert_eq!(
        claims,
        [(12, "ناشطون"), (15, "الدفاع المدني")],
        "activists say 12, the civil defence 15"
    );

    let shelling = page
        .events
        .iter()
        .find(|e| e.event.event_type == "shelling")
        .expect("the Saraqib shelling");
    assert_eq!(shelling.reports, 1);
    let place = shelling.event.location.as_ref().unwrap();
    assert_eq!(place.name_en.as_deref(), Some("Saraqib"));
    assert_eq!(shelling.event.killed.map(|k| k.best), Some(5));
    assert!(!shelling.event.conflicting);
}
