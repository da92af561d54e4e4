//! Arbitrary bytes (read as lossy UTF-8) through normalization, sentences, tokens and clitic
//! segmentation; the same invariants as `crates/rasd-text/tests/invariants.rs`: nothing
//! panics, spans stay in bounds and in order, pieces are trimmed and cover every non-blank
//! character, and segmentations rebuild their word.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rasd_text::{normalize, segment, sentences, tokens, NormalizedText, TokenKind};
use std::ops::Range;

fn non_blank(text: &str, range: Range<usize>) -> usize {
    text[range].chars().filter(|c| !c.is_whitespace()).count()
}

fuzz_target!(|data: &[u8]| {
    let original = String::from_utf8_lossy(data);
    let text = NormalizedText::new(&original);
    let norm = text.normalized();
    assert_eq!(normalize(norm), norm, "normalization is idempotent");

    let mut last = 0;
    let mut covered = 0;
    let mut last_span_end = 0;
    for sentence in sentences(&text) {
        let range = sentence.normalized.clone();
        assert!(last <= range.start && range.start < range.end && range.end <= norm.len());
        assert_eq!(norm[range.clone()].trim(), &norm[range.clone()]);
        assert!(sentence.span.start <= sentence.span.end);
        assert!(sentence.span.end <= text.original_len_chars());
        assert!(last_span_end <= sentence.span.end);
        last_span_end = sentence.span.end;
        covered += non_blank(norm, range.clone());
        last = range.end;

        let mut token_end = range.start;
        let mut token_covered = 0;
        for token in tokens(&text, range.clone()) {
            let r = token.normalized.clone();
            assert!(token_end <= r.start && r.start < r.end && r.end <= range.end);
            assert!(norm.is_char_boundary(r.start) && norm.is_char_boundary(r.end));
            assert!(token.span.start <= token.span.end);
            assert!(token.span.end <= text.original_len_chars());
            token_covered += non_blank(norm, r.clone());
            token_end = r.end;
            if token.kind == TokenKind::Word {
                let word = &norm[r];
                for s in segment(word) {
                    assert_eq!(s.prefix.len() + s.stem.len() + s.suffix.len(), word.len());
                    assert_eq!(format!("{}{}{}", s.prefix, s.stem, s.suffix), word);
                }
            }
        }
        assert_eq!(token_covered, non_blank(norm, range));
    }
    assert_eq!(
        covered,
        non_blank(norm, 0..norm.len()),
        "sentences cover the text"
    );

    // Ranges from the input itself, including ones that are reversed, too long or inside a
    // character.
    if data.len() >= 2 {
        let a = usize::from(data[0]) * 7 % (norm.len() + 3);
        let b = usize::from(data[1]) * 11 % (norm.len() + 3);
        let _ = tokens(&text, a..b);
        let span = text.original_span(a.min(b).min(norm.len())..a.max(b).min(norm.len()));
        assert!(span.start <= span.end && span.end <= text.original_len_chars());
    }
});
