//! `rasd._rasd`: the Rust half of the Python package `rasd`.
//!
//! A thin layer: documents come in as JSON objects (the Python side turns a `str` or a `dict`
//! into one with `json.dumps`), are read by `Document::from_json` exactly as the CLI reads a
//! JSON line, extracted in parallel on a rayon pool with the GIL released, and go back out as
//! the JSON text the CLI writes (`serde_json` of the same `DocumentRecord`), which the Python
//! side loads with `json.loads`. So a record from Python is the CLI's record, byte for byte
//! before parsing.

use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{Arc, Mutex, OnceLock};

use chrono::NaiveDate;
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use rasd_extract::{parse_date, Document, DocumentRecord, Pipeline};
use rasd_lexicon::Taxonomy;
use rasd_merge::{Constraints, Report};
use rasd_tables::{ClaimRow, Column, EventRow, CLAIM_COLUMNS, EVENT_COLUMNS};
use rayon::prelude::*;
use serde::Serialize;

create_exception!(
    _rasd,
    RasdError,
    PyValueError,
    "An input rasd cannot use (no text, a malformed date, not a JSON object) or a pipeline \
     that cannot start; the message is the Rust error's."
);

fn error(message: impl std::fmt::Display) -> PyErr {
    RasdError::new_err(message.to_string())
}

/// What one document gives in table mode: the record and its flat rows.
#[derive(Serialize)]
struct Tables<'a> {
    record: &'a DocumentRecord,
    events: Vec<EventRow>,
    claims: Vec<ClaimRow>,
}

/// The extractor, loaded once (lexicons, gazetteer, automata), and the thread pools it has
/// used, one per thread count.
#[pyclass(frozen, name = "Pipeline", module = "rasd._rasd")]
struct PyPipeline {
    pipeline: Arc<Pipeline>,
    pools: Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>,
}

impl PyPipeline {
    fn pool(&self, threads: Option<usize>) -> PyResult<Arc<rayon::ThreadPool>> {
        let threads = threads.unwrap_or(0); // 0: rayon's default, one per core
        let mut pools = self
            .pools
            .lock()
            .map_err(|_| error("internal error: thread pool lock poisoned"))?;
        if let Some(pool) = pools.get(&threads) {
            return Ok(pool.clone());
        }
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .map_err(|e| error(format!("cannot start worker threads: {e}")))?;
        let pool = Arc::new(pool);
        pools.insert(threads, pool.clone());
        Ok(pool)
    }
}

/// One document: read, extracted, serialized. `position` is 1-based, for default ids and
/// messages.
fn run_one(
    pipeline: &Pipeline,
    json: &str,
    position: usize,
    default_date: Option<NaiveDate>,
    tables: bool,
) -> Result<String, String> {
    let value: serde_json::Value =
        serde_json::from_str(json).map_err(|e| format!("item {position}: {e}"))?;
    let mut doc = Document::from_json(&value, &position.to_string())
        .map_err(|e| format!("item {position}: {e}"))?;
    if doc.date.is_none() {
        doc.date = default_date;
    }
    let extracted = panic::catch_unwind(AssertUnwindSafe(|| {
        let record = pipeline.extract(&doc);
        if tables {
            let (events, claims) = rasd_tables::rows(&record, Some(&doc.text()));
            serde_json::to_string(&Tables {
                record: &record,
                events,
                claims,
            })
        } else {
            serde_json::to_string(&record)
        }
    }));
    match extracted {
        Ok(Ok(json)) => Ok(json),
        Ok(Err(e)) => Err(format!("item {position}: cannot serialize the record: {e}")),
        Err(_) => Err(format!(
            "item {position}: internal error in the extractor (please report)"
        )),
    }
}

#[pymethods]
impl PyPipeline {
    #[new]
    fn new(py: Python<'_>) -> PyResult<Self> {
        let pipeline = py.detach(Pipeline::new).map_err(error)?;
        Ok(PyPipeline {
            pipeline: Arc::new(pipeline),
            pools: Mutex::new(HashMap::new()),
        })
    }

    /// Extracts documents given as JSON objects (one string each); returns one JSON string per
    /// document, in input order: the format-1 record, or with `tables` an object with
    /// `record`, `events` (rows) and `claims` (rows). `first_position` numbers the documents
    /// for default ids and messages; `date` (YYYY-MM-DD) is used where a document has none.
    /// `threads`: None for one per core; 1 runs on the calling thread.
    #[pyo3(signature = (items, first_position = 1, threads = None, date = None, tables = false))]
    fn run(
        &self,
        py: Python<'_>,
        items: Vec<String>,
        first_position: usize,
        threads: Option<usize>,
        date: Option<String>,
        tables: bool,
    ) -> PyResult<Vec<String>> {
        if threads == Some(0) {
            return Err(error("threads must be at least 1"));
        }
        let default_date = date.as_deref().map(parse_date).transpose().map_err(error)?;
        let pipeline = &*self.pipeline;
        let one = |(i, json): (usize, &String)| {
            run_one(pipeline, json, first_position + i, default_date, tables)
        };
        let results: Result<Vec<String>, String> = if threads == Some(1) || items.len() < 2 {
            py.detach(|| items.iter().enumerate().map(one).collect())
        } else {
            let pool = self.pool(threads)?;
            py.detach(|| pool.install(|| items.par_iter().enumerate().map(one).collect()))
        };
        results.map_err(error)
    }
}

/// The taxonomy the merge rule reads families from, loaded on first use.
fn taxonomy() -> PyResult<&'static Taxonomy> {
    static TAXONOMY: OnceLock<Result<Taxonomy, String>> = OnceLock::new();
    TAXONOMY
        .get_or_init(|| rasd_merge::families().map_err(|e| e.to_string()))
        .as_ref()
        .map_err(error)
}

/// The reports of a record (JSON), one per event.
fn reports_of(record: &DocumentRecord, taxonomy: &Taxonomy) -> Vec<Report> {
    record
        .events
        .iter()
        .map(|event| Report::from_event(&record.doc, event, taxonomy))
        .collect()
}

/// The merge rule's reports of a format-1 record (JSON text): a JSON array, one per event.
#[pyfunction]
fn reports_json(py: Python<'_>, record: &str) -> PyResult<String> {
    let taxonomy = taxonomy()?;
    let record: DocumentRecord =
        serde_json::from_str(record).map_err(|e| error(format!("not a format-1 record: {e}")))?;
    let reports = py.detach(|| reports_of(&record, taxonomy));
    serde_json::to_string(&reports).map_err(error)
}

/// The merge rule (crate rasd-merge, the store's) over records or reports given as JSON texts:
/// a JSON array of merged events. A text with `events` is a record (all its events are
/// reports); anything else must be a report as `reports_json` gives it.
#[pyfunction]
#[pyo3(signature = (items, must_link = Vec::new(), cannot_link = Vec::new()))]
fn merge_json(
    py: Python<'_>,
    items: Vec<String>,
    must_link: Vec<(String, String)>,
    cannot_link: Vec<(String, String)>,
) -> PyResult<String> {
    let taxonomy = taxonomy()?;
    let merged = py.detach(|| {
        let mut reports = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let value: serde_json::Value =
                serde_json::from_str(item).map_err(|e| format!("item {}: {e}", i + 1))?;
            if value.get("events").is_some() {
                let record: DocumentRecord = serde_json::from_value(value)
                    .map_err(|e| format!("item {}: not a format-1 record: {e}", i + 1))?;
                reports.extend(reports_of(&record, taxonomy));
            } else {
                reports.push(
                    serde_json::from_value::<Report>(value)
                        .map_err(|e| format!("item {}: not a report: {e}", i + 1))?,
                );
            }
        }
        let constraints = Constraints {
            must_link,
            cannot_link,
        };
        let merged = rasd_merge::merge(&reports, &constraints);
        serde_json::to_string(&merged).map_err(|e| e.to_string())
    });
    merged.map_err(error)
}

fn columns(columns: &[Column]) -> Vec<(&'static str, &'static str, bool)> {
    columns
        .iter()
        .map(|c| (c.name, c.kind.name(), c.nullable))
        .collect()
}

/// The columns of the events table: `(name, Spark type name, nullable)`, in order.
#[pyfunction]
fn event_columns() -> Vec<(&'static str, &'static str, bool)> {
    columns(&EVENT_COLUMNS)
}

/// The columns of the claims table: `(name, Spark type name, nullable)`, in order.
#[pyfunction]
fn claim_columns() -> Vec<(&'static str, &'static str, bool)> {
    columns(&CLAIM_COLUMNS)
}

#[pymodule]
fn _rasd(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyPipeline>()?;
    m.add_function(wrap_pyfunction!(event_columns, m)?)?;
    m.add_function(wrap_pyfunction!(claim_columns, m)?)?;
    m.add_function(wrap_pyfunction!(reports_json, m)?)?;
    m.add_function(wrap_pyfunction!(merge_json, m)?)?;
    m.add("RasdError", m.py().get_type::<RasdError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
