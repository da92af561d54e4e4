//! Sentence splitting for Arabic news.
//!
//! The splitter works on the normalized text (so Eastern digits are already ASCII and the
//! tatweel of `لـ"سكاي"` is gone) and reports each sentence both as a normalized byte range and
//! as a span of the original.
//!
//! Rules, in the order they are applied:
//!
//! 1. A line break (`\n`, `\r`, U+0085, U+2028, U+2029) always ends a sentence: news feeds put
//!    one paragraph per line, and no sentence is allowed to run across a paragraph.
//! 2. A run of terminators (`.` `!` `?` `؟` `؛` `۔`) ends a sentence, together with the closing
//!    quotes, brackets and the `/` that follow it directly (`...الإعدام".` and `بغداد./وقال`).
//!    The Arabic comma `،` never ends a sentence: Arabic news chains clauses with `، و`.
//! 3. A run that contains `!`, `?`, `؟`, `؛` or `۔` always ends a sentence (`به.؟!`), unless a
//!    comma follows (`«داعش!»، وقال`: the exclamation is inside the sentence).
//! 4. A single `.` does not end a sentence
//!    * between digits: times and decimals (`13.30`, `2.5`);
//!    * after a one-letter word: titles and initials (`د. الشمري` "Dr. al-Shimri", `م.` "Eng.",
//!      `ج. بوش`) and the era letter after a year (`عام 1956م. ` "in the year 1956 AD"; this one
//!      is ambiguous, a sentence may end there, and we keep it whole, as the brief asks);
//!    * after a Latin title (`Dr.`, `Mr.`, ...);
//!    * inside a dotted acronym or a web address, i.e. when a letter follows without a space
//!      (`إيه.بي.سي` "ABC", `sabq.org`). Scraped news often lose the space after a full stop
//!      (`بغداد.وقال`), so two Arabic words of three letters or more glued by a dot are split.
//! 5. Two or more dots alone (`..`, `...`, and `…` after NFKC) are a pause, not a full stop:
//!    Arabic columnists use them between clauses (`الخطرة.. التي تتحول`).
//! 6. Terminators inside a short quotation (`«...»`, `"..."`, `“...”` closed on the same line
//!    within [`MAX_QUOTE_BYTES`]) do not end the sentence that quotes them, except right before
//!    the closing quote: `وقالت في بيان "إذا بقينا فإننا نخشى على أرواحنا. ربما ..."` stays one
//!    sentence, with its attribution. An unclosed or very long quotation protects nothing, so a
//!    stray quote mark can never swallow a paragraph.
//! 7. A sentence longer than [`LONG_SENTENCE_CHARS`] (run-on paragraphs) is cut, only where it is
//!    safe, at clause boundaries: after an ellipsis, and before `، و` + a reporting verb
//!    (`، وأضاف`, `، وقالت`, `، وأشار`...), which always opens a new statement. Each piece keeps
//!    at least [`MIN_CLAUSE_CHARS`] characters; without a safe point the sentence is left whole.
//!
//! Sentences are trimmed of white space, in order, non-overlapping, and together they cover
//! every non-blank character of the normalized text.

use crate::{NormalizedText, Span};
use std::ops::Range;

/// A sentence: its byte range in the normalized text and its span in the original.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sentence {
    /// Byte range in [`NormalizedText::normalized`], trimmed of surrounding whitespace.
    pub normalized: Range<usize>,
    /// The same sentence in code points of the original.
    pub span: Span,
}

/// Quotations longer than this (in normalized bytes, about half as many Arabic letters) do not
/// protect the terminators inside them: a long quotation is a speech of several sentences.
pub const MAX_QUOTE_BYTES: usize = 600;

/// Sentences longer than this, in characters, are candidates for clause splitting.
pub const LONG_SENTENCE_CHARS: usize = 600;

/// The smallest piece, in characters, that clause splitting may leave on either side of a cut.
pub const MIN_CLAUSE_CHARS: usize = 120;

/// Splits a text into sentences, in order, covering every non-blank part of it.
///
/// ```
/// let text = rasd_text::NormalizedText::new("قُتل 3 مدنيين. وقال د. أحمد: «لن نتراجع.» ثم غادر");
/// let found: Vec<String> =
///     rasd_text::sentences(&text).iter().map(|s| text.surface(s.span)).collect();
/// assert_eq!(found, ["قُتل 3 مدنيين.", "وقال د. أحمد: «لن نتراجع.»", "ثم غادر"]);
/// ```
pub fn sentences(text: &NormalizedText) -> Vec<Sentence> {
    sentence_ranges(text.normalized())
        .into_iter()
        .map(|range| Sentence {
            span: text.original_span(range.clone()),
            normalized: range,
        })
        .collect()
}

/// The sentence byte ranges of an already normalized string (see the module docs).
///
/// Useful where no alignment is needed, such as lexicon compilation and tests.
pub fn sentence_ranges(normalized: &str) -> Vec<Range<usize>> {
    let mut splitter = Splitter {
        text: normalized,
        out: Vec::new(),
        start: 0,
    };
    splitter.run();
    splitter.out
}

/// Bytes that may belong to a character the splitter acts on. ASCII: `\n` `\r` `"` `.` `!`
/// `?`. Lead bytes: 0xC2 (U+0085, «, ») and 0xE2 (U+2028, U+2029, “, ”). Last bytes: 0x9B and
/// 0x9F (؛ U+061B and ؟ U+061F are D8 9B and D8 9F) and 0x94 (۔ U+06D4 is DB 94). The
/// Arabic terminators are found by their last byte because their lead byte 0xD8 starts half
/// the Arabic letters, while 0x9B, 0x9F and 0x94 end only rare letters and marks that
/// normalization drops: the skip loop then almost never stops for nothing.
static STOP_BYTE: [bool; 256] = {
    let mut table = [false; 256];
    let stops = [
        b'\n', b'\r', b'"', b'.', b'!', b'?', 0xC2, 0xE2, 0x9B, 0x9F, 0x94,
    ];
    let mut k = 0;
    while k < stops.len() {
        table[stops[k] as usize] = true;
        k += 1;
    }
    table
};

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{0085}' | '\u{2028}' | '\u{2029}')
}

fn is_terminator(c: char) -> bool {
    // ؟ U+061F Arabic question mark, ؛ U+061B Arabic semicolon, ۔ U+06D4 Urdu full stop (also
    // met in Arabic text typed on Persian or Urdu keyboards).
    matches!(c, '.' | '!' | '?' | '\u{061F}' | '\u{061B}' | '\u{06D4}')
}

/// Characters that close what the terminator ended and so stay with its sentence. The straight
/// quote `"` is handled apart because it opens as often as it closes.
fn is_closer(c: char) -> bool {
    matches!(c, '»' | '”' | '’' | '›' | ')' | ']' | '}' | '/' | '\'')
}

fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0620}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}')
}

/// Latin titles that take a full stop (lower case: normalization folds ASCII capitals).
const LATIN_TITLES: &[&str] = &[
    "dr", "mr", "mrs", "ms", "prof", "gen", "col", "lt", "sgt", "capt", "st", "jr", "sr", "vs",
    "no",
];

/// Reporting verbs, normalized, that open a new statement after `، و` (rule 7). The stem is
/// matched with an optional feminine `ت` or plural `وا` ending.
const REPORTING_VERBS: &[&str] = &[
    "قال", "اضاف", "اشار", "اكد", "ذكر", "اوضح", "تابع", "لفت", "اعلن", "افاد", "بين", "نقل",
];

struct Splitter<'t> {
    text: &'t str,
    out: Vec<Range<usize>>,
    /// Where the sentence being read begins (untrimmed).
    start: usize,
}

impl Splitter<'_> {
    fn run(&mut self) {
        let text = self.text;
        // Straight quotes seen on the current line, to tell an opening `"` from a closing one.
        let mut line_quotes = 0usize;
        // The byte offset of the quote that closes the short quotation we are in, if any.
        let mut protected_until: Option<usize> = None;
        // Ellipses of the current sentence, as safe clause boundaries for rule 7.
        let mut pauses: Vec<usize> = Vec::new();
        let bytes = text.as_bytes();
        let mut i = 0;
        loop {
            // Skip, a byte at a time, what can be neither a line break, a quote nor a
            // terminator: most of the text.
            while i < bytes.len() && !STOP_BYTE[usize::from(bytes[i])] {
                i += 1;
            }
            // A stop on a last byte: back to the start of its character, which is not before
            // where the skip began, since that was a character boundary.
            while !text.is_char_boundary(i) {
                i -= 1;
            }
            let Some(c) = text[i..].chars().next() else {
                break;
            };
            let next = i + c.len_utf8();
            if is_line_break(c) {
                self.emit(i, &pauses);
                pauses.clear();
                self.start = next;
                line_quotes = 0;
                protected_until = None;
                i = next;
                continue;
            }
            if protected_until == Some(i) {
                protected_until = None;
                if c == '"' {
                    line_quotes += 1;
                }
                i = next;
                continue;
            }
            match c {
                '"' => {
                    line_quotes += 1;
                    if protected_until.is_none() && line_quotes % 2 == 1 {
                        protected_until = self.find_quote_close(next, '"');
                    }
                }
                '«' if protected_until.is_none() => {
                    protected_until = self.find_quote_close(next, '»');
                }
                '“' if protected_until.is_none() => {
                    protected_until = self.find_quote_close(next, '”');
                }
                c if is_terminator(c) => {
                    let run_end = self.terminator_run_end(i);
                    // Rule 2: closers that follow directly stay with the sentence.
                    let mut end = run_end;
                    let mut closes_protected = false;
                    while let Some(d) = text[end..].chars().next() {
                        let closes = protected_until == Some(end);
                        if d == '"' && (closes || line_quotes % 2 == 1) {
                            line_quotes += 1;
                        } else if !is_closer(d) {
                            break;
                        }
                        if closes {
                            closes_protected = true;
                            protected_until = None;
                        }
                        end += d.len_utf8();
                    }
                    let ends = (protected_until.is_none() || closes_protected)
                        && self.run_ends_sentence(i, run_end)
                        && !self.comma_follows(end);
                    if ends {
                        self.emit(end, &pauses);
                        pauses.clear();
                        self.start = end;
                        // A quotation cannot stay open across a sentence we have ended.
                        protected_until = None;
                    } else if run_end - i >= 2 && text[i..run_end].bytes().all(|b| b == b'.') {
                        pauses.push(end);
                    }
                    i = end;
                    continue;
                }
                _ => {}
            }
            i = next;
        }
        self.emit(text.len(), &pauses);
    }

    /// The offset of `close` on the same line within [`MAX_QUOTE_BYTES`] after `from`.
    fn find_quote_close(&self, from: usize, close: char) -> Option<usize> {
        let window = &self.text[from..];
        for (offset, c) in window.char_indices() {
            if offset > MAX_QUOTE_BYTES || is_line_break(c) {
                return None;
            }
            if c == close {
                return Some(from + offset);
            }
        }
        None
    }

    fn terminator_run_end(&self, from: usize) -> usize {
        let rest = &self.text[from..];
        rest.char_indices()
            .find(|&(_, c)| !is_terminator(c))
            .map_or(self.text.len(), |(offset, _)| from + offset)
    }

    /// Rules 3 to 5 for the terminator run `[from, to)`.
    fn run_ends_sentence(&self, from: usize, to: usize) -> bool {
        let run = &self.text[from..to];
        if run.bytes().any(|b| b != b'.') {
            return true;
        }
        if run.len() >= 2 {
            return false;
        }
        let before = &self.text[..from];
        let after = &self.text[to..];
        let previous = before.chars().next_back();
        let following = after.chars().next();
        match (previous, following) {
            (Some(p), Some(f)) if p.is_ascii_digit() && f.is_ascii_digit() => false,
            (_, Some(f)) if crate::is_alphanumeric(f) => glued_sentences(before, after),
            (Some(p), _) if crate::is_alphabetic(p) => !is_abbreviation(before),
            _ => true,
        }
    }

    /// Whether the next non-blank character on the line is a comma, which continues the
    /// sentence (rule 3).
    fn comma_follows(&self, from: usize) -> bool {
        self.text[from..]
            .chars()
            .find(|&c| !c.is_whitespace() || is_line_break(c))
            .is_some_and(|c| matches!(c, '،' | ','))
    }

    /// Pushes the sentence from `self.start` to `end`, trimmed, cut at safe clause boundaries
    /// when it is very long.
    fn emit(&mut self, end: usize, pauses: &[usize]) {
        let Some(range) = trim(self.text, self.start..end) else {
            return;
        };
        let piece = &self.text[range.clone()];
        // Characters are at least one byte: a short byte length is a short sentence.
        if piece.len() <= LONG_SENTENCE_CHARS || piece.chars().count() <= LONG_SENTENCE_CHARS {
            self.out.push(range);
            return;
        }
        let mut cuts: Vec<usize> = pauses
            .iter()
            .copied()
            .filter(|&p| range.start < p && p < range.end)
            .collect();
        cuts.extend(reporting_clause_starts(self.text, range.clone()));
        cuts.sort_unstable();
        let mut last = range.start;
        for cut in cuts {
            let before = self.text[last..cut].chars().count();
            let after = self.text[cut..range.end].chars().count();
            if before >= MIN_CLAUSE_CHARS && after >= MIN_CLAUSE_CHARS {
                if let Some(r) = trim(self.text, last..cut) {
                    self.out.push(r);
                }
                last = cut;
            }
        }
        if let Some(r) = trim(self.text, last..range.end) {
            self.out.push(r);
        }
    }
}

/// Trims white space from both ends of `range`; `None` when nothing is left.
fn trim(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let piece = &text[range.clone()];
    let lead = piece.len() - piece.trim_start().len();
    let trail = piece.len() - piece.trim_end().len();
    (lead + trail < piece.len()).then(|| range.start + lead..range.end - trail)
}

/// The word (letters only) that ends `before`.
fn last_word(before: &str) -> &str {
    let start = before
        .char_indices()
        .rev()
        .take_while(|&(_, c)| crate::is_alphabetic(c))
        .last()
        .map_or(before.len(), |(i, _)| i);
    &before[start..]
}

/// Rule 4: a one-letter word or a Latin title before a full stop.
fn is_abbreviation(before: &str) -> bool {
    let word = last_word(before);
    word.chars().count() == 1 || LATIN_TITLES.contains(&word)
}

/// Rule 4, no space after the dot: two Arabic words of three letters or more are two
/// sentences that lost their space (`بغداد.وقال`); anything else is an acronym, an address or
/// a number (`إيه.بي.سي`, `sabq.org`).
fn glued_sentences(before: &str, after: &str) -> bool {
    let left = last_word(before);
    let right_len = after
        .char_indices()
        .find(|&(_, c)| !crate::is_alphabetic(c))
        .map_or(after.len(), |(i, _)| i);
    let right = &after[..right_len];
    let arabic_word = |w: &str| w.chars().count() >= 3 && w.chars().all(is_arabic_letter);
    arabic_word(left) && arabic_word(right) && !after[right_len..].starts_with('.')
}

/// Rule 7: offsets just after each `،` followed by `و` + a reporting verb within `range`.
fn reporting_clause_starts(text: &str, range: Range<usize>) -> Vec<usize> {
    let piece = &text[range.clone()];
    let mut out = Vec::new();
    for (offset, _) in piece.match_indices('،') {
        let after_comma = offset + '،'.len_utf8();
        let rest = piece[after_comma..].trim_start();
        let Some(verb) = rest.strip_prefix('و') else {
            continue;
        };
        let word_len = verb
            .char_indices()
            .find(|&(_, c)| !crate::is_alphabetic(c))
            .map_or(verb.len(), |(i, _)| i);
        let word = &verb[..word_len];
        let stem = word
            .strip_suffix("وا")
            .or_else(|| word.strip_suffix('ت'))
            .unwrap_or(word);
        if REPORTING_VERBS.contains(&stem) || REPORTING_VERBS.contains(&word) {
            out.push(range.start + after_comma);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(original: &str) -> Vec<String> {
        let text = NormalizedText::new(original);
        sentences(&text)
            .iter()
            .map(|s| text.surface(s.span))
            .collect()
    }

    #[test]
    fn table() {
        // (input, expected sentences as written in the original)
        let cases: &[(&str, &[&str])] = &[
            ("", &[]),
            ("   \n \t ", &[]),
            ("قتل رجل. وأصيب آخر", &["قتل رجل.", "وأصيب آخر"]),
            // The Arabic comma does not end a sentence.
            ("قتل رجل، وأصيب آخر.", &["قتل رجل، وأصيب آخر."]),
            ("هل قتل؟ نعم! بالتأكيد", &["هل قتل؟", "نعم!", "بالتأكيد"]),
            ("قتل رجل؛ وأصيب آخر", &["قتل رجل؛", "وأصيب آخر"]),
            ("قتل رجل۔ وأصيب آخر", &["قتل رجل۔", "وأصيب آخر"]),
            ("سطر\u{2029}سطر\u{0085}سطر", &["سطر", "سطر", "سطر"]),
            (
                "سطر أول\nسطر ثان\r\nسطر ثالث",
                &["سطر أول", "سطر ثان", "سطر ثالث"],
            ),
            // Times and decimals.
            (
                "في الساعة 13.30 بالتوقيت المحلي. ثم",
                &["في الساعة 13.30 بالتوقيت المحلي.", "ثم"],
            ),
            ("بنسبة ٢٫٥ في المئة", &["بنسبة ٢٫٥ في المئة"]),
            // Titles, initials and the era letter after a year.
            ("وأكد د. العتيبي أن المصاب", &["وأكد د. العتيبي أن المصاب"]),
            ("ولد عام 1956م. في القاهرة", &["ولد عام 1956م. في القاهرة"]),
            ("said Dr. Smith. Then", &["said Dr. Smith.", "Then"]),
            // Acronyms and addresses; glued sentences.
            (
                "شبكة (إيه.بي.سي) الأمريكية نقلا عن",
                &["شبكة (إيه.بي.سي) الأمريكية نقلا عن"],
            ),
            ("موقع sabq.org الإخباري", &["موقع sabq.org الإخباري"]),
            (
                "جنوب غربي الموصل./وقال المسؤولون",
                &["جنوب غربي الموصل./", "وقال المسؤولون"],
            ),
            (
                "شرقي بغداد.وقال المسؤولون",
                &["شرقي بغداد.", "وقال المسؤولون"],
            ),
            // Closing quotes stay with their sentence.
            (
                "وأضاف: \"حكومتا سوريا وروسيا مسؤولتان\". من جانبه",
                &["وأضاف: \"حكومتا سوريا وروسيا مسؤولتان\".", "من جانبه"],
            ),
            (
                "وقال: «لن نتراجع.» ثم غادر",
                &["وقال: «لن نتراجع.»", "ثم غادر"],
            ),
            (
                "وقال: \"لن نتراجع.\" ثم غادر",
                &["وقال: \"لن نتراجع.\"", "ثم غادر"],
            ),
            // A short quotation keeps its inner sentences with the attribution.
            (
                "وقالت في بيان \"إذا بقينا فإننا نخشى. ربما تؤخذ النساء\". وأشار",
                &[
                    "وقالت في بيان \"إذا بقينا فإننا نخشى. ربما تؤخذ النساء\".",
                    "وأشار",
                ],
            ),
            // An unclosed quote protects nothing.
            (
                "وقال \"لن نتراجع. ثم غادر",
                &["وقال \"لن نتراجع.", "ثم غادر"],
            ),
            // A quote after a full stop opens the next sentence.
            (
                "انتهى الأمر. \"لن نتراجع\" قال",
                &["انتهى الأمر.", "\"لن نتراجع\" قال"],
            ),
            // An exclamation followed by a comma is inside the sentence.
            ("تنظيم «داعش!»، وقال", &["تنظيم «داعش!»، وقال"]),
            // Ellipses are pauses; mixed runs end.
            ("الخطرة.. التي تتحول", &["الخطرة.. التي تتحول"]),
            (
                "من أين أتوا به.؟! نحن لا نعلم",
                &["من أين أتوا به.؟!", "نحن لا نعلم"],
            ),
            // Presentation forms and harakat map back to the original surface.
            ("قُتِلَ رَجُلٌ. ﻻ", &["قُتِلَ رَجُلٌ.", "ﻻ"]),
            (".", &["."]),
            ("...", &["..."]),
        ];
        for (input, expected) in cases {
            assert_eq!(split(input), *expected, "input {input:?}");
        }
    }

    #[test]
    fn long_run_on_sentences_are_cut_before_reporting_verbs() {
        let clause = "وذكرت مصادر محلية أن القصف استهدف الأحياء الشرقية من المدينة";
        let mut text = String::new();
        for _ in 0..6 {
            text.push_str(clause);
            text.push_str(" و");
        }
        text.push_str("أن الضحايا من المدنيين، وأضاف المصدر أن ");
        for _ in 0..6 {
            text.push_str(clause);
            text.push_str(" و");
        }
        text.push_str("انتهى.");
        let found = split(&text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].ends_with("المدنيين،"));
        assert!(found[1].starts_with("وأضاف المصدر"));
        // Without a safe point the sentence stays whole.
        let whole = clause.repeat(20);
        assert_eq!(split(&whole).len(), 1);
    }

    #[test]
    fn sentences_cover_the_text() {
        let original = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../examples/aleppo.txt"
        ))
        .unwrap_or_default();
        let text = NormalizedText::new(&original);
        let found = sentences(&text);
        let mut last = 0;
        for s in &found {
            assert!(s.normalized.start >= last);
            assert!(text.normalized()[last..s.normalized.start]
                .trim()
                .is_empty());
            last = s.normalized.end;
        }
        assert!(text.normalized()[last..].trim().is_empty());
        if !original.is_empty() {
            // 12 paragraphs; one holds a two-sentence quotation that stays whole.
            assert_eq!(found.len(), 12);
        }
    }
}
