//! The compiled form of the gazetteer's names (`gazetteer.bin`): every distinct normalized
//! name with its places, and the trie of names the matcher walks. `build.rs` runs
//! [`compile`] on `data/gazetteer.tsv` and the crate embeds the result, so that
//! [`crate::Gazetteer::load`] neither normalizes 34,000 names nor builds an automaton of them:
//! it reads the bytes in place. This file is compiled into both (`build.rs` includes it by
//! path), so writer and reader share the layout. Little-endian:
//!
//! ```text
//! magic "RASDGEO\0", version u32 (FORMAT_VERSION), rows u32 (data rows of the TSV)
//! entries u32, then per entry: name offset u32, name length u32, letters u32,
//!                              places offset u32, places count u32
//! nodes u32, then per node: first edge u32, edge count u32, entry + 1 u32 (0: none)
//! edges u32, then per edge: target node u32; then per edge: label u8
//! place ids: count u32, then u32 each
//! names: length u32, then the UTF-8 bytes
//! ```
//!
//! Entries are numbered in order of first appearance in the TSV, as the places are; names of
//! fewer than two letters are left out, and names of fewer than [`MIN_FREE_NAME_LETTERS`] stay
//! out of the trie. Labels are symbols, not bytes ([`symbol`]): a normalized name holds only
//! spaces and the Arabic letters U+0621..U+064A.

use std::collections::{BTreeMap, HashMap};

/// The first bytes of a compiled gazetteer.
pub(crate) const MAGIC: &[u8; 8] = b"RASDGEO\0";
/// Bump when the layout above changes.
pub(crate) const FORMAT_VERSION: u32 = 1;
/// Names shorter than this (in letters) stay out of the trie: as prefixes they begin most
/// words and slow every walk; they are looked up after cue words only (محافظة إب).
pub(crate) const MIN_FREE_NAME_LETTERS: usize = 3;
/// Labels run from 1 to this.
pub(crate) const SYMBOLS: usize = 44;

/// The trie label of a character of a normalized name: the space is 1, U+0621..U+064A are
/// 2..43; anything else ends a name.
#[inline]
pub(crate) fn symbol(c: char) -> Option<u8> {
    match c {
        ' ' => Some(1),
        '\u{0621}'..='\u{064A}' => Some((c as u32 - 0x0621 + 2) as u8),
        _ => None,
    }
}

// The writer runs in build.rs (and the tests); the crate itself only reads.
#[derive(Default)]
#[cfg_attr(not(test), allow(dead_code))]
struct Node {
    children: BTreeMap<u8, u32>,
    entry: Option<u32>,
}

#[cfg_attr(not(test), allow(dead_code))]
fn put(out: &mut Vec<u8>, v: usize) -> Result<(), String> {
    let v = u32::try_from(v).map_err(|_| format!("{v} does not fit the format"))?;
    out.extend_from_slice(&v.to_le_bytes());
    Ok(())
}

/// Compiles the names of a gazetteer TSV (`data/gazetteer.tsv`: comment lines, a header
/// starting `id\t`, names in the ninth column, `|`-separated).
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn compile(tsv: &str) -> Result<Vec<u8>, String> {
    let rows = tsv
        .lines()
        .filter(|l| !(l.starts_with('#') || l.starts_with("id\t") || l.trim().is_empty()))
        .map(|l| {
            l.split('\t')
                .nth(8)
                .unwrap_or("")
                .split('|')
                .filter(|n| !n.is_empty())
        });
    compile_rows(rows)
}

/// Compiles rows of names (row i is place i).
#[cfg_attr(not(test), allow(dead_code))]
pub(crate) fn compile_rows<'a, R, N>(rows: R) -> Result<Vec<u8>, String>
where
    R: IntoIterator<Item = N>,
    N: IntoIterator<Item = &'a str>,
{
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut entries: Vec<(String, usize, Vec<usize>)> = Vec::new();
    let mut row_count = 0usize;
    for (row, names) in rows.into_iter().enumerate() {
        row_count = row + 1;
        for name in names {
            let norm = rasd_text::normalize(name);
            let letters = norm.chars().filter(|c| c.is_alphabetic()).count();
            if letters < 2 {
                continue;
            }
            let e = *index.entry(norm.clone()).or_insert_with(|| {
                entries.push((norm, letters, Vec::new()));
                entries.len() - 1
            });
            if !entries[e].2.contains(&row) {
                entries[e].2.push(row);
            }
        }
    }

    let mut nodes: Vec<Node> = vec![Node::default()];
    for (e, (name, letters, _)) in entries.iter().enumerate() {
        if *letters < MIN_FREE_NAME_LETTERS {
            continue;
        }
        let mut at = 0usize;
        for c in name.chars() {
            let s = symbol(c).ok_or_else(|| {
                format!("name {name:?}: character {c:?} outside the name alphabet")
            })?;
            let next = nodes.len() as u32;
            let child = *nodes[at].children.entry(s).or_insert(next);
            if child == next {
                nodes.push(Node::default());
            }
            at = child as usize;
        }
        nodes[at].entry = Some(e as u32);
    }

    let mut out = Vec::with_capacity(8 << 20);
    out.extend_from_slice(MAGIC);
    put(&mut out, FORMAT_VERSION as usize)?;
    put(&mut out, row_count)?;
    let mut names = String::new();
    let mut place_ids: Vec<usize> = Vec::new();
    put(&mut out, entries.len())?;
    for (name, letters, places) in &entries {
        put(&mut out, names.len())?;
        put(&mut out, name.len())?;
        put(&mut out, *letters)?;
        put(&mut out, place_ids.len())?;
        put(&mut out, places.len())?;
        names.push_str(name);
        place_ids.extend_from_slice(places);
    }
    put(&mut out, nodes.len())?;
    let mut targets: Vec<u32> = Vec::new();
    let mut labels: Vec<u8> = Vec::new();
    for node in &nodes {
        put(&mut out, targets.len())?;
        put(&mut out, node.children.len())?;
        put(&mut out, node.entry.map_or(0, |e| e as usize + 1))?;
        for (&label, &target) in &node.children {
            labels.push(label);
            targets.push(target);
        }
    }
    put(&mut out, targets.len())?;
    for &t in &targets {
        put(&mut out, t as usize)?;
    }
    out.extend_from_slice(&labels);
    put(&mut out, place_ids.len())?;
    for &p in &place_ids {
        put(&mut out, p)?;
    }
    put(&mut out, names.len())?;
    out.extend_from_slice(names.as_bytes());
    Ok(out)
}
