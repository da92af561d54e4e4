//! The light stemmer of the text search: a word's inflections and its passive adjective to one
//! key, so قتل finds قتلى، قتيلا، قتلوا، يقتل and اشتباك finds اشتباكات.
//!
//! The rules are the rows of `data/search/stemmer.tsv` (Light10's suffixes and a few more from
//! Arabic grammar; the file gives its sources). Why not Snowball's Arabic stemmer (the
//! `rust-stemmers` crate): it stems a word differently with and without the article
//! (اشتباكات → اشتباكا, الاشتباكات → اشتباك; غارات → غارا, الغارات → غار) and keeps the
//! plural ى (القتلى → قتلي), so neither قتل nor اشتباك finds the seed's and the development
//! set's articles; `docs/store.md` has the figures. Root stemmers (ISRI, Khoja) find more
//! forms but join unrelated words (شبكة "network" with اشتباك, مدينة with دين), which a search
//! for events cannot afford.

use std::sync::OnceLock;

/// The rules file, compiled in.
const RULES: &str = include_str!("../../../data/search/stemmer.tsv");

/// One affix rule.
#[derive(Debug)]
struct Affix {
    affix: String,
    /// Letters that must remain after removing it.
    keep: usize,
}

/// The rules, parsed once.
#[derive(Debug, Default)]
struct Rules {
    suffixes: Vec<Affix>,
    prefixes: Vec<Affix>,
    /// Templates over the root letters ف ع ل, as letters.
    patterns: Vec<Vec<char>>,
}

/// The root-letter slots of a pattern.
const SLOTS: [char; 3] = ['ف', 'ع', 'ل'];

fn rules() -> &'static Rules {
    static RULES_CELL: OnceLock<Rules> = OnceLock::new();
    RULES_CELL.get_or_init(|| parse(RULES))
}

/// Parses the rules; rows it cannot read are left out (a test checks that none is).
fn parse(text: &str) -> Rules {
    let mut rules = Rules::default();
    for line in text.lines().filter(|l| !l.starts_with('#')).skip(1) {
        let fields: Vec<&str> = line.split('\t').collect();
        let [kind, affix, keep, ..] = fields[..] else {
            continue;
        };
        let Ok(keep) = keep.parse() else { continue };
        let affix = affix.to_owned();
        match kind {
            "suffix" => rules.suffixes.push(Affix { affix, keep }),
            "prefix" => rules.prefixes.push(Affix { affix, keep }),
            "pattern" => rules.patterns.push(affix.chars().collect()),
            _ => {}
        }
    }
    rules
}

/// The stem of one word already through [`crate::search_normalize`] (folded, proclitics off).
///
/// ```
/// use rasd_store::stem;
/// for word in ["قتلي", "قتيلا", "قتلوا", "يقتل", "قتل"] {
///     assert_eq!(stem(word), "قتل");
/// }
/// assert_eq!(stem("اشتباكات"), stem("اشتباك"));
/// ```
pub fn stem(word: &str) -> String {
    let rules = rules();
    let mut letters: Vec<char> = word.chars().collect();
    // A passive adjective as written, or with its tanween (قتيل, قتيلا); not after other
    // suffixes: مدينة is فعيلة, a noun of its own.
    let bare = match letters.split_last() {
        Some(('ا', rest)) if rest.len() > SLOTS.len() => rest,
        _ => &letters[..],
    };
    if let Some(root) = rules.patterns.iter().find_map(|p| root_of(bare, p)) {
        return root.into_iter().collect();
    }
    // Suffixes in file order, each once per pass; passes until none applies (اصابتها: ها,
    // then ت), so a word loses its stack of endings whatever their order.
    loop {
        let before = letters.len();
        for rule in &rules.suffixes {
            strip(&mut letters, rule, true);
        }
        if letters.len() == before {
            break;
        }
    }
    for rule in &rules.prefixes {
        strip(&mut letters, rule, false);
    }
    letters.into_iter().collect()
}

fn strip(letters: &mut Vec<char>, rule: &Affix, suffix: bool) {
    let affix: Vec<char> = rule.affix.chars().collect();
    if letters.len() < rule.keep + affix.len() {
        return;
    }
    if suffix && letters.ends_with(&affix) {
        letters.truncate(letters.len() - affix.len());
    } else if !suffix && letters.starts_with(&affix) {
        letters.drain(..affix.len());
    }
}

/// The root letters of `letters` when it is built on `pattern`.
fn root_of(letters: &[char], pattern: &[char]) -> Option<Vec<char>> {
    if letters.len() != pattern.len() {
        return None;
    }
    let mut root = Vec::with_capacity(SLOTS.len());
    for (&letter, &slot) in letters.iter().zip(pattern) {
        if SLOTS.contains(&slot) {
            root.push(letter);
        } else if letter != slot {
            return None;
        }
    }
    Some(root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_is_read_and_its_example_holds() {
        let rows: Vec<&str> = RULES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .skip(1)
            .collect();
        let rules = parse(RULES);
        assert_eq!(
            rows.len(),
            rules.suffixes.len() + rules.prefixes.len() + rules.patterns.len()
        );
        for row in rows {
            let example = row.split('\t').nth(3).unwrap();
            let (word, expected) = example.split_once(' ').unwrap();
            assert_eq!(stem(word), expected, "{row}");
        }
    }

    #[test]
    fn short_words_keep_their_letters() {
        for word in ["يمن", "يوم", "قوه", "حلب", "ان", ""] {
            assert_eq!(stem(word), word);
        }
        // Only the passive-adjective pattern of four letters: سعيد stays apart from سعوديه.
        assert_eq!(stem("سعيد"), "سعد");
        assert_ne!(stem("سعوديه"), stem("سعيد"));
    }
}
