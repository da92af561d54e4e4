//! Gazetteer and toponym resolution for rasd.
//!
//! The gazetteer joins every GeoNames populated place with an Arabic name (cities500, worldwide),
//! the first-level divisions of every country and the districts of the Middle East, the OCHA
//! Aleppo neighbourhoods, the country names of `data/countries.tsv`, and hand-written Arabic
//! names, capitals and places GeoNames lacks (`crates/rasd-geo/data/admin1.tsv`,
//! `supplement.tsv`). `tools/build_gazetteer.py` joins them into `data/gazetteer.tsv`; `build.rs`
//! compiles its names and their trie (`compile.rs`), and both are embedded in the binary and
//! read by [`Gazetteer::load`] in about 20 ms.
//!
//! Two steps, as in most toponym resolvers (Leidner 2007, "Toponym Resolution in Text"):
//!
//! 1. [`Gazetteer::find_mentions`] finds place names with the words that make them a location
//!    phrase: cue nouns (حي الكلاسة "al-Kallasa quarter", محافظة لحج "Lahij governorate"),
//!    directions (شرقي حلب "east of Aleppo"), the container written after them (حي الكلاسة
//!    بحلب "al-Kallasa in Aleppo") and a nationality adjective (ولاية كانساس الأمريكية). Whether
//!    a word is a name at all: names that are also common words (النصر "victory") need a cue,
//!    names of small places a cue or a preposition, an adjective agreeing with the noun before
//!    it is none (مظاهرات سلمية); a place abroad needs its country named in the document unless
//!    it is a capital or a city of a million, and never goes by a common word (كان: Caen), by
//!    the count of `geo_common_words.tsv` (see [`HOME_COUNTRIES`]).
//! 2. [`Gazetteer::resolve`] picks one place per mention for the whole document: the document's
//!    focus country (CLIFF's idea: the country its places, actors and nationality words point
//!    to), containment, the adjective after the name, the cue's kind and population decide.
#![deny(missing_docs)]

mod automaton;
mod compile;
mod data;
mod mentions;

use automaton::Compiled;
/// Names shorter than this (in letters) need a cue word: اب (Ibb) is also أب "father".
use compile::MIN_FREE_NAME_LETTERS;
use data::{Kind, Role};
use rasd_text::{NormalizedText, Span};
use std::collections::{HashMap as StdHashMap, HashSet as StdHashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;

/// FNV-1a: the keys are short words, looked up for nearly every word of every document, where
/// SipHash's per-lookup cost shows; its protection against flooding is not needed (the keys
/// come from the embedded lists).
#[derive(Default)]
pub(crate) struct FnvHasher(u64);

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

pub(crate) type HashMap<K, V> = StdHashMap<K, V, BuildHasherDefault<FnvHasher>>;
pub(crate) type HashSet<K> = StdHashSet<K, BuildHasherDefault<FnvHasher>>;

/// Why the gazetteer could not be loaded.
#[derive(Debug, thiserror::Error)]
#[error("gazetteer: {0}")]
pub struct Error(String);

/// How fine a place is (the spec's `precision`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    /// A city neighbourhood, district of a town, square, street, base or checkpoint.
    Neighbourhood,
    /// A town, city or village.
    Town,
    /// A district (second-level subdivision).
    District,
    /// A governorate, province or region (first level), or a named wider area.
    Region,
    /// A country.
    Country,
}

impl Precision {
    /// The spec's name: `neighbourhood`, `town`, `district`, `region`, `country`.
    pub fn as_str(self) -> &'static str {
        match self {
            Precision::Neighbourhood => "neighbourhood",
            Precision::Town => "town",
            Precision::District => "district",
            Precision::Region => "region",
            Precision::Country => "country",
        }
    }
}

/// Index of a place in the gazetteer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PlaceId(pub u32);

/// A gazetteer entry.
#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    /// `geonames:170063`, `ocha:C1007`, `country:SY`.
    pub gazetteer_id: String,
    /// English name.
    pub name_en: String,
    /// Main Arabic name.
    pub name_ar: String,
    /// ISO 3166-1 alpha-2.
    pub country: String,
    /// First-level division, English name, where known.
    pub admin1: Option<String>,
    /// Latitude (None for countries: a country has no point).
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Kind of place.
    pub precision: Precision,
    /// Population where known (0 otherwise): ranks ambiguous names.
    pub population: u64,
}

/// A place name found in a text, before resolution.
#[derive(Clone, Debug, PartialEq)]
pub struct PlaceMention {
    /// The whole mention as a location name would be written: cue word and direction
    /// included (حي الكلاسة، شرقي حلب، ريف دمشق، مدينة بنغازي).
    pub span: Span,
    /// Byte range of `span` in the normalized text.
    pub normalized: Range<usize>,
    /// The toponym alone (الكلاسة، حلب).
    pub name_span: Span,
    /// Gazetteer candidates for the toponym, best first; empty for an unknown place that a
    /// cue word marks as a place (منطقة منجوبير).
    pub candidates: Vec<PlaceId>,
    /// The precision the cue word states (حي → neighbourhood, محافظة → region), if any.
    pub cue_precision: Option<Precision>,
    /// A containing place written right after (حي الكلاسة بحلب → حلب), as an index into the
    /// same mention list.
    pub container: Option<usize>,
    /// The country of a nationality adjective written right after the name (ولاية كانساس
    /// الأمريكية → US): the candidates are those of that country, and an unknown place is in
    /// it.
    pub adjective_country: Option<String>,
}

/// A mention resolved to one place (or to none, for an unknown place).
#[derive(Clone, Debug, PartialEq)]
pub struct ResolvedPlace {
    /// The mention's text as written (the spec's `name`).
    pub name: String,
    /// Where it is written.
    pub span: Span,
    /// The chosen place, None when unknown.
    pub place: Option<PlaceId>,
    /// English name.
    pub name_en: Option<String>,
    /// ISO alpha-2 (of the place, or of the context for an unknown place).
    pub country: Option<String>,
    /// First-level division.
    pub admin1: Option<String>,
    /// Latitude.
    pub lat: Option<f64>,
    /// Longitude.
    pub lon: Option<f64>,
    /// Precision.
    pub precision: Option<Precision>,
    /// Gazetteer id.
    pub gazetteer_id: Option<String>,
}

/// What the rest of the document says about where it is, for choosing between readings.
#[derive(Clone, Debug, Default)]
pub struct ResolveHints {
    /// Countries of actors named in the document (ISO alpha-2), most frequent first.
    pub actor_countries: Vec<String>,
}

/// Below this population a place name needs a cue word or a preposition in front of it: small
/// villages are named after ordinary words far more often than news mentions them.
const SMALL_POPULATION: u64 = 10_000;

/// The same threshold for Iran and Turkey: GeoNames gives thousands of their towns Arabic-script
/// names that are Persian or Turkish words (بانه، سنه), and Arabic news names few of them.
const SMALL_POPULATION_NON_ARABIC: u64 = 50_000;

/// Score bonus for a reading in the document's dominant country.
const DOMINANT_COUNTRY_BONUS: f64 = 2.5;
/// Score bonus for a reading in another country the document names.
const MENTIONED_COUNTRY_BONUS: f64 = 1.0;
/// Score bonus for a reading that agrees with the cue word (ريف/محافظة → a governorate).
const CUE_AGREEMENT_BONUS: f64 = 4.0;
/// Weight of a nationality word for the document's focus country (a place whose reading is
/// certain weighs 1)...
const NATIONALITY_WORD_WEIGHT: f64 = 0.5;
/// ...and what all of one country's weigh at most.
const NATIONALITY_WORDS_MAX: f64 = 2.0;

/// Score bonus for a reading in the country of the adjective after the name (ولاية كانساس
/// الأمريكية).
const ADJECTIVE_BONUS: f64 = 6.0;
/// Score bonus for a reading whose stated parent is the container (حي الكلاسة بحلب).
const PARENT_BONUS: f64 = 6.0;
/// Score bonus for a reading in the container's country, and again in its first-level division.
const CONTAINER_AREA_BONUS: f64 = 2.0;
/// An ambiguous name told within this many bytes after a certain town or governorate...
const SCENE_TEXT_BYTES: usize = 300;
/// ...whose best reading is a place smaller than this...
const SCENE_SMALL_POPULATION: u64 = 50_000;
/// ...and lies farther than this (km) from it, is taken as a part of it.
const SCENE_KM: f64 = 60.0;

/// An unknown part of a town takes the town told after it within this many bytes (about
/// five words), in the same sentence.
const SCENE_AFTER_BYTES: usize = 80;

/// The last certain place (see `Gazetteer::resolve`) told within `SCENE_TEXT_BYTES` before
/// the mention; `scenes` are in text order.
fn scene_before<'s>(
    scenes: &'s [(usize, PlaceId)],
    m: &PlaceMention,
) -> Option<&'s (usize, PlaceId)> {
    let from = m.normalized.start.saturating_sub(SCENE_TEXT_BYTES);
    let first = scenes.partition_point(|s| s.0 < from);
    scenes[first..]
        .iter()
        .take_while(|s| s.0 < m.normalized.start)
        .last()
}

/// Great-circle distance in km.
fn km(a: (f64, f64), b: (f64, f64)) -> f64 {
    let (lat1, lon1, lat2, lon2) = (
        a.0.to_radians(),
        a.1.to_radians(),
        b.0.to_radians(),
        b.1.to_radians(),
    );
    let h = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    6371.0 * 2.0 * h.sqrt().min(1.0).asin()
}

/// What the matcher knows about one distinct normalized name.
#[derive(Debug)]
struct NameInfo {
    /// Places with this name, best first by prior rank.
    places: Vec<PlaceId>,
    /// A common word or a very short name: only after a cue word.
    needs_cue: bool,
    /// A preposition or pronoun (إلى folds to الي, a village in Iran): never a place, not even
    /// after a cue word (وأدى إلى "and led to" is وادي + الي).
    never: bool,
    /// Every place of the region ([`HOME_COUNTRIES`]) with this name is small: a cue,
    /// direction or preposition must precede it for them.
    small: bool,
    /// A word of ordinary Arabic or a person's name by the corpora's count
    /// (`geo_common_words.tsv`): no place abroad goes by a word, and one goes by a person's
    /// name only after a cue word or a preposition (مدينة فيرجسون، في فيرجسون).
    common: Option<data::CommonUse>,
}

/// The countries whose places Arabic news names without saying the country: the Arab League's
/// and their neighbours Iran, Turkey and Israel (and Western Sahara). Their GeoNames Arabic
/// names are, by and large, the names Arabic news uses, and the hand-reviewed word lists
/// (`geo_stopwords.tsv`) were written for them. Anywhere else GeoNames' Arabic name of a town
/// is often a transliteration that spells an Arabic word (كان "was": Caen, Cannes), and news
/// tells the country first (بولاية كانساس الأمريكية، في نيجيريا): a place abroad needs a cue
/// word before it (مدينة، ولاية) or its country named in the document, unless it is a capital
/// or a city of a million; and no place abroad goes by a common word (`geo_common_words.tsv`).
pub const HOME_COUNTRIES: &[&str] = &[
    "AE", "BH", "DJ", "DZ", "EG", "EH", "IL", "IQ", "IR", "JO", "KM", "KW", "LB", "LY", "MA", "MR",
    "OM", "PS", "QA", "SA", "SD", "SO", "SY", "TN", "TR", "YE",
];

/// A place abroad this large is named without its country (نيويورك، مومباي، لاغوس).
const WORLD_CITY_POPULATION: u64 = 1_000_000;

/// A national capital this large is too (نيامي، بانغي); the capitals of small islands and
/// territories are named after people (Hamilton, Stanley, Douglas) and are not.
const WORLD_CAPITAL_POPULATION: u64 = 200_000;

/// Below this population a place abroad needs a cue word or a preposition in front of it,
/// as a small place of the region does below [`SMALL_POPULATION`].
const SMALL_POPULATION_ABROAD: u64 = 50_000;

/// How a place may be named bare (without a cue word): see [`HOME_COUNTRIES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reach {
    /// A place of the region.
    Home,
    /// A capital or a city of a million abroad: named without its country.
    WorldCity,
    /// A place abroad: its country must be named in the document.
    Abroad,
}

/// The words that make a name no place when they stand right before or after it.
#[derive(Debug, Default)]
struct StopContext {
    /// Words before the name (أذان المغرب).
    before: Vec<String>,
    /// Words after the name (حماة الوطن).
    after: Vec<String>,
}

/// The gazetteer and the name automaton built from it.
#[derive(Debug)]
pub struct Gazetteer {
    places: Vec<Place>,
    kinds: Vec<Kind>,
    /// Per place: how it may be named (see [`HOME_COUNTRIES`]).
    reach: Vec<Reach>,
    parents: Vec<Option<PlaceId>>,
    names: Vec<NameInfo>,
    /// The compiled names and their trie (`gazetteer.bin`, read in place).
    automaton: Compiled,
    /// Names under [`MIN_FREE_NAME_LETTERS`] letters (normalized) → entry in `names`.
    short_names: HashMap<String, usize>,
    cues: HashMap<String, Role>,
    /// Names that are no place next to certain words (`geo_stopwords.tsv`), normalized.
    stop_phrases: HashMap<String, StopContext>,
    /// Nationality adjectives (normalized forms, see [`nationality_forms`]) → ISO alpha-2.
    adjectives: HashMap<String, String>,
    /// Returned by [`Gazetteer::place`] for an id from another gazetteer, so that it never
    /// panics.
    nowhere: Place,
}

/// Prior rank of a place before any context: kind, then population.
fn prior(kind: Kind, population: u64) -> f64 {
    match kind {
        // A country name is read as the country unless the context says otherwise (عمان:
        // Oman, but Amman when the document is about Jordan).
        Kind::Country => 7.0,
        // Below a town of 10,000: a bare governorate name that is also its seat's name (مأرب،
        // لحج) reads as the town; a cue (محافظة، ريف) makes it the governorate.
        Kind::Admin1 => 3.9,
        Kind::Admin2 => 3.5,
        // GeoNames cities500 lists places of 500 people or more; 0 means unknown.
        Kind::City => (population.max(500) as f64).log10(),
        Kind::Neighbourhood => 3.0,
    }
}

impl Gazetteer {
    /// Loads the embedded gazetteer: parses its places and reads its compiled names in place.
    ///
    /// # Errors
    /// When the embedded data is malformed (a build defect the tests catch).
    pub fn load() -> Result<Gazetteer, Error> {
        let rows = data::parse_gazetteer(data::GAZETTEER_TSV)?;
        // One word: a name that needs a cue. Two words: a name that is no place beside the
        // other word (حماة الوطن "the protectors of the homeland", not Hama; أذان المغرب "the
        // call to the sunset prayer", not Morocco).
        let (phrases, stopwords): (HashSet<String>, HashSet<String>) =
            data::parse_stopwords(data::STOPWORDS_TSV)
                .into_iter()
                .partition(|w| w.contains(' '));
        let cues = data::parse_cues(data::CUES_TSV)?;
        let common: HashMap<String, data::CommonUse> =
            data::parse_common_words(data::COMMON_WORDS_TSV)
                .into_iter()
                .collect();

        let compiled = Compiled::read(data::COMPILED)?;
        // Lines of two words that are a name of the gazetteer as a whole: the name needs a cue.
        let two_word_stopwords: HashSet<String> = phrases
            .iter()
            .filter(|p| compiled.lookup(p).is_some())
            .cloned()
            .collect();
        if compiled.rows() != rows.len() {
            return Err(Error(format!(
                "compiled gazetteer has {} places, gazetteer.tsv {}",
                compiled.rows(),
                rows.len()
            )));
        }
        let mut places = Vec::with_capacity(rows.len());
        let mut kinds = Vec::with_capacity(rows.len());
        let mut reach = Vec::with_capacity(rows.len());
        let mut small = Vec::with_capacity(rows.len());
        let mut parent_ids = Vec::with_capacity(rows.len());
        let mut by_id: HashMap<String, PlaceId> =
            HashMap::with_capacity_and_hasher(rows.len(), Default::default());
        for (i, row) in rows.into_iter().enumerate() {
            reach.push(
                if row.kind == Kind::Country || HOME_COUNTRIES.contains(&row.place.country.as_str())
                {
                    Reach::Home
                } else if (row.capital && row.place.population >= WORLD_CAPITAL_POPULATION)
                    || row.place.population >= WORLD_CITY_POPULATION
                {
                    Reach::WorldCity
                } else {
                    Reach::Abroad
                },
            );
            let threshold = if matches!(row.place.country.as_str(), "IR" | "TR") {
                SMALL_POPULATION_NON_ARABIC
            } else {
                SMALL_POPULATION
            };
            small.push(match row.kind {
                Kind::Country | Kind::Admin1 => false,
                Kind::City => row.place.population < threshold,
                Kind::Admin2 | Kind::Neighbourhood => true,
            });
            by_id.insert(row.place.gazetteer_id.clone(), PlaceId(i as u32));
            kinds.push(row.kind);
            parent_ids.push(row.parent);
            places.push(row.place);
        }
        // The names, numbered as compile.rs numbered them (in order of first appearance).
        let mut names: Vec<NameInfo> = Vec::with_capacity(compiled.entry_count());
        let mut short_names: HashMap<String, usize> = HashMap::default();
        for e in 0..compiled.entry_count() {
            let entry = compiled.entry(e);
            let norm = entry.name;
            if entry.letters < MIN_FREE_NAME_LETTERS {
                short_names.insert(norm.to_owned(), e);
            }
            let ids: Vec<PlaceId> = entry
                .places
                .iter()
                .map(|&p| PlaceId(p))
                .filter(|id| (id.0 as usize) < places.len())
                .collect();
            let never = FUNCTION_WORDS.contains(&norm)
                || matches!(cues.get(norm), Some(Role::Preposition | Role::Contain));
            names.push(NameInfo {
                never,
                // A cue, direction or preposition word is itself no place (ميدان "square" is
                // also Medan, Indonesia).
                needs_cue: entry.letters < MIN_FREE_NAME_LETTERS
                    || stopwords.contains(norm)
                    || two_word_stopwords.contains(norm)
                    || cues.contains_key(norm),
                // Every place of the region with this name is small.
                small: ids
                    .iter()
                    .filter(|id| reach[id.0 as usize] == Reach::Home)
                    .all(|id| small[id.0 as usize]),
                common: common.get(norm).copied(),
                places: ids,
            });
        }
        let parents = parent_ids
            .into_iter()
            .map(|p| p.and_then(|p| by_id.get(&p).copied()))
            .collect();
        for info in &mut names {
            info.places.sort_by(|a, b| {
                let (pa, pb) = (&places[a.0 as usize], &places[b.0 as usize]);
                let ra = prior(kinds[a.0 as usize], pa.population);
                let rb = prior(kinds[b.0 as usize], pb.population);
                rb.total_cmp(&ra).then(a.cmp(b))
            });
        }
        let mut stop_phrases: HashMap<String, StopContext> = HashMap::default();
        for phrase in phrases {
            // A name of two words that is a phrase of ordinary Arabic (لا بأس "no matter") is a
            // stop-name itself (handled above).
            if two_word_stopwords.contains(&phrase) {
                continue;
            }
            let Some((first, second)) = phrase.split_once(' ') else {
                continue;
            };
            let (first, second) = (first.trim(), second.trim());
            // The name is the word the gazetteer knows; the first one when both are names.
            if compiled.lookup(first).is_some() || short_names.contains_key(first) {
                let context = stop_phrases.entry(first.to_owned()).or_default();
                context.after.push(second.to_owned());
            } else {
                let context = stop_phrases.entry(second.to_owned()).or_default();
                context.before.push(first.to_owned());
            }
        }
        let mut adjectives: HashMap<String, String> = HashMap::default();
        for country in rasd_lexicon::rows::countries().map_err(|e| Error(e.to_string()))? {
            for adjective in &country.adjectives {
                for form in nationality_forms(adjective) {
                    adjectives
                        .entry(form)
                        .or_insert_with(|| country.iso2.clone());
                }
            }
        }
        Ok(Gazetteer {
            places,
            kinds,
            reach,
            parents,
            names,
            automaton: compiled,
            short_names,
            cues,
            stop_phrases,
            adjectives,
            nowhere: Place {
                gazetteer_id: String::new(),
                name_en: String::new(),
                name_ar: String::new(),
                country: String::new(),
                admin1: None,
                lat: None,
                lon: None,
                precision: Precision::Country,
                population: 0,
            },
        })
    }

    /// The place with this id (an empty place for an id that is not from this gazetteer).
    pub fn place(&self, id: PlaceId) -> &Place {
        self.places.get(id.0 as usize).unwrap_or(&self.nowhere)
    }

    /// Every place mention in the text, in order, non-overlapping.
    ///
    /// A mention is a gazetteer name (بحلب → حلب), with the cue word before it (حي الكلاسة،
    /// محافظة لحج، ريف دمشق), one or two direction words before that (شرقي حلب، شمال شرق مدينة
    /// تعز), or an unknown name after a cue (منطقة منجوبير, with no candidates). A mention
    /// followed by its container (بكراتشي، في عدن، التابعة لمحافظة الطوال) records it.
    pub fn find_mentions(&self, text: &NormalizedText) -> Vec<PlaceMention> {
        self.mentions(text)
    }

    /// Resolves every mention of a document together, so that readings agree with each other
    /// and with the hints; one result per mention, in the same order.
    ///
    /// Each candidate is scored: a prior by kind and population, a bonus in the document's
    /// dominant country (counted from the mentions whose candidates all lie in one country and
    /// from `hints.actor_countries`), a bonus for agreeing with the container and with the cue
    /// word. A mention with a direction (شرقي حلب) takes the place's point and precision. An
    /// unknown place inside a known one (منطقة منجوبير بكراتشي) takes the container's country
    /// and point with precision neighbourhood when the container is a town, as ACLED codes an
    /// event in an unnamed part of a city. Without a container, an unknown quarter, street or
    /// area takes the point of the certain town told just before it, and any unknown place the
    /// point of the town told just after it in the same clause (see `nearby_scene`); otherwise
    /// it keeps no point and takes the dominant country.
    pub fn resolve(
        &self,
        text: &NormalizedText,
        mentions: &[PlaceMention],
        hints: &ResolveHints,
    ) -> Vec<ResolvedPlace> {
        let weights = self.country_weights(text, mentions, hints);
        let dominant = weights
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.2.cmp(&a.2)))
            .map(|(c, _, _)| c.clone());
        let mut results: Vec<Option<ResolvedPlace>> = vec![None; mentions.len()];
        // Places whose reading is certain, in text order: the scene an ambiguous small name
        // that follows may belong to. "Certain" allows a governorate and its namesake seat (محافظة تعز): every reading lies
        // within SCENE_KM of the first.
        let scenes: Vec<(usize, PlaceId)> = mentions
            .iter()
            .filter_map(|m| {
                let first = *m.candidates.first()?;
                let p = self.place(first);
                let point = (p.lat?, p.lon?);
                let together = m.candidates.iter().all(|&id| {
                    let q = self.place(id);
                    matches!((q.lat, q.lon), (Some(a), Some(b)) if km(point, (a, b)) <= SCENE_KM)
                });
                (together && matches!(p.precision, Precision::Town | Precision::Region))
                    .then_some((m.normalized.start, first))
            })
            .collect();
        // Containers come after what they contain: resolve from the end.
        for i in (0..mentions.len()).rev() {
            let m = &mentions[i];
            let container = m
                .container
                .filter(|&j| j > i)
                .and_then(|j| results.get(j).and_then(Option::as_ref));
            let direction = self.starts_with_direction(text, m);
            let countryside = self.cue_word(text, m) == Some("ريف");
            let best = m
                .candidates
                .iter()
                .copied()
                .filter(|id| (id.0 as usize) < self.places.len())
                .map(|id| {
                    (
                        id,
                        self.score(id, m, dominant.as_deref(), &weights, container),
                    )
                })
                .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)))
                .map(|(id, _)| id);
            // A small place abroad, in a document about another country, is a namesake: the
            // unknown quarter or village of the document's country is the likelier reading
            // (منطقة الحسينية in a Baghdad report is not the Egyptian village).
            let best = best.filter(|&id| {
                let place = self.place(id);
                let foreign = dominant.as_deref().is_some_and(|d| d != place.country)
                    && !weights.iter().any(|w| w.0 == place.country);
                let small = self.kinds.get(id.0 as usize) == Some(&Kind::City)
                    && place.population < SMALL_POPULATION;
                !(foreign && small && m.cue_precision.is_some())
            });
            // A reading outside the known place written after the name as its container is a
            // namesake: قرية X بمحافظة Y is a village of Y that the gazetteer lacks, not X of
            // another province. (Not for a direction from a town or province, مدينة الرمادي غرب
            // بغداد, which places it beside the other, nor for a container the gazetteer does
            // not know.)
            // A direction in a country still encloses: بلدة X بوسط مالي is in Mali.
            let encloses = m.container.and_then(|j| mentions.get(j)).is_some_and(|c| {
                !self.starts_with_direction(text, c)
                    || container.is_some_and(|r| r.precision == Some(Precision::Country))
            });
            let best = best.filter(|&id| {
                !encloses || container.is_none_or(|c| c.place.is_none() || self.lies_in(id, c))
            });
            // An ambiguous small name told just after a certain town or governorate, with no
            // reading near it, is a quarter or village of that place that the gazetteer lacks
            // ("في محافظة تعز ... في الروضة"): the place before stands as its container.
            let scene = match best {
                Some(id) if container.is_none() && m.candidates.len() > 1 => {
                    let place = self.place(id);
                    // (A governorate or district has no population in the gazetteer; it is
                    // never a part of a town.)
                    let small = place.population < SCENE_SMALL_POPULATION
                        && matches!(
                            self.kinds.get(id.0 as usize),
                            Some(Kind::City | Kind::Neighbourhood)
                        );
                    scene_before(scenes.as_slice(), m)
                        .map(|&(_, scene)| self.place(scene))
                        .filter(|scene| {
                            small
                                && scene.country == place.country
                                && match (place.lat, place.lon, scene.lat, scene.lon) {
                                    (Some(a), Some(b), Some(c), Some(d)) => {
                                        km((a, b), (c, d)) > SCENE_KM
                                    }
                                    _ => false,
                                }
                        })
                }
                _ => None,
            };
            let name = text.surface(m.span);
            let resolved = match (best, scene) {
                (Some(_), Some(scene)) => ResolvedPlace {
                    name,
                    span: m.span,
                    place: None,
                    name_en: None,
                    country: Some(scene.country.clone()),
                    admin1: scene.admin1.clone(),
                    lat: scene.lat,
                    lon: scene.lon,
                    precision: Some(if scene.precision == Precision::Town {
                        Precision::Neighbourhood
                    } else {
                        Precision::Town
                    }),
                    gazetteer_id: None,
                },
                (Some(id), None) => {
                    self.resolved_place(name, m, id, direction, countryside, container)
                }
                (None, _) => {
                    let mut place = unknown_place(name, m, container, dominant.as_deref());
                    // A container without a point (بمصر الجديدة read as مصر, the country) says
                    // no more than the country: the town told beside it may still place it.
                    let pointless = container.is_none_or(|c| c.lat.is_none());
                    if pointless && m.candidates.is_empty() {
                        if let Some(scene) = self.nearby_scene(text, m, &scenes).filter(|s| {
                            m.adjective_country.as_ref().is_none_or(|c| *c == s.country)
                        }) {
                            place.country = Some(scene.country.clone());
                            place.admin1 = scene.admin1.clone();
                            place.lat = scene.lat;
                            place.lon = scene.lon;
                            place.precision = Some(if scene.precision == Precision::Town {
                                Precision::Neighbourhood
                            } else {
                                Precision::Town
                            });
                        }
                    }
                    place
                }
            };
            results[i] = Some(resolved);
        }
        results.into_iter().flatten().collect()
    }

    /// Number of places.
    pub fn len(&self) -> usize {
        self.places.len()
    }

    /// Whether there are no places.
    pub fn is_empty(&self) -> bool {
        self.places.is_empty()
    }

    /// Number of distinct normalized names the automaton matches.
    pub fn name_count(&self) -> usize {
        self.names.len()
    }

    /// Bytes held by the gazetteer's tables on the heap, and the compiled names it reads in
    /// place from the binary (approximate).
    pub fn memory_usage(&self) -> usize {
        let places: usize = self
            .places
            .iter()
            .map(|p| {
                std::mem::size_of::<Place>()
                    + p.gazetteer_id.capacity()
                    + p.name_en.capacity()
                    + p.name_ar.capacity()
                    + p.country.capacity()
                    + p.admin1.as_ref().map_or(0, String::capacity)
            })
            .sum();
        let names: usize = self
            .names
            .iter()
            .map(|n| std::mem::size_of::<NameInfo>() + 4 * n.places.capacity())
            .sum();
        self.automaton_memory_usage() + places + names
    }

    /// Bytes of the compiled names and their trie, embedded in the binary and read in place.
    pub fn automaton_memory_usage(&self) -> usize {
        self.automaton.size()
    }

    /// Countries the document points to: +1 for each mention whose candidates all lie in one
    /// country, +2 for the first actor country, +1 for the others. With the index of the
    /// first evidence, to break ties by order.
    fn country_weights(
        &self,
        text: &NormalizedText,
        mentions: &[PlaceMention],
        hints: &ResolveHints,
    ) -> Vec<(String, f64, usize)> {
        let mut weights: Vec<(String, f64, usize)> = Vec::new();
        let mut add = |country: &str, w: f64, at: usize| {
            if let Some(e) = weights.iter_mut().find(|e| e.0 == country) {
                e.1 += w;
            } else if !country.is_empty() {
                weights.push((country.to_owned(), w, at));
            }
        };
        for (i, m) in mentions.iter().enumerate() {
            if let Some(c) = &m.adjective_country {
                add(c, 1.0, i);
                continue;
            }
            let mut countries = m
                .candidates
                .iter()
                .map(|&id| self.place(id).country.as_str());
            if let Some(first) = countries.next() {
                if countries.all(|c| c == first) {
                    add(first, 1.0, i);
                }
            }
        }
        for (rank, c) in hints.actor_countries.iter().enumerate() {
            add(c, if rank == 0 { 2.0 } else { 1.0 }, mentions.len() + rank);
        }
        // Nationality words (الشرطة الباكستانية، الجيش النيجيري), as CLIFF counts them for the
        // focus country; read only when a name has readings in two countries.
        let ambiguous = mentions.iter().any(|m| {
            m.candidates
                .windows(2)
                .any(|w| self.place(w[0]).country != self.place(w[1]).country)
        });
        if ambiguous {
            let mut seen: Vec<(&str, f64)> = Vec::new();
            let words = text
                .normalized()
                .split(|c: char| !crate::is_word_char(c))
                .filter(|w| w.len() >= 6);
            for (k, word) in words.enumerate() {
                let Some(country) = self.adjective_country(word) else {
                    continue;
                };
                let i = seen.iter().position(|s| s.0 == country).unwrap_or_else(|| {
                    seen.push((country, 0.0));
                    seen.len() - 1
                });
                if seen[i].1 < NATIONALITY_WORDS_MAX {
                    seen[i].1 += NATIONALITY_WORD_WEIGHT;
                    add(
                        country,
                        NATIONALITY_WORD_WEIGHT,
                        mentions.len() + hints.actor_countries.len() + k,
                    );
                }
            }
        }
        weights
    }

    fn score(
        &self,
        id: PlaceId,
        m: &PlaceMention,
        dominant: Option<&str>,
        weights: &[(String, f64, usize)],
        container: Option<&ResolvedPlace>,
    ) -> f64 {
        let place = self.place(id);
        let kind = self.kinds.get(id.0 as usize).copied().unwrap_or(Kind::City);
        let mut score = prior(kind, place.population);
        if dominant == Some(place.country.as_str()) {
            score += DOMINANT_COUNTRY_BONUS;
        } else if weights.iter().any(|w| w.0 == place.country) {
            score += MENTIONED_COUNTRY_BONUS;
        }
        if let Some(c) = container {
            let parent = self.parents.get(id.0 as usize).copied().flatten();
            if parent.is_some() && parent == c.place {
                score += PARENT_BONUS;
            } else if c.country.as_deref() == Some(place.country.as_str()) {
                score += CONTAINER_AREA_BONUS;
                if c.precision != Some(Precision::Country)
                    && c.admin1.is_some()
                    && c.admin1 == place.admin1
                {
                    score += CONTAINER_AREA_BONUS;
                }
            }
        }
        if m.cue_precision == Some(place.precision) {
            score += CUE_AGREEMENT_BONUS;
        }
        if m.adjective_country.as_deref() == Some(place.country.as_str()) {
            score += ADJECTIVE_BONUS;
        }
        score
    }

    /// Whether place `id` can lie in `container` as resolved: in its country and, for a
    /// container finer than a country, in its first-level division or within [`SCENE_KM`] of
    /// its point (a town on a division's edge, a container placed at its capital).
    fn lies_in(&self, id: PlaceId, container: &ResolvedPlace) -> bool {
        let place = self.place(id);
        if container.country.as_deref() != Some(place.country.as_str()) {
            return false;
        }
        if container.precision.is_none_or(|p| p == Precision::Country) {
            return true;
        }
        let same_admin1 = container.admin1.is_some() && container.admin1 == place.admin1;
        let near = match (place.lat, place.lon, container.lat, container.lon) {
            (Some(a), Some(b), Some(c), Some(d)) => km((a, b), (c, d)) <= SCENE_KM,
            // Without both points there is nothing to contradict the text.
            _ => true,
        };
        same_admin1 || near
    }

    /// The cue word of a mention (normalized, without proclitics): the first word after its
    /// directions (ريف in ريف حلب، شمال ريف حلب), if it is a cue.
    fn cue_word<'t>(&self, text: &'t NormalizedText, m: &PlaceMention) -> Option<&'t str> {
        let mention = text.normalized().get(m.normalized.clone())?;
        for word in mention
            .split(|c: char| !crate::is_word_char(c))
            .filter(|w| !w.is_empty())
        {
            match self.word_role(word)? {
                (Role::Direction, _) => continue,
                (Role::Cue(_), stem) => return word.get(stem..),
                _ => return None,
            }
        }
        None
    }

    /// Whether an unknown mention names a part of a town by its cue word: a quarter, street or
    /// square (حي، شارع، ميدان), or an area (منطقة), which news uses for quarters. Towns,
    /// districts and governorates are not parts of the place told before them (an unknown
    /// مدينة X is another town), and sites (قاعدة، مطار، منفذ) often lie far outside one.
    fn is_part_of_town(&self, text: &NormalizedText, m: &PlaceMention) -> bool {
        match m.cue_precision {
            Some(Precision::Neighbourhood) => true,
            Some(Precision::Region) => self
                .cue_word(text, m)
                .is_some_and(|w| w.starts_with("منطق")),
            _ => false,
        }
    }

    /// The certain town or governorate an unknown place belongs to: the first one told just
    /// after it in the same sentence (بميدان المحكمة بمصر الجديدة (شرق القاهرة)، في منفذ X
    /// بمحافظة Y), else, for a part of a town, the last one told within `SCENE_TEXT_BYTES`
    /// before it (في مدينة تعز ... في شارع الستين).
    fn nearby_scene(
        &self,
        text: &NormalizedText,
        m: &PlaceMention,
        scenes: &[(usize, PlaceId)],
    ) -> Option<&Place> {
        let before = || {
            if !self.is_part_of_town(text, m) {
                return None;
            }
            scene_before(scenes, m)
        };
        let after = || {
            let next = scenes.get(scenes.partition_point(|s| s.0 < m.normalized.end))?;
            let between = text.normalized().get(m.normalized.end..next.0)?;
            (between.len() <= SCENE_AFTER_BYTES
                && !between.contains(['.', '؟', '?', '!', '\n', '؛', '،', ',']))
            .then_some(next)
        };
        after().or_else(before).map(|&(_, scene)| self.place(scene))
    }

    /// Whether the mention starts with a direction word (شرقي حلب).
    fn starts_with_direction(&self, text: &NormalizedText, m: &PlaceMention) -> bool {
        if m.normalized.start >= m.normalized.end {
            return false;
        }
        let norm = text.normalized();
        let first = norm
            .get(m.normalized.clone())
            .and_then(|s| s.split(|c: char| !crate::is_word_char(c)).next())
            .unwrap_or("");
        matches!(self.word_role(first), Some((Role::Direction, _)))
    }

    fn resolved_place(
        &self,
        name: String,
        m: &PlaceMention,
        id: PlaceId,
        direction: bool,
        countryside: bool,
        container: Option<&ResolvedPlace>,
    ) -> ResolvedPlace {
        let place = self.place(id);
        let precision = match m.cue_precision {
            _ if direction => place.precision,
            Some(Precision::Neighbourhood) => Precision::Neighbourhood,
            // ريف حلب with no governorate reading: the countryside is a region. (منطقة الغيل
            // stays the town.)
            Some(Precision::Region) if countryside && place.precision == Precision::Town => {
                Precision::Region
            }
            // مديرية مكيراس، قضاء المحمودية: the district named after its seat.
            Some(Precision::District) if place.precision == Precision::Town => Precision::District,
            _ => place.precision,
        };
        // A district without a point of its own takes its container's (معسكر بمديرية X).
        let (lat, lon) = match (place.lat, place.lon, container) {
            (Some(lat), Some(lon), _) => (Some(lat), Some(lon)),
            (_, _, Some(c)) if place.precision != Precision::Country => (c.lat, c.lon),
            _ => (None, None),
        };
        ResolvedPlace {
            name,
            span: m.span,
            place: Some(id),
            name_en: Some(place.name_en.clone()),
            country: Some(place.country.clone()),
            admin1: place.admin1.clone(),
            lat,
            lon,
            precision: Some(precision),
            gazetteer_id: Some(place.gazetteer_id.clone()),
        }
    }
}

/// Function words the gazetteer has as names of small places (من، ما، الي for إلى): never a
/// place. Prepositions and containment words of `place_cues.tsv` are never one either.
const FUNCTION_WORDS: &[&str] = &[
    "من", "في", "علي", "الي", "عن", "مع", "ما", "التي", "الذي", "هذه", "هذا", "تلك", "ذلك", "او",
    "ثم", "قد", "لا", "لم", "لن", "ان", "انه", "هو", "هي", "هم", "كل", "بعد", "قبل",
];

/// Nationality adjectives that are also ordinary words: مالي "Malian" and "financial".
const ADJECTIVES_ALSO_WORDS: &[&str] = &["مالي"];

/// The normalized forms of a masculine nationality adjective (سوري) that name its country
/// without doubt: with the article (السوري، السورية، السوريون، السوريين) and the indefinite
/// feminine and plurals (سورية، سوريين). The indefinite masculine is left out: it is also a
/// given name (تركي، يمني). One-word adjectives only.
fn nationality_forms(adjective: &str) -> Vec<String> {
    let a = rasd_text::normalize(adjective);
    if a.contains(' ') || a.is_empty() || ADJECTIVES_ALSO_WORDS.contains(&a.as_str()) {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(7);
    for suffix in ["ه", "ون", "ين"] {
        out.push(format!("{a}{suffix}"));
    }
    for suffix in ["", "ه", "ون", "ين"] {
        out.push(format!("ال{a}{suffix}"));
    }
    out
}

/// A place the gazetteer does not know, placed by its container or the document's country.
fn unknown_place(
    name: String,
    m: &PlaceMention,
    container: Option<&ResolvedPlace>,
    dominant: Option<&str>,
) -> ResolvedPlace {
    let (country, admin1, lat, lon, precision) = match container {
        Some(c) => {
            let outer = c.precision.unwrap_or(Precision::Country);
            let precision = if outer <= Precision::Town {
                // Part of a town: its quarter, at the town's point.
                Precision::Neighbourhood
            } else {
                // A site or village in a wider area (قاعدة العند بمحافظة لحج): a town-sized
                // place unless the cue says otherwise.
                let own = m.cue_precision.unwrap_or(Precision::Town);
                own.min(outer)
            };
            (c.country.clone(), c.admin1.clone(), c.lat, c.lon, precision)
        }
        None => (
            m.adjective_country.clone().or(dominant.map(str::to_owned)),
            None,
            None,
            None,
            m.cue_precision.unwrap_or(Precision::Town),
        ),
    };
    ResolvedPlace {
        name,
        span: m.span,
        place: None,
        name_en: None,
        country,
        admin1,
        lat,
        lon,
        precision: Some(precision),
        gazetteer_id: None,
    }
}

/// The span of mention `index` together with the containers written after it (حي الكلاسة
/// بحلب، منطقة منجوبير بكراتشي), for callers that name a location with its container. An index
/// out of range gives an empty span.
pub fn span_with_containers(mentions: &[PlaceMention], index: usize) -> Span {
    let Some(m) = mentions.get(index) else {
        return Span::default();
    };
    let mut span = m.span;
    let mut current = m;
    let mut steps = 0;
    // Containers point forward; the step limit guards against a hand-made cycle.
    while let Some(next) = current.container.and_then(|j| mentions.get(j)) {
        span = span.cover(next.span);
        current = next;
        steps += 1;
        if steps > mentions.len() {
            break;
        }
    }
    span
}

/// A word character: a letter or digit of any script, as rasd-lexicon's matcher counts them.
/// Arabic letters and ASCII take a fast path: `char::is_alphanumeric` searches the Unicode
/// tables for every non-ASCII character and dominated the search time.
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if ('\u{0621}'..='\u{064A}').contains(&c) {
        true
    } else if matches!(
        c,
        '\u{060C}' | '\u{061B}' | '\u{061F}' | '\u{064B}'..='\u{065F}'
    ) {
        // Arabic comma, semicolon, question mark; harakat are removed by normalization anyway.
        false
    } else {
        c.is_alphanumeric()
    }
}
