//! Prints the resolved places of a text read from a file or stdin, one per line (debugging aid).
use rasd_geo::{Gazetteer, ResolveHints};
use std::io::Read;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let t0 = std::time::Instant::now();
    let gaz = Gazetteer::load()?;
    eprintln!(
        "loaded {} places, {} names in {:?}; automaton {} bytes, total {} bytes",
        gaz.len(),
        gaz.name_count(),
        t0.elapsed(),
        gaz.automaton_memory_usage(),
        gaz.memory_usage()
    );
    let mut s = String::new();
    match std::env::args().nth(1) {
        Some(path) => s = std::fs::read_to_string(path)?,
        None => {
            std::io::stdin().read_to_string(&mut s)?;
        }
    }
    let text = rasd_text::NormalizedText::new(&s);
    let mentions = gaz.find_mentions(&text);
    let resolved = gaz.resolve(&text, &mentions, &ResolveHints::default());
    for (m, r) in mentions.iter().zip(&resolved) {
        println!(
            "{}\t{:?}\t{}\t{:?}\t{:?}\t{:?},{:?}\tcont={:?}\tn_cand={}",
            r.name,
            r.precision.map(|p| p.as_str()),
            r.gazetteer_id.as_deref().unwrap_or("-"),
            r.name_en,
            r.country,
            r.lat,
            r.lon,
            m.container,
            m.candidates.len()
        );
    }
    Ok(())
}
