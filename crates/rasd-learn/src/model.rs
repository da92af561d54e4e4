//! The model file: named classifiers and metadata, serialised apart from the code that
//! applies them (as vaporetto keeps its `Model` apart from its `Predictor`).
//!
//! Layout, little-endian:
//!
//! ```text
//! magic      8 bytes  "RASDMODL"
//! version    u32      FORMAT_VERSION
//! meta       u32 count, then (string key, string value) pairs
//! models     u32 count, then per classifier:
//!              string name, u32 class count, strings class names,
//!              u32 feature count, u64 ids (ascending), f32 weights (feature-major),
//!              f32 bias per class
//! checksum   u64      FNV-1a of every byte before it
//! ```
//!
//! A string is a u32 byte length and UTF-8 bytes.

use crate::classifier::Classifier;
use crate::features::feature_id;

/// First bytes of every model file.
pub const MAGIC: &[u8; 8] = b"RASDMODL";
/// The layout version this code reads and writes.
pub const FORMAT_VERSION: u32 = 1;

/// Why a model file could not be read.
#[derive(Debug, thiserror::Error)]
#[error("not a usable rasd model: {kind}")]
pub struct ModelError {
    kind: ModelErrorKind,
}

impl ModelError {
    /// What went wrong.
    pub fn kind(&self) -> &ModelErrorKind {
        &self.kind
    }
}

/// What is wrong with a model file.
#[derive(Clone, Debug, thiserror::Error, PartialEq, Eq)]
pub enum ModelErrorKind {
    /// It does not start with [`MAGIC`].
    #[error("it does not start with the model magic number")]
    NotAModel,
    /// It was written by another layout version.
    #[error("format version {0}, this rasd reads version {FORMAT_VERSION}")]
    Version(u32),
    /// It ends early or its lengths do not add up.
    #[error("it is truncated or malformed")]
    Truncated,
    /// Its checksum does not match its bytes.
    #[error("its checksum does not match (the file is damaged)")]
    Checksum,
    /// A string is not UTF-8.
    #[error("a name is not UTF-8")]
    Utf8,
}

fn err(kind: ModelErrorKind) -> ModelError {
    ModelError { kind }
}

/// A set of named classifiers with metadata (what they were trained on, with which features).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ModelSet {
    meta: Vec<(String, String)>,
    classifiers: Vec<Classifier>,
}

impl ModelSet {
    /// An empty set.
    pub fn new() -> ModelSet {
        ModelSet::default()
    }

    /// Sets a metadata value (replacing one of the same key).
    pub fn set_meta(&mut self, key: &str, value: &str) {
        match self.meta.iter_mut().find(|(k, _)| k == key) {
            Some(entry) => entry.1 = value.to_owned(),
            None => self.meta.push((key.to_owned(), value.to_owned())),
        }
    }

    /// A metadata value.
    pub fn meta(&self, key: &str) -> Option<&str> {
        self.meta
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }

    /// All metadata, in insertion order.
    pub fn meta_entries(&self) -> &[(String, String)] {
        &self.meta
    }

    /// Adds a classifier (replacing one of the same name).
    pub fn insert(&mut self, classifier: Classifier) {
        match self
            .classifiers
            .iter_mut()
            .find(|c| c.name == classifier.name)
        {
            Some(slot) => *slot = classifier,
            None => self.classifiers.push(classifier),
        }
    }

    /// A classifier by name.
    pub fn get(&self, name: &str) -> Option<&Classifier> {
        self.classifiers.iter().find(|c| c.name == name)
    }

    /// The classifiers, in insertion order.
    pub fn classifiers(&self) -> &[Classifier] {
        &self.classifiers
    }

    /// Bytes held in memory.
    pub fn memory_usage(&self) -> usize {
        self.classifiers.iter().map(Classifier::memory_usage).sum()
    }

    /// The model file's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        put_u32(&mut out, self.meta.len());
        for (k, v) in &self.meta {
            put_str(&mut out, k);
            put_str(&mut out, v);
        }
        put_u32(&mut out, self.classifiers.len());
        for c in &self.classifiers {
            put_str(&mut out, &c.name);
            put_u32(&mut out, c.classes.len());
            for class in &c.classes {
                put_str(&mut out, class);
            }
            put_u32(&mut out, c.ids.len());
            for id in &c.ids {
                out.extend_from_slice(&id.to_le_bytes());
            }
            for w in &c.weights {
                out.extend_from_slice(&w.to_le_bytes());
            }
            for b in &c.bias {
                out.extend_from_slice(&b.to_le_bytes());
            }
        }
        let sum = checksum(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    /// Reads a model file.
    ///
    /// # Errors
    /// When the bytes are not a model file of this version, are truncated or damaged.
    pub fn from_bytes(bytes: &[u8]) -> Result<ModelSet, ModelError> {
        if bytes.len() < MAGIC.len() || &bytes[..MAGIC.len()] != MAGIC {
            return Err(err(ModelErrorKind::NotAModel));
        }
        let mut r = Reader {
            bytes,
            at: MAGIC.len(),
        };
        let version = r.u32()?;
        if version != FORMAT_VERSION {
            return Err(err(ModelErrorKind::Version(version)));
        }
        if bytes.len() < 8 + MAGIC.len() + 4 {
            return Err(err(ModelErrorKind::Truncated));
        }
        let body = &bytes[..bytes.len() - 8];
        let stored = u64::from_le_bytes(
            bytes[bytes.len() - 8..]
                .try_into()
                .map_err(|_| err(ModelErrorKind::Truncated))?,
        );
        if checksum(body) != stored {
            return Err(err(ModelErrorKind::Checksum));
        }
        r.bytes = body;
        let mut set = ModelSet::new();
        for _ in 0..r.u32()? {
            let k = r.string()?;
            let v = r.string()?;
            set.meta.push((k, v));
        }
        for _ in 0..r.u32()? {
            let name = r.string()?;
            let n_classes = r.u32()? as usize;
            let classes = (0..n_classes)
                .map(|_| r.string())
                .collect::<Result<Vec<_>, _>>()?;
            let n_features = r.u32()? as usize;
            let ids = (0..n_features)
                .map(|_| r.u64())
                .collect::<Result<Vec<_>, _>>()?;
            let n_weights = n_features
                .checked_mul(n_classes)
                .ok_or_else(|| err(ModelErrorKind::Truncated))?;
            let weights = (0..n_weights)
                .map(|_| r.f32())
                .collect::<Result<Vec<_>, _>>()?;
            let bias = (0..n_classes)
                .map(|_| r.f32())
                .collect::<Result<Vec<_>, _>>()?;
            set.classifiers
                .push(Classifier::from_parts(name, classes, ids, weights, bias));
        }
        if r.at != body.len() {
            return Err(err(ModelErrorKind::Truncated));
        }
        Ok(set)
    }
}

fn checksum(bytes: &[u8]) -> u64 {
    // FNV-1a over the bytes, as a string of one part.
    let mut h = feature_id(&[]);
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

fn put_u32(out: &mut Vec<u8>, n: usize) {
    // Counts and lengths in a model are far below 4 G; saturate rather than wrap.
    out.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    put_u32(out, s.len());
    out.extend_from_slice(s.as_bytes());
}

struct Reader<'b> {
    bytes: &'b [u8],
    at: usize,
}

impl Reader<'_> {
    fn take(&mut self, n: usize) -> Result<&[u8], ModelError> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or_else(|| err(ModelErrorKind::Truncated))?;
        let out = &self.bytes[self.at..end];
        self.at = end;
        Ok(out)
    }
    fn u32(&mut self) -> Result<u32, ModelError> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }
    fn u64(&mut self) -> Result<u64, ModelError> {
        let b = self.take(8)?;
        let mut a = [0u8; 8];
        a.copy_from_slice(b);
        Ok(u64::from_le_bytes(a))
    }
    fn f32(&mut self) -> Result<f32, ModelError> {
        Ok(f32::from_bits(self.u32()?))
    }
    fn string(&mut self) -> Result<String, ModelError> {
        let n = self.u32()? as usize;
        let b = self.take(n)?;
        String::from_utf8(b.to_vec()).map_err(|_| err(ModelErrorKind::Utf8))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::classifier::{Example, TrainOptions};
    use crate::features::Features;
    use proptest::prelude::*;

    fn small_set() -> ModelSet {
        let mut examples = Vec::new();
        for i in 0..10 {
            let mut f = Features::new();
            f.add(&[if i % 2 == 0 { "a" } else { "b" }]);
            examples.push(Example::new(f, i % 2));
        }
        let mut set = ModelSet::new();
        set.set_meta("corpus", "toy");
        set.insert(Classifier::train(
            "event",
            &["no", "yes"],
            &examples,
            &TrainOptions::default(),
        ));
        set
    }

    #[test]
    fn a_model_reads_back_as_written() {
        let set = small_set();
        let bytes = set.to_bytes();
        assert_eq!(&bytes[..8], MAGIC);
        let back = ModelSet::from_bytes(&bytes).unwrap();
        assert_eq!(back, set);
        assert_eq!(back.meta("corpus"), Some("toy"));
        assert!(back.get("event").is_some());
    }

    #[test]
    fn bad_files_are_refused_by_kind() {
        let bytes = small_set().to_bytes();
        let kind = |b: &[u8]| ModelSet::from_bytes(b).unwrap_err().kind().clone();
        assert_eq!(kind(b"PK\x03\x04zip"), ModelErrorKind::NotAModel);
        let mut v2 = bytes.clone();
        v2[8] = 2;
        assert_eq!(kind(&v2), ModelErrorKind::Version(2));
        let mut damaged = bytes.clone();
        let mid = damaged.len() / 2;
        damaged[mid] ^= 0xff;
        assert_eq!(kind(&damaged), ModelErrorKind::Checksum);
        assert_eq!(kind(&bytes[..13]), ModelErrorKind::Truncated);
    }

    proptest! {
        /// No byte string makes the reader panic.
        #[test]
        fn arbitrary_bytes_never_panic(tail in proptest::collection::vec(any::<u8>(), 0..200)) {
            let mut bytes = MAGIC.to_vec();
            bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
            bytes.extend_from_slice(&tail);
            let _ = ModelSet::from_bytes(&bytes);
        }
    }
}
