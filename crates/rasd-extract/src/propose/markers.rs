//! Marker words and small text tests the proposal rules use: target markers, locatives,
//! weapon words, relative pronouns, summary and topic-shift openings. All in normalized
//! spelling (a test checks it), compared with the normalized text.

use crate::analysis::{previous_word, Analysis, SentenceInfo};
use std::ops::Range;

/// Words before an actor that make it the target of the action (على مواقع داعش، ضد الحوثيين،
/// استهدف تجمعات). Normalized spelling.
pub(crate) const TARGET_MARKERS: &[&str] = &[
    "علي",
    "ضد",
    "استهدف",
    "استهدفت",
    "استهداف",
    "مواقع",
    "موقع",
    "معاقل",
    "معقل",
    "تجمعات",
    "تجمع",
    "مقرات",
    "مقر",
    "اليات",
    "اهداف",
    "مراكز",
    "تحصينات",
    "مخازن",
    "دحر",
    "طرد",
];

/// Words that introduce a place (في حلب، قرب كيليس).
pub(crate) const LOCATIVES: &[&str] = &[
    "في",
    "قرب",
    "داخل",
    "عند",
    "علي",
    "الي",
    "من",
    "بين",
    "شمال",
    "جنوب",
    "شرق",
    "غرب",
    "وسط",
    "بالقرب",
    "محيط",
    "اطراف",
    "ضواحي",
];

/// Weapon and attack words after which a nationality adjective names the attacker.
pub(crate) const WEAPON_WORDS: &[&str] = &[
    "قصف",
    "القصف",
    "غارات",
    "الغارات",
    "غاره",
    "الغاره",
    "طايرات",
    "الطايرات",
    "طيران",
    "الطيران",
    "مقاتلات",
    "المقاتلات",
    "مقذوفات",
    "قذايف",
    "صواريخ",
    "مدفعيه",
    "المدفعيه",
    "ضربات",
    "الضربات",
    "قوات",
    "القوات",
    "هجوم",
    "مروحيات",
    "بوارج",
];

/// Aviation nouns that open actor phrases (طائرات التحالف، طيران النظام، مقاتلات روسية).
pub(crate) const AIRCRAFT: &[&str] = &["طايرات", "طايره", "طيران", "مقاتلات", "مروحيات", "مروحيه"];

/// Powers whose bombardment, in these countries, comes from the air: Russia in Syria
/// (from 2015), the United States in the wars of the region. Elsewhere (Russia in Ukraine) their
/// قصف may be artillery.
pub(crate) const AIR_CAMPAIGNS: &[(&str, &[&str])] = &[
    ("RU", &["SY"]),
    ("US", &["SY", "IQ", "YE", "LY", "SO", "AF", "PK"]),
];

/// Relative pronouns (normalized).
pub(crate) const RELATIVES: &[&str] = &[
    "الذي",
    "التي",
    "الذين",
    "اللذين",
    "اللتين",
    "اللواتي",
    "اللاتي",
];

/// Wire summaries of several separate incidents ("في حوادث أمنية منفصلة في مناطق متفرقة"):
/// their figures are sums of events told one by one in the sentences that follow.
pub(crate) const SUMMARY_MARKERS: &[&str] = &[
    "حوادث منفصله",
    "حوادث متفرقه",
    "حوادث امنيه منفصله",
    "حوادث امنيه متفرقه",
    "هجمات متفرقه",
    "هجمات منفصله",
    "اعمال عنف متفرقه",
    "اعمال عنف منفصله",
    "مناطق متفرقه",
];

/// Words that point back to the time of the event told just before (وقتل حينها 14).
pub(crate) const THEN: &[&str] = &[
    "حينها",
    "انذاك",
    "وقتها",
    "حينذاك",
    "يومها",
    "عندها",
    "حينيذ",
];

/// Nouns that turn a definite verbal noun into a category (عمليات القتل، جرائم الخطف،
/// ظاهرة التفجير): generic, not one event.
pub(crate) const GENERIC_FRAMES: &[&str] = &[
    "عمليات",
    "عمليه",
    "جرايم",
    "جريمه",
    "اعمال",
    "ظاهره",
    "موجه",
    "حمله",
    "سلسله",
    "مسلسل",
    "ثقافه",
];

/// Definite event nouns that refer back to an event already told (وأسفر الانفجار عن...).
pub(crate) const ANAPHORIC_NOUNS: &[&str] = &[
    "الانفجار",
    "الهجوم",
    "الحادث",
    "الحادثه",
    "العمليه",
    "التفجير",
    "الاعتداء",
    "الغاره",
    "القصف",
    "الاشتباك",
    "الاشتباكات",
    "الهجومين",
    "الانفجارين",
    "التفجيرين",
];

/// Countries whose conflicts rasd codes (the Arab world, its neighbours, and the Sahel and
/// Horn of Africa, as in ACLED's Middle East and Africa datasets). Elsewhere, an event needs a
/// named organised actor: a lone gunman in a cinema abroad is a crime page, not political
/// violence.
pub(crate) const REGION: &[&str] = &[
    "SY", "IQ", "YE", "SA", "EG", "LY", "LB", "JO", "PS", "IL", "TR", "IR", "KW", "AE", "QA", "BH",
    "OM", "TN", "DZ", "MA", "MR", "SD", "SS", "SO", "DJ", "KM", "ER", "ET", "KE", "NG", "CM", "TD",
    "NE", "ML", "AF", "PK", "EH",
];

/// Openings that turn to another incident ("on another note"): the figures of a sentence that
/// starts with one are not the previous event's. Normalized spelling, after و/ف.
pub(crate) const TOPIC_SHIFTS: &[&str] = &[
    "من جانب اخر",
    "من جهه اخري",
    "من جهه ثانيه",
    "في سياق اخر",
    "في تطور اخر",
    "في حادث اخر",
    "في حادث منفصل",
    "في حادثه اخري",
    "في حادثه منفصله",
    "علي صعيد اخر",
    "في شان اخر",
    "في غضون ذلك",
];

/// The two territory types: one side's gain is the other's loss.
pub(crate) const TERRITORY: [&str; 2] = [
    "government_regains_territory",
    "non_state_overtakes_territory",
];

/// Whether the word at `pos` opens a relative clause: right after a relative pronoun, or after
/// one and an auxiliary (الذي كان يسيطر، التي تم تحريرها).
pub(crate) fn in_relative_clause(norm: &str, pos: usize) -> bool {
    let Some((start, previous)) = previous_word(norm, pos) else {
        return false;
    };
    if RELATIVES.contains(&previous) {
        return true;
    }
    matches!(
        previous,
        "كان" | "كانت" | "كانوا" | "تم" | "قد" | "لا" | "ما"
    ) && previous_word(norm, start).is_some_and(|(_, w)| RELATIVES.contains(&w))
}

/// Whether the word at `pos` follows "بعد <duration> على/من" (after three days of ...): the
/// event it names is the reference point of another one.
pub(crate) fn after_duration(norm: &str, pos: usize) -> bool {
    const UNITS: &[&str] = &[
        "يوم",
        "يومين",
        "ايام",
        "اسبوع",
        "اسبوعين",
        "اسابيع",
        "شهر",
        "شهرين",
        "اشهر",
        "شهور",
        "عام",
        "عامين",
        "اعوام",
        "سنه",
        "سنتين",
        "سنوات",
        "ساعات",
        "ساعه",
    ];
    let mut at = pos;
    let mut words = Vec::new();
    for _ in 0..4 {
        match previous_word(norm, at) {
            Some((start, w)) => {
                words.push(w);
                at = start;
            }
            None => break,
        }
    }
    // words: [على|من, unit, (count), بعد] nearest first.
    matches!(words.first(), Some(&"علي") | Some(&"من"))
        && words.get(1).is_some_and(|w| UNITS.contains(w))
        && words[2..].contains(&"بعد")
}

/// Whether a clause boundary lies between two normalized offsets: a comma or semicolon
/// followed by و, or a contrastive conjunction (فيما، بينما).
pub(crate) fn clause_break(norm: &str, from: usize, to: usize) -> bool {
    let Some(between) = norm.get(from.min(to)..to.max(from)) else {
        return false;
    };
    ["، و", "،و", "؛", ", و", " فيما ", " بينما "]
        .iter()
        .any(|b| between.contains(b))
}

/// Number of words between two normalized offsets.
pub(crate) fn words_between(norm: &str, from: usize, to: usize) -> usize {
    if from >= to {
        return 0;
    }
    norm.get(from..to).map_or(0, |s| {
        s.split_whitespace()
            .filter(|w| w.chars().any(rasd_text::is_alphanumeric))
            .count()
    })
}

/// Marker phrase lists, each compiled once into one automaton: [`SUMMARY_MARKERS`] then
/// [`THEN`].
pub(crate) fn markers() -> &'static (aho_corasick::AhoCorasick, usize) {
    static MARKERS: std::sync::OnceLock<(aho_corasick::AhoCorasick, usize)> =
        std::sync::OnceLock::new();
    MARKERS.get_or_init(|| {
        let all: Vec<&str> = SUMMARY_MARKERS.iter().chain(THEN).copied().collect();
        // Fixed lists of plain words: building cannot fail.
        let automaton = aho_corasick::AhoCorasick::new(all).expect("marker automaton");
        (automaton, SUMMARY_MARKERS.len())
    })
}

/// Whether the sentence holds a phrase of [`SUMMARY_MARKERS`] (`summary`) or of [`THEN`] as
/// whole words (a proclitic may be glued in front: بحوادث متفرقة).
pub(crate) fn sentence_has(norm: &str, range: &Range<usize>, summary: bool) -> bool {
    let (automaton, split) = markers();
    let text = &norm[range.clone()];
    automaton.find_overlapping_iter(text).any(|m| {
        let wanted = (m.pattern().as_usize() < *split) == summary;
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        wanted
            && before.is_none_or(|c| {
                !rasd_text::is_alphanumeric(c) || matches!(c, 'و' | 'ف' | 'ب' | 'ل')
            })
            && after.is_none_or(|c| !rasd_text::is_alphanumeric(c))
    })
}

/// Whether the sentence opens with a [`TOPIC_SHIFTS`] phrase.
pub(crate) fn opens_new_topic(analysis: &Analysis, sentence: &SentenceInfo) -> bool {
    let head = analysis
        .text
        .normalized()
        .get(sentence.range.clone())
        .unwrap_or("")
        .trim_start_matches(|c: char| !rasd_text::is_alphanumeric(c));
    let after_conjunction = head.strip_prefix(['و', 'ف']).unwrap_or(head);
    TOPIC_SHIFTS
        .iter()
        .any(|t| head.starts_with(t) || after_conjunction.starts_with(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every word list here is compared with normalized text, so it must be written in
    /// normalized spelling (ئ → ي, ى → ي, ة → ه, no hamza on alef).
    #[test]
    fn word_lists_are_normalized() {
        let lists: &[(&str, &[&str])] = &[
            ("TARGET_MARKERS", TARGET_MARKERS),
            ("LOCATIVES", LOCATIVES),
            ("WEAPON_WORDS", WEAPON_WORDS),
            ("SUMMARY_MARKERS", SUMMARY_MARKERS),
            ("THEN", THEN),
            ("GENERIC_FRAMES", GENERIC_FRAMES),
            ("ANAPHORIC_NOUNS", ANAPHORIC_NOUNS),
            ("AIRCRAFT", AIRCRAFT),
            ("RELATIVES", RELATIVES),
            ("TOPIC_SHIFTS", TOPIC_SHIFTS),
        ];
        for (name, list) in lists {
            for word in *list {
                assert_eq!(rasd_text::normalize(word), *word, "{name}: {word}");
            }
        }
    }
}
