//! Normalization for matching, with an alignment back to the original text.
//!
//! What is done, in order, to each original character:
//!
//! 1. Compatibility characters (Arabic presentation forms U+FB50..U+FDFF and U+FE70..U+FEFF,
//!    full-width forms, ligatures) are replaced by their NFKC form; one original character can
//!    become several (ﻻ → لا).
//! 2. Harakat (U+064B..U+065F, U+0670), Quranic annotation marks (U+06D6..U+06ED), tatweel
//!    (U+0640) and invisible format characters (bidi marks, zero-width joiners, BOM) are removed.
//! 3. Letters are folded so that spelling variants meet: alef with hamza or madda and alef wasla
//!    → ا, alef maqsura and Persian yeh → ي, ta marbuta → ه, hamza on waw → و, hamza on yeh → ي,
//!    Persian kaf → ك; Eastern Arabic and Persian digits → ASCII digits; the Arabic decimal and
//!    thousands separators → `.` and `,`; Latin capitals → lower case; every kind of space → ` `.
//!
//! Folding is for matching only: the original text is kept unchanged and every span reported
//! to users points into it. The folding is the usual one of Arabic information retrieval
//! (Larkey, Ballesteros and Connell 2002, "light stemming"; the same letters as CAMeL Tools'
//! `normalize_alef_ar`, `normalize_alef_maksura_ar`, `normalize_teh_marbuta_ar`).

use unicode_normalization::UnicodeNormalization;

/// A `[start, end)` range in Unicode code points of the original text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Span {
    /// First code point.
    pub start: usize,
    /// One past the last code point.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// Number of code points covered.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers nothing.
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// The smallest span covering both.
    pub fn cover(&self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// Whether the two spans share at least one code point.
    pub fn overlaps(&self, other: Span) -> bool {
        self.start < other.end && other.start < self.end
    }
}

/// Clamps a byte range to `text` and snaps it outwards to character boundaries, so that any
/// range a caller passes (reversed, out of bounds, inside a character) can be sliced safely.
///
/// ```
/// let s = "قتل";
/// assert_eq!(rasd_text::clamp_range(s, 1..99), 0..s.len());
/// // A reversed range inside a character becomes that whole character.
/// assert_eq!(rasd_text::clamp_range(s, 5..2), 4..6);
/// ```
pub fn clamp_range(text: &str, range: std::ops::Range<usize>) -> std::ops::Range<usize> {
    let mut start = range.start.min(text.len());
    let mut end = range.end.min(text.len()).max(start);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    start..end
}

/// What normalization does with one character that needs no NFKC step.
enum Fold {
    Keep,
    Drop,
    Into(char),
}

fn fold(c: char) -> Fold {
    match c {
        // Harakat, superscript alef, Quranic marks, tatweel.
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{06D6}'..='\u{06ED}' | '\u{0640}' => Fold::Drop,
        // Invisible format characters: zero-width space/joiners, bidi marks and embeddings,
        // Arabic letter mark, BOM / zero-width no-break space, soft hyphen.
        '\u{200B}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}'
        | '\u{2066}'..='\u{2069}'
        | '\u{061C}'
        | '\u{FEFF}'
        | '\u{00AD}' => Fold::Drop,
        'أ' | 'إ' | 'آ' | 'ٱ' | '\u{0672}' | '\u{0673}' => Fold::Into('ا'),
        'ى' | 'ی' | 'ئ' => Fold::Into('ي'),
        'ة' => Fold::Into('ه'),
        'ؤ' => Fold::Into('و'),
        'ک' => Fold::Into('ك'),
        '٠'..='٩' => Fold::Into(char::from(b'0' + (c as u32 - 0x0660) as u8)),
        '۰'..='۹' => Fold::Into(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
        '٫' => Fold::Into('.'),
        '٬' => Fold::Into(','),
        'A'..='Z' => Fold::Into(c.to_ascii_lowercase()),
        '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\t' => {
            Fold::Into(' ')
        }
        _ => Fold::Keep,
    }
}

/// Whether `c` may change under NFKC and so needs the slow path. ASCII and the basic Arabic
/// block never do; everything else is asked of the Unicode tables.
fn needs_nfkc(c: char) -> bool {
    !c.is_ascii()
        && !('\u{0600}'..='\u{06FF}').contains(&c)
        && !matches!(
            unicode_normalization::is_nfkc_quick(std::iter::once(c)),
            unicode_normalization::IsNormalized::Yes
        )
}

/// Folds one character as matching does, ignoring the NFKC step; `None` when it is dropped.
///
/// ```
/// assert_eq!(rasd_text::fold_char('أ'), Some('ا'));
/// assert_eq!(rasd_text::fold_char('\u{064E}'), None); // fatha
/// assert_eq!(rasd_text::fold_char('٣'), Some('3'));
/// ```
pub fn fold_char(c: char) -> Option<char> {
    match fold(c) {
        Fold::Keep => Some(c),
        Fold::Drop => None,
        Fold::Into(f) => Some(f),
    }
}

/// Calls `emit` for every normalized character with the original code-point index it comes
/// from. The single place where normalization is defined.
fn for_each_normalized(original: &str, mut emit: impl FnMut(char, usize)) {
    for (index, c) in original.chars().enumerate() {
        if needs_nfkc(c) {
            for d in std::iter::once(c).nfkc() {
                // The NFKC output can itself hold harakat or letters to fold (ﷺ, ﻷ).
                if let Some(f) = fold_char(d) {
                    emit(f, index);
                }
            }
        } else if let Some(f) = fold_char(c) {
            emit(f, index);
        }
    }
}

/// Normalizes a string for matching (see the module docs). Lexicons are compiled with this
/// function and documents are matched with it, so both sides always agree.
///
/// ```
/// // "قُتِلَ" with harakat and "إدلب" with hamza meet their plain spellings.
/// assert_eq!(rasd_text::normalize("قُتِلَ"), "قتل");
/// assert_eq!(rasd_text::normalize("إدلب"), "ادلب");
/// assert_eq!(rasd_text::normalize("مدينة ١٣٧"), "مدينه 137");
/// ```
pub fn normalize(original: &str) -> String {
    let mut out = String::with_capacity(original.len());
    for_each_normalized(original, |c, _| out.push(c));
    out
}

/// A document's original text, its normalized form, and the alignment between them.
///
/// The alignment holds, for every normalized character, its byte offset in the normalized
/// string and the code point in the original it comes from. A normalized range maps back to the
/// original range from the first character's source to the last one's source end, which takes
/// in the harakat and tatweel that were dropped after it: the surface form as written.
#[derive(Clone, Debug)]
pub struct NormalizedText {
    original: String,
    original_chars: usize,
    normalized: String,
    /// Byte offset in `normalized` of each normalized character.
    normalized_offsets: Vec<u32>,
    /// Code-point index in `original` of the character each normalized character comes from.
    source: Vec<u32>,
    /// Byte offset in `original` of every [`CHECKPOINT`]th code point, so that a span's
    /// surface is found without walking the text from its start.
    checkpoints: Vec<u32>,
}

/// Code points between two entries of `NormalizedText::checkpoints`.
const CHECKPOINT: usize = 64;

impl NormalizedText {
    /// Normalizes `original`, keeping the way back.
    ///
    /// Texts longer than `u32::MAX` bytes are not supported; callers cut documents far below
    /// that (see `rasd-extract`'s document size limit).
    pub fn new(original: &str) -> Self {
        let mut normalized = String::with_capacity(original.len());
        let mut normalized_offsets = Vec::with_capacity(original.len() / 2 + 1);
        let mut source = Vec::with_capacity(original.len() / 2 + 1);
        for_each_normalized(original, |c, index| {
            normalized_offsets.push(normalized.len() as u32);
            source.push(index as u32);
            normalized.push(c);
        });
        // Counting separately keeps trailing dropped characters in the total.
        let mut original_chars = 0usize;
        let mut checkpoints = Vec::with_capacity(original.len() / (2 * CHECKPOINT) + 1);
        for (i, (byte, _)) in original.char_indices().enumerate() {
            if i % CHECKPOINT == 0 {
                checkpoints.push(byte as u32);
            }
            original_chars = i + 1;
        }
        NormalizedText {
            original: original.to_owned(),
            original_chars,
            normalized,
            normalized_offsets,
            source,
            checkpoints,
        }
    }

    /// The text as given.
    pub fn original(&self) -> &str {
        &self.original
    }

    /// Number of code points in the original text.
    pub fn original_len_chars(&self) -> usize {
        self.original_chars
    }

    /// The normalized text that lexicons are matched against.
    pub fn normalized(&self) -> &str {
        &self.normalized
    }

    /// Index of the normalized character that starts at byte `offset`, or the count of
    /// characters when `offset` is the end. Offsets inside a character round down.
    fn char_index(&self, offset: usize) -> usize {
        if offset >= self.normalized.len() {
            return self.normalized_offsets.len();
        }
        match self.normalized_offsets.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        }
    }

    /// Where the normalized character `i` ends in the original (exclusive): at the next kept
    /// character's source, or one past its own when the next one comes from the same original
    /// character (an NFKC expansion).
    fn source_end(&self, i: usize) -> usize {
        let start = self.source[i] as usize;
        match self.source.get(i + 1) {
            Some(&next) if next as usize > start => next as usize,
            Some(_) => start + 1,
            None => self.original_chars,
        }
    }

    /// Maps a byte range of the normalized text to a span of the original in code points.
    ///
    /// An empty range maps to an empty span at the corresponding original position.
    pub fn original_span(&self, normalized: std::ops::Range<usize>) -> Span {
        let first = self.char_index(normalized.start);
        let end_char = self.char_index(normalized.end);
        let start = self
            .source
            .get(first)
            .map_or(self.original_chars, |&s| s as usize);
        if end_char <= first {
            return Span::new(start, start);
        }
        Span::new(start, self.source_end(end_char - 1))
    }

    /// The original code point index where the normalized byte `offset` begins.
    pub fn original_offset(&self, offset: usize) -> usize {
        self.original_span(offset..offset).start
    }

    /// The surface form of an original span: the characters `[start, end)` of the original.
    pub fn surface(&self, span: Span) -> String {
        let start = self.byte_of_char(span.start);
        let end = self.byte_of_char(span.end.max(span.start));
        self.original[start..end].to_owned()
    }

    /// Byte offset in the original of code point `index` (the length at or past the end),
    /// walking at most [`CHECKPOINT`] code points from the nearest checkpoint.
    fn byte_of_char(&self, index: usize) -> usize {
        if index >= self.original_chars {
            return self.original.len();
        }
        let base = self.checkpoints[index / CHECKPOINT] as usize;
        self.original[base..]
            .char_indices()
            .nth(index % CHECKPOINT)
            .map_or(self.original.len(), |(i, _)| base + i)
    }

    /// Bytes used by the text and its alignment, for capacity planning.
    pub fn memory_usage(&self) -> usize {
        self.original.capacity()
            + self.normalized.capacity()
            + 4 * (self.normalized_offsets.capacity()
                + self.source.capacity()
                + self.checkpoints.capacity())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_letters_and_digits() {
        let cases = [
            ("أحمد", "احمد"),
            ("إدلب", "ادلب"),
            ("آمن", "امن"),
            ("مستشفى", "مستشفي"),
            ("الزبدية", "الزبديه"),
            ("مسؤول", "مسوول"),
            ("رئيس", "رييس"),
            ("١٣٧", "137"),
            ("۱۲", "12"),
            ("قُتِلَ", "قتل"),
            ("شـــرق", "شرق"),
            ("ISIS", "isis"),
            ("a\u{00A0}b", "a b"),
        ];
        for (input, expected) in cases {
            assert_eq!(normalize(input), expected, "input {input}");
        }
    }

    #[test]
    fn presentation_forms_become_letters() {
        // U+FEFB is the lam-alef ligature, U+FE8D an isolated alef.
        assert_eq!(normalize("\u{FEFB}\u{FE8D}"), "لاا");
    }

    #[test]
    fn spans_map_back_through_dropped_and_expanded_characters() {
        let text = NormalizedText::new("قُتِلَ في \u{FEFB}ذقية");
        assert_eq!(text.normalized(), "قتل في لاذقيه");
        let norm = text.normalized();
        let start = norm.find("قتل").unwrap();
        let span = text.original_span(start..start + "قتل".len());
        assert_eq!(text.surface(span), "قُتِلَ");
        let start = norm.find("لاذقيه").unwrap();
        let span = text.original_span(start..norm.len());
        assert_eq!(text.surface(span), "\u{FEFB}ذقية");
        // Half a ligature still maps to the whole original character.
        let span = text.original_span(start..start + 'ل'.len_utf8());
        assert_eq!(text.surface(span), "\u{FEFB}");
    }

    #[test]
    fn surface_agrees_with_its_definition_across_checkpoints() {
        // Mixed widths (ASCII, Arabic, harakat, an emoji) over several checkpoints.
        let original = "قُتِلَ 3 في حلب 😀 and more, ".repeat(40);
        let text = NormalizedText::new(&original);
        let n = original.chars().count();
        for start in (0..=n + 2).step_by(7) {
            for end in (start..=n + 3).step_by(13) {
                let expected: String = original
                    .chars()
                    .skip(start)
                    .take(end.saturating_sub(start))
                    .collect();
                assert_eq!(
                    text.surface(Span::new(start, end)),
                    expected,
                    "{start}..{end}"
                );
            }
        }
        // A reversed span is empty, as before.
        assert_eq!(text.surface(Span::new(10, 5)), "");
    }

    #[test]
    fn empty_text() {
        let text = NormalizedText::new("");
        assert_eq!(text.original_span(0..0), Span::new(0, 0));
        let text = NormalizedText::new("\u{064E}");
        assert_eq!(text.normalized(), "");
        // Nothing is kept, so the normalized start is the original end.
        assert_eq!(text.original_span(0..0), Span::new(1, 1));
    }
}
