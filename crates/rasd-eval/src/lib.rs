//! rasd's scorer: format-1 predictions against gold event annotations, figure for figure as
//! the project's reference scorer (`../shared/eval/score.py`, whose docstring defines every
//! figure), and the folds of k-fold cross-validation by article.
//!
//! ```
//! use rasd_eval::{parse_docs, score, table};
//! let gold = parse_docs(r#"{"id": "a", "events": [{"type": "air_strike"}]}"#).unwrap();
//! let pred = parse_docs(r#"{"doc": {"id": "a"}, "events": [{"type": "shelling"}]}"#).unwrap();
//! let figures = score(&gold, &pred);
//! assert_eq!(figures.events.tp, 1); // one family: paired
//! assert_eq!(figures.event_type.hits, 0); // but not the same type
//! print!("{}", table(&figures));
//! ```
#![deny(missing_docs)]

mod folds;
mod io;
mod score;
mod table;
mod taxonomy;

pub use folds::fold_of;
pub use io::{doc_of, parse_docs, read_docs, ReadError};
pub use score::{attributions, pair, perpetrators, score, Figures, Prf, ScoredDoc, Share};
pub use table::table;
pub use taxonomy::family;
