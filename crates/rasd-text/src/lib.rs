//! The Arabic text core of rasd.
//!
//! Everything here works on a [`NormalizedText`]: the original document text, a normalized copy
//! used for matching, and an alignment that maps every normalized position back to the original
//! in Unicode code points. Nothing in this crate does I/O.
//!
//! Offsets are sacred: every [`Span`] this crate returns is `[start, end)` in code points of the
//! original text, so `original.chars().skip(start).take(end - start)` is the surface form.
#![deny(missing_docs)]

mod chars;
mod clitic;
mod normalize;
pub mod number;
pub mod sentence;
pub mod token;

pub use chars::{is_alphabetic, is_alphanumeric, is_numeric};
pub use clitic::{segment, Segmentation};
pub use normalize::{clamp_range, fold_char, normalize, NormalizedText, Span};
pub use sentence::{sentence_ranges, sentences, Sentence};
pub use token::{token_ranges, tokens, Token, TokenKind};
