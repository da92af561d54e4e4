//! One export path: the development set ingested and served gives, for every event of one
//! report, exactly the CSV row and the GeoJSON feature that `rasd extract` writes for that
//! report, but for the id (the store names the event `e-…`, the record is `<doc id>#<n>`).

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command as Process, Stdio};

use assert_cmd::Command;
use serde_json::Value;
use tempfile::TempDir;

fn rasd() -> Command {
    Command::cargo_bin("rasd").expect("the rasd binary is built")
}

fn dev_set() -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/eval/dev/docs.jsonl");
    // shared/ sits beside the repository (as in CI); without it this test fails.
    assert!(
        path.exists(),
        "{} is not here (shared/ must sit beside the repository)",
        path.display()
    );
    path
}

/// A `rasd serve` process, stopped when dropped (also when a test fails).
struct Server {
    child: Child,
    addr: String,
}

impl Server {
    fn start(db: &Path) -> Server {
        let mut child = Process::new(assert_cmd::cargo::cargo_bin("rasd"))
            .args(["serve", "--addr", "127.0.0.1:0", "--db"])
            .arg(db)
            .env_remove("RASD_TOKEN")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .trim()
            .strip_prefix("listening on http://")
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_owned();
        Server { child, addr }
    }

    /// One HTTP/1.1 GET: the body of a 200 answer.
    fn get(&self, path: &str) -> String {
        let mut stream = TcpStream::connect(&self.addr).unwrap();
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).unwrap();
        let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
        assert!(head.starts_with("HTTP/1.1 200"), "{path}: {head}");
        body.to_owned()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// CSV rows by their first cell, the event id; the header apart.
fn csv_rows(text: &str) -> (Vec<String>, BTreeMap<String, Vec<String>>) {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let header = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let rows = reader
        .records()
        .map(|r| {
            let cells: Vec<String> = r.unwrap().iter().map(str::to_owned).collect();
            (cells[0].clone(), cells)
        })
        .collect();
    (header, rows)
}

/// GeoJSON features by id.
fn features(text: &str) -> BTreeMap<String, Value> {
    let collection: Value = serde_json::from_str(text).unwrap();
    collection["features"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["id"].as_str().unwrap().to_owned(), f.clone()))
        .collect()
}

#[test]
fn the_cli_and_the_api_export_an_event_of_one_report_identically() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("rasd.db");
    let dev = dev_set();
    rasd()
        .args(["ingest", "--db"])
        .arg(&db)
        .arg(&dev)
        .assert()
        .success();
    let cli_csv = rasd()
        .args(["extract", "-f", "csv"])
        .arg(&dev)
        .output()
        .unwrap();
    assert!(cli_csv.status.success());
    let cli_geojson = rasd()
        .args(["extract", "-f", "geojson"])
        .arg(&dev)
        .output()
        .unwrap();
    assert!(cli_geojson.status.success());
    let (cli_header, cli_rows) = csv_rows(&String::from_utf8(cli_csv.stdout).unwrap());
    let cli_features = features(&String::from_utf8(cli_geojson.stdout).unwrap());

    let server = Server::start(&db);
    let (api_header, api_rows) = csv_rows(&server.get("/api/export?format=csv"));
    let api_features = features(&server.get("/api/export?format=geojson"));
    assert_eq!(api_header, cli_header);
    let summaries: Vec<Value> = server
        .get("/api/export?format=jsonl")
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(summaries.len(), api_rows.len());

    let mut compared = 0;
    let mut reports_seen = 0;
    for summary in &summaries {
        let id = summary["id"].as_str().unwrap();
        let detail: Value =
            serde_json::from_str(&server.get(&format!("/api/events/{id}"))).unwrap();
        let members: Vec<&str> = detail["reports"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["report_id"].as_str().unwrap())
            .collect();
        reports_seen += members.len();
        let [report] = members[..] else { continue };
        // The row, id apart.
        let mut api = api_rows[id].clone();
        let cli = &cli_rows[report];
        assert_eq!(api[0], id);
        api[0] = report.to_owned();
        assert_eq!(&api, cli, "event {id} of report {report}");
        // The feature, ids apart.
        match (api_features.get(id), cli_features.get(report)) {
            (Some(api), Some(cli)) => {
                let mut api = api.clone();
                api["id"] = Value::from(report);
                api["properties"]["event_id_cnty"] = Value::from(report);
                assert_eq!(&api, cli, "feature of {id} and {report}");
            }
            (None, None) => {}
            (api, cli) => panic!("{id}: API feature {api:?}, CLI feature {cli:?}"),
        }
        compared += 1;
    }
    eprintln!(
        "{compared} events of one report compared, of {} events",
        summaries.len()
    );
    // Every record of the CLI is a report of exactly one stored event.
    assert_eq!(reports_seen, cli_rows.len());
    assert!(compared >= 50, "only {compared} events of one report");
}
