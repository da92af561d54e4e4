//! The model runtime: features hashed and a classifier applied, as extraction does for each
//! candidate (about 40 features each, a model of 50,000 features and 6 classes).

use criterion::{criterion_group, criterion_main, Criterion};
use rasd_learn::{Classifier, Example, Features, TrainOptions};
use std::hint::black_box;

fn features(i: usize) -> Features {
    let mut f = Features::new();
    for k in 0..40 {
        let word = format!("w{}", (i * 7919 + k * 104_729) % 50_000);
        f.add(&["word", &word]);
    }
    f
}

fn bench(c: &mut Criterion) {
    let examples: Vec<Example> = (0..3_000)
        .map(|i| Example::new(features(i), i % 6))
        .collect();
    let options = TrainOptions {
        epochs: 3,
        prune_below: 0.0,
        ..TrainOptions::default()
    };
    let model = Classifier::train(
        "bench",
        &["a", "b", "c", "d", "e", "f"],
        &examples,
        &options,
    );
    let probe = features(12_345);
    c.bench_function("hash 40 features", |b| {
        b.iter(|| black_box(features(black_box(7))))
    });
    c.bench_function("classify 40 features, 6 classes", |b| {
        b.iter(|| black_box(model.probabilities(black_box(&probe))))
    });
    c.bench_function("train 500 examples x 3 epochs", |b| {
        b.iter(|| {
            black_box(Classifier::train(
                "b",
                &["a", "b"],
                &examples[..500],
                &options,
            ))
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
