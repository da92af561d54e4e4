//! The `rasd` binary, run as a user runs it: inputs of every kind, every kind of bad input,
//! formats, ordering, exit codes.

use std::fs;
use std::io::{Read, Write};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use tempfile::TempDir;

const ARTICLE: &str = "قتل 3 مدنيين وأصيب 5 آخرون في قصف جوي على مدينة حلب أمس.";

fn rasd() -> Command {
    let mut command = Command::cargo_bin("rasd").expect("the rasd binary is built");
    command.arg("extract");
    command
}

fn write(dir: &TempDir, name: &str, bytes: impl AsRef<[u8]>) -> String {
    let path = dir.path().join(name);
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_owned()
}

fn line(id: Option<&str>, text: &str) -> String {
    let mut object = serde_json::json!({ "text": text });
    if let Some(id) = id {
        object["id"] = id.into();
    }
    object.to_string()
}

/// The output records, one per JSON line.
fn records(stdout: &[u8]) -> Vec<Value> {
    std::str::from_utf8(stdout)
        .expect("UTF-8 output")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each output line is JSON"))
        .collect()
}

fn ids(stdout: &[u8]) -> Vec<String> {
    records(stdout)
        .iter()
        .map(|r| r["doc"]["id"].as_str().unwrap().to_owned())
        .collect()
}

fn stderr_lines(output: &std::process::Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn jsonl_gives_one_format_1_record_per_document() {
    let dir = TempDir::new().unwrap();
    let body = format!(
        "{}\n\n{}\r\n{}\n",
        line(Some("x"), ARTICLE),
        line(None, "نص"),
        r#"{"content": "نص", "outlet": "aawsat", "published": "2015-07-21T02:51:32Z", "author": "ignored", "extra": {"n": [1]}}"#
    );
    let path = write(&dir, "news.jsonl", body);
    let output = rasd().arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(
        output.stderr.is_empty(),
        "unknown fields are ignored silently"
    );
    let records = records(&output.stdout);
    assert_eq!(ids(&output.stdout), ["x", "news:3", "news:4"]);
    assert!(records.iter().all(|r| r["format"] == 1));
    assert_eq!(records[0]["doc"]["chars"], ARTICLE.chars().count());
    assert_eq!(records[2]["doc"]["source"], "aawsat");
    assert_eq!(records[2]["doc"]["date"], "2015-07-21");
    // Arabic is written as UTF-8, not \u escapes.
    let nas = rasd()
        .arg("--format=jsonl")
        .write_stdin(line(Some("نص"), "x"))
        .output()
        .unwrap();
    assert!(String::from_utf8(nas.stdout)
        .unwrap()
        .contains("\"id\":\"نص\""));
}

#[test]
fn json_arrays_single_objects_and_ndjson() {
    let dir = TempDir::new().unwrap();
    let array = write(
        &dir,
        "day.json",
        format!(
            "[\n{},\n{}\n]\n",
            line(None, ARTICLE),
            line(Some("b"), ARTICLE)
        ),
    );
    let single = write(
        &dir,
        "one.json",
        "{\n  \"title\": \"عنوان\",\n  \"text\": \"نص\"\n}\n",
    );
    let lines = write(&dir, "l.ndjson", format!("{}\n", line(None, "نص")));
    let output = rasd().args([&array, &single, &lines]).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(ids(&output.stdout), ["day:1", "b", "one:1", "l:1"]);
    // Title + "\n\n" + text.
    assert_eq!(records(&output.stdout)[2]["doc"]["chars"], 9);
}

#[test]
fn plain_text_files_and_directories_in_name_order() {
    let dir = TempDir::new().unwrap();
    write(&dir, "c.txt", ARTICLE);
    write(&dir, "b/2.TXT", ARTICLE);
    write(&dir, "b/1.jsonl", line(None, ARTICLE));
    write(&dir, "b/3.md", ARTICLE);
    write(&dir, "b/job.py", "print('not news')");
    write(&dir, "a.txt", ARTICLE);
    write(&dir, ".hidden.txt", ARTICLE);
    let output = rasd().arg(dir.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert_eq!(ids(&output.stdout), ["a", "1:1", "2", "c"]);
    // A directory walk takes the input kinds only and names the rest in one line.
    let stderr = stderr_lines(&output);
    assert_eq!(stderr.len(), 1, "{stderr:?}");
    assert!(stderr[0].starts_with("rasd: skipped 2 files"), "{stderr:?}");
    assert!(
        stderr[0].contains("3.md") && stderr[0].contains("job.py"),
        "{stderr:?}"
    );
    // Named on the command line, a file is read whatever its name.
    let named = rasd().arg(dir.path().join("b/3.md")).output().unwrap();
    assert_eq!(ids(&named.stdout), ["3"]);
    assert!(named.stderr.is_empty());
    assert_eq!(
        records(&output.stdout)[0]["doc"]["chars"],
        ARTICLE.chars().count()
    );
}

fn zip_bytes(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in members {
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        writer.start_file(*name, options).unwrap();
        writer.write_all(bytes).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

#[test]
fn zip_archives_read_every_member() {
    let dir = TempDir::new().unwrap();
    let array = format!("[{}, {}]", line(None, ARTICLE), line(None, ARTICLE));
    let jsonl = format!("{}\n{{broken\n", line(Some("j"), ARTICLE));
    let zip = zip_bytes(&[
        ("2015-07-21.json", array.as_bytes()),
        ("more/lines.jsonl", jsonl.as_bytes()),
        ("note.txt", ARTICLE.as_bytes()),
        ("blob.bin", b"\x00\x01\x02"),
    ]);
    let path = write(&dir, "days.zip", &zip);
    // Also without the extension: found by its magic number.
    let bare = write(&dir, "archive", &zip);
    let output = rasd().args([&path, &bare]).output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    let expected = ["2015-07-21:1", "2015-07-21:2", "j", "note"];
    let got = ids(&output.stdout);
    assert_eq!(got[..4], expected);
    assert_eq!(got[4..], expected);
    let stderr = stderr_lines(&output);
    assert_eq!(stderr.len(), 4, "{stderr:?}");
    assert!(stderr[0].starts_with(&format!("rasd: {path}/more/lines.jsonl:2: malformed JSON")));
    assert!(stderr[1].starts_with(&format!("rasd: {path}/blob.bin: binary file")));

    let corrupt = write(&dir, "corrupt.zip", &zip[..zip.len() / 2]);
    let output = rasd().arg(&corrupt).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr)
        .starts_with(&format!("rasd: {corrupt}: not a readable zip archive")));
}

#[test]
fn saudinewsnet_day_is_read_whole() {
    let day = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/saudinewsnet/2015-07-23.zip");
    // shared/ sits beside the repository (as in CI); without it this test fails.
    assert!(
        day.exists(),
        "{} is not here (shared/ must sit beside the repository)",
        day.display()
    );
    let mut archive = zip::ZipArchive::new(fs::File::open(&day).unwrap()).unwrap();
    let mut json = String::new();
    archive
        .by_index(0)
        .unwrap()
        .read_to_string(&mut json)
        .unwrap();
    let articles: Vec<Value> = serde_json::from_str(&json).unwrap();
    // Some articles have blank content: those with a title are read as headlines, those
    // without one are skipped as "no text".
    let blank = articles
        .iter()
        .filter(|a| a["content"].as_str().is_none_or(|c| c.trim().is_empty()))
        .filter(|a| a["title"].as_str().is_none_or(|t| t.trim().is_empty()))
        .count();
    assert!(blank > 0);
    let output = rasd().arg(&day).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_lines(&output);
    // At most 20 messages a file, then one line for the rest.
    assert_eq!(
        stderr.len(),
        blank.min(20) + usize::from(blank > 20),
        "{stderr:?}"
    );
    // Each message names the member file and the line of the article.
    assert!(
        stderr[0].contains(".json:") && stderr[0].contains(": no text: none of"),
        "{stderr:?}"
    );
    let records = records(&output.stdout);
    assert_eq!(records.len(), articles.len() - blank);
    assert_eq!(records[0]["doc"]["id"], "2015-07-23:1");
    assert_eq!(records[0]["doc"]["date"], "2015-07-23");
    assert_eq!(records[0]["doc"]["source"], articles[0]["source"]);
}

#[test]
fn date_fills_in_only_where_missing() {
    let input = format!(
        "{}\n{}\n",
        line(Some("none"), ARTICLE),
        r#"{"id": "own", "text": "x", "date": "2015-07-21"}"#
    );
    let output = rasd()
        .args(["--date", "2016-12-12"])
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let records = records(&output.stdout);
    assert_eq!(records[0]["doc"]["date"], "2016-12-12");
    assert_eq!(records[1]["doc"]["date"], "2015-07-21");
}

#[test]
fn output_order_and_bytes_do_not_depend_on_threads() {
    let dir = TempDir::new().unwrap();
    let mut body = String::new();
    for i in 0..1500 {
        // Lengths vary so threads finish out of order.
        body.push_str(&line(Some(&format!("d{i}")), &ARTICLE.repeat(1 + i % 17)));
        body.push('\n');
    }
    let path = write(&dir, "many.jsonl", body);
    let one = rasd().args(["--threads", "1", &path]).output().unwrap();
    let four = rasd().args(["--threads", "4", &path]).output().unwrap();
    assert_eq!(one.status.code(), Some(0));
    assert_eq!(four.status.code(), Some(0));
    assert_eq!(one.stdout, four.stdout);
    let expected: Vec<String> = (0..1500).map(|i| format!("d{i}")).collect();
    assert_eq!(ids(&four.stdout), expected);
}

#[test]
fn stdin_json_lines_plain_text_and_dash() {
    let input = format!("{}\n{}\n", line(None, ARTICLE), line(None, ARTICLE));
    let output = rasd().write_stdin(input.clone()).output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    // On stdin an id-less line's id is its line number, as the spec says.
    assert_eq!(ids(&output.stdout), ["1", "2"]);
    let output = rasd().arg("-").write_stdin(ARTICLE).output().unwrap();
    assert_eq!(ids(&output.stdout), ["stdin"]);
    let output = rasd().write_stdin("").output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stderr_lines(&output), ["rasd: <stdin>: empty file"]);
}

#[test]
fn invalid_utf8_in_the_middle_of_json_lines_skips_that_line_only() {
    let dir = TempDir::new().unwrap();
    let mut body = line(Some("one"), ARTICLE).into_bytes();
    body.extend_from_slice(b"\n{\"id\": \"two\", \"text\": \"\xd9\xff\xfe\"}\n");
    body.extend_from_slice(line(Some("three"), ARTICLE).as_bytes());
    let path = write(&dir, "mixed.jsonl", body);
    let output = rasd().arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(ids(&output.stdout), ["one", "three"]);
    let stderr = stderr_lines(&output);
    assert_eq!(stderr.len(), 1);
    assert!(
        stderr[0].starts_with(&format!("rasd: {path}:2: invalid UTF-8")),
        "{stderr:?}"
    );
}

#[test]
fn each_bad_input_gets_one_line_and_the_run_goes_on() {
    let dir = TempDir::new().unwrap();
    let good = write(&dir, "good.txt", ARTICLE);
    let cases: Vec<(String, &str)> = vec![
        (write(&dir, "empty.txt", ""), "empty file"),
        (write(&dir, "empty.jsonl", ""), "empty file"),
        (write(&dir, "blank.json", " \n "), "empty file: no JSON"),
        (
            write(&dir, "ls.bin", b"\x7fELF\x02\x01\x01\x00\x00\x00"),
            "binary file",
        ),
        (
            write(&dir, "latin1.txt", b"caf\xe9 \xe0 Beyrouth"),
            "not UTF-8 text",
        ),
        (
            write(&dir, "utf16.txt", b"\xff\xfe\x42\x06"),
            "UTF-16 text is not read",
        ),
        (
            write(
                &dir,
                "cut.json",
                format!("[{}, {{\"text\": \"قت", line(Some("kept"), ARTICLE)),
            ),
            "truncated JSON",
        ),
        (write(&dir, "scalar.json", "\"just a string\""), "not JSON"),
        (
            dir.path()
                .join("missing.jsonl")
                .to_str()
                .unwrap()
                .to_owned(),
            "no such file or directory",
        ),
    ];
    let mut command = rasd();
    command.arg(&good);
    for (path, _) in &cases {
        command.arg(path);
    }
    command.arg(&good);
    let output = command.output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(ids(&output.stdout), ["good", "kept", "good"]);
    let stderr = stderr_lines(&output);
    assert_eq!(stderr.len(), cases.len(), "{stderr:?}");
    for ((path, reason), message) in cases.iter().zip(&stderr) {
        assert!(message.starts_with(&format!("rasd: {path}")), "{message}");
        assert!(message.contains(reason), "{message} lacks {reason}");
    }
    assert!(stderr[6].starts_with(&format!("rasd: {}:1: truncated JSON", cases[6].0)));
}

#[test]
fn bad_json_lines_name_file_and_line() {
    let dir = TempDir::new().unwrap();
    let body = [
        line(Some("a"), ARTICLE),
        "[1, 2]".to_owned(),
        r#"{"id": "no-text", "content": " "}"#.to_owned(),
        r#"{"text": "x", "#.to_owned(),
        "not json at all".to_owned(),
        r#"{"id": "bad-date", "text": "x", "date": "21/07/2015"}"#.to_owned(),
        line(Some("z"), ARTICLE),
    ]
    .join("\n");
    let path = write(&dir, "bad.jsonl", body);
    let output = rasd().arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    // A bad date is noted and ignored: the document is still processed.
    assert_eq!(ids(&output.stdout), ["a", "bad-date", "z"]);
    let stderr = stderr_lines(&output);
    let expected = [
        (2, "expected a JSON object"),
        (3, "no text"),
        (4, "truncated JSON"),
        (5, "malformed JSON"),
        (6, "note: date \"21/07/2015\""),
    ];
    assert_eq!(stderr.len(), expected.len(), "{stderr:?}");
    for ((number, reason), message) in expected.iter().zip(&stderr) {
        assert!(
            message.starts_with(&format!("rasd: {path}:{number}: {reason}")),
            "{message}"
        );
    }
}

#[test]
fn a_flood_of_bad_lines_is_summarised() {
    let dir = TempDir::new().unwrap();
    let mut body = "garbage\n".repeat(100);
    body.push_str(&line(Some("last"), ARTICLE));
    let path = write(&dir, "flood.jsonl", body);
    let output = rasd().arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(ids(&output.stdout), ["last"]);
    let stderr = stderr_lines(&output);
    assert_eq!(stderr.len(), 21);
    assert_eq!(
        stderr[20],
        format!("rasd: {path}: 80 more inputs skipped, not shown")
    );
}

#[test]
fn a_100_mb_line_is_skipped_and_the_next_line_read() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("huge.jsonl");
    {
        let mut file = std::io::BufWriter::new(fs::File::create(&path).unwrap());
        writeln!(file, "{}", line(Some("before"), ARTICLE)).unwrap();
        file.write_all(b"{\"text\": \"").unwrap();
        let chunk = "ق".repeat(512 * 1024); // 1 MiB
        for _ in 0..100 {
            file.write_all(chunk.as_bytes()).unwrap();
        }
        file.write_all(b"\"}\n").unwrap();
        writeln!(file, "{}", line(Some("after"), ARTICLE)).unwrap();
    }
    let output = rasd().arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(ids(&output.stdout), ["before", "after"]);
    let stderr = stderr_lines(&output);
    assert_eq!(stderr.len(), 1);
    assert!(
        stderr[0].starts_with(&format!("rasd: {}:2: line of 100 MiB", path.display())),
        "{stderr:?}"
    );
}

#[test]
fn a_60_mb_text_is_processed_quickly() {
    let dir = TempDir::new().unwrap();
    // One report, then 60 MB of line breaks: the test is about reading a huge file, not about
    // how fast the extractor gets through 8 MiB of dense reports.
    let path = write(
        &dir,
        "long.txt",
        format!("{ARTICLE}{}", "\n".repeat(61_000_000)),
    );
    assert!(fs::metadata(&path).unwrap().len() > 60_000_000);
    let started = Instant::now();
    let output = rasd().arg(&path).output().unwrap();
    assert!(started.elapsed() < Duration::from_secs(60));
    assert_eq!(output.status.code(), Some(0), "{:?}", stderr_lines(&output));
    let records = records(&output.stdout);
    assert_eq!(records.len(), 1);
    let chars = records[0]["doc"]["chars"].as_u64().unwrap();
    // Cut at the library's 8 MiB limit.
    assert!(chars > 8_000_000 && chars <= 8 * 1024 * 1024, "{chars}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("note: longer than 8 MiB"));
}

#[test]
fn unreadable_paths_are_named() {
    let dir = TempDir::new().unwrap();
    write(&dir, "ok.txt", ARTICLE);
    #[cfg(unix)]
    std::os::unix::fs::symlink(dir.path().join("gone"), dir.path().join("link.txt")).unwrap();
    let empty = TempDir::new().unwrap();
    let output = rasd().arg(dir.path()).arg(empty.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(ids(&output.stdout), ["ok"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    #[cfg(unix)]
    assert!(
        stderr.contains("link.txt: no such file or directory"),
        "{stderr}"
    );
    assert!(
        stderr.contains("directory holds no input files"),
        "{stderr}"
    );
}

#[test]
fn usage_errors_exit_1() {
    for args in [
        &["--bogus"][..],
        &["--date", "12/12/2016"],
        &["--date", "2016-12-12T10:00"],
        &["--threads", "0"],
        &["--threads", "many"],
        &["--format", "xml"],
    ] {
        rasd()
            .args(args)
            .write_stdin("")
            .assert()
            .code(1)
            .stdout("")
            .stderr(predicate::str::contains("error:"));
    }
    Command::cargo_bin("rasd").unwrap().assert().code(1);
    Command::cargo_bin("rasd")
        .unwrap()
        .arg("--help")
        .assert()
        .code(0)
        .stdout(predicate::str::contains("extract"));
}

#[test]
fn a_closed_pipe_ends_the_run_quietly() {
    let dir = TempDir::new().unwrap();
    let body = format!("{}\n", line(None, ARTICLE)).repeat(20_000);
    let path = write(&dir, "big.jsonl", body);
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("rasd"))
        .args(["extract", "--threads", "2", &path])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap(); // then dropped: closed
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
    assert!(first.starts_with(b"{\"format\":1"));
}

#[test]
fn csv_has_acled_columns_and_a_row_per_event() {
    let input = format!("{}\n{}\n", line(Some("a"), ARTICLE), line(Some("b"), "نص"));
    let output = rasd()
        .args(["--format", "csv"])
        .write_stdin(input.clone())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let mut reader = csv::Reader::from_reader(&output.stdout[..]);
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(
        header,
        [
            "event_id_cnty",
            "event_date",
            "event_type",
            "sub_event_type",
            "actor1",
            "actor2",
            "civilian_targeting",
            "country",
            "admin1",
            "location",
            "latitude",
            "longitude",
            "geo_precision",
            "source",
            "notes",
            "fatalities",
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let jsonl = rasd().write_stdin(input).output().unwrap();
    let events: Vec<Value> = records(&jsonl.stdout)
        .iter()
        .flat_map(|r| r["events"].as_array().unwrap().clone())
        .collect();
    assert_eq!(rows.len(), events.len());
    for (row, event) in rows.iter().zip(&events) {
        assert_eq!(row.len(), 16);
        assert_eq!(&row[0], event["id"].as_str().unwrap());
    }
}

#[test]
fn geojson_is_one_feature_collection() {
    let input = format!("{}\n{}\n", line(Some("a"), ARTICLE), line(Some("b"), "نص"));
    let output = rasd()
        .args(["-f", "geojson"])
        .write_stdin(input.clone())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let collection: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(collection["type"], "FeatureCollection");
    let features = collection["features"].as_array().unwrap();
    let jsonl = rasd().write_stdin(input).output().unwrap();
    let located = records(&jsonl.stdout)
        .iter()
        .flat_map(|r| r["events"].as_array().unwrap().clone())
        .filter(|e| e["location"]["lat"].is_number() && e["location"]["lon"].is_number())
        .count();
    assert_eq!(features.len(), located);
    for feature in features {
        assert_eq!(feature["geometry"]["type"], "Point");
        // The feature's id is the event's, `<doc id>#<n>`, and so is its ACLED row's.
        let id = feature["id"].as_str().unwrap();
        assert!(id.starts_with("a#") || id.starts_with("b#"), "{id}");
        assert_eq!(feature["properties"]["event_id_cnty"], id);
    }
    // No input documents still gives valid GeoJSON.
    let empty = rasd()
        .args(["-f", "geojson"])
        .write_stdin("")
        .output()
        .unwrap();
    let collection: Value = serde_json::from_slice(&empty.stdout).unwrap();
    assert_eq!(collection["features"], serde_json::json!([]));
}

#[test]
fn table_names_every_document() {
    let input = format!(
        "{}\n{}\n",
        line(Some("doc-one"), ARTICLE),
        line(Some("doc-two"), "نص")
    );
    let output = rasd()
        .args(["--format", "table"])
        .env("COLUMNS", "120")
        .write_stdin(input)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let table = String::from_utf8(output.stdout).unwrap();
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("# ") && lines[0].contains("modality"));
    assert!(lines.iter().any(|l| l.starts_with("doc-one · ")), "{table}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("doc-two · ") && l.ends_with("no events")),
        "{table}"
    );
}

/// Cells a line takes on a terminal: the bidirectional isolates and harakat take none.
fn cells(line: &str) -> usize {
    line.chars()
        .filter(|c| !matches!(*c as u32, 0x064B..=0x065F | 0x2066..=0x2069 | 0x200E | 0x200F))
        .count()
}

#[test]
fn table_fits_80_columns_with_whole_type_labels() {
    let seed = format!("{}/../../examples/aleppo.txt", env!("CARGO_MANIFEST_DIR"));
    for width in ["80", "100", "200"] {
        let output = rasd()
            .args(["--format", "table", "--date", "2016-12-12", &seed])
            .env("COLUMNS", width)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        let table = String::from_utf8(output.stdout).unwrap();
        let width: usize = width.parse().unwrap();
        for line in table.lines() {
            assert!(cells(line) <= width, "{} cells: {line}", cells(line));
        }
        // ACLED's labels, never cut (at 80 a long one wraps onto a second line).
        assert!(!table.contains('_'), "{table}");
        // The type column (after "#N  ") of every event row holds a whole label or the first
        // part of one that wraps, never one cut with an ellipsis.
        let rows: Vec<&str> = table.lines().filter(|l| l.starts_with('#')).collect();
        assert!(rows.len() > 1, "{table}");
        for row in rows.iter().skip(1) {
            let type_cell: String = row.chars().skip(4).take(20).collect();
            assert!(!type_cell.contains('…'), "{row}");
        }
    }
}

#[test]
fn stats_line_counts_documents() {
    let input = format!("{}\nbroken\n{}\n", line(None, ARTICLE), line(None, ARTICLE));
    let output = rasd().arg("--stats").write_stdin(input).output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = stderr_lines(&output);
    assert_eq!(stderr.len(), 2);
    assert!(stderr[0].starts_with("rasd: <stdin>:2: malformed JSON"));
    assert!(
        stderr[1].starts_with("rasd: 3 documents read, 2 processed, 1 skipped, "),
        "{}",
        stderr[1]
    );
    assert!(stderr[1].contains(" docs/s"));
}
