//! The scorer's figures as score.py prints them.

use crate::score::Figures;
use std::fmt::Write;

/// The figures as a table, line for line as `score.py` prints them.
pub fn table(f: &Figures) -> String {
    let mut out = String::new();
    let (e, st, c) = (&f.events, &f.strict, &f.casualties);
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "documents {} (missing from prediction: {})",
        f.documents, f.missing_documents
    );
    let _ = writeln!(
        out,
        "events      P {:.3}  R {:.3}  F1 {:.3}  (paired {}, predicted {}, gold {})",
        e.precision, e.recall, e.f1, e.tp, e.pred, e.gold
    );
    let _ = writeln!(
        out,
        "strict      P {:.3}  R {:.3}  F1 {:.3}  (right in full {})",
        st.precision, st.recall, st.f1, st.tp
    );
    let _ = writeln!(
        out,
        "casualties  P {:.3}  R {:.3}  F1 {:.3}  (matched {}, predicted {}, gold {})",
        c.precision, c.recall, c.f1, c.tp, c.pred, c.gold
    );
    for (name, x) in [
        ("casualties+group", &f.casualties_group),
        ("perpetrator_codes", &f.perpetrator_codes),
        ("attribution_kinds", &f.attribution_kinds),
    ] {
        let _ = writeln!(
            out,
            "{name:<18}P {:.3}  R {:.3}  F1 {:.3}",
            x.precision, x.recall, x.f1
        );
    }
    for (name, s) in [
        ("type", &f.event_type),
        ("location@25km", &f.location_25km),
        ("country", &f.country),
        ("date", &f.date),
        ("perpetrator", &f.perpetrator),
        ("attribution", &f.attribution),
        ("false_alarm", &f.false_alarm),
    ] {
        let acc = s
            .accuracy
            .map_or_else(|| "n/a".to_owned(), |a| format!("{a:.3}"));
        let _ = writeln!(out, "{name:<14}{acc}  ({}/{})", s.hits, s.of);
    }
    out
}
