//! Nationality adjectives (نسبة) that name a state's forces after a weapon word: قصف روسي،
//! الغارات التركية، مقذوفات سعودية. Read from `data/countries.tsv`.
//!
//! A bare adjective elsewhere (مواطن سوري) names a person, not an actor, so the pipeline only
//! uses these matches right after an attack or weapon word.

use rasd_lexicon::{Affixes, PhraseMatch, PhraseMatcher, PhraseMatcherBuilder};
use rasd_text::NormalizedText;

const COUNTRIES: &str = include_str!("../../../data/countries.tsv");

/// One country's codes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2.
    pub iso2: String,
    /// ISO 3166-1 alpha-3, the prefix of state actor codes (SYRMIL).
    pub iso3: String,
    /// English name.
    pub name_en: String,
}

/// Matches nationality adjectives in their masculine, feminine and plural forms.
#[derive(Debug)]
pub struct Nationalities {
    matcher: PhraseMatcher,
    /// The country of each matcher entry.
    entry_country: Vec<usize>,
    countries: Vec<Country>,
}

impl Nationalities {
    /// Builds the matcher from the embedded country table.
    ///
    /// # Errors
    /// When a row is malformed or the automaton cannot be built.
    pub fn new() -> Result<Nationalities, String> {
        let mut builder = PhraseMatcherBuilder::new();
        let mut entry_country = Vec::new();
        let mut countries = Vec::new();
        for (n, line) in COUNTRIES.lines().enumerate() {
            if line.starts_with('#') || line.starts_with("iso2\t") || line.trim().is_empty() {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 5 {
                return Err(format!("countries.tsv:{}: expected 6 columns", n + 1));
            }
            let index = countries.len();
            countries.push(Country {
                iso2: cols[0].to_owned(),
                iso3: cols[1].to_owned(),
                name_en: cols[2].to_owned(),
            });
            for adjective in cols[4].split('|').filter(|a| !a.trim().is_empty()) {
                let adjective = adjective.trim();
                // Masculine, feminine (+ة), sound plurals (+ون/+ين); the matcher adds ال.
                for form in [
                    adjective.to_owned(),
                    format!("{adjective}ة"),
                    format!("{adjective}ون"),
                    format!("{adjective}ين"),
                ] {
                    builder.add(&form);
                    entry_country.push(index);
                }
            }
        }
        let matcher = builder
            .build(Affixes::Nominal)
            .map_err(|e| format!("countries.tsv: {e}"))?;
        Ok(Nationalities {
            matcher,
            entry_country,
            countries,
        })
    }

    /// Every adjective in the text with its country.
    pub fn find(&self, text: &NormalizedText) -> Vec<(PhraseMatch, &Country)> {
        self.matcher
            .find_longest(text)
            .into_iter()
            .map(|m| {
                let c = &self.countries[self.entry_country[m.entry]];
                (m, c)
            })
            .collect()
    }

    /// The country with this alpha-2 code.
    pub fn by_iso2(&self, iso2: &str) -> Option<&Country> {
        self.countries.iter().find(|c| c.iso2 == iso2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adjectives_in_all_forms() {
        let n = Nationalities::new().unwrap();
        let text = NormalizedText::new("قصف روسي وسوري والغارات التركية");
        let found: Vec<&str> = n.find(&text).iter().map(|(_, c)| c.iso3.as_str()).collect();
        assert_eq!(found, vec!["RUS", "SYR", "TUR"]);
    }
}
