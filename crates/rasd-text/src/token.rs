//! Tokens. (Stub: whitespace and punctuation split; being replaced.)

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
pub fn tokens(text: &NormalizedText, range: Range<usize>) -> Vec<Token> {
    let norm = &text.normalized()[range.clone()];
    let mut out = Vec::new();
    let mut current: Option<(usize, TokenKind)> = None;
    let kind_of = |c: char| {
        if c.is_ascii_digit() {
            Some(TokenKind::Number)
        } else if c.is_alphanumeric() {
            Some(TokenKind::Word)
        } else if c.is_whitespace() {
            None
        } else {
            Some(TokenKind::Punctuation)
        }
    };
    let mut push = |s: usize, e: usize, kind: TokenKind, out: &mut Vec<Token>| {
        let r = range.start + s..range.start + e;
        out.push(Token {
            span: text.original_span(r.clone()),
            normalized: r,
            kind,
        });
    };
    for (i, c) in norm.char_indices() {
        let k = kind_of(c);
        match (current, k) {
            (Some((_, a)), Some(b)) if a == b && a != TokenKind::Punctuation => {}
            (Some((s, a)), _) => {
                push(s, i, a, &mut out);
                current = k.map(|k| (i, k));
            }
            (None, _) => current = k.map(|k| (i, k)),
        }
    }
    if let Some((s, a)) = current {
        push(s, norm.len(), a, &mut out);
    }
    out
}
