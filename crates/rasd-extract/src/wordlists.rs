//! The word lists of the casualty and date finders and of the proposal rules
//! (`data/lexicon/casualty_context.tsv`, `date_words.tsv`, `speaker_words.tsv`, `markers.tsv`): files of `list`, `forms`, `value` and `note` columns, read
//! through the lexicons' one TSV reader ([`rasd_lexicon::tsv`]) and normalized as documents
//! are ([`rasd_text::normalize`]), so that code compares normalized words with normalized words.

use std::collections::HashMap;

use rasd_lexicon::tsv::{split_list, Table};
use rasd_lexicon::LexiconError;

/// A file of named word lists, normalized, in file order.
#[derive(Debug)]
pub(crate) struct WordLists {
    /// Each list's forms with the value of their row.
    lists: HashMap<&'static str, Vec<(String, String)>>,
}

impl WordLists {
    /// Reads `text`; `names` are the lists the file must have, and the only ones it may have.
    ///
    /// # Errors
    /// When the file is malformed, a row names an unknown list or has no form, or a list is
    /// missing.
    pub(crate) fn parse(
        file: &'static str,
        text: &str,
        names: &[&'static str],
    ) -> Result<WordLists, LexiconError> {
        let table = Table::parse(file, text)?;
        let list = table.column("list")?;
        let forms = table.column("forms")?;
        let value = table.column("value")?;
        let mut lists: HashMap<&'static str, Vec<(String, String)>> = HashMap::new();
        for row in table.rows() {
            let name = table.required(row, list, "list")?;
            let name = names
                .iter()
                .find(|n| **n == name)
                .ok_or_else(|| table.error(row, format!("unknown list `{name}`")))?;
            let value = row.get(value);
            let entries = lists.entry(name).or_default();
            let before = entries.len();
            for form in split_list(row.get(forms)) {
                entries.push((rasd_text::normalize(form), value.to_owned()));
            }
            if entries.len() == before {
                return Err(table.error(row, "no forms"));
            }
        }
        if let Some(missing) = names.iter().find(|n| !lists.contains_key(**n)) {
            return Err(LexiconError::Row {
                file,
                line: 1,
                message: format!("no list `{missing}`"),
            });
        }
        Ok(WordLists { lists })
    }

    /// The forms of a list with their values, in file order.
    pub(crate) fn pairs(&self, list: &str) -> &[(String, String)] {
        self.lists.get(list).map_or(&[], Vec::as_slice)
    }

    /// The forms of a list, in file order.
    pub(crate) fn forms(&self, list: &str) -> Vec<String> {
        self.pairs(list).iter().map(|(f, _)| f.clone()).collect()
    }

    /// The forms of a list, to ask whether a word is one of them.
    pub(crate) fn words(&self, list: &str) -> Words {
        Words(self.forms(list))
    }
}

/// A list of normalized words or phrases.
#[derive(Debug, Default)]
pub(crate) struct Words(Vec<String>);

impl Words {
    /// Whether `word` is one of the list's.
    pub(crate) fn has(&self, word: &str) -> bool {
        self.0.iter().any(|w| w == word)
    }

    /// Whether `text` starts with one of the list's phrases.
    pub(crate) fn opens(&self, text: &str) -> bool {
        self.0.iter().any(|w| text.starts_with(w.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_in_order_normalized_and_checked() {
        let text = "list\tforms\tvalue\tnote\na\tأمس|إلى\t1\n#@ x y\tnote\nb\tx y\t\na\tعلى\t2\n";
        let lists = WordLists::parse("t.tsv", text, &["a", "b"]).unwrap();
        assert_eq!(lists.forms("a"), ["امس", "الي", "علي"]);
        assert_eq!(lists.pairs("a")[2], ("علي".to_owned(), "2".to_owned()));
        assert!(lists.pairs("c").is_empty());
        let err = WordLists::parse("t.tsv", text, &["a"]).unwrap_err();
        assert_eq!(err.to_string(), "t.tsv:4: unknown list `b`");
        let err = WordLists::parse("t.tsv", text, &["a", "b", "c"]).unwrap_err();
        assert_eq!(err.to_string(), "t.tsv:1: no list `c`");
        let err = WordLists::parse("t.tsv", "list\tforms\tvalue\na\t\t\n", &["a"]).unwrap_err();
        assert_eq!(err.to_string(), "t.tsv:2: no forms");
    }
}
