//! Annotated corpora for `rasd eval` and `rasd train`: gold files (or directories of them)
//! joined by id with the documents they annotate.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rasd_eval::{doc_of, read_docs, ScoredDoc};
use rasd_extract::{AnnotatedDocument, Document, Pipeline};
use rayon::prelude::*;
use serde_json::Value;

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
    let mut found: HashMap<String, Document> = HashMap::new();
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

/// Ids listed in a file, one per line (`#` starts a comment): documents to leave out.
pub(crate) fn read_ids(path: &Path) -> Result<HashSet<String>, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(text
        .lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect())
}

/// The gold of `gold` (a file or a directory of files) joined with its documents from
/// `docs`, leaving out the ids of `exclude`.
pub(crate) fn annotated(
    gold: &Path,
    docs: &[PathBuf],
    exclude: Option<&Path>,
) -> Result<Vec<AnnotatedDocument>, String> {
    let excluded = match exclude {
        Some(path) => read_ids(path)?,
        None => HashSet::new(),
    };
    let gold: Vec<ScoredDoc> = read_gold(gold)?
        .into_iter()
        .filter(|d| !excluded.contains(&d.id))
        .collect();
    if docs.is_empty() {
        return Err("give the documents the gold annotates (--docs FILE)".into());
    }
    let wanted: Vec<&str> = gold.iter().map(|d| d.id.as_str()).collect();
    let documents = read_documents(docs, &wanted)?;
    Ok(gold
        .into_iter()
        .zip(documents)
        .map(|(g, document)| AnnotatedDocument {
            document,
            events: g.events,
        })
        .collect())
}

/// A pipeline with the models of a model file, or with the shipped models.
pub(crate) fn pipeline_with(model: Option<&Path>) -> Result<Pipeline, String> {
    let Some(path) = model else {
        return Pipeline::new().map_err(|e| e.to_string());
    };
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let models =
        rasd_extract::Models::from_bytes(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut pipeline = Pipeline::rules_only().map_err(|e| e.to_string())?;
    pipeline.set_models(Some(models));
    Ok(pipeline)
}
