//! The store's connections: a few readers and one writer.
//!
//! `rasd_store::Store` wraps one synchronous SQLite connection, usable by one thread at a time.
//! SQLite in WAL mode lets any number of readers work beside one writer, so the server keeps
//! a small pool of reader stores and one writer store (reviews), and runs every query on
//! tokio's blocking threads. A semaphore with one permit per reader makes a request wait
//! (asynchronously, holding no thread) until a reader is free, so a burst of requests never
//! parks hundreds of blocking threads on a lock.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use axum::http::StatusCode;
use rasd_store::Store;
use tokio::sync::Semaphore;

use crate::{ApiError, Error};

/// Handle to the database connections the server uses; cheap to clone.
#[derive(Clone)]
pub struct Stores {
    inner: Arc<Inner>,
}

struct Inner {
    readers: Mutex<Vec<Store>>,
    permits: Arc<Semaphore>,
    writer: Mutex<Store>,
    writer_permit: Arc<Semaphore>,
    /// A connection that only reads `data_version`, to tell when cached answers went stale.
    watcher: Mutex<Store>,
}

impl std::fmt::Debug for Stores {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Stores")
            .field("readers", &self.inner.permits.available_permits())
            .finish_non_exhaustive()
    }
}

/// A reader taken from the pool; goes back when dropped, even if the query panicked.
struct Lease<'a> {
    store: Option<Store>,
    pool: &'a Mutex<Vec<Store>>,
}

impl Drop for Lease<'_> {
    fn drop(&mut self) {
        if let Some(store) = self.store.take() {
            self.pool
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .push(store);
        }
    }
}

/// The default number of reader connections: two per core (a query spends part of its time
/// waiting on the file system), between 2 and 16.
pub fn default_readers() -> usize {
    std::thread::available_parallelism()
        .map_or(2, |n| n.get() * 2)
        .clamp(2, 16)
}

impl Stores {
    /// Opens the store at `path` (a SQLite file) once for writing and `readers` times for
    /// reading (at least once).
    ///
    /// # Errors
    /// When the database cannot be opened (see `rasd_store::Store::open`).
    pub fn open(path: &str, readers: usize) -> Result<Stores, Error> {
        // The writer first: it applies any pending migration before the readers look.
        let writer = Store::open(path)?;
        let watcher = Store::open(path)?;
        let readers = (0..readers.max(1))
            .map(|_| {
                let store = Store::open(path)?;
                store.map_for_reading()?;
                Ok(store)
            })
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(Stores {
            inner: Arc::new(Inner {
                permits: Arc::new(Semaphore::new(readers.len())),
                readers: Mutex::new(readers),
                writer: Mutex::new(writer),
                writer_permit: Arc::new(Semaphore::new(1)),
                watcher: Mutex::new(watcher),
            }),
        })
    }

    /// The database's version as the watcher connection sees it: it changes after every
    /// commit by another connection (a review, an ingest in another process). A call takes
    /// microseconds (SQLite reads it from the shared WAL index), so it runs right here.
    /// `None` for PostgreSQL, which has no such counter (nothing is cached then).
    pub(crate) fn data_version(&self) -> Result<Option<i64>, ApiError> {
        self.inner
            .watcher
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .data_version()
            .map_err(ApiError::from)
    }

    /// Runs `query` on a free reader, waiting at most `wait` for one.
    pub(crate) async fn read<T, F>(&self, wait: Duration, query: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&Store) -> Result<T, ApiError> + Send + 'static,
    {
        let permit = acquire(&self.inner.permits, wait).await?;
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let store = inner
                .readers
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .pop();
            let lease = Lease {
                store,
                pool: &inner.readers,
            };
            match &lease.store {
                Some(store) => query(store),
                // A permit without a store: a reader was lost to a panic.
                None => Err(ApiError::internal(&"no reader connection left")),
            }
        })
        .await
        .map_err(|e| ApiError::internal(&e))?
    }

    /// Runs `change` on the writer, waiting at most `wait` for it.
    pub(crate) async fn write<T, F>(&self, wait: Duration, change: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, ApiError> + Send + 'static,
    {
        let permit = acquire(&self.inner.writer_permit, wait).await?;
        let inner = Arc::clone(&self.inner);
        tokio::task::spawn_blocking(move || {
            let _permit = permit;
            let mut writer = inner.writer.lock().unwrap_or_else(PoisonError::into_inner);
            change(&mut writer)
        })
        .await
        .map_err(|e| ApiError::internal(&e))?
    }
}

async fn acquire(
    semaphore: &Arc<Semaphore>,
    wait: Duration,
) -> Result<tokio::sync::OwnedSemaphorePermit, ApiError> {
    let busy = || {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is busy; try again",
        )
    };
    match tokio::time::timeout(wait, Arc::clone(semaphore).acquire_owned()).await {
        Ok(Ok(permit)) => Ok(permit),
        Ok(Err(_)) | Err(_) => Err(busy()),
    }
}
