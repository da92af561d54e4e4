//! The keys of the text search (the folded words, and their stems) and the reading of a query.

use crate::db::{Db, Dialect, Val};
use crate::Result;

/// Normalizes text for the search index and for queries (the same function for both, so they
/// always agree): `rasd_text::normalize` (harakat and tatweel dropped, أ إ آ ٱ → ا, ى → ي,
/// ة → ه, ؤ ئ → و ي, Eastern digits → ASCII), then per token the conjunction و, one of the
/// prepositions ب ل ك and the conjunction ف, and the article ال are stripped, so قُتِلَ finds
/// قتل, إدلب finds ادلب, والمدينة finds مدينة and بحلب finds حلب. Tokens are joined with single
/// spaces.
///
/// A proclitic is stripped only while at least three letters remain, so short words keep their
/// first letter; a word that merely starts with one of these letters (بيروت) is cut the same
/// way in the index and in the query, so it still matches itself.
///
/// ```
/// use rasd_store::search_normalize;
/// assert_eq!(search_normalize("قُتِلَ"), search_normalize("قتل"));
/// assert_eq!(search_normalize("إدلب"), search_normalize("ادلب"));
/// assert_eq!(search_normalize("والمدينة"), search_normalize("مدينه"));
/// assert_eq!(search_normalize("بحلب"), "حلب");
/// ```
pub fn search_normalize(text: &str) -> String {
    let normalized = rasd_text::normalize(text);
    let mut out = String::with_capacity(normalized.len());
    for token in normalized
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(strip_proclitics(token));
    }
    out
}

fn strip_proclitics(token: &str) -> &str {
    let letters = |s: &str| s.chars().count();
    let mut t = token;
    let strip = |t: &mut &str, prefix: &str, keep: usize| {
        if let Some(rest) = t.strip_prefix(prefix) {
            if letters(rest) >= keep {
                *t = rest;
                return true;
            }
        }
        false
    };
    // و or ف first (وبالمدينة, فالقصف), then ب ل ك, then ال; لل is ل + ال (للمدينة).
    let _ = strip(&mut t, "و", 3) || strip(&mut t, "ف", 3);
    if !strip(&mut t, "لل", 3) {
        let _ = strip(&mut t, "ب", 3) || strip(&mut t, "ل", 3) || strip(&mut t, "ك", 3);
        let _ = strip(&mut t, "ال", 2);
    }
    t
}

/// The stem key of a text for the index and for queries: [`search_normalize`], then each
/// token through the light stemmer ([`crate::stem`]), so قتيلا، القتلى، قتلوا and يقتل all
/// index as قتل.
///
/// ```
/// use rasd_store::search_stems;
/// assert_eq!(search_stems("قتيلا والقتلى"), "قتل قتل");
/// ```
pub fn search_stems(text: &str) -> String {
    let normalized = search_normalize(text);
    let stems: Vec<String> = normalized
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(crate::stem::stem)
        .collect();
    stems.join(" ")
}

/// A user's query, read: words (stemmed, each required anywhere in the document) and phrases
/// written between double quotes (normalized but not stemmed, their words required in that
/// order): `قتل "حي الشعار"`. A quote left open runs to the end of the query.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Query {
    /// Stems of the words outside quotes.
    pub(crate) stems: Vec<String>,
    /// Each phrase as its normalized tokens joined by spaces.
    pub(crate) phrases: Vec<String>,
}

impl Query {
    pub(crate) fn parse(query: &str) -> Self {
        let mut parsed = Query::default();
        for (i, part) in query.split('"').enumerate() {
            if i % 2 == 1 {
                let phrase = search_normalize(part);
                if !phrase.is_empty() {
                    parsed.phrases.push(phrase);
                }
            } else {
                parsed.stems.extend(
                    search_stems(part)
                        .split(' ')
                        .filter(|t| !t.is_empty())
                        .map(str::to_owned),
                );
            }
        }
        parsed
    }

    /// The SQL selecting the search keys of the matching documents (SQLite: rowids of
    /// `document_search` and `document_stems`; PostgreSQL: document ids), and its parameters.
    /// `None` when the query has no word (punctuation only).
    pub(crate) fn documents_sql(&self, dialect: Dialect) -> Option<(String, Vec<String>)> {
        let mut parts = Vec::new();
        let mut params = Vec::new();
        match dialect {
            Dialect::Sqlite => {
                // Every token quoted, so no FTS5 syntax gets through; a quoted string of
                // several tokens is an FTS5 phrase.
                let quoted = |t: &str| format!("\"{}\"", t.replace('"', ""));
                if !self.stems.is_empty() {
                    parts.push("SELECT rowid FROM document_stems WHERE document_stems MATCH ?");
                    let all: Vec<String> = self.stems.iter().map(|s| quoted(s)).collect();
                    params.push(all.join(" "));
                }
                if !self.phrases.is_empty() {
                    parts.push("SELECT rowid FROM document_search WHERE document_search MATCH ?");
                    let all: Vec<String> = self.phrases.iter().map(|p| quoted(p)).collect();
                    params.push(all.join(" "));
                }
            }
            Dialect::Postgres => {
                // plainto_tsquery ANDs the tokens, phraseto_tsquery wants them in order; neither
                // takes operators from the text.
                if !self.stems.is_empty() {
                    parts.push(
                        "SELECT document_id FROM document_stems
                         WHERE stems @@ plainto_tsquery('simple', ?)",
                    );
                    params.push(self.stems.join(" "));
                }
                for phrase in &self.phrases {
                    parts.push(
                        "SELECT document_id FROM document_search
                         WHERE body @@ phraseto_tsquery('simple', ?)",
                    );
                    params.push(phrase.clone());
                }
            }
        }
        (!parts.is_empty()).then(|| (parts.join(" INTERSECT "), params))
    }
}

/// Writes the search entries of document `id` (already in `documents`): its folded words in
/// `document_search`, their stems in `document_stems`. In the caller's transaction.
pub(crate) fn index_document(db: &mut dyn Db, id: &str, text: &str) -> Result<()> {
    let id = Val::from(id);
    let entries = [
        ("document_search", "body", search_normalize(text)),
        ("document_stems", "stems", search_stems(text)),
    ];
    for (table, column, value) in entries {
        let sql = match db.dialect() {
            Dialect::Sqlite => format!(
                "INSERT INTO {table} (rowid, {column})
                 VALUES ((SELECT rowid FROM documents WHERE id = ?1), ?2)"
            ),
            Dialect::Postgres => format!(
                "INSERT INTO {table} (document_id, {column}) VALUES (?1, to_tsvector('simple', ?2))"
            ),
        };
        db.exec(&sql, &[id.clone(), Val::from(value)])?;
    }
    Ok(())
}

/// Deletes the search entries of document `id` (still in `documents`).
pub(crate) fn unindex_document(db: &mut dyn Db, id: &str) -> Result<()> {
    for table in ["document_search", "document_stems"] {
        let sql = match db.dialect() {
            Dialect::Sqlite => format!(
                "DELETE FROM {table} WHERE rowid = (SELECT rowid FROM documents WHERE id = ?1)"
            ),
            Dialect::Postgres => format!("DELETE FROM {table} WHERE document_id = ?1"),
        };
        db.exec(&sql, &[Val::from(id)])?;
    }
    Ok(())
}

/// Fills `document_stems` for the documents stored before it existed (migration 4 creates it
/// empty: SQL cannot stem).
pub(crate) fn index_stems_of_stored_documents(db: &mut dyn Db) -> Result<()> {
    let documents = db.rows("SELECT id, text FROM documents", &[])?;
    for row in documents {
        let (Some(id), Some(text)) = (
            row.first().and_then(Val::text),
            row.get(1).and_then(Val::text),
        ) else {
            continue;
        };
        let sql = match db.dialect() {
            Dialect::Sqlite => {
                "INSERT INTO document_stems (rowid, stems)
                 VALUES ((SELECT rowid FROM documents WHERE id = ?1), ?2)"
            }
            Dialect::Postgres => {
                "INSERT INTO document_stems (document_id, stems)
                 VALUES (?1, to_tsvector('simple', ?2))"
            }
        };
        db.exec(sql, &[Val::from(id), Val::from(search_stems(&text))])?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_meet() {
        let cases = [
            ("قُتِلَ", "قتل"),
            ("إدلب", "ادلب"),
            ("أدلب", "ادلب"),
            ("المدينة", "مدينه"),
            ("والمدينة", "المدينه"),
            ("بحلب", "حلب"),
            ("للمدينة", "مدينة"),
            ("وقتل", "قتل"),
        ];
        for (a, b) in cases {
            assert_eq!(search_normalize(a), search_normalize(b), "{a} / {b}");
        }
        // Short words keep their letters.
        assert_eq!(search_normalize("ولد"), "ولد");
    }

    #[test]
    fn queries_are_words_and_quoted_phrases() {
        assert_eq!(Query::parse("  \" \""), Query::default());
        assert_eq!(Query::parse("  ").documents_sql(Dialect::Sqlite), None);
        let query = Query::parse("القتلى \"حي الشعار\" اشتباكات \"بحلب");
        assert_eq!(query.stems, ["قتل", "اشتباك"]);
        assert_eq!(query.phrases, ["حي شعار", "حلب"]);
        let (sql, params) = query.documents_sql(Dialect::Sqlite).unwrap();
        assert!(sql.contains("document_stems MATCH ? INTERSECT"), "{sql}");
        assert_eq!(params, ["\"قتل\" \"اشتباك\"", "\"حي شعار\" \"حلب\""]);
        let (sql, params) = query.documents_sql(Dialect::Postgres).unwrap();
        assert_eq!(sql.matches("phraseto_tsquery").count(), 2);
        assert_eq!(params, ["قتل اشتباك", "حي شعار", "حلب"]);
    }
}
