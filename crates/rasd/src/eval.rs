//! `rasd eval`: score predictions against gold annotations with the project's figures (the
//! same as `../shared/eval/score.py`), extracting the predictions first when given the
//! documents, or cross-validating the learned decisions over an annotated corpus.

use std::io::{self, Write};
use std::path::PathBuf;

use rasd_eval::{doc_of, read_docs, score, table, Figures, ScoredDoc};
use rasd_extract::{cross_validate_folds, AnnotatedDocument};

use crate::corpus::{annotated, extract_all, pipeline_with, read_gold};
use crate::train::{training_options, DEFAULT_SEED};
use crate::{EXIT_FAILURE, EXIT_OK};

/// Score event records against gold annotations.
///
/// `rasd eval GOLD PRED` scores a file of records (`rasd extract -f jsonl` output) against a
/// gold file (the shape of `data/annotations/*.jsonl`); `rasd eval GOLD --docs DOCS` extracts
/// the documents first (with the shipped models, or `--model FILE`); `rasd eval GOLD --docs
/// DOCS --cv K` trains on all but a K-th of the documents and extracts that K-th, K times, and
/// scores every document once (k-fold cross-validation by article). GOLD may be a directory:
/// every `*.jsonl` directly in it. Prints the scorer's table, or its JSON.
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
    /// Extract with the models of this file (written by `rasd train`) instead of the shipped ones
    #[arg(long, value_name = "FILE", conflicts_with = "cv")]
    model: Option<PathBuf>,
    /// Extract with the hand rules alone, no model (the baseline the models are measured
    /// against)
    #[arg(long, conflicts_with_all = ["cv", "model"])]
    rules: bool,
    /// Cross-validate: train on all folds but one and score the held-out fold, K times
    #[arg(long, value_name = "K", requires = "docs",
          value_parser = clap::value_parser!(u16).range(2..=100))]
    cv: Option<u16>,
    /// With --cv: put each outlet's documents in one fold (how the decisions carry over to
    /// outlets never trained on)
    #[arg(long, requires = "cv")]
    by_source: bool,
    /// With --cv: put the documents of each country (the one most of a document's gold events
    /// are in) in one fold, the largest countries first into the smallest fold (how the
    /// decisions carry over to conflicts never trained on); documents with no gold event are
    /// dealt round-robin
    #[arg(long, requires = "cv", conflicts_with = "by_source")]
    by_country: bool,
    /// With --cv: the first training seed (another seed shows how much of a difference
    /// between two settings is training noise)
    #[arg(long, value_name = "N", requires = "cv", default_value_t = DEFAULT_SEED)]
    seed: u64,
    /// Leave out the gold documents listed in this file (one id a line)
    #[arg(long, value_name = "FILE")]
    exclude: Option<PathBuf>,
    /// Print the figures as JSON (score.py --json)
    #[arg(long)]
    json: bool,
    /// Write the extracted records (JSON Lines) to this file too
    #[arg(long, value_name = "FILE")]
    save: Option<PathBuf>,
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

/// How often each string occurs, in the order of first occurrence.
fn tally<'a>(items: impl Iterator<Item = &'a str>) -> Vec<(&'a str, usize)> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for c in items {
        match counts.iter_mut().find(|(x, _)| *x == c) {
            Some((_, n)) => *n += 1,
            None => counts.push((c, 1)),
        }
    }
    counts
}

/// The country most of a document's gold events are in (the first of equals), if any.
fn main_country(d: &AnnotatedDocument) -> Option<&str> {
    let counts = tally(d.events.iter().filter_map(|e| {
        e.get("location")
            .and_then(|l| l.get("country"))
            .and_then(serde_json::Value::as_str)
            .filter(|c| !c.is_empty())
    }));
    // The first of the most frequent: `max_by_key` would take the last.
    let best = counts.iter().map(|(_, n)| *n).max()?;
    counts.iter().find(|(_, n)| *n == best).map(|(c, _)| *c)
}

/// Folds by country: every country's documents in one fold, the largest countries first
/// into the fold with the fewest documents; documents with no gold event round-robin.
fn country_folds(docs: &[AnnotatedDocument], k: usize) -> Vec<usize> {
    let mut sizes = tally(docs.iter().filter_map(main_country));
    sizes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let mut load = vec![0usize; k];
    let mut fold_of: Vec<(&str, usize)> = Vec::new();
    for (c, n) in sizes {
        let f = (0..k).min_by_key(|&f| (load[f], f)).unwrap_or(0);
        load[f] += n;
        fold_of.push((c, f));
    }
    let mut next = 0;
    docs.iter()
        .map(|d| match main_country(d) {
            Some(c) => fold_of.iter().find(|(x, _)| *x == c).map_or(0, |(_, f)| *f),
            None => {
                next += 1;
                (next - 1) % k
            }
        })
        .collect()
}

fn evaluate(args: &EvalArgs) -> Result<Figures, String> {
    if let Some(k) = args.cv {
        let docs = annotated(&args.gold, &args.docs, args.exclude.as_deref())?;
        // Every fold trains its own models: the shipped ones are not needed (nor loadable
        // while the features change under a developer).
        let mut pipeline = rasd_extract::Pipeline::rules_only().map_err(|e| e.to_string())?;
        let k = usize::from(k);
        let folds: Vec<usize> = if args.by_source {
            let mut sources: Vec<&str> = docs
                .iter()
                .map(|d| d.document.source.as_deref().unwrap_or(""))
                .collect();
            sources.sort_unstable();
            sources.dedup();
            docs.iter()
                .map(|d| {
                    let s = d.document.source.as_deref().unwrap_or("");
                    sources.iter().position(|x| *x == s).unwrap_or(0) % k
                })
                .collect()
        } else if args.by_country {
            country_folds(&docs, k)
        } else {
            (0..docs.len()).map(|i| i % k).collect()
        };
        let records =
            cross_validate_folds(&mut pipeline, &docs, &folds, &training_options(args.seed));
        let gold: Vec<ScoredDoc> = docs
            .iter()
            .map(|d| ScoredDoc {
                id: d.document.id.clone(),
                events: d.events.clone(),
            })
            .collect();
        let pred: Vec<ScoredDoc> = records
            .iter()
            .filter_map(|r| doc_of(serde_json::to_value(r).ok()?))
            .collect();
        save(args, &pred)?;
        return Ok(score(&gold, &pred));
    }
    let gold = read_gold(&args.gold)?;
    let gold = match &args.exclude {
        Some(path) => {
            let excluded = crate::corpus::read_ids(path)?;
            gold.into_iter()
                .filter(|d| !excluded.contains(&d.id))
                .collect()
        }
        None => gold,
    };
    let pred = match (&args.pred, args.docs.is_empty()) {
        (Some(pred), _) => read_docs(pred).map_err(|e| e.to_string())?,
        (None, false) => {
            let pipeline = if args.rules {
                rasd_extract::Pipeline::rules_only().map_err(|e| e.to_string())?
            } else {
                pipeline_with(args.model.as_deref())?
            };
            let wanted: Vec<&str> = gold.iter().map(|d| d.id.as_str()).collect();
            let docs = crate::corpus::read_documents(&args.docs, &wanted)?;
            extract_all(&pipeline, &docs)
        }
        (None, true) => {
            return Err(
                "give the predictions (PRED) or the documents to extract (--docs FILE)".into(),
            )
        }
    };
    save(args, &pred)?;
    Ok(score(&gold, &pred))
}

/// Writes the predictions scored, when asked to.
fn save(args: &EvalArgs, pred: &[ScoredDoc]) -> Result<(), String> {
    let Some(path) = &args.save else {
        return Ok(());
    };
    let mut out = String::new();
    for d in pred {
        let line = serde_json::json!({"doc": {"id": d.id}, "events": d.events});
        out.push_str(&line.to_string());
        out.push('\n');
    }
    std::fs::write(path, out).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::country_folds;
    use rasd_extract::{AnnotatedDocument, Document};
    use serde_json::json;

    fn doc(id: &str, countries: &[&str]) -> AnnotatedDocument {
        AnnotatedDocument {
            document: Document::new(id, "نص"),
            events: countries
                .iter()
                .map(|c| json!({"type": "armed_clash", "location": {"country": c}}))
                .collect(),
        }
    }

    #[test]
    fn a_country_is_in_one_fold_and_the_largest_go_first_to_the_smallest_folds() {
        let docs = vec![
            doc("a", &["YE"]),
            doc("b", &["SY"]),
            doc("c", &["YE", "SA"]),
            doc("d", &["SA", "SA", "YE"]),
            doc("e", &[]),
            doc("f", &["YE"]),
            doc("g", &[]),
        ];
        let folds = country_folds(&docs, 2);
        // YE (a, c, f: c's first of equals is YE) fills fold 0; SA (d) and SY (b) fold 1.
        assert_eq!(&folds[..4], &[0, 1, 0, 1]);
        assert_eq!(folds[5], 0);
        // Documents with no event are dealt round-robin.
        assert_eq!((folds[4], folds[6]), (0, 1));
    }
}
