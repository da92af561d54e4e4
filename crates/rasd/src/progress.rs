//! The progress bar of long runs on a terminal (stderr only; nothing when it is a pipe).
//!
//! When the size of the input is known before the run (files and zip members,
//! `paths::total_bytes`), a bar of bytes done out of the total with the rate and the time left,
//! as `pv` and `cargo` show; reading stdin, whose size is unknown, a spinner with the count.

use std::cell::Cell;
use std::io::{self, Read};
use std::rc::Rc;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressStyle};

/// The bar for a run over `total` bytes, or a spinner when the total is unknown.
pub(crate) fn bar(total: Option<u64>) -> ProgressBar {
    let (bar, template) = match total {
        Some(total) => (
            ProgressBar::new(total),
            "{wide_bar} {bytes}/{total_bytes} {bytes_per_sec} ETA {eta}  {msg}",
        ),
        None => (
            ProgressBar::new_spinner(),
            "{spinner} {msg}  {elapsed_precise}",
        ),
    };
    if let Ok(style) = ProgressStyle::with_template(template) {
        bar.set_style(style.progress_chars("█▉▊▋▌▍▎▏ "));
    }
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Moves the bar to `bytes` read and says the documents done and their rate, with `extra`
/// after them (the ingest's report count).
pub(crate) fn update(bar: &ProgressBar, bytes: u64, documents: u64, extra: &str) {
    bar.set_position(bytes);
    let seconds = bar.elapsed().as_secs_f64().max(1e-3);
    bar.set_message(format!(
        "{documents} docs ({:.0}/s){extra}",
        documents as f64 / seconds
    ));
}

/// Bytes read from the inputs so far, shared by the reader that counts them and the consumer
/// that shows them.
pub(crate) type ByteCount = Rc<Cell<u64>>;

/// A reader that adds what it reads to a [`ByteCount`].
pub(crate) struct Counted<R> {
    inner: R,
    count: ByteCount,
}

impl<R> Counted<R> {
    pub(crate) fn new(inner: R, count: ByteCount) -> Self {
        Counted { inner, count }
    }
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_reads_add_up() {
        let count = ByteCount::default();
        let mut reader = Counted::new(&b"0123456789"[..], Rc::clone(&count));
        let mut buf = [0u8; 4];
        reader.read_exact(&mut buf).unwrap();
        assert_eq!(count.get(), 4);
        io::copy(&mut reader, &mut io::sink()).unwrap();
        assert_eq!(count.get(), 10);
    }
}
