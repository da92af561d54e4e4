//! The normalization shared by the search index and search queries.

/// Normalizes text for the search index and for queries (the same function for both, so they
/// always agree): `rasd_text::normalize` (harakat and tatweel dropped, أ إ آ ٱ → ا, ى → ي,
/// ة → ه, ؤ ئ → و ي, Eastern digits → ASCII), then per token the conjunction و, one of the
/// prepositions ب ل ك and the conjunction ف, and the article ال are stripped, so قُتِلَ finds
/// قتل, إدلب finds ادلب, والمدينة finds مدينة and بحلب finds حلب. Tokens are joined with single
/// spaces.
///
/// A proclitic is stripped only while at least three letters remain, so short words keep their
/// first letter; a word that merely starts with one of these letters (بيروت) is cut the same
/// way in the index and in the query, so it still matches itself.
///
/// ```
/// use rasd_store::search_normalize;
/// assert_eq!(search_normalize("قُتِلَ"), search_normalize("قتل"));
/// assert_eq!(search_normalize("إدلب"), search_normalize("ادلب"));
/// assert_eq!(search_normalize("والمدينة"), search_normalize("مدينه"));
/// assert_eq!(search_normalize("بحلب"), "حلب");
/// ```
pub fn search_normalize(text: &str) -> String {
    let normalized = rasd_text::normalize(text);
    let mut out = String::with_capacity(normalized.len());
    for token in normalized
        .split(|c: char| !c.is_alphanumeric())
        .filter(|t| !t.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(strip_proclitics(token));
    }
    out
}

fn strip_proclitics(token: &str) -> &str {
    let letters = |s: &str| s.chars().count();
    let mut t = token;
    let strip = |t: &mut &str, prefix: &str, keep: usize| {
        if let Some(rest) = t.strip_prefix(prefix) {
            if letters(rest) >= keep {
                *t = rest;
                return true;
            }
        }
        false
    };
    // و or ف first (وبالمدينة, فالقصف), then ب ل ك, then ال; لل is ل + ال (للمدينة).
    let _ = strip(&mut t, "و", 3) || strip(&mut t, "ف", 3);
    if !strip(&mut t, "لل", 3) {
        let _ = strip(&mut t, "ب", 3) || strip(&mut t, "ل", 3) || strip(&mut t, "ك", 3);
        let _ = strip(&mut t, "ال", 2);
    }
    t
}

/// The FTS5 query for a user's query: every normalized token quoted (so no FTS5 syntax gets
/// through) and all required. `None` when the query has no token.
pub(crate) fn fts_query(query: &str) -> Option<String> {
    let normalized = search_normalize(query);
    let tokens: Vec<String> = normalized
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(|t| format!("\"{}\"", t.replace('"', "")))
        .collect();
    (!tokens.is_empty()).then(|| tokens.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_meet() {
        let cases = [
            ("قُتِلَ", "قتل"),
            ("إدلب", "ادلب"),
            ("أدلب", "ادلب"),
            ("المدينة", "مدينه"),
            ("والمدينة", "المدينه"),
            ("بحلب", "حلب"),
            ("للمدينة", "مدينة"),
            ("وقتل", "قتل"),
        ];
        for (a, b) in cases {
            assert_eq!(search_normalize(a), search_normalize(b), "{a} / {b}");
        }
        // Short words keep their letters.
        assert_eq!(search_normalize("ولد"), "ولد");
        assert_eq!(fts_query("  "), None);
        assert_eq!(fts_query("قصف \"حلب"), Some("\"قصف\" \"حلب\"".to_owned()));
    }
}
