//! Quality floors on the development set and the seed case, scored by the project's scorer
//! (`../shared/eval/score.py`). These tests fail when extraction quality drops below what the
//! issue accepts; the figures are printed so a run shows where quality stands.
//!
//! They need `python3` and the `shared/` folder beside the repository, as CI has.

use rasd_extract::{Document, Pipeline};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn shared() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared");
    assert!(
        dir.join("eval/score.py").exists(),
        "the shared/ folder (spec, scorer, gold) must sit beside the repository: {}",
        dir.display()
    );
    dir
}

/// Extracts every document of a JSON Lines file and writes the predictions next to the
/// test's temporary directory; returns the path of the predictions.
fn extract_file(docs: &Path, out_name: &str) -> PathBuf {
    let pipeline = Pipeline::new().expect("pipeline");
    let input = std::fs::read_to_string(docs).expect("read docs");
    let mut lines = Vec::new();
    for (n, line) in input.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line).expect("docs are JSON Lines");
        let doc = Document::from_json(&value, &(n + 1).to_string()).expect("document");
        let record = pipeline.extract(&doc);
        lines.push(serde_json::to_string(&record).expect("serialize"));
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"));
    let out = dir.join(out_name);
    std::fs::write(&out, lines.join("\n") + "\n").expect("write predictions");
    out
}

fn score(gold: &Path, pred: &Path) -> Value {
    let scorer = shared().join("eval/score.py");
    let check = Command::new("python3")
        .arg(&scorer)
        .arg("--check")
        .arg(pred)
        .output()
        .expect("python3 runs");
    assert!(
        check.status.success(),
        "score.py --check finds problems:\n{}",
        String::from_utf8_lossy(&check.stdout)
    );
    let out = Command::new("python3")
        .arg(&scorer)
        .arg(gold)
        .arg(pred)
        .arg("--json")
        .output()
        .expect("python3 runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).expect("scorer prints JSON")
}

fn figure(result: &Value, path: &[&str]) -> f64 {
    let mut v = result;
    for p in path {
        v = &v[*p];
    }
    v.as_f64().unwrap_or(0.0)
}

#[test]
fn development_set_meets_the_floors() {
    let shared = shared();
    let pred = extract_file(&shared.join("eval/dev/docs.jsonl"), "dev-pred.jsonl");
    let result = score(&shared.join("eval/dev/gold.jsonl"), &pred);
    println!("{}", serde_json::to_string_pretty(&result).unwrap());
    let floors: &[(&[&str], f64)] = &[
        (&["events", "f1"], 0.70),
        (&["strict", "f1"], 0.35),
        (&["casualties", "f1"], 0.75),
        (&["location@25km", "accuracy"], 0.75),
        (&["date", "accuracy"], 0.80),
        (&["perpetrator", "accuracy"], 0.60),
    ];
    let mut failures = Vec::new();
    for (path, floor) in floors {
        let got = figure(&result, path);
        if got < *floor {
            failures.push(format!("{} = {got:.3} < {floor}", path.join(".")));
        }
    }
    let false_alarm = figure(&result, &["false_alarm", "accuracy"]);
    if false_alarm > 0.15 {
        failures.push(format!("false_alarm = {false_alarm:.3} > 0.15"));
    }
    assert!(failures.is_empty(), "below the floors: {failures:?}");
}

#[test]
fn seed_case_meets_the_floors() {
    let shared = shared();
    let pred = extract_file(&shared.join("seed/aleppo.jsonl"), "seed-pred.jsonl");
    let result = score(&shared.join("seed/aleppo.gold.jsonl"), &pred);
    println!("{}", serde_json::to_string_pretty(&result).unwrap());
    let events = figure(&result, &["events", "f1"]);
    let casualties = figure(&result, &["casualties", "f1"]);
    assert!(events >= 0.85, "seed events F1 {events:.3} < 0.85");
    assert!(casualties >= 0.80, "seed casualties F1 {casualties:.3} < 0.80");
}
