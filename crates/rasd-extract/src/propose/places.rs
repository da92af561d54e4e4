//! The place of a proposal as the rules read it: the nearest place introduced as a location
//! in its sentence (في، بـ، قرب، cue words), finer places before countries, with the places
//! coordinated with it; else the place the paragraph is about, else the lead's. And the place
//! options the place model chooses among (`place_options`).

use crate::analysis::{previous_word, within, Analysis, Hit, SentenceInfo};
use rasd_geo::Precision;
use rasd_lexicon::Trigger;
use std::ops::Range;

/// Whether the place mention `i` is introduced as a location: a cue word of its own (حي،
/// مدينة), a locative preposition before it, or the proclitic بـ.
pub(crate) fn is_locative(analysis: &Analysis, i: usize) -> bool {
    let m = &analysis.places[i];
    if m.cue_precision.is_some() {
        return true;
    }
    let norm = analysis.norm();
    let start = m.normalized.start;
    // Proclitic بـ / وبـ / فبـ glued to the name (the mention span excludes proclitics).
    let glued: String = norm[..start]
        .chars()
        .rev()
        .take_while(|c| rasd_text::is_alphanumeric(*c))
        .collect();
    if glued.contains('ب') || glued.contains('ل') {
        return true;
    }
    previous_word(norm, start)
        .map(|(_, w)| {
            analysis
                .pipeline
                .markers
                .locative
                .has(w.trim_start_matches('و'))
        })
        .unwrap_or(false)
}

/// A capital not introduced as a place speaks for its government (نسبته أنقرة إلى التنظيم).
pub(super) fn speaks_for_government(analysis: &Analysis, i: usize) -> bool {
    let m = &analysis.places[i];
    let metonym = analysis
        .metonyms
        .iter()
        .any(|a| a.start() < m.normalized.end && m.normalized.start < a.end());
    metonym && !is_locative(analysis, i)
}

/// Whether place mention `i`, in the sentence spanning `range`, can be where the event of
/// `anchor` happened: not a container (it is carried by the mention it contains: حي الكلاسة
/// بحلب), not inside an actor's name (ثوار بنغازي), not a capital speaking for its government,
/// not the trigger itself.
fn can_be_the_place(
    analysis: &Analysis,
    i: usize,
    range: &Range<usize>,
    anchor: &Hit<Trigger>,
) -> bool {
    let m = &analysis.places[i];
    let overlaps = |start: usize, end: usize| start < m.normalized.end && m.normalized.start < end;
    !analysis.is_container[i]
        && !within(&analysis.actors, range).any(|a| overlaps(a.start(), a.end()))
        && !speaks_for_government(analysis, i)
        && !overlaps(anchor.start(), anchor.end())
}

/// How a candidate's place was found, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum PlaceSource {
    /// A town or finer place introduced as a location in the sentence.
    Locative,
    /// A town or finer place named in the sentence without a locative.
    Named,
    /// The place the paragraph (or the lead) is about.
    Inherited,
    /// Only a country, introduced as a location.
    Country,
}

/// Places of a candidate: the best-placed mention and the places coordinated with it.
/// Preference: a locative town or finer place (nearest after the trigger, else before), a
/// bare one, the paragraph's place, and a country only when nothing finer is known. A
/// country not introduced as a location is an actor more often than a place (الذي تقوده
/// المملكة، قصفت تركيا) and is not used.
pub(super) fn places_for(
    analysis: &Analysis,
    sentence: &SentenceInfo,
    anchor: &Hit<Trigger>,
    consumed: &[usize],
) -> Vec<(usize, PlaceSource)> {
    let in_sentence: Vec<usize> = analysis
        .places_in(&sentence.range)
        .filter(|&i| {
            !consumed.contains(&i) && can_be_the_place(analysis, i, &sentence.range, anchor)
        })
        .collect();
    let is_country = |i: usize| analysis.resolved[i].precision == Some(Precision::Country);
    let after = |i: usize| analysis.places[i].normalized.start >= anchor.end();
    let distance = |i: usize| {
        let m = &analysis.places[i];
        if after(i) {
            m.normalized.start - anchor.end()
        } else {
            anchor.start().saturating_sub(m.normalized.end)
        }
    };
    let mut best: Option<(PlaceSource, bool, usize, usize)> = None;
    for &i in &in_sentence {
        let source = match (is_country(i), is_locative(analysis, i)) {
            (false, true) => PlaceSource::Locative,
            (false, false) => PlaceSource::Named,
            (true, true) => PlaceSource::Country,
            (true, false) => continue,
        };
        let key = (source, !after(i), distance(i), i);
        if best.is_none_or(|b| (key.0, key.1, key.2) < (b.0, b.1, b.2)) {
            best = Some(key);
        }
    }
    let Some((source, _, _, first)) = best else {
        return Vec::new();
    };
    // Coordinated places: "في منطقة رأس عيسى والصليف", "في الروضة والتحرير".
    let norm = analysis.norm();
    let mut chosen = vec![(first, source)];
    let mut last = first;
    while chosen.len() < 4 {
        let end = analysis.places[last].normalized.end;
        let next = in_sentence.iter().copied().find(|&j| {
            let start = analysis.places[j].normalized.start;
            start > end && {
                let between = norm[end..start].trim();
                matches!(between, "و" | "،" | "، و" | "،و" | "")
            }
        });
        match next {
            Some(j) if is_country(j) == is_country(first) => {
                chosen.push((j, source));
                last = j;
            }
            _ => break,
        }
    }
    chosen
}

/// The first place of the document that is not a country (the dateline or the lead's city),
/// else the first country.
pub(super) fn lead_place(analysis: &Analysis) -> Option<usize> {
    let usable = |i: &usize| {
        !analysis.actors.iter().any(|a| {
            let m = &analysis.places[*i];
            a.start() < m.normalized.end && m.normalized.start < a.end()
        })
    };
    (0..analysis.places.len())
        .filter(usable)
        .find(|&i| {
            analysis.resolved[i].precision != Some(Precision::Country)
                && analysis.resolved[i].lat.is_some()
        })
        .or_else(|| (0..analysis.places.len()).find(usable))
}

/// Where a place option of a proposal comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum PlaceOrigin {
    /// A place named in the proposal's sentence.
    Sentence,
    /// A place named in the sentence before, in the same paragraph.
    Previous,
    /// The place the paragraph is about (the rules' inherited place).
    Paragraph,
    /// The first place of the document (the dateline or the lead's city).
    Lead,
}

impl PlaceOrigin {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            PlaceOrigin::Sentence => "sentence",
            PlaceOrigin::Previous => "previous",
            PlaceOrigin::Paragraph => "paragraph",
            PlaceOrigin::Lead => "lead",
        }
    }
}

/// A place the event of a proposal may be at, for the place decision: a mention of
/// [`Analysis::places`] and where it was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct PlaceOption {
    /// Index into [`Analysis::places`] and [`Analysis::resolved`].
    pub mention: usize,
    pub origin: PlaceOrigin,
}

/// Every place a proposal's event may be at: the places of its sentence and of the sentence
/// before in its paragraph (not containers, not inside an actor's name, not a capital that
/// speaks for its government, not the trigger itself), the paragraph's place and the lead's.
/// Each mention once, the nearest origin first.
pub(super) fn place_options(
    analysis: &Analysis,
    sentence: usize,
    anchor: &Hit<Trigger>,
    paragraph_place: Option<usize>,
    lead: Option<usize>,
) -> Vec<PlaceOption> {
    let usable = |i: usize, range: &Range<usize>| can_be_the_place(analysis, i, range, anchor);
    let mut out: Vec<PlaceOption> = Vec::new();
    let push = |out: &mut Vec<PlaceOption>, mention: usize, origin: PlaceOrigin| {
        if !out.iter().any(|o| o.mention == mention) {
            out.push(PlaceOption { mention, origin });
        }
    };
    let here = &analysis.sentences[sentence];
    for i in analysis.places_in(&here.range) {
        if usable(i, &here.range) {
            push(&mut out, i, PlaceOrigin::Sentence);
        }
    }
    if let Some(before) = sentence
        .checked_sub(1)
        .map(|k| &analysis.sentences[k])
        .filter(|s| s.paragraph == here.paragraph)
    {
        for i in analysis.places_in(&before.range) {
            if usable(i, &before.range) {
                push(&mut out, i, PlaceOrigin::Previous);
            }
        }
    }
    if let Some(i) = paragraph_place {
        push(&mut out, i, PlaceOrigin::Paragraph);
    }
    if let Some(i) = lead {
        push(&mut out, i, PlaceOrigin::Lead);
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::analysis::Analysis;
    use crate::document::Document;
    use crate::pipeline::Pipeline;
    use crate::propose::{propose, PlaceOrigin};
    use rasd_text::NormalizedText;

    /// The proposals of a text: each one's type and place options, as (name, origin).
    fn options(text: &str) -> Vec<(String, Vec<(String, PlaceOrigin)>)> {
        let pipeline = Pipeline::rules_only().unwrap();
        let doc = Document::new("t", text);
        let full = doc.text();
        let normalized = NormalizedText::new(&full);
        let analysis = Analysis::new(&pipeline, &normalized, &doc);
        propose(&analysis)
            .events
            .iter()
            .map(|p| {
                let named = p
                    .place_options
                    .iter()
                    .map(|o| (analysis.resolved[o.mention].name.clone(), o.origin))
                    .collect();
                (p.event_type.clone(), named)
            })
            .collect()
    }

    #[test]
    fn options_are_the_sentence_the_one_before_and_the_lead() {
        let got = options(
            "دخلت القوات مدينة الرمادي أمس. وقتل خمسة جنود في اشتباكات قرب بلدة هيت. \
             وفي حلب قصفت الطائرات حي الكلاسة.",
        );
        let clash = got
            .iter()
            .find(|(t, _)| t == "armed_clash")
            .expect("the clash is proposed");
        let names: Vec<(&str, PlaceOrigin)> =
            clash.1.iter().map(|(n, o)| (n.as_str(), *o)).collect();
        assert!(
            names.contains(&("بلدة هيت", PlaceOrigin::Sentence)),
            "{names:?}"
        );
        assert!(
            names.contains(&("مدينة الرمادي", PlaceOrigin::Previous)),
            "{names:?}"
        );
        assert!(
            !names.iter().any(|(n, _)| n.contains("حلب")),
            "a later sentence is no option"
        );
        // Each mention once, at its nearest origin: the lead is the sentence before here.
        assert_eq!(
            names.iter().filter(|(n, _)| *n == "مدينة الرمادي").count(),
            1
        );
    }
}
