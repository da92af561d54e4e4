//! Proposals: every event the text may report, sentence by sentence, with all the options
//! the decisions choose among and what the hand rules say of each.
//!
//! A sentence yields one proposal per event type its triggers name, at each place the trigger
//! is said to happen (two coordinated places are two events, as ACLED codes them). Each gets:
//!
//! - **type** ([`types`]): the most specific trigger wins over a generic killing word in the
//!   same sentence ("قتل 6 مدنيين في قصف مدفعي" is shelling, the weapon over the victims, as
//!   in ACLED); a defused or foiled weapon is not an explosion; a generic killing with no
//!   weapon is an armed clash when the dead are fighters and an attack when they are civilians;
//! - **place** ([`places`]): the nearest place introduced by a locative (في، بـ، قرب، cue
//!   words), finer places before countries, else the place the paragraph is about;
//! - **day**: the nearest date expression, else the paragraph's, else the lead's, else the
//!   document date;
//! - **actor options** ([`roles`]): every actor of the sentence (and of the sentence before),
//!   nationality adjectives after weapon words (قصف روسي), the victims of its claims, with the
//!   role the rules give (or none);
//! - **source options** ([`sources`]): every source of the sentence, the subject of a reporting
//!   verb, the sources the paragraph cited last, and the options of the two sentences before
//!   that the rules did not take (for the source model alone), with whether the rules take
//!   each;
//! - **modality** from negation, denial, allegation, future and hypothetical cues before the
//!   trigger;
//! - **rule flags**: what the hand rules hold against it (a relative clause, a running total,
//!   no sign of a particular occurrence, ...) and their verdict, `rule_keep`.
//!
//! The paragraph's place, day and sources carry to later sentences as the rules decide, so
//! this stage depends on the text alone; the learned decisions ([`crate::decide`]) read the
//! proposals and never feed back.

mod markers;
mod places;
mod roles;
mod sources;
mod types;

pub(crate) use markers::{words_between, Markers, TERRITORY};
pub(crate) use places::{is_locative, PlaceOption, PlaceOrigin, PlaceSource};
pub(crate) use roles::{is_armed, ActorOption, ActorOrigin};
pub(crate) use sources::{SourceOption, SourceOrigin, SpeakerWords};
pub(crate) use types::family;

use crate::analysis::{previous_word, within, Analysis, Hit, SentenceInfo};
use crate::candidate::{DateChoice, Modality, Role};
use crate::casualty::{CasualtyClaim, CasualtyKind};
use crate::dates::DatePrecision;
use markers::{opens_new_topic, REGION};
use places::{lead_place, place_options, places_for};
use rasd_geo::Precision;
use rasd_lexicon::{ActorKind, CueKind, Strength, Trigger, TriggerForm};
use rasd_text::Span;
use roles::{actors_for, claim_victims, earlier_actors, fill_generic_codes, reporting_forces};
use sources::SourceMemory;
use types::{choose_types, modality_for};

/// What the hand rules hold against a proposal. Each is a feature of the event decision; the
/// rules alone drop a proposal when any `drop_*` is set.
#[derive(Clone, Debug, Default, PartialEq)]
pub(crate) struct RuleFlags {
    /// Negated, hypothetical or future (and the pipeline keeps only what happened).
    pub drop_unrealized: bool,
    /// Governed by an appeal, demand or threat before it.
    pub governed: bool,
    /// In a sentence about a period longer than a week, or under a tally headline, with no
    /// day of its own.
    pub drop_running_total: bool,
    /// A verb in a relative clause with no figure of its own.
    pub drop_relative_clause: bool,
    /// "بعد <duration> على" : a reference point for another event.
    pub drop_after_duration: bool,
    /// A territory noun with the purpose lam (لاستعادة): an aim.
    pub drop_purpose: bool,
    /// "تحت سيطرة": who holds a place, not a change of hands.
    pub drop_held: bool,
    /// No sign of a particular occurrence (a place, a figure, an armed actor, a day).
    pub drop_unsupported: bool,
    /// Outside the rules' region with no named organised actor.
    pub drop_out_of_region: bool,
    /// The rules' confidence is under the pipeline's minimum.
    pub drop_low_confidence: bool,
    /// A definite noun after a category word (عمليات القتل).
    pub generic_frame: bool,
    /// The document reads as sport, economy or culture.
    pub off_topic: bool,
    /// The sentence summarises separate incidents (حوادث متفرقة).
    pub summary: bool,
}

impl RuleFlags {
    /// The rules' verdict: keep unless a rule drops it.
    pub fn keep(&self) -> bool {
        !(self.drop_unrealized
            || self.drop_running_total
            || self.drop_relative_clause
            || self.drop_after_duration
            || self.drop_purpose
            || self.drop_held
            || self.drop_unsupported
            || self.drop_out_of_region
            || self.drop_low_confidence
            || self.off_topic
            || self.summary)
    }
}

/// One proposed event: a trigger of a sentence read as one type at one place.
#[derive(Clone, Debug)]
pub(crate) struct Proposal {
    /// Index of the sentence in [`Analysis::sentences`].
    pub sentence: usize,
    /// Index of the anchoring trigger in [`Analysis::triggers`].
    pub trigger: usize,
    /// The type the rules read.
    pub event_type: String,
    pub family: String,
    pub detail: Option<String>,
    /// Normalized offset of the trigger.
    pub anchor: usize,
    pub paragraph: usize,
    pub in_title: bool,
    /// The place and how it was found; `None` when the text gives none.
    pub place: Option<(usize, PlaceSource)>,
    /// Index of this place among the coordinated places of the trigger (0 for the first).
    pub place_rank: usize,
    /// Whether the trigger's event is told at several coordinated places, one proposal each.
    pub coordinated: bool,
    /// The places its event may be at, for the place decision.
    pub place_options: Vec<PlaceOption>,
    pub date: Option<DateChoice>,
    pub explicit_date: bool,
    pub actors: Vec<ActorOption>,
    pub casualties: Vec<CasualtyClaim>,
    pub sources: Vec<SourceOption>,
    pub modality: Modality,
    pub flags: RuleFlags,
    /// The rules' 0..1 confidence.
    pub confidence: f64,
    /// A definite event noun that refers back to an event already told (الانفجار، الهجوم).
    pub anaphoric: bool,
    pub strong: bool,
    pub definite: bool,
    pub armed_actor: bool,
    pub named_actor: bool,
}

impl Proposal {
    /// Whether the proposal is a verbal event (appeal, condemnation, ...).
    pub fn is_verbal(&self) -> bool {
        self.family == "verbal"
    }
}

/// What a sentence offers besides its proposals: its claims and sources, for figures whose
/// own trigger makes no event.
#[derive(Clone, Debug, Default)]
pub(crate) struct SentenceOffer {
    /// Claims of the sentence (repeats removed; none in a running total or summary).
    pub claims: Vec<CasualtyClaim>,
    /// The sources the rules take for the sentence.
    pub sources: Vec<SourceOption>,
    /// The sentence turns to another incident (من جانب آخر).
    pub topic_shift: bool,
}

/// Every proposal of a document, and every sentence's offer.
#[derive(Clone, Debug, Default)]
pub(crate) struct Proposals {
    pub events: Vec<Proposal>,
    pub sentences: Vec<SentenceOffer>,
}

/// What a paragraph has established so far: later sentences without their own place, day or
/// source take these.
#[derive(Default)]
struct ParagraphState {
    paragraph: usize,
    place: Option<usize>,
    date: Option<DateChoice>,
}

/// The day of an event: the nearest date expression of its sentence, else the paragraph's or
/// the lead's, else the document's. The flag says whether the sentence gave it.
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

/// What a proposal rests on; the rules' confidence is read from these.
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

/// The claims of a sentence as events may take them: a figure told twice is one claim, a
/// number and an unnumbered mention of the same kind count the same dead ("عشرات الجثث ...
/// وأعدادا كبيرة من جثث المدنيين": the number says more); none in a running total.
fn sentence_claims(sentence: &SentenceInfo, total: bool) -> Vec<CasualtyClaim> {
    if total {
        return Vec::new();
    }
    let mut claims: Vec<CasualtyClaim> = Vec::new();
    for c in &sentence.claims {
        if !claims.iter().any(|k| {
            k.kind == c.kind && k.low == c.low && k.high == c.high && k.qualifier == c.qualifier
        }) {
            claims.push(c.clone());
        }
    }
    let numbered: Vec<CasualtyKind> = claims
        .iter()
        .filter(|c| c.low.is_some() || c.high.is_some())
        .map(|c| c.kind)
        .collect();
    claims.retain(|c| c.low.is_some() || c.high.is_some() || !numbered.contains(&c.kind));
    claims
}

/// Every proposal of a document, in text order.
pub(crate) fn propose(analysis: &Analysis) -> Proposals {
    let doc_off_topic = off_topic(analysis);
    let lead_date = lead_date(analysis);
    let lead_place = lead_place(analysis);
    let norm = analysis.norm();
    let markers = &analysis.pipeline.markers;
    let mut out = Proposals::default();
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
    let mut memory = SourceMemory::default();
    for (index, sentence) in analysis.sentences.iter().enumerate() {
        if sentence.paragraph != state.paragraph {
            state = ParagraphState {
                paragraph: sentence.paragraph,
                ..ParagraphState::default()
            };
            memory.new_paragraph();
        }
        let summary = markers.sentence_has(norm, &sentence.range, true);
        let long_period = sentence.dates.iter().any(|d| d.long_period);
        let claims = sentence_claims(sentence, long_period || summary);
        if markers.sentence_has(norm, &sentence.range, false) && sentence.dates.is_empty() {
            if let Some(d) = last_explicit_date.clone() {
                state.date = Some(d);
            }
        }
        let triggers: Vec<&Hit<Trigger>> = within(&analysis.triggers, &sentence.range).collect();
        let reports =
            within(&analysis.cues, &sentence.range).any(|c| c.entry.kind == CueKind::Reporting);
        let sources = memory.options(analysis, sentence, index, reports);
        let attributed = sources.iter().any(|s| s.rule_keep);
        let source_spans: Vec<Span> = within(&analysis.sources, &sentence.range)
            .map(|s| s.m.span)
            .collect();
        let types = choose_types(analysis, &sentence.range, &triggers, &claims);
        let mut claims_left = claims.clone();
        let mut consumed: Vec<usize> = Vec::new();
        let mut made_here = 0;
        let earlier = earlier_actors(analysis, index);
        for (event_type, detail, anchor) in &types {
            let trigger = analysis
                .triggers
                .partition_point(|t| t.start() < anchor.start());
            let mut flags = RuleFlags {
                off_topic: doc_off_topic,
                summary,
                ..RuleFlags::default()
            };
            let mut event_type = event_type.clone();
            let fam = family(analysis, &event_type).to_owned();
            let verbal = fam == "verbal";
            let mut modality = modality_for(analysis, sentence, anchor, attributed);
            // What is appealed for, demanded or threatened has not happened.
            flags.governed = triggers.iter().any(|t| {
                t.end() <= anchor.start()
                    && matches!(
                        t.entry.event_type.as_str(),
                        "appeal" | "demand" | "threaten"
                    )
            });
            if flags.governed && !verbal {
                modality = modality.min(Modality::Hypothetical);
            }
            flags.drop_unrealized =
                modality.unrealized() && !analysis.pipeline.options.keep_unrealized;
            // Running totals over long periods are not events.
            flags.drop_running_total = (long_period || tally)
                && !sentence
                    .dates
                    .iter()
                    .any(|d| !d.long_period && d.precision == DatePrecision::Day);
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
            let options = place_options(analysis, index, anchor, state.place, lead_place);
            let place_in_sentence = places
                .first()
                .is_some_and(|(_, s)| *s != PlaceSource::Inherited);
            let (date, explicit_date) = date_for(analysis, sentence, anchor, &state, &lead_date);
            // Each claim goes to the violent event whose trigger comes last before it (the
            // first one takes those before every trigger).
            let casualties: Vec<CasualtyClaim> = if verbal {
                Vec::new()
            } else {
                let next = types
                    .iter()
                    .filter(|(ty, _, a)| {
                        family(analysis, ty) != "verbal" && a.start() > anchor.start()
                    })
                    .map(|(_, _, a)| a.start())
                    .next()
                    .unwrap_or(usize::MAX);
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
            if matches!(fam.as_str(), "battle") {
                reporting_forces(analysis, sentence, &source_spans, &mut actors);
            }
            actors.extend(earlier.iter().cloned());
            fill_generic_codes(analysis, &mut actors, country.as_deref());
            // The rules read the sentence's own actors: a speaker or an actor of the sentence
            // before names who, it does not make an event.
            let own =
                |a: &&ActorOption| !matches!(a.origin, ActorOrigin::Speaker | ActorOrigin::Earlier);
            let armed_actor = actors.iter().filter(own).any(|a| {
                matches!(
                    a.rule_role,
                    Some(Role::Perpetrator | Role::Target | Role::Party)
                ) && a.kind.is_some_and(is_armed)
            });
            let named_actor = actors.iter().filter(own).any(|a| {
                a.rule_role.is_some()
                    && a.kind
                        .is_some_and(|k| is_armed(k) && k != ActorKind::Unknown)
            });
            // Territory changes hands one way or the other: who takes it decides.
            if TERRITORY.contains(&event_type.as_str()) {
                let taker = actors
                    .iter()
                    .filter(own)
                    .find(|a| a.rule_role == Some(Role::Perpetrator))
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
            flags.generic_frame = definite
                && previous_word(norm, token_start)
                    .is_some_and(|(_, w)| markers.generic_frame.has(w.trim_start_matches('و')));
            let numbered = casualties
                .iter()
                .any(|c| c.low.is_some() || c.high.is_some());
            // A verb in a relative clause describes who or what the sentence is about ("موقع
            // أومان الذي تحاصره المقاومة"), not the event it reports; with a figure of its own
            // it still counts ("الذين قتلوا").
            flags.drop_relative_clause = matches!(
                anchor.entry.form,
                TriggerForm::Verb | TriggerForm::PassiveVerb
            ) && casualties.is_empty()
                && markers.in_relative_clause(norm, token_start);
            // An earlier event used as a time reference ("بعد 3 أيام على هجوم انتحاري") is
            // background, not a new event.
            flags.drop_after_duration = markers.after_duration(norm, token_start);
            // A territory word with the purpose lam ("عملية الجيش لاستعادة شرق حلب") names an
            // aim, not a change of hands.
            flags.drop_purpose = TERRITORY.contains(&anchor.entry.event_type.as_str())
                && matches!(
                    anchor.entry.form,
                    TriggerForm::VerbalNoun | TriggerForm::Noun
                )
                && matches!(anchor.m.proclitics.as_str(), "ل" | "لل" | "ول" | "فل");
            // "تحت سيطرة" and "الخاضع لسيطرة" say who holds a place, not a change of hands.
            flags.drop_held = TERRITORY.contains(&anchor.entry.event_type.as_str())
                && previous_word(norm, token_start).is_some_and(|(_, w)| {
                    matches!(
                        w,
                        "تحت" | "الخاضع" | "الخاضعه" | "الخاضعين" | "خاضع" | "خاضعه"
                    )
                });
            let strong = anchor.entry.strength == Strength::Strong;
            // What makes a trigger an event rather than a word: a strong trigger needs one
            // sign of a particular occurrence in its sentence, a weak one two, and a category
            // (عمليات القتل) a figure.
            let supported = if flags.generic_frame {
                numbered
            } else if strong {
                place_in_sentence || !casualties.is_empty() || armed_actor || explicit_date
            } else {
                !casualties.is_empty()
                    || (place_in_sentence && (armed_actor || explicit_date))
                    || (verbal && actors.iter().any(|a| a.rule_role == Some(Role::Claimant)))
            };
            flags.drop_unsupported = !supported;
            // Outside the region, only organised political violence is coded. A place the
            // gazetteer does not know takes, for this decision only, the country of the
            // document's first nationality adjective (جزيرة تسمانيا الأسترالية).
            let decided_country = country
                .clone()
                .or_else(|| analysis.adjectives.first().map(|a| a.entry.iso2.clone()));
            flags.drop_out_of_region = !verbal
                && decided_country
                    .as_deref()
                    .is_some_and(|c| !REGION.contains(&c))
                && !named_actor;
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
                && markers.anaphoric.has(&with_article);
            let confidence = Support {
                strong,
                definite_weak: definite && !strong,
                place_in_sentence,
                place_inherited: !places.is_empty(),
                casualties: !casualties.is_empty(),
                actors: armed_actor,
                explicit_date,
                attributed,
            }
            .confidence();
            flags.drop_low_confidence = confidence < analysis.pipeline.options.min_confidence;
            let keep = flags.keep();
            if keep && !verbal {
                claims_left.retain(|c| !casualties.contains(c));
            }
            let base = Proposal {
                sentence: index,
                trigger,
                event_type: event_type.clone(),
                family: fam,
                detail: detail.clone(),
                anchor: anchor.start(),
                paragraph: sentence.paragraph,
                in_title: sentence.in_title,
                place: None,
                place_rank: 0,
                coordinated: places.len() > 1,
                place_options: options,
                date: date.clone(),
                explicit_date,
                actors,
                casualties,
                sources: sources.clone(),
                modality,
                flags,
                confidence,
                anaphoric,
                strong,
                definite,
                armed_actor,
                named_actor,
            };
            if places.is_empty() {
                out.events.push(base);
            } else {
                for (k, &place) in places.iter().enumerate() {
                    let mut p = base.clone();
                    p.place = Some(place);
                    p.place_rank = k;
                    if k > 0 {
                        // One figure belongs to one place: the first.
                        p.casualties.clear();
                    }
                    out.events.push(p);
                }
            }
            if keep {
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
        let kept_sources: Vec<SourceOption> =
            sources.iter().filter(|s| s.rule_keep).cloned().collect();
        out.sentences.push(SentenceOffer {
            claims,
            sources: kept_sources,
            topic_shift: opens_new_topic(analysis, sentence),
        });
        memory.remember(&sources, index);
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
