//! The lexicons rasd ships and their entry types. (Stub: the API is fixed, the data is being
//! written.)

use crate::matcher::{Affixes, PhraseMatch, PhraseMatcher, PhraseMatcherBuilder};
use rasd_text::NormalizedText;

/// Why a lexicon failed to load.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    /// A row of a lexicon file is malformed.
    #[error("{file}:{line}: {message}")]
    Row {
        /// File name.
        file: &'static str,
        /// 1-based line.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// The automaton could not be built.
    #[error("{file}: {source}")]
    Automaton {
        /// File name.
        file: &'static str,
        /// The builder's error.
        source: aho_corasick::BuildError,
    },
}

/// A compiled lexicon: a matcher and the entry each match stands for.
#[derive(Clone, Debug)]
pub struct Lexicon<T> {
    matcher: PhraseMatcher,
    entries: Vec<T>,
}

impl<T> Lexicon<T> {
    /// Compiles `(phrase, entry)` pairs.
    ///
    /// # Errors
    /// When the automaton cannot be built.
    pub fn build(
        file: &'static str,
        items: Vec<(String, T)>,
        affixes: Affixes,
    ) -> Result<Self, LexiconError> {
        let mut builder = PhraseMatcherBuilder::new();
        let mut entries = Vec::with_capacity(items.len());
        for (phrase, entry) in items {
            builder.add(&phrase);
            entries.push(entry);
        }
        let matcher = builder
            .build(affixes)
            .map_err(|source| LexiconError::Automaton { file, source })?;
        Ok(Lexicon { matcher, entries })
    }

    /// Every whole-word match with its entry (overlapping ones included).
    pub fn find_all<'a>(&'a self, text: &NormalizedText) -> Vec<(PhraseMatch, &'a T)> {
        self.matcher
            .find_all(text)
            .into_iter()
            .map(|m| {
                let e = &self.entries[m.entry];
                (m, e)
            })
            .collect()
    }

    /// Non-overlapping leftmost-longest matches with their entries.
    pub fn find_longest<'a>(&'a self, text: &NormalizedText) -> Vec<(PhraseMatch, &'a T)> {
        self.matcher
            .find_longest(text)
            .into_iter()
            .map(|m| {
                let e = &self.entries[m.entry];
                (m, e)
            })
            .collect()
    }

    /// The entries, in the order they were added.
    pub fn entries(&self) -> &[T] {
        &self.entries
    }

    /// Bytes held by the automaton.
    pub fn memory_usage(&self) -> usize {
        self.matcher.memory_usage()
    }
}

/// How reliably a trigger word denotes a specific event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Strength {
    /// Denotes an event on its own (غارة، قصفت، اغتيال).
    Strong,
    /// Often generic or metaphorical (هجوم، القتل، العنف): needs support (a place, a number,
    /// an actor) to make an event.
    Weak,
}

/// The grammatical form of a trigger, which decides how its arguments are found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TriggerForm {
    /// A finite verb, active (قتل، قصفت، سيطرت).
    Verb,
    /// A finite verb in the passive (قُتل، أصيب، اعتقل when written passive).
    PassiveVerb,
    /// A verbal noun (مصدر): مقتل، قصف، اغتيال، اعتقال.
    VerbalNoun,
    /// Another noun: غارة، انتحاري، عبوة ناسفة، اشتباكات.
    Noun,
}

/// An event trigger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trigger {
    /// A `type` of `taxonomy.tsv`.
    pub event_type: String,
    /// Finer kind in English (`execution`, `car_bomb`, `drone_strike`...).
    pub detail: Option<String>,
    /// How reliable.
    pub strength: Strength,
    /// Grammatical form.
    pub form: TriggerForm,
}

/// The kind of an actor, after `actors.tsv`'s `kind` column (and media, unknown).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActorKind {
    /// Military and security forces of a state (XXXMIL).
    StateForces,
    /// Police of a state (XXXCOP).
    Police,
    /// Government, ministries, officials (XXXGOV).
    Government,
    /// Civilians (XXXCVL).
    Civilians,
    /// Anti-government armed opposition (XXXREB).
    Rebels,
    /// Militias (PGM, IRNMIL_PROXY).
    Militia,
    /// Named armed groups (ISIL, HOU, ...).
    ArmedGroup,
    /// Coalitions (COA, IUSCOA, NATO).
    Coalition,
    /// International organisations (IGOUNO, IGOICRC).
    Igo,
    /// NGOs and civil defence (NGO).
    Ngo,
    /// Media outlets and journalists (XXXMED).
    Media,
    /// Unidentified armed men (UAF).
    Unknown,
}

/// An actor phrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorEntry {
    /// Code from `actors.tsv` (`SYRMIL`, `ISIL`, ...).
    pub code: String,
    /// Kind.
    pub kind: ActorKind,
    /// Canonical English name.
    pub name: String,
    /// ISO 3166-1 alpha-2 of the actor's country, where it has one.
    pub country: Option<String>,
}

/// A source phrase: who can be cited as saying an event happened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceEntry {
    /// Attribution kind of the spec: `official`, `local_sources`, `eyewitness`, `activists`,
    /// `media`, `ngo`, `igo`, `medical`, `armed_group`, `monitor`, `unknown`.
    pub kind: String,
    /// Actor code where one fits (`SOHR` is not in actors.tsv: `NGO`).
    pub code: Option<String>,
}

/// What a cue word signals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CueKind {
    /// لم، لا، ليس، دون، بدون، عدم: the event did not happen.
    Negation,
    /// نفى، نفت، تنفي، كذّب: someone denies it.
    Denial,
    /// اتهم، زعم، مزاعم، ادعى: an accusation.
    Allegation,
    /// سوف، سـ، ستقوم، يعتزم، تهدد بـ: not yet.
    Future,
    /// قد، ربما، إذا، لو، في حال: may or might.
    Hypothetical,
    /// قال، أكد، أفاد، ذكر، أعلن، أشار، أوضح، بحسب، وفقا لـ، نقلا عن: reported speech.
    Reporting,
    /// Words of sport, economy and culture pages where conflict words are metaphors
    /// (مباراة، الدوري، هدف، الأسهم، الأسعار).
    NonEvent,
}

/// A cue phrase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cue {
    /// What it signals.
    pub kind: CueKind,
}

/// ACLED and CAMEO names of one event type, from `taxonomy.tsv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventTypeInfo {
    /// The `type`.
    pub event_type: String,
    /// `battle`, `remote`, `civilians`, `protest`, `riot`, `strategic`, `verbal`.
    pub family: String,
    /// ACLED event type (empty for verbal types).
    pub acled_event_type: String,
    /// ACLED sub-event type (empty for verbal types).
    pub acled_sub_event_type: String,
    /// CAMEO code.
    pub cameo: String,
}

/// The event types of `taxonomy.tsv`.
#[derive(Clone, Debug, Default)]
pub struct Taxonomy {
    types: Vec<EventTypeInfo>,
}

impl Taxonomy {
    /// The row for a type.
    pub fn get(&self, event_type: &str) -> Option<&EventTypeInfo> {
        self.types.iter().find(|t| t.event_type == event_type)
    }

    /// All rows, in file order.
    pub fn types(&self) -> &[EventTypeInfo] {
        &self.types
    }
}

/// Every lexicon rasd ships, compiled.
#[derive(Clone, Debug)]
pub struct Lexicons {
    /// Event triggers, every type of the taxonomy (verbal ones too).
    pub triggers: Lexicon<Trigger>,
    /// Actors with codes.
    pub actors: Lexicon<ActorEntry>,
    /// Attribution sources.
    pub sources: Lexicon<SourceEntry>,
    /// Negation, denial, modality, reporting and non-event cues.
    pub cues: Lexicon<Cue>,
    /// The taxonomy.
    pub taxonomy: Taxonomy,
}

impl Lexicons {
    /// Loads and compiles the embedded lexicons.
    ///
    /// # Errors
    /// When an embedded file is malformed (a build defect that the tests catch).
    pub fn load() -> Result<Lexicons, LexiconError> {
        Ok(Lexicons {
            triggers: Lexicon::build("triggers.tsv", Vec::new(), Affixes::Any)?,
            actors: Lexicon::build("actors.tsv", Vec::new(), Affixes::Nominal)?,
            sources: Lexicon::build("sources.tsv", Vec::new(), Affixes::Nominal)?,
            cues: Lexicon::build("cues.tsv", Vec::new(), Affixes::Verbal)?,
            taxonomy: Taxonomy::default(),
        })
    }
}
