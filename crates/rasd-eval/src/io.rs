//! Reading gold and prediction files (JSON Lines), with errors that name the file and line.

use crate::score::ScoredDoc;
use serde_json::Value;
use std::path::{Path, PathBuf};

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// The file could not be opened or read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// A line is not a JSON object with a document id.
    #[error("{path}:{line}: {message}")]
    Line {
        /// The file.
        path: PathBuf,
        /// 1-based line number.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
}

/// Reads a JSON Lines file of documents: gold lines (`{"id", "date", "events"}`) or the
/// extractor's (`{"format", "doc": {"id"}, "events"}`). Blank lines are skipped.
///
/// # Errors
/// When the file cannot be read, or a line is not JSON or has no document id.
pub fn read_docs(path: &Path) -> Result<Vec<ScoredDoc>, ReadError> {
    let text = std::fs::read_to_string(path).map_err(|source| ReadError::Io {
        path: path.to_owned(),
        source,
    })?;
    parse_docs(&text).map_err(|(line, message)| ReadError::Line {
        path: path.to_owned(),
        line,
        message,
    })
}

/// Parses JSON Lines text into documents; an error gives the 1-based line and the reason.
///
/// # Errors
/// When a line is not JSON or has no document id.
pub fn parse_docs(text: &str) -> Result<Vec<ScoredDoc>, (usize, String)> {
    let mut docs = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value: Value =
            serde_json::from_str(line).map_err(|e| (n + 1, format!("not JSON: {e}")))?;
        docs.push(doc_of(value).ok_or_else(|| {
            (
                n + 1,
                "no document id (neither 'id' nor 'doc.id')".to_owned(),
            )
        })?);
    }
    Ok(docs)
}

/// A document value as the scorer sees it: its id and events.
pub fn doc_of(value: Value) -> Option<ScoredDoc> {
    let id = value
        .get("id")
        .filter(|v| !v.is_null())
        .or_else(|| value.get("doc")?.get("id"))
        .map(|v| match v {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })?;
    let events = match value.get("events") {
        Some(Value::Array(events)) => events.clone(),
        _ => Vec::new(),
    };
    Some(ScoredDoc { id, events })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gold_and_extractor_lines_and_errors() {
        let docs = parse_docs(
            "{\"id\": \"a\", \"events\": []}\n\n{\"format\": 1, \"doc\": {\"id\": 7}, \"events\": [{}]}\n",
        )
        .unwrap();
        assert_eq!(docs.len(), 2);
        assert_eq!(docs[1].id, "7");
        assert_eq!(docs[1].events.len(), 1);
        assert_eq!(parse_docs("{\"events\": []}").unwrap_err().0, 1);
        assert_eq!(parse_docs("{\"id\": 1}\n{oops").unwrap_err().0, 2);
    }
}
