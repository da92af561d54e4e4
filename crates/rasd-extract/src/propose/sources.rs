//! Source options of a sentence: who may be saying that its events happened. Every source
//! phrase of the sentence (مصادر محلية، شهود عيان، مسؤول أمني), the named body that is the
//! subject of a reporting verb (أعلنت وزارة الداخلية), and the sources the paragraph cited
//! last (وأضافت أن ... continues the same source), each with whether the hand rules take it
//! and the outlet that carried it (لـ"سكاي نيوز عربية"). The paragraph's options of the two
//! sentences before that the rules did not take (the speaker of قال ... إن) come too, for
//! the source model alone: a speaker often goes on in the next sentence.

use super::markers::words_between;
use crate::analysis::{next_word, within, Analysis, SentenceInfo};
use crate::candidate::AttributionRef;
use crate::wordlists::Words;
use rasd_lexicon::{ActorKind, CueKind};
use rasd_text::Span;
use std::ops::Range;

/// Where a source option comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum SourceOrigin {
    /// A source phrase of the lexicon in the sentence.
    Phrase,
    /// A named body as the subject of a reporting verb.
    Subject,
    /// The sources of an earlier sentence of the paragraph.
    Earlier,
    /// The words after a reporting verb that no lexicon names (قال مسؤولون أفغان إن): a
    /// speaker of unknown kind, which only the source model takes.
    Speaker,
}

impl SourceOrigin {
    /// A short name for features.
    pub fn as_str(self) -> &'static str {
        match self {
            SourceOrigin::Phrase => "phrase",
            SourceOrigin::Subject => "subject",
            SourceOrigin::Earlier => "earlier",
            SourceOrigin::Speaker => "speaker",
        }
    }
}

/// One source a sentence's events may be attributed to.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct SourceOption {
    pub origin: SourceOrigin,
    /// Whether the hand rules attribute the sentence's events to it.
    pub rule_keep: bool,
    pub attribution: AttributionRef,
    /// The phrase in the normalized text.
    pub normalized: Range<usize>,
    /// The sentence reports (قال، أفادت، بحسب).
    pub reporting: bool,
    /// The phrase is the outlet that carried another source's words.
    pub is_outlet: bool,
    /// For an option carried from an earlier sentence, where it came from.
    pub carried: Option<Carried>,
    /// For a definite source phrase of no kind of its own (المصادر، المصدر: the sources
    /// named before), the kind of the last source the document named before it.
    pub antecedent: Option<String>,
}

/// Where an [`SourceOrigin::Earlier`] option was first read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Carried {
    /// How the option was found in its own sentence.
    pub from: SourceOrigin,
    /// The index of that sentence.
    pub sentence: usize,
    /// Whether the rules took it in its own sentence (only those carry for the rules).
    pub kept: bool,
}

/// How many sentences back a source the rules did not take is still offered to the source
/// model. Measured by 5-fold cross-validation with the source threshold at 0.35: attribution
/// 0.550 with none carried, 0.559 with 1 sentence, 0.558 with 2 (by outlet 0.531, 0.532,
/// 0.539), 0.525 with 4; offering them across paragraphs too gave 0.547.
const OFFERED_REACH: usize = 2;

/// The sources of the sentences read so far that the next sentence's events may take: the
/// ones the rules took last in the paragraph (which they carry on), the paragraph's recent
/// ones the rules did not take (offered to the source model alone, with how far back they were
/// read), and the kind of the last source the rules took in the document (for a bare المصادر).
#[derive(Debug, Default)]
pub(super) struct SourceMemory {
    kept: Vec<SourceOption>,
    offered: Vec<SourceOption>,
    last_kind: Option<String>,
}

impl SourceMemory {
    /// A paragraph begins: sources do not carry across it; the last kind does.
    pub(super) fn new_paragraph(&mut self) {
        self.kept.clear();
        self.offered.clear();
    }

    /// The source options of sentence `index`: its own and those carried to it.
    pub(super) fn options(
        &mut self,
        analysis: &Analysis,
        sentence: &SentenceInfo,
        index: usize,
        reports: bool,
    ) -> Vec<SourceOption> {
        let norm = analysis.norm();
        self.offered.retain(|o| {
            o.carried
                .is_some_and(|c| c.sentence + OFFERED_REACH >= index)
        });
        let earlier: Vec<SourceOption> = self
            .kept
            .iter()
            .chain(self.offered.iter().filter(|o| {
                !self
                    .kept
                    .iter()
                    .any(|k| k.attribution.span == o.attribution.span)
            }))
            .cloned()
            .collect();
        let mut sources = sentence_sources(analysis, sentence, reports, &earlier);
        for s in &mut sources {
            // The article may be read as a proclitic, outside the phrase.
            let before = norm.get(..s.normalized.start).unwrap_or("");
            let definite = before.ends_with("ال")
                || norm
                    .get(s.normalized.clone())
                    .is_some_and(|w| w.starts_with("ال"));
            if s.origin == SourceOrigin::Phrase && s.attribution.kind == "unknown" && definite {
                s.antecedent.clone_from(&self.last_kind);
            }
        }
        sources
    }

    /// Remembers the options of sentence `index` for the sentences after it.
    pub(super) fn remember(&mut self, sources: &[SourceOption], index: usize) {
        let kept: Vec<&SourceOption> = sources.iter().filter(|s| s.rule_keep).collect();
        if let Some(s) = kept
            .iter()
            .rfind(|s| s.carried.is_none() && s.attribution.kind != "unknown")
        {
            self.last_kind = Some(s.attribution.kind.clone());
        }
        let carry = |s: &SourceOption| {
            let mut s = s.clone();
            if s.carried.is_some() {
                // Carried on again: it keeps where it was first read.
                return s;
            }
            s.carried = Some(Carried {
                from: s.origin,
                sentence: index,
                kept: true,
            });
            s.origin = SourceOrigin::Earlier;
            s
        };
        if !kept.is_empty() {
            self.kept = kept.into_iter().map(carry).collect();
        }
        for s in sources
            .iter()
            .filter(|s| s.origin != SourceOrigin::Earlier && !s.rule_keep && !s.is_outlet)
        {
            let mut s = carry(s);
            if let Some(c) = s.carried.as_mut() {
                c.kept = false;
            }
            self.offered.push(s);
        }
    }
}

/// The kind of source a named body is when it speaks.
fn speaker_kind(kind: ActorKind) -> Option<&'static str> {
    Some(match kind {
        ActorKind::Government | ActorKind::StateForces | ActorKind::Police => "official",
        ActorKind::Igo => "igo",
        ActorKind::Ngo => "ngo",
        ActorKind::Media => "media",
        ActorKind::ArmedGroup | ActorKind::Rebels | ActorKind::Militia => "armed_group",
        _ => return None,
    })
}

/// The source options of a sentence. The rules take its source phrases when it reports,
/// else the subject of its reporting verb, else (when it reports) the paragraph's last
/// sources among `earlier` (those the rules took in their own sentence).
fn sentence_sources(
    analysis: &Analysis,
    sentence: &SentenceInfo,
    reports: bool,
    earlier: &[SourceOption],
) -> Vec<SourceOption> {
    let norm = analysis.norm();
    let via = via_outlet(analysis, sentence);
    let mut out: Vec<SourceOption> = Vec::new();
    for s in within(&analysis.sources, &sentence.range) {
        if out.iter().any(|a| a.attribution.span.overlaps(s.m.span)) {
            continue;
        }
        // "لـ سكاي نيوز" right after a source is the outlet that carried it, not a source.
        let is_outlet = via.is_some_and(|v| v.overlaps(s.m.span));
        out.push(SourceOption {
            origin: SourceOrigin::Phrase,
            rule_keep: reports && !is_outlet,
            attribution: AttributionRef {
                kind: s.entry.kind.clone(),
                span: s.m.span,
                code: s.entry.code.clone(),
                via,
            },
            normalized: s.m.normalized.clone(),
            reporting: reports,
            is_outlet,
            carried: None,
            antecedent: None,
        });
    }
    let mut taken = out.iter().any(|s| s.rule_keep);
    for cue in within(&analysis.cues, &sentence.range) {
        if cue.entry.kind != CueKind::Reporting {
            continue;
        }
        let Some(a) = within(&analysis.actors, &sentence.range)
            .find(|a| a.start() >= cue.end() && words_between(norm, cue.end(), a.start()) <= 1)
        else {
            continue;
        };
        let Some(kind) = speaker_kind(a.entry.kind) else {
            continue;
        };
        if out
            .iter()
            .any(|o| !o.is_outlet && o.attribution.span.overlaps(a.m.span))
        {
            continue;
        }
        out.push(SourceOption {
            origin: SourceOrigin::Subject,
            rule_keep: !taken,
            attribution: AttributionRef {
                kind: kind.to_owned(),
                span: a.m.span,
                code: Some(a.entry.code.clone()),
                via,
            },
            normalized: a.m.normalized.clone(),
            reporting: true,
            is_outlet: false,
            carried: None,
            antecedent: None,
        });
        taken = true;
    }
    let words = &analysis.pipeline.speaker_words;
    for cue in within(&analysis.cues, &sentence.range) {
        let surface = norm.get(cue.m.normalized.clone()).unwrap_or("");
        if cue.entry.kind != CueKind::Reporting || words.not_speaking.has(surface) {
            continue;
        }
        let Some(range) = speaker_phrase(analysis, cue.end(), sentence.range.end) else {
            continue;
        };
        let span = analysis.text.original_span(range.clone());
        if out.iter().any(|o| o.attribution.span.overlaps(span)) {
            continue;
        }
        out.push(SourceOption {
            origin: SourceOrigin::Speaker,
            rule_keep: false,
            attribution: AttributionRef {
                kind: "unknown".to_owned(),
                span,
                code: None,
                via,
            },
            normalized: range,
            reporting: true,
            is_outlet: false,
            carried: None,
            antecedent: None,
        });
    }
    for e in earlier {
        let mut e = e.clone();
        e.rule_keep = reports && !taken && e.carried.is_none_or(|c| c.kept);
        e.reporting = reports;
        out.push(e);
    }
    out
}

/// Punctuation that ends a speaker phrase.
const SPEAKER_BREAKS: [char; 10] = ['،', ',', ':', '.', '"', '«', '»', '“', '”', '('];

/// Words a speaker phrase takes at most.
const SPEAKER_WORDS: usize = 6;

/// The speaker after a reporting word ending at byte `from` of the normalized text, up to
/// `end`: the words up to the clause it introduces, a time word, a preposition or
/// punctuation. `None` when the verb has no speaker of its own there (قال في بيان، أعلن أن)
/// or another reporting word follows (بحسب ما ذكر: that one's speaker).
fn speaker_phrase(analysis: &Analysis, from: usize, end: usize) -> Option<Range<usize>> {
    let norm = analysis.norm();
    let words = &analysis.pipeline.speaker_words;
    let mut at = from;
    let mut phrase: Option<Range<usize>> = None;
    let mut taken = 0;
    let mut skipped = 0;
    while let Some((w_end, w)) = next_word(norm, at) {
        let w_start = w_end - w.len();
        if w_end > end {
            break;
        }
        let gap = &norm[at..w_start];
        let bare = w.trim_start_matches('و');
        match &mut phrase {
            None => {
                if gap.contains(SPEAKER_BREAKS) {
                    return None;
                }
                if skipped < 2 && words.skip.has(w) {
                    skipped += 1;
                    at = w_end;
                    continue;
                }
                let reporting_here = within(&analysis.cues, &(w_start..w_end))
                    .any(|c| c.entry.kind == CueKind::Reporting);
                if reporting_here
                    || w.chars().any(rasd_text::is_numeric)
                    || words.not_start.has(w)
                    || words.not_start.has(bare)
                    || words.is_clause(w)
                {
                    return None;
                }
                phrase = Some(w_start..w_end);
                taken = 1;
            }
            Some(range) => {
                if gap.contains(SPEAKER_BREAKS)
                    || taken == SPEAKER_WORDS
                    || w.chars().any(rasd_text::is_numeric)
                    || words.end.has(w)
                    || words.end.has(bare)
                    || words.is_clause(w)
                {
                    break;
                }
                range.end = w_end;
                taken += 1;
            }
        }
        at = w_end;
    }
    phrase
}

/// The words around a speaker (`data/lexicon/speaker_words.tsv`), normalized.
#[derive(Debug, Default)]
pub(crate) struct SpeakerWords {
    /// Between a reporting word and its speaker (ما، عن).
    skip: Words,
    /// Cannot open a speaker (prepositions, complementisers, pronouns, time words).
    not_start: Words,
    /// End a speaker (complementisers, time words, prepositions).
    end: Words,
    /// Reporting words that are more often something else (بين: between).
    not_speaking: Words,
    /// Complementisers: what was said begins (إن، أن، بأن).
    clause: Words,
}

const SPEAKER_WORD_FILE: &str = include_str!("../../../../data/lexicon/speaker_words.tsv");

impl SpeakerWords {
    /// Reads the embedded list.
    ///
    /// # Errors
    /// When the file is malformed (a build defect, caught by the tests).
    pub(crate) fn load() -> Result<SpeakerWords, rasd_lexicon::LexiconError> {
        let lists = crate::wordlists::WordLists::parse(
            "speaker_words.tsv",
            SPEAKER_WORD_FILE,
            &["clause", "skip", "not_start", "end", "not_speaking"],
        )?;
        Ok(SpeakerWords {
            skip: lists.words("skip"),
            not_start: lists.words("not_start"),
            end: lists.words("end"),
            not_speaking: lists.words("not_speaking"),
            clause: lists.words("clause"),
        })
    }

    /// Whether a word of the normalized text is a complementiser.
    pub(crate) fn is_clause(&self, word: &str) -> bool {
        self.clause.has(word)
    }
}

/// The outlet a claim was given to: لـ"سكاي نيوز عربية"، لوكالة فرانس برس.
fn via_outlet(analysis: &Analysis, sentence: &SentenceInfo) -> Option<Span> {
    let norm = analysis.norm();
    if let Some(media) = within(&analysis.actors, &sentence.range)
        .find(|a| a.entry.kind == ActorKind::Media && a.m.proclitics.ends_with('ل'))
    {
        return Some(media.m.span);
    }
    // ل followed by a quoted name.
    let text = &norm[sentence.range.clone()];
    let quotes = ['"', '«', '“', '»', '”'];
    let mut search = 0;
    while let Some(i) = text[search..].find('ل') {
        let at = search + i;
        let before_ok = text[..at]
            .chars()
            .next_back()
            .is_none_or(|c| !rasd_text::is_alphanumeric(c) || c == 'و');
        let rest = text[at + 'ل'.len_utf8()..].trim_start();
        if before_ok {
            if let Some(q) = rest.chars().next().filter(|c| quotes.contains(c)) {
                let inner = &rest[q.len_utf8()..];
                if let Some(close) = inner.find(|c| quotes.contains(&c)) {
                    if close > 0 && close < 80 {
                        let start = sentence.range.start + (text.len() - rest.len()) + q.len_utf8();
                        return Some(analysis.text.original_span(start..start + close));
                    }
                }
            }
        }
        search = at + 'ل'.len_utf8();
    }
    None
}
