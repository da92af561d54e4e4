//! Where the word lists' phrases come from (issue 9).
//!
//! A lexicon entry is general knowledge of Arabic and of the conflicts, never the answer to one
//! evaluation article. Two checks hold that line:
//!
//! * **Attested or noted.** Every phrase of several words in a word list, and every single word
//!   that occurs in a development article, occurs (as the matcher would match it) in news text
//!   outside the development articles: SaudiNewsNet (`shared/data/saudinewsnet`, minus the
//!   development articles) and the annotation pool (`shared/eval/pool`). Text that repeats a
//!   development article (the same wire story under another outlet's name shares runs of
//!   [`COPIED_RUN`] words with it) does not count. A phrase the corpus lacks stays only with a
//!   note saying where it comes from (`#@ phrase|phrase<TAB>source` above its row, see
//!   `rasd_lexicon::tsv`), and a note must name phrases of its row.
//! * **No copied sentences.** No source file, test or word list holds a run of [`COPIED_RUN`]
//!   words of a development article: tests use sentences of their own.
//!
//! Both need the `shared/` folder beside the repository, as CI has.

use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Read;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering::Relaxed;
use std::sync::atomic::{AtomicBool, AtomicUsize};

use rasd_lexicon::rows::militia_spellings;
use rasd_lexicon::tsv::{split_list, Table};
use rasd_lexicon::{Affixes, PhraseMatcher, PhraseMatcherBuilder};
use rasd_text::normalize;

/// Words in a row shared with a development article that make a passage a copy of it.
const COPIED_RUN: usize = 8;

/// How a word list's phrases are matched in running text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Matching {
    /// Through a [`PhraseMatcher`] with these affixes, refusing the suffix ي (triggers).
    Phrase(Affixes, bool),
    /// Victim nouns: proclitics on the first word, the article optional on every word
    /// (رجال الأمن is رجال أمن), no suffix.
    EveryWordArticle,
}

/// A word list and the columns that hold its phrases.
struct WordList {
    /// Path from the repository root.
    path: &'static str,
    /// The header to assume for a file whose header line is a comment.
    header: Option<&'static str>,
    /// Columns of phrases (cells may be `|`-separated lists).
    columns: &'static [&'static str],
    matching: Matching,
}

const NOMINAL: Matching = Matching::Phrase(Affixes::Nominal, false);

/// Every word list of the project. A file under `data/` that is not here must be in
/// [`NOT_WORD_LISTS`].
const WORD_LISTS: &[WordList] = &[
    WordList {
        path: "data/lexicon/triggers.tsv",
        header: None,
        columns: &["forms"],
        matching: Matching::Phrase(Affixes::Any, true),
    },
    WordList {
        path: "data/lexicon/actors.tsv",
        header: None,
        columns: &["phrases"],
        matching: NOMINAL,
    },
    WordList {
        path: "data/lexicon/sources.tsv",
        header: None,
        columns: &["phrases"],
        matching: NOMINAL,
    },
    WordList {
        path: "data/lexicon/cues.tsv",
        header: None,
        columns: &["phrases"],
        matching: Matching::Phrase(Affixes::Verbal, false),
    },
    WordList {
        path: "data/lexicon/casualty_words.tsv",
        header: None,
        columns: &["form"],
        matching: NOMINAL,
    },
    WordList {
        path: "data/lexicon/victim_nouns.tsv",
        header: None,
        columns: &["form"],
        matching: Matching::EveryWordArticle,
    },
    WordList {
        path: "data/lexicon/casualty_context.tsv",
        header: None,
        columns: &["forms"],
        matching: NOMINAL,
    },
    WordList {
        path: "data/lexicon/date_words.tsv",
        header: None,
        columns: &["forms"],
        matching: NOMINAL,
    },
    WordList {
        path: "data/lexicon/speaker_words.tsv",
        header: None,
        columns: &["forms"],
        matching: NOMINAL,
    },
    WordList {
        path: "data/lexicon/markers.tsv",
        header: None,
        columns: &["forms"],
        matching: NOMINAL,
    },
    WordList {
        path: "data/countries.tsv",
        header: None,
        columns: &["names_ar", "adjective_ar", "capital_ar"],
        matching: NOMINAL,
    },
    WordList {
        path: "data/place_cues.tsv",
        header: None,
        columns: &["word"],
        matching: NOMINAL,
    },
    WordList {
        path: "data/geo_stopwords.tsv",
        header: Some("name\treason"),
        columns: &["name"],
        matching: NOMINAL,
    },
];

/// Data files that are not word lists: the gazetteer (GeoNames and OCHA names, built by
/// `tools/build_gazetteer.py`), the gazetteer names the NER corpora use as words (counted by
/// the same tool), the taxonomy (no Arabic) and the annotated corpus.
const NOT_WORD_LISTS: &[&str] = &[
    "data/gazetteer.tsv",
    "data/geo_common_words.tsv",
    "data/taxonomy.tsv",
];

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn shared() -> PathBuf {
    let dir = repo().join("../shared");
    assert!(
        dir.join("eval/dev/docs.jsonl").is_file(),
        "the shared/ folder (spec, evaluation data, corpus) must sit beside the repository: {}",
        dir.display()
    );
    dir
}

/// One phrase of a word list.
struct Entry {
    list: usize,
    line: usize,
    written: String,
    /// The normalized forms the matcher looks for (one, or the spelling variants).
    forms: Vec<String>,
    words: usize,
    noted: bool,
}

impl Entry {
    fn label(&self) -> String {
        format!(
            "{}:{}: {}",
            WORD_LISTS[self.list].path, self.line, self.written
        )
    }
}

/// The forms a phrase is matched by: its militia spellings (actors.tsv), and with the article
/// added or dropped on every word after the first (victim nouns).
fn forms_of(list: &WordList, phrase: &str) -> Vec<String> {
    let mut forms = if list.path.ends_with("actors.tsv") {
        militia_spellings(phrase)
    } else {
        vec![phrase.to_owned()]
    };
    if list.matching == Matching::EveryWordArticle {
        let mut all = Vec::new();
        for form in forms {
            let norm = normalize(&form);
            let mut variants = vec![String::new()];
            for (i, word) in norm.split_whitespace().enumerate() {
                let options: Vec<String> = if i == 0 {
                    vec![word.to_owned()]
                } else if let Some(bare) =
                    word.strip_prefix("ال").filter(|b| b.chars().count() >= 2)
                {
                    vec![word.to_owned(), bare.to_owned()]
                } else {
                    vec![word.to_owned(), format!("ال{word}")]
                };
                variants = variants
                    .iter()
                    .flat_map(|v| {
                        options.iter().map(move |o| {
                            if v.is_empty() {
                                o.clone()
                            } else {
                                format!("{v} {o}")
                            }
                        })
                    })
                    .collect();
            }
            all.extend(variants);
        }
        forms = all;
    }
    let mut out: Vec<String> = forms.iter().map(|f| normalize(f.trim())).collect();
    out.sort();
    out.dedup();
    out
}

/// Reads every word list; errors (stale notes, unreadable files) are collected in `problems`.
fn read_entries(problems: &mut Vec<String>) -> Vec<Entry> {
    let mut entries = Vec::new();
    for (index, list) in WORD_LISTS.iter().enumerate() {
        let path = repo().join(list.path);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // A file whose header is a comment gets one in front; line numbers move by one.
        let (text, shift) = match list.header {
            Some(header) => (format!("{header}\n{text}"), 1),
            None => (text, 0),
        };
        let table =
            Table::parse("word list", &text).unwrap_or_else(|e| panic!("{}: {e}", list.path));
        let columns: Vec<usize> = list
            .columns
            .iter()
            .filter_map(|c| table.optional_column(c))
            .collect();
        assert!(
            !columns.is_empty(),
            "{}: none of {:?}",
            list.path,
            list.columns
        );
        for row in table.rows() {
            let phrases: Vec<&str> = columns
                .iter()
                .flat_map(|&c| split_list(row.get(c)))
                .collect();
            let normalized: Vec<String> = phrases.iter().map(|p| normalize(p)).collect();
            let mut noted: HashSet<String> = HashSet::new();
            for note in table.notes_for(row) {
                for phrase in &note.phrases {
                    let norm = normalize(phrase);
                    if !normalized.contains(&norm) {
                        problems.push(format!(
                            "{}:{}: the note names «{phrase}», which its row (line {}) does not list",
                            list.path,
                            note.line - shift,
                            row.line - shift
                        ));
                    }
                    noted.insert(norm);
                }
            }
            for (phrase, norm) in phrases.iter().zip(&normalized) {
                if norm.is_empty() {
                    continue;
                }
                entries.push(Entry {
                    list: index,
                    line: row.line - shift,
                    written: (*phrase).to_owned(),
                    forms: forms_of(list, phrase),
                    words: norm.split_whitespace().count(),
                    noted: noted.contains(norm),
                });
            }
        }
    }
    entries
}

/// The compiled forms of one way of matching: for each matcher entry, the entry index and the
/// form's length in bytes.
struct Group {
    matching: Matching,
    matcher: PhraseMatcher,
    back: Vec<(usize, usize)>,
}

/// Matchers for a set of entries, one per way of matching.
struct Matchers {
    groups: Vec<Group>,
}

impl Matchers {
    fn new(entries: &[Entry], wanted: impl Iterator<Item = usize>) -> Matchers {
        let mut builders: HashMap<Matching, (PhraseMatcherBuilder, Vec<(usize, usize)>)> =
            HashMap::new();
        for i in wanted {
            let entry = &entries[i];
            let matching = WORD_LISTS[entry.list].matching;
            let (builder, back) = builders.entry(matching).or_default();
            for form in &entry.forms {
                builder.add(form);
                back.push((i, form.len()));
            }
        }
        let groups = builders
            .into_iter()
            .map(|(matching, (builder, back))| {
                let affixes = match matching {
                    Matching::Phrase(affixes, _) => affixes,
                    Matching::EveryWordArticle => Affixes::Nominal,
                };
                Group {
                    matching,
                    matcher: builder.build(affixes).expect("automaton"),
                    back,
                }
            })
            .collect();
        Matchers { groups }
    }

    /// The entries found in `text` (normalized), with the byte range of each match.
    fn find(&self, text: &str, mut found: impl FnMut(usize, Range<usize>)) {
        for group in &self.groups {
            for (pattern, range) in group.matcher.find_all_normalized(text) {
                let (entry, len) = group.back[pattern];
                // Triggers refuse the suffix ي (حربي is an adjective, not حرب + "my").
                if group.matching == Matching::Phrase(Affixes::Any, true)
                    && text.get(range.start + len..range.end) == Some("ي")
                {
                    continue;
                }
                found(entry, range);
            }
        }
    }
}

/// An article of a corpus: url and normalized title + text.
struct Article {
    url: String,
    text: String,
}

fn article(value: &serde_json::Value, text_field: &str) -> Option<Article> {
    let field = |name: &str| value.get(name).and_then(|v| v.as_str()).unwrap_or("");
    let body = field(text_field);
    let title = field("title");
    if body.is_empty() && title.is_empty() {
        return None;
    }
    Some(Article {
        url: field("url").to_owned(),
        text: normalize(&format!("{title}\n\n{body}")),
    })
}

fn jsonl(path: &Path) -> Vec<Article> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|l| article(&serde_json::from_str(l).expect("a JSON line"), "text"))
        .collect()
}

/// The day files of SaudiNewsNet, in name order: (zip path, member name).
fn corpus_days() -> Vec<PathBuf> {
    let dir = shared().join("data/saudinewsnet");
    let mut zips: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "zip"))
        .collect();
    zips.sort();
    assert!(zips.len() >= 10, "SaudiNewsNet's zips in {}", dir.display());
    zips
}

/// The articles of one SaudiNewsNet zip (one JSON array per member).
fn day_articles(zip: &Path) -> Vec<Article> {
    let file = std::fs::File::open(zip).unwrap_or_else(|e| panic!("{}: {e}", zip.display()));
    let mut archive = zip::ZipArchive::new(file).expect("a zip");
    let mut out = Vec::new();
    for i in 0..archive.len() {
        let mut member = archive.by_index(i).expect("a zip member");
        let mut json = String::new();
        member.read_to_string(&mut json).expect("UTF-8 JSON");
        let items: Vec<serde_json::Value> = serde_json::from_str(&json).expect("a JSON array");
        out.extend(items.iter().filter_map(|v| article(v, "content")));
    }
    out
}

/// Byte ranges of the words (letters and digits) of a normalized text.
fn word_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// A hash of every run of [`COPIED_RUN`] words, with the run's first word index.
fn runs(text: &str, words: &[Range<usize>]) -> Vec<(u64, usize)> {
    let hashes: Vec<u64> = words
        .iter()
        .map(|r| {
            let mut h = DefaultHasher::new();
            text[r.clone()].hash(&mut h);
            h.finish()
        })
        .collect();
    hashes
        .windows(COPIED_RUN)
        .enumerate()
        .map(|(i, w)| {
            let mut h = DefaultHasher::new();
            w.hash(&mut h);
            (h.finish(), i)
        })
        .collect()
}

/// The development articles: their urls and the runs of words they hold.
struct Dev {
    articles: Vec<(String, Article)>,
    runs: HashMap<u64, usize>,
}

fn dev() -> Dev {
    let path = shared().join("eval/dev/docs.jsonl");
    let text = std::fs::read_to_string(&path).expect("dev docs");
    let mut articles = Vec::new();
    let mut all_runs = HashMap::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let value: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
        let id = value["id"].as_str().unwrap_or("?").to_owned();
        let a = article(&value, "text").expect("dev text");
        for (hash, _) in runs(&a.text, &word_ranges(&a.text)) {
            all_runs.insert(hash, articles.len());
        }
        articles.push((id, a));
    }
    Dev {
        articles,
        runs: all_runs,
    }
}

/// The byte ranges of `text` that repeat a development article (runs of [`COPIED_RUN`] words).
fn copied_ranges(text: &str, dev: &Dev) -> Vec<Range<usize>> {
    let words = word_ranges(text);
    let mut out: Vec<Range<usize>> = Vec::new();
    for (hash, i) in runs(text, &words) {
        if dev.runs.contains_key(&hash) {
            let r = words[i].start..words[i + COPIED_RUN - 1].end;
            match out.last_mut() {
                Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
                _ => out.push(r),
            }
        }
    }
    out
}

#[test]
fn every_phrase_is_attested_outside_the_dev_articles_or_noted() {
    let mut problems = Vec::new();
    let entries = read_entries(&mut problems);
    let dev = dev();

    // Which entries the development articles hold.
    let all = Matchers::new(&entries, 0..entries.len());
    let mut in_dev: Vec<Vec<&str>> = vec![Vec::new(); entries.len()];
    for (id, a) in &dev.articles {
        all.find(&a.text, |e, _| {
            if !in_dev[e].contains(&id.as_str()) {
                in_dev[e].push(id);
            }
        });
    }
    // What must be found: phrases of several words, and single words a dev article holds,
    // unless noted.
    let wanted: Vec<bool> = entries
        .iter()
        .zip(&in_dev)
        .map(|(e, d)| !e.noted && (e.words > 1 || !d.is_empty()))
        .collect();
    let left = wanted.iter().filter(|w| **w).count();

    // The corpus: the pool (conflict news, most phrases are found there) and SaudiNewsNet day
    // by day, on two threads, until every phrase is found. Each thread rebuilds its matchers
    // with the phrases still wanted from time to time, so common words stop costing matches.
    let dev_urls: HashSet<&str> = dev
        .articles
        .iter()
        .map(|(_, a)| a.url.as_str())
        .filter(|u| !u.is_empty())
        .collect();
    let mut sources = vec![None];
    sources.extend(corpus_days().into_iter().map(Some));
    let wanted: Vec<AtomicBool> = wanted.into_iter().map(AtomicBool::new).collect();
    let left = AtomicUsize::new(left);
    let read = AtomicUsize::new(0);
    let scan = |share: Vec<Option<PathBuf>>| {
        let still_wanted = || (0..entries.len()).filter(|&i| wanted[i].load(Relaxed));
        let mut matchers = Matchers::new(&entries, still_wanted());
        let mut left_at_build = left.load(Relaxed);
        for source in share {
            let articles = match source {
                None => jsonl(&shared().join("eval/pool/docs.jsonl")),
                Some(zip) => day_articles(&zip),
            };
            for a in articles {
                if left.load(Relaxed) == 0 {
                    return;
                }
                if dev_urls.contains(a.url.as_str()) {
                    continue;
                }
                read.fetch_add(1, Relaxed);
                let mut hits: Vec<(usize, Range<usize>)> = Vec::new();
                matchers.find(&a.text, |e, r| {
                    if wanted[e].load(Relaxed) {
                        hits.push((e, r));
                    }
                });
                if hits.is_empty() {
                    continue;
                }
                // A match inside text copied from a development article does not count.
                let copied = copied_ranges(&a.text, &dev);
                for (e, r) in hits {
                    let inside = copied.iter().any(|c| c.start <= r.start && r.end <= c.end);
                    if !inside && wanted[e].swap(false, Relaxed) {
                        left.fetch_sub(1, Relaxed);
                    }
                }
                let now = left.load(Relaxed);
                if left_at_build - now > 50 || (now < left_at_build && now < 20) {
                    matchers = Matchers::new(&entries, still_wanted());
                    left_at_build = now;
                }
            }
        }
    };
    std::thread::scope(|scope| {
        let (even, odd): (Vec<_>, Vec<_>) = sources
            .into_iter()
            .enumerate()
            .partition(|(i, _)| i % 2 == 0);
        let other = scope.spawn(|| scan(odd.into_iter().map(|(_, s)| s).collect()));
        scan(even.into_iter().map(|(_, s)| s).collect());
        other.join().expect("the corpus thread");
    });
    let left = left.into_inner();
    let read = read.into_inner();
    assert!(read > 30_000 || left == 0, "only {read} articles read");
    let wanted: Vec<bool> = wanted.into_iter().map(AtomicBool::into_inner).collect();

    for (i, entry) in entries.iter().enumerate().filter(|(i, _)| wanted[*i]) {
        let where_ = if in_dev[i].is_empty() {
            "in no article".to_owned()
        } else {
            format!("only in {}", in_dev[i].join(", "))
        };
        problems.push(format!("{} ({where_})", entry.label()));
    }
    assert!(
        problems.is_empty(),
        "{} phrases are neither attested outside the development articles nor noted \
         (`#@ phrase<TAB>source` above the row; see rasd_lexicon::tsv):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn data_files_are_checked_word_lists_or_listed_as_not() {
    let mut unknown = Vec::new();
    for dir in ["data", "data/lexicon"] {
        for e in std::fs::read_dir(repo().join(dir)).expect("data/") {
            let path = e.expect("entry").path();
            if path.extension().is_some_and(|x| x == "tsv") {
                let rel = format!("{dir}/{}", path.file_name().unwrap().to_string_lossy());
                if !WORD_LISTS.iter().any(|l| l.path == rel) && !NOT_WORD_LISTS.contains(&&*rel) {
                    unknown.push(rel);
                }
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "add these files to WORD_LISTS (or NOT_WORD_LISTS) in tests/provenance.rs: {unknown:?}"
    );
}

/// Source files to check for copied sentences: code, tests, word lists, docs.
fn source_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(read) = std::fs::read_dir(dir) else {
        return;
    };
    for e in read.flatten() {
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            // Build output, the annotated corpus (pool articles' text) and installed packages.
            if !matches!(
                name.as_str(),
                "target" | "annotations" | "node_modules" | ".git" | ".venv-ci"
            ) {
                source_files(&path, out);
            }
        } else if path.extension().and_then(|x| x.to_str()).is_some_and(|x| {
            matches!(
                x,
                "rs" | "tsv" | "md" | "py" | "json" | "txt" | "mjs" | "sh"
            )
        }) && name != "gazetteer.tsv"
            && e.metadata().is_ok_and(|m| m.len() < 2_000_000)
        {
            out.push(path);
        }
    }
}

#[test]
fn no_source_holds_a_sentence_of_a_dev_article() {
    let dev = dev();
    let mut files = Vec::new();
    for dir in [
        "crates", "data", "tests", "bindings", "examples", "fuzz", "docs", "scripts", "tools",
    ] {
        source_files(&repo().join(dir), &mut files);
    }
    for e in std::fs::read_dir(repo()).expect("repository").flatten() {
        if e.path().extension().is_some_and(|x| x == "md") {
            files.push(e.path());
        }
    }
    assert!(files.len() > 50, "{} files", files.len());
    let mut copies = Vec::new();
    for path in files {
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let norm = normalize(&text);
        let words = word_ranges(&norm);
        let mut reported = HashSet::new();
        for (hash, i) in runs(&norm, &words) {
            if let Some(&d) = dev.runs.get(&hash) {
                let line = norm[..words[i].start].matches('\n').count() + 1;
                if reported.insert(line) {
                    let run = norm[words[i].start..words[i + COPIED_RUN - 1].end]
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ");
                    copies.push(format!(
                        "{}:{line}: «{run}» is in {}",
                        path.strip_prefix(repo()).unwrap_or(&path).display(),
                        dev.articles[d].0
                    ));
                }
            }
        }
    }
    assert!(
        copies.is_empty(),
        "runs of {COPIED_RUN} words copied from development articles (write sentences of \
         your own):\n{}",
        copies.join("\n")
    );
}
