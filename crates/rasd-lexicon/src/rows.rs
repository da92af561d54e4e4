//! The rows of the lexicon files as written, before compilation: for tests, reviews and tools
//! (every trigger row carries an example and a counterexample that the tests run).

use std::collections::HashSet;

use crate::countries::{self, metonym_phrases, nationality_forms, state_actor_phrases, Country};
use crate::lexicons::{
    ActorEntry, ActorKind, Cue, CueKind, EventTypeInfo, Lexicon, LexiconError, Lexicons,
    Nationality, SourceEntry, Strength, Taxonomy, Trigger, TriggerForm, SOURCE_KINDS,
};
use crate::matcher::{Affixes, PhraseScan};
use crate::tsv::{split_list, Table};

const TRIGGERS: (&str, &str) = (
    "triggers.tsv",
    include_str!("../../../data/lexicon/triggers.tsv"),
);
const ACTORS: (&str, &str) = (
    "actors.tsv",
    include_str!("../../../data/lexicon/actors.tsv"),
);
const SOURCES: (&str, &str) = (
    "sources.tsv",
    include_str!("../../../data/lexicon/sources.tsv"),
);
const CUES: (&str, &str) = ("cues.tsv", include_str!("../../../data/lexicon/cues.tsv"));
const TAXONOMY: (&str, &str) = ("taxonomy.tsv", include_str!("../../../data/taxonomy.tsv"));
const COUNTRIES: (&str, &str) = ("countries.tsv", include_str!("../../../data/countries.tsv"));

/// One row of `triggers.tsv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TriggerRow {
    /// 1-based line in the file.
    pub line: usize,
    /// The entry every form of the row compiles to.
    pub trigger: Trigger,
    /// Surface forms, as written.
    pub forms: Vec<String>,
    /// A sentence one of the forms must match.
    pub example: String,
    /// A sentence none of the forms may match.
    pub counterexample: String,
    /// Where the knowledge comes from.
    pub source: String,
}

/// One row of `actors.tsv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActorRow {
    /// 1-based line in the file.
    pub line: usize,
    /// The entry every phrase of the row compiles to.
    pub entry: ActorEntry,
    /// Phrases, as written (before the ميليشيا spelling variants are added).
    pub phrases: Vec<String>,
    /// Where the knowledge comes from.
    pub source: String,
}

/// One row of `sources.tsv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceRow {
    /// 1-based line in the file.
    pub line: usize,
    /// The entry.
    pub entry: SourceEntry,
    /// Phrases, as written.
    pub phrases: Vec<String>,
    /// Where the knowledge comes from.
    pub source: String,
}

/// One row of `cues.tsv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CueRow {
    /// 1-based line in the file.
    pub line: usize,
    /// The entry.
    pub cue: Cue,
    /// Phrases, as written.
    pub phrases: Vec<String>,
    /// Where the knowledge comes from.
    pub source: String,
}

fn list(cell: &str) -> Vec<String> {
    split_list(cell).map(str::to_owned).collect()
}

/// The embedded taxonomy (`data/taxonomy.tsv`).
///
/// # Errors
/// When the file is malformed.
pub fn taxonomy() -> Result<Taxonomy, LexiconError> {
    let (file, text) = TAXONOMY;
    let table = Table::parse(file, text)?;
    let columns = [
        "type",
        "family",
        "acled_event_type",
        "acled_sub_event_type",
        "cameo",
    ]
    .map(|c| table.column(c));
    let [t, family, event, sub, cameo] = columns;
    let (t, family, event, sub, cameo) = (t?, family?, event?, sub?, cameo?);
    let mut types = Vec::new();
    for row in table.rows() {
        types.push(EventTypeInfo {
            event_type: table.required(row, t, "type")?.to_owned(),
            family: table.required(row, family, "family")?.to_owned(),
            acled_event_type: row.get(event).to_owned(),
            acled_sub_event_type: row.get(sub).to_owned(),
            cameo: row.get(cameo).to_owned(),
        });
    }
    Ok(Taxonomy::new(types))
}

/// The embedded `triggers.tsv`, checked against the taxonomy.
///
/// # Errors
/// When a row is malformed or names a type the taxonomy lacks.
pub fn trigger_rows() -> Result<Vec<TriggerRow>, LexiconError> {
    let taxonomy = taxonomy()?;
    let (file, text) = TRIGGERS;
    let table = Table::parse(file, text)?;
    let t = table.column("type")?;
    let detail = table.column("detail")?;
    let strength = table.column("strength")?;
    let form = table.column("form")?;
    let cameo = table.optional_column("cameo");
    let forms = table.column("forms")?;
    let example = table.column("example")?;
    let counterexample = table.column("counterexample")?;
    let source = table.column("source")?;
    let mut out = Vec::new();
    for row in table.rows() {
        let event_type = table.required(row, t, "type")?;
        if taxonomy.get(event_type).is_none() {
            return Err(table.error(row, format!("type `{event_type}` is not in taxonomy.tsv")));
        }
        let strength = match table.required(row, strength, "strength")? {
            "strong" => Strength::Strong,
            "weak" => Strength::Weak,
            other => return Err(table.error(row, format!("strength `{other}`: strong or weak"))),
        };
        let form_name = table.required(row, form, "form")?;
        let form = TriggerForm::from_name(form_name).ok_or_else(|| {
            table.error(
                row,
                format!("form `{form_name}`: verb, passive, verbal_noun or noun"),
            )
        })?;
        let surface = list(table.required(row, forms, "forms")?);
        if surface.is_empty() {
            return Err(table.error(row, "no forms"));
        }
        out.push(TriggerRow {
            line: row.line,
            trigger: Trigger {
                event_type: event_type.to_owned(),
                detail: row.get_opt(Some(detail)).map(str::to_owned),
                strength,
                form,
                cameo: row.get_opt(cameo).map(str::to_owned),
            },
            forms: surface,
            example: table.required(row, example, "example")?.to_owned(),
            counterexample: table
                .required(row, counterexample, "counterexample")?
                .to_owned(),
            source: table.required(row, source, "source")?.to_owned(),
        });
    }
    Ok(out)
}

/// The embedded `actors.tsv`.
///
/// # Errors
/// When a row is malformed (unknown kind, bad country code, no phrase).
pub fn actor_rows() -> Result<Vec<ActorRow>, LexiconError> {
    let (file, text) = ACTORS;
    let table = Table::parse(file, text)?;
    let code = table.column("code")?;
    let kind = table.column("kind")?;
    let name = table.column("name")?;
    let country = table.column("country")?;
    let phrases = table.column("phrases")?;
    let source = table.column("source")?;
    let mut out = Vec::new();
    for row in table.rows() {
        let kind_name = table.required(row, kind, "kind")?;
        let kind = ActorKind::from_name(kind_name)
            .ok_or_else(|| table.error(row, format!("unknown kind `{kind_name}`")))?;
        let country = row.get_opt(Some(country));
        if let Some(c) = country {
            if c.len() != 2 || !c.bytes().all(|b| b.is_ascii_uppercase()) {
                return Err(table.error(row, format!("country `{c}`: ISO 3166-1 alpha-2")));
            }
        }
        let phrases = list(table.required(row, phrases, "phrases")?);
        if phrases.is_empty() {
            return Err(table.error(row, "no phrases"));
        }
        out.push(ActorRow {
            line: row.line,
            entry: ActorEntry {
                code: table.required(row, code, "code")?.to_owned(),
                kind,
                name: table.required(row, name, "name")?.to_owned(),
                country: country.map(str::to_owned),
            },
            phrases,
            source: table.required(row, source, "source")?.to_owned(),
        });
    }
    Ok(out)
}

/// The embedded `sources.tsv`.
///
/// # Errors
/// When a row is malformed (a kind the spec lacks, no phrase).
pub fn source_rows() -> Result<Vec<SourceRow>, LexiconError> {
    let (file, text) = SOURCES;
    let table = Table::parse(file, text)?;
    let kind = table.column("kind")?;
    let code = table.optional_column("code");
    let phrases = table.column("phrases")?;
    let source = table.column("source")?;
    let mut out = Vec::new();
    for row in table.rows() {
        let kind = table.required(row, kind, "kind")?;
        if !SOURCE_KINDS.contains(&kind) {
            return Err(table.error(row, format!("unknown attribution kind `{kind}`")));
        }
        out.push(SourceRow {
            line: row.line,
            entry: SourceEntry {
                kind: kind.to_owned(),
                code: row.get_opt(code).map(str::to_owned),
            },
            phrases: list(table.required(row, phrases, "phrases")?),
            source: table.required(row, source, "source")?.to_owned(),
        });
    }
    Ok(out)
}

/// The embedded `cues.tsv`.
///
/// # Errors
/// When a row is malformed (unknown kind, no phrase).
pub fn cue_rows() -> Result<Vec<CueRow>, LexiconError> {
    let (file, text) = CUES;
    let table = Table::parse(file, text)?;
    let kind = table.column("kind")?;
    let phrases = table.column("phrases")?;
    let source = table.column("source")?;
    let mut out = Vec::new();
    for row in table.rows() {
        let name = table.required(row, kind, "kind")?;
        let kind = CueKind::from_name(name)
            .ok_or_else(|| table.error(row, format!("unknown cue kind `{name}`")))?;
        out.push(CueRow {
            line: row.line,
            cue: Cue { kind },
            phrases: list(table.required(row, phrases, "phrases")?),
            source: table.required(row, source, "source")?.to_owned(),
        });
    }
    Ok(out)
}

/// The embedded `data/countries.tsv`.
///
/// # Errors
/// When a row is malformed.
pub fn countries() -> Result<Vec<Country>, LexiconError> {
    let (file, text) = COUNTRIES;
    countries::parse_countries(file, text)
}

/// Spellings of "militia" found in newswire: ميليشيا، مليشيا، ميلشيا (and their plurals,
/// ميليشيات ...). A phrase of `actors.tsv` written with one gets the others.
pub fn militia_spellings(phrase: &str) -> Vec<String> {
    const SPELLINGS: [&str; 3] = ["ميليشي", "مليشي", "ميلشي"];
    let mut out = vec![phrase.to_owned()];
    if let Some(found) = SPELLINGS.iter().find(|s| phrase.contains(**s)) {
        for other in SPELLINGS.iter().filter(|s| *s != found) {
            out.push(phrase.replace(found, other));
        }
    }
    out
}

/// Drops repeated `(phrase, entry)` pairs, comparing phrases after normalization.
fn dedupe<T: Clone + Eq + std::hash::Hash>(items: Vec<(String, T)>) -> Vec<(String, T)> {
    let mut seen = HashSet::new();
    items
        .into_iter()
        .filter(|(phrase, entry)| seen.insert((rasd_text::normalize(phrase.trim()), entry.clone())))
        .collect()
}

/// Every actor phrase: `actors.tsv` (with militia spellings), then the generated state phrases.
pub(crate) fn actor_items(rows: &[ActorRow], countries: &[Country]) -> Vec<(String, ActorEntry)> {
    let mut items = Vec::new();
    for row in rows {
        for phrase in &row.phrases {
            for spelling in militia_spellings(phrase) {
                items.push((spelling, row.entry.clone()));
            }
        }
    }
    for country in countries {
        items.extend(state_actor_phrases(country));
    }
    dedupe(items)
}

/// Loads every lexicon (see [`Lexicons::load`]).
pub(crate) fn load() -> Result<Lexicons, LexiconError> {
    let taxonomy = taxonomy()?;

    let triggers: Vec<(String, Trigger)> = trigger_rows()?
        .into_iter()
        .flat_map(|row| {
            let trigger = row.trigger;
            row.forms
                .into_iter()
                .map(move |form| (form, trigger.clone()))
        })
        .collect();
    let countries = countries()?;
    let actor_rows = actor_rows()?;
    // The actor automaton (about 10,000 patterns with the generated state phrases) takes as
    // long to build as all the others together: build it on a second thread meanwhile. Where
    // no thread can be started it is built here.
    let build_actors = || {
        Lexicon::build(
            ACTORS.0,
            actor_items(&actor_rows, &countries),
            Affixes::Nominal,
        )
    };
    let (actors, others) = std::thread::scope(|scope| {
        let worker = std::thread::Builder::new()
            .name("rasd-lexicon-actors".into())
            .spawn_scoped(scope, build_actors);
        let others = build_others(triggers, &actor_rows, &countries);
        let actors = match worker {
            Ok(handle) => handle.join().unwrap_or_else(|_| build_actors()),
            Err(_) => build_actors(),
        };
        (actors, others)
    });
    let (triggers, sources, cues, metonyms, nationalities, scan) = others?;
    Ok(Lexicons {
        scan,
        triggers,
        actors: actors?,
        sources,
        cues,
        taxonomy,
        metonyms,
        nationalities,
        countries,
    })
}

/// The lexicons other than the actors, and their scan.
type Others = (
    Lexicon<Trigger>,
    Lexicon<SourceEntry>,
    Lexicon<Cue>,
    Lexicon<ActorEntry>,
    Lexicon<Nationality>,
    PhraseScan,
);

/// Compiles the triggers, sources, cues, metonyms and nationalities into one automaton (their
/// own are compiled only if they are searched alone).
fn build_others(
    triggers: Vec<(String, Trigger)>,
    actor_rows: &[ActorRow],
    countries: &[Country],
) -> Result<Others, LexiconError> {
    let triggers = Lexicon::build_deferred(dedupe(triggers), Affixes::Any, &["ي"]);
    let mut sources: Vec<(String, SourceEntry)> = source_rows()?
        .into_iter()
        .flat_map(|row| {
            let entry = row.entry;
            row.phrases.into_iter().map(move |p| (p, entry.clone()))
        })
        .collect();
    // Outlets and organisations named in actors.tsv are sources too, unless sources.tsv already
    // says what a phrase is (المرصد السوري: monitor, not ngo).
    let listed: HashSet<String> = sources
        .iter()
        .map(|(p, _)| rasd_text::normalize(p))
        .collect();
    for row in actor_rows {
        let kind = match row.entry.kind {
            ActorKind::Media => "media",
            ActorKind::Ngo => "ngo",
            ActorKind::Igo => "igo",
            _ => continue,
        };
        for phrase in &row.phrases {
            if !listed.contains(&rasd_text::normalize(phrase)) {
                let entry = SourceEntry {
                    kind: kind.to_owned(),
                    code: Some(row.entry.code.clone()),
                };
                sources.push((phrase.clone(), entry));
            }
        }
    }
    let sources = Lexicon::build_deferred(dedupe(sources), Affixes::Nominal, &[]);

    let cues = cue_rows()?
        .into_iter()
        .flat_map(|row| {
            let cue = row.cue;
            row.phrases.into_iter().map(move |p| (p, cue.clone()))
        })
        .collect();
    let cues = Lexicon::build_deferred(dedupe(cues), Affixes::Verbal, &[]);

    let metonyms = countries
        .iter()
        .flat_map(|c| metonym_phrases(c, countries))
        .collect();
    let metonyms = Lexicon::build_deferred(dedupe(metonyms), Affixes::Nominal, &[]);

    let nationalities = countries
        .iter()
        .flat_map(|c| {
            let entry = Nationality {
                iso2: c.iso2.clone(),
                iso3: c.iso3.clone(),
            };
            nationality_forms(c)
                .into_iter()
                .map(move |form| (form, entry.clone()))
        })
        .collect();
    let nationalities = Lexicon::build_deferred(dedupe(nationalities), Affixes::Nominal, &[]);

    // The order of `Lexicons::scanned`.
    let scan = PhraseScan::new(&[
        &triggers.matcher,
        &metonyms.matcher,
        &sources.matcher,
        &cues.matcher,
        &nationalities.matcher,
    ])
    .map_err(|source| LexiconError::Automaton {
        file: "triggers.tsv, sources.tsv, cues.tsv, countries.tsv",
        source,
    })?;
    Ok((triggers, sources, cues, metonyms, nationalities, scan))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn militia_spellings_are_expanded() {
        let v = militia_spellings("الميليشيات الإيرانية");
        assert!(v.contains(&"الميلشيات الإيرانية".to_owned()));
        assert!(v.contains(&"المليشيات الإيرانية".to_owned()));
        assert_eq!(militia_spellings("داعش"), vec!["داعش".to_owned()]);
    }

    #[test]
    fn dedupe_compares_normalized_phrases() {
        let items = vec![
            ("إعدام".to_owned(), 1),
            ("اعدام".to_owned(), 1),
            ("اعدام".to_owned(), 2),
        ];
        assert_eq!(dedupe(items).len(), 2);
    }
}
