//! Decisions: which proposals are events, of which type, which actors play which role, which
//! sources report them and which group each figure counts. The learned models decide where
//! the pipeline has them ([`crate::models::Models`]); the hand rules' verdicts, recorded in
//! each proposal, decide otherwise.
//!
//! Figures whose own trigger made no event go, as before, to the sentence's last event, else
//! (unless the sentence turns to another matter) to the latest event within a few paragraphs.

use crate::analysis::Analysis;
use crate::candidate::{ActorRef, AttributionRef, Candidate, Modality, Role};
use crate::casualty::CasualtyClaim;
use crate::models::Models;
use crate::propose::{ActorOption, ActorOrigin, Proposal, Proposals, SentenceOffer, SourceOption};

/// How many paragraphs back an event can take a figure told without a trigger.
const ORPHAN_REACH_PARAGRAPHS: usize = 3;

/// What the decisions make of one proposal.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Verdict {
    /// Whether it is an event, and of which type.
    pub event_type: Option<String>,
    /// The role of each actor option (`None`: not an actor of the event).
    pub roles: Vec<Option<Role>>,
    /// The kind of each source option (`None`: not a source of the event).
    pub sources: Vec<Option<String>>,
    /// The group of each claim.
    pub groups: Vec<Option<crate::casualty::Group>>,
    /// Actors the decisions add that are no option of the proposal (a perpetrator named in
    /// another sentence, or the unnamed attacker).
    pub extra_actors: Vec<ActorRef>,
    /// The place of the event: a mention of [`Analysis::places`], or none.
    pub place: Option<usize>,
    /// The decision's confidence.
    pub confidence: f64,
}

/// The hand rules' verdict on a proposal.
pub(crate) fn rule_verdict(p: &Proposal) -> Verdict {
    Verdict {
        event_type: p.flags.keep().then(|| p.event_type.clone()),
        roles: p.actors.iter().map(|a| a.rule_role).collect(),
        sources: p
            .sources
            .iter()
            .map(|s| s.rule_keep.then(|| s.attribution.kind.clone()))
            .collect(),
        groups: p.casualties.iter().map(|_| None).collect(),
        extra_actors: Vec::new(),
        place: p.place.map(|(i, _)| i),
        confidence: p.confidence,
    }
}

/// The candidates of a document: each proposal decided, figures without an event attached.
pub(crate) fn decide(
    analysis: &Analysis,
    proposals: &Proposals,
    models: Option<&Models>,
) -> Vec<Candidate> {
    let mut out: Vec<Candidate> = Vec::new();
    let mut next = 0;
    for (index, offer) in proposals.sentences.iter().enumerate() {
        let mut taken: Vec<CasualtyClaim> = Vec::new();
        let mut made_here = 0;
        while next < proposals.events.len() && proposals.events[next].sentence == index {
            let p = &proposals.events[next];
            next += 1;
            let verdict = match models {
                Some(m) => m.verdict(analysis, proposals, p),
                None => rule_verdict(p),
            };
            let Some(event_type) = verdict.event_type.clone() else {
                continue;
            };
            made_here += 1;
            let c = candidate(analysis, p, event_type, &verdict);
            if !c.is_verbal() {
                taken.extend(p.casualties.iter().cloned());
            }
            out.push(c);
        }
        let sentence = &analysis.sentences[index];
        let left: Vec<CasualtyClaim> = offer
            .claims
            .iter()
            .filter(|c| !taken.contains(c))
            .cloned()
            .collect();
        if left.is_empty() {
            continue;
        }
        if made_here == 0 && !offer.topic_shift {
            attach_orphan_claims(sentence.paragraph, sentence.span, left, offer, &mut out);
        } else if let Some(last) = out
            .iter_mut()
            .rev()
            .take_while(|c| c.evidence.contains(&sentence.span))
            .find(|c| !c.is_verbal())
        {
            // Figures whose own trigger made no event belong to the sentence's event.
            last.casualties.extend(left);
        }
    }
    out
}

/// A candidate from a proposal and its verdict.
fn candidate(analysis: &Analysis, p: &Proposal, event_type: String, v: &Verdict) -> Candidate {
    let family = crate::propose::family(analysis, &event_type).to_owned();
    let mut actors = actor_refs(&p.actors, &v.roles);
    actors.extend(v.extra_actors.iter().cloned());
    let attribution = attribution_refs(&p.sources, &v.sources);
    let mut casualties = p.casualties.clone();
    for (c, g) in casualties.iter_mut().zip(&v.groups) {
        if let Some(g) = g {
            c.group = *g;
        }
    }
    let mut modality = p.modality;
    if attribution.is_empty() && modality == Modality::Reported {
        modality = Modality::Asserted;
    }
    if !attribution.is_empty() && modality == Modality::Asserted {
        modality = Modality::Reported;
    }
    let detail = if event_type == p.event_type {
        p.detail.clone()
    } else {
        None
    };
    Candidate {
        event_type,
        family,
        detail,
        anchor: p.anchor,
        paragraph: p.paragraph,
        in_title: p.in_title,
        place: v.place,
        told_at: p.place.map(|(i, _)| i),
        date: p.date.clone(),
        actors,
        casualties,
        attribution,
        modality,
        evidence: vec![analysis.sentences[p.sentence].span],
        confidence: v.confidence,
        anaphoric: p.anaphoric,
    }
}

/// The actors with a role: one per role and code among the sentence's phrases; the victims
/// a claim counts and the forces that speak are each kept.
fn actor_refs(options: &[ActorOption], roles: &[Option<Role>]) -> Vec<ActorRef> {
    let mut out: Vec<ActorRef> = Vec::new();
    for (a, role) in options.iter().zip(roles) {
        let Some(role) = *role else { continue };
        let each_kept = matches!(a.origin, ActorOrigin::ClaimVictim | ActorOrigin::Speaker);
        if !each_kept
            && out
                .iter()
                .any(|b| b.role == role && (b.code == a.code || b.span.overlaps(a.span)))
        {
            continue;
        }
        out.push(ActorRef {
            role,
            kind: a.kind,
            span: a.span,
            name: a.name.clone(),
            code: a.code.clone(),
        });
    }
    out
}

/// The sources taken, each once.
fn attribution_refs(options: &[SourceOption], kinds: &[Option<String>]) -> Vec<AttributionRef> {
    let mut out: Vec<AttributionRef> = Vec::new();
    for (s, kind) in options.iter().zip(kinds) {
        let Some(kind) = kind else { continue };
        if out.iter().any(|a| a.span == s.attribution.span) {
            continue;
        }
        let mut a = s.attribution.clone();
        a.kind = kind.clone();
        out.push(a);
    }
    out
}

/// Claims in a sentence with no event of their own belong to the latest violent event of the
/// paragraph or the few before ("وأضافت أن عدد القتلى وصل إلى 137"); with none, they are not
/// attached at all: a figure far from any event word is too often a total.
fn attach_orphan_claims(
    paragraph: usize,
    span: rasd_text::Span,
    claims: Vec<CasualtyClaim>,
    offer: &SentenceOffer,
    out: &mut [Candidate],
) {
    let Some(last) = out
        .iter_mut()
        .rev()
        .find(|c| !c.is_verbal())
        // Web news often puts each sentence on its own line: "within reach" is a few
        // paragraphs, not one.
        .filter(|c| c.paragraph + ORPHAN_REACH_PARAGRAPHS >= paragraph)
    else {
        return;
    };
    last.casualties.extend(claims);
    if !last.evidence.contains(&span) {
        last.evidence.push(span);
    }
    for s in &offer.sources {
        if !last.attribution.contains(&s.attribution) {
            last.attribution.push(s.attribution.clone());
        }
    }
    if !last.attribution.is_empty() && last.modality == Modality::Asserted {
        last.modality = Modality::Reported;
    }
}
