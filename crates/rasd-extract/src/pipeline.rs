//! The [`Pipeline`]: lexicons and gazetteer loaded once, then documents to records.

use crate::document::Document;
use crate::record::{DocumentInfo, DocumentRecord};

/// Why the pipeline could not be built.
#[derive(Debug, thiserror::Error)]
#[error("cannot build the extraction pipeline: {0}")]
pub struct Error(String);

/// Everything extraction needs, loaded once and shared read-only between threads.
#[derive(Debug)]
pub struct Pipeline {}

impl Pipeline {
    /// Loads the embedded lexicons and gazetteer.
    ///
    /// # Errors
    /// When an embedded data file does not compile (a build defect, caught by the tests).
    pub fn new() -> Result<Pipeline, Error> {
        Ok(Pipeline {})
    }

    /// Extracts the events of one document. Never panics on any input text.
    pub fn extract(&self, doc: &Document) -> DocumentRecord {
        let text = doc.text();
        DocumentRecord {
            format: 1,
            doc: DocumentInfo {
                id: doc.id.clone(),
                date: doc.date.map(|d| d.format("%Y-%m-%d").to_string()),
                source: doc.source.clone(),
                url: doc.url.clone(),
                chars: text.chars().count(),
            },
            events: Vec::new(),
        }
    }
}
