//! A multinomial logistic regression over sparse features: trained by AdaGrad with L2
//! regularisation in a fixed order, so the same examples give the same weights bit for bit;
//! applied by summing the weights of the features present.

use crate::features::Features;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Feature ids are already hashes: the map uses them as they are.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        // Only u64 keys are hashed; this path is for completeness.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

pub(crate) type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

/// One training example: its features and the index of its class.
#[derive(Clone, Debug)]
pub struct Example {
    /// What the example looks like.
    pub features: Features,
    /// Its class, an index into the classifier's class names.
    pub label: usize,
    /// How much it counts (1 for most; more for a rare class worth finding).
    pub weight: f32,
}

impl Example {
    /// An example of weight 1.
    pub fn new(features: Features, label: usize) -> Example {
        Example {
            features,
            label,
            weight: 1.0,
        }
    }
}

/// How to train.
#[derive(Clone, Debug, PartialEq)]
pub struct TrainOptions {
    /// Passes over the examples.
    pub epochs: usize,
    /// AdaGrad's base step.
    pub learning_rate: f64,
    /// L2 penalty per weight and update.
    pub l2: f64,
    /// Weights smaller than this (in every class) are dropped from the trained model.
    pub prune_below: f64,
    /// Seed of the fixed example order of each epoch (and of dropout).
    pub seed: u64,
    /// Share of an example's features left out at each update (dropout training, which
    /// spreads weight over many features instead of the few that fit the training set best:
    /// Wager, Wang and Liang 2013, "Dropout training as adaptive regularization").
    pub dropout: f64,
    /// Return the average of the weights at the end of each epoch rather than the last ones
    /// (Polyak-Ruppert averaging), which evens out the noise that the example order and
    /// dropout leave in the last epoch's weights.
    pub average: bool,
    /// Runs, each with the next seed, whose weights are averaged (1: one run).
    pub runs: usize,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 30,
            learning_rate: 0.2,
            l2: 1e-4,
            prune_below: 1e-3,
            seed: 0x5eed,
            dropout: 0.0,
            average: false,
            runs: 1,
        }
    }
}

/// A trained classifier: class names, a weight row per feature, a bias per class.
#[derive(Clone, Debug, PartialEq)]
pub struct Classifier {
    pub(crate) name: String,
    pub(crate) classes: Vec<String>,
    /// Feature ids, ascending; row i of `weights` belongs to `ids[i]`.
    pub(crate) ids: Vec<u64>,
    /// `ids.len() * classes.len()` weights, row by row.
    pub(crate) weights: Vec<f32>,
    pub(crate) bias: Vec<f32>,
    /// Row of each id, for prediction.
    pub(crate) rows: IdMap<u32>,
}

impl Classifier {
    /// Builds a classifier from its parts (as read from a model file).
    pub(crate) fn from_parts(
        name: String,
        classes: Vec<String>,
        ids: Vec<u64>,
        weights: Vec<f32>,
        bias: Vec<f32>,
    ) -> Classifier {
        let rows = ids
            .iter()
            .enumerate()
            .map(|(i, &id)| (id, i as u32))
            .collect();
        Classifier {
            name,
            classes,
            ids,
            weights,
            bias,
            rows,
        }
    }

    /// Trains on `examples` (labels index `classes`). Deterministic: the same examples in the
    /// same order with the same options give the same weights, bit for bit.
    pub fn train(
        name: &str,
        classes: &[&str],
        examples: &[Example],
        options: &TrainOptions,
    ) -> Classifier {
        let n_classes = classes.len().max(1);
        // Rows in order of first appearance while training; sorted by id at the end.
        let mut row_of: IdMap<usize> = IdMap::default();
        for e in examples {
            for (id, _) in e.features.iter() {
                let next = row_of.len();
                row_of.entry(id).or_insert(next);
            }
        }
        let n_rows = row_of.len();
        // Runs with other seeds, their weights averaged (each run one draw of example order
        // and dropout).
        let runs = options.runs.max(1);
        let mut w = vec![0f64; n_rows * n_classes];
        let mut b = vec![0f64; n_classes];
        for run in 0..runs {
            let seed = options.seed.wrapping_add(run as u64);
            let (w_run, b_run) = fit(examples, &row_of, n_rows, n_classes, options, seed);
            add(&mut w, &w_run);
            add(&mut b, &b_run);
        }
        let n = runs as f64;
        w.iter_mut().for_each(|x| *x /= n);
        b.iter_mut().for_each(|x| *x /= n);
        let mut kept: Vec<(u64, usize)> = row_of
            .into_iter()
            .filter(|&(_, r)| {
                w[r * n_classes..(r + 1) * n_classes]
                    .iter()
                    .any(|x| x.abs() >= options.prune_below)
            })
            .collect();
        kept.sort_unstable();
        let ids: Vec<u64> = kept.iter().map(|&(id, _)| id).collect();
        let weights: Vec<f32> = kept
            .iter()
            .flat_map(|&(_, r)| {
                w[r * n_classes..(r + 1) * n_classes]
                    .iter()
                    .map(|&x| x as f32)
            })
            .collect();
        Classifier::from_parts(
            name.to_owned(),
            classes.iter().map(|c| (*c).to_owned()).collect(),
            ids,
            weights,
            b.iter().map(|&x| x as f32).collect(),
        )
    }

    /// The classifier's name in its model file.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Class names, in index order.
    pub fn classes(&self) -> &[String] {
        &self.classes
    }

    /// The index of a class by name.
    pub fn class_index(&self, class: &str) -> Option<usize> {
        self.classes.iter().position(|c| c == class)
    }

    /// Number of features with a weight.
    pub fn feature_count(&self) -> usize {
        self.ids.len()
    }

    /// Bytes held by the weights and the lookup table.
    pub fn memory_usage(&self) -> usize {
        self.ids.len() * 8
            + self.weights.len() * 4
            + self.rows.capacity() * (8 + 4 + 8)
            + self.bias.len() * 4
    }

    /// The probability of each class for these features (they sum to 1).
    pub fn probabilities(&self, features: &Features) -> Vec<f32> {
        let n = self.classes.len();
        let mut scores: Vec<f64> = self.bias.iter().map(|&b| f64::from(b)).collect();
        for (id, v) in features.iter() {
            if let Some(&row) = self.rows.get(&id) {
                let row = row as usize * n;
                for (c, s) in scores.iter_mut().enumerate() {
                    *s += f64::from(self.weights[row + c]) * f64::from(v);
                }
            }
        }
        softmax(&mut scores);
        scores.into_iter().map(|s| s as f32).collect()
    }

    /// The most probable class and its probability.
    pub fn predict(&self, features: &Features) -> (usize, f32) {
        let p = self.probabilities(features);
        p.iter().enumerate().fold(
            (0, f32::MIN),
            |best, (c, &x)| if x > best.1 { (c, x) } else { best },
        )
    }

    /// The probability of one class by name (0 when the classifier has no such class).
    pub fn probability(&self, features: &Features, class: &str) -> f32 {
        self.class_index(class)
            .map_or(0.0, |c| self.probabilities(features)[c])
    }
}

/// One run of AdaGrad over the examples with this seed: the weights (a row of `n_classes` per
/// feature row of `row_of`) and the biases, averaged over the epochs when `options.average`.
fn fit(
    examples: &[Example],
    row_of: &IdMap<usize>,
    n_rows: usize,
    n_classes: usize,
    options: &TrainOptions,
    seed: u64,
) -> (Vec<f64>, Vec<f64>) {
    let mut w = vec![0f64; n_rows * n_classes];
    let mut g2 = vec![0f64; n_rows * n_classes];
    let mut b = vec![0f64; n_classes];
    let mut b2 = vec![0f64; n_classes];
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut rng = seed | 1;
    let mut scores = vec![0f64; n_classes];
    let mut rows_of_example: Vec<(usize, f64)> = Vec::new();
    let mut dropout_state = seed ^ 0xd809_0a7c;
    let mut sums = options
        .average
        .then(|| (vec![0f64; w.len()], vec![0f64; b.len()]));
    for _ in 0..options.epochs {
        shuffle(&mut order, &mut rng);
        for &i in &order {
            let e = &examples[i];
            if e.label >= n_classes {
                continue;
            }
            rows_of_example.clear();
            // Kept features are scaled up so that their expected sum is unchanged.
            let keep = 1.0 - options.dropout;
            for (id, v) in e.features.iter() {
                if options.dropout > 0.0 {
                    dropout_state = next(dropout_state);
                    if ((dropout_state >> 11) as f64 / (1u64 << 53) as f64) < options.dropout {
                        continue;
                    }
                }
                rows_of_example.push((row_of[&id], f64::from(v) / keep));
            }
            scores.copy_from_slice(&b);
            for &(r, v) in &rows_of_example {
                for (c, s) in scores.iter_mut().enumerate() {
                    *s += w[r * n_classes + c] * v;
                }
            }
            softmax(&mut scores);
            let weight = f64::from(e.weight);
            for c in 0..n_classes {
                let target = if c == e.label { 1.0 } else { 0.0 };
                let delta = (scores[c] - target) * weight;
                b2[c] += delta * delta;
                b[c] -= options.learning_rate * delta / (b2[c] + 1e-8).sqrt();
                for &(r, v) in &rows_of_example {
                    let k = r * n_classes + c;
                    let grad = delta * v + options.l2 * w[k];
                    g2[k] += grad * grad;
                    w[k] -= options.learning_rate * grad / (g2[k] + 1e-8).sqrt();
                }
            }
        }
        if let Some((w_sum, b_sum)) = sums.as_mut() {
            add(w_sum, &w);
            add(b_sum, &b);
        }
    }
    if let Some((w_sum, b_sum)) = sums {
        let n = options.epochs.max(1) as f64;
        w = w_sum.into_iter().map(|x| x / n).collect();
        b = b_sum.into_iter().map(|x| x / n).collect();
    }
    (w, b)
}

/// Adds `x` to `sum`, element by element.
fn add(sum: &mut [f64], x: &[f64]) {
    for (s, v) in sum.iter_mut().zip(x) {
        *s += v;
    }
}

/// In place: scores to probabilities, stable for large scores.
fn softmax(scores: &mut [f64]) {
    let max = scores.iter().copied().fold(f64::MIN, f64::max);
    let mut sum = 0.0;
    for s in scores.iter_mut() {
        *s = libm::exp(*s - max);
        sum += *s;
    }
    for s in scores.iter_mut() {
        *s /= sum;
    }
}

/// The next state of a 64-bit LCG (Knuth's MMIX constants).
fn next(state: u64) -> u64 {
    state
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407)
}

/// Fisher-Yates with the LCG: a fixed order per seed.
fn shuffle(order: &mut [usize], state: &mut u64) {
    for i in (1..order.len()).rev() {
        *state = next(*state);
        let j = ((*state >> 33) % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example(words: &[&str], label: usize) -> Example {
        let mut f = Features::new();
        for w in words {
            f.add(&[w]);
        }
        Example::new(f, label)
    }

    fn toy() -> Vec<Example> {
        let mut out = Vec::new();
        for i in 0..40 {
            let noise = if i % 2 == 0 { "even" } else { "odd" };
            out.push(example(&["قصف", "طائرات", noise], 0));
            out.push(example(&["اشتباكات", "بين", noise], 1));
            out.push(example(&["مباراة", "فريق", noise], 2));
        }
        out
    }

    #[test]
    fn it_learns_separable_classes() {
        let c = Classifier::train(
            "toy",
            &["air", "clash", "none"],
            &toy(),
            &TrainOptions::default(),
        );
        let mut f = Features::new();
        f.add(&["طائرات"]);
        assert_eq!(c.predict(&f).0, 0);
        f.clear();
        f.add(&["مباراة"]);
        f.add(&["odd"]);
        assert_eq!(c.predict(&f).0, 2);
        let p = c.probabilities(&f);
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-5);
        // Uninformative features carry no weight worth keeping.
        assert!(c.feature_count() <= 8);
    }

    #[test]
    fn training_is_deterministic() {
        let a = Classifier::train("toy", &["a", "b", "c"], &toy(), &TrainOptions::default());
        let b = Classifier::train("toy", &["a", "b", "c"], &toy(), &TrainOptions::default());
        assert_eq!(a, b);
    }

    #[test]
    fn runs_average_their_weights() {
        // Two classes: the score difference is linear in the weights, so the model averaged
        // over two runs scores between the two runs trained alone.
        let examples: Vec<Example> = toy().into_iter().filter(|e| e.label < 2).collect();
        let options = TrainOptions {
            dropout: 0.5,
            average: true,
            prune_below: 0.0,
            ..TrainOptions::default()
        };
        let alone = |seed: u64| {
            let o = TrainOptions {
                seed,
                ..options.clone()
            };
            Classifier::train("toy", &["air", "clash"], &examples, &o)
        };
        let (first, second) = (alone(options.seed), alone(options.seed + 1));
        let both = TrainOptions {
            runs: 2,
            ..options.clone()
        };
        let mean = Classifier::train("toy", &["air", "clash"], &examples, &both);
        assert_eq!(
            mean,
            Classifier::train("toy", &["air", "clash"], &examples, &both)
        );
        let mut f = Features::new();
        f.add(&["بين"]);
        f.add(&["even"]);
        let (x, y) = (
            first.probability(&f, "clash"),
            second.probability(&f, "clash"),
        );
        assert_ne!(x, y, "the two runs differ");
        let m = mean.probability(&f, "clash");
        assert!(m > x.min(y) && m < x.max(y), "{x} {m} {y}");
        assert_eq!(mean.predict(&f).0, 1);
    }

    #[test]
    fn unknown_features_and_labels_are_harmless() {
        let mut examples = toy();
        examples.push(example(&["x"], 99));
        let c = Classifier::train("toy", &["a", "b", "c"], &examples, &TrainOptions::default());
        let mut f = Features::new();
        f.add(&["never seen"]);
        let (_, p) = c.predict(&f);
        assert!(p > 0.0 && p <= 1.0);
        assert_eq!(c.probability(&f, "no such class"), 0.0);
    }
}
