//! [`PhraseMatcher`]: whole-word phrase matching over a [`NormalizedText`].

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use rasd_text::{normalize, NormalizedText, Span};
use std::sync::OnceLock;

/// Which affixes a phrase may carry in running text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Affixes {
    /// The phrase as listed, between word boundaries.
    None,
    /// Nominal proclitics: a conjunction و/ف, then a preposition ب/ل/ك, then the article ال;
    /// and ل + ال written لل. No suffix. For names, actors and places: بحلب، والقوات، للمعارضة.
    Nominal,
    /// Nominal proclitics and pronoun suffixes (ه ها هم هما هن كم نا ي): for verbal nouns and
    /// verbs whose object may be a pronoun, تصفيتهم، قتلهم، استهدافها.
    NominalWithPronoun,
    /// Verbal proclitics: و/ف, then the future س or the particle ل; pronoun suffixes allowed.
    Verbal,
    /// Nominal or verbal proclitics and pronoun suffixes: for lexicons that mix verbs and
    /// nouns (event triggers: قتل، سيقتل، مقتل، بمقتل، تصفيتهم).
    Any,
}

/// Pronoun suffixes (normalized: ة is already ه).
const PRONOUN_SUFFIXES: &[&str] = &["ه", "ها", "هم", "هما", "هن", "كم", "نا", "ي"];

/// A phrase found in a text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PhraseMatch {
    /// Index of the entry in the order it was added to the builder.
    pub entry: usize,
    /// The phrase in the original text, in code points, without its proclitics but with any
    /// suffix.
    pub span: Span,
    /// The whole written word(s), proclitics included.
    pub token_span: Span,
    /// Byte range of the phrase (without proclitics) in the normalized text.
    pub normalized: std::ops::Range<usize>,
    /// The normalized proclitic string in front of the phrase ("" when none): و، بال، لل ...
    pub proclitics: String,
}

/// A match in normalized text, before it is mapped to an original text.
struct RawMatch {
    entry: usize,
    /// The phrase without proclitics, with any suffix.
    phrase: std::ops::Range<usize>,
    /// Where the written word starts, proclitics included.
    word_start: usize,
    proclitics: String,
}

/// Collects phrases before compiling them into a [`PhraseMatcher`].
#[derive(Debug, Default)]
pub struct PhraseMatcherBuilder {
    patterns: Vec<String>,
    /// For each pattern: the entry, and whether the pattern is the لل form of an ال phrase
    /// (which begins with its own ل and so admits fewer proclitics before it).
    pattern_info: Vec<(usize, bool)>,
    entries: usize,
}

impl PhraseMatcherBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a phrase (any spelling: it is normalized here) and returns its entry index.
    /// Phrases that normalize to nothing are kept as entries that never match.
    pub fn add(&mut self, phrase: &str) -> usize {
        let entry = self.entries;
        self.entries += 1;
        let norm = normalize(phrase.trim());
        if norm.is_empty() {
            return entry;
        }
        // ل + ال is written لل: "للمعارضة" is ل + "المعارضة".
        if let Some(rest) = norm.strip_prefix("ال") {
            if !rest.is_empty() {
                self.patterns.push(format!("لل{rest}"));
                self.pattern_info.push((entry, true));
            }
        }
        self.patterns.push(norm);
        self.pattern_info.push((entry, false));
        entry
    }

    /// Number of entries added.
    pub fn len(&self) -> usize {
        self.entries
    }

    /// Whether no entry was added.
    pub fn is_empty(&self) -> bool {
        self.entries == 0
    }

    /// Compiles the phrases.
    ///
    /// # Errors
    /// When the automaton cannot be built (it grows past the automaton's size limits).
    pub fn build(self, affixes: Affixes) -> Result<PhraseMatcher, aho_corasick::BuildError> {
        let automaton = compile(&self.patterns)?;
        let matcher = self.build_deferred(affixes);
        // Cannot be set already: the cell is new.
        let _ = matcher.automaton.set(automaton);
        Ok(matcher)
    }

    /// The matcher with its automaton compiled on first use, for a matcher searched mostly
    /// through a [`PhraseScan`] (which compiles the same phrases with others).
    pub(crate) fn build_deferred(self, affixes: Affixes) -> PhraseMatcher {
        PhraseMatcher {
            automaton: OnceLock::new(),
            patterns: self.patterns,
            pattern_info: self.pattern_info,
            affixes,
            entries: self.entries,
        }
    }
}

/// Compiles patterns into the automaton every matcher uses.
fn compile(patterns: &[String]) -> Result<AhoCorasick, aho_corasick::BuildError> {
    // A DFA answers overlapping searches several times faster than the NFAs, at the cost
    // of memory that grows with the patterns; lexicons are small enough (tens of MB at
    // most), and every document pays the search, while the build is paid once.
    AhoCorasickBuilder::new()
        .match_kind(MatchKind::Standard)
        .kind(Some(AhoCorasickKind::DFA))
        .byte_classes(true)
        .build(patterns)
}

/// Finds whole-word occurrences of many phrases at once, with their Arabic affixes.
#[derive(Clone, Debug)]
pub struct PhraseMatcher {
    /// Compiled by [`PhraseMatcherBuilder::build`], or on first use.
    automaton: OnceLock<AhoCorasick>,
    /// The normalized patterns, by pattern index.
    patterns: Vec<String>,
    pattern_info: Vec<(usize, bool)>,
    affixes: Affixes,
    entries: usize,
}

/// A word character: a letter or digit of any script. Everything else separates words.
fn is_word_char(c: char) -> bool {
    rasd_text::is_alphanumeric(c)
}

/// Whether `prefix` (the word characters between the previous word boundary and the phrase)
/// is a sequence of proclitics this matcher admits.
fn proclitics_allowed(prefix: &str, affixes: Affixes, contracted_article: bool) -> bool {
    if prefix.is_empty() {
        return true;
    }
    let mut rest = prefix;
    let mut take = |options: &[&str]| {
        if let Some(p) = options.iter().find(|p| rest.starts_with(**p)) {
            rest = &rest[p.len()..];
        }
    };
    match affixes {
        Affixes::None => return false,
        Affixes::Nominal | Affixes::NominalWithPronoun => {
            take(&["و", "ف"]);
            if !contracted_article {
                // لل is ل + ال before a phrase listed without the article (للقصف).
                take(&["لل", "ب", "ل", "ك"]);
                take(&["ال"]);
            }
        }
        Affixes::Verbal => {
            take(&["و", "ف"]);
            take(&["س", "ل"]);
        }
        Affixes::Any => {
            take(&["و", "ف"]);
            if !contracted_article {
                take(&["لل", "ب", "ل", "ك", "س"]);
                take(&["ال"]);
            }
        }
    }
    rest.is_empty()
}

fn suffix_allowed(suffix: &str, affixes: Affixes) -> bool {
    suffix.is_empty()
        || (matches!(
            affixes,
            Affixes::NominalWithPronoun | Affixes::Verbal | Affixes::Any
        ) && PRONOUN_SUFFIXES.contains(&suffix))
}

impl PhraseMatcher {
    /// Number of entries (phrases added, including those that never match).
    pub fn len(&self) -> usize {
        self.entries
    }

    /// Whether the matcher has no entries.
    pub fn is_empty(&self) -> bool {
        self.entries == 0
    }

    /// The automaton, compiled on first use for a matcher built deferred.
    fn automaton(&self) -> &AhoCorasick {
        self.automaton.get_or_init(|| {
            compile(&self.patterns)
                .expect("a PhraseScan compiled these patterns, and more, into one automaton")
        })
    }

    /// Every whole-word match, overlapping ones included, ordered by start then by length
    /// (longest first).
    pub fn find_all(&self, text: &NormalizedText) -> Vec<PhraseMatch> {
        let mut found = Vec::new();
        self.for_each_match(text.normalized(), |m| found.push(m));
        Self::sorted_matches(text, found)
    }

    /// The matches found, mapped to the original text, ordered by start then by length
    /// (longest first), without repeats. `found` is in the order of the automaton's
    /// overlapping search, which decides between matches that sort alike.
    fn sorted_matches(text: &NormalizedText, found: Vec<RawMatch>) -> Vec<PhraseMatch> {
        let mut out: Vec<PhraseMatch> = found
            .into_iter()
            .map(|found| PhraseMatch {
                entry: found.entry,
                span: text.original_span(found.phrase.clone()),
                token_span: text.original_span(found.word_start..found.phrase.end),
                normalized: found.phrase,
                proclitics: found.proclitics,
            })
            .collect();
        out.sort_by(|a, b| {
            a.token_span
                .start
                .cmp(&b.token_span.start)
                .then(b.token_span.end.cmp(&a.token_span.end))
                .then(a.entry.cmp(&b.entry))
        });
        out.dedup_by(|a, b| a.entry == b.entry && a.token_span == b.token_span);
        out
    }

    /// Every whole-word match in a text that is already normalized
    /// ([`rasd_text::normalize`]), for callers that need no way back to an original text
    /// (corpus statistics, lexicon checks): the entry and the byte range of the phrase in
    /// `normalized`, without its proclitics and with any suffix. Overlapping matches are all
    /// reported, in no particular order; the same rules as [`PhraseMatcher::find_all`] decide
    /// what is a match.
    pub fn find_all_normalized(&self, normalized: &str) -> Vec<(usize, std::ops::Range<usize>)> {
        let mut out = Vec::new();
        self.for_each_match(normalized, |found| out.push((found.entry, found.phrase)));
        out
    }

    /// Calls `emit` for every whole-word match of the automaton in `norm`.
    fn for_each_match(&self, norm: &str, mut emit: impl FnMut(RawMatch)) {
        for m in self.automaton().find_overlapping_iter(norm) {
            if let Some(found) = self.accept(norm, m.range(), m.pattern().as_usize()) {
                emit(found);
            }
        }
    }

    /// The match of pattern `pattern` found at `m` (a byte range of `norm`), if it is a
    /// whole-word match with admitted affixes.
    fn accept(&self, norm: &str, m: std::ops::Range<usize>, pattern: usize) -> Option<RawMatch> {
        let (entry, contracted) = self.pattern_info[pattern];
        // Phrases must start and end on word boundaries: look back to the boundary for
        // proclitics and ahead to it for a suffix. A change between letters and digits is
        // a boundary too, for news writes numbers glued to words (بمقتل18).
        let same_class = |a: char, b: char| rasd_text::is_numeric(a) == rasd_text::is_numeric(b);
        let first_char = norm[m.start..].chars().next().unwrap_or(' ');
        let last_char = norm[..m.end].chars().next_back().unwrap_or(' ');
        let word_start = norm[..m.start]
            .char_indices()
            .rev()
            .take_while(|&(_, c)| is_word_char(c) && same_class(c, first_char))
            .last()
            .map_or(m.start, |(i, _)| i);
        let prefix = &norm[word_start..m.start];
        if prefix.chars().count() > 4 || !proclitics_allowed(prefix, self.affixes, contracted) {
            return None;
        }
        let word_end = norm[m.end..]
            .char_indices()
            .find(|&(_, c)| !(is_word_char(c) && same_class(c, last_char)))
            .map_or(norm.len(), |(i, _)| m.end + i);
        if !suffix_allowed(&norm[m.end..word_end], self.affixes) {
            return None;
        }
        let (phrase_start, proclitics) = if contracted {
            // The ل of لل belongs to the proclitics; the phrase is ال + rest, and its
            // surface starts at the second ل.
            let l_len = 'ل'.len_utf8();
            (m.start + l_len, format!("{prefix}ل"))
        } else {
            (m.start, prefix.to_owned())
        };
        Some(RawMatch {
            entry,
            phrase: phrase_start..word_end,
            word_start,
            proclitics,
        })
    }

    /// Non-overlapping matches chosen leftmost-longest among the whole-word ones: where two
    /// phrases overlap, the one that starts first wins, and of those starting together the
    /// longest (شرقي حلب over حلب).
    pub fn find_longest(&self, text: &NormalizedText) -> Vec<PhraseMatch> {
        let mut out: Vec<PhraseMatch> = Vec::new();
        for m in self.find_all(text) {
            if out
                .last()
                .is_some_and(|last| last.token_span.end > m.token_span.start)
            {
                continue;
            }
            out.push(m);
        }
        out
    }

    /// Bytes held by the automaton and tables.
    pub fn memory_usage(&self) -> usize {
        self.automaton.get().map_or(0, AhoCorasick::memory_usage)
            + self.patterns.iter().map(String::capacity).sum::<usize>()
            + self.pattern_info.capacity() * std::mem::size_of::<(usize, bool)>()
    }
}

/// Several matchers searched in one pass: one automaton of all their phrases, each match
/// handed to the matcher of its phrase. Each matcher's automaton is a cache-sized table
/// visited at every byte; one pass instead of one per matcher saves most of that time.
#[derive(Clone, Debug)]
pub(crate) struct PhraseScan {
    automaton: AhoCorasick,
    /// For each pattern of the automaton: its matcher and its index there.
    owners: Vec<(usize, usize)>,
}

impl PhraseScan {
    /// Compiles the phrases of `matchers`, in order.
    pub(crate) fn new(matchers: &[&PhraseMatcher]) -> Result<Self, aho_corasick::BuildError> {
        let mut patterns: Vec<&str> = Vec::new();
        let mut owners = Vec::new();
        for (i, matcher) in matchers.iter().enumerate() {
            for (p, pattern) in matcher.patterns.iter().enumerate() {
                patterns.push(pattern);
                owners.push((i, p));
            }
        }
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .byte_classes(true)
            .build(patterns)?;
        Ok(PhraseScan { automaton, owners })
    }

    /// What [`PhraseMatcher::find_all`] of each matcher (the ones given to
    /// [`PhraseScan::new`], in the same order) finds in `text`, match for match and in the same
    /// order: the matches of one phrase set come in the same order from an automaton that
    /// holds others too (by end, then longest first, then in the order added).
    pub(crate) fn find_all(
        &self,
        matchers: &[&PhraseMatcher],
        text: &NormalizedText,
    ) -> Vec<Vec<PhraseMatch>> {
        let norm = text.normalized();
        let mut found: Vec<Vec<RawMatch>> = matchers.iter().map(|_| Vec::new()).collect();
        for m in self.automaton.find_overlapping_iter(norm) {
            let (i, pattern) = self.owners[m.pattern().as_usize()];
            if let Some(raw) = matchers[i].accept(norm, m.range(), pattern) {
                found[i].push(raw);
            }
        }
        found
            .into_iter()
            .map(|f| PhraseMatcher::sorted_matches(text, f))
            .collect()
    }

    /// Bytes held by the automaton and tables.
    pub(crate) fn memory_usage(&self) -> usize {
        self.automaton.memory_usage() + self.owners.capacity() * 2 * std::mem::size_of::<usize>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(phrases: &[&str], affixes: Affixes) -> PhraseMatcher {
        let mut b = PhraseMatcherBuilder::new();
        for p in phrases {
            b.add(p);
        }
        b.build(affixes).unwrap()
    }

    fn surfaces(m: &PhraseMatcher, text: &str) -> Vec<(usize, String)> {
        let t = NormalizedText::new(text);
        m.find_longest(&t)
            .into_iter()
            .map(|x| (x.entry, t.surface(x.span)))
            .collect()
    }

    #[test]
    fn nominal_proclitics_and_the_contracted_article() {
        let m = matcher(
            &["حلب", "المعارضة السورية", "القوات الحكومية"],
            Affixes::Nominal,
        );
        assert_eq!(surfaces(&m, "في حي الكلاسة بحلب"), vec![(0, "حلب".into())]);
        assert_eq!(
            surfaces(&m, "مصادر للمعارضة السورية"),
            vec![(1, "لمعارضة السورية".into())]
        );
        assert_eq!(
            surfaces(&m, "إعدام القوات الحكومية والقوات الحكومية"),
            vec![(2, "القوات الحكومية".into()), (2, "القوات الحكومية".into())]
        );
        // Not a word of its own: محلب, حلبة.
        assert!(surfaces(&m, "محلب وحلبة").is_empty());
    }

    #[test]
    fn longest_match_wins() {
        let m = matcher(&["حلب", "شرقي حلب"], Affixes::Nominal);
        assert_eq!(surfaces(&m, "عن شرقي حلب"), vec![(1, "شرقي حلب".into())]);
    }

    #[test]
    fn suffixes_only_where_allowed() {
        let m = matcher(&["تصفية"], Affixes::NominalWithPronoun);
        assert_eq!(surfaces(&m, "الذين تمت تصفيتهم"), vec![]);
        // ة becomes ت before a suffix: the lexicon lists تصفيت as a stem for that.
        let m = matcher(&["تصفيت", "قتل"], Affixes::NominalWithPronoun);
        assert_eq!(surfaces(&m, "تمت تصفيتهم"), vec![(0, "تصفيتهم".into())]);
        let m = matcher(&["قتل"], Affixes::Nominal);
        assert!(surfaces(&m, "قتلهم").is_empty());
    }

    #[test]
    fn contracted_article_before_phrases_listed_without_it() {
        let m = matcher(&["قصف"], Affixes::Nominal);
        assert_eq!(surfaces(&m, "تعرضت للقصف"), vec![(0, "قصف".into())]);
        assert_eq!(surfaces(&m, "وللقصف"), vec![(0, "قصف".into())]);
    }

    #[test]
    fn digits_glued_to_words_are_a_boundary() {
        let m = matcher(&["مقتل"], Affixes::Nominal);
        assert_eq!(surfaces(&m, "بمقتل18 من عناصر"), vec![(0, "مقتل".into())]);
        let m = matcher(&["18"], Affixes::None);
        assert_eq!(surfaces(&m, "بمقتل18 من"), vec![(0, "18".into())]);
    }

    #[test]
    fn matches_through_harakat() {
        let m = matcher(&["قتل"], Affixes::Verbal);
        assert_eq!(surfaces(&m, "وقُتِلَ ثلاثة"), vec![(0, "قُتِلَ".into())]);
    }
}
