//! `rasd ingest`: read documents, extract their events (as `rasd extract` does) and store them,
//! with merged events, in a database.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{self, IsTerminal};
use std::path::PathBuf;
use std::time::Instant;

use chrono::NaiveDate;
use indicatif::ProgressBar;
use rasd_extract::{Document, Pipeline};
use rasd_store::{IngestOutcome, NewDocument, Store};

use crate::extract::{extract_in_order, parse_date_arg, say, start, FileMessages, Start};
use crate::input::{self, Consumer, Stop};
use crate::progress::{self, ByteCount};
use crate::{EXIT_FAILURE, EXIT_OK, EXIT_SKIPPED};

/// Extract events from Arabic news articles and store them, merged across documents.
///
/// Reads the inputs `rasd extract` reads. Each batch of documents is written in one
/// transaction together with the re-merged events it affects, so an interrupted run (even
/// `kill -9`) leaves whole batches only; running the same command again finishes the job.
/// Documents already stored with the same content are skipped without extraction; a changed
/// document replaces its own records.
///
/// Exit status: 0 when every document was stored, 2 when some inputs were skipped (each named
/// on stderr), 1 on a usage error or when the database cannot be opened or written.
#[derive(Debug, clap::Args)]
pub struct IngestArgs {
    /// SQLite database file (created when missing), or a postgres://user@host:port/db address
    #[arg(long, value_name = "PATH_OR_URL", default_value = "rasd.db")]
    db: String,
    /// Publication date (YYYY-MM-DD) for documents whose input gives none
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    date: Option<NaiveDate>,
    /// Worker threads for extraction [default: all cores]
    #[arg(short = 'j', long, value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..=1024))]
    threads: Option<u16>,
    /// Decide with the models of this file (written by `rasd train`) instead of the shipped ones
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// Documents per transaction
    #[arg(long, value_name = "N", default_value_t = 256,
          value_parser = clap::value_parser!(u32).range(1..=100_000))]
    batch_size: u32,
    /// Files or directories to read; `-` or none for standard input
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
}

/// Runs `rasd ingest` and gives the exit status.
pub fn run(args: IngestArgs) -> u8 {
    let store = match Store::open(&args.db) {
        Ok(store) => store,
        Err(e) => {
            say(None, &format!("rasd: {}: {e}", args.db));
            return EXIT_FAILURE;
        }
    };
    let Some(Start {
        pool,
        pipeline,
        inputs,
        total_bytes,
    }) = start(args.threads, args.model.as_deref(), &args.paths)
    else {
        return EXIT_FAILURE;
    };
    let mut runner = Runner {
        pipeline: &pipeline,
        pool,
        store,
        default_date: args.date,
        batch_size: args.batch_size as usize,
        batch: Vec::new(),
        progress: None,
        total_bytes,
        bytes: ByteCount::default(),
        messages: FileMessages::default(),
        outcome: IngestOutcome::default(),
        read: 0,
        skipped: BTreeMap::new(),
    };
    if io::stderr().is_terminal() {
        runner.start_progress();
    }
    let started = Instant::now();
    let mut result = Ok(());
    for input in &inputs {
        result = input::read_input(input, &mut runner);
        if result.is_err() {
            break;
        }
    }
    let result = result.and_then(|()| runner.flush_batch());
    if let Some(bar) = &runner.progress {
        bar.finish_and_clear();
    }
    if let Err(Stop(e)) = result {
        say(None, &format!("rasd: {}: {e}", args.db));
        return EXIT_FAILURE;
    }
    let counts = match runner.store.counts() {
        Ok(counts) => counts,
        Err(e) => {
            say(None, &format!("rasd: {}: {e}", args.db));
            return EXIT_FAILURE;
        }
    };
    let o = &runner.outcome;
    let skipped: u64 = runner.skipped.values().sum();
    say(
        None,
        &format!(
            "rasd: {} documents read: {} new, {} changed, {} unchanged, {} skipped; \
             {} reports stored; database {}: {} documents, {} reports, {} events \
             ({} merged from several reports, {} with conflicting casualty claims, {} typed \
             differently by their reports); {:.1} s",
            runner.read,
            o.inserted,
            o.replaced,
            o.unchanged,
            skipped,
            o.reports,
            args.db,
            counts.documents,
            counts.reports,
            counts.events,
            counts.merged,
            counts.conflicting,
            counts.conflicting_types,
            started.elapsed().as_secs_f64(),
        ),
    );
    for (reason, n) in &runner.skipped {
        say(None, &format!("rasd: skipped {n}: {reason}"));
    }
    if skipped > 0 {
        EXIT_SKIPPED
    } else {
        EXIT_OK
    }
}

/// The kind of a skip reason, for the summary: its text up to the first quote, colon or
/// digit, so "bad date \"x\"" on many lines counts as one reason.
fn reason_kind(reason: &str) -> String {
    let cut = reason
        .find(|c: char| c == '"' || c == ':' || c.is_ascii_digit())
        .unwrap_or(reason.len());
    let kind = reason[..cut].trim();
    if kind.is_empty() {
        reason.to_owned()
    } else {
        kind.to_owned()
    }
}

struct Pending {
    doc: Document,
    origin: String,
    /// Input bytes read when it was: the progress once it is stored.
    read_to: u64,
}

struct Runner<'a> {
    pipeline: &'a Pipeline,
    pool: rayon::ThreadPool,
    store: Store,
    default_date: Option<NaiveDate>,
    batch_size: usize,
    batch: Vec<Pending>,
    progress: Option<ProgressBar>,
    total_bytes: Option<u64>,
    bytes: ByteCount,
    messages: FileMessages,
    outcome: IngestOutcome,
    read: u64,
    skipped: BTreeMap<String, u64>,
}

impl Runner<'_> {
    fn start_progress(&mut self) {
        self.progress = Some(progress::bar(self.total_bytes));
    }

    /// Extracts the documents of the batch that are new or changed, and stores the batch in
    /// one transaction.
    fn flush_batch(&mut self) -> Result<(), Stop> {
        let batch = std::mem::take(&mut self.batch);
        if batch.is_empty() {
            return Ok(());
        }
        let docs: Vec<&Document> = batch.iter().map(|p| &p.doc).collect();
        let unchanged = self.store.unchanged(&docs).map_err(stop)?;
        let todo: Vec<&Pending> = batch
            .iter()
            .filter(|p| !unchanged.contains(&p.doc.id))
            .collect();
        let todo_docs: Vec<&Document> = todo.iter().map(|p| &p.doc).collect();
        // As in `rasd extract`: a panic in the extractor loses one document, not the run.
        let records = extract_in_order(&self.pool, self.pipeline, &todo_docs);
        let mut items = Vec::with_capacity(todo.len());
        for (pending, record) in todo.iter().zip(&records) {
            match record {
                Some(record) => items.push(NewDocument {
                    doc: &pending.doc,
                    record,
                }),
                None => self.skip(
                    &pending.origin,
                    &"internal error in the extractor; document skipped",
                ),
            }
        }
        let mut outcome = self.store.ingest(&items).map_err(stop)?;
        outcome.unchanged += unchanged.len() as u64;
        self.outcome += outcome;
        if let (Some(bar), Some(last)) = (&self.progress, batch.last()) {
            let reports = format!(", {} reports", self.outcome.reports);
            progress::update(bar, last.read_to, self.read, &reports);
        }
        Ok(())
    }
}

fn stop(e: rasd_store::Error) -> Stop {
    Stop(io::Error::other(e.to_string()))
}

impl Consumer for Runner<'_> {
    fn document(&mut self, mut doc: Document, origin: String) -> Result<(), Stop> {
        if doc.date.is_none() {
            doc.date = self.default_date;
        }
        self.read += 1;
        self.batch.push(Pending {
            doc,
            origin,
            read_to: self.bytes.get(),
        });
        if self.batch.len() >= self.batch_size {
            self.flush_batch()?;
        }
        Ok(())
    }

    fn skip(&mut self, location: &str, reason: &dyn fmt::Display) {
        let reason = reason.to_string();
        *self.skipped.entry(reason_kind(&reason)).or_default() += 1;
        self.messages
            .skip(self.progress.as_ref(), location, &reason);
    }

    fn note(&mut self, location: &str, message: &dyn fmt::Display) {
        self.messages
            .note(self.progress.as_ref(), location, message);
    }

    fn end_of_file(&mut self, name: &str) {
        self.messages.end_of_file(self.progress.as_ref(), name);
    }

    fn byte_count(&self) -> Option<ByteCount> {
        Some(ByteCount::clone(&self.bytes))
    }
}
