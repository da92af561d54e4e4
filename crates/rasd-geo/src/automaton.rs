//! The name automaton: whole-word gazetteer names with Arabic proclitics, searched only at
//! word starts.
//!
//! rasd-lexicon's `PhraseMatcher::find_all` runs an unanchored overlapping search and checks
//! word boundaries afterwards; with thousands of three-letter names nearly every Arabic word
//! contains one as a substring, and that search ran at about 4 MB/s. Names can only begin at a
//! word start or after a proclitic, so this automaton is anchored and is started at those few
//! offsets of each word instead; the proclitic rules are the same (و/ف, then ب/ل; ل + ال
//! written لل; no article in front of a name).

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::NFA;
use aho_corasick::{Anchored, MatchKind};
use std::ops::Range;

/// A name found at a word start.
#[derive(Clone, Debug)]
pub(crate) struct RawHit {
    /// Entry index (as given to [`NameAutomatonBuilder::add`]).
    pub entry: usize,
    /// The name in the normalized text, without proclitics (for لل, from the second ل).
    pub name: Range<usize>,
    /// The whole written word(s), proclitics included.
    pub token: Range<usize>,
    /// The normalized proclitics in front of the name.
    pub proclitics: Range<usize>,
}

/// Collects names before compiling them.
#[derive(Default)]
pub(crate) struct NameAutomatonBuilder {
    patterns: Vec<String>,
    /// Per pattern: entry and whether it is the لل form of an ال name.
    info: Vec<(usize, bool)>,
}

/// Byte length of each pattern: a match state also reports the names that end there as
/// suffixes (ريف دمشق ends with دمشق), which an anchored search must drop.
fn lengths(patterns: &[String]) -> Vec<usize> {
    patterns.iter().map(String::len).collect()
}

impl NameAutomatonBuilder {
    /// Adds an already normalized name under `entry`.
    pub fn add(&mut self, normalized: &str, entry: usize) {
        if normalized.is_empty() {
            return;
        }
        if let Some(rest) = normalized.strip_prefix("ال") {
            if !rest.is_empty() {
                self.patterns.push(format!("لل{rest}"));
                self.info.push((entry, true));
            }
        }
        self.patterns.push(normalized.to_owned());
        self.info.push((entry, false));
    }

    pub fn build(self) -> Result<NameAutomaton, aho_corasick::BuildError> {
        // The contiguous NFA is the compact, quick-to-build form (a DFA of this many names
        // takes far longer to build and more memory, for no gain on searches this short).
        // Dense transitions for the first six bytes (three letters), where most walks end:
        // a tenth faster for 0.8 MB more with the world's names.
        let automaton = NFA::builder()
            .dense_depth(6)
            .match_kind(MatchKind::Standard)
            .build(&self.patterns)?;
        Ok(NameAutomaton {
            automaton,
            lengths: lengths(&self.patterns),
            info: self.info,
        })
    }
}

/// Anchored multi-name automaton.
#[derive(Clone, Debug)]
pub(crate) struct NameAutomaton {
    automaton: NFA,
    lengths: Vec<usize>,
    info: Vec<(usize, bool)>,
}

/// Proclitic sequences before a name: a conjunction, then a preposition. (The article never:
/// names carry their own.)
const CONJUNCTIONS: &[&str] = &["", "و", "ف"];
/// (ك "like" is left out: a place after it is a comparison, never where something happened,
/// and with it كبيرا "large" read as ك + بيرا, Beira.)
const PREPOSITIONS: &[&str] = &["", "ب", "ل"];

impl NameAutomaton {
    /// Every whole-word name starting in one of `words` (byte ranges of the normalized text's
    /// words, in order), sorted by start then longest first.
    pub fn find(&self, norm: &str, words: &[Range<usize>]) -> Vec<RawHit> {
        let mut out = Vec::new();
        for w in words {
            let word = norm.get(w.clone()).unwrap_or("");
            let first = out.len();
            // The proclitic combinations of CONJUNCTIONS × PREPOSITIONS, read off the first
            // letters (each of them is one two-byte letter) rather than compared as strings:
            // this runs for every word of every document.
            let conjunction = match word.chars().next() {
                Some(c) if CONJUNCTIONS.iter().any(|k| k.chars().eq([c])) => Some(c.len_utf8()),
                _ => None,
            };
            for c_len in [Some(0), conjunction].into_iter().flatten() {
                let preposition = match word[c_len..].chars().next() {
                    Some(p) if PREPOSITIONS.iter().any(|k| k.chars().eq([p])) => Some(p.len_utf8()),
                    _ => None,
                };
                for p_len in [Some(0), preposition].into_iter().flatten() {
                    let prefix_len = c_len + p_len;
                    if prefix_len >= word.len() {
                        continue;
                    }
                    self.find_at(norm, w, w.start + prefix_len, p_len == 0, &mut out);
                }
            }
            let hits = &mut out[first..];
            // Longest first; of two ending together, the one with fewer proclitics (باردو is
            // Bardo before it is ب + اردو).
            hits.sort_by(|a, b| {
                b.name
                    .end
                    .cmp(&a.name.end)
                    .then(a.name.start.cmp(&b.name.start))
                    .then(a.entry.cmp(&b.entry))
            });
        }
        out.dedup_by(|a, b| a.entry == b.entry && a.token == b.token);
        out
    }

    fn find_at(
        &self,
        norm: &str,
        word: &Range<usize>,
        at: usize,
        contracted_ok: bool,
        out: &mut Vec<RawHit>,
    ) {
        // Anchored walk: in anchored mode a failed transition leads to the dead state, so the
        // walk stops after the longest name prefix starting at `at`. (AhoCorasick's iterators
        // do not offer anchored overlapping searches.)
        let Ok(mut sid) = self.automaton.start_state(Anchored::Yes) else {
            return;
        };
        let bytes = norm.as_bytes();
        for (i, &b) in bytes.iter().enumerate().skip(at) {
            sid = self.automaton.next_state(Anchored::Yes, sid, b);
            if self.automaton.is_dead(sid) {
                break;
            }
            if !self.automaton.is_match(sid) {
                continue;
            }
            let end = i + 1;
            for k in 0..self.automaton.match_len(sid) {
                let pattern = self.automaton.match_pattern(sid, k);
                self.push_hit(norm, word, at, end, pattern.as_usize(), contracted_ok, out);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push_hit(
        &self,
        norm: &str,
        word: &Range<usize>,
        at: usize,
        end: usize,
        pattern: usize,
        contracted_ok: bool,
        out: &mut Vec<RawHit>,
    ) {
        {
            // Whole words only: the name must end where a word ends.
            if self.lengths.get(pattern) != Some(&(end - at)) {
                return;
            }
            if norm
                .get(end..)
                .and_then(|r| r.chars().next())
                .is_some_and(crate::is_word_char)
            {
                return;
            }
            let Some(&(entry, contracted)) = self.info.get(pattern) else {
                return;
            };
            if contracted && !contracted_ok {
                return;
            }
            // لل: the first ل is the preposition; the name (ال...) starts at the second.
            let name_start = if contracted { at + 'ل'.len_utf8() } else { at };
            out.push(RawHit {
                entry,
                name: name_start..end,
                token: word.start..end,
                proclitics: word.start..name_start,
            });
        }
    }

    /// Bytes held by the automaton and its tables.
    pub fn memory_usage(&self) -> usize {
        self.automaton.memory_usage()
            + self.info.capacity() * std::mem::size_of::<(usize, bool)>()
            + self.lengths.capacity() * std::mem::size_of::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in s.char_indices() {
            match (crate::is_word_char(c), start) {
                (true, None) => start = Some(i),
                (false, Some(st)) => {
                    out.push(st..i);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(st) = start {
            out.push(st..s.len());
        }
        out
    }

    fn found(names: &[&str], text: &str) -> Vec<(usize, String)> {
        let mut b = NameAutomatonBuilder::default();
        for (i, n) in names.iter().enumerate() {
            b.add(n, i);
        }
        let a = b.build().unwrap();
        a.find(text, &words(text))
            .into_iter()
            .map(|h| (h.entry, text[h.name].to_owned()))
            .collect()
    }

    #[test]
    fn anchored_names_with_proclitics() {
        assert_eq!(
            found(&["دمشق", "ريف دمشق"], "في ريف دمشق"),
            vec![(1, "ريف دمشق".to_owned()), (0, "دمشق".to_owned())]
        );
        assert_eq!(
            found(&["حلب"], "وبحلب محلب حلبه"),
            vec![(0, "حلب".to_owned())]
        );
        // As in rasd-lexicon: for لل the name starts at the second ل.
        assert_eq!(found(&["الموصل"], "للموصل"), vec![(0, "لموصل".to_owned())]);
        assert!(found(&["مالي"], "المالي").is_empty());
    }
}
