//! Throughput of each lexicon over about 100 KB of Arabic news (the Aleppo example repeated),
//! and the cost of `Lexicons::load`.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use rasd_lexicon::Lexicons;
use rasd_text::NormalizedText;

fn text_100k() -> String {
    let one = include_str!("../../../examples/aleppo.txt");
    let mut text = String::with_capacity(110_000);
    while text.len() < 100_000 {
        text.push_str(one);
        text.push('\n');
    }
    text
}

/// Title and text of the first `n` articles of the evaluation pool
/// (`../shared/eval/pool/docs.jsonl`), or none when it is not there.
fn pool_docs(n: usize) -> Vec<NormalizedText> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/eval/pool/docs.jsonl"
    );
    let Ok(jsonl) = std::fs::read_to_string(path) else {
        eprintln!("no {path}: the per-article benchmark is skipped");
        return Vec::new();
    };
    jsonl
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .take(n)
        .map(|doc| {
            let field = |k: &str| doc.get(k).and_then(|v| v.as_str()).unwrap_or("").to_owned();
            NormalizedText::new(&format!("{}\n\n{}", field("title"), field("text")))
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let lexicons = match Lexicons::load() {
        Ok(l) => l,
        Err(e) => {
            eprintln!("lexicons do not load: {e}");
            return;
        }
    };
    let text = NormalizedText::new(&text_100k());
    let bytes = text.original().len() as u64;

    let mut group = c.benchmark_group("find_all_100k");
    group.throughput(Throughput::Bytes(bytes));
    group.bench_function("triggers", |b| {
        b.iter(|| black_box(lexicons.triggers.find_all(black_box(&text))).len())
    });
    group.bench_function("actors", |b| {
        b.iter(|| black_box(lexicons.actors.find_all(black_box(&text))).len())
    });
    group.bench_function("sources", |b| {
        b.iter(|| black_box(lexicons.sources.find_all(black_box(&text))).len())
    });
    group.bench_function("cues", |b| {
        b.iter(|| black_box(lexicons.cues.find_all(black_box(&text))).len())
    });
    group.bench_function("metonyms", |b| {
        b.iter(|| black_box(lexicons.metonyms.find_all(black_box(&text))).len())
    });
    group.bench_function("nationalities", |b| {
        b.iter(|| black_box(lexicons.nationalities.find_all(black_box(&text))).len())
    });
    group.finish();

    // The six lexicons over each of 300 news articles, one after another and (as the pipeline
    // runs them) in one pass: the automata compete for the cache as they do there.
    let pool = pool_docs(300);
    if !pool.is_empty() {
        let bytes: usize = pool.iter().map(|t| t.original().len()).sum();
        let mut group = c.benchmark_group("six_lexicons_per_article");
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function("pool_300", |b| {
            b.iter(|| {
                let mut n = 0;
                for text in &pool {
                    n += lexicons.triggers.find_longest(text).len()
                        + lexicons.actors.find_longest(text).len()
                        + lexicons.metonyms.find_longest(text).len()
                        + lexicons.sources.find_longest(text).len()
                        + lexicons.cues.find_longest(text).len()
                        + lexicons.nationalities.find_longest(text).len();
                }
                black_box(n)
            })
        });
        group.bench_function("pool_300_one_pass", |b| {
            b.iter(|| {
                let mut n = 0;
                for text in &pool {
                    let found = lexicons.find_longest_all(text);
                    n += found.triggers.len() + found.actors.len() + found.cues.len();
                }
                black_box(n)
            })
        });
        group.finish();
    }

    c.bench_function("load", |b| {
        b.iter(|| black_box(Lexicons::load().map(|l| l.triggers.len())))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
