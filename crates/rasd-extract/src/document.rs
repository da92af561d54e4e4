//! Input documents and how they are read from JSON objects (`shared/spec/EVENTS.md`, "Input").

use chrono::NaiveDate;
use serde_json::{Map, Value};

/// Documents longer than this many bytes are cut at a character boundary before extraction,
/// so one pathological input cannot hold a run for minutes. News articles are a few KB; the
/// limit is far above any real article and keeps offsets well inside `u32`.
pub const MAX_DOCUMENT_BYTES: usize = 8 * 1024 * 1024;

/// One article to extract events from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Document {
    /// Stable id (the line number or file stem when the input has none).
    pub id: String,
    /// Headline.
    pub title: Option<String>,
    /// Article body.
    pub body: String,
    /// Publication date.
    pub date: Option<NaiveDate>,
    /// Outlet name or id.
    pub source: Option<String>,
    /// Address of the article.
    pub url: Option<String>,
}

/// Why a JSON object is not a document.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DocumentError {
    /// The value is not a JSON object.
    #[error("expected a JSON object with a \"text\" field, found {0}")]
    NotAnObject(&'static str),
    /// No `text` / `content` / `body` string, and no title either.
    #[error("no text: none of \"text\", \"content\", \"body\", \"title\" is a non-empty string")]
    NoText,
    /// A date that is neither `YYYY-MM-DD` nor an ISO-8601 timestamp.
    #[error("bad date {0:?}: expected YYYY-MM-DD or an ISO-8601 timestamp")]
    BadDate(String),
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The first of `names` whose value is a non-empty string.
fn first_string<'a>(object: &'a Map<String, Value>, names: &[&str]) -> Option<&'a str> {
    names
        .iter()
        .filter_map(|n| object.get(*n))
        .find_map(|v| v.as_str().filter(|s| !s.trim().is_empty()))
}

/// Parses `YYYY-MM-DD`, or the date part of an ISO-8601 timestamp (`2015-07-21T02:51:32Z`,
/// SaudiNewsNet's `2015-07-21 02:51:32`).
///
/// # Errors
/// [`DocumentError::BadDate`] when the first ten characters are not a calendar date.
pub fn parse_date(text: &str) -> Result<NaiveDate, DocumentError> {
    let t = text.trim();
    let head = t.get(..10).unwrap_or(t);
    let rest_ok = t.len() == head.len() || t[head.len()..].starts_with(['T', ' ', 't']);
    match NaiveDate::parse_from_str(head, "%Y-%m-%d") {
        Ok(d) if rest_ok => Ok(d),
        _ => Err(DocumentError::BadDate(text.to_owned())),
    }
}

impl Document {
    /// A document with an id and a body and nothing else.
    pub fn new(id: impl Into<String>, body: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            body: body.into(),
            ..Document::default()
        }
    }

    /// Reads a document from a JSON value with the field names of the spec and their aliases
    /// (`content`/`body` for `text`, `date_extracted`/`published` for `date`, `outlet` for
    /// `source`). Unknown fields are ignored. `fallback_id` is used when there is no `id`.
    ///
    /// # Errors
    /// When the value is not an object, has no text, or has a malformed date.
    pub fn from_json(value: &Value, fallback_id: &str) -> Result<Document, DocumentError> {
        let object = value
            .as_object()
            .ok_or_else(|| DocumentError::NotAnObject(kind_of(value)))?;
        let title = first_string(object, &["title"]);
        // A headline alone is a (short) article: news feeds carry items whose body is empty.
        let body = match (first_string(object, &["text", "content", "body"]), title) {
            (Some(body), _) => body,
            (None, Some(_)) => "",
            (None, None) => return Err(DocumentError::NoText),
        };
        let id = match object.get("id") {
            Some(Value::String(s)) if !s.is_empty() => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => fallback_id.to_owned(),
        };
        let date = first_string(object, &["date", "date_extracted", "published"])
            .map(parse_date)
            .transpose()?;
        Ok(Document {
            id,
            title: title.map(str::to_owned),
            body: body.to_owned(),
            date,
            source: first_string(object, &["source", "outlet"]).map(str::to_owned),
            url: first_string(object, &["url"]).map(str::to_owned),
        })
    }

    /// The text all offsets refer to: `title + "\n\n" + body` when there is a title, else the
    /// body; cut at [`MAX_DOCUMENT_BYTES`].
    pub fn text(&self) -> String {
        let mut text = match &self.title {
            Some(title) => format!("{title}\n\n{}", self.body),
            None => self.body.clone(),
        };
        if text.len() > MAX_DOCUMENT_BYTES {
            let mut cut = MAX_DOCUMENT_BYTES;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            text.truncate(cut);
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_spec_fields_and_aliases() {
        let d = Document::from_json(
            &json!({"source": "aawsat", "date_extracted": "2015-07-21 02:51:32",
                    "title": "عنوان", "content": "نص", "author": "x"}),
            "7",
        )
        .unwrap();
        assert_eq!(d.id, "7");
        assert_eq!(d.date, NaiveDate::from_ymd_opt(2015, 7, 21));
        assert_eq!(d.text(), "عنوان\n\nنص");
        assert_eq!(d.source.as_deref(), Some("aawsat"));
    }

    #[test]
    fn rejects_what_is_not_a_document() {
        assert_eq!(
            Document::from_json(&json!([1]), "1"),
            Err(DocumentError::NotAnObject("an array"))
        );
        assert_eq!(
            Document::from_json(&json!({"id": "a", "content": " "}), "1"),
            Err(DocumentError::NoText)
        );
        let headline = Document::from_json(&json!({"title": "عاجل", "content": ""}), "1").unwrap();
        assert_eq!(headline.text(), "عاجل\n\n");
        assert!(matches!(
            Document::from_json(&json!({"text": "x", "date": "12/12/2016"}), "1"),
            Err(DocumentError::BadDate(_))
        ));
        assert!(parse_date("2016-12-12T10:00:00Z").is_ok());
        assert!(parse_date("2016-12-12x").is_err());
    }
}
