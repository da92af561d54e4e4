//! Throughput of mention finding and resolution on news text, and the cost of loading.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rasd_geo::{Gazetteer, ResolveHints};
use rasd_text::NormalizedText;

/// examples/aleppo.txt repeated to about 100 KB.
fn corpus() -> String {
    let one = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/aleppo.txt"
    ))
    .unwrap_or_else(|_| "قصفت الطائرات شرقي حلب وحي الكلاسة بحلب. ".to_owned());
    let mut text = String::with_capacity(110_000);
    while text.len() < 100_000 {
        text.push_str(&one);
        text.push('\n');
    }
    text
}

fn bench(c: &mut Criterion) {
    let gazetteer = match Gazetteer::load() {
        Ok(g) => g,
        Err(e) => panic!("gazetteer: {e}"),
    };
    let text = corpus();
    let normalized = NormalizedText::new(&text);
    let mut group = c.benchmark_group("geo");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("find_mentions", |b| {
        b.iter(|| gazetteer.find_mentions(&normalized))
    });
    let hints = ResolveHints::default();
    group.bench_function("find_mentions+resolve", |b| {
        b.iter(|| {
            let mentions = gazetteer.find_mentions(&normalized);
            gazetteer.resolve(&normalized, &mentions, &hints)
        })
    });
    group.finish();
    let mut load = c.benchmark_group("geo-load");
    load.sample_size(10);
    load.bench_function("Gazetteer::load", |b| b.iter(Gazetteer::load));
    load.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
