//! rasd's event extractor: Arabic news articles in, event records (format 1) out.
//!
//! ```no_run
//! use rasd_extract::{Document, Pipeline};
//! let pipeline = Pipeline::new()?;
//! let mut doc = Document::new("seed", "قتل 3 مدنيين في قصف على حلب أمس");
//! doc.date = chrono::NaiveDate::from_ymd_opt(2016, 12, 12);
//! let record = pipeline.extract(&doc);
//! println!("{}", serde_json::to_string(&record)?);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
#![deny(missing_docs)]

mod align;
mod analysis;
mod candidate;
pub mod casualty;
pub mod dates;
mod decide;
mod document;
mod features;
mod merge;
mod models;
mod pipeline;
mod propose;
pub mod record;
mod train;
mod vocabulary;
mod wordlists;

pub use document::{parse_date, Document, DocumentError, MAX_DOCUMENT_BYTES};
pub use models::{ModelLoadError, Models};
pub use pipeline::{Error, Options, Pipeline};
pub use record::DocumentRecord;
pub use train::{
    coverage, cross_validate, cross_validate_folds, decision_report, explain_alignment, train,
    AnnotatedDocument, Coverage,
};
