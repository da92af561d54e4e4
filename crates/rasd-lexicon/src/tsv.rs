//! The one TSV reader every lexicon file goes through: `#` comment lines and blank lines are
//! skipped, the first other line is the header, and every error names the file and line.

use crate::lexicons::LexiconError;

/// A parsed table: column names and rows, each row with its 1-based line number.
pub(crate) struct Table<'a> {
    file: &'static str,
    columns: Vec<&'a str>,
    rows: Vec<Row<'a>>,
}

/// One data row.
pub(crate) struct Row<'a> {
    /// 1-based line in the file.
    pub line: usize,
    cells: Vec<&'a str>,
}

impl<'a> Table<'a> {
    /// Splits `text` into a header and rows.
    pub(crate) fn parse(file: &'static str, text: &'a str) -> Result<Self, LexiconError> {
        let mut columns: Option<Vec<&str>> = None;
        let mut rows = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line = index + 1;
            let content = raw.trim_end_matches('\r');
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
                    rows.push(Row { line, cells });
                }
            }
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
        })
    }

    /// The index of a column the file must have.
    pub(crate) fn column(&self, name: &str) -> Result<usize, LexiconError> {
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
    pub(crate) fn optional_column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|c| *c == name)
    }

    /// The data rows, in file order.
    pub(crate) fn rows(&self) -> &[Row<'a>] {
        &self.rows
    }

    /// An error about `row`.
    pub(crate) fn error(&self, row: &Row<'_>, message: impl Into<String>) -> LexiconError {
        LexiconError::Row {
            file: self.file,
            line: row.line,
            message: message.into(),
        }
    }

    /// A cell that must not be empty.
    pub(crate) fn required(
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
    pub(crate) fn get(&self, column: usize) -> &'a str {
        self.cells.get(column).copied().unwrap_or("")
    }

    /// A cell that may be absent: `None` for a missing column or an empty cell.
    pub(crate) fn get_opt(&self, column: Option<usize>) -> Option<&'a str> {
        column.map(|c| self.get(c)).filter(|v| !v.is_empty())
    }
}

/// Splits a `|`-separated list, trimming and dropping empty items.
pub(crate) fn split_list(cell: &str) -> impl Iterator<Item = &str> {
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
}
