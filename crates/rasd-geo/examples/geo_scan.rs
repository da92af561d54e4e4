//! Resolves the places of JSON Lines documents (`{"id", "text"}` per line, on stdin) and prints
//! one tab-separated line per mention: document id, mention, name, gazetteer id, country,
//! precision, number of candidates, and the 40 characters around it. A development aid for
//! reviewing which names the gazetteer takes in a corpus (`sort | uniq -c` on the columns).
use rasd_geo::{Gazetteer, ResolveHints};
use std::io::{BufRead, Write};

fn field(line: &str, key: &str) -> Option<String> {
    // Enough JSON for this aid: the first string value of "key".
    let start = line.find(&format!("\"{key}\""))?;
    let rest = &line[start + key.len() + 2..];
    let open = rest.find('"')?;
    let mut out = String::new();
    let mut chars = rest[open + 1..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => match chars.next()? {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                'u' => {
                    let hex: String = chars.by_ref().take(4).collect();
                    out.push(char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?);
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let gaz = Gazetteer::load()?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for line in std::io::stdin().lock().lines() {
        let line = line?;
        let (Some(id), Some(text)) = (field(&line, "id"), field(&line, "text")) else {
            continue;
        };
        let t = rasd_text::NormalizedText::new(&text);
        let mentions = gaz.find_mentions(&t);
        let resolved = gaz.resolve(&t, &mentions, &ResolveHints::default());
        let chars: Vec<char> = text.chars().collect();
        for (m, r) in mentions.iter().zip(&resolved) {
            let from = m.span.start.saturating_sub(25);
            let to = (m.span.end + 25).min(chars.len());
            let context: String = chars[from..to]
                .iter()
                .map(|&c| if c == '\n' || c == '\t' { ' ' } else { c })
                .collect();
            writeln!(
                out,
                "{id}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                r.name,
                r.name_en.as_deref().unwrap_or("-"),
                r.gazetteer_id.as_deref().unwrap_or("-"),
                r.country.as_deref().unwrap_or("-"),
                r.precision.map_or("-", |p| p.as_str()),
                m.candidates.len(),
                context
            )?;
        }
    }
    Ok(())
}
