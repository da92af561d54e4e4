//! The one TSV reader every word list of rasd goes through (the lexicons here, and the word
//! lists of `rasd-extract`): `#` comment lines and blank lines are skipped, the first other line
//! is the header, and every error names the file and line.
//!
//! One kind of comment means something: a **note** says where phrases of the next data row come
//! from when the corpus does not show them (an organisation's official name, a form of a verb
//! whose other forms are attested, a grammar fact). It is written
//!
//! ```text
//! #@ phrase|phrase<TAB>where they come from
//! ```
//!
//! just above the row that lists the phrases; readers that do not care skip it as a comment.
//! The lexicon tests require every phrase of several words to be either attested in news text
//! outside the development articles or noted (`crates/rasd-lexicon/tests/provenance.rs`).
//!
//! ```
//! use rasd_lexicon::tsv::Table;
//! let text = "# a list\nform\tvalue\n#@ كانون الثاني\tSyriac month name\nكانون الثاني\t1\n";
//! let table = Table::parse("months.tsv", text)?;
//! let form = table.column("form")?;
//! let row = &table.rows()[0];
//! assert_eq!((row.line, row.get(form)), (4, "كانون الثاني"));
//! assert_eq!(table.notes_for(row)[0].phrases, vec!["كانون الثاني"]);
//! # Ok::<(), rasd_lexicon::LexiconError>(())
//! ```

use crate::lexicons::LexiconError;

/// A parsed table: column names and rows, each row with its 1-based line number.
#[derive(Clone, Debug)]
pub struct Table<'a> {
    file: &'static str,
    columns: Vec<&'a str>,
    rows: Vec<Row<'a>>,
    notes: Vec<Note<'a>>,
}

/// One data row.
#[derive(Clone, Debug)]
pub struct Row<'a> {
    /// 1-based line in the file.
    pub line: usize,
    cells: Vec<&'a str>,
}

/// A note (`#@ phrases<TAB>source`) about phrases of the data row after it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note<'a> {
    /// 1-based line of the note.
    pub line: usize,
    /// 1-based line of the data row it is about.
    pub row_line: usize,
    /// The phrases, as written.
    pub phrases: Vec<&'a str>,
    /// Where they come from.
    pub source: &'a str,
}

/// The marker of a note line.
const NOTE: &str = "#@";

impl<'a> Table<'a> {
    /// Splits `text` into a header and rows.
    ///
    /// # Errors
    /// When there is no header line, a row has more cells than the header, or a note has no
    /// source or no row after it.
    pub fn parse(file: &'static str, text: &'a str) -> Result<Self, LexiconError> {
        let mut columns: Option<Vec<&str>> = None;
        let mut rows = Vec::new();
        let mut notes = Vec::new();
        // Notes read since the last data row, waiting for theirs.
        let mut pending: Vec<Note<'a>> = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let content = raw.trim_end_matches('\r');
            if let Some(note) = content.strip_prefix(NOTE) {
                let (phrases, source) = note.split_once('\t').unwrap_or((note, ""));
                let phrases: Vec<&str> = split_list(phrases).collect();
                if phrases.is_empty() || source.trim().is_empty() {
                    return Err(LexiconError::Row {
                        file,
                        line,
                        message: "a note is `#@ phrase|phrase<TAB>source`".into(),
                    });
                }
                pending.push(Note {
                    line,
                    row_line: 0,
                    phrases,
                    source: source.trim(),
                });
                continue;
            }
            if content.trim().is_empty() || content.starts_with('#') {
                continue;
            }
            let cells: Vec<&str> = content.split('\t').map(str::trim).collect();
            match &columns {
                None => columns = Some(cells),
                Some(header) => {
                    if cells.len() > header.len() {
                        return Err(LexiconError::Row {
                            file,
                            line,
                            message: format!(
                                "{} cells for {} columns (a stray tab?)",
                                cells.len(),
                                header.len()
                            ),
                        });
                    }
                    notes.extend(pending.drain(..).map(|n| Note {
                        row_line: line,
                        ..n
                    }));
                    rows.push(Row { line, cells });
                }
            }
        }
        if let Some(note) = pending.first() {
            return Err(LexiconError::Row {
                file,
                line: note.line,
                message: "a note with no row after it".into(),
            });
        }
        let columns = columns.ok_or_else(|| LexiconError::Row {
            file,
            line: 1,
            message: "no header line".into(),
        })?;
        Ok(Table {
            file,
            columns,
            rows,
            notes,
        })
    }

    /// The file name given to [`Table::parse`].
    pub fn file(&self) -> &'static str {
        self.file
    }

    /// The column names, in order.
    pub fn columns(&self) -> &[&'a str] {
        &self.columns
    }

    /// The index of a column the file must have.
    ///
    /// # Errors
    /// When the header has no such column.
    pub fn column(&self, name: &str) -> Result<usize, LexiconError> {
        self.columns
            .iter()
            .position(|c| *c == name)
            .ok_or_else(|| LexiconError::Row {
                file: self.file,
                line: 1,
                message: format!("missing column `{name}`"),
            })
    }

    /// The index of a column the file may have.
    pub fn optional_column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| *c == name)
    }

    /// The data rows, in file order.
    pub fn rows(&self) -> &[Row<'a>] {
        &self.rows
    }

    /// Every note, in file order.
    pub fn notes(&self) -> &[Note<'a>] {
        &self.notes
    }

    /// The notes about `row`.
    pub fn notes_for(&self, row: &Row<'_>) -> Vec<&Note<'a>> {
        self.notes
            .iter()
            .filter(|n| n.row_line == row.line)
            .collect()
    }

    /// An error about `row`.
    pub fn error(&self, row: &Row<'_>, message: impl Into<String>) -> LexiconError {
        LexiconError::Row {
            file: self.file,
            line: row.line,
            message: message.into(),
        }
    }

    /// A cell that must not be empty.
    ///
    /// # Errors
    /// When the cell is empty or missing.
    pub fn required(
        &self,
        row: &Row<'a>,
        column: usize,
        name: &str,
    ) -> Result<&'a str, LexiconError> {
        let value = row.get(column);
        if value.is_empty() {
            Err(self.error(row, format!("empty `{name}`")))
        } else {
            Ok(value)
        }
    }
}

impl<'a> Row<'a> {
    /// A cell, "" where the row is short.
    pub fn get(&self, column: usize) -> &'a str {
        self.cells.get(column).copied().unwrap_or("")
    }

    /// A cell that may be absent: `None` for a missing column or an empty cell.
    pub fn get_opt(&self, column: Option<usize>) -> Option<&'a str> {
        column.map(|c| self.get(c)).filter(|v| !v.is_empty())
    }
}

/// Splits a `|`-separated list, trimming and dropping empty items.
pub fn split_list(cell: &str) -> impl Iterator<Item = &str> {
    cell.split('|').map(str::trim).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_header_and_line_numbers() {
        let text = "# a comment\n\na\tb\nx\ty\n# more\nz\n";
        let table = Table::parse("t.tsv", text).unwrap();
        assert_eq!(table.column("b").unwrap(), 1);
        assert!(table.column("c").is_err());
        let rows = table.rows();
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].line, rows[0].get(1)), (4, "y"));
        assert_eq!((rows[1].line, rows[1].get(1)), (6, ""));
        assert!(table.required(&rows[1], 1, "b").is_err());
    }

    #[test]
    fn too_many_cells_is_an_error_with_its_line() {
        let err = Table::parse("t.tsv", "a\tb\n1\t2\t3\n").err().unwrap();
        assert_eq!(
            err.to_string(),
            "t.tsv:2: 3 cells for 2 columns (a stray tab?)"
        );
        assert!(Table::parse("t.tsv", "# only\n").is_err());
    }

    #[test]
    fn notes_belong_to_the_next_row() {
        let text = "a\tb\n#@ x y|z w\tsource one\n# plain comment\n#@ v u\tsource two\n\
                    x y|z w|v u\t1\nq\t2\n";
        let table = Table::parse("t.tsv", text).unwrap();
        let rows = table.rows();
        let notes = table.notes_for(&rows[0]);
        assert_eq!(notes.len(), 2);
        assert_eq!(notes[0].phrases, vec!["x y", "z w"]);
        assert_eq!(
            (notes[0].source, notes[0].line, notes[0].row_line),
            ("source one", 2, 5)
        );
        assert_eq!(notes[1].phrases, vec!["v u"]);
        assert!(table.notes_for(&rows[1]).is_empty());
        assert_eq!(table.notes().len(), 2);
    }

    #[test]
    fn malformed_notes_are_errors() {
        let err = Table::parse("t.tsv", "a\n#@ x y\n1\n").err().unwrap();
        assert_eq!(
            err.to_string(),
            "t.tsv:2: a note is `#@ phrase|phrase<TAB>source`"
        );
        let err = Table::parse("t.tsv", "a\n1\n#@ x y\tsomewhere\n")
            .err()
            .unwrap();
        assert_eq!(err.to_string(), "t.tsv:3: a note with no row after it");
    }
}
