//! `rasd extract`: read documents, extract their events in parallel, write records in input
//! order.

use std::fmt;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use indicatif::ProgressBar;
use rasd_extract::{parse_date, Document, DocumentRecord, Pipeline};
use rayon::prelude::*;

use crate::input::{self, Consumer, Input, Stop};
use crate::output::{self, Format, Sink};
use crate::paths;
use crate::progress::{self, ByteCount};
use crate::{EXIT_FAILURE, EXIT_OK, EXIT_SKIPPED};

/// Documents extracted together: enough to keep every thread busy, few enough that a large
/// corpus is never held in memory.
const BATCH_DOCUMENTS: usize = 512;
/// Text held before a batch is extracted, whatever the number of documents.
const BATCH_BYTES: usize = 32 * 1024 * 1024;
/// Documents after which a progress bar appears (on a terminal).
const PROGRESS_AFTER: u64 = 50;

/// Extract event records from Arabic news articles.
///
/// Reads JSON Lines (.jsonl, .ndjson), JSON (.json: an array of objects, one object, or JSON
/// Lines), zip archives of those, and plain text (.txt and anything else: one document per
/// file, its id the file name without extension). Directories are read recursively in name
/// order. With no PATH, or PATH `-`, reads standard input.
///
/// Exit status: 0 when every document was processed, 2 when some inputs were skipped (each
/// named on stderr as `rasd: FILE:LINE: reason`), 1 on a usage error or when the run cannot
/// start or its output cannot be written.
#[derive(Debug, clap::Args)]
pub struct ExtractArgs {
    /// Output format [default: table on a terminal, jsonl otherwise]
    #[arg(short, long, value_enum)]
    format: Option<Format>,
    /// Publication date (YYYY-MM-DD) for documents whose input gives none
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date_arg)]
    date: Option<NaiveDate>,
    /// Worker threads [default: all cores]
    #[arg(short = 'j', long, value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..=1024))]
    threads: Option<u16>,
    /// Directory for `--format parquet` (events.parquet, claims.parquet; created if missing)
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Print a summary line to stderr at the end (documents, events, time, rate)
    #[arg(long)]
    stats: bool,
    /// Decide with the models of this file (written by `rasd train`) instead of the shipped ones
    #[arg(long, value_name = "FILE")]
    model: Option<PathBuf>,
    /// Files or directories to read; `-` or none for standard input
    #[arg(value_name = "PATH")]
    paths: Vec<PathBuf>,
}

pub(crate) fn parse_date_arg(text: &str) -> Result<NaiveDate, String> {
    let date = parse_date(text).map_err(|_| "expected a date as YYYY-MM-DD".to_owned())?;
    if text.trim().len() != 10 {
        return Err("expected a date as YYYY-MM-DD".to_owned());
    }
    Ok(date)
}

/// What `rasd extract` and `rasd ingest` set up before reading: the worker threads, the
/// extraction pipeline and the inputs.
pub(crate) struct Start {
    pub(crate) pool: rayon::ThreadPool,
    pub(crate) pipeline: Pipeline,
    pub(crate) inputs: Vec<Input>,
    /// The bytes of the inputs, when known (no stdin): the progress bar's total.
    pub(crate) total_bytes: Option<u64>,
}

/// Builds the worker pool (`threads`, or all cores) and the pipeline (with the models of
/// `model`, or the shipped ones) and expands `paths`, telling a terminal user that documents
/// are read from it. `None` once a failure is said.
pub(crate) fn start(
    threads: Option<u16>,
    model: Option<&Path>,
    paths: &[PathBuf],
) -> Option<Start> {
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(threads) = threads {
        pool = pool.num_threads(usize::from(threads));
    }
    let pool = match pool.build() {
        Ok(pool) => pool,
        Err(e) => {
            say(None, &format!("rasd: cannot start worker threads: {e}"));
            return None;
        }
    };
    let pipeline = match crate::corpus::pipeline_with(model) {
        Ok(pipeline) => pipeline,
        Err(e) => {
            say(None, &format!("rasd: {e}"));
            return None;
        }
    };
    let expanded = paths::expand(paths);
    if let Some(line) = expanded.left_out_summary() {
        say(None, &line);
    }
    let inputs = expanded.inputs;
    if inputs.contains(&Input::Stdin) && io::stdin().is_terminal() {
        say(
            None,
            "rasd: reading documents from the terminal; end with Ctrl-D",
        );
    }
    let total_bytes = paths::total_bytes(&inputs);
    Some(Start {
        pool,
        pipeline,
        inputs,
        total_bytes,
    })
}

/// Runs `rasd extract` and gives the exit status.
pub fn run(args: ExtractArgs) -> u8 {
    let stdout = io::stdout();
    let format = args.format.unwrap_or(if stdout.is_terminal() {
        Format::Table
    } else {
        Format::Jsonl
    });
    // Checked before any work: a mistake here should cost nothing.
    match (format, &args.out) {
        (Format::Parquet, None) => {
            say(
                None,
                "rasd: --format parquet writes files: give the directory with --out DIR",
            );
            return EXIT_FAILURE;
        }
        (Format::Parquet, Some(_)) | (_, None) => {}
        (_, Some(_)) => {
            say(
                None,
                "rasd: --out is for --format parquet; other formats go to stdout",
            );
            return EXIT_FAILURE;
        }
    }
    let Some(Start {
        pool,
        pipeline,
        inputs,
        total_bytes,
    }) = start(args.threads, args.model.as_deref(), &args.paths)
    else {
        return EXIT_FAILURE;
    };
    // A bar only where someone watches stderr and it does not mix with a table on stdout.
    let progress_allowed = io::stderr().is_terminal() && !stdout.is_terminal();
    let many_expected =
        inputs.iter().any(Input::is_archive) || args.paths.iter().any(|p| p.is_dir());

    let out = BufWriter::with_capacity(64 * 1024, stdout.lock());
    let sink = match (format, &args.out) {
        (Format::Parquet, Some(dir)) => match output::parquet_writer(dir) {
            Ok(writer) => Sink::parquet(writer),
            Err(e) => {
                say(None, &format!("rasd: {e}"));
                return EXIT_FAILURE;
            }
        },
        _ => match Sink::new(format, out) {
            Ok(sink) => sink,
            Err(e) => return output_failed(None, &e),
        },
    };
    let mut runner = Runner {
        pipeline: &pipeline,
        pool,
        default_date: args.date,
        batch: Vec::new(),
        batch_bytes: 0,
        sink,
        progress: None,
        progress_allowed,
        total_bytes,
        bytes: ByteCount::default(),
        messages: FileMessages::default(),
        stats: Stats::default(),
    };
    if progress_allowed && many_expected {
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
    let Runner {
        sink,
        progress,
        stats,
        ..
    } = runner;
    if let Err(Stop(e)) = result {
        return output_failed(progress.as_ref(), &e);
    }
    let omitted = match sink.finish() {
        Ok(omitted) => omitted,
        Err(e) => return output_failed(progress.as_ref(), &e),
    };
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    if omitted > 0 {
        say(
            None,
            &format!("rasd: {omitted} events without coordinates left out of the GeoJSON"),
        );
    }
    if args.stats || progress.is_some() {
        say(None, &stats.summary(started.elapsed()));
    }
    if stats.skipped > 0 {
        EXIT_SKIPPED
    } else {
        EXIT_OK
    }
}

/// The exit for an output that cannot be written: quiet success when the reader went away
/// (`rasd extract | head`), a message and failure otherwise (a full disk).
fn output_failed(progress: Option<&ProgressBar>, e: &io::Error) -> u8 {
    if let Some(bar) = progress {
        bar.finish_and_clear();
    }
    if e.kind() == io::ErrorKind::BrokenPipe {
        return EXIT_OK;
    }
    say(None, &format!("rasd: cannot write the output: {e}"));
    EXIT_FAILURE
}

/// Writes one line to stderr, above the progress bar when there is one. A closed stderr is
/// ignored: diagnostics must not stop the run.
pub(crate) fn say(progress: Option<&ProgressBar>, line: &str) {
    let write = || {
        let _ = writeln!(io::stderr().lock(), "{line}");
    };
    match progress {
        Some(bar) => bar.suspend(write),
        None => write(),
    }
}

/// Skip messages shown per file; a file with more (a binary blob named `.jsonl`) gets one
/// summary line for the rest.
const MESSAGES_PER_FILE: usize = 20;

/// The diagnostics of the input file being read, for the subcommands that read inputs: the
/// first [`MESSAGES_PER_FILE`] lines are printed (above the progress bar), the rest counted and
/// told in one line at the end of the file.
#[derive(Debug, Default)]
pub(crate) struct FileMessages {
    messages: usize,
    suppressed: usize,
}

impl FileMessages {
    /// An input skipped, with the reason.
    pub(crate) fn skip(
        &mut self,
        progress: Option<&ProgressBar>,
        location: &str,
        reason: &dyn fmt::Display,
    ) {
        self.messages += 1;
        if self.messages <= MESSAGES_PER_FILE {
            say(progress, &format!("rasd: {location}: {reason}"));
        } else {
            self.suppressed += 1;
        }
    }

    /// A remark on an input that was still read.
    pub(crate) fn note(
        &mut self,
        progress: Option<&ProgressBar>,
        location: &str,
        message: &dyn fmt::Display,
    ) {
        self.messages += 1;
        if self.messages <= MESSAGES_PER_FILE {
            say(progress, &format!("rasd: {location}: note: {message}"));
        }
    }

    /// The file `name` is done: tell how many skips were not shown, and start counting anew.
    pub(crate) fn end_of_file(&mut self, progress: Option<&ProgressBar>, name: &str) {
        if self.suppressed > 0 {
            say(
                progress,
                &format!(
                    "rasd: {name}: {} more inputs skipped, not shown",
                    self.suppressed
                ),
            );
        }
        *self = FileMessages::default();
    }
}

/// Extracts documents in parallel on `pool`, one result per document in input order. The
/// extractor promises not to panic; if it ever does, that document's result is `None`: one
/// document is lost, not the run (the panic hook has said what happened).
pub(crate) fn extract_in_order(
    pool: &rayon::ThreadPool,
    pipeline: &Pipeline,
    docs: &[&Document],
) -> Vec<Option<DocumentRecord>> {
    pool.install(|| {
        docs.par_iter()
            .map(|doc| panic::catch_unwind(AssertUnwindSafe(|| pipeline.extract(doc))).ok())
            .collect()
    })
}

/// Counts for the summary line.
#[derive(Debug, Default)]
struct Stats {
    processed: u64,
    skipped: u64,
    events: u64,
    text_bytes: u64,
}

impl Stats {
    fn summary(&self, elapsed: Duration) -> String {
        let seconds = elapsed.as_secs_f64().max(1e-9);
        format!(
            "rasd: {} documents read, {} processed, {} skipped, {} events written, \
             {:.1} MB of text, {:.2} s, {:.0} docs/s, {:.2} MB/s",
            self.processed + self.skipped,
            self.processed,
            self.skipped,
            self.events,
            self.text_bytes as f64 / 1e6,
            seconds,
            self.processed as f64 / seconds,
            self.text_bytes as f64 / 1e6 / seconds,
        )
    }
}

/// A document waiting for its batch.
struct Pending {
    doc: Document,
    origin: String,
    /// Input bytes read when it was: the progress once it is written.
    read_to: u64,
}

struct Runner<'a, W: Write> {
    pipeline: &'a Pipeline,
    pool: rayon::ThreadPool,
    default_date: Option<NaiveDate>,
    batch: Vec<Pending>,
    batch_bytes: usize,
    sink: Sink<W>,
    progress: Option<ProgressBar>,
    progress_allowed: bool,
    total_bytes: Option<u64>,
    bytes: ByteCount,
    messages: FileMessages,
    stats: Stats,
}

impl<W: Write> Runner<'_, W> {
    fn start_progress(&mut self) {
        if self.progress.is_some() {
            return;
        }
        let bar = progress::bar(self.total_bytes);
        progress::update(&bar, self.bytes.get(), self.stats.processed, "");
        self.progress = Some(bar);
    }

    /// Extracts the batch in parallel and writes the records in input order.
    fn flush_batch(&mut self) -> Result<(), Stop> {
        let batch = std::mem::take(&mut self.batch);
        self.batch_bytes = 0;
        if batch.is_empty() {
            return Ok(());
        }
        let docs: Vec<&Document> = batch.iter().map(|p| &p.doc).collect();
        let records = extract_in_order(&self.pool, self.pipeline, &docs);
        for (pending, record) in batch.iter().zip(records) {
            let Some(record) = record else {
                self.skip(
                    &pending.origin,
                    &"internal error in the extractor; document skipped",
                );
                continue;
            };
            self.sink.write(&record, &pending.doc).map_err(Stop)?;
            self.stats.processed += 1;
            self.stats.events += record.events.len() as u64;
            self.stats.text_bytes +=
                (pending.doc.body.len() + pending.doc.title.as_ref().map_or(0, String::len)) as u64;
        }
        self.sink.flush().map_err(Stop)?;
        if let (Some(bar), Some(last)) = (&self.progress, batch.last()) {
            progress::update(bar, last.read_to, self.stats.processed, "");
        }
        Ok(())
    }
}

impl<W: Write> Consumer for Runner<'_, W> {
    fn document(&mut self, mut doc: Document, origin: String) -> Result<(), Stop> {
        if doc.date.is_none() {
            doc.date = self.default_date;
        }
        self.batch_bytes += doc.body.len() + doc.title.as_ref().map_or(0, String::len);
        self.batch.push(Pending {
            doc,
            origin,
            read_to: self.bytes.get(),
        });
        let seen = self.stats.processed + self.batch.len() as u64;
        if self.progress_allowed && self.progress.is_none() && seen > PROGRESS_AFTER {
            self.start_progress();
        }
        if self.batch.len() >= BATCH_DOCUMENTS || self.batch_bytes >= BATCH_BYTES {
            self.flush_batch()?;
        }
        Ok(())
    }

    fn skip(&mut self, location: &str, reason: &dyn fmt::Display) {
        self.stats.skipped += 1;
        self.messages.skip(self.progress.as_ref(), location, reason);
    }

    fn note(&mut self, location: &str, message: &dyn fmt::Display) {
        self.messages
            .note(self.progress.as_ref(), location, message);
    }

    fn end_of_file(&mut self, name: &str) {
        self.messages.end_of_file(self.progress.as_ref(), name);
        if let (Some(bar), true) = (&self.progress, self.batch.is_empty()) {
            progress::update(bar, self.bytes.get(), self.stats.processed, "");
        }
    }

    fn byte_count(&self) -> Option<ByteCount> {
        Some(ByteCount::clone(&self.bytes))
    }
}
