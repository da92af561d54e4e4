//! The table `rasd extract` prints for a person: a heading line per document, then a row per
//! event, with columns fitted to the terminal's width.
//!
//! Widths are settled once, before the first record, so the table streams however long the
//! run. Every column starts at its narrowest useful width; what the terminal has left goes
//! first to actors and place, then to the type until every ACLED label fits on one line, then
//! to the rest. Dates and figures are never cut; a type label too long for its column wraps at
//! a space or a slash (two lines at most at the narrowest); place and actors are cut at the end
//! of their reading with an ellipsis, the Arabic kept in a bidirectional isolate so a terminal
//! that lays out Arabic right to left keeps the ellipsis on the left, where the text goes on,
//! and the columns in place.

use std::io::{self, Write};

use rasd_extract::record::{DocumentInfo, Event};
use rasd_extract::DocumentRecord;
use rasd_tables::{acled_actors, EventCore};

/// Width assumed when neither `COLUMNS` nor the terminal tells one (a table sent to a pipe).
const DEFAULT_WIDTH: usize = 120;
/// From this width on, columns are two spaces apart; below, one.
const WIDE_SEPARATOR_FROM: usize = 110;

/// The columns, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Column {
    Number,
    Type,
    Date,
    Place,
    Actors,
    Figures,
    Modality,
}

/// Title, narrowest and widest width (terminal cells) of each column, in order. The widest
/// type is ACLED's longest sub-event label ("Non-state actor overtakes territory"); at the
/// narrowest, 20, every label wraps onto two lines at most.
const COLUMNS: [(Column, &str, usize, usize); 7] = [
    (Column::Number, "#", 3, 3),
    (Column::Type, "type", 20, 35),
    (Column::Date, "date", 10, 10),
    (Column::Place, "place", 8, 26),
    (Column::Actors, "actors", 10, 40),
    (Column::Figures, "dead/hurt", 9, 9),
    (Column::Modality, "modality", 8, 12),
];

/// Where spare width goes, in order: each step widens a column up to the given width.
const GROWTH: [(Column, usize); 8] = [
    (Column::Actors, 16),
    (Column::Place, 12),
    (Column::Type, 35),
    (Column::Modality, 12),
    (Column::Actors, 28),
    (Column::Place, 20),
    (Column::Actors, 40),
    (Column::Place, 26),
];

/// The terminal width to fit: `COLUMNS` when set to a number (as `ls` reads it), else the
/// width of the terminal on stdout, else [`DEFAULT_WIDTH`].
pub fn terminal_width() -> usize {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|&w| w > 0)
        .or_else(|| {
            console::Term::stdout()
                .size_checked()
                .map(|(_, columns)| usize::from(columns))
        })
        .unwrap_or(DEFAULT_WIDTH)
}

/// Column widths for one terminal width.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    width: usize,
    columns: [usize; 7],
    separator: &'static str,
}

impl Layout {
    /// The layout for a terminal `width` cells wide. Below the sum of the narrowest widths
    /// (74 cells) lines are longer than the terminal; nothing is cut further.
    pub fn new(width: usize) -> Self {
        let separator = if width >= WIDE_SEPARATOR_FROM {
            "  "
        } else {
            " "
        };
        let mut columns = COLUMNS.map(|(_, _, narrowest, _)| narrowest);
        let used: usize = columns.iter().sum::<usize>() + separator.len() * (columns.len() - 1);
        let mut spare = width.saturating_sub(used);
        for (column, target) in GROWTH {
            let cell = &mut columns[column as usize];
            let grow = target.saturating_sub(*cell).min(spare);
            *cell += grow;
            spare -= grow;
        }
        Layout {
            width,
            columns,
            separator,
        }
    }

    fn of(&self, column: Column) -> usize {
        self.columns[column as usize]
    }

    /// Writes the column titles and a rule.
    ///
    /// # Errors
    /// When `out` fails.
    pub fn write_header<W: Write>(&self, out: &mut W) -> io::Result<()> {
        let titles = COLUMNS.map(|(_, title, _, _)| title.to_owned());
        self.write_line(out, &titles)?;
        let rule = self.columns.map(|width| "─".repeat(width));
        self.write_line(out, &rule)
    }

    /// Writes the heading line of `record`'s document and a row (or two, for a wrapped type)
    /// per event.
    ///
    /// # Errors
    /// When `out` fails.
    pub fn write_record<W: Write>(&self, out: &mut W, record: &DocumentRecord) -> io::Result<()> {
        let events = match record.events.len() {
            0 => "no events".to_owned(),
            1 => "1 event".to_owned(),
            n => format!("{n} events"),
        };
        let date = record.doc.date.as_deref().unwrap_or("no date");
        let heading = format!("{} · {date} · {events}", one_line(&record.doc.id));
        writeln!(out, "{}", fit(&heading, self.width).trim_end())?;
        for (i, event) in record.events.iter().enumerate() {
            let cells = event_cells(&record.doc, event, i);
            let mut type_lines = wrap(&cells[Column::Type as usize], self.of(Column::Type));
            let rest = type_lines.split_off(1.min(type_lines.len()));
            let mut first = cells;
            first[Column::Type as usize] = type_lines.pop().unwrap_or_default();
            self.write_line(out, &first)?;
            for line in rest {
                let mut cells: [String; 7] = Default::default();
                cells[Column::Type as usize] = line;
                self.write_line(out, &cells)?;
            }
        }
        Ok(())
    }

    fn write_line<W: Write>(&self, out: &mut W, cells: &[String; 7]) -> io::Result<()> {
        let mut line = String::new();
        for (i, (cell, width)) in cells.iter().zip(self.columns).enumerate() {
            if i > 0 {
                line.push_str(self.separator);
            }
            line.push_str(&fit(cell, width));
        }
        writeln!(out, "{}", line.trim_end())
    }
}

/// The cells of an event's row, uncut: the type as ACLED's sub-event label (the type's own
/// name for the verbal types, which ACLED has not).
fn event_cells(doc: &DocumentInfo, event: &Event, index: usize) -> [String; 7] {
    let number = event
        .id
        .rsplit_once('#')
        .map(|(_, n)| format!("#{n}"))
        .unwrap_or_else(|| format!("#{}", index + 1));
    let label = event.acled.sub_event_type.to_string();
    let label = if label.is_empty() {
        let name = event.event_type.to_string().replace('_', " ");
        let mut letters = name.chars();
        letters
            .next()
            .map(|first| first.to_uppercase().chain(letters).collect())
            .unwrap_or_default()
    } else {
        label
    };
    let place = event
        .location
        .as_ref()
        .map(|l| match &l.country {
            Some(country) if !country.is_empty() => format!("{} ({country})", l.name),
            _ => l.name.clone(),
        })
        .unwrap_or_default();
    // The figures and actors every output gives the event: `rasd_tables`'s, the merge rule's
    // figure of one report.
    let core = EventCore::of_record(doc, event);
    let (actor1, actor2) = acled_actors(&core.actors);
    let actors = match (actor1, actor2) {
        (Some(a), Some(b)) => format!("{} → {}", a.text, b.text),
        (Some(a), None) => a.text.clone(),
        (None, Some(b)) => format!("→ {}", b.text),
        (None, None) => String::new(),
    };
    let figure = |best: Option<u64>| best.map_or("-".to_owned(), |n| n.to_string());
    [
        number,
        label,
        event.date.value.clone().unwrap_or_else(|| "?".to_owned()),
        place,
        actors,
        format!(
            "{}/{}",
            figure(core.killed.map(|f| f.best)),
            figure(core.injured.map(|f| f.best))
        ),
        event.modality.to_string(),
    ]
}

/// `s` broken into lines of at most `width` cells, after a space or a slash; a word longer
/// than the width is cut by [`fit`] later.
fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut word = String::new();
    let flush_word = |line: &mut String, word: &mut String, lines: &mut Vec<String>| {
        if !line.is_empty() && display_width(line) + display_width(word.trim_end()) > width {
            lines.push(line.trim_end().to_owned());
            line.clear();
        }
        line.push_str(word);
        word.clear();
    };
    for c in s.chars() {
        word.push(c);
        if c == ' ' || c == '/' {
            flush_word(&mut line, &mut word, &mut lines);
        }
    }
    flush_word(&mut line, &mut word, &mut lines);
    if !line.trim_end().is_empty() || lines.is_empty() {
        lines.push(line.trim_end().to_owned());
    }
    lines
}

/// `s` with every control character (line breaks, tabs, escapes) turned into a space, so input
/// text cannot move the cursor or send escape sequences to the terminal.
fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Whether `c` is of a right-to-left script (Hebrew, Arabic, Syriac, Thaana, N'Ko and their
/// presentation forms).
fn is_right_to_left(c: char) -> bool {
    matches!(c as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF)
}

/// First-strong isolate and its end (Unicode bidirectional algorithm, UAX #9): the text
/// between them is laid out on its own, in the direction of its first letter.
const ISOLATE: (char, char) = ('\u{2068}', '\u{2069}');

/// `s` on one line, cut to `width` cells (ending in `…` when cut) and padded with spaces to
/// exactly `width` cells. Text with right-to-left letters is wrapped in an isolate, so the
/// padding and the next column stay where they are in a terminal that applies the
/// bidirectional algorithm (the isolate marks take no cell).
pub fn fit(s: &str, width: usize) -> String {
    let s = one_line(s);
    let s = s.trim();
    let mut cell = String::new();
    let mut used = 0;
    if display_width(s) <= width {
        cell.push_str(s);
        used = display_width(s);
    } else if width > 0 {
        for c in s.chars() {
            let w = char_width(c);
            if used + w + 1 > width {
                break;
            }
            cell.push(c);
            used += w;
        }
        let kept = cell.trim_end().len();
        used -= cell.len() - kept;
        cell.truncate(kept);
        cell.push('…');
        used += 1;
    }
    if cell.chars().any(is_right_to_left) {
        cell = format!("{}{cell}{}", ISOLATE.0, ISOLATE.1);
    }
    cell.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    cell
}

/// Terminal cells a character takes: 0 for combining marks (Arabic harakat, shadda) and
/// invisible format characters, 2 for East Asian wide characters and emoji, else 1. A small
/// table instead of a Unicode width crate: rasd prints Arabic and Latin text.
fn char_width(c: char) -> usize {
    let c = c as u32;
    let zero = [
        0x0300..=0x036F,
        0x0483..=0x0489,
        0x0591..=0x05BD,
        0x0610..=0x061A,
        0x064B..=0x065F,
        0x0670..=0x0670,
        0x06D6..=0x06DC,
        0x06DF..=0x06E4,
        0x06E7..=0x06E8,
        0x06EA..=0x06ED,
        0x08D3..=0x08FF,
        0x200B..=0x200F,
        0x202A..=0x202E,
        0x2060..=0x2069,
        0xFE00..=0xFE0F,
        0xFEFF..=0xFEFF,
    ];
    let wide = [
        0x1100..=0x115F,
        0x2E80..=0xA4CF,
        0xAC00..=0xD7A3,
        0xF900..=0xFAFF,
        0xFE30..=0xFE4F,
        0xFF00..=0xFF60,
        0xFFE0..=0xFFE6,
        0x1F300..=0x1FAFF,
        0x20000..=0x3FFFD,
    ];
    if zero.iter().any(|r| r.contains(&c)) {
        0
    } else if wide.iter().any(|r| r.contains(&c)) {
        2
    } else {
        1
    }
}

/// Terminal cells `s` takes.
pub fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_fit_their_columns() {
        assert_eq!(fit("abc", 5), "abc  ");
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("ab def", 4), "ab… ");
        assert_eq!(fit("a\x1b[31mb", 8), "a [31mb ");
        // Harakat take no cell: قُتِلَ is three cells wide.
        assert_eq!(display_width("قُتِلَ"), 3);
        assert_eq!(display_width(&fit("قُتِلَ", 6)), 6);
        // Arabic is kept from its start (the right, as it reads) and isolated.
        let cut = fit("طيران النظام السوري", 7);
        assert_eq!(display_width(&cut), 7);
        assert_eq!(cut, "\u{2068}طيران…\u{2069} ");
    }

    #[test]
    fn labels_wrap_at_spaces_and_slashes() {
        assert_eq!(wrap("Armed clash", 20), ["Armed clash"]);
        assert_eq!(
            wrap("Non-state actor overtakes territory", 20),
            ["Non-state actor", "overtakes territory"]
        );
        assert_eq!(
            wrap("Shelling/artillery/missile attack", 20),
            ["Shelling/artillery/", "missile attack"]
        );
        assert_eq!(wrap("", 20), [""]);
    }

    #[test]
    fn every_acled_label_fits_two_lines_at_the_narrowest() {
        for label in include_str!("../../../data/taxonomy.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with("type\t"))
            .filter_map(|l| l.split('\t').nth(3))
        {
            let lines = wrap(label, COLUMNS[1].2);
            assert!(lines.len() <= 2, "{label}: {lines:?}");
            assert!(lines.iter().all(|l| display_width(l) <= COLUMNS[1].2));
            assert!(display_width(label) <= COLUMNS[1].3, "{label}");
        }
    }

    #[test]
    fn layouts_fill_the_terminal() {
        for width in [74, 80, 100, 120, 160, 200] {
            let layout = Layout::new(width);
            let total: usize = layout.columns.iter().sum::<usize>()
                + layout.separator.len() * (layout.columns.len() - 1);
            assert!(total <= width, "{width}: {layout:?}");
        }
        assert_eq!(Layout::new(80).of(Column::Type), 20);
        assert_eq!(Layout::new(110).of(Column::Type), 35);
        assert_eq!(Layout::new(40).columns, Layout::new(74).columns);
    }
}
