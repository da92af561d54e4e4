//! The shipped model is what `rasd train` makes of the annotated corpus: training again on
//! `data/annotations/` gives `data/model/rasd.model` bit for bit (`scripts/train.sh`), and a
//! model file given with `--model` is the one used.

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rasd() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rasd"))
}

fn train(out: &Path) {
    let repo = repo();
    let status = rasd()
        .arg("train")
        .arg(repo.join("data/annotations"))
        .arg("--docs")
        .arg(repo.join("../shared/eval/pool/docs.jsonl"))
        .arg("--exclude")
        .arg(repo.join("data/annotations/held-out.txt"))
        .arg("--out")
        .arg(out)
        .status()
        .expect("rasd train runs");
    assert!(status.success(), "rasd train failed");
}

#[test]
fn training_on_the_corpus_reproduces_the_shipped_model() {
    let dir = TempDir::new().unwrap();
    let out = dir.path().join("retrained.model");
    train(&out);
    let fresh = std::fs::read(&out).unwrap();
    let shipped = std::fs::read(repo().join("data/model/rasd.model")).unwrap();
    assert!(
        fresh == shipped,
        "the shipped model is not what `rasd train` makes of data/annotations: run scripts/train.sh"
    );
}

#[test]
fn extract_uses_the_model_it_is_given() {
    let seed = repo().join("../shared/seed/aleppo.jsonl");
    let run = |model: Option<&Path>| {
        let mut cmd = rasd();
        cmd.args(["extract", "-f", "jsonl"]).arg(&seed);
        if let Some(m) = model {
            cmd.arg("--model").arg(m);
        }
        let out = cmd.output().expect("rasd extract runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        out.stdout
    };
    // The shipped model given as a file decides as the embedded one does.
    let shipped = repo().join("data/model/rasd.model");
    assert_eq!(run(None), run(Some(&shipped)));
    // A file that is no model is refused with its name, before any document is read.
    let dir = TempDir::new().unwrap();
    let bad = dir.path().join("not-a-model");
    std::fs::write(&bad, b"not a model").unwrap();
    let out = rasd()
        .args(["extract", "-f", "jsonl", "--model"])
        .arg(&bad)
        .arg(&seed)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(said.contains("not-a-model"), "{said}");
    assert!(out.stdout.is_empty());
}
