//! Countries (`data/countries.tsv`) and the state-actor phrases generated from them: a noun of
//! the state (الجيش، القوات، الحكومة، الشرطة ...) followed by the nationality adjective in
//! agreement (الجيش السوري، القوات السورية، الجنود الأتراك is not derivable and is left out), or
//! a construct with the country name (جيش مصر، حكومة العراق).

use crate::lexicons::{ActorEntry, ActorKind, LexiconError};
use crate::tsv::{split_list, Table};

/// One row of `data/countries.tsv`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Country {
    /// ISO 3166-1 alpha-2 (`SY`).
    pub iso2: String,
    /// ISO 3166-1 alpha-3 (`SYR`), the prefix of state actor codes.
    pub iso3: String,
    /// English name.
    pub name_en: String,
    /// Arabic names, the first the usual one (سوريا، سورية ...).
    pub names_ar: Vec<String>,
    /// Masculine singular nationality adjectives without the article (سوري; أمريكي، أميركي).
    pub adjectives: Vec<String>,
    /// The capital, used as a metonym for the government (أنقرة تعلن).
    pub capital: Option<String>,
}

/// Which agreement form of the nationality adjective a noun takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Agreement {
    /// Masculine singular: الجيش السوري.
    Masculine,
    /// Feminine singular, also for non-human plurals: القوات السورية، الطائرات الروسية.
    Feminine,
    /// Sound masculine plural for people: المدنيين السوريين. Both case endings are generated.
    HumanPlural,
}

/// The kind of state actor a noun names, and the code suffix for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum StateRole {
    Military,
    Police,
    Government,
    Civilians,
    Media,
}

impl StateRole {
    fn suffix(self) -> &'static str {
        match self {
            StateRole::Military => "MIL",
            StateRole::Police => "COP",
            StateRole::Government => "GOV",
            StateRole::Civilians => "CVL",
            StateRole::Media => "MED",
        }
    }

    fn kind(self) -> ActorKind {
        match self {
            StateRole::Military => ActorKind::StateForces,
            StateRole::Police => ActorKind::Police,
            StateRole::Government => ActorKind::Government,
            StateRole::Civilians => ActorKind::Civilians,
            StateRole::Media => ActorKind::Media,
        }
    }

    fn name(self, country: &str) -> String {
        match self {
            StateRole::Military => format!("Military Forces of {country}"),
            StateRole::Police => format!("Police Forces of {country}"),
            StateRole::Government => format!("Government of {country}"),
            StateRole::Civilians => format!("Civilians ({country})"),
            StateRole::Media => format!("Media ({country})"),
        }
    }
}

use Agreement::{Feminine as F, HumanPlural as P, Masculine as M};
use StateRole::{
    Civilians as CVL, Government as GOV, Media as MED, Military as MIL, Police as COP,
};

/// Nouns followed by the nationality adjective. Definite nouns take the definite adjective
/// (الجيش السوري), indefinite ones the indefinite (طائرات روسية). General knowledge of newswire
/// usage; "النظام" is the regime as an armed actor (spec: قوات النظام is SYRMIL).
const NOUNS_WITH_ADJECTIVE: &[(&str, Agreement, StateRole)] = &[
    ("الجيش", M, MIL),
    ("القوات", F, MIL),
    ("القوات المسلحة", F, MIL),
    ("قوات الأمن", F, MIL),
    ("القوات الأمنية", F, MIL),
    ("الأجهزة الأمنية", F, MIL),
    ("أجهزة الأمن", F, MIL),
    ("الطيران", M, MIL),
    ("الطيران الحربي", M, MIL),
    ("سلاح الجو", M, MIL),
    ("القوات الجوية", F, MIL),
    ("الطائرات", F, MIL),
    ("الطائرات الحربية", F, MIL),
    ("المقاتلات", F, MIL),
    ("البحرية", F, MIL),
    ("القوات البحرية", F, MIL),
    ("المدفعية", F, MIL),
    ("القوات الخاصة", F, MIL),
    ("القوات البرية", F, MIL),
    ("الدفاعات الجوية", F, MIL),
    ("حرس الحدود", M, MIL),
    ("قوات حرس الحدود", F, MIL),
    ("الاستخبارات", F, MIL),
    ("المخابرات", F, MIL),
    ("قوات الاحتلال", M, MIL),
    ("النظام", M, MIL),
    ("الجنود", P, MIL),
    ("العسكريين", P, MIL),
    ("طائرات", F, MIL),
    ("طائرة", F, MIL),
    ("مقاتلات", F, MIL),
    ("طيران", M, MIL),
    ("قوات", F, MIL),
    ("مروحيات", F, MIL),
    ("جندي", M, MIL),
    ("جنود", P, MIL),
    ("الشرطة", F, COP),
    ("قوات الشرطة", F, COP),
    ("الأمن", M, COP),
    ("شرطة", F, COP),
    ("الحكومة", F, GOV),
    ("السلطات", F, GOV),
    ("وزارة الداخلية", F, GOV),
    ("وزارة الدفاع", F, GOV),
    ("وزارة الخارجية", F, GOV),
    ("الخارجية", F, GOV),
    ("الداخلية", F, GOV),
    ("الرئاسة", F, GOV),
    ("الرئيس", M, GOV),
    ("رئيس الوزراء", M, GOV),
    ("رئيس الحكومة", F, GOV),
    ("وزير الخارجية", M, GOV),
    ("وزير الدفاع", M, GOV),
    ("وزير الداخلية", M, GOV),
    ("البرلمان", M, GOV),
    ("مسؤول", M, GOV),
    ("مسؤولين", P, GOV),
    ("المسؤولين", P, GOV),
    ("المدنيين", P, CVL),
    ("مدنيين", P, CVL),
    ("المواطنين", P, CVL),
    ("مواطنين", P, CVL),
    ("مواطن", M, CVL),
    ("اللاجئين", P, CVL),
    ("لاجئين", P, CVL),
    ("التلفزيون", M, MED),
    ("الإعلام", M, MED),
    ("وسائل الإعلام", F, MED),
    ("وكالة الأنباء", F, MED),
    ("الصحافة", F, MED),
    ("صحفي", M, MED),
];

/// Nouns in construct with the country name: جيش مصر، حكومة العراق.
const NOUNS_WITH_NAME: &[(&str, StateRole)] = &[
    ("جيش", MIL),
    ("قوات", MIL),
    ("جنود", MIL),
    ("طيران", MIL),
    ("شرطة", COP),
    ("حكومة", GOV),
    ("سلطات", GOV),
    ("رئيس", GOV),
    ("رئاسة", GOV),
    ("خارجية", GOV),
    ("وزارة خارجية", GOV),
    ("وزارة داخلية", GOV),
    ("وزارة دفاع", GOV),
];

/// Nationality adjectives that are also common words: مالي is "financial" (السلطات المالية are
/// financial authorities). Only military nouns are generated with them (الجيش المالي).
const AMBIGUOUS_ADJECTIVES: &[&str] = &["مالي"];

/// The inflected forms of a nationality adjective for one agreement and definiteness.
///
/// A one-word nisba takes ة (feminine) or ين/ون (plural) and the article. In a phrase of several
/// words, every word ending in ي agrees when all do (كوري شمالي → الكورية الشمالية); otherwise
/// only the last word agrees and only the first takes the article (جنوب سوداني → الجنوب سودانية).
fn inflect(adjective: &str, agreement: Agreement, definite: bool) -> Vec<String> {
    let words: Vec<&str> = adjective.split_whitespace().collect();
    let all_nisba = words.iter().all(|w| w.ends_with('ي'));
    let endings: &[&str] = match agreement {
        Agreement::Masculine => &[""],
        Agreement::Feminine => &["ة"],
        Agreement::HumanPlural => &["ين", "ون"],
    };
    endings
        .iter()
        .map(|ending| {
            let last = words.len().saturating_sub(1);
            words
                .iter()
                .enumerate()
                .map(|(i, w)| {
                    let agrees = if all_nisba { true } else { i == last };
                    let article = definite && (all_nisba || i == 0);
                    format!(
                        "{}{}{}",
                        if article { "ال" } else { "" },
                        w,
                        if agrees { *ending } else { "" }
                    )
                })
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect()
}

/// Every agreement form of every adjective of a country (سوري، سورية، سوريين، سوريون), without
/// the article (the matcher adds it).
pub(crate) fn nationality_forms(country: &Country) -> Vec<String> {
    let mut out = Vec::new();
    for adjective in &country.adjectives {
        for agreement in [
            Agreement::Masculine,
            Agreement::Feminine,
            Agreement::HumanPlural,
        ] {
            out.extend(inflect(adjective, agreement, false));
        }
    }
    out
}

/// The state-actor phrases of one country with their entries.
pub(crate) fn state_actor_phrases(country: &Country) -> Vec<(String, ActorEntry)> {
    let entry = |role: StateRole| ActorEntry {
        code: format!("{}{}", country.iso3, role.suffix()),
        kind: role.kind(),
        name: role.name(&country.name_en),
        country: Some(country.iso2.clone()),
    };
    let mut out = Vec::new();
    for adjective in &country.adjectives {
        let ambiguous = AMBIGUOUS_ADJECTIVES.contains(&adjective.as_str());
        for &(noun, agreement, role) in NOUNS_WITH_ADJECTIVE {
            if ambiguous && role != StateRole::Military {
                continue;
            }
            let definite = noun.starts_with("ال") || noun.contains(" ال");
            for form in inflect(adjective, agreement, definite) {
                out.push((format!("{noun} {form}"), entry(role)));
            }
        }
    }
    for name in &country.names_ar {
        for &(noun, role) in NOUNS_WITH_NAME {
            out.push((format!("{noun} {name}"), entry(role)));
        }
    }
    out
}

/// Metonyms for a country's government: its capital and its names, as the subject of a verb
/// (أنقرة تعلن، تركيا تقصف). A capital spelt like a country name is left out (عمان: Amman and
/// Oman).
pub(crate) fn metonym_phrases(country: &Country, all: &[Country]) -> Vec<(String, ActorEntry)> {
    let entry = ActorEntry {
        code: format!("{}GOV", country.iso3),
        kind: ActorKind::Government,
        name: format!("Government of {}", country.name_en),
        country: Some(country.iso2.clone()),
    };
    let mut out: Vec<(String, ActorEntry)> = country
        .names_ar
        .iter()
        .map(|n| (n.clone(), entry.clone()))
        .collect();
    if let Some(capital) = &country.capital {
        let folded = rasd_text::normalize(capital);
        let clashes = all
            .iter()
            .flat_map(|c| c.names_ar.iter())
            .any(|n| rasd_text::normalize(n) == folded);
        if !clashes {
            out.push((capital.clone(), entry));
        }
    }
    out
}

/// Parses `data/countries.tsv`.
pub(crate) fn parse_countries(
    file: &'static str,
    text: &str,
) -> Result<Vec<Country>, LexiconError> {
    let table = Table::parse(file, text)?;
    let iso2 = table.column("iso2")?;
    let iso3 = table.column("iso3")?;
    let name_en = table.column("name_en")?;
    let names_ar = table.column("names_ar")?;
    let adjective = table.column("adjective_ar")?;
    let capital = table.optional_column("capital_ar");
    let mut out = Vec::new();
    for row in table.rows() {
        let code2 = table.required(row, iso2, "iso2")?;
        let code3 = table.required(row, iso3, "iso3")?;
        let valid = |code: &str, len: usize| {
            code.len() == len && code.bytes().all(|b| b.is_ascii_uppercase())
        };
        if !valid(code2, 2) || !valid(code3, 3) {
            return Err(table.error(row, format!("bad ISO codes `{code2}` `{code3}`")));
        }
        out.push(Country {
            iso2: code2.to_owned(),
            iso3: code3.to_owned(),
            name_en: table.required(row, name_en, "name_en")?.to_owned(),
            names_ar: split_list(table.required(row, names_ar, "names_ar")?)
                .map(str::to_owned)
                .collect(),
            adjectives: split_list(row.get(adjective)).map(str::to_owned).collect(),
            capital: row.get_opt(capital).map(str::to_owned),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agreement_of_one_and_two_word_adjectives() {
        assert_eq!(inflect("سوري", F, true), vec!["السورية"]);
        assert_eq!(inflect("سوري", P, false), vec!["سوريين", "سوريون"]);
        assert_eq!(inflect("كوري شمالي", F, true), vec!["الكورية الشمالية"]);
        assert_eq!(inflect("جنوب سوداني", M, true), vec!["الجنوب سوداني"]);
        assert_eq!(inflect("جنوب سوداني", F, false), vec!["جنوب سودانية"]);
    }
}
