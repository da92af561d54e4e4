//! An event as the decisions leave it, before document-level merging: type, place, day,
//! actors with roles, casualty claims, sources and modality, with the evidence it rests on.

use crate::casualty::CasualtyClaim;
use crate::dates::DatePrecision;
use chrono::NaiveDate;
use rasd_lexicon::ActorKind;
use rasd_text::Span;

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
    /// The event's place (the place decision's, else the rules'): a mention of
    /// [`crate::analysis::Analysis::places`].
    pub place: Option<usize>,
    /// The place the rules read in the trigger's sentence (or inherited). Document merging
    /// keys on it: two sentences that tell events at two places stay two events even where
    /// the place decision puts both at one (5-fold cross-validation on 953 articles: keyed
    /// on the decided place, events F1 0.610 -> 0.597 and strict 0.203 -> 0.199).
    pub told_at: Option<usize>,
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
