//! `rasd eval`: score predictions against gold annotations with the project's figures (the
//! same as `../shared/eval/score.py`), extracting the predictions first when given the
//! documents.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use rasd_eval::{doc_of, read_docs, score, table, Figures, ScoredDoc};
use rasd_extract::{Document, Pipeline};
use rayon::prelude::*;
use serde_json::Value;

use crate::{EXIT_FAILURE, EXIT_OK};

/// Score event records against gold annotations.
///
/// `rasd eval GOLD PRED` scores a file of records (`rasd extract -f jsonl` output) against a
/// gold file (the shape of `data/annotations/*.jsonl`); `rasd eval GOLD --docs DOCS` extracts
/// the documents first. GOLD may be a directory: every `*.jsonl` directly in it. Prints the
/// scorer's table (events, strict, casualties, perpetrators, attribution, ...), or its JSON.
#[derive(Debug, clap::Args)]
pub struct EvalArgs {
    /// Gold annotations: a JSON Lines file, or a directory of them
    #[arg(value_name = "GOLD")]
    gold: PathBuf,
    /// Predicted records (JSON Lines); omit with --docs
    #[arg(value_name = "PRED", conflicts_with = "docs")]
    pred: Option<PathBuf>,
    /// Documents (JSON Lines) to extract and score; repeat for several files. Only those with
    /// a gold line are extracted
    #[arg(long, value_name = "FILE")]
    docs: Vec<PathBuf>,
    /// Print the figures as JSON (score.py --json)
    #[arg(long)]
    json: bool,
}

/// Runs `rasd eval` and gives the exit status.
pub fn run(args: EvalArgs) -> u8 {
    match evaluate(&args) {
        Ok(figures) => {
            let text = if args.json {
                serde_json::to_string(&figures).unwrap_or_default() + "\n"
            } else {
                table(&figures)
            };
            // A closed pipe is not an error worth reporting.
            let _ = io::stdout().lock().write_all(text.as_bytes());
            EXIT_OK
        }
        Err(message) => {
            eprintln!("rasd: {message}");
            EXIT_FAILURE
        }
    }
}

fn evaluate(args: &EvalArgs) -> Result<Figures, String> {
    let gold = read_gold(&args.gold)?;
    let pred = match (&args.pred, args.docs.is_empty()) {
        (Some(pred), _) => read_docs(pred).map_err(|e| e.to_string())?,
        (None, false) => {
            let pipeline = Pipeline::new().map_err(|e| e.to_string())?;
            let wanted: Vec<&str> = gold.iter().map(|d| d.id.as_str()).collect();
            let docs = read_documents(&args.docs, &wanted)?;
            extract_all(&pipeline, &docs)
        }
        (None, true) => {
            return Err(
                "give the predictions (PRED) or the documents to extract (--docs FILE)".into(),
            )
        }
    };
    Ok(score(&gold, &pred))
}

/// Gold documents of a file, or of every `*.jsonl` directly in a directory (in name order).
pub(crate) fn read_gold(path: &Path) -> Result<Vec<ScoredDoc>, String> {
    if !path.is_dir() {
        return read_docs(path).map_err(|e| e.to_string());
    }
    let mut files: Vec<PathBuf> = std::fs::read_dir(path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl") && p.is_file())
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(format!("{}: no *.jsonl gold files in it", path.display()));
    }
    let mut docs = Vec::new();
    for f in files {
        docs.extend(read_docs(&f).map_err(|e| e.to_string())?);
    }
    Ok(docs)
}

/// The documents of JSON Lines files whose ids are in `wanted`, in the order of `wanted`.
/// A gold id with no document is an error: its score would silently count as a miss.
pub(crate) fn read_documents(files: &[PathBuf], wanted: &[&str]) -> Result<Vec<Document>, String> {
    let mut found: std::collections::HashMap<String, Document> = Default::default();
    for file in files {
        let text = std::fs::read_to_string(file).map_err(|e| format!("{}: {e}", file.display()))?;
        for (n, line) in text.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let value: Value = serde_json::from_str(line)
                .map_err(|e| format!("{}:{}: not JSON: {e}", file.display(), n + 1))?;
            let doc = Document::from_json(&value, &format!("{}", n + 1))
                .map_err(|e| format!("{}:{}: {e}", file.display(), n + 1))?;
            found.insert(doc.id.clone(), doc);
        }
    }
    wanted
        .iter()
        .map(|id| {
            found
                .remove(*id)
                .ok_or_else(|| format!("gold document {id} is in none of the --docs files"))
        })
        .collect()
}

/// Extracts every document (in parallel, in order) as the scorer reads records.
pub(crate) fn extract_all(pipeline: &Pipeline, docs: &[Document]) -> Vec<ScoredDoc> {
    docs.par_iter()
        .filter_map(|doc| {
            let record = pipeline.extract(doc);
            doc_of(serde_json::to_value(&record).ok()?)
        })
        .collect()
}
