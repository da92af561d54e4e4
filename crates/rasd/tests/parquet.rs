//! `rasd extract --format parquet --out DIR`, run as a user runs it; the files are read back
//! with the `parquet` crate's reader and compared with the JSON Lines output of the same input.
#![cfg(feature = "parquet")]

use std::fs::{self, File};
use std::path::Path;

use arrow_array::{Array, Int64Array, RecordBatch, StringArray};
use assert_cmd::Command;
use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use serde_json::Value;

fn rasd() -> Command {
    let mut command = Command::cargo_bin("rasd").expect("the rasd binary is built");
    command.arg("extract");
    command
}

fn seed() -> String {
    format!("{}/../../examples/aleppo.txt", env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> Vec<RecordBatch> {
    let file = File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    ParquetRecordBatchReaderBuilder::try_new(file)
        .unwrap()
        .build()
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

fn strings(batches: &[RecordBatch], column: &str) -> Vec<Option<String>> {
    batches
        .iter()
        .flat_map(|b| {
            let array = b.column_by_name(column).expect(column);
            let array = array.as_any().downcast_ref::<StringArray>().unwrap();
            (0..array.len())
                .map(|i| (!array.is_null(i)).then(|| array.value(i).to_owned()))
                .collect::<Vec<_>>()
        })
        .collect()
}

fn longs(batches: &[RecordBatch], column: &str) -> Vec<Option<i64>> {
    batches
        .iter()
        .flat_map(|b| {
            let array = b.column_by_name(column).expect(column);
            let array = array.as_any().downcast_ref::<Int64Array>().unwrap();
            (0..array.len())
                .map(|i| (!array.is_null(i)).then(|| array.value(i)))
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn tables_hold_the_events_and_claims_of_the_json_output() {
    let dir = tempfile::tempdir().unwrap();
    let jsonl = dir.path().join("docs.jsonl");
    let body = "قتل 3 مدنيين وأصيب 5 آخرون في قصف جوي على مدينة حلب أمس.";
    fs::write(
        &jsonl,
        format!(
            "{}\n{}\n",
            serde_json::json!({"id": "خبر-1", "text": body, "date": "2016-12-12", "source": "وكالة"}),
            serde_json::json!({"id": "n2", "text": "لا شيء هنا"}),
        ),
    )
    .unwrap();
    let out = dir.path().join("tables/new");
    let inputs = [seed(), jsonl.to_str().unwrap().to_owned()];
    rasd()
        .args(["--format", "parquet", "--date", "2016-12-12", "--out"])
        .arg(&out)
        .args(&inputs)
        .assert()
        .success()
        .stdout("");
    let json = rasd()
        .args(["--format", "jsonl", "--date", "2016-12-12"])
        .args(&inputs)
        .output()
        .unwrap();
    let records: Vec<Value> = String::from_utf8(json.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let events: Vec<&Value> = records
        .iter()
        .flat_map(|r| r["events"].as_array().unwrap())
        .collect();
    assert!(events.len() >= 2, "the seed has events");

    let table = read(&out.join("events.parquet"));
    let ids: Vec<String> = events
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        strings(&table, "event_id_cnty"),
        ids.iter().cloned().map(Some).collect::<Vec<_>>()
    );
    let names: Vec<Option<String>> = events
        .iter()
        .map(|e| e["location"]["name"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(
        strings(&table, "location_name"),
        names,
        "Arabic place names intact"
    );
    assert!(strings(&table, "doc_id").contains(&Some("خبر-1".to_owned())));
    assert!(strings(&table, "source").contains(&Some("وكالة".to_owned())));
    let notes = strings(&table, "notes");
    assert!(
        notes.iter().flatten().any(|n| n.contains("حلب")),
        "{notes:?}"
    );
    let aleppo_killed: Vec<Option<i64>> = longs(&table, "killed_low");
    assert_eq!(aleppo_killed.len(), events.len());

    let claims = read(&out.join("claims.parquet"));
    let want: Vec<Option<String>> = events
        .iter()
        .flat_map(|e| e["casualties"].as_array().unwrap())
        .map(|c| c["text"].as_str().map(str::to_owned))
        .collect();
    assert!(!want.is_empty());
    assert_eq!(strings(&claims, "text"), want, "claim phrases intact");
    let lows: Vec<Option<i64>> = events
        .iter()
        .flat_map(|e| e["casualties"].as_array().unwrap())
        .map(|c| c["low"].as_i64())
        .collect();
    assert_eq!(longs(&claims, "low"), lows);
}

#[test]
fn parquet_needs_a_directory_and_out_needs_parquet() {
    let dir = tempfile::tempdir().unwrap();
    let output = rasd()
        .args(["--format", "parquet", &seed()])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("--out"), "{stderr}");

    let output = rasd()
        .args(["--format", "jsonl", "--out"])
        .arg(dir.path())
        .arg(seed())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8(output.stderr).unwrap().lines().count(), 1);
    assert!(
        fs::read_dir(dir.path()).unwrap().next().is_none(),
        "nothing written"
    );
}

#[test]
fn an_unwritable_out_is_one_line_naming_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("plain-file");
    fs::write(&file, "x").unwrap();
    let output = rasd()
        .args(["--format", "parquet", "--out"])
        .arg(file.join("sub"))
        .arg(seed())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("rasd: cannot write "), "{stderr}");
    assert!(stderr.contains("plain-file"), "{stderr}");
}
