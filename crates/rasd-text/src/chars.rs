//! Character classes asked in every hot loop, answered without the Unicode tables for ASCII and
//! the Arabic letters.
//!
//! `char::is_alphanumeric` and `char::is_numeric` look any non-ASCII character up in the
//! Unicode tables; on Arabic news that is nearly every character, and the lookups were about a
//! tenth of the extraction time. These functions give the same answers (tested over the whole
//! Unicode range against the standard library) and take the tables only outside the ranges
//! that make up Arabic text.

/// The Arabic letters, hamza to yeh (U+0620..U+064A), tatweel (a modifier letter) included:
/// all alphabetic, none numeric.
const ARABIC_LETTERS: std::ops::RangeInclusive<char> = '\u{0620}'..='\u{064A}';

/// Punctuation common in Arabic news: the Arabic comma, semicolon, question mark, percent
/// sign, decimal and thousands separators, full stop and five-pointed star, guillemets, and
/// the general punctuation block (dashes, quotation marks, ellipsis).
fn is_common_punctuation(c: char) -> bool {
    matches!(
        c,
        '\u{060C}' | '\u{061B}' | '\u{061F}' | '\u{066A}'..='\u{066D}' | '\u{06D4}' | '«' | '»'
            | '\u{2010}'..='\u{2027}'
    )
}

/// `c.is_alphanumeric()`: a letter or digit of any script.
///
/// ```
/// assert!(rasd_text::is_alphanumeric('ق'));
/// assert!(rasd_text::is_alphanumeric('7'));
/// assert!(!rasd_text::is_alphanumeric('،'));
/// ```
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        ARABIC_LETTERS.contains(&c) || (!is_common_punctuation(c) && c.is_alphanumeric())
    }
}

/// `c.is_alphabetic()`: a letter of any script (or a mark that is part of one).
///
/// ```
/// assert!(rasd_text::is_alphabetic('ق'));
/// assert!(!rasd_text::is_alphabetic('7'));
/// ```
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        ARABIC_LETTERS.contains(&c) || (!is_common_punctuation(c) && c.is_alphabetic())
    }
}

/// `c.is_numeric()`: a digit or other numeric character of any script.
///
/// ```
/// assert!(rasd_text::is_numeric('7'));
/// assert!(rasd_text::is_numeric('٣'));
/// assert!(!rasd_text::is_numeric('ق'));
/// ```
#[inline]
pub fn is_numeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_digit()
    } else {
        !ARABIC_LETTERS.contains(&c) && !is_common_punctuation(c) && c.is_numeric()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agree_with_the_standard_library_everywhere() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
            assert_eq!(is_numeric(c), c.is_numeric(), "{c:?}");
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
        }
    }
}
