//! Small, deterministic linear models for rasd's decisions (is this trigger an event, which
//! role does this actor play, does this source report this event).
//!
//! - [`Features`]: sparse features named by string parts, hashed to 64-bit ids.
//! - [`Classifier`]: multinomial logistic regression, trained by AdaGrad in a fixed order
//!   (the same examples give the same bits), applied by summing weights.
//! - [`ModelSet`]: named classifiers with metadata, serialised to a versioned, checksummed
//!   file (magic `RASDMODL`) kept apart from the code that applies it.
//!
//! ```
//! use rasd_learn::{Classifier, Example, Features, ModelSet, TrainOptions};
//! let mut examples = Vec::new();
//! for (word, label) in [("غارات", 1), ("مباراة", 0)].iter().cycle().take(20) {
//!     let mut f = Features::new();
//!     f.add(&["word", word]);
//!     examples.push(Example::new(f, *label));
//! }
//! let mut models = ModelSet::new();
//! models.insert(Classifier::train("event", &["no", "yes"], &examples, &TrainOptions::default()));
//! let models = ModelSet::from_bytes(&models.to_bytes())?;
//! let mut f = Features::new();
//! f.add(&["word", "غارات"]);
//! assert!(models.get("event").unwrap().probability(&f, "yes") > 0.9);
//! # Ok::<(), rasd_learn::ModelError>(())
//! ```
#![deny(missing_docs)]

mod classifier;
mod features;
mod model;

pub use classifier::{Classifier, Example, TrainOptions};
pub use features::{feature_id, Features};
pub use model::{ModelError, ModelErrorKind, ModelSet, FORMAT_VERSION, MAGIC};
