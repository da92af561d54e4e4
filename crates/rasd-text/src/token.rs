//! Tokens: words, numbers and punctuation of the normalized text.
//!
//! * A **word** is a run of letters of any script, clitics included (`والقوات` is one token;
//!   [`crate::segment`] takes it apart). Combining marks that normalization keeps (Arabic
//!   honorifics U+0610..U+061A, marks of other scripts, variation selectors, emoji modifiers)
//!   stay with the character before them, so a token never splits a grapheme that way.
//! * A **number** is a run of ASCII digits (Eastern Arabic and Persian digits are ASCII after
//!   normalization) with single `,` or `.` between digits: `1,500`, `13.30`, `13,30`.
//! * Everything else that is not white space is **punctuation**, one character per token.
//!
//! Digits glued to letters are split, in either order: news copy often loses the space
//! (`بمقتل18` "with the killing of 18" → `بمقتل` + `18`; `1436ه` → `1436` + `ه` for the Hijri
//! year).

use crate::{NormalizedText, Span};
use std::ops::Range;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters (any script), possibly with clitics attached.
    Word,
    /// Digits, possibly with separators (1,500 / 2.5).
    Number,
    /// Anything else that is not whitespace.
    Punctuation,
}

/// A token of the normalized text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Token {
    /// Byte range in the normalized text.
    pub normalized: Range<usize>,
    /// Span in the original.
    pub span: Span,
    /// Kind.
    pub kind: TokenKind,
}

/// Tokens of `range` (a byte range of the normalized text), in order.
///
/// A range reaching past the end is cut to the text, and an offset inside a character is
/// rounded down to its start, so no input panics.
///
/// ```
/// use rasd_text::{tokens, NormalizedText, TokenKind};
/// let text = NormalizedText::new("بمقتل١٨ من العناصر، و1,500 جريح");
/// let found: Vec<(String, TokenKind)> = tokens(&text, 0..text.normalized().len())
///     .iter()
///     .map(|t| (text.surface(t.span), t.kind))
///     .collect();
/// assert_eq!(found[0], ("بمقتل".to_string(), TokenKind::Word));
/// assert_eq!(found[1], ("١٨".to_string(), TokenKind::Number));
/// assert_eq!(found[4], ("،".to_string(), TokenKind::Punctuation));
/// assert_eq!(found[6], ("1,500".to_string(), TokenKind::Number));
/// ```
pub fn tokens(text: &NormalizedText, range: Range<usize>) -> Vec<Token> {
    token_ranges(text.normalized(), range)
        .into_iter()
        .map(|(normalized, kind)| Token {
            span: text.original_span(normalized.clone()),
            normalized,
            kind,
        })
        .collect()
}

/// The token byte ranges and kinds of `range` in an already normalized string.
pub fn token_ranges(normalized: &str, range: Range<usize>) -> Vec<(Range<usize>, TokenKind)> {
    let range = clamp_to_chars(normalized, range);
    let base = range.start;
    let piece = &normalized[range];
    // Arabic words average about 5 letters and a space: 12 bytes per token is a fair guess.
    let mut out = Vec::with_capacity(piece.len() / 12 + 1);
    let mut current: Option<(usize, TokenKind)> = None;
    let mut chars = piece.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let class = class_of(c);
        let kind = match class {
            Class::Space => {
                if let Some((start, kind)) = current.take() {
                    out.push((base + start..base + i, kind));
                }
                continue;
            }
            Class::Mark if current.is_some() => continue,
            Class::Mark | Class::Other => TokenKind::Punctuation,
            Class::Digit => TokenKind::Number,
            Class::Letter => TokenKind::Word,
        };
        match current {
            Some((_, TokenKind::Word)) if kind == TokenKind::Word => continue,
            Some((_, TokenKind::Number)) if kind == TokenKind::Number => continue,
            // A single separator between digits stays inside the number.
            Some((_, TokenKind::Number))
                if matches!(c, ',' | '.')
                    && chars.peek().is_some_and(|&(_, d)| d.is_ascii_digit()) =>
            {
                continue
            }
            _ => {}
        }
        if let Some((start, previous)) = current.take() {
            out.push((base + start..base + i, previous));
        }
        current = Some((i, kind));
    }
    if let Some((start, kind)) = current {
        out.push((base + start..base + piece.len(), kind));
    }
    out
}

/// Cuts `range` to the text and rounds both ends down to character boundaries.
fn clamp_to_chars(text: &str, range: Range<usize>) -> Range<usize> {
    let floor = |mut i: usize| {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    };
    let start = floor(range.start);
    let end = floor(range.end.max(range.start));
    start..end
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Space,
    Mark,
    Digit,
    Letter,
    Other,
}

fn class_of(c: char) -> Class {
    if c.is_ascii() {
        return match c {
            '0'..='9' => Class::Digit,
            'a'..='z' | 'A'..='Z' => Class::Letter,
            // Not `is_ascii_whitespace`, which leaves out U+000B: spaces must be the same ones
            // that sentence trimming (`str::trim`, Unicode White_Space) removes.
            c if c.is_whitespace() => Class::Space,
            _ => Class::Other,
        };
    }
    // The Arabic letters first: nearly every character of a news text is one, and the
    // Unicode property lookups below cost several times more.
    if matches!(c, '\u{0621}'..='\u{063A}' | '\u{0641}'..='\u{064A}') {
        Class::Letter
    } else if is_mark(c) {
        Class::Mark
    } else if crate::is_alphanumeric(c) {
        // Non-ASCII numerics left after normalization (other scripts' digits) are part of
        // words: the number parser only reads ASCII digits.
        Class::Letter
    } else if c.is_whitespace() {
        Class::Space
    } else {
        Class::Other
    }
}

/// Combining characters that belong to the character before them. An approximation of the
/// Unicode `Mark` category (no table is linked for it) covering the scripts met in news.
fn is_mark(c: char) -> bool {
    match c {
        '\u{0300}'..='\u{036F}'
        | '\u{0483}'..='\u{0489}'
        | '\u{0591}'..='\u{05BD}'
        | '\u{05BF}'
        | '\u{05C1}'..='\u{05C2}'
        | '\u{05C4}'..='\u{05C5}'
        | '\u{05C7}'
        // Arabic honorific signs, harakat and Quranic marks (normalization drops most).
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06DC}'
        | '\u{06DF}'..='\u{06E4}'
        | '\u{06E7}'..='\u{06E8}'
        | '\u{06EA}'..='\u{06ED}'
        | '\u{08D3}'..='\u{08FF}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{200C}'..='\u{200D}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE00}'..='\u{FE0F}'
        | '\u{FE20}'..='\u{FE2F}'
        // Emoji skin tones, tag characters (flags), variation selectors supplement.
        | '\u{1F3FB}'..='\u{1F3FF}'
        | '\u{E0020}'..='\u{E007F}'
        | '\u{E0100}'..='\u{E01EF}' => true,
        // Brahmic vowel signs and viramas: everything in the Indic blocks that is neither a
        // letter, a digit nor the danda punctuation.
        '\u{0900}'..='\u{0DFF}' => {
            !crate::is_alphanumeric(c) && !matches!(c, '\u{0964}' | '\u{0965}' | '\u{0970}')
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokenize(original: &str) -> Vec<(String, TokenKind)> {
        let text = NormalizedText::new(original);
        tokens(&text, 0..text.normalized().len())
            .iter()
            .map(|t| (text.surface(t.span), t.kind))
            .collect()
    }

    #[test]
    fn table() {
        use TokenKind::{Number as N, Punctuation as P, Word as W};
        let cases: &[(&str, &[(&str, TokenKind)])] = &[
            ("", &[]),
            ("  ", &[]),
            ("والقوات", &[("والقوات", W)]),
            ("قُتِلَ", &[("قُتِلَ", W)]),
            ("شـــرق", &[("شـــرق", W)]),
            ("بمقتل18 من", &[("بمقتل", W), ("18", N), ("من", W)]),
            ("منصور52 عاما", &[("منصور", W), ("52", N), ("عاما", W)]),
            ("1436ه", &[("1436", N), ("ه", W)]),
            ("١٢٠ شخصا", &[("١٢٠", N), ("شخصا", W)]),
            ("1,500", &[("1,500", N)]),
            ("13.30", &[("13.30", N)]),
            ("٢٫٥", &[("٢٫٥", N)]),
            ("2014.", &[("2014", N), (".", P)]),
            ("5,،6", &[("5", N), (",", P), ("،", P), ("6", N)]),
            ("1,,5", &[("1", N), (",", P), (",", P), ("5", N)]),
            ("لـ\"سكاي", &[("لـ", W), ("\"", P), ("سكاي", W)]),
            (
                "(إيه.بي)",
                &[("(", P), ("إيه", W), (".", P), ("بي", W), (")", P)],
            ),
            ("؟!", &[("؟", P), ("!", P)]),
            ("ISIS-K", &[("ISIS", W), ("-", P), ("K", W)]),
            ("ﻻ", &[("ﻻ", W)]),
            // One presentation form can expand to several words; each maps to the whole form.
            (
                "محمد ﷺ",
                &[("محمد", W), ("ﷺ", W), ("ﷺ", W), ("ﷺ", W), ("ﷺ", W)],
            ),
            ("👍🏽 ok", &[("👍🏽", P), ("ok", W)]),
            ("a\u{200F}b", &[("a\u{200F}b", W)]),
        ];
        for (input, expected) in cases {
            let expected: Vec<(String, TokenKind)> =
                expected.iter().map(|&(s, k)| (s.to_string(), k)).collect();
            assert_eq!(tokenize(input), expected, "input {input:?}");
        }
    }

    #[test]
    fn ranges_are_clamped_not_panicking() {
        let text = NormalizedText::new("حلب 12");
        let len = text.normalized().len();
        assert_eq!(tokens(&text, 1..len + 10).len(), 2);
        // A reversed range is empty, not a panic.
        let (start, end) = (5, 2);
        assert!(tokens(&text, start..end).is_empty());
        assert!(tokens(&text, len + 3..len + 9).is_empty());
    }
}
