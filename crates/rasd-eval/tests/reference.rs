//! The port agrees with the reference scorer (`../shared/eval/score.py`) figure for figure, on
//! the development gold scored against altered copies of itself (events dropped, retyped,
//! moved, redated, perpetrators and sources changed, casualty figures shifted) and against the
//! seed's. Needs `python3` and the `shared/` folder beside the repository, as CI has.

use rasd_eval::{read_docs, score};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

fn shared() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared")
}

/// A deterministic alteration of gold: the n-th event of the file is changed by the n-th rule.
fn alter(gold: &str) -> String {
    let mut n = 0usize;
    let mut out = String::new();
    for line in gold.lines().filter(|l| !l.trim().is_empty()) {
        let mut doc: Value = serde_json::from_str(line).unwrap();
        let events = doc["events"].as_array().cloned().unwrap_or_default();
        let mut kept = Vec::new();
        for mut ev in events {
            n += 1;
            match n % 9 {
                0 => continue,
                1 => ev["type"] = json!("shelling"),
                2 => {
                    if let Some(lat) = ev["location"]["lat"].as_f64() {
                        ev["location"]["lat"] = json!(lat + 0.3);
                    }
                }
                3 => ev["date"] = json!({"value": "2015-07-01"}),
                4 => ev["actors"] = json!([{"role": "perpetrator", "code": "UAF"}]),
                5 => ev["attribution"] = json!([{"kind": "official"}, {"kind": "media"}]),
                6 => {
                    if let Some(c) = ev["casualties"].as_array_mut().and_then(|c| c.first_mut()) {
                        c["low"] = json!(c["low"].as_i64().map(|x| x + 1));
                        c["group"] = json!("unknown");
                    }
                }
                7 => ev["location"] = Value::Null,
                _ => {}
            }
            kept.push(ev);
        }
        if n.is_multiple_of(5) {
            kept.push(json!({"type": "armed_clash", "date": {"value": doc["date"]}}));
        }
        doc["events"] = Value::Array(kept);
        // Every seventh document is missing from the predictions.
        if n % 7 != 3 {
            out.push_str(&serde_json::to_string(&doc).unwrap());
            out.push('\n');
        }
    }
    out
}

fn reference(gold: &Path, pred: &Path) -> Value {
    let out = Command::new("python3")
        .arg(shared().join("eval/score.py"))
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
    serde_json::from_slice(&out.stdout).unwrap()
}

fn assert_same(gold: &Path, pred: &Path) {
    let expected = reference(gold, pred);
    let got =
        serde_json::to_value(score(&read_docs(gold).unwrap(), &read_docs(pred).unwrap())).unwrap();
    let (e, g) = (expected.as_object().unwrap(), got.as_object().unwrap());
    assert_eq!(
        e.keys().collect::<Vec<_>>().len(),
        g.keys().collect::<Vec<_>>().len()
    );
    for (name, want) in e {
        let have = &g[name];
        match (want, have) {
            (Value::Object(w), Value::Object(h)) => {
                for (k, wv) in w {
                    let hv = &h[k];
                    let close = match (wv.as_f64(), hv.as_f64()) {
                        (Some(a), Some(b)) => (a - b).abs() < 1e-9,
                        _ => wv == hv,
                    };
                    assert!(close, "{name}.{k}: score.py {wv}, port {hv}");
                }
            }
            _ => assert_eq!(want, have, "{name}"),
        }
    }
}

#[test]
fn the_port_scores_as_score_py_does() {
    let dir = tempfile_dir();
    let gold = shared().join("eval/dev/gold.jsonl");
    let altered = dir.join("altered.jsonl");
    std::fs::write(&altered, alter(&std::fs::read_to_string(&gold).unwrap())).unwrap();
    assert_same(&gold, &altered);
    assert_same(&altered, &gold);
    assert_same(&gold, &gold);
    let seed = shared().join("seed/aleppo.gold.jsonl");
    assert_same(&seed, &gold);
    assert_same(&gold, &seed);
}

fn tempfile_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rasd-eval-reference");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
