//! Property tests for the invariants every later stage relies on: normalization is idempotent,
//! spans stay in bounds and point at the surface they came from, tokens and sentences are in
//! order, never overlap, never split a character, and leave no non-blank character out.
//!
//! The generator favours what Arabic news actually contains and what breaks alignments:
//! letters, harakat, tatweel, presentation forms (one character becoming several), Eastern and
//! Persian digits, bidi marks (characters that vanish), quotes, terminators, emoji, and any
//! other code point now and then.

use proptest::prelude::*;
use rasd_text::{
    normalize, segment, sentences, tokens, NormalizedText, Sentence, Span, Token, TokenKind,
};
use std::ops::Range;

fn interesting_char() -> impl Strategy<Value = char> {
    prop_oneof![
        6 => proptest::char::range('\u{0621}', '\u{064A}'),
        2 => proptest::char::range('\u{064B}', '\u{065F}'),
        1 => Just('\u{0640}'),
        3 => proptest::char::range('\u{FB50}', '\u{FEFF}'),
        2 => proptest::char::range('\u{0660}', '\u{0669}'),
        1 => proptest::char::range('\u{06F0}', '\u{06F9}'),
        1 => prop::sample::select(vec![
            '\u{200E}', '\u{200F}', '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{061C}',
            '\u{200D}', '\u{00AD}',
        ]),
        4 => prop::sample::select(vec![
            ' ', ' ', ' ', '\n', '\r', '\t', '\u{00A0}', '\u{2029}', '\u{000B}',
        ]),
        4 => prop::sample::select(vec![
            '.', '.', '!', '?', '؟', '؛', '،', ',', '"', '«', '»', '“', '”', '/', '(', ')',
            ':', '-', '…', '٫', '٬',
        ]),
        2 => proptest::char::range('0', '9'),
        1 => proptest::char::range('a', 'z'),
        1 => proptest::char::range('A', 'Z'),
        1 => proptest::char::range('\u{1F300}', '\u{1F6FF}'),
        1 => Just('\u{1F3FD}'),
        1 => any::<char>(),
    ]
}

fn arabic_text() -> impl Strategy<Value = String> {
    prop::collection::vec(interesting_char(), 0..80).prop_map(|v| v.into_iter().collect())
}

/// The normalized range `range` grown to whole original characters: a piece of an NFKC
/// expansion (one word of ﷺ) maps back to the whole original character, whose normalization
/// is the whole expansion.
fn grown_to_sources(text: &NormalizedText, range: Range<usize>) -> Range<usize> {
    let span = text.original_span(range.clone());
    let norm = text.normalized();
    let mut start = range.start;
    while start > 0 {
        let previous = norm[..start]
            .char_indices()
            .next_back()
            .map_or(0, |(i, _)| i);
        if text.original_span(previous..start).start < span.start {
            break;
        }
        start = previous;
    }
    let mut end = range.end;
    while let Some(c) = norm[end..].chars().next() {
        let next = end + c.len_utf8();
        if text.original_span(end..next).start >= span.end {
            break;
        }
        end = next;
    }
    start..end
}

fn check_span(text: &NormalizedText, range: Range<usize>, span: Span) -> Result<(), TestCaseError> {
    prop_assert!(span.start <= span.end, "{span:?}");
    prop_assert!(span.end <= text.original_len_chars(), "{span:?}");
    prop_assert_eq!(span, text.original_span(range.clone()));
    let grown = grown_to_sources(text, range);
    prop_assert_eq!(
        normalize(&text.surface(span)),
        &text.normalized()[grown],
        "surface {:?}",
        text.surface(span)
    );
    Ok(())
}

fn non_blank_chars(s: &str, base: usize) -> Vec<usize> {
    s.char_indices()
        .filter(|&(_, c)| !c.is_whitespace())
        .map(|(i, _)| base + i)
        .collect()
}

fn check_pieces(
    text: &NormalizedText,
    within: Range<usize>,
    pieces: &[(Range<usize>, Span)],
) -> Result<(), TestCaseError> {
    let norm = text.normalized();
    let mut last = within.start;
    let mut covered = Vec::new();
    for (range, span) in pieces {
        prop_assert!(range.start < range.end, "empty piece {range:?}");
        prop_assert!(
            last <= range.start,
            "out of order or overlapping at {range:?}"
        );
        prop_assert!(range.end <= within.end);
        prop_assert!(norm.is_char_boundary(range.start) && norm.is_char_boundary(range.end));
        let piece = &norm[range.clone()];
        prop_assert_eq!(piece.trim(), piece, "untrimmed piece");
        check_span(text, range.clone(), *span)?;
        covered.extend(non_blank_chars(piece, range.start));
        last = range.end;
    }
    prop_assert_eq!(
        covered,
        non_blank_chars(&norm[within.clone()], within.start)
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn normalization_is_idempotent(original in arabic_text()) {
        let once = normalize(&original);
        prop_assert_eq!(normalize(&once), once.clone());
        let text = NormalizedText::new(&original);
        prop_assert_eq!(text.normalized(), once);
    }

    #[test]
    fn every_normalized_range_maps_into_the_original(original in arabic_text(), a: usize, b: usize) {
        let text = NormalizedText::new(&original);
        let len = text.normalized().len() + 1;
        let (a, b) = (a % len, b % len);
        let span = text.original_span(a.min(b)..a.max(b));
        prop_assert!(span.start <= span.end);
        prop_assert!(span.end <= text.original_len_chars());
    }

    #[test]
    fn sentences_are_ordered_trimmed_and_cover_the_text(original in arabic_text()) {
        let text = NormalizedText::new(&original);
        let found: Vec<(Range<usize>, Span)> = sentences(&text)
            .into_iter()
            .map(|Sentence { normalized, span }| (normalized, span))
            .collect();
        check_pieces(&text, 0..text.normalized().len(), &found)?;
        for pair in found.windows(2) {
            prop_assert!(pair[0].1.start <= pair[1].1.start && pair[0].1.end <= pair[1].1.end);
        }
    }

    #[test]
    fn tokens_are_ordered_and_cover_each_sentence(original in arabic_text()) {
        let text = NormalizedText::new(&original);
        for sentence in sentences(&text) {
            let found = tokens(&text, sentence.normalized.clone());
            let pieces: Vec<(Range<usize>, Span)> =
                found.iter().map(|t| (t.normalized.clone(), t.span)).collect();
            check_pieces(&text, sentence.normalized.clone(), &pieces)?;
            for Token { normalized, kind, .. } in &found {
                let piece = &text.normalized()[normalized.clone()];
                if *kind == TokenKind::Number {
                    let first = piece.chars().next();
                    prop_assert!(first.is_some_and(|c| c.is_ascii_digit()), "{piece:?}");
                }
                if *kind == TokenKind::Word {
                    prop_assert!(!piece.chars().next().is_some_and(|c| c.is_ascii_digit()));
                }
            }
        }
    }

    #[test]
    fn tokens_never_panic_on_arbitrary_ranges(original in arabic_text(), a: usize, b: usize) {
        let text = NormalizedText::new(&original);
        let len = text.normalized().len() + 4;
        for t in tokens(&text, a % len..b % len) {
            prop_assert!(t.normalized.start < t.normalized.end);
            prop_assert!(t.normalized.end <= text.normalized().len());
        }
    }

    #[test]
    fn segmentations_rebuild_the_word(original in arabic_text()) {
        let text = NormalizedText::new(&original);
        for t in tokens(&text, 0..text.normalized().len()) {
            let word = &text.normalized()[t.normalized];
            let all = segment(word);
            prop_assert!(!all.is_empty());
            prop_assert_eq!(all[0].prefix.len() + all[0].stem.len() + all[0].suffix.len(), word.len());
            for s in &all {
                prop_assert_eq!(format!("{}{}{}", s.prefix, s.stem, s.suffix), word);
                prop_assert!(s.is_whole_word() || s.stem.chars().count() >= 2);
            }
        }
    }
}
