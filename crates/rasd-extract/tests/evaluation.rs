//! Quality floors on the development set and the seed case, scored by the project's scorer
//! (`../shared/eval/score.py`), against `floors.json`: each figure must stay at or above its
//! ratchet (the last measured value); the gap to the target is printed.
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
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("scorer prints JSON")
}

fn figure(result: &Value, path: &[&str]) -> f64 {
    let mut v = result;
    for p in path {
        v = &v[*p];
    }
    v.as_f64().unwrap_or(0.0)
}

/// Checks every figure of one set against `floors.json`; prints the gap to the issue's
/// targets so a run shows where quality stands.
fn check_floors(set: &str, result: &Value) {
    let floors: Value = serde_json::from_str(include_str!("floors.json")).expect("floors.json");
    let mut failures = Vec::new();
    for (name, floor) in floors[set].as_object().expect("set in floors.json") {
        let path: Vec<&str> = name.splitn(2, '.').collect();
        let got = figure(result, &path);
        let ratchet = floor["ratchet"].as_f64().expect("ratchet");
        let target = floor["target"].as_f64().expect("target");
        let lower = floor["lower_is_better"].as_bool().unwrap_or(false);
        let (below_ratchet, meets_target) = if lower {
            (got > ratchet + 1e-9, got <= target)
        } else {
            (got < ratchet - 1e-9, got >= target)
        };
        println!(
            "{set} {name:<24} {got:.3}  ratchet {ratchet:.3}  target {target:.2} {}",
            if meets_target { "met" } else { "NOT MET" }
        );
        if below_ratchet {
            failures.push(format!("{name} = {got:.3}, ratchet {ratchet:.3}"));
        }
    }
    assert!(failures.is_empty(), "{set}: quality dropped: {failures:?}");
}

#[test]
fn development_set_holds_its_figures() {
    let shared = shared();
    let pred = extract_file(&shared.join("eval/dev/docs.jsonl"), "dev-pred.jsonl");
    let result = score(&shared.join("eval/dev/gold.jsonl"), &pred);
    check_floors("dev", &result);
}

#[test]
fn seed_case_holds_its_figures() {
    let shared = shared();
    let pred = extract_file(&shared.join("seed/aleppo.jsonl"), "seed-pred.jsonl");
    let result = score(&shared.join("seed/aleppo.gold.jsonl"), &pred);
    check_floors("seed", &result);
}
