//! Runs the merge rule over JSON Lines on stdin: each line a format-1 record (`{"doc", "events"}`,
//! every event a report) or a flat `Report`. Writes the merged events, one JSON object a line,
//! sorted by id. Used by `scripts/merge-gold.py score`.
//!
//! ```sh
//! rasd extract -f jsonl docs.jsonl | cargo run --release -p rasd-merge --example merge_reports
//! ```
//!
//! `idlib.jsonl` beside this file is the issue's day in Idlib: an air strike on the market of
//! أريحا told with 12 dead and with 15, and shelling of سراقب 18 km away. Through `rasd extract`
//! and this example it is two events, the strike (killed low 12, best 12, high 15, conflicting)
//! and the shelling (5).

use std::io::{self, BufRead, Write};

use rasd_extract::DocumentRecord;
use rasd_merge::{families, merge, Constraints, Report};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let taxonomy = families()?;
    let mut reports = Vec::new();
    for (n, line) in io::stdin().lock().lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value =
            serde_json::from_str(&line).map_err(|e| format!("line {}: {e}", n + 1))?;
        if value.get("events").is_some() {
            let record: DocumentRecord =
                serde_json::from_value(value).map_err(|e| format!("line {}: {e}", n + 1))?;
            reports.extend(
                record
                    .events
                    .iter()
                    .map(|e| Report::from_event(&record.doc, e, &taxonomy)),
            );
        } else {
            reports
                .push(serde_json::from_value(value).map_err(|e| format!("line {}: {e}", n + 1))?);
        }
    }
    let out = io::stdout();
    let mut out = out.lock();
    for event in merge(&reports, &Constraints::default()) {
        serde_json::to_writer(&mut out, &event)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}
