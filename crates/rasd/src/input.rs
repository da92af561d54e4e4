//! Reading documents: inputs (`paths.rs` finds them) to documents.
//!
//! Every input kind is streamed: JSON Lines a line at a time (each line capped at
//! [`MAX_LINE_BYTES`]), JSON arrays an element at a time, zip archives a member at a time, plain
//! text up to the size the extractor reads ([`MAX_DOCUMENT_BYTES`]). Nothing here panics or
//! stops the run on bad input: each problem is handed to [`Consumer::skip`] with the file and
//! line, and reading goes on with the next line, element, member or file. Only a failure to
//! write the output ([`Stop`]) ends the run early.

use std::cell::Cell;
use std::fmt;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Cursor, Read, Seek, SeekFrom};
use std::path::Path;
use std::rc::Rc;

use rasd_extract::{Document, DocumentError, MAX_DOCUMENT_BYTES};
use serde::de::{self, DeserializeSeed, SeqAccess, Visitor};
use serde_json::Value;

use crate::paths;
pub use crate::paths::Input;
use crate::progress::{ByteCount, Counted};

/// Longest JSON line read; a longer one is skipped without being held in memory. Far above any
/// article (a few KB) and above [`MAX_DOCUMENT_BYTES`], which the extractor cuts at anyway.
pub const MAX_LINE_BYTES: usize = 64 * 1024 * 1024;

/// Bytes looked at to tell a file's kind (zip, binary, JSON array, JSON object, text).
const PEEK_BYTES: usize = 4096;

/// Buffer for reading files; large reads keep the per-byte cost of JSON parsing low.
const READ_BUFFER_BYTES: usize = 256 * 1024;

/// The date fields `Document::from_json` reads, in its order of preference.
const DATE_FIELDS: [&str; 3] = ["date", "date_extracted", "published"];

/// Why reading stopped for good: the output cannot be written any more.
#[derive(Debug)]
pub struct Stop(pub io::Error);

/// Where documents and problems go.
pub trait Consumer {
    /// One document read at `origin` (`FILE:LINE`, or `FILE` for a whole-file document).
    ///
    /// # Errors
    /// When the output cannot be written: reading must stop.
    fn document(&mut self, doc: Document, origin: String) -> Result<(), Stop>;
    /// An input that is skipped: a file, a line, an array element or an archive member.
    fn skip(&mut self, location: &str, reason: &dyn fmt::Display);
    /// Something worth saying that skips nothing (a cut text, an ignored bad date).
    fn note(&mut self, location: &str, message: &dyn fmt::Display);
    /// A file or archive member has been read to the end.
    fn end_of_file(&mut self, name: &str);
    /// Where to count the bytes read (the progress bar's position): files count their bytes,
    /// zip archives their members' uncompressed bytes, as `paths::total_bytes` sizes them.
    fn byte_count(&self) -> Option<ByteCount> {
        None
    }
}

/// An I/O error as a short phrase, without Rust's "(os error 2)" tail.
pub fn describe_io(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or directory".to_owned(),
        io::ErrorKind::PermissionDenied => "permission denied".to_owned(),
        _ => {
            let text = e.to_string();
            match text.find(" (os error") {
                Some(i) => text[..i].to_owned(),
                None => text,
            }
        }
    }
}

/// What a file holds, as far as its name or its first bytes tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `.jsonl`, `.ndjson`: one JSON object a line.
    JsonLines,
    /// `.json`: an array of objects, one object, or JSON Lines.
    Json,
    /// `.zip`.
    Zip,
    /// `.txt`: one document.
    Text,
    /// Anything else: decided by content.
    Unknown,
}

fn kind_by_extension(path: &Path) -> Kind {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match extension.as_deref() {
        Some("jsonl" | "ndjson") => Kind::JsonLines,
        Some("json") => Kind::Json,
        Some("zip") => Kind::Zip,
        Some("txt") => Kind::Text,
        _ => Kind::Unknown,
    }
}

/// Names of one stream for messages and default ids.
struct Source<'a> {
    /// For messages: the path, `archive.zip/member.json`, or `<stdin>`.
    name: &'a str,
    /// For ids: the file stem, or `None` for stdin (ids are then bare line numbers, as the spec
    /// says).
    stem: Option<&'a str>,
}

impl Source<'_> {
    /// The id of a document that has none: `<stem>:<n>`, or `<n>` on stdin.
    fn fallback_id(&self, n: usize) -> String {
        match self.stem {
            Some(stem) => format!("{stem}:{n}"),
            None => n.to_string(),
        }
    }

    fn at(&self, line: usize) -> String {
        format!("{}:{line}", self.name)
    }
}

/// Reads one input to the end.
///
/// # Errors
/// Only when the consumer says the output is gone.
pub fn read_input(input: &Input, consumer: &mut impl Consumer) -> Result<(), Stop> {
    match input {
        Input::Stdin => {
            let source = Source {
                name: "<stdin>",
                stem: None,
            };
            let count = consumer.byte_count().unwrap_or_default();
            let stdin = Counted::new(io::stdin().lock(), count);
            read_stream(stdin, &source, Kind::Unknown, consumer)?;
            consumer.end_of_file(source.name);
        }
        Input::Unreadable { name, reason } => {
            consumer.skip(name, reason);
            consumer.end_of_file(name);
        }
        Input::File(path) => {
            let name = path.display().to_string();
            let count = consumer.byte_count().unwrap_or_default();
            let start = count.get();
            read_file(path, &name, consumer, &count)?;
            // What was not read (a skipped member, the rest of a cut text) is done all the same.
            count.set(start + paths::input_bytes(input).unwrap_or(0));
            consumer.end_of_file(&name);
        }
    }
    Ok(())
}

fn read_file(
    path: &Path,
    name: &str,
    consumer: &mut impl Consumer,
    count: &ByteCount,
) -> Result<(), Stop> {
    let mut file = match File::open(path) {
        Ok(file) => file,
        Err(e) => {
            consumer.skip(name, &describe_io(&e));
            return Ok(());
        }
    };
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| name.to_owned());
    let source = Source {
        name,
        stem: Some(&stem),
    };
    let mut kind = kind_by_extension(path);
    if kind == Kind::Unknown && starts_with_zip_magic(&mut file) {
        kind = Kind::Zip;
    }
    if kind == Kind::Zip {
        read_zip(file, &source, consumer, count)
    } else {
        read_stream(
            Counted::new(file, Rc::clone(count)),
            &source,
            kind,
            consumer,
        )
    }
}

/// Whether a file starts with a zip local header; the position is put back at the start.
pub(crate) fn starts_with_zip_magic(file: &mut File) -> bool {
    let mut magic = [0u8; 4];
    let is_zip = file.read_exact(&mut magic).is_ok() && magic == *b"PK\x03\x04";
    file.seek(SeekFrom::Start(0)).is_ok() && is_zip
}

fn read_zip(
    file: File,
    source: &Source,
    consumer: &mut impl Consumer,
    count: &ByteCount,
) -> Result<(), Stop> {
    let mut archive = match zip::ZipArchive::new(BufReader::new(file)) {
        Ok(archive) => archive,
        Err(e) => {
            consumer.skip(source.name, &format!("not a readable zip archive: {e}"));
            return Ok(());
        }
    };
    if archive.is_empty() {
        consumer.skip(source.name, &"empty zip archive");
    }
    for index in 0..archive.len() {
        let member_name = archive
            .name_for_index(index)
            .map(str::to_owned)
            .unwrap_or_else(|| format!("#{index}"));
        let base = member_name.rsplit('/').next().unwrap_or_default();
        // Directories, and the metadata macOS adds to archives it makes.
        if base.is_empty() || base.starts_with('.') || member_name.starts_with("__MACOSX/") {
            continue;
        }
        let display = format!("{}/{member_name}", source.name);
        let member_path = Path::new(base);
        let stem = member_path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| base.to_owned());
        let member_source = Source {
            name: &display,
            stem: Some(&stem),
        };
        let kind = kind_by_extension(member_path);
        if kind == Kind::Zip {
            consumer.skip(&display, &"a zip inside a zip is not read");
            consumer.end_of_file(&display);
            continue;
        }
        match archive.by_index(index) {
            Ok(member) => {
                let member = Counted::new(member, Rc::clone(count));
                read_stream(member, &member_source, kind, consumer)?;
            }
            Err(e) => consumer.skip(&display, &format!("cannot read archive member: {e}")),
        }
        consumer.end_of_file(&display);
    }
    Ok(())
}

/// Reads up to [`PEEK_BYTES`] from the start of a stream.
fn peek(reader: &mut impl Read) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(PEEK_BYTES);
    reader.take(PEEK_BYTES as u64).read_to_end(&mut head)?;
    Ok(head)
}

/// The first byte that is not JSON whitespace, and its index.
fn first_non_space(bytes: &[u8]) -> Option<(usize, u8)> {
    bytes
        .iter()
        .copied()
        .enumerate()
        .find(|(_, b)| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
}

/// Whether the bytes open a JSON array of objects (`[` then `{` or `]`) rather than text that
/// happens to start with a bracket ("[عاجل] ...").
fn opens_json_array(head: &[u8]) -> bool {
    match first_non_space(head) {
        Some((i, b'[')) => matches!(
            first_non_space(&head[i + 1..]),
            Some((_, b'{' | b']')) | None
        ),
        _ => false,
    }
}

/// Whether the bytes open a JSON object (`{` then `"` or `}`).
fn opens_json_object(head: &[u8]) -> bool {
    match first_non_space(head) {
        Some((i, b'{')) => matches!(
            first_non_space(&head[i + 1..]),
            Some((_, b'"' | b'}')) | None
        ),
        _ => false,
    }
}

fn read_stream(
    mut reader: impl Read,
    source: &Source,
    kind: Kind,
    consumer: &mut impl Consumer,
) -> Result<(), Stop> {
    let mut head = match peek(&mut reader) {
        Ok(head) => head,
        Err(e) => {
            consumer.skip(source.name, &describe_io(&e));
            return Ok(());
        }
    };
    if head.is_empty() {
        consumer.skip(source.name, &"empty file");
        return Ok(());
    }
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        consumer.skip(source.name, &"UTF-16 text is not read: convert it to UTF-8");
        return Ok(());
    }
    if head.starts_with(b"\xEF\xBB\xBF") {
        head.drain(..3);
    }
    if head.starts_with(b"PK\x03\x04") {
        consumer.skip(
            source.name,
            &"a zip archive is read only from a file named on the command line or in a directory",
        );
        return Ok(());
    }
    if let Some(offset) = head.iter().position(|&b| b == 0) {
        consumer.skip(
            source.name,
            &format!("binary file (NUL byte at offset {offset}), not text or JSON"),
        );
        return Ok(());
    }
    let kind = match kind {
        Kind::Unknown if opens_json_array(&head) || opens_json_object(&head) => Kind::Json,
        Kind::Unknown => Kind::Text,
        kind => kind,
    };
    let reader = BufReader::with_capacity(READ_BUFFER_BYTES, Cursor::new(head).chain(reader));
    match kind {
        Kind::JsonLines => read_json_lines(reader, source, 0, consumer),
        Kind::Json => read_json(reader, source, consumer),
        _ => read_text(reader, source, consumer),
    }
}

/// A `.json` file: an array of objects, JSON Lines, or one object (or several) spread over
/// lines.
fn read_json(
    mut reader: impl BufRead,
    source: &Source,
    consumer: &mut impl Consumer,
) -> Result<(), Stop> {
    let head = match reader.fill_buf() {
        Ok(head) => head,
        Err(e) => {
            consumer.skip(source.name, &describe_io(&e));
            return Ok(());
        }
    };
    match first_non_space(head) {
        None => {
            consumer.skip(source.name, &"empty file: no JSON");
            Ok(())
        }
        Some((_, b'[')) => read_json_array(reader, source, consumer),
        Some((_, b'{')) => {
            // JSON Lines when the first line is a whole object; otherwise the objects span
            // lines (pretty-printed) and are read as a stream of values.
            let mut first = Vec::new();
            let line = read_line(&mut reader, &mut first);
            let first_is_whole = matches!(line, Ok(Line::Read))
                && serde_json::from_slice::<Value>(trim_line_end(&first)).is_ok();
            if first_is_whole {
                handle_line(&first, 1, source, consumer)?;
                read_json_lines(reader, source, 1, consumer)
            } else {
                match line {
                    Err(e) => {
                        consumer.skip(&source.at(1), &describe_io(&e));
                        Ok(())
                    }
                    Ok(Line::TooLong(_)) => {
                        consumer.skip(
                            &source.at(1),
                            &format!(
                                "first line longer than {} MiB; not read",
                                MAX_LINE_BYTES >> 20
                            ),
                        );
                        Ok(())
                    }
                    Ok(_) => read_json_values(Cursor::new(first).chain(reader), source, consumer),
                }
            }
        }
        Some((i, _)) => {
            consumer.skip(
                &source.at(1 + head[..i].iter().filter(|&&b| b == b'\n').count()),
                &"not JSON: expected an array of objects or objects",
            );
            Ok(())
        }
    }
}

/// What reading one line gave.
enum Line {
    /// A line (maybe the last, without `\n`).
    Read,
    /// End of input.
    End,
    /// A line longer than [`MAX_LINE_BYTES`], of this many bytes, consumed and dropped.
    TooLong(u64),
}

/// Reads one line into `buf` (cleared first), holding at most [`MAX_LINE_BYTES`] + 1 bytes: a
/// longer line is read through to its end and dropped.
fn read_line(reader: &mut impl BufRead, buf: &mut Vec<u8>) -> io::Result<Line> {
    buf.clear();
    let limit = MAX_LINE_BYTES as u64 + 1;
    let n = reader.by_ref().take(limit).read_until(b'\n', buf)?;
    if n == 0 {
        return Ok(Line::End);
    }
    if buf.len() as u64 == limit && buf.last() != Some(&b'\n') {
        let mut total = buf.len() as u64;
        *buf = Vec::new(); // give the memory back now, not at the next long line
        loop {
            let available = reader.fill_buf()?;
            if available.is_empty() {
                break;
            }
            match available.iter().position(|&b| b == b'\n') {
                Some(i) => {
                    reader.consume(i + 1);
                    total += i as u64;
                    break;
                }
                None => {
                    let len = available.len();
                    reader.consume(len);
                    total += len as u64;
                }
            }
        }
        return Ok(Line::TooLong(total));
    }
    Ok(Line::Read)
}

fn trim_line_end(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// JSON Lines from the current position; `lines_before` lines were read already.
fn read_json_lines(
    mut reader: impl BufRead,
    source: &Source,
    lines_before: usize,
    consumer: &mut impl Consumer,
) -> Result<(), Stop> {
    let mut buf = Vec::new();
    let mut number = lines_before;
    let mut any = lines_before > 0;
    loop {
        number += 1;
        match read_line(&mut reader, &mut buf) {
            Ok(Line::End) => break,
            Ok(Line::TooLong(bytes)) => {
                any = true;
                consumer.skip(
                    &source.at(number),
                    &format!(
                        "line of {} MiB is longer than the {} MiB limit; skipped",
                        bytes >> 20,
                        MAX_LINE_BYTES >> 20
                    ),
                );
            }
            Ok(Line::Read) => {
                if trim_line_end(&buf).iter().all(u8::is_ascii_whitespace) {
                    continue;
                }
                any = true;
                handle_line(&buf, number, source, consumer)?;
                if buf.capacity() > 4 * READ_BUFFER_BYTES {
                    buf = Vec::new(); // after a huge line, don't keep its buffer
                }
            }
            Err(e) => {
                consumer.skip(
                    &source.at(number),
                    &format!("read error, rest of file skipped: {}", describe_io(&e)),
                );
                return Ok(());
            }
        }
    }
    if !any {
        consumer.skip(source.name, &"empty file: no JSON lines");
    }
    Ok(())
}

fn handle_line(
    line: &[u8],
    number: usize,
    source: &Source,
    consumer: &mut impl Consumer,
) -> Result<(), Stop> {
    let at = source.at(number);
    let text = match std::str::from_utf8(trim_line_end(line)) {
        Ok(text) => text,
        Err(e) => {
            consumer.skip(
                &at,
                &format!("invalid UTF-8 at byte {} of the line", e.valid_up_to() + 1),
            );
            return Ok(());
        }
    };
    match serde_json::from_str::<Value>(text) {
        Ok(value) => handle_value(value, &source.fallback_id(number), at, consumer),
        Err(e) => {
            consumer.skip(&at, &json_error(&e, false));
            Ok(())
        }
    }
}

/// A serde_json error as a phrase: "truncated JSON" for a premature end, the column for a line,
/// serde's own line-and-column for a multi-line value.
fn json_error(e: &serde_json::Error, keep_line: bool) -> String {
    let message = e.to_string();
    let message = match message.rfind(" at line ") {
        Some(i) if !keep_line => format!("{} at column {}", &message[..i], e.column()),
        _ => message,
    };
    if e.is_eof() {
        format!("truncated JSON ({message})")
    } else {
        format!("malformed JSON ({message})")
    }
}

/// A JSON value to a document; a bad date is reported and ignored, not a reason to skip.
fn handle_value(
    mut value: Value,
    fallback_id: &str,
    at: String,
    consumer: &mut impl Consumer,
) -> Result<(), Stop> {
    loop {
        match Document::from_json(&value, fallback_id) {
            Ok(doc) => return consumer.document(doc, at),
            Err(DocumentError::BadDate(bad)) => {
                consumer.note(&at, &format!("date {bad:?} is not YYYY-MM-DD; ignored"));
                let object = value.as_object_mut();
                let removed = object.is_some_and(|object| {
                    let field = DATE_FIELDS
                        .iter()
                        .find(|f| object.get(**f).and_then(Value::as_str) == Some(bad.as_str()));
                    field.is_some_and(|f| object.remove(*f).is_some())
                });
                if !removed {
                    consumer.skip(&at, &format!("bad date {bad:?}"));
                    return Ok(());
                }
            }
            Err(e) => {
                consumer.skip(&at, &e);
                return Ok(());
            }
        }
    }
}

/// Counts the lines a reader has given out, so errors inside a JSON array can name a line.
/// serde_json reads its input a byte at a time, so the count is exact at each element's end.
struct LineCounter<R> {
    inner: R,
    newlines: Rc<Cell<usize>>,
}

impl<R: Read> Read for LineCounter<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        let count = buf[..n].iter().filter(|&&b| b == b'\n').count();
        self.newlines.set(self.newlines.get() + count);
        Ok(n)
    }
}

/// Hands each element of a JSON array to the consumer as soon as it is parsed.
struct Elements<'a, 'b, C> {
    source: &'a Source<'b>,
    consumer: &'a mut C,
    newlines: Rc<Cell<usize>>,
    count: usize,
    stopped: Option<Stop>,
}

impl<'de, C: Consumer> Visitor<'de> for &mut Elements<'_, '_, C> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an array of objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let start = Cell::new(0);
        while let Some(value) = seq.next_element_seed(ElementStart {
            newlines: &self.newlines,
            start: &start,
        })? {
            self.count += 1;
            let at = self.source.at(start.get());
            let id = self.source.fallback_id(self.count);
            if let Err(stop) = handle_value(value, &id, at, self.consumer) {
                self.stopped = Some(stop);
                return Err(de::Error::custom("output closed"));
            }
        }
        Ok(())
    }
}

/// Reads one array element as a JSON value, noting the line it starts on. When serde calls
/// `deserialize` it has read up to the element's first byte, so the count of newlines read so
/// far gives that line.
struct ElementStart<'a> {
    newlines: &'a Cell<usize>,
    start: &'a Cell<usize>,
}

impl<'de> DeserializeSeed<'de> for ElementStart<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.start.set(self.newlines.get() + 1);
        serde::Deserialize::deserialize(deserializer)
    }
}

impl<'de, C: Consumer> DeserializeSeed<'de> for &mut Elements<'_, '_, C> {
    type Value = ();

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_seq(self)
    }
}

fn read_json_array(
    reader: impl BufRead,
    source: &Source,
    consumer: &mut impl Consumer,
) -> Result<(), Stop> {
    let newlines = Rc::new(Cell::new(0));
    let counted = LineCounter {
        inner: reader,
        newlines: Rc::clone(&newlines),
    };
    let mut deserializer = serde_json::Deserializer::from_reader(counted);
    let mut elements = Elements {
        source,
        consumer,
        newlines,
        count: 0,
        stopped: None,
    };
    let result = (&mut elements)
        .deserialize(&mut deserializer)
        .and_then(|()| deserializer.end());
    if let Some(stop) = elements.stopped {
        return Err(stop);
    }
    if let Err(e) = result {
        let read = elements.count;
        elements.consumer.skip(
            &source.at(e.line()),
            &format!(
                "{}; the rest of the file is skipped ({read} items read)",
                json_error(&e, true)
            ),
        );
    } else if elements.count == 0 {
        elements
            .consumer
            .skip(source.name, &"empty JSON array: no documents");
    }
    Ok(())
}

/// A stream of JSON values (one pretty-printed object, or several), each a document.
fn read_json_values(
    reader: impl Read,
    source: &Source,
    consumer: &mut impl Consumer,
) -> Result<(), Stop> {
    let newlines = Rc::new(Cell::new(0));
    let counted = LineCounter {
        inner: BufReader::with_capacity(READ_BUFFER_BYTES, reader),
        newlines: Rc::clone(&newlines),
    };
    let values = serde_json::Deserializer::from_reader(counted).into_iter::<Value>();
    for (i, value) in values.enumerate() {
        match value {
            Ok(value) => {
                let at = source.at(newlines.get() + 1);
                handle_value(value, &source.fallback_id(i + 1), at, consumer)?;
            }
            Err(e) => {
                consumer.skip(
                    &source.at(e.line()),
                    &format!("{}; the rest of the file is skipped", json_error(&e, true)),
                );
                break;
            }
        }
    }
    Ok(())
}

/// A plain-text document: the whole stream, up to what the extractor reads.
fn read_text(reader: impl Read, source: &Source, consumer: &mut impl Consumer) -> Result<(), Stop> {
    // Read a few bytes past the limit, to know whether the text was cut.
    let limit = MAX_DOCUMENT_BYTES as u64 + 4;
    let mut bytes = Vec::new();
    if let Err(e) = reader.take(limit).read_to_end(&mut bytes) {
        consumer.skip(source.name, &describe_io(&e));
        return Ok(());
    }
    let cut = bytes.len() as u64 == limit;
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        // A character split by the cut at the very end is not an encoding error.
        Err(e) if cut && e.utf8_error().error_len().is_none() => {
            let valid = e.utf8_error().valid_up_to();
            let mut bytes = e.into_bytes();
            bytes.truncate(valid);
            String::from_utf8(bytes).unwrap_or_default()
        }
        Err(e) => {
            consumer.skip(
                source.name,
                &format!(
                    "not UTF-8 text (invalid byte at offset {})",
                    e.utf8_error().valid_up_to()
                ),
            );
            return Ok(());
        }
    };
    if text.trim().is_empty() {
        consumer.skip(source.name, &"no text: the file is only white space");
        return Ok(());
    }
    if cut {
        consumer.note(
            source.name,
            &format!(
                "longer than {} MiB: only the first {} MiB are read",
                MAX_DOCUMENT_BYTES >> 20,
                MAX_DOCUMENT_BYTES >> 20
            ),
        );
    }
    let id = source.stem.unwrap_or("stdin");
    consumer.document(Document::new(id, text), source.name.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records what reading gives.
    #[derive(Default)]
    struct Record {
        docs: Vec<(String, String)>,
        skips: Vec<String>,
        notes: Vec<String>,
    }

    impl Consumer for Record {
        fn document(&mut self, doc: Document, origin: String) -> Result<(), Stop> {
            self.docs.push((doc.id, origin));
            Ok(())
        }
        fn skip(&mut self, location: &str, reason: &dyn fmt::Display) {
            self.skips.push(format!("{location}: {reason}"));
        }
        fn note(&mut self, location: &str, message: &dyn fmt::Display) {
            self.notes.push(format!("{location}: {message}"));
        }
        fn end_of_file(&mut self, _name: &str) {}
    }

    fn read(bytes: &[u8], kind: Kind) -> Record {
        let mut record = Record::default();
        let source = Source {
            name: "f",
            stem: Some("f"),
        };
        read_stream(bytes, &source, kind, &mut record).unwrap();
        record
    }

    #[test]
    fn sniffs_json_but_not_bracketed_text() {
        assert!(opens_json_array(b"  [ {\"text\": 1}]"));
        assert!(opens_json_array(b"[]"));
        assert!(!opens_json_array("[عاجل] قصف".as_bytes()));
        assert!(opens_json_object(b"\n{\"text\": \"x\"}"));
        assert!(!opens_json_object(b"{{template}}"));
        let text = read("[عاجل] قتل 3".as_bytes(), Kind::Unknown);
        assert_eq!(text.docs, vec![("f".to_owned(), "f".to_owned())]);
        let array = read(
            b"[{\"text\": \"a\"},\n {\"text\": \"b\", \"id\": 9}]",
            Kind::Unknown,
        );
        let ids: Vec<&str> = array.docs.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["f:1", "9"]);
        assert_eq!(array.docs[1].1, "f:2");
    }

    #[test]
    fn json_files_may_be_lines_arrays_or_pretty_objects() {
        let lines = read(b"{\"text\": \"a\"}\n\n{\"text\": \"b\"}\n", Kind::Json);
        assert_eq!(lines.docs.len(), 2);
        assert_eq!(lines.docs[1], ("f:3".to_owned(), "f:3".to_owned()));
        let pretty = read(b"{\n  \"id\": \"p\",\n  \"text\": \"a\"\n}\n", Kind::Json);
        assert_eq!(pretty.docs, vec![("p".to_owned(), "f:4".to_owned())]);
        assert!(pretty.skips.is_empty());
        let truncated = read(b"[{\"text\": \"a\"},\n{\"text\": \"b", Kind::Json);
        assert_eq!(truncated.docs.len(), 1);
        assert_eq!(truncated.skips.len(), 1);
        assert!(
            truncated.skips[0].starts_with("f:2: truncated JSON"),
            "{:?}",
            truncated.skips
        );
        let scalar = read(b"42", Kind::Json);
        assert_eq!(
            scalar.skips,
            ["f:1: not JSON: expected an array of objects or objects"]
        );
    }

    #[test]
    fn bad_lines_are_skipped_one_message_each() {
        let input = b"{\"text\": \"a\"}\n[1]\n{\"id\": \"x\"}\n{\"text\": \"\xff\"}\n{\"text\": \"b\"\n{\"text\": \"c\", \"date\": \"12/12\"}\n";
        let record = read(input, Kind::JsonLines);
        let ids: Vec<&str> = record.docs.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, ["f:1", "f:6"]);
        assert_eq!(record.skips.len(), 4, "{:?}", record.skips);
        assert!(record.skips[0].starts_with("f:2: expected a JSON object"));
        assert!(record.skips[1].starts_with("f:3: no text"));
        assert!(record.skips[2].starts_with("f:4: invalid UTF-8"));
        assert!(record.skips[3].starts_with("f:5: truncated JSON"));
        assert_eq!(record.notes.len(), 1);
        assert!(record.notes[0].starts_with("f:6: date \"12/12\""));
    }

    #[test]
    fn empty_binary_and_utf16_inputs_are_skipped() {
        for (bytes, kind, reason) in [
            (&b""[..], Kind::Text, "empty file"),
            (b"  \n", Kind::JsonLines, "empty file: no JSON lines"),
            (b" \n\t", Kind::Text, "no text"),
            (b"\x7fELF\x02\x01\x00\x00", Kind::Unknown, "binary file"),
            (b"\xff\xfeA\x00", Kind::Text, "UTF-16"),
            (
                b"abc \xc3\x28 def",
                Kind::Text,
                "not UTF-8 text (invalid byte at offset 4)",
            ),
            (b"[]", Kind::Json, "empty JSON array"),
        ] {
            let record = read(bytes, kind);
            assert!(record.docs.is_empty(), "{bytes:?}");
            assert_eq!(record.skips.len(), 1, "{bytes:?}");
            assert!(
                record.skips[0].starts_with(&format!("f: {reason}")),
                "{:?}",
                record.skips
            );
        }
    }

    #[test]
    fn long_lines_are_dropped_without_losing_the_next() {
        let mut input = b"{\"text\": \"".to_vec();
        input.resize(MAX_LINE_BYTES + 100, b'a');
        input.extend_from_slice(b"\"}\n{\"text\": \"next\"}\n");
        let record = read(&input, Kind::JsonLines);
        assert_eq!(record.docs, vec![("f:2".to_owned(), "f:2".to_owned())]);
        assert_eq!(record.skips.len(), 1);
        assert!(record.skips[0].starts_with("f:1: line of 64 MiB is longer"));
    }
}
