//! The place of a proposal: the nearest place introduced as a location in its sentence
//! (في، بـ، قرب، cue words), finer places before countries, with the places coordinated with
//! it; else the place the paragraph is about, else the lead's.

use crate::analysis::{previous_word, within, Analysis, Hit, SentenceInfo};
use rasd_geo::Precision;
use rasd_lexicon::Trigger;

/// Whether the place mention `i` is introduced as a location: a cue word of its own (حي،
/// مدينة), a locative preposition before it, or the proclitic بـ.
pub(super) fn is_locative(analysis: &Analysis, i: usize) -> bool {
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
    let overlaps = |a_start: usize, a_end: usize, m: &rasd_geo::PlaceMention| {
        a_start < m.normalized.end && m.normalized.start < a_end
    };
    let in_sentence: Vec<usize> = analysis
        .places_in(&sentence.range)
        .filter(|&i| {
            let m = &analysis.places[i];
            !consumed.contains(&i)
                // A container is carried by the mention it contains (حي الكلاسة بحلب).
                && !analysis.is_container[i]
                // Names inside actor names are not where events happen (ثوار بنغازي).
                && !within(&analysis.actors, &sentence.range)
                    .any(|a| overlaps(a.start(), a.end(), m))
                && !speaks_for_government(analysis, i)
                && !overlaps(anchor.start(), anchor.end(), m)
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
