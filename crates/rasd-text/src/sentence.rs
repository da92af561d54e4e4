//! Sentence splitting. (Stub: one sentence per line; being replaced.)

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

/// Splits a text into sentences, in order, covering every non-blank part of it.
pub fn sentences(text: &NormalizedText) -> Vec<Sentence> {
    let norm = text.normalized();
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in norm.char_indices().chain(std::iter::once((norm.len(), '\n'))) {
        if c == '\n' || c == '.' {
            let piece = &norm[start..i];
            let lead = piece.len() - piece.trim_start().len();
            let trail = piece.len() - piece.trim_end().len();
            if lead + trail < piece.len() {
                let range = start + lead..i - trail;
                out.push(Sentence {
                    span: text.original_span(range.clone()),
                    normalized: range,
                });
            }
            start = (i + c.len_utf8()).min(norm.len());
        }
    }
    out
}
