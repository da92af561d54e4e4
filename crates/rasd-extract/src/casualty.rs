//! Casualty claims: how many were killed, injured, missing, abducted, arrested or displaced,
//! with the qualifier and bounds of the spec's table (`shared/spec/EVENTS.md`, "Casualties";
//! worked examples in `shared/spec/quantities.tsv`).
//!
//! A claim is a casualty word (the *cue*: مقتل، قتلوا، قتلى، أصيب، لقي ... مصرعه) with the
//! people it counts, found by their place around the cue in one sentence:
//!
//! | structure | example | claim |
//! |---|---|---|
//! | verbal noun or verb, then the count | مقتل 14 جنديا، أصيب 15 آخرون | killed 14 military; injured 15 |
//! | count, then a casualty noun | 137 قتيلا، عشرات القتلى | killed 137; killed 20..99 |
//! | the casualty noun counting itself | قتيلان، قتيل، جريحين | 2; 1; injured 2 |
//! | count and people, then an intransitive or passive verb | أربعة من المسلحين قتلوا | killed 4 militants |
//! | a singular or dual victim noun after the cue | مقتل جندي سعودي، إصابة شرطيين | 1 military; 2 police |
//! | لقي + people + مصرعه/حتفه | لقي خمسة مسلحين مصرعهم، شخصا لقي مصرعه | 5 militants; 1 |
//! | people joined by و after a claim | وأصيب ضابطا شرطة وجندي ومسلح | 2 police, 1 military, 1 militant |
//! | a breakdown with its own number | 137 قتيلا من المدنيين بينهم 20 طفلا | 137 civilians, 20 children |
//!
//! No claim is made for killed and injured counted together (17 قتيلا وجريحا، مقتل وإصابة 10،
//! بين قتيل وجريح): format 1 cannot split them. Figures followed by a period longer than a week
//! (منذ بداية العام، خلال السنوات) are running totals: [`CasualtyFinder::find`] drops them,
//! [`CasualtyFinder::find_all`] keeps them with [`CasualtyClaim::running_total`] set.
//! Numbers that count years, hours, kilometres or percents (عمره 52 عاما، 4 كيلومترات، عام 2015)
//! are never counts of people.
//!
//! The word lists are `data/lexicon/casualty_words.tsv`, `data/lexicon/victim_nouns.tsv` and
//! `data/lexicon/casualty_context.tsv` (the words around a claim: units, prepositions, the
//! companions of casualty words ...), embedded at build time and read through the lexicons' TSV
//! reader ([`rasd_lexicon::tsv`]) when the finder is built. The code keeps the grammar: the
//! proclitics and suffixes, and the few words a rule is about (مصير ... مجهولا، على الأقل). Matching is on tokens of the normalized text with Arabic proclitics
//! (و ف ب ل ك ال لل) stripped, one hash lookup per token and candidate stem, so
//! [`CasualtyFinder::find`] is linear in the sentence.

use rasd_text::number::{find_quantities, Quantity, QuantityForm};
use rasd_text::token::token_ranges;
use rasd_text::{clamp_range, NormalizedText, Span, TokenKind};
use std::collections::{HashMap, HashSet};

use crate::wordlists::WordLists;
use rasd_lexicon::tsv::Table;
use rasd_lexicon::LexiconError;
use std::hash::{BuildHasherDefault, Hasher};

/// FNV-1a: the keys are short words, where SipHash's per-lookup cost dominates and its
/// protection against flooding is not needed (the keys come from embedded lists).
#[derive(Default)]
struct FnvHasher(u64);

impl Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

type Fnv = BuildHasherDefault<FnvHasher>;
use std::ops::Range;

/// What happened to the people counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CasualtyKind {
    /// Killed (قتل، مقتل، قتيل، استشهد، لقي مصرعه، جثة).
    Killed,
    /// Injured (أصيب، جرح، جريح، إصابة).
    Injured,
    /// Missing (مفقود، فقدان أثر، مصير مجهول).
    Missing,
    /// Abducted (اختطاف، خطف، رهينة).
    Abducted,
    /// Arrested (اعتقال، اعتقل، القبض على، توقيف).
    Arrested,
    /// Displaced (نزوح، نازح، تهجير).
    Displaced,
}

impl CasualtyKind {
    /// The spec's name.
    pub fn as_str(self) -> &'static str {
        match self {
            CasualtyKind::Killed => "killed",
            CasualtyKind::Injured => "injured",
            CasualtyKind::Missing => "missing",
            CasualtyKind::Abducted => "abducted",
            CasualtyKind::Arrested => "arrested",
            CasualtyKind::Displaced => "displaced",
        }
    }

    /// The kind named by the spec's string.
    pub fn from_name(name: &str) -> Option<CasualtyKind> {
        Some(match name {
            "killed" => CasualtyKind::Killed,
            "injured" => CasualtyKind::Injured,
            "missing" => CasualtyKind::Missing,
            "abducted" => CasualtyKind::Abducted,
            "arrested" => CasualtyKind::Arrested,
            "displaced" => CasualtyKind::Displaced,
            _ => return None,
        })
    }
}

/// How the number is qualified: the text core's qualifier, which already carries the spec's
/// names (`exact`, `approx`, `at_least`, `at_most`, `range`, `vague`).
pub use rasd_text::number::QuantityQualifier as Qualifier;

/// Who the people counted are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Group {
    /// مدنيين، أهالي، سكان.
    Civilians,
    /// أطفال.
    Children,
    /// نساء.
    Women,
    /// أطباء، ممرضين، مسعفين.
    Medical,
    /// صحفيين.
    Journalists,
    /// عمال إغاثة.
    AidWorkers,
    /// State forces: جنود، عسكريين، ضباط.
    Military,
    /// شرطة، رجال أمن.
    Police,
    /// Non-state fighters: مسلحين، إرهابيين، عناصر داعش.
    Militants,
    /// Not said (أشخاص، قتلى).
    Unknown,
}

impl Group {
    /// The spec's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Group::Civilians => "civilians",
            Group::Children => "children",
            Group::Women => "women",
            Group::Medical => "medical",
            Group::Journalists => "journalists",
            Group::AidWorkers => "aid_workers",
            Group::Military => "military",
            Group::Police => "police",
            Group::Militants => "militants",
            Group::Unknown => "unknown",
        }
    }

    /// The group named by the spec's string.
    pub fn from_name(name: &str) -> Option<Group> {
        Some(match name {
            "civilians" => Group::Civilians,
            "children" => Group::Children,
            "women" => Group::Women,
            "medical" => Group::Medical,
            "journalists" => Group::Journalists,
            "aid_workers" => Group::AidWorkers,
            "military" => Group::Military,
            "police" => Group::Police,
            "militants" => Group::Militants,
            "unknown" => Group::Unknown,
            _ => return None,
        })
    }
}

/// One casualty claim found in a sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CasualtyClaim {
    /// What happened to them.
    pub kind: CasualtyKind,
    /// Lower bound (None: unknown / open).
    pub low: Option<u64>,
    /// Upper bound (None: unknown / open).
    pub high: Option<u64>,
    /// Qualifier.
    pub qualifier: Qualifier,
    /// Who.
    pub group: Group,
    /// The claim phrase in the original text (number, noun and casualty word).
    pub span: Span,
    /// The same in the normalized text.
    pub normalized: Range<usize>,
    /// The word that says what happened (مقتل، قتلى، أصيب), in the original, without its
    /// proclitics (بمقتل → مقتل).
    pub cue: Span,
    /// The people counted, when named (مدنيا، جنود، عناصر تنظيم داعش), in the original.
    pub victims: Option<Span>,
    /// The figure is followed by a period longer than a week (قتل 2000 شخص منذ بداية العام):
    /// a running total, not an event (spec: "A running total for a period longer than a week
    /// is not an event"). [`CasualtyFinder::find`] never returns these.
    pub running_total: bool,
}

/// Why the casualty word lists could not be compiled.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct CasualtyError {
    file: &'static str,
    line: usize,
    message: String,
}

impl From<LexiconError> for CasualtyError {
    fn from(e: LexiconError) -> Self {
        match e {
            LexiconError::Row {
                file,
                line,
                message,
            } => CasualtyError {
                file,
                line,
                message,
            },
            LexiconError::Automaton { file, source } => CasualtyError {
                file,
                line: 0,
                message: source.to_string(),
            },
        }
    }
}

/// The role of a casualty word in its sentence (see `casualty_words.tsv`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    /// A verb: count after it, or before it when it takes no object.
    Verb,
    /// A verbal noun: count after it.
    Event,
    /// A casualty noun: count before it, or the noun itself.
    Noun,
    /// مصرعه/حتفه after لقي.
    Fate,
}

#[derive(Clone, Copy, Debug)]
struct CueEntry {
    kind: CasualtyKind,
    role: Role,
    /// The count the word gives alone (singular 1, dual 2).
    alone: Option<u64>,
}

/// Grammatical number of a victim noun.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Number {
    Singular,
    Dual,
    Plural,
}

#[derive(Clone, Copy, Debug)]
struct VictimEntry {
    group: Group,
    number: Number,
}

const CASUALTY_WORDS: &str = include_str!("../../../data/lexicon/casualty_words.tsv");
const VICTIM_NOUNS: &str = include_str!("../../../data/lexicon/victim_nouns.tsv");
const CONTEXT_WORDS: &str = include_str!("../../../data/lexicon/casualty_context.tsv");

/// The lists of `casualty_context.tsv` (its header says what each is for).
const CONTEXT_LISTS: &[&str] = &[
    "no_object_after",
    "skip_after_verb",
    "month_word",
    "unit",
    "date_before",
    "long_period",
    "not_a_noun",
    "victim_context",
    "possessive_suffix",
    "all_of",
    "one_of",
    "others",
    "companion_required",
    "companion_optional",
    "since_word",
    "during_word",
    "met",
    "among",
    "percent_word",
];

/// The context words of claims (`casualty_context.tsv`), normalized.
#[derive(Debug, Default)]
struct ContextWords {
    /// After a verb: it has no object (في، خلال، جراء ...).
    no_object_after: Vec<String>,
    /// Between a verb and its count (حينها، فيه ...).
    skip_after_verb: Vec<String>,
    /// Month names (after a number: a date; after منذ/خلال: a period).
    month_word: Vec<String>,
    /// After a number: not people (عاما، كيلومترات، دولار ...).
    unit: Vec<String>,
    /// Before a number: a date, a time, a label or an age (عام، الساعة، عمره ...).
    date_before: Vec<String>,
    /// After منذ/خلال: a period longer than a week.
    long_period: Vec<String>,
    /// After a number: not an unlisted noun of people.
    not_a_noun: Vec<String>,
    /// Before "N ضحية": the victims are dead.
    victim_context: Vec<String>,
    /// Pronoun suffixes of a plural victim noun, in the order they are tried.
    possessive_suffix: Vec<String>,
    /// كل، جميع.
    all_of: Vec<String>,
    /// أحد، إحدى.
    one_of: Vec<String>,
    /// آخرين، آخرون.
    others: Vec<String>,
    /// (casualty word, the word that must follow it): القبض على.
    companion_required: Vec<(String, String)>,
    /// (casualty word, a word that may follow it): فقدان أثر.
    companion_optional: Vec<(String, String)>,
    /// منذ.
    since_word: Vec<String>,
    /// خلال، طيلة، طوال.
    during_word: Vec<String>,
    /// Forms of لقي.
    met: Vec<String>,
    /// بينهم، منهم ...
    among: Vec<String>,
    /// المئة (في المئة).
    percent_word: Vec<String>,
}

impl ContextWords {
    fn load() -> Result<ContextWords, LexiconError> {
        let lists = WordLists::parse("casualty_context.tsv", CONTEXT_WORDS, CONTEXT_LISTS)?;
        // The companion is the value: a word of the text too.
        let pairs = |name: &str| {
            lists
                .pairs(name)
                .iter()
                .map(|(form, value)| (form.clone(), rasd_text::normalize(value)))
                .collect()
        };
        Ok(ContextWords {
            no_object_after: lists.forms("no_object_after"),
            skip_after_verb: lists.forms("skip_after_verb"),
            month_word: lists.forms("month_word"),
            unit: lists.forms("unit"),
            date_before: lists.forms("date_before"),
            long_period: lists.forms("long_period"),
            not_a_noun: lists.forms("not_a_noun"),
            victim_context: lists.forms("victim_context"),
            possessive_suffix: lists.forms("possessive_suffix"),
            all_of: lists.forms("all_of"),
            one_of: lists.forms("one_of"),
            others: lists.forms("others"),
            companion_required: pairs("companion_required"),
            companion_optional: pairs("companion_optional"),
            since_word: lists.forms("since_word"),
            during_word: lists.forms("during_word"),
            met: lists.forms("met"),
            among: lists.forms("among"),
            percent_word: lists.forms("percent_word"),
        })
    }
}

/// Whether `word` is one of `list`.
fn is_in(list: &[String], word: &str) -> bool {
    list.iter().any(|w| w == word)
}

/// Finds casualty claims. Built once (it holds compiled word lists), used from many threads.
#[derive(Debug, Default)]
pub struct CasualtyFinder {
    cues: HashMap<String, CueEntry, Fnv>,
    /// Victim nouns keyed by their words without the article, joined by one space.
    victims: HashMap<String, VictimEntry, Fnv>,
    /// First words (without the article) of victim entries of several words.
    phrase_heads: HashSet<String, Fnv>,
    /// The most words a victim entry has.
    victim_words: usize,
    /// The words around claims.
    context: ContextWords,
}

/// Removes the article from a normalized word (الجنود → جنود), keeping short words whole.
fn strip_article(word: &str) -> &str {
    match word.strip_prefix("ال") {
        Some(rest) if rest.chars().count() >= 2 => rest,
        _ => word,
    }
}

/// The key of a victim phrase: normalized words without the article, one space apart.
fn victim_key<'a>(words: impl Iterator<Item = &'a str>) -> String {
    let mut key = String::new();
    for w in words {
        if !key.is_empty() {
            key.push(' ');
        }
        key.push_str(strip_article(w));
    }
    key
}

impl CasualtyFinder {
    /// Compiles the embedded word lists.
    ///
    /// # Errors
    /// When an embedded list is malformed (a build defect the tests catch).
    pub fn new() -> Result<CasualtyFinder, CasualtyError> {
        let mut finder = CasualtyFinder {
            context: ContextWords::load()?,
            ..CasualtyFinder::default()
        };
        let table = Table::parse("casualty_words.tsv", CASUALTY_WORDS)?;
        let [form, kind, role, alone] = ["form", "kind", "role", "alone"].map(|c| table.column(c));
        let (form, kind, role, alone) = (form?, kind?, role?, alone?);
        for row in table.rows() {
            let kind = row.get(kind);
            let kind = CasualtyKind::from_name(kind)
                .ok_or_else(|| table.error(row, format!("unknown kind {kind:?}")))?;
            let role = match row.get(role) {
                "verb" => Role::Verb,
                "event" => Role::Event,
                "noun" => Role::Noun,
                "fate" => Role::Fate,
                other => return Err(table.error(row, format!("unknown role {other:?}")).into()),
            };
            let alone = match row.get(alone) {
                "-" => None,
                n => Some(
                    n.parse()
                        .map_err(|_| table.error(row, format!("bad count {n:?}")))?,
                ),
            };
            // The first row of a form wins: a form is one entry (قتل verb and verbal noun).
            finder
                .cues
                .entry(rasd_text::normalize(table.required(row, form, "form")?))
                .or_insert(CueEntry { kind, role, alone });
        }
        let table = Table::parse("victim_nouns.tsv", VICTIM_NOUNS)?;
        let [form, group, number, dual] =
            ["form", "group", "number", "dual"].map(|c| table.column(c));
        let (form, group, number, dual) = (form?, group?, number?, dual?);
        let mut derived = Vec::new();
        for row in table.rows() {
            let group = row.get(group);
            let group = Group::from_name(group)
                .ok_or_else(|| table.error(row, format!("unknown group {group:?}")))?;
            let number = match row.get(number) {
                "sg" => Number::Singular,
                "du" => Number::Dual,
                "pl" => Number::Plural,
                other => return Err(table.error(row, format!("unknown number {other:?}")).into()),
            };
            let dual = row.get(dual);
            if !matches!(dual, "yes" | "nom" | "no") {
                return Err(table.error(row, format!("unknown dual {dual:?}")).into());
            }
            let form = table.required(row, form, "form")?;
            let norm = rasd_text::normalize(form);
            let words: Vec<&str> = norm.split_whitespace().collect();
            finder.victim_words = finder.victim_words.max(words.len());
            if words.len() > 1 {
                finder
                    .phrase_heads
                    .insert(strip_article(words[0]).to_owned());
            }
            let key = victim_key(words.iter().copied());
            if number == Number::Singular {
                derived.extend(
                    derived_forms(&words, dual)
                        .into_iter()
                        .map(|(k, n)| (k, VictimEntry { group, number: n })),
                );
            }
            // Listed forms win over derived ones (آخرين is listed as a plural).
            finder.victims.insert(key, VictimEntry { group, number });
        }
        for (key, entry) in derived {
            if let Some((head, _)) = key.split_once(' ') {
                finder.phrase_heads.insert(head.to_owned());
            }
            finder.victims.entry(key).or_insert(entry);
        }
        Ok(finder)
    }

    /// Bytes held by the word tables, roughly.
    pub fn memory_usage(&self) -> usize {
        let strings: usize = self
            .cues
            .keys()
            .chain(self.victims.keys())
            .map(String::capacity)
            .sum();
        strings
            + self.cues.capacity() * std::mem::size_of::<(String, CueEntry)>()
            + self.victims.capacity() * std::mem::size_of::<(String, VictimEntry)>()
    }

    /// The claims in one sentence (`sentence` is a byte range of the normalized text), in order,
    /// running totals left out.
    pub fn find(&self, text: &NormalizedText, sentence: Range<usize>) -> Vec<CasualtyClaim> {
        let mut claims = self.find_all(text, sentence);
        claims.retain(|c| !c.running_total);
        claims
    }

    /// The claims in one sentence, running totals included and flagged.
    pub fn find_all(&self, text: &NormalizedText, sentence: Range<usize>) -> Vec<CasualtyClaim> {
        let norm = text.normalized();
        let sentence = clamp_range(norm, sentence);
        let words = self.words(norm, sentence.clone());
        if !words.iter().any(|w| w.cue.is_some()) {
            return Vec::new();
        }
        let quantities = find_quantities(norm, sentence);
        let scan = Scan::new(self, words, quantities);
        scan.claims()
            .into_iter()
            .map(|raw| raw.into_claim(text, &scan))
            .collect()
    }

    /// The tokens of the sentence with their casualty-word lookups.
    fn words<'a>(&self, norm: &'a str, range: Range<usize>) -> Vec<Word<'a>> {
        token_ranges(norm, range)
            .into_iter()
            .map(|(r, kind)| {
                let text = &norm[r.clone()];
                let cue = match kind {
                    TokenKind::Word => self.cue_of(text),
                    _ => None,
                };
                Word {
                    range: r,
                    text,
                    kind,
                    cue,
                }
            })
            .collect()
    }

    /// The casualty word a token is, with the bytes of proclitics before it.
    fn cue_of(&self, word: &str) -> Option<(CueEntry, usize)> {
        for (prefix, stem) in stems(word) {
            if let Some(&entry) = self.cues.get(stem) {
                let allowed = match entry.role {
                    // Verbs take و/ف only (وقتل، فقتل); the prepositions and the article
                    // make nouns.
                    Role::Verb => matches!(prefix, "" | "و" | "ف"),
                    Role::Fate => prefix.is_empty(),
                    Role::Event | Role::Noun => true,
                };
                if allowed {
                    return Some((entry, prefix.len()));
                }
            }
        }
        None
    }
}

/// The surface forms derived from a singular victim noun (see the `dual` column of
/// `victim_nouns.tsv`): the accusative singular (+ا: جنديا) and the dual forms.
fn derived_forms(words: &[&str], dual: &str) -> Vec<(String, Number)> {
    let Some((head, rest)) = words.split_first() else {
        return Vec::new();
    };
    let build =
        |first: String| victim_key(std::iter::once(first.as_str()).chain(rest.iter().copied()));
    // ة (normalized ه) becomes ت before a suffix: طفلة → طفلتان.
    let stem = match head.strip_suffix('ه') {
        Some(s) => format!("{s}ت"),
        None => (*head).to_owned(),
    };
    let mut out = Vec::new();
    if !head.ends_with('ه') && !head.ends_with('ا') {
        out.push((build(format!("{head}ا")), Number::Singular));
    }
    match (dual, rest.is_empty()) {
        ("yes", true) => {
            out.push((build(format!("{stem}ان")), Number::Dual));
            out.push((build(format!("{stem}ين")), Number::Dual));
        }
        ("nom", true) => out.push((build(format!("{stem}ان")), Number::Dual)),
        // A phrase's first word is in construct: ضابطا شرطة، ضابطي شرطة.
        ("yes" | "nom", false) => {
            out.push((build(format!("{stem}ا")), Number::Dual));
            out.push((build(format!("{stem}ي")), Number::Dual));
        }
        _ => {}
    }
    // The accusative +ا of a phrase head is the construct dual, not a singular.
    if !rest.is_empty() {
        out.retain(|(_, n)| *n == Number::Dual);
    }
    out
}

/// The ways to read a word as proclitics + stem, the whole word first: و/ف, then ب/ل/ك,
/// then ال; and ل + ال written لل.
fn stems(word: &str) -> impl Iterator<Item = (&str, &str)> {
    let cut_at = |cut: usize| {
        (cut > 0 && cut < word.len() && word[cut..].chars().nth(1).is_some())
            .then(|| (&word[..cut], &word[cut..]))
    };
    let conj = if word.starts_with('و') || word.starts_with('ف') {
        'و'.len_utf8()
    } else {
        0
    };
    let rest = &word[conj..];
    // لل = ل + ال: the stem keeps no article.
    let contracted = rest
        .starts_with("لل")
        .then(|| cut_at(conj + "لل".len()))
        .flatten();
    let prep = if !rest.starts_with("لل")
        && (rest.starts_with('ب') || rest.starts_with('ل') || rest.starts_with('ك'))
    {
        'ب'.len_utf8()
    } else {
        0
    };
    let with_prep = (prep > 0).then(|| cut_at(conj + prep)).flatten();
    let article = word[conj + prep..]
        .starts_with("ال")
        .then(|| cut_at(conj + prep + "ال".len()))
        .flatten();
    [
        Some(("", word)),
        cut_at(conj),
        contracted,
        with_prep,
        article,
    ]
    .into_iter()
    .flatten()
}

/// A token of the sentence.
#[derive(Clone, Debug)]
struct Word<'a> {
    range: Range<usize>,
    text: &'a str,
    kind: TokenKind,
    /// The casualty word it is and the bytes of its proclitics.
    cue: Option<(CueEntry, usize)>,
}

/// Which proclitics a quantity may carry where it is read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Proclitics {
    None,
    Conjunction,
    Any,
}

/// A word without the conjunction و/ف in front.
fn strip_conjunction(word: &str) -> &str {
    if word.chars().count() > 2 && (word.starts_with('و') || word.starts_with('ف')) {
        &word['و'.len_utf8()..]
    } else {
        word
    }
}

/// A number of people with who they are, as parsed from the words.
#[derive(Clone, Debug, Default)]
struct Counted {
    low: Option<u64>,
    high: Option<u64>,
    qualifier: Option<Qualifier>,
    group: Option<Group>,
    /// Word range of the victim noun phrase.
    victims: Option<Range<usize>>,
    /// Word range of the whole phrase.
    words: Range<usize>,
    /// Index of the quantity used.
    quantity: Option<usize>,
    /// A casualty noun counted (5 قتلى), overriding the cue's kind.
    noun: Option<(usize, CasualtyKind)>,
    /// The count comes from a bare singular or dual noun (مقتل جندي).
    bare: bool,
    /// The people are named by a listed victim noun or a casualty noun (not an unlisted word).
    listed: bool,
}

impl Counted {
    /// Whether it gives a number or a vague quantity (a plural noun alone gives none).
    fn has_count(&self) -> bool {
        self.low.is_some() || self.high.is_some() || self.qualifier == Some(Qualifier::Vague)
    }
}

/// A claim before it is mapped to the original text.
#[derive(Clone, Debug)]
struct RawClaim {
    kind: CasualtyKind,
    cue: usize,
    counted: Counted,
    running_total: bool,
}

impl RawClaim {
    fn into_claim(self, text: &NormalizedText, scan: &Scan<'_>) -> CasualtyClaim {
        let words = &scan.words;
        let cue_word = &words[self.cue];
        let cue_start = cue_word.range.start + cue_word.cue.map_or(0, |(_, p)| p);
        let cue_range = cue_start..cue_word.range.end;
        let phrase = &self.counted.words;
        let mut start = cue_range.start;
        let mut end = cue_range.end;
        if phrase.start < phrase.end {
            start = start.min(scan.stem_start(phrase.start));
            end = end.max(words[phrase.end - 1].range.end);
        }
        let victims = self
            .counted
            .victims
            .as_ref()
            .map(|v| text.original_span(scan.stem_start(v.start)..words[v.end - 1].range.end));
        CasualtyClaim {
            kind: self.kind,
            low: self.counted.low,
            high: self.counted.high,
            qualifier: self.counted.qualifier.unwrap_or(Qualifier::Exact),
            group: self.counted.group.unwrap_or(Group::Unknown),
            span: text.original_span(start..end),
            normalized: start..end,
            cue: text.original_span(cue_range),
            victims,
            running_total: self.running_total,
        }
    }
}

/// One sentence being read.
struct Scan<'a> {
    finder: &'a CasualtyFinder,
    words: Vec<Word<'a>>,
    quantities: Vec<Quantity>,
    /// For each word, the quantity starting in it.
    quantity_at: Vec<Option<usize>>,
    /// For each quantity, its word range.
    quantity_words: Vec<Range<usize>>,
}

/// How far a count may stand from its verb (words).
const WINDOW: usize = 8;

impl<'a> Scan<'a> {
    fn new(finder: &'a CasualtyFinder, words: Vec<Word<'a>>, quantities: Vec<Quantity>) -> Self {
        let mut quantity_at = vec![None; words.len()];
        let mut quantity_words = Vec::with_capacity(quantities.len());
        let mut w = 0;
        for (k, q) in quantities.iter().enumerate() {
            while w < words.len() && words[w].range.end <= q.normalized.start {
                w += 1;
            }
            let first = w;
            let mut last = w;
            while last < words.len() && words[last].range.end < q.normalized.end {
                last += 1;
            }
            let end = (last + 1).min(words.len());
            if first < words.len() && quantity_at[first].is_none() {
                quantity_at[first] = Some(k);
            }
            quantity_words.push(first..end);
        }
        Scan {
            finder,
            words,
            quantities,
            quantity_at,
            quantity_words,
        }
    }

    /// The normalized text of word `i`, or "" past the end.
    fn text(&self, i: usize) -> &'a str {
        self.words.get(i).map_or("", |w| w.text)
    }

    /// Where the stem of word `i` starts (after و/ف/ب/ل/ك; the article stays).
    fn stem_start(&self, i: usize) -> usize {
        let w = &self.words[i];
        if let Some((_, p)) = w.cue {
            return w.range.start + p;
        }
        let t = w.text;
        let mut cut = 0;
        if let Some(q) = self.quantity_at[i] {
            let s = self.quantities[q].normalized.start;
            if s > w.range.start && s < w.range.end {
                cut = s - w.range.start;
            }
        }
        if cut == 0 && t.chars().count() > 3 {
            for (prefix, stem) in stems(t) {
                if stem.starts_with("ال") || prefix.ends_with("لل") {
                    cut = if prefix.ends_with("لل") {
                        prefix.len() - "ل".len()
                    } else {
                        prefix.len()
                    };
                    break;
                }
            }
            // ومجند: the conjunction is not part of the people named.
            if cut == 0 && self.has_conjunction(i) && self.victim_at(i, false).is_none() {
                cut = 'و'.len_utf8();
            }
        }
        w.range.start + cut
    }

    fn is_punct(&self, i: usize) -> bool {
        self.words
            .get(i)
            .is_some_and(|w| w.kind == TokenKind::Punctuation)
    }

    fn is_word(&self, i: usize) -> bool {
        self.words.get(i).is_some_and(|w| w.kind == TokenKind::Word)
    }

    /// The conjunction و/ف on word `i`, if any.
    fn has_conjunction(&self, i: usize) -> bool {
        let t = self.text(i);
        t.chars().count() > 2 && (t.starts_with('و') || t.starts_with('ف'))
    }

    /// The victim noun phrase starting at word `i`: its entry and end word. The first word may
    /// carry the article and, when `conjunction`, و/ف; other proclitics make it something else
    /// (بالجيش is not the people counted).
    fn victim_at(&self, i: usize, conjunction: bool) -> Option<(VictimEntry, usize)> {
        if !self.is_word(i) {
            return None;
        }
        let first = self.text(i);
        let max = self.finder.victim_words.max(1);
        for (prefix, stem) in stems(first) {
            let ok = match prefix {
                "" | "ال" => true,
                "و" | "ف" | "وال" | "فال" => conjunction,
                _ => false,
            };
            if !ok {
                continue;
            }
            // Phrases only where the first word starts one; then one word, without building a
            // key (this runs for many tokens of every sentence with a casualty word).
            if !self.finder.phrase_heads.contains(strip_article(stem)) {
                if let Some(&entry) = self.finder.victims.get(strip_article(stem)) {
                    return Some((entry, i + 1));
                }
                continue;
            }
            for n in (1..=max).rev() {
                if i + n > self.words.len() || (1..n).any(|k| !self.is_word(i + k)) {
                    continue;
                }
                let key =
                    victim_key(std::iter::once(stem).chain((1..n).map(|k| self.words[i + k].text)));
                if let Some(&entry) = self.finder.victims.get(&key) {
                    return Some((entry, i + n));
                }
            }
        }
        None
    }

    /// A one-word plural victim noun with a possessive pronoun (جنودها، عناصرهم).
    fn victim_with_pronoun(&self, i: usize) -> Option<(VictimEntry, usize)> {
        let t = self.text(i);
        self.finder
            .context
            .possessive_suffix
            .iter()
            .find_map(|suffix| {
                let stem = t.strip_suffix(suffix)?;
                let entry = self.finder.victims.get(strip_article(stem))?;
                (entry.number == Number::Plural).then_some((*entry, i + 1))
            })
    }

    /// Whether quantity `k` can count people: not a year, an hour, an age, a distance or a
    /// percentage (judged by the words around it).
    fn counts_people(&self, k: usize) -> bool {
        let r = &self.quantity_words[k];
        let after = self.text(r.end);
        let before = if r.start > 0 {
            self.text(r.start - 1)
        } else {
            ""
        };
        let after_stem = strip_article(after);
        let words = &self.finder.context;
        let unit = |w: &str| is_in(&words.unit, w) || is_in(&words.month_word, w);
        !(unit(after)
            || unit(after_stem)
            || matches!(after, "%" | "/" | ":" | "٪")
            || matches!(before, "/" | ":")
            || is_in(&words.date_before, before)
            || (after == "في" && is_in(&words.percent_word, self.text(r.end + 1))))
    }

    /// A count of people starting at word `i`: a quantity with what it counts, or a victim
    /// noun that counts itself. `limit` is the first word it may not reach.
    fn counted_at(&self, i: usize, limit: usize, conjunction: bool) -> Option<Counted> {
        if i >= limit {
            return None;
        }
        if let Some(k) = self.quantity_at[i] {
            let proclitics = if conjunction {
                Proclitics::Conjunction
            } else {
                Proclitics::None
            };
            return self.counted_quantity(k, limit, proclitics);
        }
        let t = self.text(i);
        let bare = if conjunction && self.has_conjunction(i) {
            &t['و'.len_utf8()..]
        } else {
            t
        };
        // كل الأطباء والممرضين: all of them, a number not given.
        if is_in(&self.finder.context.all_of, bare) {
            let (v, end) = self.victim_at(i + 1, false)?;
            if end > limit {
                return None;
            }
            return Some(Counted {
                qualifier: Some(Qualifier::Vague),
                listed: true,
                group: Some(v.group),
                victims: Some(i + 1..end),
                words: i..end,
                ..Counted::default()
            });
        }
        // أحد جنودها، إحدى النساء: one of them.
        if is_in(&self.finder.context.one_of, bare) {
            let j = if self.text(i + 1) == "من" {
                i + 2
            } else {
                i + 1
            };
            // أحد جنودها: the plural may carry a possessive pronoun here.
            let (v, end) = self
                .victim_at(j, false)
                .or_else(|| self.victim_with_pronoun(j))?;
            if v.number != Number::Plural || end > limit {
                return None;
            }
            return Some(Counted {
                low: Some(1),
                high: Some(1),
                listed: true,
                group: Some(v.group),
                victims: Some(j..end),
                words: i..end,
                ..Counted::default()
            });
        }
        let (v, end) = self.victim_at(i, conjunction)?;
        if end > limit {
            return None;
        }
        let mut counted = Counted {
            group: Some(v.group),
            victims: Some(i..end),
            words: i..end,
            listed: true,
            ..Counted::default()
        };
        match v.number {
            Number::Singular => counted.low = Some(1),
            Number::Dual => counted.low = Some(2),
            Number::Plural => {
                // The numbers one and two follow the noun: عسكريين آخرين اثنين.
                let mut j = end;
                if is_in(&self.finder.context.others, self.text(j)) {
                    j += 1;
                }
                let k = self.quantity_at.get(j).copied().flatten()?;
                let q = &self.quantities[k];
                if q.form != QuantityForm::Words || self.quantity_words[k].end > limit {
                    return None;
                }
                counted.low = q.low;
                counted.high = q.high;
                counted.qualifier = Some(q.qualifier);
                counted.quantity = Some(k);
                counted.words.end = self.quantity_words[k].end;
                return Some(counted);
            }
        }
        counted.high = counted.low;
        counted.bare = true;
        Some(counted)
    }

    /// A quantity and what it counts: `N`, `N + noun`, `N من + noun`, `N + casualty noun`.
    fn counted_quantity(&self, k: usize, limit: usize, proclitics: Proclitics) -> Option<Counted> {
        let q = &self.quantities[k];
        let r = self.quantity_words[k].clone();
        if r.end > limit || !self.counts_people(k) {
            return None;
        }
        // Only the conjunction may come before a quantity that is counted after a cue.
        let w = &self.words[r.start];
        let procl = q.normalized.start.saturating_sub(w.range.start);
        let allowed = match proclitics {
            Proclitics::None => procl == 0,
            Proclitics::Conjunction => procl == 0 || procl == 'و'.len_utf8(),
            Proclitics::Any => true,
        };
        if !allowed {
            return None;
        }
        let mut c = Counted {
            low: q.low,
            high: q.high,
            qualifier: Some(q.qualifier),
            words: r.clone(),
            quantity: Some(k),
            ..Counted::default()
        };
        let mut j = r.end;
        let of = self.text(j) == "من";
        if of {
            j += 1;
        }
        if j < limit {
            // A casualty noun first: 5 قتلى is counted as killed even though قتلى is also a
            // noun of people.
            if let Some((entry, _)) = self.words[j]
                .cue
                .filter(|(e, p)| e.role == Role::Noun && (*p == 0 || &self.text(j)[..*p] == "ال"))
            {
                // 5 قتلى، عشرات الجرحى، ثلاث جثث; then who: من المدنيين، جثث المدنيين.
                c.noun = Some((j, entry.kind));
                c.listed = true;
                c.words.end = j + 1;
                let mut v = j + 1;
                if self.text(v) == "من" {
                    v += 1;
                }
                if let Some((entry, end)) = self.victim_at(v, false).filter(|(_, e)| *e <= limit) {
                    c.group = Some(entry.group);
                    c.victims = Some(v..end);
                    c.words.end = end;
                }
            } else if let Some((v, end)) = self.victim_at(j, false).filter(|(_, e)| *e <= limit) {
                c.group = Some(v.group);
                c.victims = Some(j..end);
                c.words.end = end;
                c.listed = true;
            } else if !of
                && self.is_word(j)
                && self.words[j].cue.is_none()
                && !is_in(&self.finder.context.not_a_noun, self.text(j))
                && self.quantity_at[j].is_none()
                && !self.has_conjunction(j)
                && !matches!(self.text(j).chars().next(), Some('ب' | 'ل'))
            {
                // A noun not in the list (12 صيادا، 11 عراقيا): unknown people, unless the
                // next word is a listed adjective (ثمانية إسلاميين متشددين).
                let mut end = j + 1;
                c.group = Some(Group::Unknown);
                if let Some((v, e)) = self.victim_at(j + 1, false).filter(|(_, e)| *e <= limit) {
                    c.group = Some(v.group);
                    end = e;
                }
                c.victims = Some(j..end);
                c.words.end = end;
            }
        }
        if c.victims.is_none() && c.noun.is_none() {
            if of {
                return None;
            }
            // A bare digit year (مقتل 2015) is not a count.
            if q.form == QuantityForm::Digits && (1900..=2100).contains(&q.low.unwrap_or(0)) {
                return None;
            }
        }
        // على الأقل / تقريبا after the counted noun: 20 قتيلا على الأقل.
        let e = c.words.end;
        if c.qualifier == Some(Qualifier::Exact) && e < limit {
            if self.text(e) == "علي" && self.text(e + 1) == "الاقل" {
                c.qualifier = Some(Qualifier::AtLeast);
                c.high = None;
                c.words.end = e + 2;
            } else if self.text(e) == "تقريبا" {
                c.qualifier = Some(Qualifier::Approx);
                c.words.end = e + 1;
            }
        }
        Some(c)
    }

    /// A count before word `v` (a verb without object, or لقي): the nearest quantity or victim
    /// noun at most [`WINDOW`] words back, with only modifiers between it and `v`, and not
    /// itself the count of an earlier casualty word.
    fn counted_before(&self, v: usize) -> Option<Counted> {
        let lowest = v.saturating_sub(WINDOW);
        let mut s = v;
        while s > lowest {
            s -= 1;
            if self.is_punct(s) || self.words[s].cue.is_some() {
                return None;
            }
            let mut start = s;
            // A noun right after a quantity (or after quantity + من) belongs to it.
            if self.quantity_at[s].is_none() && self.victim_at(s, true).is_some() {
                let back = if s >= 1 && self.text(s - 1) == "من" {
                    s - 1
                } else {
                    s
                };
                if let Some(k) = (0..self.quantities.len())
                    .find(|&k| self.quantity_words[k].end == back && back > 0)
                {
                    start = self.quantity_words[k].start;
                }
            }
            let Some(c) = self.counted_at(start, v, true) else {
                continue;
            };
            if start > 0 && self.words[start - 1].cue.is_some() {
                // مقتل 6 من المدنيين وأصيب ...: the count belongs to the earlier cue.
                return None;
            }
            if !c.has_count() {
                continue;
            }
            return Some(c);
        }
        None
    }

    /// Whether a verb at `v` takes no object: what follows is the end, punctuation, a word
    /// with a conjunction or preposition, or a word of the list `no_object_after`.
    fn no_object_after(&self, v: usize) -> bool {
        let n = v + 1;
        if n >= self.words.len() || self.is_punct(n) {
            return true;
        }
        let t = self.text(n);
        is_in(&self.finder.context.no_object_after, t)
            || (self.is_word(n)
                && t.chars().count() > 3
                && matches!(t.chars().next(), Some('و' | 'ف' | 'ب' | 'ل')))
    }

    /// The cue at `i` and its neighbour at `j` name two kinds of harm together
    /// (قتيلا وجريحا، مقتل وإصابة، قتل وجرح): format 1 cannot separate their count.
    fn joint(&self, i: usize, j: usize) -> bool {
        let (Some((a, _)), Some((b, _))) = (
            self.words.get(i).and_then(|w| w.cue),
            self.words.get(j).and_then(|w| w.cue),
        ) else {
            return false;
        };
        a.kind != b.kind && a.role == b.role && self.has_conjunction(j.max(i)) && i.abs_diff(j) == 1
    }

    /// Skips words a verb or verbal noun may have before its count: its companion (القبض على،
    /// القضاء على، أودى بحياة، حصد أرواح, required; فقدان أثر, optional), then adverbs
    /// (the list `skip_after_verb`). `None` when a required companion is missing (القضاء alone is the
    /// judiciary).
    fn skip_after(&self, i: usize, stem: &str) -> Option<usize> {
        let words = &self.finder.context;
        let required = words
            .companion_required
            .iter()
            .any(|(head, _)| head == stem);
        let companions = if required {
            &words.companion_required
        } else {
            &words.companion_optional
        };
        let mut j = i + 1;
        let next = self.text(j);
        if companions.iter().any(|(head, c)| head == stem && c == next) {
            j += 1;
        } else if required {
            return None;
        }
        while j < i + 4 && is_in(&words.skip_after_verb, self.text(j)) {
            j += 1;
        }
        Some(j)
    }

    /// The first word after `i` that is punctuation or another casualty word.
    fn clause_end(&self, i: usize) -> usize {
        (i + 1..self.words.len())
            .find(|&j| self.is_punct(j) || self.words[j].cue.is_some())
            .unwrap_or(self.words.len())
    }

    /// The count after a verb or verbal noun at `i`.
    fn counted_after(&self, i: usize, stem: &str, role: Role) -> Option<Counted> {
        let start = self.skip_after(i, stem)?;
        let limit = self.clause_end(i);
        let c = self.counted_at(start, limit, false);
        match c {
            Some(c) if c.bare => {
                // قتل مسلح 3 أشخاص: an active verb with its agent; the count is the object.
                if let Some(next) = self
                    .counted_at(c.words.end, limit, false)
                    .filter(|n| n.quantity.is_some())
                {
                    return Some(next);
                }
                Some(c)
            }
            Some(c) if c.has_count() => Some(c),
            _ => {
                // A fronted phrase before the count: أصيب في الانفجار ثلاثة من عناصر الشرطة;
                // تصفية القوات الحكومية كل الأطباء.
                (start + 1..limit.min(start + WINDOW)).find_map(|j| {
                    let c = match self.quantity_at[j] {
                        Some(_) if role == Role::Verb => self.counted_at(j, limit, false)?,
                        _ if is_in(&self.finder.context.all_of, self.text(j)) => {
                            self.counted_at(j, limit, false)?
                        }
                        _ => return None,
                    };
                    c.listed.then_some(c)
                })
            }
        }
    }

    /// Whether a figure ending at word `end` is followed, in its clause, by a period longer
    /// than a week: منذ بداية العام، منذ 2011، خلال الأشهر الماضية.
    fn running_total(&self, end: usize) -> bool {
        let limit = self.clause_end(end.saturating_sub(1)).min(end + WINDOW);
        (end..limit).any(|j| {
            let t = self.text(j);
            let next = self.text(j + 1);
            let next_is_year = self
                .quantity_at
                .get(j + 1)
                .copied()
                .flatten()
                .is_some_and(|k| {
                    self.quantities[k]
                        .low
                        .is_some_and(|y| (1900..=2100).contains(&y))
                });
            let words = &self.finder.context;
            let period = is_in(&words.long_period, next) || is_in(&words.month_word, next);
            if is_in(&words.since_word, t) {
                period || next_is_year
            } else if is_in(&words.during_word, t) {
                // خلال شهر (a month, unnamed) is not taken as a running total.
                period && next != "شهر" || next_is_year
            } else {
                false
            }
        })
    }

    /// Every claim of the sentence.
    fn claims(&self) -> Vec<RawClaim> {
        let mut out: Vec<RawClaim> = Vec::new();
        let mut used_quantities = vec![false; self.quantities.len()];
        let mut used_words = vec![false; self.words.len()];
        let mut push = |out: &mut Vec<RawClaim>, claim: RawClaim| {
            if let Some(k) = claim.counted.quantity {
                if used_quantities[k] {
                    return false;
                }
                used_quantities[k] = true;
            }
            if let Some(v) = &claim.counted.victims {
                if v.clone().any(|w| used_words[w]) {
                    return false;
                }
                v.clone().for_each(|w| used_words[w] = true);
            }
            out.push(claim);
            true
        };
        // A verb whose count stood before it: the verb after it may take the count that follows.
        let mut subject_before: Option<usize> = None;
        for i in 0..self.words.len() {
            let Some((entry, procl)) = self.words[i].cue else {
                continue;
            };
            let stem = &self.words[i].text[procl..];
            let joint_next = self.joint(i, i + 1);
            let joint_prev = i > 0 && self.joint(i - 1, i);
            let counted = match entry.role {
                Role::Noun => {
                    if joint_next || joint_prev || (i > 0 && self.text(i - 1) == "بين") {
                        None
                    } else {
                        self.noun_count(i, entry, procl)
                    }
                }
                Role::Event => {
                    if joint_next || joint_prev {
                        None
                    } else {
                        let c = self.counted_after(i, stem, entry.role);
                        // مصير ... مجهولا: missing only when the fate is unknown.
                        c.filter(|c| {
                            stem != "مصير"
                                || (c.words.end..c.words.end + 3)
                                    .any(|j| self.text(j).starts_with("مجهول"))
                        })
                    }
                }
                Role::Verb => {
                    let forward = if joint_next || (joint_prev && subject_before != Some(i - 1)) {
                        None
                    } else {
                        self.counted_after(i, stem, entry.role)
                    };
                    let backward = || {
                        if joint_prev || !self.no_object_after(i) {
                            return None;
                        }
                        self.counted_before(i)
                    };
                    let found = forward.or_else(backward);
                    if found.as_ref().is_some_and(|c| c.words.end <= i) {
                        subject_before = Some(i);
                    }
                    found.or_else(|| {
                        // استشهد متأثرا بجراحه: a singular verb with no subject counts one.
                        let n = entry.alone?;
                        (!joint_next && !joint_prev && self.no_object_after(i)).then(|| Counted {
                            low: Some(n),
                            high: Some(n),
                            words: i..i,
                            ..Counted::default()
                        })
                    })
                }
                Role::Fate => self.fate_count(i, entry),
            };
            let Some(counted) = counted else {
                continue;
            };
            let kind = counted.noun.map_or(entry.kind, |(_, k)| k);
            let mut end = counted.words.end.max(i + 1);
            let running_total = self.running_total(end);
            let forward = counted.words.start > i;
            let pushed = push(
                &mut out,
                RawClaim {
                    kind,
                    cue: counted.noun.map_or(i, |(n, _)| n),
                    counted,
                    running_total,
                },
            );
            if !pushed || !forward {
                continue;
            }
            // People joined by و after the count share its cue: وجندي ومسلح، و14 أفغانيا.
            let limit = self.clause_end(i);
            loop {
                // Modifiers of the people may stand before the next conjunct:
                // من عناصر تنظيم داعش و14 أفغانيا.
                // A lone و before digits is its own token (و11).
                let lone = |j: usize| {
                    self.text(j) == "و" && self.quantity_at.get(j + 1).copied().flatten().is_some()
                };
                let next = (end..limit.min(end + 3)).find(|&j| self.has_conjunction(j) || lone(j));
                match next {
                    Some(j)
                        if (end..j).all(|k| self.is_word(k) && self.quantity_at[k].is_none()) =>
                    {
                        end = if lone(j) { j + 1 } else { j };
                    }
                    _ => break,
                }
                let Some(more) = self.counted_at(end, limit, true) else {
                    break;
                };
                if !more.has_count() {
                    break;
                }
                let next_end = more.words.end;
                let kind = more.noun.map_or(entry.kind, |(_, k)| k);
                push(
                    &mut out,
                    RawClaim {
                        kind,
                        cue: i,
                        counted: more,
                        running_total,
                    },
                );
                end = next_end;
            }
        }
        self.breakdowns(&mut out, &mut push);
        out.sort_by_key(|c| (c.counted.words.start.min(c.cue), c.cue));
        out
    }

    /// The count of a casualty noun at `i`: the quantity right before it (137 قتيلا، عشرات
    /// القتلى), or the noun itself when singular or dual and indefinite (قتيلان، جثة).
    fn noun_count(&self, i: usize, entry: CueEntry, procl: usize) -> Option<Counted> {
        let k = (0..self.quantities.len()).find(|&k| self.quantity_words[k].end == i);
        if let Some(k) = k.filter(|&k| self.counts_people(k)) {
            let start = self.quantity_words[k].start;
            // ضحية is a victim of any harm, often a survivor (مقابلات مع 174 ضحية): it counts
            // the killed only after a word of falling (سقوط 20 ضحية، راح ... 20 ضحية) or a
            // result (أسفر عن، ارتفع إلى، بلغ).
            let stem = &self.words[i].text[procl..];
            if stem.starts_with("ضحي") || stem == "ضحايا" {
                let before = if start > 0 { self.text(start - 1) } else { "" };
                let before = strip_conjunction(before);
                if !is_in(&self.finder.context.victim_context, before) {
                    return None;
                }
            }
            // The quantity may already be counted with this noun by a cue before it.
            // وثلاثة جرحى، لأربعة قتلى: the quantity may carry any proclitic here.
            return self
                .counted_quantity(k, self.clause_end(i), Proclitics::Any)
                .map(|mut c| {
                    c.words.start = start;
                    c
                });
        }
        let definite = self.words[i].text[..procl].ends_with("ال")
            || self.words[i].text[..procl].ends_with("لل");
        let n = entry.alone?;
        if definite || (i > 0 && self.quantity_words.iter().any(|r| r.end == i)) {
            return None;
        }
        let mut c = Counted {
            low: Some(n),
            high: Some(n),
            words: i..i + 1,
            noun: Some((i, entry.kind)),
            ..Counted::default()
        };
        // جثة رجل، جثتي رجلين: the noun after says who.
        if let Some((v, end)) = self.victim_at(i + 1, false) {
            if v.number != Number::Plural {
                c.group = Some(v.group);
                c.victims = Some(i + 1..end);
                c.words.end = end;
            }
        }
        Some(c)
    }

    /// The count of لقي ... مصرعه at `i`: the people between لقي and مصرعه, or before لقي,
    /// or the pronoun (مصرعه = 1, مصرعهما = 2).
    fn fate_count(&self, i: usize, entry: CueEntry) -> Option<Counted> {
        let lowest = i.saturating_sub(WINDOW);
        let met = (lowest..i).rev().find(|&j| {
            let t = self.text(j);
            let t = if self.has_conjunction(j) {
                &t['و'.len_utf8()..]
            } else {
                t
            };
            is_in(&self.finder.context.met, t)
        })?;
        if (met + 1..i).any(|j| self.is_punct(j)) {
            return None;
        }
        let between = self.counted_at(met + 1, i, false);
        let found = between.or_else(|| {
            if met + 1 == i {
                self.counted_before(met)
            } else {
                None
            }
        });
        found.or_else(|| {
            let n = entry.alone?;
            Some(Counted {
                low: Some(n),
                high: Some(n),
                words: met..i,
                ..Counted::default()
            })
        })
    }

    /// Breakdowns with their own number after a claim: بينهم 20 طفلا، من بينهم ثلاث نساء.
    fn breakdowns(
        &self,
        out: &mut Vec<RawClaim>,
        push: &mut impl FnMut(&mut Vec<RawClaim>, RawClaim) -> bool,
    ) {
        for i in 0..self.words.len() {
            if !is_in(&self.finder.context.among, self.text(i)) {
                continue;
            }
            let Some(prev) = out
                .iter()
                .filter(|c| c.counted.words.end <= i && c.cue < i)
                .max_by_key(|c| c.counted.words.end)
                .cloned()
            else {
                continue;
            };
            let Some(c) = self.counted_at(i + 1, self.clause_end(i), false) else {
                continue;
            };
            if c.quantity.is_none() || c.victims.is_none() {
                continue;
            }
            let running_total = prev.running_total;
            push(
                out,
                RawClaim {
                    kind: prev.kind,
                    cue: prev.cue,
                    counted: c,
                    running_total,
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finder() -> &'static CasualtyFinder {
        static FINDER: std::sync::OnceLock<CasualtyFinder> = std::sync::OnceLock::new();
        FINDER.get_or_init(|| CasualtyFinder::new().expect("embedded lists compile"))
    }

    /// One claim as "kind low high qualifier group", bounds `-` when None.
    fn describe(c: &CasualtyClaim) -> String {
        let n = |x: Option<u64>| x.map_or("-".to_owned(), |v| v.to_string());
        format!(
            "{} {} {} {} {}",
            c.kind.as_str(),
            n(c.low),
            n(c.high),
            c.qualifier.as_str(),
            c.group.as_str()
        )
    }

    fn claims(text: &str) -> Vec<String> {
        let t = NormalizedText::new(text);
        let found = finder().find(&t, 0..t.normalized().len());
        for c in &found {
            // Offsets are sacred: every span is inside the text and the cue and the victims
            // lie inside the claim.
            assert!(c.span.end <= t.original_len_chars(), "{text}: {c:?}");
            assert!(
                c.span.start <= c.cue.start && c.cue.end <= c.span.end,
                "{text}: {c:?}"
            );
            if let Some(v) = c.victims {
                assert!(
                    c.span.start <= v.start && v.end <= c.span.end,
                    "{text}: {c:?}"
                );
            }
            assert_eq!(t.original_span(c.normalized.clone()), c.span);
        }
        found.iter().map(describe).collect()
    }

    /// Every row of the spec's worked examples (`shared/spec/quantities.tsv`). Rows with the
    /// same text are one case; a row with qualifier `none` expects no claim. A row whose note
    /// says it "needs the event verb nearby" has no casualty word of its own: it must give
    /// nothing alone and its claim after the verb قتل.
    #[test]
    fn spec_quantities_table() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../../shared/spec/quantities.tsv"
        );
        // The spec sits beside the repository (as in CI); without it this test cannot check
        // anything, and says so by failing.
        let table = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("{path}: {e} (shared/ must sit beside the repository)"));
        let mut cases: Vec<(String, Vec<String>, bool)> = Vec::new();
        for line in table.lines().skip(1).filter(|l| !l.trim().is_empty()) {
            let f: Vec<&str> = line.split('\t').collect();
            let field = |i: usize| f.get(i).copied().unwrap_or("").trim();
            let (text, kind, low, high, qualifier, group, note) = (
                field(0),
                field(1),
                field(2),
                field(3),
                field(4),
                field(5),
                field(6),
            );
            let needs_verb = note.contains("needs the event verb");
            let entry = match cases.iter().position(|c| c.0 == text) {
                Some(i) => i,
                None => {
                    cases.push((text.to_owned(), Vec::new(), needs_verb));
                    cases.len() - 1
                }
            };
            if qualifier != "none" {
                let b = |x: &str| if x.is_empty() { "-" } else { x }.to_owned();
                cases[entry]
                    .1
                    .push(format!("{kind} {} {} {qualifier} {group}", b(low), b(high)));
            }
        }
        assert!(cases.len() >= 25, "the table has its rows");
        let mut failures = Vec::new();
        for (text, mut expected, needs_verb) in cases {
            expected.sort();
            let mut got = if needs_verb {
                if !claims(&text).is_empty() {
                    failures.push(format!("{text}: a claim without a casualty word"));
                }
                claims(&format!("قتل {text}"))
            } else {
                claims(&text)
            };
            got.sort();
            if got != expected {
                failures.push(format!("{text}: expected {expected:?}, got {got:?}"));
            }
        }
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }

    /// More structures: (sentence, expected claims in order).
    const CASES: &[(&str, &[&str])] = &[
        // Digits: Eastern, glued to the cue, with a scale word, thousands separator.
        (
            "أسفر القصف عن مقتل ١٣٧ شخصا",
            &["killed 137 137 exact unknown"],
        ),
        (
            "أعلن مصدر عسكري مقتل23 من عناصر تنظيم داعش و14 أفغانيا",
            &["killed 23 23 exact militants", "killed 14 14 exact unknown"],
        ),
        (
            "نزوح 1,500 شخص من القرية",
            &["displaced 1500 1500 exact unknown"],
        ),
        (
            "تهجير 1.5 مليون مدني",
            &["displaced 1500000 1500000 exact civilians"],
        ),
        // Number words: feminine, compound, genitive, teens.
        ("مقتل ثلاث نساء في القصف", &["killed 3 3 exact women"]),
        ("إصابة خمسة وعشرين شخصا", &["injured 25 25 exact unknown"]),
        ("مقتل إحدى عشرة امرأة", &["killed 11 11 exact women"]),
        ("اعتقال اثني عشر مسلحا", &["arrested 12 12 exact militants"]),
        (
            "نزوح ثلاثة آلاف وخمسمئة شخص",
            &["displaced 3500 3500 exact unknown"],
        ),
        // Qualifiers before and after, on the noun too.
        ("قتل 12 شخصا على الأقل", &["killed 12 - at_least unknown"]),
        (
            "إن 17 شخصا على الأقل قتلوا مساء أمس",
            &["killed 17 - at_least unknown"],
        ),
        (
            "أوقع الهجوم 32 قتيلا على الأقل",
            &["killed 32 - at_least unknown"],
        ),
        (
            "اعتقال أقل من عشرة أشخاص",
            &["arrested - 10 at_most unknown"],
        ),
        ("إصابة ما بين 5 و10 أشخاص", &["injured 5 10 range unknown"]),
        ("مقتل من 10 إلى 15 مدنيا", &["killed 10 15 range civilians"]),
        (
            "اختطاف عشرات الآلاف من المدنيين",
            &["abducted 20000 99999 vague civilians"],
        ),
        // Clitics on the cue and the noun.
        ("وكان بين القتلى والجرحى أطفال", &[]),
        ("ارتفع العدد لأربعة قتلى", &["killed 4 4 exact unknown"]),
        (
            "أوقعت الغارة ستة قتلى وعشرات الجرحى",
            &["killed 6 6 exact unknown", "injured 20 99 vague unknown"],
        ),
        // Counts before the verb; the verb's object is not its subject.
        (
            "وأضاف أن أربعة من المسلحين قتلوا بنيران الجيش",
            &["killed 4 4 exact militants"],
        ),
        (
            "تسعة أشخاص أصيبوا في الانفجار",
            &["injured 9 9 exact unknown"],
        ),
        (
            "أن 45 مقاتلا من الفصائل المسلحة قتلوا",
            &["killed 45 45 exact militants"],
        ),
        ("مسلح قتل جاره بعد الظهر", &[]),
        // Singular, dual and the subject of a passive verb.
        (
            "لقي جندي بالجيش الأفغاني مصرعه وأصيب 9 آخرون",
            &["killed 1 1 exact military", "injured 9 9 exact unknown"],
        ),
        (
            "لقي رجلان مصرعهما وأصيب ستة آخرون بجروح",
            &["killed 2 2 exact unknown", "injured 6 6 exact unknown"],
        ),
        (
            "وأفاد مصدر أن شخصًا لقي مصرعه",
            &["killed 1 1 exact unknown"],
        ),
        (
            "لقي ثلاثة مسلحين من عناصر التنظيم مصرعهم",
            &["killed 3 3 exact militants"],
        ),
        ("لقي صياد حتفه إثر غرق قاربه", &["killed 1 1 exact unknown"]),
        (
            "قتل مسلح بعد أن فتح النار داخل مطعم",
            &["killed 1 1 exact militants"],
        ),
        (
            "أسفر عن مقتل امرأتين وإصابة خمسة زوار آخرين",
            &["killed 2 2 exact women", "injured 5 5 exact unknown"],
        ),
        (
            "فقتل رجلين وأصاب أربعة آخرين",
            &["killed 2 2 exact unknown", "injured 4 4 exact unknown"],
        ),
        (
            "وذكر أن طفلين قتلا جراء القصف",
            &["killed 2 2 exact children"],
        ),
        ("عثر السكان على جثتي رجلين", &["killed 2 2 exact unknown"]),
        ("مقتل طفلين في غارة", &["killed 2 2 exact children"]),
        (
            "أعلنت الوزارة مقتل ضابطي شرطة بانفجار",
            &["killed 2 2 exact police"],
        ),
        ("واستشهد متأثرا بإصابته", &["killed 1 1 exact unknown"]),
        ("بعد مقتل أحد ضباطها", &["killed 1 1 exact military"]),
        // Nisba plurals are plurals: no number, no claim.
        ("مقتل مدنيين في القصف", &[]),
        // People joined by و share the cue.
        (
            "وأصيب ضابطا شرطة وجندي ومسلح أمس",
            &[
                "injured 2 2 exact police",
                "injured 1 1 exact military",
                "injured 1 1 exact militants",
            ],
        ),
        (
            "أسفر الانفجار عن إصابة ضابطين ومجند",
            &["injured 2 2 exact military", "injured 1 1 exact military"],
        ),
        // A killed one before and injured ones after a pair of verbs.
        (
            "إن جنديا أردنيا قتل وجرح اثنان آخران في الاشتباك",
            &["killed 1 1 exact military", "injured 2 2 exact unknown"],
        ),
        (
            "وأسفر الكمين عن مقتل جندي وإصابة عسكريين آخرين اثنين",
            &["killed 1 1 exact military", "injured 2 2 exact military"],
        ),
        // A number fronted by a phrase.
        (
            "وأصيب في الانفجار ثلاثة من عناصر الشرطة",
            &["injured 3 3 exact police"],
        ),
        ("وقتل فيها 11 ضابط شرطة", &["killed 11 11 exact police"]),
        // Breakdowns.
        (
            "وصل عدد القتلى إلى 137 قتيلا من المدنيين بينهم 20 طفلا",
            &[
                "killed 137 137 exact civilians",
                "killed 20 20 exact children",
            ],
        ),
        (
            "وصل إلى 137 قتيلا من المدنيين بينهم نساء وأطفال",
            &["killed 137 137 exact civilians"],
        ),
        // Vague.
        (
            "تصفية القوات الحكومية كل الأطباء والممرضين بمستشفى الحياة",
            &["killed - - vague medical"],
        ),
        (
            "ما زال مصير عدد كبير من المدنيين مجهولا",
            &["missing - - vague civilians"],
        ),
        (
            "وأن أعدادا كبيرة من جثث المدنيين تحت الأنقاض",
            &["killed - - vague civilians"],
        ),
        (
            "عشرات الجثث منتشرة في الشوارع",
            &["killed 20 99 vague unknown"],
        ),
        // Together, or not harmed: nothing.
        ("وسقط عشرات المدنيين بين قتيل وجريح", &[]),
        ("مقتل وإصابة العشرات في الغارات", &[]),
        ("القبض على 35 شخصا", &["arrested 35 35 exact unknown"]),
        // Numbers that are not people.
        ("قتل رجل عمره 52 عاما", &["killed 1 1 exact unknown"]),
        ("عمره 52 عاما", &[]),
        ("عبر منطقة تمتد 4 كيلومترات", &[]),
        ("ولد في عام 2015", &[]),
        ("نحو 80% من قتلى الحوادث", &[]),
        ("أمس الأحد الموافق 11 / 3 / 1438ه", &[]),
        ("قتل 2000 شخص منذ عام 2011", &[]),
        ("فنحن 20 مليون جندي", &[]),
        ("التقى الباحثون 63 ضحية وشاهدا", &[]),
        (
            "أسفر الانفجار عن سقوط 20 ضحية",
            &["killed 20 20 exact unknown"],
        ),
        ("والتي أدت لمقتل 85 يمنيا.", &["killed 85 85 exact unknown"]),
        (
            "قتل 4 مدنيين وأصيب آخرون في عدة أحياء",
            &["killed 4 4 exact civilians"],
        ),
    ];

    #[test]
    fn structures() {
        let mut failures = Vec::new();
        for (text, expected) in CASES {
            let got = claims(text);
            if got != *expected {
                failures.push(format!(
                    "{text}\n  expected {expected:?}\n  got      {got:?}"
                ));
            }
        }
        assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    }

    #[test]
    fn spans_point_at_the_words() {
        let t = NormalizedText::new("وأسفر عن مقتلِ 14 جنديًا أفغانيًا");
        let c = &finder().find(&t, 0..t.normalized().len())[0];
        assert_eq!(t.surface(c.cue), "مقتلِ");
        assert_eq!(t.surface(c.victims.unwrap()), "جنديًا");
        assert_eq!(t.surface(c.span), "مقتلِ 14 جنديًا");
        let t = NormalizedText::new("بمقتل18 من عناصر الشرطة");
        let c = &finder().find(&t, 0..t.normalized().len())[0];
        assert_eq!(t.surface(c.cue), "مقتل");
        assert_eq!(t.surface(c.victims.unwrap()), "عناصر الشرطة");
        assert_eq!(c.group, Group::Police);
    }

    #[test]
    fn running_totals_are_flagged() {
        let t = NormalizedText::new("قتل 2000 شخص منذ بداية العام");
        let all = finder().find_all(&t, 0..t.normalized().len());
        assert_eq!(all.len(), 1);
        assert!(all[0].running_total);
        assert!(finder().find(&t, 0..t.normalized().len()).is_empty());
    }

    #[test]
    fn sentence_range_is_respected_and_odd_ranges_do_not_panic() {
        let t = NormalizedText::new("قتل 3 مدنيين. وأصيب ٥ آخرون بجروح");
        let norm = t.normalized();
        let dot = norm.find('.').unwrap();
        let first = finder().find(&t, 0..dot);
        assert_eq!(first.len(), 1);
        assert_eq!(first[0].kind, CasualtyKind::Killed);
        let second = finder().find(&t, dot + 1..norm.len());
        assert_eq!(second.len(), 1);
        assert_eq!(second[0].low, Some(5));
        for start in 0..norm.len() + 2 {
            for end in [0, start, norm.len(), norm.len() + 5] {
                let _ = finder().find(&t, start..end);
            }
        }
    }

    #[test]
    fn lists_are_well_formed() {
        let f = finder();
        assert!(f.cues.len() > 100);
        assert!(f.victims.len() > 150);
        assert!(f.memory_usage() > 0);
    }
}
