//! Minimal driver for development: JSON Lines documents on stdin, format-1 records on stdout.
//! The real command is `rasd extract`; this one has no dependencies beyond the library.
use rasd_extract::{Document, Pipeline};
use std::io::{BufRead, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let pipeline = Pipeline::new()?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (n, line) in std::io::stdin().lock().lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let value: serde_json::Value = serde_json::from_str(&line)?;
        let doc = Document::from_json(&value, &(n + 1).to_string())?;
        writeln!(out, "{}", serde_json::to_string(&pipeline.extract(&doc))?)?;
    }
    Ok(())
}
