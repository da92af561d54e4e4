//! Throughput of the text core: normalization with its alignment, sentence splitting and
//! tokenization, over the Aleppo example and over a synthetic 1 MB text made by repeating it.
//!
//! Run with `cargo bench -p rasd-text --bench text`; throughput is reported in bytes of the
//! original text per second.

use criterion::{black_box, criterion_group, criterion_main, Criterion, Throughput};
use rasd_text::{segment, sentences, tokens, NormalizedText, TokenKind};

const ALEPPO: &str = include_str!("../../../examples/aleppo.txt");

/// The example repeated (one paragraph per line, as in a feed) up to at least 1 MB.
fn one_megabyte() -> String {
    let mut text = String::with_capacity(1 << 20);
    while text.len() < 1 << 20 {
        text.push_str(ALEPPO);
        text.push('\n');
    }
    text
}

/// What the pipeline does with a document before matching: normalize, split, tokenize.
fn pipeline(original: &str) -> usize {
    let text = NormalizedText::new(original);
    let mut count = 0;
    for sentence in sentences(&text) {
        count += tokens(&text, sentence.normalized).len();
    }
    count
}

fn bench_inputs(c: &mut Criterion) {
    let big = one_megabyte();
    for (name, input) in [("aleppo", ALEPPO), ("1MB", big.as_str())] {
        let mut group = c.benchmark_group(name);
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_function("normalize", |b| {
            b.iter(|| NormalizedText::new(black_box(input)))
        });
        let text = NormalizedText::new(input);
        group.bench_function("sentences", |b| b.iter(|| sentences(black_box(&text))));
        group.bench_function("tokens", |b| {
            b.iter(|| tokens(black_box(&text), 0..text.normalized().len()))
        });
        group.bench_function("normalize+sentences+tokens", |b| {
            b.iter(|| pipeline(black_box(input)))
        });
        group.finish();
    }
}

fn bench_segment(c: &mut Criterion) {
    let text = NormalizedText::new(ALEPPO);
    let words: Vec<&str> = tokens(&text, 0..text.normalized().len())
        .into_iter()
        .filter(|t| t.kind == TokenKind::Word)
        .map(|t| &text.normalized()[t.normalized])
        .collect();
    let mut group = c.benchmark_group("aleppo");
    group.throughput(Throughput::Elements(words.len() as u64));
    group.bench_function("segment every word", |b| {
        b.iter(|| {
            words
                .iter()
                .map(|w| segment(black_box(w)).len())
                .sum::<usize>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench_inputs, bench_segment);
criterion_main!(benches);
