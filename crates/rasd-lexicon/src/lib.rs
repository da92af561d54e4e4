//! Lexicons for rasd and the matcher that finds their phrases in Arabic text.
//!
//! Lexicons are reviewed TSV files under `data/lexicon/` in the repository, embedded in the
//! binary at build time and compiled on first load into [`PhraseMatcher`]s (Aho-Corasick
//! automata over normalized text). Matching understands Arabic proclitics (و ف ب ل ك, the
//! article ال and its contraction after ل: لل) and, where a lexicon allows them, suffixes, so a
//! lexicon lists each phrase once in its dictionary form.
#![deny(missing_docs)]

mod countries;
mod lexicons;
mod matcher;
pub mod rows;
pub mod tsv;

pub use lexicons::{
    ActorEntry, ActorKind, Country, Cue, CueKind, EventTypeInfo, Lexicon, LexiconError,
    LexiconMatches, Lexicons, Nationality, SourceEntry, Strength, Taxonomy, Trigger, TriggerForm,
    SOURCE_KINDS,
};
pub use matcher::{Affixes, PhraseMatch, PhraseMatcher, PhraseMatcherBuilder};
