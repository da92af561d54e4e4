//! Parsing of the embedded data files: `data/gazetteer.tsv` and `data/geo_common_words.tsv`
//! (built by `tools/build_gazetteer.py`), `data/geo_stopwords.tsv` and `data/place_cues.tsv`.

use crate::HashMap;
use crate::{Error, Place, Precision};

/// The compiled-in gazetteer (see the header of the file for its columns).
pub(crate) const GAZETTEER_TSV: &str = include_str!("../../../data/gazetteer.tsv");
/// Names that are common words: accepted only after a cue word.
pub(crate) const STOPWORDS_TSV: &str = include_str!("../../../data/geo_stopwords.tsv");
/// The names of the gazetteer compiled by build.rs (see `compile.rs`).
pub(crate) const COMPILED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/gazetteer.bin"));
/// Gazetteer names that the reference corpora use as ordinary words (generated).
pub(crate) const COMMON_WORDS_TSV: &str = include_str!("../../../data/geo_common_words.tsv");
/// Cue words, directions, prepositions and containment words.
pub(crate) const CUES_TSV: &str = include_str!("../../../data/place_cues.tsv");

/// What kind of entry a place is; finer than [`Precision`] where the resolver needs it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Country,
    Admin1,
    Admin2,
    City,
    Neighbourhood,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "country" => Kind::Country,
            "admin1" => Kind::Admin1,
            "admin2" => Kind::Admin2,
            "city" => Kind::City,
            "neighbourhood" => Kind::Neighbourhood,
            _ => return None,
        })
    }

    pub(crate) fn precision(self) -> Precision {
        match self {
            Kind::Country => Precision::Country,
            Kind::Admin1 => Precision::Region,
            Kind::Admin2 => Precision::District,
            Kind::City => Precision::Town,
            Kind::Neighbourhood => Precision::Neighbourhood,
        }
    }
}

/// One gazetteer row: the place, its kind and its parent's id.
pub(crate) struct Row {
    pub place: Place,
    pub kind: Kind,
    pub parent: Option<String>,
    /// The capital of its country.
    pub capital: bool,
}

fn field<'a>(cols: &[&'a str], i: usize, line: usize) -> Result<&'a str, Error> {
    cols.get(i)
        .copied()
        .ok_or_else(|| Error(format!("gazetteer.tsv line {line}: missing column {i}")))
}

fn coordinate(s: &str, line: usize) -> Result<Option<f64>, Error> {
    if s.is_empty() {
        return Ok(None);
    }
    s.parse::<f64>()
        .map(Some)
        .map_err(|_| Error(format!("gazetteer.tsv line {line}: bad coordinate {s:?}")))
}

/// Parses the gazetteer rows.
pub(crate) fn parse_gazetteer(tsv: &str) -> Result<Vec<Row>, Error> {
    let mut rows = Vec::with_capacity(8192);
    for (i, line) in tsv.lines().enumerate() {
        let line_no = i + 1;
        if line.starts_with('#') || line.starts_with("id\t") || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let kind_str = field(&cols, 1, line_no)?;
        let kind = Kind::parse(kind_str)
            .ok_or_else(|| Error(format!("gazetteer.tsv line {line_no}: kind {kind_str:?}")))?;
        let admin1 = field(&cols, 3, line_no)?;
        let population = field(&cols, 6, line_no)?;
        // The names themselves are compiled by build.rs (compile.rs); the place keeps the
        // main one.
        let name_ar = field(&cols, 8, line_no)?
            .split('|')
            .find(|n| !n.is_empty())
            .unwrap_or("")
            .to_owned();
        let parent = cols
            .get(9)
            .filter(|p| !p.is_empty())
            .map(|p| (*p).to_owned());
        let capital = cols
            .get(10)
            .is_some_and(|flags| flags.split(',').any(|f| f == "capital"));
        rows.push(Row {
            place: Place {
                gazetteer_id: field(&cols, 0, line_no)?.to_owned(),
                name_en: field(&cols, 7, line_no)?.to_owned(),
                name_ar,
                country: field(&cols, 2, line_no)?.to_owned(),
                admin1: (!admin1.is_empty()).then(|| admin1.to_owned()),
                lat: coordinate(field(&cols, 4, line_no)?, line_no)?,
                lon: coordinate(field(&cols, 5, line_no)?, line_no)?,
                precision: kind.precision(),
                population: population.parse().unwrap_or(0),
            },
            kind,
            parent,
            capital,
        });
    }
    Ok(rows)
}

/// Normalized stop-names (first column of `geo_stopwords.tsv`).
pub(crate) fn parse_stopwords(tsv: &str) -> Vec<String> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| l.split('\t').next())
        .map(rasd_text::normalize)
        .filter(|w| !w.is_empty())
        .collect()
}

/// How the reference corpora use a name of `geo_common_words.tsv`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CommonUse {
    /// More often an ordinary word (كان "was").
    Word,
    /// More often a person's name (فيرجسون).
    Person,
}

/// Normalized names of `geo_common_words.tsv` with their use: a person's name when the corpora
/// use it more often as one (column `as_person`) than as a word (`as_word`).
pub(crate) fn parse_common_words(tsv: &str) -> Vec<(String, CommonUse)> {
    let count = |c: Option<&str>| c.and_then(|c| c.trim().parse::<u32>().ok()).unwrap_or(0);
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("name\t") && !l.trim().is_empty())
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let name = rasd_text::normalize(cols.next()?);
            let (word, person) = (count(cols.next()), count(cols.next()));
            let usage = if person > word {
                CommonUse::Person
            } else {
                CommonUse::Word
            };
            (!name.is_empty()).then_some((name, usage))
        })
        .collect()
}

/// The role of a word near a place name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    /// A place-kind noun before the name (حي، قرية), with what it says about precision.
    Cue(Option<Precision>),
    /// A compass word (شرقي).
    Direction,
    /// A preposition that licenses a small place name (في، قرب).
    Preposition,
    /// A containment word (التابعة).
    Contain,
}

/// Normalized word → role, from `place_cues.tsv`.
pub(crate) fn parse_cues(tsv: &str) -> Result<HashMap<String, Role>, Error> {
    let mut out = HashMap::default();
    for (i, line) in tsv.lines().enumerate() {
        if line.starts_with('#') || line.starts_with("word\t") || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let word = rasd_text::normalize(cols.first().copied().unwrap_or(""));
        let precision = match cols.get(2).copied().unwrap_or("") {
            "" => None,
            "neighbourhood" => Some(Precision::Neighbourhood),
            "town" => Some(Precision::Town),
            "district" => Some(Precision::District),
            "region" => Some(Precision::Region),
            other => {
                return Err(Error(format!(
                    "place_cues.tsv line {}: precision {other:?}",
                    i + 1
                )))
            }
        };
        let role = match cols.get(1).copied().unwrap_or("") {
            "cue" => Role::Cue(precision),
            "direction" => Role::Direction,
            "preposition" => Role::Preposition,
            "contain" => Role::Contain,
            other => {
                return Err(Error(format!(
                    "place_cues.tsv line {}: role {other:?}",
                    i + 1
                )))
            }
        };
        if !word.is_empty() {
            out.insert(word, role);
        }
    }
    Ok(out)
}
