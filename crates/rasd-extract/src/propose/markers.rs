//! Marker words and small text tests the proposal rules use: target markers, locatives,
//! weapon words, relative pronouns, summary and topic-shift openings. The words are in
//! `data/lexicon/markers.tsv` (its header says what each list is for), normalized when loaded,
//! so that they compare with the normalized text.

use crate::analysis::{previous_word, Analysis, SentenceInfo};
use crate::wordlists::{WordLists, Words};
use rasd_lexicon::LexiconError;
use std::ops::Range;

const MARKER_WORDS: &str = include_str!("../../../../data/lexicon/markers.tsv");

/// The lists of `markers.tsv`.
const MARKER_LISTS: &[&str] = &[
    "target_marker",
    "locative",
    "weapon_word",
    "aircraft",
    "relative",
    "auxiliary",
    "duration_unit",
    "summary_marker",
    "then",
    "generic_frame",
    "anaphoric_noun",
    "topic_shift",
];

/// The marker words (`markers.tsv`), normalized, with the summary and "then" phrases compiled
/// into one automaton; loaded once with the pipeline (`Pipeline::markers`).
#[derive(Debug)]
pub(crate) struct Markers {
    /// Before an actor: it is the target (على مواقع داعش، ضد الحوثيين).
    pub(crate) target: Words,
    /// Before a place (في حلب، قرب كيليس).
    pub(crate) locative: Words,
    /// Before a nationality adjective that names the attacker (قصف روسي).
    pub(crate) weapon: Words,
    /// The head of an air actor (طائرات التحالف).
    pub(crate) aircraft: Words,
    relative: Words,
    auxiliary: Words,
    duration_unit: Words,
    /// Before a definite verbal noun: a category, not one event (عمليات القتل).
    pub(crate) generic_frame: Words,
    /// Definite event nouns that refer back (الانفجار).
    pub(crate) anaphoric: Words,
    topic_shift: Words,
    /// Summary phrases, then "then" words; the index of the first "then" word.
    phrases: (aho_corasick::AhoCorasick, usize),
}

impl Markers {
    /// Reads the embedded list.
    ///
    /// # Errors
    /// When the file is malformed (a build defect, caught by the tests).
    pub(crate) fn load() -> Result<Markers, LexiconError> {
        let lists = WordLists::parse("markers.tsv", MARKER_WORDS, MARKER_LISTS)?;
        let summary = lists.forms("summary_marker");
        let split = summary.len();
        let all: Vec<String> = summary.into_iter().chain(lists.forms("then")).collect();
        let automaton = aho_corasick::AhoCorasick::new(all).map_err(|e| LexiconError::Row {
            file: "markers.tsv",
            line: 1,
            message: e.to_string(),
        })?;
        Ok(Markers {
            target: lists.words("target_marker"),
            locative: lists.words("locative"),
            weapon: lists.words("weapon_word"),
            aircraft: lists.words("aircraft"),
            relative: lists.words("relative"),
            auxiliary: lists.words("auxiliary"),
            duration_unit: lists.words("duration_unit"),
            generic_frame: lists.words("generic_frame"),
            anaphoric: lists.words("anaphoric_noun"),
            topic_shift: lists.words("topic_shift"),
            phrases: (automaton, split),
        })
    }
}

/// Powers whose bombardment, in these countries, comes from the air: Russia in Syria
/// (from 2015), the United States in the wars of the region. Elsewhere (Russia in Ukraine) their
/// قصف may be artillery.
pub(crate) const AIR_CAMPAIGNS: &[(&str, &[&str])] = &[
    ("RU", &["SY"]),
    ("US", &["SY", "IQ", "YE", "LY", "SO", "AF", "PK"]),
];

/// Countries whose conflicts rasd codes (the Arab world, its neighbours, and the Sahel and
/// Horn of Africa, as in ACLED's Middle East and Africa datasets). Elsewhere, an event needs a
/// named organised actor: a lone gunman in a cinema abroad is a crime page, not political
/// violence.
pub(crate) const REGION: &[&str] = &[
    "SY", "IQ", "YE", "SA", "EG", "LY", "LB", "JO", "PS", "IL", "TR", "IR", "KW", "AE", "QA", "BH",
    "OM", "TN", "DZ", "MA", "MR", "SD", "SS", "SO", "DJ", "KM", "ER", "ET", "KE", "NG", "CM", "TD",
    "NE", "ML", "AF", "PK", "EH",
];

/// The two territory types: one side's gain is the other's loss.
pub(crate) const TERRITORY: [&str; 2] = [
    "government_regains_territory",
    "non_state_overtakes_territory",
];

impl Markers {
    /// Whether the word at `pos` opens a relative clause: right after a relative pronoun, or
    /// after one and an auxiliary (الذي كان يسيطر، التي تم تحريرها).
    pub(crate) fn in_relative_clause(&self, norm: &str, pos: usize) -> bool {
        let Some((start, previous)) = previous_word(norm, pos) else {
            return false;
        };
        if self.relative.has(previous) {
            return true;
        }
        self.auxiliary.has(previous)
            && previous_word(norm, start).is_some_and(|(_, w)| self.relative.has(w))
    }

    /// Whether the word at `pos` follows "بعد <duration> على/من" (after three days of ...):
    /// the event it names is the reference point of another one.
    pub(crate) fn after_duration(&self, norm: &str, pos: usize) -> bool {
        let mut at = pos;
        let mut words = Vec::new();
        for _ in 0..4 {
            match previous_word(norm, at) {
                Some((start, w)) => {
                    words.push(w);
                    at = start;
                }
                None => break,
            }
        }
        // words: [على|من, unit, (count), بعد] nearest first.
        matches!(words.first(), Some(&"علي") | Some(&"من"))
            && words.get(1).is_some_and(|w| self.duration_unit.has(w))
            && words[2..].contains(&"بعد")
    }

    /// Whether the sentence holds a summary phrase (`summary`) or a "then" word as whole words
    /// (a proclitic may be glued in front: بحوادث متفرقة).
    pub(crate) fn sentence_has(&self, norm: &str, range: &Range<usize>, summary: bool) -> bool {
        let (automaton, split) = &self.phrases;
        let text = &norm[range.clone()];
        automaton.find_overlapping_iter(text).any(|m| {
            let wanted = (m.pattern().as_usize() < *split) == summary;
            let before = text[..m.start()].chars().next_back();
            let after = text[m.end()..].chars().next();
            wanted
                && before.is_none_or(|c| {
                    !rasd_text::is_alphanumeric(c) || matches!(c, 'و' | 'ف' | 'ب' | 'ل')
                })
                && after.is_none_or(|c| !rasd_text::is_alphanumeric(c))
        })
    }
}

/// Whether a clause boundary lies between two normalized offsets: a comma or semicolon
/// followed by و, or a contrastive conjunction (فيما، بينما).
pub(crate) fn clause_break(norm: &str, from: usize, to: usize) -> bool {
    let Some(between) = norm.get(from.min(to)..to.max(from)) else {
        return false;
    };
    ["، و", "،و", "؛", ", و", " فيما ", " بينما "]
        .iter()
        .any(|b| between.contains(b))
}

/// Number of words between two normalized offsets.
pub(crate) fn words_between(norm: &str, from: usize, to: usize) -> usize {
    if from >= to {
        return 0;
    }
    norm.get(from..to).map_or(0, |s| {
        s.split_whitespace()
            .filter(|w| w.chars().any(rasd_text::is_alphanumeric))
            .count()
    })
}

/// Whether the sentence opens with a topic-shift phrase (في سياق آخر).
pub(crate) fn opens_new_topic(analysis: &Analysis, sentence: &SentenceInfo) -> bool {
    let head = analysis
        .text
        .normalized()
        .get(sentence.range.clone())
        .unwrap_or("")
        .trim_start_matches(|c: char| !rasd_text::is_alphanumeric(c));
    let after_conjunction = head.strip_prefix(['و', 'ف']).unwrap_or(head);
    let shifts = &analysis.pipeline.markers.topic_shift;
    shifts.opens(head) || shifts.opens(after_conjunction)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marker_words_load_normalized() {
        let m = Markers::load().unwrap();
        assert!(m.target.has("علي") && m.locative.has("قرب") && m.weapon.has("طايرات"));
        assert!(m.relative.has("الذي") && m.auxiliary.has("تم"));
        assert!(m.anaphoric.has("الانفجار") && m.generic_frame.has("عمليات"));
        assert!(!m.target.has("على"), "lists are normalized when loaded");
        let norm = rasd_text::normalize("وقتل حينها 14 في حوادث أمنية متفرقة");
        assert!(m.sentence_has(&norm, &(0..norm.len()), true));
        assert!(m.sentence_has(&norm, &(0..norm.len()), false));
    }
}
