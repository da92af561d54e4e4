//! `rasd serve`, run as a user runs it: refuses what it cannot serve with one line and exit 1,
//! and serves the page and the API on the port it says until SIGTERM, then exits 0.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command as Process, Stdio};

use assert_cmd::Command;
use tempfile::TempDir;

fn rasd() -> Command {
    Command::cargo_bin("rasd").expect("the rasd binary is built")
}

/// A database with the seed's events, written by `rasd ingest`.
fn seed_db(dir: &TempDir) -> PathBuf {
    let db = dir.path().join("rasd.db");
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/aleppo.txt");
    rasd()
        .args(["ingest", "--date", "2016-12-12", "--db"])
        .arg(&db)
        .arg(seed)
        .assert()
        .success();
    db
}

fn one_line_error(output: &std::process::Output, needle: &str) {
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.contains(needle), "{stderr}");
}

#[test]
fn a_missing_database_is_one_line_and_exit_1() {
    let dir = TempDir::new().unwrap();
    let missing = dir.path().join("nothing.db");
    let output = rasd()
        .args(["serve", "--db"])
        .arg(&missing)
        .output()
        .unwrap();
    one_line_error(&output, "no database at");
    assert!(!missing.exists(), "serve created a database");
}

#[test]
fn a_taken_port_is_one_line_and_exit_1() {
    let dir = TempDir::new().unwrap();
    let db = seed_db(&dir);
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap().to_string();
    let output = rasd()
        .args(["serve", "--addr", &addr, "--db"])
        .arg(&db)
        .output()
        .unwrap();
    one_line_error(&output, "cannot listen");
}

#[test]
fn an_empty_token_is_refused() {
    let dir = TempDir::new().unwrap();
    let db = seed_db(&dir);
    let output = rasd()
        .args(["serve", "--token", " ", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    one_line_error(&output, "--token");
}

/// One HTTP/1.1 GET; the status line and the body.
fn get(addr: &str, path: &str) -> (String, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap_or((&answer, ""));
    (
        head.lines().next().unwrap_or("").to_owned(),
        body.to_owned(),
    )
}

#[cfg(unix)]
#[test]
fn serves_on_the_port_it_names_and_stops_on_sigterm() {
    let dir = TempDir::new().unwrap();
    let db = seed_db(&dir);
    let mut server = Process::new(assert_cmd::cargo::cargo_bin("rasd"))
        .args(["serve", "--addr", "127.0.0.1:0", "--db"])
        .arg(&db)
        .env_remove("RASD_TOKEN")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let addr = line
        .trim()
        .strip_prefix("listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    assert!(addr.starts_with("127.0.0.1:"), "{addr}");

    let (status, body) = get(&addr, "/api/health");
    assert!(status.contains(" 200 "), "{status}");
    assert!(body.contains("\"documents\":1"), "{body}");
    let (status, body) = get(&addr, "/");
    assert!(status.contains(" 200 "), "{status}");
    assert!(body.contains("<html"), "{body}");

    let pid = server.id().to_string();
    let killed = Process::new("kill").args(["-TERM", &pid]).status().unwrap();
    assert!(killed.success());
    let status = server.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{status:?}");
}
