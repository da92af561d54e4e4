//! Per-document analysis: the normalized text, its sentences, and every lexicon match, computed
//! once and then read by the assembly step.

use crate::casualty::CasualtyClaim;
use crate::dates::{find_dates, DateMention};
use crate::document::Document;
use crate::pipeline::Pipeline;
use chrono::NaiveDate;
use rasd_geo::{PlaceMention, ResolveHints, ResolvedPlace};
use rasd_lexicon::{
    ActorEntry, ActorKind, Cue, CueKind, Nationality, PhraseMatch, SourceEntry, Trigger,
};
use rasd_text::{sentences, NormalizedText, Span};
use std::collections::HashMap;
use std::ops::Range;

/// A lexicon match and the entry it stands for.
#[derive(Clone, Debug)]
pub(crate) struct Hit<'p, T> {
    pub m: PhraseMatch,
    pub entry: &'p T,
}

impl<T> Hit<'_, T> {
    pub fn start(&self) -> usize {
        self.m.normalized.start
    }
    pub fn end(&self) -> usize {
        self.m.normalized.end
    }
}

/// One sentence with what was found in it.
#[derive(Clone, Debug)]
pub(crate) struct SentenceInfo {
    /// Byte range in the normalized text.
    pub range: Range<usize>,
    /// Span in the original.
    pub span: Span,
    /// Paragraphs are separated by line breaks; events inherit place and day only within one.
    pub paragraph: usize,
    /// Part of the headline.
    pub in_title: bool,
    pub dates: Vec<DateMention>,
    pub claims: Vec<CasualtyClaim>,
}

/// Everything the assembly step reads about one document.
pub(crate) struct Analysis<'a> {
    pub pipeline: &'a Pipeline,
    pub text: &'a NormalizedText,
    pub document_date: Option<NaiveDate>,
    pub sentences: Vec<SentenceInfo>,
    pub triggers: Vec<Hit<'a, Trigger>>,
    pub actors: Vec<Hit<'a, ActorEntry>>,
    /// Capitals standing for their governments (أنقرة تعلن).
    pub metonyms: Vec<Hit<'a, ActorEntry>>,
    pub sources: Vec<Hit<'a, SourceEntry>>,
    pub cues: Vec<Hit<'a, Cue>>,
    pub adjectives: Vec<Hit<'a, Nationality>>,
    pub places: Vec<PlaceMention>,
    pub resolved: Vec<ResolvedPlace>,
    /// Whether each place mention is the container of another (حلب in حي الكلاسة بحلب).
    pub is_container: Vec<bool>,
}

fn hits<'p, T>(found: Vec<(PhraseMatch, &'p T)>) -> Vec<Hit<'p, T>> {
    found
        .into_iter()
        .map(|(m, entry)| Hit { m, entry })
        .collect()
}

impl<'a> Analysis<'a> {
    pub fn new(pipeline: &'a Pipeline, text: &'a NormalizedText, doc: &Document) -> Self {
        let lex = &pipeline.lexicons;
        let title_end = doc.title.as_ref().map(|t| t.chars().count()).unwrap_or(0);
        let norm = text.normalized();
        let mut paragraph = 0;
        let mut last_end = 0;
        let sentences = sentences(text)
            .into_iter()
            .map(|s| {
                paragraph += norm[last_end..s.normalized.start].matches('\n').count();
                last_end = s.normalized.start;
                let dates = find_dates(text, s.normalized.clone(), doc.date);
                let claims = pipeline.casualties.find(text, s.normalized.clone());
                SentenceInfo {
                    in_title: s.span.start < title_end,
                    range: s.normalized,
                    span: s.span,
                    paragraph,
                    dates,
                    claims,
                }
            })
            .collect();
        let found = lex.find_longest_all(text);
        let mut actors = hits(found.actors);
        let places = pipeline.gazetteer.find_mentions(text);
        let hints = ResolveHints {
            actor_countries: actor_countries(&actors),
        };
        add_actor_anaphors(text, &mut actors);
        let resolved = pipeline.gazetteer.resolve(text, &places, &hints);
        let mut is_container = vec![false; places.len()];
        for p in &places {
            if let Some(c) = p.container.filter(|&c| c < places.len()) {
                is_container[c] = true;
            }
        }
        Analysis {
            pipeline,
            text,
            document_date: doc.date,
            sentences,
            triggers: hits(found.triggers),
            actors,
            metonyms: hits(found.metonyms),
            sources: hits(found.sources),
            cues: hits(found.cues),
            adjectives: hits(found.nationalities),
            places,
            resolved,
            is_container,
        }
    }

    /// Indices of the place mentions that start in `range` (mentions are in text order).
    pub fn places_in(&self, range: &Range<usize>) -> Range<usize> {
        let first = self
            .places
            .partition_point(|p| p.normalized.start < range.start);
        let last = first + self.places[first..].partition_point(|p| p.normalized.start < range.end);
        first..last
    }

    /// The normalized text.
    pub fn norm(&self) -> &'a str {
        self.text.normalized()
    }

    /// How many non-event cues (sport, economy, culture, courts) the document has.
    pub fn non_event_cues(&self) -> usize {
        self.cues
            .iter()
            .filter(|c| c.entry.kind == CueKind::NonEvent)
            .count()
    }
}

/// Short forms that refer back to an actor named in full before them (التحالف after قوات
/// التحالف الدولي, الميليشيات after ميليشيات الحوثي, التنظيم after تنظيم داعش), with the kinds
/// of actor each can stand for. Normalized spelling; the definite article is part of the form,
/// since the article is what makes it refer back.
const ACTOR_ANAPHORS: &[(&str, &[ActorKind])] = &[
    ("التحالف", &[ActorKind::Coalition]),
    ("الميليشيات", &[ActorKind::Militia, ActorKind::ArmedGroup]),
    ("المليشيات", &[ActorKind::Militia, ActorKind::ArmedGroup]),
    ("الميليشيا", &[ActorKind::Militia, ActorKind::ArmedGroup]),
    ("المليشيا", &[ActorKind::Militia, ActorKind::ArmedGroup]),
    (
        "الانقلابيين",
        &[ActorKind::ArmedGroup, ActorKind::Rebels, ActorKind::Militia],
    ),
    (
        "الانقلابيون",
        &[ActorKind::ArmedGroup, ActorKind::Rebels, ActorKind::Militia],
    ),
    ("المتمردين", &[ActorKind::ArmedGroup, ActorKind::Rebels]),
    ("المتمردون", &[ActorKind::ArmedGroup, ActorKind::Rebels]),
    ("التنظيم", &[ActorKind::ArmedGroup]),
];

/// The stems of [`ACTOR_ANAPHORS`] (the forms without their article), longest match first.
fn anaphor_stems() -> &'static aho_corasick::AhoCorasick {
    static STEMS: std::sync::OnceLock<aho_corasick::AhoCorasick> = std::sync::OnceLock::new();
    STEMS.get_or_init(|| {
        let stems = ACTOR_ANAPHORS
            .iter()
            .map(|(form, _)| form.strip_prefix("ال").unwrap_or(form));
        // A DFA without prefilter: Arabic text is all 0xD8/0xD9 lead bytes, so a rare-byte
        // prefilter stops at nearly every character.
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .prefilter(false)
            .build(stems)
            .expect("the anaphor stems are a few short constant words")
    })
}

/// Proclitics an anaphoric short form may carry (و ف then ب ك; ل joins as لل).
const ANAPHOR_PROCLITICS: &[&str] = &["وب", "فب", "و", "ف", "ب", "ك"];

/// Adds a hit for each anaphoric short form (see [`ACTOR_ANAPHORS`]) that no lexicon phrase
/// covers, standing for the last actor of a fitting kind named before it in the document; both
/// readings of an ambiguous antecedent (قوات التحالف: Yemen's or Iraq's coalition) are kept for
/// the event's country to decide. A short form with no antecedent stays unread.
fn add_actor_anaphors<'p>(text: &NormalizedText, actors: &mut Vec<Hit<'p, ActorEntry>>) {
    let norm = text.normalized();
    let mut added = Vec::new();
    // Words that end in a short form's stem (تحالف of التحالف), found in one automaton pass:
    // walking every character of the document with Unicode class lookups, or searching for
    // each stem in turn, costs more than the rest of the analysis.
    let mut words: Vec<(usize, &str)> = Vec::new();
    for m in anaphor_stems().find_iter(norm) {
        let (i, end) = (m.start(), m.end());
        if norm[end..]
            .chars()
            .next()
            .is_some_and(rasd_text::is_alphanumeric)
        {
            continue;
        }
        let start = norm[..i]
            .char_indices()
            .rev()
            .take_while(|(_, c)| rasd_text::is_alphanumeric(*c))
            .last()
            .map_or(i, |(j, _)| j);
        words.push((start, &norm[start..end]));
    }
    words.sort_unstable();
    words.dedup();
    for (start, word) in words {
        if word.len() < 6 {
            continue;
        }
        // The proclitics and what follows the article: للتنظيم is ل + (ال)تنظيم.
        let (proclitics, after_article) = match word.strip_prefix("لل") {
            Some(rest) => ("ل", rest),
            None => {
                let Some((p, rest)) = ANAPHOR_PROCLITICS
                    .iter()
                    .chain(&[""])
                    .find_map(|p| Some((*p, word.strip_prefix(*p)?.strip_prefix("ال")?)))
                else {
                    continue;
                };
                (p, rest)
            }
        };
        let Some((_, kinds)) = ACTOR_ANAPHORS
            .iter()
            .find(|(f, _)| f.strip_prefix("ال") == Some(after_article))
        else {
            continue;
        };
        // The phrase starts at its article; in للتنظيم the article's ا is gone, so after ل.
        let name_start = start
            + if proclitics == "ل" {
                2
            } else {
                proclitics.len()
            };
        let range = name_start..start + word.len();
        let covered = actors
            .iter()
            .any(|a| a.m.normalized.start < range.end && range.start < a.m.normalized.end);
        if covered {
            continue;
        }
        let Some(antecedent) = actors
            .iter()
            .filter(|a| a.m.normalized.end <= range.start && kinds.contains(&a.entry.kind))
            .map(|a| a.m.normalized.clone())
            .next_back()
        else {
            continue;
        };
        for a in actors.iter().filter(|a| a.m.normalized == antecedent) {
            added.push(Hit {
                m: PhraseMatch {
                    entry: a.m.entry,
                    span: text.original_span(range.clone()),
                    token_span: text.original_span(start..range.end),
                    normalized: range.clone(),
                    proclitics: proclitics.to_owned(),
                },
                entry: a.entry,
            });
        }
    }
    if !added.is_empty() {
        actors.extend(added);
        actors.sort_by_key(|a| a.m.normalized.start);
    }
}

/// Countries of the actors named in a document, most frequent first.
fn actor_countries(actors: &[Hit<'_, ActorEntry>]) -> Vec<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for a in actors {
        if let Some(c) = &a.entry.country {
            *counts.entry(c.as_str()).or_default() += 1;
        }
    }
    let mut list: Vec<(&str, usize)> = counts.into_iter().collect();
    list.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    list.into_iter().map(|(c, _)| c.to_owned()).collect()
}

/// Items whose normalized start lies in `range`. Hits are sorted by start (matchers report
/// them in text order), so this is two binary searches: no document-length scan per sentence.
pub(crate) fn within<'x, T>(
    items: &'x [Hit<'_, T>],
    range: &Range<usize>,
) -> impl Iterator<Item = &'x Hit<'x, T>> + 'x
where
    T: 'x,
{
    let first = items.partition_point(|h| h.start() < range.start);
    let last = first + items[first..].partition_point(|h| h.start() < range.end);
    items[first..last].iter()
}

/// The word (letters and digits) that ends right before byte `pos`, skipping spaces and
/// punctuation, and its start.
pub(crate) fn previous_word(norm: &str, pos: usize) -> Option<(usize, &str)> {
    let before = &norm[..pos.min(norm.len())];
    let end = before
        .char_indices()
        .rev()
        .find(|&(_, c)| rasd_text::is_alphanumeric(c))
        .map(|(i, c)| i + c.len_utf8())?;
    let start = before[..end]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| rasd_text::is_alphanumeric(c))
        .last()
        .map_or(end, |(i, _)| i);
    Some((start, &before[start..end]))
}

/// The word that starts after byte `pos`, skipping spaces and punctuation, and its end.
pub(crate) fn next_word(norm: &str, pos: usize) -> Option<(usize, &str)> {
    let after = &norm[pos.min(norm.len())..];
    let start = after
        .char_indices()
        .find(|&(_, c)| rasd_text::is_alphanumeric(c))?
        .0;
    let end = after[start..]
        .char_indices()
        .find(|&(_, c)| !rasd_text::is_alphanumeric(c))
        .map_or(after.len(), |(i, _)| start + i);
    Some((pos + end, &after[start..end]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbouring_words() {
        let s = "قتل 3 ، في حلب";
        let pos = s.find("في").unwrap();
        assert_eq!(previous_word(s, pos).map(|w| w.1), Some("3"));
        assert_eq!(next_word(s, pos).map(|w| w.1), Some("في"));
        assert_eq!(previous_word(s, 0), None);
        assert_eq!(next_word(s, s.len()), None);
    }
}
