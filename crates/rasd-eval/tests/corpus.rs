//! The annotated corpus (`data/annotations/`) is whole and valid: pool articles from the first,
//! in order, none skipped (at least 400), every tenth read a second time (at least 40), and `score.py --check` finds no
//! problem in any file. Needs `python3` and the `shared/` folder beside the repository.

use rasd_eval::read_docs;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn batches() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(repo().join("data/annotations"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    files
}

#[test]
fn the_corpus_is_the_pool_articles_from_the_first_in_order() {
    let ids: Vec<String> = batches()
        .iter()
        .flat_map(|f| read_docs(f).unwrap())
        .map(|d| d.id)
        .collect();
    assert!(ids.len() >= 400, "{} articles", ids.len());
    let expected: Vec<String> = (1..=ids.len())
        .map(|n| format!("snn-pool-{n:04}"))
        .collect();
    assert_eq!(ids, expected);
    let second: Vec<String> =
        read_docs(&repo().join("data/annotations/agreement/second-reading.jsonl"))
            .unwrap()
            .into_iter()
            .map(|d| d.id)
            .collect();
    let every_tenth: Vec<String> = (1..=40)
        .map(|n| format!("snn-pool-{:04}", n * 10))
        .collect();
    assert_eq!(second, every_tenth);
    let second_2: Vec<String> =
        read_docs(&repo().join("data/annotations/agreement/second-reading-2.jsonl"))
            .unwrap()
            .into_iter()
            .map(|d| d.id)
            .collect();
    let every_tenth_2: Vec<String> = (41..=72)
        .map(|n| format!("snn-pool-{:04}", n * 10))
        .collect();
    assert_eq!(second_2, every_tenth_2);
}

#[test]
fn score_py_finds_no_problem_in_any_file() {
    let scorer = repo().join("../shared/eval/score.py");
    let mut files = batches();
    files.push(repo().join("data/annotations/agreement/second-reading.jsonl"));
    files.push(repo().join("data/annotations/agreement/second-reading-2.jsonl"));
    for f in files {
        let out = Command::new("python3")
            .arg(&scorer)
            .arg("--check")
            .arg(&f)
            .output()
            .expect("python3 runs");
        let said = String::from_utf8_lossy(&out.stdout);
        assert!(
            out.status.success() && said.trim() == "0 problems",
            "{}: {said}",
            f.display()
        );
    }
}
