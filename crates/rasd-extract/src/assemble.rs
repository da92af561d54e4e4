//! Candidate events, sentence by sentence.
//!
//! A sentence yields one candidate per event type its triggers name, at each place the trigger
//! is said to happen (two coordinated places are two events, as ACLED codes them). Each
//! candidate gets:
//!
//! - **type**: the most specific trigger wins over a generic killing word in the same
//!   sentence ("قتل 6 مدنيين في قصف مدفعي" is shelling, the weapon over the victims, as in
//!   ACLED); a defused or foiled weapon is not an explosion; a generic killing with no weapon
//!   is an armed clash when the dead are fighters and an attack when they are civilians;
//! - **place**: the nearest place introduced by a locative (في، بـ، قرب، cue words), finer
//!   places before countries, else the place the paragraph is about;
//! - **day**: the nearest date expression, else the paragraph's, else the lead's, else the
//!   document date;
//! - **actors** with roles from their kind and position, nationality adjectives after weapon
//!   words (قصف روسي), and the victims of its casualty claims;
//! - **attribution** from the sources of a sentence that reports (قال، أفادت، بحسب), or of
//!   the sentence before when a reporting verb has no named subject (وأضافت أن...);
//! - **modality** from negation, denial, allegation, future and hypothetical cues before the
//!   trigger.
//!
//! Limits: roles are read from word order and a few markers, not from a parse; a trigger's
//! scope is its sentence.

use crate::analysis::{next_word, previous_word, within, Analysis, Hit, SentenceInfo};
use crate::casualty::{CasualtyClaim, CasualtyKind, Group};
use crate::dates::DatePrecision;
use chrono::NaiveDate;
use rasd_geo::Precision;
use rasd_lexicon::{ActorKind, CueKind, Strength, Trigger, TriggerForm};
use rasd_text::Span;
use std::ops::Range;

/// An actor's role in an event (the spec's `role`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Role {
    Perpetrator,
    Target,
    Victim,
    Claimant,
    Party,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Perpetrator => "perpetrator",
            Role::Target => "target",
            Role::Victim => "victim",
            Role::Claimant => "claimant",
            Role::Party => "party",
        }
    }
}

/// The spec's modality, in order of precedence when several cues apply.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Modality {
    Denied,
    Negated,
    Hypothetical,
    Future,
    Alleged,
    Reported,
    Asserted,
}

impl Modality {
    pub fn as_str(self) -> &'static str {
        match self {
            Modality::Denied => "denied",
            Modality::Negated => "negated",
            Modality::Hypothetical => "hypothetical",
            Modality::Future => "future",
            Modality::Alleged => "alleged",
            Modality::Reported => "reported",
            Modality::Asserted => "asserted",
        }
    }

    /// Whether the event did not, or not yet, happen.
    pub fn unrealized(self) -> bool {
        matches!(
            self,
            Modality::Negated | Modality::Hypothetical | Modality::Future
        )
    }
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct ActorRef {
    pub role: Role,
    pub kind: Option<ActorKind>,
    pub span: Span,
    pub name: Option<String>,
    pub code: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct AttributionRef {
    pub kind: String,
    pub span: Span,
    pub code: Option<String>,
    pub via: Option<Span>,
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct DateChoice {
    pub value: Option<NaiveDate>,
    pub precision: DatePrecision,
    pub span: Option<Span>,
}

/// An event before merging.
#[derive(Clone, Debug)]
pub(crate) struct Candidate {
    pub event_type: String,
    pub family: String,
    pub detail: Option<String>,
    /// Normalized offset of the trigger: orders events by first evidence.
    pub anchor: usize,
    /// Paragraph of the trigger's sentence.
    pub paragraph: usize,
    pub in_title: bool,
    pub place: Option<usize>,
    pub date: Option<DateChoice>,
    pub actors: Vec<ActorRef>,
    pub casualties: Vec<CasualtyClaim>,
    pub attribution: Vec<AttributionRef>,
    pub modality: Modality,
    pub evidence: Vec<Span>,
    pub confidence: f64,
    /// A definite event noun that refers back to an event already told (الانفجار، الهجوم):
    /// merged into it when there is one.
    pub anaphoric: bool,
}

impl Candidate {
    pub fn is_verbal(&self) -> bool {
        self.family == "verbal"
    }
}

/// What a paragraph has established so far: later sentences without their own place, day or
/// source take these.
#[derive(Default)]
struct ParagraphState {
    paragraph: usize,
    place: Option<usize>,
    date: Option<DateChoice>,
    attribution: Vec<AttributionRef>,
}

/// Words before an actor that make it the target of the action (على مواقع داعش، ضد الحوثيين،
/// استهدف تجمعات). Normalized spelling.
const TARGET_MARKERS: &[&str] = &[
    "علي",
    "ضد",
    "استهدف",
    "استهدفت",
    "استهداف",
    "مواقع",
    "موقع",
    "معاقل",
    "معقل",
    "تجمعات",
    "تجمع",
    "مقرات",
    "مقر",
    "اليات",
    "اهداف",
    "مراكز",
    "تحصينات",
    "مخازن",
    "دحر",
    "طرد",
];

/// Words that introduce a place (في حلب، قرب كيليس).
const LOCATIVES: &[&str] = &[
    "في",
    "قرب",
    "داخل",
    "عند",
    "علي",
    "الي",
    "من",
    "بين",
    "شمال",
    "جنوب",
    "شرق",
    "غرب",
    "وسط",
    "بالقرب",
    "محيط",
    "اطراف",
    "ضواحي",
];

/// Weapon and attack words after which a nationality adjective names the attacker.
const WEAPON_WORDS: &[&str] = &[
    "قصف",
    "القصف",
    "غارات",
    "الغارات",
    "غاره",
    "الغاره",
    "طايرات",
    "الطايرات",
    "طيران",
    "الطيران",
    "مقاتلات",
    "المقاتلات",
    "مقذوفات",
    "قذايف",
    "صواريخ",
    "مدفعيه",
    "المدفعيه",
    "ضربات",
    "الضربات",
    "قوات",
    "القوات",
    "هجوم",
    "مروحيات",
    "بوارج",
];

/// The family of a type in the taxonomy ("" when unknown).
fn family<'t>(analysis: &'t Analysis, event_type: &str) -> &'t str {
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

const TERRITORY: [&str; 2] = [
    "government_regains_territory",
    "non_state_overtakes_territory",
];

fn is_remote(family: &str) -> bool {
    family == "remote"
}

/// The event types a sentence's triggers name, each with the trigger that anchors it.
fn choose_types<'h, 'p>(
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

/// Aviation nouns that open actor phrases (طائرات التحالف، طيران النظام، مقاتلات روسية).
const AIRCRAFT: &[&str] = &["طايرات", "طايره", "طيران", "مقاتلات", "مروحيات", "مروحيه"];

/// Whether an actor phrase of the sentence names aircraft.
fn aircraft_actor(analysis: &Analysis, sentence: &Range<usize>) -> bool {
    let norm = analysis.norm();
    within(&analysis.actors, sentence).any(|a| {
        let phrase = &norm[a.m.normalized.clone()];
        AIRCRAFT
            .iter()
            .any(|w| phrase.trim_start_matches("ال").starts_with(w))
    })
}

/// Powers whose bombardment, in these countries, comes from the air: Russia in Syria
/// (from 2015), the United States in the wars of the region. Elsewhere (Russia in Ukraine) their
/// قصف may be artillery.
const AIR_CAMPAIGNS: &[(&str, &[&str])] = &[
    ("RU", &["SY"]),
    ("US", &["SY", "IQ", "YE", "LY", "SO", "AF", "PK"]),
];

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

/// Relative pronouns (normalized).
const RELATIVES: &[&str] = &[
    "الذي",
    "التي",
    "الذين",
    "اللذين",
    "اللتين",
    "اللواتي",
    "اللاتي",
];

/// Whether the word at `pos` opens a relative clause: right after a relative pronoun, or after
/// one and an auxiliary (الذي كان يسيطر، التي تم تحريرها).
fn in_relative_clause(norm: &str, pos: usize) -> bool {
    let Some((start, previous)) = previous_word(norm, pos) else {
        return false;
    };
    if RELATIVES.contains(&previous) {
        return true;
    }
    matches!(
        previous,
        "كان" | "كانت" | "كانوا" | "تم" | "قد" | "لا" | "ما"
    ) && previous_word(norm, start).is_some_and(|(_, w)| RELATIVES.contains(&w))
}

/// Whether the word at `pos` follows "بعد <duration> على/من" (after three days of ...): the
/// event it names is the reference point of another one.
fn after_duration(norm: &str, pos: usize) -> bool {
    const UNITS: &[&str] = &[
        "يوم",
        "يومين",
        "ايام",
        "اسبوع",
        "اسبوعين",
        "اسابيع",
        "شهر",
        "شهرين",
        "اشهر",
        "شهور",
        "عام",
        "عامين",
        "اعوام",
        "سنه",
        "سنتين",
        "سنوات",
        "ساعات",
        "ساعه",
    ];
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
        && words.get(1).is_some_and(|w| UNITS.contains(w))
        && words[2..].contains(&"بعد")
}

/// Whether a clause boundary lies between two normalized offsets: a comma or semicolon
/// followed by و, or a contrastive conjunction (فيما، بينما).
fn clause_break(norm: &str, from: usize, to: usize) -> bool {
    let Some(between) = norm.get(from.min(to)..to.max(from)) else {
        return false;
    };
    ["، و", "،و", "؛", ", و", " فيما ", " بينما "]
        .iter()
        .any(|b| between.contains(b))
}

/// Number of words between two normalized offsets.
fn words_between(norm: &str, from: usize, to: usize) -> usize {
    if from >= to {
        return 0;
    }
    norm.get(from..to).map_or(0, |s| {
        s.split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count()
    })
}

fn modality_for(
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

/// Whether the place mention `i` is introduced as a location: a cue word of its own (حي،
/// مدينة), a locative preposition before it, or the proclitic بـ.
fn is_locative(analysis: &Analysis, i: usize) -> bool {
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
        .take_while(|c| c.is_alphanumeric())
        .collect();
    if glued.contains('ب') || glued.contains('ل') {
        return true;
    }
    previous_word(norm, start)
        .map(|(_, w)| LOCATIVES.contains(&w.trim_start_matches('و')))
        .unwrap_or(false)
}

/// A capital not introduced as a place speaks for its government (نسبته أنقرة إلى التنظيم).
fn speaks_for_government(analysis: &Analysis, i: usize) -> bool {
    let m = &analysis.places[i];
    let metonym = analysis
        .metonyms
        .iter()
        .any(|a| a.start() < m.normalized.end && m.normalized.start < a.end());
    metonym && !is_locative(analysis, i)
}

/// How a candidate's place was found, best first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum PlaceSource {
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
fn places_for(
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

fn date_for(
    analysis: &Analysis,
    sentence: &SentenceInfo,
    anchor: &Hit<Trigger>,
    state: &ParagraphState,
    lead: &Option<DateChoice>,
) -> (Option<DateChoice>, bool) {
    let best = sentence
        .dates
        .iter()
        .filter(|d| !d.long_period && !d.future && d.value.is_some())
        .min_by_key(|d| {
            let precision_penalty = match d.precision {
                DatePrecision::Day => 0,
                DatePrecision::Week => 1,
                DatePrecision::Month => 2,
                DatePrecision::Year => 3,
            };
            let distance = if d.normalized.start >= anchor.end() {
                d.normalized.start - anchor.end()
            } else {
                anchor.start().saturating_sub(d.normalized.end)
            };
            (precision_penalty, distance)
        });
    if let Some(d) = best {
        return (
            Some(DateChoice {
                value: d.value,
                precision: d.precision,
                span: Some(d.span),
            }),
            true,
        );
    }
    if let Some(d) = state.date.clone().or_else(|| lead.clone()) {
        return (Some(d), false);
    }
    (
        analysis.document_date.map(|value| DateChoice {
            value: Some(value),
            precision: DatePrecision::Day,
            span: None,
        }),
        false,
    )
}

/// The code of a state's forces or government from its alpha-2 code.
fn state_code(analysis: &Analysis, iso2: &str, suffix: &str) -> Option<(String, String)> {
    analysis
        .pipeline
        .lexicons
        .country(iso2)
        .map(|c| (format!("{}{suffix}", c.iso3), c.name_en.clone()))
}

fn is_armed(kind: ActorKind) -> bool {
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

/// Actors of a candidate with their roles; `consumed` receives place mentions that turned
/// out to be actors (a country as the subject: قصفت تركيا).
fn actors_for(
    analysis: &Analysis,
    sentence: &SentenceInfo,
    anchor: &Hit<Trigger>,
    event_family: &str,
    claims: &[CasualtyClaim],
    sources: &[Span],
    consumed: &mut Vec<usize>,
) -> Vec<ActorRef> {
    let norm = analysis.norm();
    let mut out: Vec<ActorRef> = Vec::new();
    let push = |out: &mut Vec<ActorRef>, a: ActorRef| {
        if !out
            .iter()
            .any(|b| b.role == a.role && (b.code == a.code || b.span.overlaps(a.span)))
        {
            out.push(a);
        }
    };
    let verbal = event_family == "verbal";
    // Strategic developments (a group suspends its work, parties agree) have parties, not
    // perpetrators.
    let strategic = event_family == "strategic";
    let victims: Vec<Span> = claims.iter().filter_map(|c| c.victims).collect();
    for hit in within(&analysis.actors, &sentence.range) {
        let span = hit.m.span;
        if sources.iter().any(|s| s.overlaps(span)) {
            continue;
        }
        let kind = hit.entry.kind;
        let before_anchor = hit.end() <= anchor.start();
        let role = if strategic {
            if kind == ActorKind::Media {
                continue;
            }
            Role::Party
        } else if verbal {
            if before_anchor || words_between(norm, anchor.end(), hit.start()) <= 1 {
                if out.iter().any(|a| a.role == Role::Claimant) {
                    Role::Target
                } else {
                    Role::Claimant
                }
            } else {
                Role::Target
            }
        } else {
            let token_start = hit.start().saturating_sub(hit.m.proclitics.len());
            let marked_target = [1usize, 2].iter().any(|&back| {
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
                word.is_some_and(|w| TARGET_MARKERS.contains(&w.trim_start_matches('و')))
            });
            let among_victims = victims.iter().any(|v| v.overlaps(span));
            // "تحرير لحج من مسلحي الحوثي": who a place is taken from is the target.
            let taken_from = TERRITORY.contains(&anchor.entry.event_type.as_str())
                && hit.start() > anchor.end()
                && previous_word(norm, token_start).is_some_and(|(_, w)| w == "من");
            match kind {
                ActorKind::Civilians => Role::Victim,
                ActorKind::Media | ActorKind::Igo | ActorKind::Ngo => continue,
                ActorKind::Government => {
                    // A government as the subject of a violent verb acts through its forces.
                    let subject = words_between(norm, anchor.end(), hit.start()) == 0
                        && anchor.entry.form == TriggerForm::Verb;
                    if !subject {
                        continue;
                    }
                    Role::Perpetrator
                }
                _ if among_victims || marked_target || taken_from => Role::Target,
                k if is_armed(k) => Role::Perpetrator,
                _ => continue,
            }
        };
        push(
            &mut out,
            ActorRef {
                role,
                kind: Some(kind),
                span,
                name: Some(hit.entry.name.clone()),
                code: Some(hit.entry.code.clone()),
            },
        );
    }
    if !verbal {
        // Nationality adjectives after weapon words: قصف روسي وسوري، الغارات التركية.
        let mut chain_end: Option<usize> = None;
        for adj in within(&analysis.adjectives, &sentence.range) {
            let token_start = adj.start().saturating_sub(adj.m.proclitics.len());
            let after_weapon = previous_word(norm, token_start).is_some_and(|(s, w)| {
                WEAPON_WORDS.contains(&w.trim_start_matches('و'))
                    || (s <= anchor.end() && s + w.len() >= anchor.start())
                    // One adjective between (قصف جوي روسي).
                    || previous_word(norm, s)
                        .is_some_and(|(_, w2)| WEAPON_WORDS.contains(&w2))
            });
            let coordinated = chain_end.is_some_and(|e| {
                adj.m.proclitics.starts_with('و') && norm[e..token_start].trim().is_empty()
            });
            if after_weapon || coordinated {
                chain_end = Some(adj.end());
                push(
                    &mut out,
                    ActorRef {
                        role: Role::Perpetrator,
                        kind: Some(ActorKind::StateForces),
                        span: adj.m.span,
                        name: analysis
                            .pipeline
                            .lexicons
                            .country(&adj.entry.iso2)
                            .map(|c| format!("{} military forces", c.name_en)),
                        code: Some(format!("{}MIL", adj.entry.iso3)),
                    },
                );
            }
        }
        // A country named right after a violent verb is its subject (قصفت تركيا).
        if anchor.entry.form == TriggerForm::Verb {
            if let Some(i) = analysis.places_in(&sentence.range).find(|&i| {
                let p = &analysis.places[i];
                p.normalized.start >= anchor.end()
                    && next_word(norm, anchor.end()).is_some_and(|(end, _)| {
                        p.normalized.start < end && end <= p.normalized.end + 1
                    })
            }) {
                let r = &analysis.resolved[i];
                if r.precision == Some(Precision::Country) {
                    if let Some((code, name)) = r
                        .country
                        .as_deref()
                        .and_then(|c| state_code(analysis, c, "MIL"))
                    {
                        consumed.push(i);
                        push(
                            &mut out,
                            ActorRef {
                                role: Role::Perpetrator,
                                kind: Some(ActorKind::StateForces),
                                span: r.span,
                                name: Some(format!("{name} military forces")),
                                code: Some(code),
                            },
                        );
                    }
                }
            }
        }
    }
    out
}

/// Victims named by the casualty claims (civilians of the event's country).
fn claim_victims(
    analysis: &Analysis,
    claims: &[CasualtyClaim],
    country: Option<&str>,
    actors: &mut Vec<ActorRef>,
) {
    for c in claims {
        let Some(span) = c.victims else { continue };
        if actors.iter().any(|a| a.span.overlaps(span)) {
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
        actors.push(ActorRef {
            role,
            kind: None,
            span,
            name,
            code,
        });
    }
}

/// Sources cited by a sentence that reports: (attribution, spans of the source phrases).
fn sentence_attribution(analysis: &Analysis, sentence: &SentenceInfo) -> Vec<AttributionRef> {
    let reports =
        within(&analysis.cues, &sentence.range).any(|c| c.entry.kind == CueKind::Reporting);
    if !reports {
        return Vec::new();
    }
    let norm = analysis.norm();
    let via = via_outlet(analysis, sentence);
    let mut out: Vec<AttributionRef> = Vec::new();
    for s in within(&analysis.sources, &sentence.range) {
        if out.iter().any(|a| a.span.overlaps(s.m.span)) {
            continue;
        }
        // "لـ سكاي نيوز" right after a source is the outlet that carried it, not a source.
        if via.is_some_and(|v| v.overlaps(s.m.span)) {
            continue;
        }
        out.push(AttributionRef {
            kind: s.entry.kind.clone(),
            span: s.m.span,
            code: s.entry.code.clone(),
            via,
        });
    }
    if out.is_empty() {
        // A named official body as the subject of a reporting verb (أعلنت وزارة الداخلية).
        for cue in within(&analysis.cues, &sentence.range) {
            if cue.entry.kind != CueKind::Reporting {
                continue;
            }
            let subject = within(&analysis.actors, &sentence.range)
                .find(|a| a.start() >= cue.end() && words_between(norm, cue.end(), a.start()) <= 1);
            if let Some(a) = subject {
                let kind = match a.entry.kind {
                    ActorKind::Government | ActorKind::StateForces | ActorKind::Police => {
                        "official"
                    }
                    ActorKind::Igo => "igo",
                    ActorKind::Ngo => "ngo",
                    ActorKind::Media => "media",
                    ActorKind::ArmedGroup | ActorKind::Rebels | ActorKind::Militia => "armed_group",
                    _ => continue,
                };
                out.push(AttributionRef {
                    kind: kind.to_owned(),
                    span: a.m.span,
                    code: Some(a.entry.code.clone()),
                    via,
                });
                break;
            }
        }
    }
    out
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
            .is_none_or(|c| !c.is_alphanumeric() || c == 'و');
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

/// What a candidate rests on; its confidence is read from these.
struct Support {
    strong: bool,
    definite_weak: bool,
    place_in_sentence: bool,
    place_inherited: bool,
    casualties: bool,
    actors: bool,
    explicit_date: bool,
    attributed: bool,
}

impl Support {
    /// A 0..1 score: a strong trigger and each sign of a particular occurrence add to it.
    fn confidence(&self) -> f64 {
        let mut c: f64 = 0.3;
        if self.strong {
            c += 0.3;
        }
        if self.place_in_sentence {
            c += 0.15;
        } else if self.place_inherited {
            c += 0.05;
        }
        if self.casualties {
            c += 0.15;
        }
        if self.actors {
            c += 0.1;
        }
        if self.explicit_date {
            c += 0.1;
        }
        if self.attributed {
            c += 0.05;
        }
        if self.definite_weak {
            c -= 0.1;
        }
        c.clamp(0.0, 1.0)
    }
}

/// The first date of the lead (headline and first two body sentences): the day the article
/// is about, for sentences that give none.
fn lead_date(analysis: &Analysis) -> Option<DateChoice> {
    let mut body = 0;
    for s in &analysis.sentences {
        if !s.in_title {
            body += 1;
            if body > 2 {
                break;
            }
        }
        if let Some(d) = s.dates.iter().find(|d| {
            !d.long_period && !d.future && d.value.is_some() && d.precision == DatePrecision::Day
        }) {
            return Some(DateChoice {
                value: d.value,
                precision: d.precision,
                span: Some(d.span),
            });
        }
    }
    None
}

/// The first place of the document that is not a country (the dateline or the lead's city),
/// else the first country.
fn lead_place(analysis: &Analysis) -> Option<usize> {
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

/// Whether a document reads as sport, economy or culture: many such cues and few strong
/// event words.
fn off_topic(analysis: &Analysis) -> bool {
    let non_event = analysis.non_event_cues();
    let strong = analysis
        .triggers
        .iter()
        .filter(|t| {
            t.entry.strength == Strength::Strong
                && family(analysis, &t.entry.event_type) != "verbal"
        })
        .count();
    non_event >= 3 && non_event > 2 * strong
}

/// Wire summaries of several separate incidents ("في حوادث أمنية منفصلة في مناطق متفرقة"):
/// their figures are sums of events told one by one in the sentences that follow.
const SUMMARY_MARKERS: &[&str] = &[
    "حوادث منفصله",
    "حوادث متفرقه",
    "حوادث امنيه منفصله",
    "حوادث امنيه متفرقه",
    "هجمات متفرقه",
    "هجمات منفصله",
    "اعمال عنف متفرقه",
    "اعمال عنف منفصله",
    "مناطق متفرقه",
];

/// Words that point back to the time of the event told just before (وقتل حينها 14).
const THEN: &[&str] = &[
    "حينها",
    "انذاك",
    "وقتها",
    "حينذاك",
    "يومها",
    "عندها",
    "حينيذ",
];

/// Nouns that turn a definite verbal noun into a category (عمليات القتل، جرائم الخطف،
/// ظاهرة التفجير): generic, not one event.
const GENERIC_FRAMES: &[&str] = &[
    "عمليات",
    "عمليه",
    "جرايم",
    "جريمه",
    "اعمال",
    "ظاهره",
    "موجه",
    "حمله",
    "سلسله",
    "مسلسل",
    "ثقافه",
];

/// Definite event nouns that refer back to an event already told (وأسفر الانفجار عن...).
const ANAPHORIC_NOUNS: &[&str] = &[
    "الانفجار",
    "الهجوم",
    "الحادث",
    "الحادثه",
    "العمليه",
    "التفجير",
    "الاعتداء",
    "الغاره",
    "القصف",
    "الاشتباك",
    "الاشتباكات",
    "الهجومين",
    "الانفجارين",
    "التفجيرين",
];

/// Countries whose conflicts rasd codes (the Arab world, its neighbours, and the Sahel and
/// Horn of Africa, as in ACLED's Middle East and Africa datasets). Elsewhere, an event needs a
/// named organised actor: a lone gunman in a cinema abroad is a crime page, not political
/// violence.
const REGION: &[&str] = &[
    "SY", "IQ", "YE", "SA", "EG", "LY", "LB", "JO", "PS", "IL", "TR", "IR", "KW", "AE", "QA", "BH",
    "OM", "TN", "DZ", "MA", "MR", "SD", "SS", "SO", "DJ", "KM", "ER", "ET", "KE", "NG", "CM", "TD",
    "NE", "ML", "AF", "PK", "EH",
];

/// Marker phrase lists, each compiled once into one automaton: [`SUMMARY_MARKERS`] then
/// [`THEN`].
fn markers() -> &'static (aho_corasick::AhoCorasick, usize) {
    static MARKERS: std::sync::OnceLock<(aho_corasick::AhoCorasick, usize)> =
        std::sync::OnceLock::new();
    MARKERS.get_or_init(|| {
        let all: Vec<&str> = SUMMARY_MARKERS.iter().chain(THEN).copied().collect();
        // Fixed lists of plain words: building cannot fail.
        let automaton = aho_corasick::AhoCorasick::new(all).expect("marker automaton");
        (automaton, SUMMARY_MARKERS.len())
    })
}

/// Whether the sentence holds a phrase of [`SUMMARY_MARKERS`] (`summary`) or of [`THEN`] as
/// whole words (a proclitic may be glued in front: بحوادث متفرقة).
fn sentence_has(norm: &str, range: &Range<usize>, summary: bool) -> bool {
    let (automaton, split) = markers();
    let text = &norm[range.clone()];
    automaton.find_overlapping_iter(text).any(|m| {
        let wanted = (m.pattern().as_usize() < *split) == summary;
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        wanted
            && before.is_none_or(|c| !c.is_alphanumeric() || matches!(c, 'و' | 'ف' | 'ب' | 'ل'))
            && after.is_none_or(|c| !c.is_alphanumeric())
    })
}

/// All candidates of a document, in text order.
pub(crate) fn assemble(analysis: &Analysis) -> Vec<Candidate> {
    if off_topic(analysis) {
        return Vec::new();
    }
    let options = &analysis.pipeline.options;
    let lead_date = lead_date(analysis);
    let lead_place = lead_place(analysis);
    let norm = analysis.norm();
    let mut out: Vec<Candidate> = Vec::new();
    let mut state = ParagraphState {
        paragraph: usize::MAX,
        ..ParagraphState::default()
    };
    // The last day read from the text, across paragraphs, for "حينها".
    let mut last_explicit_date: Option<DateChoice> = None;
    // A headline about a period ("مقتل 3440 عراقيا خلال شهر يوليو") announces a tally: its
    // figures are totals, and only incidents with a day of their own are events.
    let tally = analysis
        .sentences
        .iter()
        .take_while(|s| s.in_title)
        .any(|s| s.dates.iter().any(|d| d.long_period));
    for sentence in &analysis.sentences {
        if sentence.paragraph != state.paragraph {
            state = ParagraphState {
                paragraph: sentence.paragraph,
                ..ParagraphState::default()
            };
        }
        let summary = sentence_has(norm, &sentence.range, true);
        let long_period = sentence.dates.iter().any(|d| d.long_period);
        let mut claims: Vec<CasualtyClaim> = Vec::new();
        if !(long_period || summary) {
            // A figure told twice in one sentence is one claim.
            for c in &sentence.claims {
                if !claims.iter().any(|k| {
                    k.kind == c.kind
                        && k.low == c.low
                        && k.high == c.high
                        && k.qualifier == c.qualifier
                }) {
                    claims.push(c.clone());
                }
            }
            // A number and an unnumbered mention of the same kind in one sentence count the
            // same dead ("عشرات الجثث ... وأعدادا كبيرة من جثث المدنيين"): the number says more.
            let numbered: Vec<CasualtyKind> = claims
                .iter()
                .filter(|c| c.low.is_some() || c.high.is_some())
                .map(|c| c.kind)
                .collect();
            claims.retain(|c| c.low.is_some() || c.high.is_some() || !numbered.contains(&c.kind));
        }
        if sentence_has(norm, &sentence.range, false) && sentence.dates.is_empty() {
            if let Some(d) = last_explicit_date.clone() {
                state.date = Some(d);
            }
        }
        let triggers: Vec<&Hit<Trigger>> = within(&analysis.triggers, &sentence.range).collect();
        let mut attribution = sentence_attribution(analysis, sentence);
        let reports =
            within(&analysis.cues, &sentence.range).any(|c| c.entry.kind == CueKind::Reporting);
        if attribution.is_empty() && reports {
            attribution = state.attribution.clone();
        }
        let source_spans: Vec<Span> = within(&analysis.sources, &sentence.range)
            .map(|s| s.m.span)
            .collect();
        let types = if summary {
            Vec::new()
        } else {
            choose_types(analysis, &sentence.range, &triggers, &claims)
        };
        let mut claims_left = claims.clone();
        let mut consumed: Vec<usize> = Vec::new();
        let mut made_here = 0;
        for (event_type, detail, anchor) in &types {
            let mut event_type = event_type.clone();
            let fam = family(analysis, &event_type).to_owned();
            let verbal = fam == "verbal";
            let mut modality = modality_for(analysis, sentence, anchor, !attribution.is_empty());
            // What is appealed for, demanded or threatened has not happened.
            let governed = triggers.iter().any(|t| {
                t.end() <= anchor.start()
                    && matches!(
                        t.entry.event_type.as_str(),
                        "appeal" | "demand" | "threaten"
                    )
            });
            if governed && !verbal {
                modality = modality.min(Modality::Hypothetical);
            }
            if modality.unrealized() && !options.keep_unrealized {
                continue;
            }
            // Running totals over long periods are not events.
            if (long_period || tally)
                && !sentence
                    .dates
                    .iter()
                    .any(|d| !d.long_period && d.precision == DatePrecision::Day)
            {
                continue;
            }
            let mut actors = actors_for(
                analysis,
                sentence,
                anchor,
                &fam,
                &claims,
                &source_spans,
                &mut consumed,
            );
            let found = places_for(analysis, sentence, anchor, &consumed);
            let inherited = state.place.or(lead_place);
            let places: Vec<(usize, PlaceSource)> = match found.first() {
                Some((_, source)) if *source <= PlaceSource::Named => found,
                _ => match inherited {
                    Some(p) if analysis.resolved[p].precision != Some(Precision::Country) => {
                        vec![(p, PlaceSource::Inherited)]
                    }
                    _ if !found.is_empty() => found,
                    Some(p) => vec![(p, PlaceSource::Inherited)],
                    None => Vec::new(),
                },
            };
            let place_in_sentence = places
                .first()
                .is_some_and(|(_, s)| *s != PlaceSource::Inherited);
            let (date, explicit_date) = date_for(analysis, sentence, anchor, &state, &lead_date);
            // Each claim goes to the violent event whose trigger comes last before it (the
            // first one takes those before every trigger).
            let casualties: Vec<CasualtyClaim> = if verbal {
                Vec::new()
            } else {
                let later: Vec<usize> = types
                    .iter()
                    .filter(|(ty, _, a)| {
                        family(analysis, ty) != "verbal" && a.start() > anchor.start()
                    })
                    .map(|(_, _, a)| a.start())
                    .collect();
                let next = later.first().copied().unwrap_or(usize::MAX);
                claims_left
                    .iter()
                    .filter(|c| c.normalized.start < next)
                    .cloned()
                    .collect()
            };
            let country = places
                .first()
                .and_then(|&(p, _)| analysis.resolved[p].country.clone());
            claim_victims(analysis, &casualties, country.as_deref(), &mut actors);
            fill_generic_codes(analysis, &mut actors, country.as_deref());
            let armed_actor = actors.iter().any(|a| {
                matches!(a.role, Role::Perpetrator | Role::Target | Role::Party)
                    && a.kind.is_some_and(is_armed)
            });
            let named_actor = actors.iter().any(|a| {
                a.kind
                    .is_some_and(|k| is_armed(k) && k != ActorKind::Unknown)
            });
            // Territory changes hands one way or the other: who takes it decides.
            if TERRITORY.contains(&event_type.as_str()) {
                let taker = actors
                    .iter()
                    .find(|a| a.role == Role::Perpetrator)
                    .and_then(|a| a.kind);
                event_type = match taker {
                    Some(
                        ActorKind::StateForces
                        | ActorKind::Police
                        | ActorKind::Government
                        | ActorKind::Militia
                        | ActorKind::Coalition,
                    ) => TERRITORY[0].to_owned(),
                    Some(ActorKind::ArmedGroup | ActorKind::Rebels | ActorKind::Unknown) => {
                        TERRITORY[1].to_owned()
                    }
                    _ => event_type,
                };
            }
            let anchor_text = &norm[anchor.m.normalized.clone()];
            let definite = anchor.m.proclitics.ends_with("ال") || anchor_text.starts_with("ال");
            let token_start = anchor.start().saturating_sub(anchor.m.proclitics.len());
            let generic_frame = definite
                && previous_word(norm, token_start)
                    .is_some_and(|(_, w)| GENERIC_FRAMES.contains(&w.trim_start_matches('و')));
            let numbered = casualties
                .iter()
                .any(|c| c.low.is_some() || c.high.is_some());
            // A verb in a relative clause describes who or what the sentence is about ("موقع
            // أومان الذي تحاصره المقاومة"، "مسلحين بايعوا داعش الذين ..."), not the event it
            // reports; with a figure of its own it still counts ("الذين قتلوا").
            if matches!(
                anchor.entry.form,
                TriggerForm::Verb | TriggerForm::PassiveVerb
            ) && casualties.is_empty()
                && in_relative_clause(norm, token_start)
            {
                continue;
            }
            // An earlier event used as a time reference ("بعد 3 أيام على هجوم انتحاري"، "بعد
            // شهرين من هجوم دموي") is background, not a new event.
            if after_duration(norm, token_start) {
                continue;
            }
            // A territory word with the purpose lam ("عملية الجيش لاستعادة شرق حلب", in order
            // to retake) names an aim, not a change of hands.
            if TERRITORY.contains(&anchor.entry.event_type.as_str())
                && matches!(
                    anchor.entry.form,
                    TriggerForm::VerbalNoun | TriggerForm::Noun
                )
                && matches!(anchor.m.proclitics.as_str(), "ل" | "لل" | "ول" | "فل")
            {
                continue;
            }
            // "تحت سيطرة" and "الخاضع لسيطرة" say who holds a place, not a change of hands.
            let held = TERRITORY.contains(&anchor.entry.event_type.as_str())
                && previous_word(norm, token_start).is_some_and(|(_, w)| {
                    matches!(
                        w,
                        "تحت" | "الخاضع" | "الخاضعه" | "الخاضعين" | "خاضع" | "خاضعه"
                    )
                });
            if held {
                continue;
            }
            let strong = anchor.entry.strength == Strength::Strong;
            // What makes a trigger an event rather than a word: a strong trigger needs one
            // sign of a particular occurrence in its sentence, a weak one two, and a category
            // (عمليات القتل) a figure.
            let supported = if generic_frame {
                numbered
            } else if strong {
                place_in_sentence || !casualties.is_empty() || armed_actor || explicit_date
            } else {
                !casualties.is_empty()
                    || (place_in_sentence && (armed_actor || explicit_date))
                    || (verbal && actors.iter().any(|a| a.role == Role::Claimant))
            };
            if !supported {
                continue;
            }
            // Outside the region, only organised political violence is coded. A place the
            // gazetteer does not know takes, for this decision only, the country of the
            // document's first nationality adjective (جزيرة تسمانيا الأسترالية).
            let decided_country = country
                .clone()
                .or_else(|| analysis.adjectives.first().map(|a| a.entry.iso2.clone()));
            if !verbal
                && decided_country
                    .as_deref()
                    .is_some_and(|c| !REGION.contains(&c))
                && !named_actor
            {
                continue;
            }
            // Forces announce their own operations: in a battle or a change of territory with
            // no perpetrator of its own, an armed actor that is the sentence's source or the
            // subject of its reporting verb is the one that fought ("أعلنت قيادة عمليات بغداد
            // عن مقتل 17 داعشيا"). Added after the support decision: it names who, it does not
            // make an event.
            if matches!(fam.as_str(), "battle")
                && !actors.iter().any(|a| a.role == Role::Perpetrator)
            {
                if let Some(a) = reporting_forces(analysis, sentence, &source_spans) {
                    actors.push(a);
                    fill_generic_codes(analysis, &mut actors, country.as_deref());
                }
            }
            let with_article = if anchor_text.starts_with("ال") {
                anchor_text.to_owned()
            } else {
                format!("ال{anchor_text}")
            };
            let anaphoric = definite
                && matches!(
                    anchor.entry.form,
                    TriggerForm::Noun | TriggerForm::VerbalNoun
                )
                && ANAPHORIC_NOUNS.contains(&with_article.as_str());
            let confidence = Support {
                strong,
                definite_weak: definite && !strong,
                place_in_sentence,
                place_inherited: !places.is_empty(),
                casualties: !casualties.is_empty(),
                actors: armed_actor,
                explicit_date,
                attributed: !attribution.is_empty(),
            }
            .confidence();
            if confidence < options.min_confidence {
                continue;
            }
            if !verbal {
                claims_left.retain(|c| !casualties.contains(c));
            }
            let base = Candidate {
                event_type: event_type.clone(),
                family: fam,
                detail: detail.clone(),
                anchor: anchor.start(),
                paragraph: sentence.paragraph,
                in_title: sentence.in_title,
                place: None,
                date: date.clone(),
                actors,
                casualties,
                attribution: attribution.clone(),
                modality,
                evidence: vec![sentence.span],
                confidence,
                anaphoric,
            };
            if places.is_empty() {
                out.push(base);
            } else {
                for (k, &(p, _)) in places.iter().enumerate() {
                    let mut c = base.clone();
                    c.place = Some(p);
                    if k > 0 {
                        // One figure belongs to one place: the first.
                        c.casualties.clear();
                    }
                    out.push(c);
                }
            }
            made_here += 1;
            if !verbal {
                if let Some(&(p, _)) = places.first() {
                    state.place = Some(p);
                }
                if explicit_date {
                    state.date = date.clone();
                }
            }
        }
        if let Some(d) = sentence
            .dates
            .iter()
            .rfind(|d| !d.long_period && !d.future && d.value.is_some())
        {
            last_explicit_date = Some(DateChoice {
                value: d.value,
                precision: d.precision,
                span: Some(d.span),
            });
        }
        if !claims_left.is_empty() {
            if made_here == 0 && !opens_new_topic(analysis, sentence) {
                attach_orphan_claims(sentence, claims_left, &attribution, &mut out);
            } else if let Some(last) = out
                .iter_mut()
                .rev()
                .take_while(|c| c.evidence.contains(&sentence.span))
                .find(|c| !c.is_verbal())
            {
                // Figures whose own trigger made no event belong to the sentence's event.
                last.casualties.extend(claims_left);
            }
        }
        if !attribution.is_empty() {
            state.attribution = attribution;
        }
        // A place named in a sentence without events still sets the scene (وفي تعز...).
        if made_here == 0 {
            if let Some(i) = analysis
                .places_in(&sentence.range)
                .find(|&i| is_locative(analysis, i) && !analysis.is_container[i])
            {
                state.place = Some(i);
            }
        }
    }
    out
}

/// An armed state or non-state actor that speaks in the sentence: inside a source phrase, or
/// the subject of a reporting verb (أعلنت قيادة العمليات المشتركة).
fn reporting_forces(
    analysis: &Analysis,
    sentence: &SentenceInfo,
    sources: &[Span],
) -> Option<ActorRef> {
    let norm = analysis.norm();
    let reporting: Vec<&Hit<rasd_lexicon::Cue>> = within(&analysis.cues, &sentence.range)
        .filter(|c| c.entry.kind == CueKind::Reporting)
        .collect();
    within(&analysis.actors, &sentence.range)
        .find(|a| {
            let speaks = sources.iter().any(|s| s.overlaps(a.m.span))
                || reporting
                    .iter()
                    .any(|c| a.start() >= c.end() && words_between(norm, c.end(), a.start()) <= 1);
            speaks
                && matches!(
                    a.entry.kind,
                    ActorKind::StateForces
                        | ActorKind::Militia
                        | ActorKind::ArmedGroup
                        | ActorKind::Rebels
                        | ActorKind::Coalition
                )
        })
        .map(|a| ActorRef {
            role: Role::Perpetrator,
            kind: Some(a.entry.kind),
            span: a.m.span,
            name: Some(a.entry.name.clone()),
            code: Some(a.entry.code.clone()),
        })
}

/// Puts the event's country into codes that leave it to context (قوات الأمن → IRQCOP in
/// Iraq); without a country the code is dropped rather than guessed.
fn fill_generic_codes(analysis: &Analysis, actors: &mut [ActorRef], country: Option<&str>) {
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

/// How many paragraphs back an event can take a figure told without a trigger.
const ORPHAN_REACH_PARAGRAPHS: usize = 3;

/// Claims in a sentence with no trigger of their own belong to the latest violent event of
/// the paragraph or the few before ("وأضافت أن عدد القتلى وصل إلى 137"); with none, they are
/// not attached at all: a figure far from any event word is too often a total.
/// Openings that turn to another incident ("on another note"): the figures of a sentence that
/// starts with one are not the previous event's. Normalized spelling, after و/ف.
const TOPIC_SHIFTS: &[&str] = &[
    "من جانب اخر",
    "من جهه اخري",
    "من جهه ثانيه",
    "في سياق اخر",
    "في تطور اخر",
    "في حادث اخر",
    "في حادث منفصل",
    "في حادثه اخري",
    "في حادثه منفصله",
    "علي صعيد اخر",
    "في شان اخر",
    "في غضون ذلك",
];

/// Whether the sentence opens with a [`TOPIC_SHIFTS`] phrase.
fn opens_new_topic(analysis: &Analysis, sentence: &SentenceInfo) -> bool {
    let head = analysis
        .text
        .normalized()
        .get(sentence.range.clone())
        .unwrap_or("")
        .trim_start_matches(|c: char| !c.is_alphanumeric());
    let after_conjunction = head.strip_prefix(['و', 'ف']).unwrap_or(head);
    TOPIC_SHIFTS
        .iter()
        .any(|t| head.starts_with(t) || after_conjunction.starts_with(t))
}

fn attach_orphan_claims(
    sentence: &SentenceInfo,
    claims: Vec<CasualtyClaim>,
    attribution: &[AttributionRef],
    out: &mut [Candidate],
) {
    if let Some(last) = out
        .iter_mut()
        .rev()
        .find(|c| !c.is_verbal())
        // Web news often puts each sentence on its own line: "within reach" is a few
        // paragraphs, not one.
        .filter(|c| c.paragraph + ORPHAN_REACH_PARAGRAPHS >= sentence.paragraph)
    {
        last.casualties.extend(claims);
        if !last.evidence.contains(&sentence.span) {
            last.evidence.push(sentence.span);
        }
        for a in attribution {
            if !last.attribution.contains(a) {
                last.attribution.push(a.clone());
            }
        }
        if !last.attribution.is_empty() && last.modality == Modality::Asserted {
            last.modality = Modality::Reported;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word list here is compared with normalized text, so it must be written in
    /// normalized spelling (ئ → ي, ى → ي, ة → ه, no hamza on alef).
    #[test]
    fn word_lists_are_normalized() {
        let lists: &[(&str, &[&str])] = &[
            ("TARGET_MARKERS", TARGET_MARKERS),
            ("LOCATIVES", LOCATIVES),
            ("WEAPON_WORDS", WEAPON_WORDS),
            ("SUMMARY_MARKERS", SUMMARY_MARKERS),
            ("THEN", THEN),
            ("GENERIC_FRAMES", GENERIC_FRAMES),
            ("ANAPHORIC_NOUNS", ANAPHORIC_NOUNS),
            ("AIRCRAFT", AIRCRAFT),
            ("RELATIVES", RELATIVES),
            ("TOPIC_SHIFTS", TOPIC_SHIFTS),
        ];
        for (name, list) in lists {
            for word in *list {
                assert_eq!(rasd_text::normalize(word), *word, "{name}: {word}");
            }
        }
    }
}
