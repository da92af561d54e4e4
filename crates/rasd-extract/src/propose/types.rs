//! The types a sentence's triggers name: the specific over the generic (a weapon over a
//! killing word, an air strike over a bare bombardment when aircraft are named, a suicide
//! bombing over its explosion, a disruption over the attack it prevented), and the modality
//! each is told with.

use super::markers::{clause_break, words_between, AIR_CAMPAIGNS, TERRITORY};
use crate::analysis::{within, Analysis, Hit, SentenceInfo};
use crate::candidate::Modality;
use crate::casualty::{CasualtyClaim, CasualtyKind, Group};
use rasd_lexicon::{CueKind, Strength, Trigger, TriggerForm};
use std::ops::Range;

/// The family of a type in the taxonomy ("" when unknown).
pub(crate) fn family<'t>(analysis: &'t Analysis, event_type: &str) -> &'t str {
    analysis
        .pipeline
        .lexicons
        .taxonomy
        .get(event_type)
        .map_or("", |t| t.family.as_str())
}

/// A killing word that names no kind of violence (قتل، مقتل، لقي مصرعه): the weapon, if
/// any, decides the type.
fn is_generic_killing(t: &Trigger) -> bool {
    t.event_type == "attack" && t.detail.is_none()
}

/// The bare bombardment verb or noun (قصف، قصفت، يقصف): artillery unless aircraft are named
/// in the same sentence, in which case it is the air strike itself.
fn is_bare_bombardment(analysis: &Analysis, t: &Hit<Trigger>) -> bool {
    t.entry.event_type == "shelling"
        && t.entry.detail.is_none()
        && analysis.norm()[t.m.normalized.clone()].contains("قصف")
        && !analysis.norm()[t.m.normalized.clone()].contains(' ')
}

fn is_remote(family: &str) -> bool {
    family == "remote"
}

/// The event types a sentence's triggers name, each with the trigger that anchors it.
pub(crate) fn choose_types<'h, 'p>(
    analysis: &Analysis,
    sentence: &Range<usize>,
    triggers: &[&'h Hit<'p, Trigger>],
    claims: &[CasualtyClaim],
) -> Vec<(String, Option<String>, &'h Hit<'p, Trigger>)> {
    let disrupted = triggers
        .iter()
        .any(|t| t.entry.event_type == "disrupted_weapons_use");
    let mut chosen: Vec<(String, Option<String>, &Hit<Trigger>)> = Vec::new();
    for t in triggers.iter().copied() {
        let fam = family(analysis, &t.entry.event_type);
        if fam.is_empty() || is_generic_killing(t.entry) {
            continue;
        }
        // A foiled attack or defused bomb is the disruption, not the explosion it prevented.
        if disrupted && (is_remote(fam) || t.entry.event_type == "armed_clash") {
            continue;
        }
        // The same type again in a new clause is a second incident ("قتل ثلاثة في منطقة X،
        // وقتل اثنان آخران باشتباكات مماثلة في منطقة Y"); within a clause it is the same one.
        if let Some(existing) = chosen.iter_mut().rev().find(|(ty, _, a)| {
            *ty == t.entry.event_type && !clause_break(analysis.norm(), a.end(), t.start())
        }) {
            if existing.1.is_none() {
                existing.1 = t.entry.detail.clone();
            }
            continue;
        }
        chosen.push((t.entry.event_type.clone(), t.entry.detail.clone(), t));
    }
    // Within one sentence, the specific absorbs the generic:
    // - weak words of one violent type (هجوم، معركة) when another type has a strong one;
    // - the bare bombardment word when aircraft strike (طيران التحالف قصف مواقع...);
    // - an explosion when a suicide bomber set it off;
    // - the second of two territory words (one side's gain is the other's loss).
    let strong_types: Vec<String> = triggers
        .iter()
        .filter(|t| {
            t.entry.strength == Strength::Strong
                && !is_generic_killing(t.entry)
                && !matches!(family(analysis, &t.entry.event_type), "verbal" | "")
        })
        .map(|t| t.entry.event_type.clone())
        .collect();
    let has = |ty: &str, chosen: &[(String, Option<String>, &Hit<Trigger>)]| {
        chosen.iter().any(|(t, _, _)| t == ty)
    };
    // Aircraft named by a trigger or inside an actor phrase (طائرات التحالف، طيران النظام), or
    // a bombardment by a power that fights there only from the air (قصف روسي in Syria).
    let aircraft = triggers.iter().any(|t| t.entry.event_type == "air_strike")
        || aircraft_actor(analysis, sentence)
        || air_campaign_bombardment(analysis, sentence, triggers);
    // Destruction by aircraft is the air strike (طائرات التحالف نجحت في تدمير الآليات).
    if aircraft {
        for c in chosen.iter_mut() {
            if c.0 == "looting_property_destruction" {
                c.0 = "air_strike".to_owned();
                c.1 = None;
            }
        }
    }
    // Bare bombardment by aircraft is the air strike: طائرات التحالف قصفت مواقع.
    if aircraft {
        for c in chosen.iter_mut() {
            if c.0 == "shelling" && is_bare_bombardment(analysis, c.2) {
                c.0 = "air_strike".to_owned();
            }
        }
        let mut seen: Vec<(String, usize)> = Vec::new();
        chosen.retain(|c| {
            let key = (c.0.clone(), c.2.start());
            let fresh = !seen.iter().any(|(ty, at)| {
                *ty == key.0 && !clause_break(analysis.norm(), (*at).min(key.1), (*at).max(key.1))
            });
            seen.push(key);
            fresh
        });
    }
    let strong_types: Vec<String> = strong_types
        .into_iter()
        .map(|t| {
            if aircraft && t == "shelling" {
                "air_strike".to_owned()
            } else {
                t
            }
        })
        .collect();
    let snapshot = chosen.clone();
    chosen.retain(|(ty, _, anchor)| {
        let fam = family(analysis, ty);
        if fam == "verbal" {
            return true;
        }
        // A weak word of a kind that is always a particular event (تصفيتهم: an execution; a
        // massacre, an assassination, torture) is not absorbed.
        let weak_only = !strong_types.contains(ty);
        let specific = snapshot.iter().any(|(t, detail, _)| {
            t == ty
                && matches!(
                    detail.as_deref(),
                    Some("execution" | "massacre" | "assassination" | "torture")
                )
        });
        if weak_only && !specific && strong_types.iter().any(|s| s != ty) {
            return false;
        }
        if ty == "shelling" && has("air_strike", &snapshot) && is_bare_bombardment(analysis, anchor)
        {
            return false;
        }
        if ty == "remote_explosive" && has("suicide_bomb", &snapshot) {
            return false;
        }
        // Destruction by a weapon is the strike or shelling itself, the weapon winning as
        // over victims (طائرات التحالف نجحت في تدمير الآليات).
        if ty == "looting_property_destruction"
            && snapshot
                .iter()
                .any(|(t, _, _)| is_remote(family(analysis, t)))
        {
            return false;
        }
        if ty == TERRITORY[1] && has(TERRITORY[0], &snapshot) {
            return false;
        }
        true
    });
    let has_violent = chosen
        .iter()
        .any(|(ty, _, _)| family(analysis, ty) != "verbal");
    if !has_violent {
        if let Some(generic) = triggers
            .iter()
            .copied()
            .find(|t| is_generic_killing(t.entry))
        {
            let fighters = claims.iter().any(|c| {
                matches!(c.group, Group::Militants | Group::Military | Group::Police)
                    && matches!(c.kind, CasualtyKind::Killed | CasualtyKind::Injured)
            });
            let ty = if fighters { "armed_clash" } else { "attack" };
            chosen.push((ty.to_owned(), None, generic));
        }
    }
    chosen.sort_by_key(|(_, _, t)| t.start());
    chosen
}

/// Whether an actor phrase of the sentence names aircraft.
fn aircraft_actor(analysis: &Analysis, sentence: &Range<usize>) -> bool {
    let norm = analysis.norm();
    within(&analysis.actors, sentence).any(|a| {
        let phrase = &norm[a.m.normalized.clone()];
        analysis
            .pipeline
            .markers
            .aircraft
            .opens(phrase.trim_start_matches("ال"))
    })
}

/// Whether a bare bombardment word of the sentence is followed by the adjective of a power
/// that bombs there from the air (قصف روسي وسوري on a Syrian town).
fn air_campaign_bombardment(
    analysis: &Analysis,
    sentence: &Range<usize>,
    triggers: &[&Hit<Trigger>],
) -> bool {
    let norm = analysis.norm();
    let mut bombardments = triggers
        .iter()
        .filter(|t| is_bare_bombardment(analysis, t))
        .peekable();
    if bombardments.peek().is_none() {
        return false;
    }
    let countries: Vec<&str> = analysis
        .places_in(sentence)
        .filter_map(|i| analysis.resolved.get(i)?.country.as_deref())
        .collect();
    bombardments.any(|t| {
        within(&analysis.adjectives, sentence).any(|adj| {
            let between = norm.get(t.m.normalized.end..adj.start()).unwrap_or("x");
            between.trim().is_empty()
                && AIR_CAMPAIGNS.iter().any(|(power, theatres)| {
                    adj.entry.iso2 == *power && countries.iter().any(|c| theatres.contains(c))
                })
        })
    })
}

pub(crate) fn modality_for(
    analysis: &Analysis,
    sentence: &SentenceInfo,
    anchor: &Hit<Trigger>,
    reported: bool,
) -> Modality {
    let norm = analysis.norm();
    let mut modality = if reported {
        Modality::Reported
    } else {
        Modality::Asserted
    };
    let verb = matches!(
        anchor.entry.form,
        TriggerForm::Verb | TriggerForm::PassiveVerb
    );
    // The future prefix سـ on the verb itself (سيقصف).
    if verb && anchor.m.proclitics.ends_with('س') {
        modality = modality.min(Modality::Future);
    }
    for cue in within(&analysis.cues, &sentence.range) {
        if cue.end() > anchor.start() {
            break;
        }
        let gap = words_between(norm, cue.end(), anchor.start());
        let applies = match cue.entry.kind {
            CueKind::Negation => gap <= 1,
            CueKind::Future => gap <= 2,
            CueKind::Hypothetical => gap <= 6,
            CueKind::Denial => true,
            CueKind::Allegation => gap <= 8,
            CueKind::Reporting | CueKind::NonEvent => false,
        };
        if !applies {
            continue;
        }
        let m = match cue.entry.kind {
            CueKind::Negation => Modality::Negated,
            CueKind::Future => Modality::Future,
            CueKind::Hypothetical => Modality::Hypothetical,
            CueKind::Denial => Modality::Denied,
            CueKind::Allegation => Modality::Alleged,
            CueKind::Reporting | CueKind::NonEvent => continue,
        };
        modality = modality.min(m);
    }
    modality
}
