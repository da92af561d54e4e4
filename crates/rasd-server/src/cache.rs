//! Answers already computed, kept until the database changes.
//!
//! The review page asks the same questions over and over (the first page of a filter, its
//! stats, the map's pages), and every answer is a pure function of the query and the
//! database's content. So the server keeps the serialized JSON of list, stats and detail
//! answers, keyed by endpoint and canonical query, and drops them all as soon as anything is
//! committed to the database: SQLite's `data_version` on a connection of our own changes after
//! every commit by any other connection, whether the server's review writer or a `rasd ingest`
//! running beside it. No answer older than the last commit seen is ever served.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use axum::body::Bytes;

/// The cache: entries of one database version.
pub(crate) struct Cache {
    max_entries: usize,
    max_bytes: usize,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    /// The database version the entries belong to.
    version: Option<i64>,
    entries: HashMap<String, Bytes>,
    bytes: usize,
}

impl Cache {
    /// A cache of at most `max_entries` answers and `max_bytes` bytes; 0 entries disables it.
    pub(crate) fn new(max_entries: usize, max_bytes: usize) -> Cache {
        Cache {
            max_entries,
            max_bytes,
            state: Mutex::new(State::default()),
        }
    }

    pub(crate) fn enabled(&self) -> bool {
        self.max_entries > 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The answer for `key` computed at database version `version`, if any. A new version
    /// empties the cache.
    pub(crate) fn get(&self, version: i64, key: &str) -> Option<Bytes> {
        let mut state = self.lock();
        if state.version != Some(version) {
            *state = State {
                version: Some(version),
                ..State::default()
            };
            return None;
        }
        state.entries.get(key).cloned()
    }

    /// Keeps `value` for `key` if the cache still holds version `version`. When full, the
    /// cache starts over (simple, and a full cache means the queries are too varied to gain
    /// much from keeping any particular one).
    pub(crate) fn put(&self, version: i64, key: String, value: Bytes) {
        if !self.enabled() || value.len() > self.max_bytes / 4 {
            return;
        }
        let mut state = self.lock();
        if state.version != Some(version) {
            return;
        }
        if state.entries.len() >= self.max_entries || state.bytes + value.len() > self.max_bytes {
            state.entries.clear();
            state.bytes = 0;
        }
        state.bytes += value.len();
        if let Some(old) = state.entries.insert(key, value) {
            state.bytes -= old.len();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_version_empties_the_cache() {
        let cache = Cache::new(10, 1000);
        assert_eq!(cache.get(1, "a"), None);
        cache.put(1, "a".into(), Bytes::from_static(b"x"));
        assert_eq!(cache.get(1, "a"), Some(Bytes::from_static(b"x")));
        assert_eq!(cache.get(2, "a"), None);
        // An answer computed before the change is not kept after it.
        cache.put(1, "a".into(), Bytes::from_static(b"x"));
        assert_eq!(cache.get(2, "a"), None);
    }

    #[test]
    fn the_cache_stays_bounded() {
        let cache = Cache::new(2, 1000);
        cache.get(1, "");
        for key in ["a", "b", "c"] {
            cache.put(1, key.into(), Bytes::from_static(b"x"));
        }
        let kept = ["a", "b", "c"]
            .iter()
            .filter(|k| cache.get(1, k).is_some())
            .count();
        assert!(kept <= 2);
        let disabled = Cache::new(0, 1000);
        disabled.get(1, "");
        disabled.put(1, "a".into(), Bytes::from_static(b"x"));
        assert_eq!(disabled.get(1, "a"), None);
    }
}
