//! Actor options of a proposal: every actor the sentence names (and the sentence before),
//! nationality adjectives after weapon words, a country as the subject of a violent verb, the
//! victims its claims name and the forces that speak in it, each with the role the hand rules
//! give it (or none) and the cues they read: a target marker before it (على، ضد، مواقع), its
//! being among the counted victims, a place taken from it.

use super::markers::{words_between, Markers, TERRITORY};
use crate::analysis::{next_word, previous_word, within, Analysis, Hit, SentenceInfo};
use crate::candidate::Role;
use crate::casualty::{CasualtyClaim, Group};
use rasd_geo::Precision;
use rasd_lexicon::{ActorKind, CueKind, Trigger, TriggerForm};
use rasd_text::Span;
use std::ops::Range;

/// Where an actor option comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum ActorOrigin {
    /// An actor phrase of the lexicon in the sentence.
    Lexicon,
    /// A nationality adjective (قصف روسي).
    Adjective,
    /// A country named right after a violent verb (قصفت تركيا).
    CountrySubject,
    /// The people a casualty claim counts (مدنيين، جنود).
    ClaimVictim,
    /// Armed forces that speak in the sentence (أعلنت قيادة العمليات).
    Speaker,
    /// An actor of the sentence before, in the same paragraph.
    Earlier,
}

impl ActorOrigin {
    /// A short name for features.
    pub fn as_str(self) -> &'static str {
        match self {
            ActorOrigin::Lexicon => "lexicon",
            ActorOrigin::Adjective => "adjective",
            ActorOrigin::CountrySubject => "country_subject",
            ActorOrigin::ClaimVictim => "claim_victim",
            ActorOrigin::Speaker => "speaker",
            ActorOrigin::Earlier => "earlier",
        }
    }
}

/// One actor a proposal may have, and what the rules read of it.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ActorOption {
    pub origin: ActorOrigin,
    /// The role the hand rules give it; `None` where they leave it out.
    pub rule_role: Option<Role>,
    pub kind: Option<ActorKind>,
    pub span: Span,
    /// The phrase in the normalized text.
    pub normalized: Range<usize>,
    /// Proclitics glued before the phrase (و، ب، ل ...).
    pub proclitics: String,
    pub name: Option<String>,
    pub code: Option<String>,
    /// A target marker (على، ضد، مواقع، استهداف) one or two words before it.
    pub marked_target: bool,
    /// Inside the victims a claim counts.
    pub among_victims: bool,
    /// The side a place is taken from ("تحرير لحج من مسلحي الحوثي").
    pub taken_from: bool,
    /// Inside a source phrase (مصادر في الجيش).
    pub in_source: bool,
}

/// The code of a state's forces or government from its alpha-2 code.
pub(super) fn state_code(
    analysis: &Analysis,
    iso2: &str,
    suffix: &str,
) -> Option<(String, String)> {
    analysis
        .pipeline
        .lexicons
        .country(iso2)
        .map(|c| (format!("{}{suffix}", c.iso3), c.name_en.clone()))
}

/// Whether an actor of this kind bears arms.
pub(crate) fn is_armed(kind: ActorKind) -> bool {
    matches!(
        kind,
        ActorKind::StateForces
            | ActorKind::Police
            | ActorKind::Rebels
            | ActorKind::Militia
            | ActorKind::ArmedGroup
            | ActorKind::Coalition
            | ActorKind::Unknown
    )
}

/// Whether a target marker stands one or two words before `token_start`.
fn marked_as_target(markers: &Markers, norm: &str, token_start: usize) -> bool {
    [1usize, 2].iter().any(|&back| {
        let mut pos = token_start;
        let mut word = None;
        for _ in 0..back {
            match previous_word(norm, pos) {
                Some((s, w)) => {
                    pos = s;
                    word = Some(w);
                }
                None => return false,
            }
        }
        word.is_some_and(|w| markers.target.has(w.trim_start_matches('و')))
    })
}

/// The role the hand rules give a lexicon actor of a sentence, `None` where they leave it out.
#[allow(clippy::too_many_arguments)]
fn rule_role(
    norm: &str,
    anchor: &Hit<Trigger>,
    hit: &Hit<rasd_lexicon::ActorEntry>,
    event_family: &str,
    cues: (bool, bool, bool, bool),
    claimant_taken: bool,
) -> Option<Role> {
    let (in_source, marked_target, among_victims, taken_from) = cues;
    if in_source {
        return None;
    }
    let kind = hit.entry.kind;
    // Strategic developments (a group suspends its work, parties agree) have parties, not
    // perpetrators.
    if event_family == "strategic" {
        return (kind != ActorKind::Media).then_some(Role::Party);
    }
    if event_family == "verbal" {
        let before_anchor = hit.end() <= anchor.start();
        return Some(
            if (before_anchor || words_between(norm, anchor.end(), hit.start()) <= 1)
                && !claimant_taken
            {
                Role::Claimant
            } else {
                Role::Target
            },
        );
    }
    match kind {
        ActorKind::Civilians => Some(Role::Victim),
        ActorKind::Media | ActorKind::Igo | ActorKind::Ngo => None,
        // A government as the subject of a violent verb acts through its forces.
        ActorKind::Government => (words_between(norm, anchor.end(), hit.start()) == 0
            && anchor.entry.form == TriggerForm::Verb)
            .then_some(Role::Perpetrator),
        _ if among_victims || marked_target || taken_from => Some(Role::Target),
        k if is_armed(k) => Some(Role::Perpetrator),
        _ => None,
    }
}

/// Actor options of a proposal; `consumed` receives place mentions that turned out to be
/// actors (a country as the subject: قصفت تركيا). Of several options with one role and code,
/// the rules keep the first.
pub(super) fn actors_for(
    analysis: &Analysis,
    sentence: &SentenceInfo,
    anchor: &Hit<Trigger>,
    event_family: &str,
    claims: &[CasualtyClaim],
    sources: &[Span],
    consumed: &mut Vec<usize>,
) -> Vec<ActorOption> {
    let norm = analysis.norm();
    let mut out: Vec<ActorOption> = Vec::new();
    let victims: Vec<Span> = claims.iter().filter_map(|c| c.victims).collect();
    for hit in within(&analysis.actors, &sentence.range) {
        let span = hit.m.span;
        let token_start = hit.start().saturating_sub(hit.m.proclitics.len());
        let in_source = sources.iter().any(|s| s.overlaps(span));
        let marked_target = marked_as_target(&analysis.pipeline.markers, norm, token_start);
        let among_victims = victims.iter().any(|v| v.overlaps(span));
        // "تحرير لحج من مسلحي الحوثي": who a place is taken from is the target.
        let taken_from = TERRITORY.contains(&anchor.entry.event_type.as_str())
            && hit.start() > anchor.end()
            && previous_word(norm, token_start).is_some_and(|(_, w)| w == "من");
        let claimant_taken = out.iter().any(|a| a.rule_role == Some(Role::Claimant));
        let role = rule_role(
            norm,
            anchor,
            hit,
            event_family,
            (in_source, marked_target, among_victims, taken_from),
            claimant_taken,
        );
        push(
            &mut out,
            ActorOption {
                origin: ActorOrigin::Lexicon,
                rule_role: role,
                kind: Some(hit.entry.kind),
                span,
                normalized: hit.m.normalized.clone(),
                proclitics: hit.m.proclitics.clone(),
                name: Some(hit.entry.name.clone()),
                code: Some(hit.entry.code.clone()),
                marked_target,
                among_victims,
                taken_from,
                in_source,
            },
        );
    }
    if event_family != "verbal" {
        adjective_actors(analysis, sentence, anchor, &mut out);
        country_subject(analysis, sentence, anchor, consumed, &mut out);
    }
    out
}

/// Adds an option, without the rule role when an earlier option already has that role and
/// code or overlaps it (the rules keep one).
fn push(out: &mut Vec<ActorOption>, mut a: ActorOption) {
    if let Some(role) = a.rule_role {
        if out
            .iter()
            .any(|b| b.rule_role == Some(role) && (b.code == a.code || b.span.overlaps(a.span)))
        {
            a.rule_role = None;
        }
    }
    out.push(a);
}

/// Nationality adjectives of the sentence. After weapon words (قصف روسي وسوري، الغارات
/// التركية) the rules read the attacker; elsewhere the adjective is an option without a role.
fn adjective_actors(
    analysis: &Analysis,
    sentence: &SentenceInfo,
    anchor: &Hit<Trigger>,
    out: &mut Vec<ActorOption>,
) {
    let norm = analysis.norm();
    let weapon = &analysis.pipeline.markers.weapon;
    let mut chain_end: Option<usize> = None;
    for adj in within(&analysis.adjectives, &sentence.range) {
        let token_start = adj.start().saturating_sub(adj.m.proclitics.len());
        let after_weapon = previous_word(norm, token_start).is_some_and(|(s, w)| {
            weapon.has(w.trim_start_matches('و'))
                || (s <= anchor.end() && s + w.len() >= anchor.start())
                // One adjective between (قصف جوي روسي).
                || previous_word(norm, s).is_some_and(|(_, w2)| weapon.has(w2))
        });
        let coordinated = chain_end.is_some_and(|e| {
            adj.m.proclitics.starts_with('و') && norm[e..token_start].trim().is_empty()
        });
        let attacker = after_weapon || coordinated;
        if attacker {
            chain_end = Some(adj.end());
        }
        push(
            out,
            ActorOption {
                origin: ActorOrigin::Adjective,
                rule_role: attacker.then_some(Role::Perpetrator),
                kind: Some(ActorKind::StateForces),
                span: adj.m.span,
                normalized: adj.m.normalized.clone(),
                proclitics: adj.m.proclitics.clone(),
                name: analysis
                    .pipeline
                    .lexicons
                    .country(&adj.entry.iso2)
                    .map(|c| format!("{} military forces", c.name_en)),
                code: Some(format!("{}MIL", adj.entry.iso3)),
                marked_target: false,
                among_victims: false,
                taken_from: false,
                in_source: false,
            },
        );
    }
}

/// A country named right after a violent verb is its subject (قصفت تركيا).
fn country_subject(
    analysis: &Analysis,
    sentence: &SentenceInfo,
    anchor: &Hit<Trigger>,
    consumed: &mut Vec<usize>,
    out: &mut Vec<ActorOption>,
) {
    if anchor.entry.form != TriggerForm::Verb {
        return;
    }
    let norm = analysis.norm();
    let Some(i) = analysis.places_in(&sentence.range).find(|&i| {
        let p = &analysis.places[i];
        p.normalized.start >= anchor.end()
            && next_word(norm, anchor.end())
                .is_some_and(|(end, _)| p.normalized.start < end && end <= p.normalized.end + 1)
    }) else {
        return;
    };
    let r = &analysis.resolved[i];
    if r.precision != Some(Precision::Country) {
        return;
    }
    let Some((code, name)) = r
        .country
        .as_deref()
        .and_then(|c| state_code(analysis, c, "MIL"))
    else {
        return;
    };
    consumed.push(i);
    push(
        out,
        ActorOption {
            origin: ActorOrigin::CountrySubject,
            rule_role: Some(Role::Perpetrator),
            kind: Some(ActorKind::StateForces),
            span: r.span,
            normalized: analysis.places[i].normalized.clone(),
            proclitics: String::new(),
            name: Some(format!("{name} military forces")),
            code: Some(code),
            marked_target: false,
            among_victims: false,
            taken_from: false,
            in_source: false,
        },
    );
}

/// Victims named by the casualty claims (civilians of the event's country).
pub(super) fn claim_victims(
    analysis: &Analysis,
    claims: &[CasualtyClaim],
    country: Option<&str>,
    actors: &mut Vec<ActorOption>,
) {
    for c in claims {
        let Some(span) = c.victims else { continue };
        if actors
            .iter()
            .any(|a| a.rule_role.is_some() && a.span.overlaps(span))
        {
            continue;
        }
        let suffix = match c.group {
            Group::Civilians
            | Group::Children
            | Group::Women
            | Group::Medical
            | Group::Journalists
            | Group::AidWorkers => "CVL",
            Group::Military => "MIL",
            Group::Police => "COP",
            Group::Militants | Group::Unknown => continue,
        };
        let (code, name) = match country.and_then(|c| state_code(analysis, c, suffix)) {
            Some((code, name)) => (Some(code), Some(format!("{name} ({})", c.group.as_str()))),
            None => (None, Some(c.group.as_str().to_owned())),
        };
        let role = if suffix == "CVL" {
            Role::Victim
        } else {
            Role::Target
        };
        actors.push(ActorOption {
            origin: ActorOrigin::ClaimVictim,
            rule_role: Some(role),
            kind: None,
            span,
            normalized: c.normalized.clone(),
            proclitics: String::new(),
            name,
            code,
            marked_target: false,
            among_victims: true,
            taken_from: false,
            in_source: false,
        });
    }
}

/// Armed forces that speak in the sentence: inside a source phrase, or the subject of a
/// reporting verb (أعلنت قيادة العمليات المشتركة). Forces announce their own operations: in
/// a battle with no perpetrator of its own, the rules take the first as the one that fought
/// ("أعلنت قيادة عمليات بغداد عن مقتل 17 داعشيا").
pub(super) fn reporting_forces(
    analysis: &Analysis,
    sentence: &SentenceInfo,
    sources: &[Span],
    actors: &mut Vec<ActorOption>,
) {
    let norm = analysis.norm();
    let reporting: Vec<&Hit<rasd_lexicon::Cue>> = within(&analysis.cues, &sentence.range)
        .filter(|c| c.entry.kind == CueKind::Reporting)
        .collect();
    let mut has_perpetrator = actors
        .iter()
        .any(|a| a.rule_role == Some(Role::Perpetrator));
    for a in within(&analysis.actors, &sentence.range) {
        let speaks = sources.iter().any(|s| s.overlaps(a.m.span))
            || reporting
                .iter()
                .any(|c| a.start() >= c.end() && words_between(norm, c.end(), a.start()) <= 1);
        let armed = matches!(
            a.entry.kind,
            ActorKind::StateForces
                | ActorKind::Militia
                | ActorKind::ArmedGroup
                | ActorKind::Rebels
                | ActorKind::Coalition
        );
        if !(speaks && armed) {
            continue;
        }
        actors.push(ActorOption {
            origin: ActorOrigin::Speaker,
            rule_role: (!has_perpetrator).then_some(Role::Perpetrator),
            kind: Some(a.entry.kind),
            span: a.m.span,
            normalized: a.m.normalized.clone(),
            proclitics: a.m.proclitics.clone(),
            name: Some(a.entry.name.clone()),
            code: Some(a.entry.code.clone()),
            marked_target: false,
            among_victims: false,
            taken_from: false,
            in_source: sources.iter().any(|s| s.overlaps(a.m.span)),
        });
        has_perpetrator = true;
    }
}

/// Actors of the sentence before `index` in the same paragraph: options without a rule role,
/// for events whose actor is named a sentence earlier ("طائرات التحالف ... . وأسفرت الغارات").
pub(super) fn earlier_actors(analysis: &Analysis, index: usize) -> Vec<ActorOption> {
    let Some(before) = index.checked_sub(1).map(|i| &analysis.sentences[i]) else {
        return Vec::new();
    };
    if before.paragraph != analysis.sentences[index].paragraph {
        return Vec::new();
    }
    within(&analysis.actors, &before.range)
        .filter(|a| is_armed(a.entry.kind) || a.entry.kind == ActorKind::Government)
        .map(|a| ActorOption {
            origin: ActorOrigin::Earlier,
            rule_role: None,
            kind: Some(a.entry.kind),
            span: a.m.span,
            normalized: a.m.normalized.clone(),
            proclitics: a.m.proclitics.clone(),
            name: Some(a.entry.name.clone()),
            code: Some(a.entry.code.clone()),
            marked_target: false,
            among_victims: false,
            taken_from: false,
            in_source: false,
        })
        .collect()
}

/// Puts the event's country into codes that leave it to context (قوات الأمن → IRQCOP in
/// Iraq); without a country the code is dropped rather than guessed.
pub(super) fn fill_generic_codes(
    analysis: &Analysis,
    actors: &mut [ActorOption],
    country: Option<&str>,
) {
    let iso3 = country
        .and_then(|c| analysis.pipeline.lexicons.country(c))
        .map(|c| c.iso3.clone());
    for a in actors {
        if let Some(code) = &a.code {
            if let Some(rest) = code.strip_prefix("XXX") {
                a.code = iso3.as_ref().map(|c| format!("{c}{rest}"));
            }
        }
    }
}
