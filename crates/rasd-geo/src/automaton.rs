//! The name matcher: whole-word gazetteer names with Arabic proclitics, searched only at word
//! starts, in the compiled trie of `gazetteer.bin` (`compile.rs`), read in place.
//!
//! An unanchored search (rasd-lexicon's `PhraseMatcher::find_all`) with thousands of
//! three-letter names finds one inside nearly every Arabic word, and ran at about 4 MB/s.
//! Names can only begin at a word start or after a proclitic, so the trie is walked from those
//! few offsets of each word instead; the proclitic rules are the same (و/ف, then ب/ل; ل + ال
//! written لل; no article in front of a name).

use crate::compile::{symbol, FORMAT_VERSION, MAGIC, SYMBOLS};
use crate::Error;
use std::ops::Range;

/// A name found at a word start.
#[derive(Clone, Debug)]
pub(crate) struct RawHit {
    /// Entry index (see [`Compiled::entry`]).
    pub entry: usize,
    /// The name in the normalized text, without proclitics (for لل, from the second ل).
    pub name: Range<usize>,
    /// The whole written word(s), proclitics included.
    pub token: Range<usize>,
    /// The normalized proclitics in front of the name.
    pub proclitics: Range<usize>,
}

/// A compiled gazetteer, read in place: its sections as byte ranges of `bytes`.
#[derive(Clone, Debug)]
pub(crate) struct Compiled {
    bytes: &'static [u8],
    rows: usize,
    entries: Range<usize>,
    nodes: Range<usize>,
    targets: Range<usize>,
    labels: Range<usize>,
    place_ids: Range<usize>,
    names: &'static str,
    /// The root's children by symbol (0: none): every walk starts there.
    root: [u32; SYMBOLS],
}

/// One entry: a distinct normalized name.
pub(crate) struct Entry {
    pub name: &'static str,
    pub letters: usize,
    /// Rows of the gazetteer with this name, in order.
    pub places: Vec<u32>,
}

#[inline]
fn u32_at(bytes: &[u8], at: usize) -> u32 {
    match bytes.get(at..at + 4) {
        Some(&[a, b, c, d]) => u32::from_le_bytes([a, b, c, d]),
        _ => 0,
    }
}

/// Reads the sections of a compiled gazetteer one after another.
struct Reader {
    bytes: &'static [u8],
    at: usize,
}

impl Reader {
    fn u32(&mut self) -> Result<usize, Error> {
        let v = self
            .bytes
            .get(self.at..self.at + 4)
            .ok_or_else(|| Error("compiled gazetteer: truncated".into()))?;
        self.at += 4;
        Ok(u32::from_le_bytes([v[0], v[1], v[2], v[3]]) as usize)
    }

    /// The next `len` bytes.
    fn section(&mut self, len: usize) -> Result<Range<usize>, Error> {
        let end = self
            .at
            .checked_add(len)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| Error("compiled gazetteer: truncated".into()))?;
        let range = self.at..end;
        self.at = end;
        Ok(range)
    }
}

impl Compiled {
    /// Checks the magic number, the version and the section sizes.
    pub fn read(bytes: &'static [u8]) -> Result<Compiled, Error> {
        if bytes.get(..MAGIC.len()) != Some(MAGIC.as_slice()) {
            return Err(Error("compiled gazetteer: bad magic number".into()));
        }
        let mut r = Reader {
            bytes,
            at: MAGIC.len(),
        };
        let version = r.u32()?;
        if version != FORMAT_VERSION as usize {
            return Err(Error(format!(
                "compiled gazetteer: format {version}, expected {FORMAT_VERSION}"
            )));
        }
        let rows = r.u32()?;
        let n = r.u32()?;
        let entries = r.section(n * 20)?;
        let n = r.u32()?;
        let nodes = r.section(n * 12)?;
        let n = r.u32()?;
        let targets = r.section(n * 4)?;
        let labels = r.section(n)?;
        let n = r.u32()?;
        let place_ids = r.section(n * 4)?;
        let n = r.u32()?;
        let names = std::str::from_utf8(&bytes[r.section(n)?])
            .map_err(|_| Error("compiled gazetteer: names are not UTF-8".into()))?;
        let mut compiled = Compiled {
            bytes,
            rows,
            entries,
            nodes,
            targets,
            labels,
            place_ids,
            names,
            root: [0; SYMBOLS],
        };
        let (first, count, _) = compiled.node(0);
        for edge in first..first + count {
            let (label, target) = (usize::from(compiled.label(edge)), compiled.target(edge));
            if let Some(slot) = compiled.root.get_mut(label) {
                *slot = target;
            }
        }
        Ok(compiled)
    }

    /// Rows of the TSV it was compiled from.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of entries (distinct names).
    pub fn entry_count(&self) -> usize {
        self.entries.len() / 20
    }

    /// Entry `e`.
    pub fn entry(&self, e: usize) -> Entry {
        let at = self.entries.start + e * 20;
        let field = |k: usize| u32_at(self.bytes, at + 4 * k) as usize;
        let name = self.names.get(field(0)..field(0) + field(1)).unwrap_or("");
        let first = self.place_ids.start + 4 * field(3);
        let places = (0..field(4))
            .map(|k| u32_at(self.bytes, first + 4 * k))
            .collect();
        Entry {
            name,
            letters: field(2),
            places,
        }
    }

    /// (first edge, edge count, entry + 1) of node `n`.
    #[inline]
    fn node(&self, n: u32) -> (usize, usize, u32) {
        let at = self.nodes.start + n as usize * 12;
        (
            u32_at(self.bytes, at) as usize,
            u32_at(self.bytes, at + 4) as usize,
            u32_at(self.bytes, at + 8),
        )
    }

    #[inline]
    fn target(&self, edge: usize) -> u32 {
        u32_at(self.bytes, self.targets.start + 4 * edge)
    }

    #[inline]
    fn label(&self, edge: usize) -> u8 {
        self.bytes
            .get(self.labels.start + edge)
            .copied()
            .unwrap_or(0)
    }

    /// The child of node `n` by character `c`, if any.
    #[inline]
    fn child(&self, n: u32, c: char) -> Option<u32> {
        let s = symbol(c)?;
        if n == 0 {
            return self.root.get(usize::from(s)).copied().filter(|&t| t != 0);
        }
        let (first, count, _) = self.node(n);
        let labels = self.bytes.get(self.labels.start + first..)?.get(..count)?;
        // Labels are sorted; a node has few children past the first letters.
        let i = labels.iter().position(|&l| l >= s)?;
        (labels[i] == s).then(|| self.target(first + i))
    }

    /// The entry of a name in the trie (three letters or more), looked up whole.
    pub fn lookup(&self, normalized: &str) -> Option<usize> {
        let mut n = 0u32;
        for c in normalized.chars() {
            n = self.child(n, c)?;
        }
        let (_, _, entry) = self.node(n);
        (entry != 0).then(|| entry as usize - 1)
    }

    /// Bytes of the compiled form (embedded in the binary, not on the heap).
    pub fn size(&self) -> usize {
        self.bytes.len()
    }

    /// Every whole-word name starting in one of `words` (byte ranges of the normalized text's
    /// words, in order), sorted by start then longest first.
    pub fn find(&self, norm: &str, words: &[Range<usize>]) -> Vec<RawHit> {
        let mut out = Vec::new();
        for w in words {
            let word = norm.get(w.clone()).unwrap_or("");
            let first = out.len();
            // The proclitic combinations: a conjunction (و، ف) then a preposition (ب، ل), read
            // off the first letters (each a two-byte letter) rather than compared as strings:
            // this runs for every word of every document. (ك "like" is left out: a place after
            // it is a comparison, never where something happened, and with it كبيرا "large"
            // read as ك + بيرا, Beira.)
            let conjunction = match word.chars().next() {
                Some(c @ ('و' | 'ف')) => Some(c.len_utf8()),
                _ => None,
            };
            for c_len in [Some(0), conjunction].into_iter().flatten() {
                let preposition = match word[c_len..].chars().next() {
                    Some(p @ ('ب' | 'ل')) => Some((p, p.len_utf8())),
                    _ => None,
                };
                self.walk(norm, w, w.start + c_len, 0, &mut out);
                if let Some((p, p_len)) = preposition {
                    let at = w.start + c_len + p_len;
                    if at < w.end {
                        self.walk(norm, w, at, 0, &mut out);
                        // ل + ال is written لل: the name (ال...) starts at the second ل, its
                        // alef elided.
                        if p == 'ل' && norm[at..].starts_with('ل') {
                            if let Some(alef) = self.child(0, 'ا') {
                                self.walk(norm, w, at, alef, &mut out);
                            }
                        }
                    }
                }
            }
            let hits = &mut out[first..];
            // Longest first; of two ending together, the one with fewer proclitics (باردو is
            // Bardo before it is ب + اردو).
            hits.sort_by(|a, b| {
                b.name
                    .end
                    .cmp(&a.name.end)
                    .then(a.name.start.cmp(&b.name.start))
                    .then(a.entry.cmp(&b.entry))
            });
        }
        out.dedup_by(|a, b| a.entry == b.entry && a.token == b.token);
        out
    }

    /// Walks the trie from node `from` over the text from byte `at`, recording every name that
    /// ends at a word's end.
    fn walk(&self, norm: &str, word: &Range<usize>, at: usize, from: u32, out: &mut Vec<RawHit>) {
        let mut n = from;
        let Some(rest) = norm.get(at..) else { return };
        let mut chars = rest.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            let Some(next) = self.child(n, c) else { return };
            n = next;
            let (_, _, entry) = self.node(n);
            if entry == 0 {
                continue;
            }
            // Whole words only: the name must end where a word ends.
            if chars.peek().is_some_and(|&(_, c)| crate::is_word_char(c)) {
                continue;
            }
            let end = at + i + c.len_utf8();
            out.push(RawHit {
                entry: entry as usize - 1,
                name: at..end,
                token: word.start..end,
                proclitics: word.start..at,
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::compile_rows;

    fn words(s: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        let mut start = None;
        for (i, c) in s.char_indices() {
            match (crate::is_word_char(c), start) {
                (true, None) => start = Some(i),
                (false, Some(st)) => {
                    out.push(st..i);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(st) = start {
            out.push(st..s.len());
        }
        out
    }

    fn found(names: &[&str], text: &str) -> Vec<(usize, String)> {
        let bytes = compile_rows(names.iter().map(|n| [*n])).expect("compiles");
        let compiled = Compiled::read(Box::leak(bytes.into_boxed_slice())).expect("reads");
        compiled
            .find(text, &words(text))
            .into_iter()
            .map(|h| (h.entry, text[h.name].to_owned()))
            .collect()
    }

    #[test]
    fn anchored_names_with_proclitics() {
        assert_eq!(
            found(&["دمشق", "ريف دمشق"], "في ريف دمشق"),
            vec![(1, "ريف دمشق".to_owned()), (0, "دمشق".to_owned())]
        );
        assert_eq!(
            found(&["حلب"], "وبحلب محلب حلبه"),
            vec![(0, "حلب".to_owned())]
        );
        // As in rasd-lexicon: for لل the name starts at the second ل.
        assert_eq!(found(&["الموصل"], "للموصل"), vec![(0, "لموصل".to_owned())]);
        assert!(found(&["مالي"], "المالي").is_empty());
        // No ك: كبيرا is not ك + بيرا.
        assert!(found(&["بيرا"], "كبيرا").is_empty());
    }

    /// The embedded form is what compile.rs makes of data/gazetteer.tsv today.
    #[test]
    fn the_embedded_names_are_compiled_from_the_tsv() {
        let compiled = crate::compile::compile(crate::data::GAZETTEER_TSV).expect("compiles");
        assert!(
            compiled == crate::data::COMPILED,
            "rebuild: build.rs did not rerun"
        );
    }

    #[test]
    fn bad_bytes_are_an_error() {
        assert!(Compiled::read(b"not a gazetteer").is_err());
        let mut bytes = compile_rows([["حلب"]]).expect("compiles");
        bytes[8] = 99;
        assert!(Compiled::read(Box::leak(bytes.into_boxed_slice())).is_err());
    }
}
