//! The lexicons rasd ships and their entry types.
//!
//! Each lexicon is a reviewed TSV file under `data/` embedded in the binary; [`Lexicons::load`]
//! parses them (errors carry file and line), normalizes and de-duplicates the phrases and compiles
//! one [`PhraseMatcher`] per lexicon. The parsing lives in `load.rs`, the phrases generated from
//! `data/countries.tsv` in `countries.rs`.

pub use crate::countries::Country;
use crate::matcher::{Affixes, PhraseMatch, PhraseMatcher, PhraseMatcherBuilder, PhraseScan};
use rasd_text::{normalize, NormalizedText};

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
    pub(crate) matcher: PhraseMatcher,
    entries: Vec<T>,
    /// Each entry's phrase, normalized: to tell a match's suffix from its phrase.
    phrases: Vec<String>,
    /// Pronoun suffixes the matcher admits but this lexicon refuses (see
    /// [`Lexicon::build_refusing_suffixes`]).
    refused_suffixes: Vec<String>,
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
        Self::build_refusing_suffixes(file, items, affixes, &[])
    }

    /// Compiles `(phrase, entry)` pairs, and drops matches whose word ends in one of
    /// `refused_suffixes` after the phrase. For triggers the suffix ي is refused: the matcher
    /// reads it as "my", which news hardly uses, while nisba adjectives are made with it from
    /// trigger nouns (حرب → الطيران الحربي، هجوم → هجومي، قتال → قتالي).
    ///
    /// # Errors
    /// When the automaton cannot be built.
    pub fn build_refusing_suffixes(
        file: &'static str,
        items: Vec<(String, T)>,
        affixes: Affixes,
        refused_suffixes: &[&str],
    ) -> Result<Self, LexiconError> {
        let (builder, lexicon) = Self::collect(items, refused_suffixes);
        let matcher = builder
            .build(affixes)
            .map_err(|source| LexiconError::Automaton { file, source })?;
        Ok(Lexicon { matcher, ..lexicon })
    }

    /// Like [`Lexicon::build_refusing_suffixes`], with the automaton compiled on first use:
    /// for a lexicon searched through the [`Lexicons`]' scan, which compiles its phrases with
    /// others.
    pub(crate) fn build_deferred(
        items: Vec<(String, T)>,
        affixes: Affixes,
        refused_suffixes: &[&str],
    ) -> Self {
        let (builder, lexicon) = Self::collect(items, refused_suffixes);
        Lexicon {
            matcher: builder.build_deferred(affixes),
            ..lexicon
        }
    }

    /// The phrases in a builder, and the lexicon with an empty matcher for now.
    fn collect(items: Vec<(String, T)>, refused_suffixes: &[&str]) -> (PhraseMatcherBuilder, Self) {
        let mut builder = PhraseMatcherBuilder::new();
        let mut entries = Vec::with_capacity(items.len());
        let mut phrases = Vec::with_capacity(items.len());
        for (phrase, entry) in items {
            builder.add(&phrase);
            phrases.push(normalize(phrase.trim()));
            entries.push(entry);
        }
        let lexicon = Lexicon {
            matcher: PhraseMatcherBuilder::new().build_deferred(Affixes::None),
            entries,
            phrases,
            refused_suffixes: refused_suffixes.iter().map(|s| normalize(s)).collect(),
        };
        (builder, lexicon)
    }

    /// The suffix a match carries after its phrase, in normalized text.
    fn suffix<'t>(&self, text: &'t NormalizedText, m: &PhraseMatch) -> &'t str {
        let found = text.normalized().get(m.normalized.clone()).unwrap_or("");
        let phrase = self.phrases.get(m.entry).map_or("", String::as_str);
        if let Some(rest) = found.strip_prefix(phrase) {
            return rest;
        }
        // A phrase with ال found as لل: the match starts at the second ل, so the found text
        // lacks the phrase's ا.
        match phrase.strip_prefix('ا') {
            Some(contracted) => found.strip_prefix(contracted).unwrap_or(""),
            None => "",
        }
    }

    fn admitted(&self, text: &NormalizedText, m: &PhraseMatch) -> bool {
        self.refused_suffixes.is_empty() || {
            let suffix = self.suffix(text, m);
            suffix.is_empty() || !self.refused_suffixes.iter().any(|r| r == suffix)
        }
    }

    /// Every whole-word match with its entry (overlapping ones included), ordered by start then
    /// by length (longest first).
    pub fn find_all<'a>(&'a self, text: &NormalizedText) -> Vec<(PhraseMatch, &'a T)> {
        self.with_entries(text, self.matcher.find_all(text))
    }

    /// The matcher's matches that this lexicon admits, with their entries.
    fn with_entries<'a>(
        &'a self,
        text: &NormalizedText,
        matches: Vec<PhraseMatch>,
    ) -> Vec<(PhraseMatch, &'a T)> {
        matches
            .into_iter()
            .filter(|m| self.admitted(text, m))
            .filter_map(|m| {
                let e = self.entries.get(m.entry)?;
                Some((m, e))
            })
            .collect()
    }

    /// Non-overlapping leftmost-longest matches with their entries: where two phrases overlap,
    /// the one that starts first wins, and of those starting together the longest.
    pub fn find_longest<'a>(&'a self, text: &NormalizedText) -> Vec<(PhraseMatch, &'a T)> {
        longest(self.find_all(text))
    }
}

/// The leftmost-longest of `all` (ordered by start, then longest first): where two matches
/// overlap, the one that starts first wins, and of those starting together the longest.
fn longest<M>(all: Vec<(PhraseMatch, M)>) -> Vec<(PhraseMatch, M)> {
    let mut out: Vec<(PhraseMatch, M)> = Vec::new();
    for (m, e) in all {
        if out
            .last()
            .is_some_and(|(last, _)| last.token_span.end > m.token_span.start)
        {
            continue;
        }
        out.push((m, e));
    }
    out
}

impl<T> Lexicon<T> {
    /// The entries, in the order they were added.
    pub fn entries(&self) -> &[T] {
        &self.entries
    }

    /// The normalized phrase of an entry.
    pub fn phrase(&self, entry: usize) -> Option<&str> {
        self.phrases.get(entry).map(String::as_str)
    }

    /// Number of phrases.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the lexicon has no phrase.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Bytes held by the automaton, the entries and the phrases.
    pub fn memory_usage(&self) -> usize {
        self.matcher.memory_usage()
            + self.entries.capacity() * std::mem::size_of::<T>()
            + self.phrases.iter().map(String::capacity).sum::<usize>()
    }
}

/// How reliably a trigger word denotes a specific event.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Strength {
    /// Denotes an event on its own (غارة، قصفت، اغتيال).
    Strong,
    /// Often generic or metaphorical (هجوم، القتل، العنف): needs support (a place, a number,
    /// an actor) to make an event.
    Weak,
}

/// The grammatical form of a trigger, which decides how its arguments are found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Trigger {
    /// A `type` of `taxonomy.tsv`.
    pub event_type: String,
    /// Finer kind in English (`execution`, `car_bomb`, `drone_strike`...).
    pub detail: Option<String>,
    /// How reliable.
    pub strength: Strength,
    /// Grammatical form.
    pub form: TriggerForm,
    /// CAMEO code refined for the detail (`186` assassination, `1832` car bomb), where the
    /// lexicon gives one; otherwise the taxonomy's code applies.
    pub cameo: Option<String>,
}

/// The kind of an actor, after `actors.tsv`'s `kind` column (and media, unknown).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
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
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct SourceEntry {
    /// Attribution kind of the spec: `official`, `local_sources`, `eyewitness`, `activists`,
    /// `media`, `ngo`, `igo`, `medical`, `armed_group`, `monitor`, `unknown`.
    pub kind: String,
    /// Actor code where one fits (`SOHR` is not in actors.tsv: `NGO`).
    pub code: Option<String>,
}

/// What a cue word signals.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
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
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Cue {
    /// What it signals.
    pub kind: CueKind,
}

/// ACLED and CAMEO names of one event type, from `taxonomy.tsv`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
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
    /// Actors with codes: `actors.tsv` and the state-actor phrases generated from
    /// `countries.tsv` (الجيش السوري، حكومة العراق). Codes starting `XXX` take the country from
    /// context ([`ActorEntry::code_for_country`]).
    pub actors: Lexicon<ActorEntry>,
    /// Attribution sources: `sources.tsv`, then the media, NGO and IGO phrases of `actors.tsv`.
    pub sources: Lexicon<SourceEntry>,
    /// Negation, denial, modality, reporting and non-event cues.
    pub cues: Lexicon<Cue>,
    /// The taxonomy.
    pub taxonomy: Taxonomy,
    /// Country names and capitals standing for their governments (تركيا تقصف، أنقرة تعلن):
    /// kept apart from `actors` because the same words are places; use them only where a
    /// place cannot be meant (the subject of a verb of saying or doing).
    pub metonyms: Lexicon<ActorEntry>,
    /// Nationality adjectives in every agreement form (روسي، روسية، روسيين، روسيون), for a
    /// nisba after a weapon or unit noun (طائرات روسية، مقذوفات حوثية is in `actors`).
    pub nationalities: Lexicon<Nationality>,
    /// The rows of `countries.tsv`.
    pub countries: Vec<Country>,
    /// The triggers, metonyms, sources, cues and nationalities in one automaton, for
    /// [`Lexicons::find_longest_all`]. The actors keep their own: the largest automaton,
    /// compiled on a second thread meanwhile.
    pub(crate) scan: PhraseScan,
}

/// What [`Lexicon::find_longest`] of each lexicon finds in one text
/// ([`Lexicons::find_longest_all`]).
#[derive(Clone, Debug)]
pub struct LexiconMatches<'a> {
    /// Of [`Lexicons::triggers`].
    pub triggers: Vec<(PhraseMatch, &'a Trigger)>,
    /// Of [`Lexicons::actors`].
    pub actors: Vec<(PhraseMatch, &'a ActorEntry)>,
    /// Of [`Lexicons::metonyms`].
    pub metonyms: Vec<(PhraseMatch, &'a ActorEntry)>,
    /// Of [`Lexicons::sources`].
    pub sources: Vec<(PhraseMatch, &'a SourceEntry)>,
    /// Of [`Lexicons::cues`].
    pub cues: Vec<(PhraseMatch, &'a Cue)>,
    /// Of [`Lexicons::nationalities`].
    pub nationalities: Vec<(PhraseMatch, &'a Nationality)>,
}

impl Lexicons {
    /// Loads and compiles the embedded lexicons.
    ///
    /// # Errors
    /// When an embedded file is malformed (a build defect that the tests catch).
    pub fn load() -> Result<Lexicons, LexiconError> {
        crate::rows::load()
    }

    /// The country with this ISO 3166-1 alpha-2 code.
    pub fn country(&self, iso2: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.iso2 == iso2)
    }

    /// The lexicons in [`Lexicons::scan`], in the order it was compiled with.
    pub(crate) fn scanned(&self) -> [&PhraseMatcher; 5] {
        [
            &self.triggers.matcher,
            &self.metonyms.matcher,
            &self.sources.matcher,
            &self.cues.matcher,
            &self.nationalities.matcher,
        ]
    }

    /// [`Lexicon::find_longest`] of every lexicon, the same matches in the same order, in two
    /// passes over the text (the actors, and all the others together) instead of six.
    pub fn find_longest_all<'a>(&'a self, text: &NormalizedText) -> LexiconMatches<'a> {
        let mut found = self.scan.find_all(&self.scanned(), text).into_iter();
        let mut next = || found.next().unwrap_or_default();
        let (triggers, metonyms, sources, cues, nationalities) =
            (next(), next(), next(), next(), next());
        LexiconMatches {
            triggers: longest(self.triggers.with_entries(text, triggers)),
            actors: self.actors.find_longest(text),
            metonyms: longest(self.metonyms.with_entries(text, metonyms)),
            sources: longest(self.sources.with_entries(text, sources)),
            cues: longest(self.cues.with_entries(text, cues)),
            nationalities: longest(self.nationalities.with_entries(text, nationalities)),
        }
    }

    /// Bytes held by all the automata and tables.
    pub fn memory_usage(&self) -> usize {
        self.scan.memory_usage()
            + self.triggers.memory_usage()
            + self.actors.memory_usage()
            + self.sources.memory_usage()
            + self.cues.memory_usage()
            + self.metonyms.memory_usage()
            + self.nationalities.memory_usage()
    }
}

/// A nationality adjective's country.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Nationality {
    /// ISO 3166-1 alpha-2.
    pub iso2: String,
    /// ISO 3166-1 alpha-3: the prefix of the country's actor codes.
    pub iso3: String,
}

impl ActorEntry {
    /// Whether the code leaves the country to context (`XXXMIL`, `XXXGOV` ...).
    pub fn is_country_generic(&self) -> bool {
        self.code.starts_with("XXX")
    }

    /// The code with a country put in: `XXXMIL` in Syria (`SYR`) is `SYRMIL`. Other codes are
    /// returned as they are; with no country a generic code stays generic.
    pub fn code_for_country(&self, iso3: Option<&str>) -> String {
        match (self.code.strip_prefix("XXX"), iso3) {
            (Some(rest), Some(country)) => format!("{country}{rest}"),
            _ => self.code.clone(),
        }
    }
}

impl ActorKind {
    /// The kind's name in `actors.tsv` (`state_forces`, `armed_group` ...).
    pub fn as_str(self) -> &'static str {
        match self {
            ActorKind::StateForces => "state_forces",
            ActorKind::Police => "police",
            ActorKind::Government => "government",
            ActorKind::Civilians => "civilians",
            ActorKind::Rebels => "rebels",
            ActorKind::Militia => "militia",
            ActorKind::ArmedGroup => "armed_group",
            ActorKind::Coalition => "coalition",
            ActorKind::Igo => "igo",
            ActorKind::Ngo => "ngo",
            ActorKind::Media => "media",
            ActorKind::Unknown => "unknown",
        }
    }

    /// The kind named `name` in `actors.tsv`.
    pub fn from_name(name: &str) -> Option<ActorKind> {
        Some(match name {
            "state_forces" => ActorKind::StateForces,
            "police" => ActorKind::Police,
            "government" => ActorKind::Government,
            "civilians" => ActorKind::Civilians,
            "rebels" => ActorKind::Rebels,
            "militia" => ActorKind::Militia,
            "armed_group" => ActorKind::ArmedGroup,
            "coalition" => ActorKind::Coalition,
            "igo" => ActorKind::Igo,
            "ngo" => ActorKind::Ngo,
            "media" => ActorKind::Media,
            "unknown" => ActorKind::Unknown,
            _ => return None,
        })
    }
}

impl CueKind {
    /// The kind's name in `cues.tsv`.
    pub fn as_str(self) -> &'static str {
        match self {
            CueKind::Negation => "negation",
            CueKind::Denial => "denial",
            CueKind::Allegation => "allegation",
            CueKind::Future => "future",
            CueKind::Hypothetical => "hypothetical",
            CueKind::Reporting => "reporting",
            CueKind::NonEvent => "nonevent",
        }
    }

    /// The kind named `name` in `cues.tsv`.
    pub fn from_name(name: &str) -> Option<CueKind> {
        Some(match name {
            "negation" => CueKind::Negation,
            "denial" => CueKind::Denial,
            "allegation" => CueKind::Allegation,
            "future" => CueKind::Future,
            "hypothetical" => CueKind::Hypothetical,
            "reporting" => CueKind::Reporting,
            "nonevent" => CueKind::NonEvent,
            _ => return None,
        })
    }
}

impl TriggerForm {
    /// The form's name in `triggers.tsv`.
    pub fn as_str(self) -> &'static str {
        match self {
            TriggerForm::Verb => "verb",
            TriggerForm::PassiveVerb => "passive",
            TriggerForm::VerbalNoun => "verbal_noun",
            TriggerForm::Noun => "noun",
        }
    }

    /// The form named `name` in `triggers.tsv`.
    pub fn from_name(name: &str) -> Option<TriggerForm> {
        Some(match name {
            "verb" => TriggerForm::Verb,
            "passive" => TriggerForm::PassiveVerb,
            "verbal_noun" => TriggerForm::VerbalNoun,
            "noun" => TriggerForm::Noun,
            _ => return None,
        })
    }
}

impl Taxonomy {
    /// A taxonomy of these rows.
    pub fn new(types: Vec<EventTypeInfo>) -> Self {
        Taxonomy { types }
    }
}

/// The attribution kinds of the spec, the values of [`SourceEntry::kind`].
pub const SOURCE_KINDS: &[&str] = &[
    "official",
    "local_sources",
    "eyewitness",
    "activists",
    "media",
    "ngo",
    "igo",
    "medical",
    "armed_group",
    "monitor",
    "unknown",
];
