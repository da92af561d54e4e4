//! Clitic segmentation: a light stemmer that proposes ways to take an Arabic word apart.
//!
//! Arabic writes conjunctions, prepositions, the future particle and the article as one word
//! with what follows, and object or possessive pronouns as one word with what precedes:
//! `وبالقوات` "and with the forces" is `و` + `ب` + `ال` + `قوات`; `فقتلهم` "so he killed
//! them" is `ف` + `قتل` + `هم`. [`segment`] lists the analyses allowed by this grammar, in the
//! style of the light stemmers of Larkey, Ballesteros and Connell (2002, "Improving stemming
//! for Arabic information retrieval: light stemming and co-occurrence analysis", SIGIR):
//!
//! ```text
//! word  = conjunction? particle? article? stem pronoun?
//! conjunction = و "and" | ف "so, then"
//! particle    = ب "with, in" | ك "like" | ل "for, to" | س (future, before a verb)
//! article     = ال  (written ل after the particle ل: لل = ل + ال)
//! pronoun     = ه ها هم هما هن كم كما كن نا ي   (never after the article)
//! ```
//!
//! No analysis leaves a stem under two letters.
//!
//! # Order of the candidates
//!
//! A light stemmer cannot tell a clitic from a root letter: `وزارة` "ministry" starts with a
//! root `و`, `بحلب` "in Aleppo" with the preposition `ب`, and `مدينة` (normalized `مدينه`)
//! ends with a folded ta marbuta that looks like the pronoun `ه`. So [`segment`] returns all
//! analyses and orders them so that a caller who takes the first one that its lexicon knows
//! gets the safest reading:
//!
//! 1. analyses that strip the article: a word-initial `ال`, `وال`, `بال`, `لل`... is the
//!    article in all but a handful of function words (`التي`, `الذي`, `الله`...), which are
//!    listed and not given this rank;
//! 2. analyses that strip clitics before an `ال` kept in the stem (`و` + `القوات`), for
//!    lexicons that store names with their article (`الرقة`);
//! 3. all others, the **longest stem first**: the whole word comes before any ambiguous
//!    stripping, so `وزارة` is tried as itself before `و` + `زارة`, and `بحلب` as itself before
//!    `ب` + `حلب`.
//!
//! Ties go to the analysis with fewer clitics, then to the one that strips a proclitic rather
//! than a pronoun (proclitics are far more frequent in news prose).
//!
//! # What it cannot do
//!
//! It is not a morphological analyser: it does not strip dual, plural or feminine endings
//! (`ين`, `ون`, `ات`), does not undo broken plurals or infixes, does not remove verb
//! inflection (the `ي ت ن ا` prefixes of the imperfect), and has no lexicon to rule out
//! impossible stems. The stem before a pronoun keeps the `ت` of a ta marbuta (`تصفيتهم` →
//! `تصفيت` + `هم`); [`Segmentation::ta_marbuta_stem`] gives the citation spelling. Words are
//! expected normalized ([`crate::normalize`]); other text is segmented as written.

use std::ops::Range;

/// One analysis of a word into proclitics, stem and pronoun suffix.
///
/// `prefix + stem + suffix` is always the whole word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segmentation<'w> {
    /// The proclitics as written, e.g. `وبال`; empty when none.
    pub prefix: &'w str,
    /// The stem.
    pub stem: &'w str,
    /// The pronoun suffix, e.g. `هم`; empty when none.
    pub suffix: &'w str,
    /// The conjunction: `و` "and" or `ف` "so, then".
    pub conjunction: Option<char>,
    /// The preposition `ب`, `ك`, `ل` or the future particle `س`.
    pub particle: Option<char>,
    /// Whether the definite article is part of the prefix.
    pub article: bool,
}

impl Segmentation<'_> {
    /// Byte range of the stem within the word.
    pub fn stem_range(&self) -> Range<usize> {
        self.prefix.len()..self.prefix.len() + self.stem.len()
    }

    /// Whether nothing was stripped.
    pub fn is_whole_word(&self) -> bool {
        self.prefix.is_empty() && self.suffix.is_empty()
    }

    /// The stem with a ta marbuta restored, when a pronoun follows a stem ending in `ت`: the
    /// feminine `ة` is written `ت` before a suffix (`تصفيتهم` "their liquidation" →
    /// `تصفيه`, the normalized `تصفية`). `None` otherwise.
    pub fn ta_marbuta_stem(&self) -> Option<String> {
        if self.suffix.is_empty() {
            return None;
        }
        let base = self.stem.strip_suffix('ت')?;
        (base.chars().count() >= 2).then(|| format!("{base}ه"))
    }
}

/// Pronoun suffixes, longest first so that `هما` is tried before `ما` could ever matter.
const PRONOUNS: &[&str] = &["هما", "كما", "هم", "هن", "كم", "كن", "ها", "نا", "ه", "ي"];

/// Words (after any conjunction or preposition) whose initial `ال` is not the article:
/// relative pronouns, `الله`, and the particles `الا` "except" and `الي` (إلى "to").
const ARTICLE_LOOKALIKES: &[&str] = &[
    "الذي",
    "التي",
    "الذين",
    "اللذين",
    "اللتين",
    "اللذان",
    "اللتان",
    "اللاتي",
    "اللواتي",
    "اللائي",
    "اللايي",
    "الله",
    "اللهم",
    "الا",
    "الي",
];

/// The shortest stem an analysis may leave, in letters.
const MIN_STEM_CHARS: usize = 2;

/// Candidate analyses of a normalized word, the most likely first (see the module docs).
///
/// The whole word is always among them, so the list is never empty.
///
/// ```
/// let first = &rasd_text::segment("والقوات")[0];
/// assert_eq!((first.prefix, first.stem, first.suffix), ("وال", "قوات", ""));
/// // "ministry": the root و is kept in the first candidate.
/// assert_eq!(rasd_text::segment("وزاره")[0].stem, "وزاره");
/// ```
pub fn segment(word: &str) -> Vec<Segmentation<'_>> {
    let mut candidates = Vec::new();
    for conjunction in [None, Some('و'), Some('ف')] {
        let Some(after_conjunction) = strip(word, conjunction) else {
            continue;
        };
        for particle in [None, Some('ب'), Some('ك'), Some('ل'), Some('س')] {
            let Some(after_particle) = strip(after_conjunction, particle) else {
                continue;
            };
            // The article: ال, or a bare ل after the preposition ل (لل); never after س.
            let article_form = match particle {
                Some('س') => None,
                Some('ل') => Some("ل"),
                _ => Some("ال"),
            };
            let with_article = article_form
                .and_then(|a| after_particle.strip_prefix(a))
                .filter(|_| !is_article_lookalike(after_particle, particle == Some('ل')));
            let rests = [
                Some((after_particle, false)),
                with_article.map(|r| (r, true)),
            ];
            for (rest, article) in rests.into_iter().flatten() {
                let prefix = &word[..word.len() - rest.len()];
                let suffixes = std::iter::once("").chain(
                    PRONOUNS
                        .iter()
                        .copied()
                        .filter(|p| !article && rest.ends_with(p)),
                );
                for suffix in suffixes {
                    let stem = &rest[..rest.len() - suffix.len()];
                    let whole = prefix.is_empty() && suffix.is_empty();
                    if !whole && stem.chars().count() < MIN_STEM_CHARS {
                        continue;
                    }
                    candidates.push(Segmentation {
                        prefix,
                        stem,
                        suffix,
                        conjunction,
                        particle,
                        article,
                    });
                }
            }
        }
    }
    candidates.sort_by_key(|s| {
        let tier = if s.article {
            0
        } else if !s.prefix.is_empty() && s.stem.starts_with("ال") {
            1
        } else {
            2
        };
        let clitics = usize::from(s.conjunction.is_some())
            + usize::from(s.particle.is_some())
            + usize::from(s.article)
            + usize::from(!s.suffix.is_empty());
        (
            tier,
            std::cmp::Reverse(s.stem.chars().count()),
            clitics,
            s.suffix.len(),
        )
    });
    candidates
}

/// Whether `text` (what follows the conjunction and particle) is a function word that only
/// looks like article + noun. After the preposition ل the article's alef is not written
/// (`للذين` is ل + الذين), so it is compared without it.
fn is_article_lookalike(text: &str, after_lam: bool) -> bool {
    ARTICLE_LOOKALIKES.iter().any(|word| {
        if after_lam {
            word.strip_prefix('ا') == Some(text)
        } else {
            *word == text
        }
    })
}

/// `text` without the one-letter clitic `clitic` at its start; the text itself for `None`.
fn strip(text: &str, clitic: Option<char>) -> Option<&str> {
    match clitic {
        None => Some(text),
        Some(c) => text.strip_prefix(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize;

    fn show(s: &Segmentation) -> String {
        [s.prefix, s.stem, s.suffix]
            .iter()
            .filter(|p| !p.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("+")
    }

    #[test]
    fn table() {
        // (word as written, first candidate, another candidate that must be offered)
        let cases = [
            ("والقوات", "وال+قوات", "و+القوات"),
            ("بحلب", "بحلب", "ب+حلب"),
            ("للمعارضة", "لل+معارضه", "للمعارضه"),
            ("وسيقتل", "وسيقتل", "وس+يقتل"),
            ("تصفيتهم", "تصفيتهم", "تصفيت+هم"),
            ("فقتلهم", "فقتلهم", "ف+قتل+هم"),
            ("وزارة", "وزاره", "و+زاره"),
            ("وبالقوات", "وبال+قوات", "وب+القوات"),
            ("القوات", "ال+قوات", "القوات"),
            ("فللمدنيين", "فلل+مدنيين", "ف+للمدنيين"),
            ("كالقذائف", "كال+قذائف", "كالقذائف"),
            ("بيوتهما", "بيوتهما", "بيوت+هما"),
            // Function words that only look like article + noun.
            ("التي", "التي", "التي"),
            ("والذين", "و+الذين", "والذين"),
            ("الله", "الله", "الله"),
            ("للذين", "للذين", "ل+لذين"),
            // Nothing leaves a one-letter stem.
            ("وله", "وله", "وله"),
            ("و", "و", "و"),
            ("", "", ""),
            ("Reuters", "reuters", "reuters"),
        ];
        for (written, first, other) in cases {
            let word = normalize(written);
            let (first, other) = (normalize(first), normalize(other));
            let all = segment(&word);
            let shown: Vec<String> = all.iter().map(show).collect();
            assert_eq!(
                shown.first().map(String::as_str),
                Some(first.as_str()),
                "{written}: {shown:?}"
            );
            assert!(shown.contains(&other), "{written}: {shown:?}");
            for s in &all {
                assert_eq!(format!("{}{}{}", s.prefix, s.stem, s.suffix), word);
                assert!(s.is_whole_word() || s.stem.chars().count() >= MIN_STEM_CHARS);
            }
        }
    }

    #[test]
    fn no_stem_shorter_than_two_letters() {
        let shown: Vec<String> = segment("وله").iter().map(show).collect();
        assert_eq!(shown, ["وله", "و+له", "ول+ه"]);
        assert!(segment("لله").iter().all(|s| s.stem.chars().count() >= 2));
    }

    #[test]
    fn clitic_fields() {
        let all = segment("وسيقتل");
        let s = all.iter().find(|s| s.stem == "يقتل").expect("و+س+يقتل");
        assert_eq!(
            (s.conjunction, s.particle, s.article),
            (Some('و'), Some('س'), false)
        );
        assert_eq!(s.stem_range(), "وس".len().."وسيقتل".len());
        let word = normalize("للمعارضة");
        let s = &segment(&word)[0];
        assert_eq!(
            (s.conjunction, s.particle, s.article),
            (None, Some('ل'), true)
        );
    }

    #[test]
    fn ta_marbuta_is_restored_before_pronouns() {
        let all = segment("تصفيتهم");
        let s = all
            .iter()
            .find(|s| s.suffix == "هم")
            .expect("pronoun analysis");
        assert_eq!(s.ta_marbuta_stem().as_deref(), Some("تصفيه"));
        assert_eq!(segment("قتل")[0].ta_marbuta_stem(), None);
    }
}
