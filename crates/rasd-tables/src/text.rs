//! Text cut from a document for an output cell: evidence sentences by code-point span, on one
//! line.

use std::ops::Range;

use rasd_extract::record::Event;

/// The byte range of the code-point span `[start, end)` of `text`, or `None` when the span is
/// empty, reversed or past the end.
fn byte_range(text: &str, [start, end]: [usize; 2]) -> Option<Range<usize>> {
    if start >= end {
        return None;
    }
    let mut offsets = text
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(text.len()));
    let from = offsets.nth(start)?;
    let to = offsets.nth(end - start - 1)?;
    Some(from..to)
}

/// The sentences `event` was built from, cut from the document `text` (the text its offsets
/// refer to: title + "\n\n" + body), joined by a space, with line breaks and other control
/// characters turned into spaces so the result is one line. Spans outside the text are skipped.
pub fn evidence_text(event: &Event, text: &str) -> String {
    let mut notes = String::new();
    for span in &event.evidence {
        let Some(range) = byte_range(text, *span) else {
            continue;
        };
        let sentence = one_line(&text[range]);
        let sentence = sentence.trim();
        if sentence.is_empty() {
            continue;
        }
        if !notes.is_empty() {
            notes.push(' ');
        }
        notes.push_str(sentence);
    }
    notes
}

/// `s` with every control character (line breaks, tabs, escapes) turned into a space.
pub fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_code_points_and_bad_spans_are_skipped() {
        let text = "قصف على حلب\n\nقصف طيران النظام حلب أمس فقتل 3 مدنيين. وقال \"المرصد\" ذلك.";
        assert_eq!(byte_range(text, [0, 3]), Some(0..6));
        assert_eq!(byte_range(text, [3, 3]), None);
        assert_eq!(byte_range(text, [5, 2]), None);
        assert_eq!(byte_range(text, [0, 10_000]), None);
        let mut event: Event = serde_json::from_value(serde_json::json!({
            "id": "d#1", "type": "air_strike", "acled": {"event_type": "", "sub_event_type": ""},
            "cameo": "", "detail": null,
            "date": {"value": null, "precision": null, "text": null, "span": null},
            "location": null, "actors": [], "casualties": [], "attribution": [],
            "modality": "asserted", "evidence": [], "confidence": 0.5
        }))
        .unwrap();
        // [13, 52) is the first body sentence; [52, 1000) runs past the end and [60, 59) is
        // reversed: both skipped, not a panic.
        event.evidence = vec![[13, 52], [52, 1000], [60, 59], [0, 13]];
        assert_eq!(
            evidence_text(&event, text),
            "قصف طيران النظام حلب أمس فقتل 3 مدنيين. قصف على حلب"
        );
        assert_eq!(one_line("a\nb\tc\x1b"), "a b c ");
    }
}
