//! Throughput of the trigger and actor lexicons over about 100 KB of Arabic news (the Aleppo
//! example repeated), and the cost of `Lexicons::load`.

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
    group.finish();

    c.bench_function("load", |b| {
        b.iter(|| black_box(Lexicons::load().map(|l| l.triggers.len())))
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
