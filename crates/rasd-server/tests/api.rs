//! The HTTP API end to end, without a socket: the router answers requests built here, over a
//! database filled through the store's ingest API with the seed (examples/aleppo.txt, 12
//! December 2016), a few SaudiNewsNet articles and one short article of our own.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use rasd_extract::{Document, Pipeline};
use rasd_server::{router, Config, Stores};
use rasd_store::{NewDocument, Store};
use serde_json::{json, Value};
use tempfile::TempDir;
use tower::ServiceExt;

const TOKEN: &str = "test-token-123";

/// Articles of one SaudiNewsNet day (shared/ sits beside the repository, as in CI).
fn saudinewsnet(n: usize) -> Vec<Document> {
    let zip_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/data/saudinewsnet/2015-07-23.zip");
    let file = std::fs::File::open(&zip_path).unwrap_or_else(|e| {
        panic!(
            "{} is not here (shared/ must sit beside the repository): {e}",
            zip_path.display()
        )
    });
    let mut archive = zip::ZipArchive::new(file).unwrap();
    let mut text = String::new();
    archive
        .by_index(0)
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    let articles: Vec<Value> = serde_json::from_str(&text).unwrap();
    articles
        .iter()
        .filter_map(|a| Document::from_json(a, "").ok())
        .filter(|d| !d.body.trim().is_empty())
        .take(n)
        .enumerate()
        .map(|(i, mut d)| {
            d.id = format!("snn-{i}");
            d
        })
        .collect()
}

fn documents() -> Vec<Document> {
    let seed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/aleppo.txt"),
    )
    .unwrap();
    let mut aleppo = Document::new("aleppo", seed);
    aleppo.date = chrono::NaiveDate::from_ymd_opt(2016, 12, 12);
    aleppo.source = Some("Sky News Arabia".to_owned());
    // Vowelled and hamza-spelled words, for search across spellings.
    let mut idlib = Document::new(
        "idlib",
        "قُتِلَ خمسة مدنيين وأصيب عشرة آخرون في غارة جوية على مدينة إدلب صباح اليوم، بحسب المرصد السوري لحقوق الإنسان.",
    );
    idlib.date = chrono::NaiveDate::from_ymd_opt(2016, 12, 20);
    idlib.source = Some("test".to_owned());
    let mut docs = vec![aleppo, idlib];
    docs.extend(saudinewsnet(40));
    docs
}

/// A database built once per test process; each test works on its own copy.
fn template() -> &'static Path {
    static TEMPLATE: OnceLock<(TempDir, PathBuf)> = OnceLock::new();
    let (_, path) = TEMPLATE.get_or_init(|| {
        let dir = TempDir::new().unwrap();
        let path = dir.path().join("template.db");
        let pipeline = Pipeline::new().unwrap();
        let docs = documents();
        let records: Vec<_> = docs.iter().map(|d| pipeline.extract(d)).collect();
        let batch: Vec<NewDocument<'_>> = docs
            .iter()
            .zip(&records)
            .map(|(doc, record)| NewDocument { doc, record })
            .collect();
        let mut store = Store::open(path.to_str().unwrap()).unwrap();
        store.ingest(&batch).unwrap();
        // Closing the only connection checkpoints the WAL into the file, so a copy of the
        // file alone is the whole database.
        drop(store);
        (dir, path)
    });
    path
}

struct Server {
    app: Router,
    path: PathBuf,
    _dir: TempDir,
}

fn server(token: Option<&str>) -> Server {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("rasd.db");
    std::fs::copy(template(), &path).unwrap();
    let stores = Stores::open(path.to_str().unwrap(), 2).unwrap();
    let config = Config {
        token: token.map(str::to_owned),
        ..Config::default()
    };
    Server {
        app: router(stores, config),
        path,
        _dir: dir,
    }
}

struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "not JSON ({e}): {}",
                String::from_utf8_lossy(&self.body[..self.body.len().min(300)])
            )
        })
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }

    /// The error message, after checking the error shape and its status.
    fn error(&self, status: StatusCode) -> String {
        assert_eq!(
            self.status,
            status,
            "{}",
            String::from_utf8_lossy(&self.body)
        );
        let body = self.json();
        assert_eq!(body["error"]["status"], status.as_u16());
        body["error"]["message"].as_str().unwrap().to_owned()
    }
}

impl Server {
    async fn send(&self, request: Request<Body>) -> Answer {
        let response = self.app.clone().oneshot(request).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        Answer {
            status,
            headers,
            body: body.to_vec(),
        }
    }

    async fn get(&self, uri: &str) -> Answer {
        self.send(Request::get(uri).body(Body::empty()).unwrap())
            .await
    }

    async fn ok(&self, uri: &str) -> Value {
        let answer = self.get(uri).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.text());
        answer.json()
    }

    async fn post(&self, uri: &str, token: Option<&str>, body: impl Into<Body>) -> Answer {
        let mut request = Request::post(uri).header(header::CONTENT_TYPE, "application/json");
        if let Some(token) = token {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        self.send(request.body(body.into()).unwrap()).await
    }

    /// Every event id of a listing, following cursors.
    async fn all_ids(&self, query: &str) -> Vec<String> {
        let mut ids = Vec::new();
        let mut cursor: Option<String> = None;
        loop {
            let mut uri = format!("/api/events?{query}");
            if let Some(c) = &cursor {
                uri.push_str(&format!("&cursor={c}"));
            }
            let page = self.ok(&uri).await;
            for e in page["events"].as_array().unwrap() {
                ids.push(e["id"].as_str().unwrap().to_owned());
            }
            match page["next_cursor"].as_str() {
                Some(c) => cursor = Some(c.to_owned()),
                None => return ids,
            }
        }
    }
}

fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn events(page: &Value) -> &Vec<Value> {
    page["events"].as_array().unwrap()
}

#[tokio::test]
async fn health_counts_the_database() {
    let s = server(None);
    let health = s.ok("/api/health").await;
    assert_eq!(health["status"], "ok");
    assert_eq!(health["documents"], 42);
    assert!(health["events"].as_u64().unwrap() >= 3, "{health}");
}

#[tokio::test]
async fn paging_by_cursor_covers_every_event_once_in_order() {
    let s = server(None);
    let total = s.ok("/api/events?limit=500").await["total"]
        .as_u64()
        .unwrap();
    for sort in ["-date", "date", "killed", "-killed"] {
        let ids = s.all_ids(&format!("limit=2&sort={sort}")).await;
        assert_eq!(ids.len() as u64, total, "{sort}");
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len(), "{sort}: an event came twice");
    }
    let page = s.ok("/api/events?sort=-killed&limit=500").await;
    let killed: Vec<i64> = events(&page)
        .iter()
        .map(|e| e["killed"]["best"].as_i64().unwrap_or(-1))
        .collect();
    assert!(killed.windows(2).all(|w| w[0] >= w[1]), "{killed:?}");
    let page = s.ok("/api/events?sort=date&limit=500").await;
    let dates: Vec<String> = events(&page)
        .iter()
        .map(|e| e["date"].as_str().unwrap_or("").to_owned())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    // The default page is 50, newest first.
    let page = s.ok("/api/events").await;
    assert_eq!(events(&page).len() as u64, total.min(50));
}

#[tokio::test]
async fn each_filter_narrows_the_list() {
    let s = server(None);
    let all = s.ok("/api/events?limit=500").await;
    let total = all["total"].as_u64().unwrap();
    let count = |page: &Value| page["total"].as_u64().unwrap();

    let page = s
        .ok("/api/events?from=2016-12-12&to=2016-12-12&limit=500")
        .await;
    assert!(count(&page) >= 1 && count(&page) < total);
    assert!(events(&page).iter().all(|e| e["date"] == "2016-12-12"));

    let page = s.ok("/api/events?country=sy&limit=500").await;
    assert!(count(&page) >= 1);
    assert!(events(&page)
        .iter()
        .all(|e| e["location"]["country"] == "SY"));

    let first = &events(&page)[0];
    let admin1 = first["location"]["admin1"].as_str().unwrap();
    let page2 = s
        .ok(&format!("/api/events?admin1={}&limit=500", enc(admin1)))
        .await;
    assert!(events(&page2)
        .iter()
        .all(|e| e["location"]["admin1"] == admin1));

    let event_type = first["type"].as_str().unwrap();
    let page = s
        .ok(&format!("/api/events?type={event_type}&limit=500"))
        .await;
    assert!(count(&page) >= 1);
    assert!(events(&page).iter().all(|e| e["type"] == event_type));

    let family = first["family"].as_str().unwrap();
    let page = s
        .ok(&format!("/api/events?family={family}&limit=500"))
        .await;
    assert!(events(&page).iter().all(|e| e["family"] == family));

    let page = s.ok("/api/events?min_killed=3&limit=500").await;
    assert!(count(&page) >= 1 && count(&page) < total);
    assert!(events(&page)
        .iter()
        .all(|e| e["killed"]["best"].as_u64().unwrap() >= 3));

    // Syria's box holds the Syrian events; a box in the Pacific holds none.
    let page = s.ok("/api/events?bbox=35.5,32.3,42.5,37.4&limit=500").await;
    assert!(count(&page) >= 1);
    for e in events(&page) {
        let lon = e["location"]["lon"].as_f64().unwrap();
        let lat = e["location"]["lat"].as_f64().unwrap();
        assert!((35.5..=42.5).contains(&lon) && (32.3..=37.4).contains(&lat));
    }
    assert_eq!(count(&s.ok("/api/events?bbox=-170,-10,-160,0").await), 0);

    let with_actor = events(&all)
        .iter()
        .flat_map(|e| e["actors"].as_array().unwrap())
        .find_map(|a| a["code"].as_str())
        .expect("some actor has a code");
    let page = s
        .ok(&format!("/api/events?actor={with_actor}&limit=500"))
        .await;
    assert!(count(&page) >= 1 && count(&page) <= total);
    assert!(events(&page).iter().all(|e| e["actors"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["code"] == with_actor)));

    let page = s.ok("/api/events?q=%D8%AD%D9%84%D8%A8&limit=500").await; // حلب
    assert!(count(&page) >= 1 && count(&page) < total);
}

#[tokio::test]
async fn search_ignores_vowels_and_hamza_forms() {
    let s = server(None);
    let idlib_events = |page: &Value| {
        events(page)
            .iter()
            .filter(|e| e["location"]["name_en"] == "Idlib")
            .count()
    };
    let killed = s.ok(&format!("/api/events?q={}", enc("قتل"))).await;
    assert!(idlib_events(&killed) >= 1, "قتل did not find قُتِلَ: {killed}");
    let idlib = s.ok(&format!("/api/events?q={}", enc("ادلب"))).await;
    assert!(idlib_events(&idlib) >= 1, "ادلب did not find إدلب: {idlib}");
    assert_eq!(
        s.ok(&format!("/api/events?q={}", enc("ادلب"))).await["total"],
        s.ok(&format!("/api/events?q={}", enc("إدلب"))).await["total"]
    );
    let none = s
        .ok(&format!("/api/events?q={}", enc("قمرصناعيمفقود")))
        .await;
    assert_eq!(none["total"], 0);
}

#[tokio::test]
async fn an_event_has_its_reports_claims_and_evidence() {
    let s = server(None);
    let page = s
        .ok("/api/events?from=2016-12-12&to=2016-12-12&sort=-killed&limit=1")
        .await;
    let id = events(&page)[0]["id"].as_str().unwrap().to_owned();
    let detail = s.ok(&format!("/api/events/{id}")).await;
    assert_eq!(detail["id"], id.as_str());
    let reports = detail["reports"].as_array().unwrap();
    assert!(!reports.is_empty());
    assert_eq!(detail["report_count"], reports.len());
    let report = &reports[0];
    assert_eq!(report["document"]["id"], "aleppo");
    let text: Vec<char> = report["text"].as_str().unwrap().chars().collect();
    for span in report["evidence"].as_array().unwrap() {
        let (a, b) = (
            span[0].as_u64().unwrap() as usize,
            span[1].as_u64().unwrap() as usize,
        );
        assert!(a < b && b <= text.len(), "evidence {span} outside the text");
    }
    let claims = detail["claims"].as_array().unwrap();
    assert!(!claims.is_empty(), "{detail}");
    assert!(claims.iter().all(|c| c["report_id"].is_string()));
    assert_eq!(detail["reviews"], json!([]));

    let missing = s.get("/api/events/e-0000000000000000").await;
    assert!(missing
        .error(StatusCode::NOT_FOUND)
        .contains("e-0000000000000000"));
}

#[tokio::test]
async fn a_document_has_its_text_and_reports() {
    let s = server(None);
    let doc = s.ok("/api/documents/aleppo").await;
    assert_eq!(doc["id"], "aleppo");
    assert_eq!(doc["date"], "2016-12-12");
    assert!(doc["text"].as_str().unwrap().contains("حلب"));
    assert!(!doc["events"].as_array().unwrap().is_empty());
    s.get("/api/documents/nothing-here")
        .await
        .error(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn stats_group_by_day_type_and_country() {
    let s = server(None);
    let total = s.ok("/api/events?limit=1").await["total"].as_u64().unwrap();
    let stats = s.ok("/api/stats").await;
    let sum = |key: &str| -> u64 {
        stats[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["events"].as_u64().unwrap())
            .sum()
    };
    assert_eq!(sum("by_type"), total);
    assert_eq!(sum("by_country"), total);
    assert!(stats["by_day"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["date"] == "2016-12-12" && d["killed"].as_u64().unwrap() > 0));
    let syria = s.ok("/api/stats?country=SY").await;
    assert_eq!(syria["by_country"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn exports_in_three_formats() {
    let s = server(None);
    let total = s.ok("/api/events?limit=1").await["total"].as_u64().unwrap();

    let csv = s.get("/api/export?format=csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let text = csv.text();
    let header_line = text.lines().next().unwrap();
    assert_eq!(
        header_line,
        "event_id_cnty,event_date,event_type,sub_event_type,actor1,actor2,civilian_targeting,country,admin1,location,latitude,longitude,geo_precision,source,notes,fatalities"
    );
    let mut reader = csv_rows(&text);
    assert_eq!(reader.len() as u64, total);
    reader.retain(|row| row.starts_with("e-"));
    assert_eq!(reader.len() as u64, total);

    let geojson = s.get("/api/export?format=geojson&country=SY").await;
    assert_eq!(geojson.status, StatusCode::OK);
    assert_eq!(
        geojson.headers[header::CONTENT_TYPE],
        "application/geo+json"
    );
    let collection = geojson.json();
    assert_eq!(collection["type"], "FeatureCollection");
    let features = collection["features"].as_array().unwrap();
    assert!(!features.is_empty());
    assert!(features
        .iter()
        .all(|f| f["geometry"]["type"] == "Point" && f["properties"]["country"] == "SY"));

    let jsonl = s.get("/api/export?format=jsonl&min_killed=1").await;
    assert_eq!(jsonl.status, StatusCode::OK);
    let lines: Vec<Value> = jsonl
        .text()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(!lines.is_empty());
    assert!(lines
        .iter()
        .all(|e| e["killed"]["best"].as_u64().unwrap() >= 1));

    let bad = s.get("/api/export?format=xml").await;
    assert!(bad.error(StatusCode::BAD_REQUEST).contains("format"));
}

/// Data rows of a CSV text (a quoted field may hold newlines, so rows are counted by the
/// event-id column that starts each one).
fn csv_rows(text: &str) -> Vec<&str> {
    text.lines()
        .skip(1)
        .filter(|l| l.starts_with("e-"))
        .collect()
}

#[tokio::test]
async fn reviews_need_the_token() {
    let id = {
        let s = server(None);
        events(&s.ok("/api/events?limit=1").await)[0]["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let body = json!({"action": "confirm", "reviewer": "tester", "reason": "checked"}).to_string();
    let uri = format!("/api/events/{id}/review");

    // No token configured: read-only, whatever the request carries.
    let read_only = server(None);
    let answer = read_only.post(&uri, Some(TOKEN), body.clone()).await;
    assert!(answer.error(StatusCode::FORBIDDEN).contains("read-only"));

    let s = server(Some(TOKEN));
    s.post(&uri, None, body.clone())
        .await
        .error(StatusCode::UNAUTHORIZED);
    let wrong = s.post(&uri, Some("test-token-124"), body.clone()).await;
    wrong.error(StatusCode::UNAUTHORIZED);
    assert_eq!(wrong.headers[header::WWW_AUTHENTICATE], "Bearer");
    // Nothing was recorded by the refused requests.
    assert_eq!(
        s.ok(&format!("/api/events/{id}")).await["reviews"],
        json!([])
    );

    let answer = s.post(&uri, Some(TOKEN), body.clone()).await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    assert_eq!(answer.json()["review"]["status"], "confirmed");
    let detail = s.ok(&format!("/api/events/{id}")).await;
    let reviews = detail["reviews"].as_array().unwrap();
    assert_eq!(reviews.len(), 1);
    assert_eq!(reviews[0]["reviewer"], "tester");
    assert_eq!(reviews[0]["reason"], "checked");
    assert!(reviews[0]["at"].as_str().unwrap().ends_with('Z'));
}

#[tokio::test]
async fn a_correction_keeps_the_extracted_original() {
    let s = server(Some(TOKEN));
    let page = s.ok("/api/events?sort=-killed&limit=1").await;
    let event = &events(&page)[0];
    let id = event["id"].as_str().unwrap();
    let before = s.ok(&format!("/api/events/{id}")).await;
    let body = json!({"action": "correct", "reviewer": "tester", "reason": "the text says 99",
                      "field": "killed", "value": {"low": 99, "high": 99, "best": 99}});
    let answer = s
        .post(
            &format!("/api/events/{id}/review"),
            Some(TOKEN),
            body.to_string(),
        )
        .await;
    assert_eq!(answer.status, StatusCode::OK, "{}", answer.text());
    let corrected = answer.json();
    assert_eq!(corrected["killed"]["best"], 99);
    assert_eq!(corrected["review"]["status"], "corrected");
    let after = s
        .ok(&format!(
            "/api/events/{}",
            corrected["id"].as_str().unwrap()
        ))
        .await;
    // The claims are the extracted ones, unchanged.
    assert_eq!(after["claims"], before["claims"]);
    assert_eq!(after["reviews"][0]["value"]["best"], 99);
}

#[tokio::test]
async fn malformed_input_gets_400_naming_the_problem() {
    let s = server(Some(TOKEN));
    for (uri, names) in [
        ("/api/events?limit=0", "limit"),
        ("/api/events?limit=501", "limit"),
        ("/api/events?limit=ten", "limit"),
        ("/api/events?bbox=1,2,3", "bbox"),
        ("/api/events?bbox=40,30,35,37", "bbox"),
        ("/api/events?from=2016-13-01", "from"),
        ("/api/events?to=yesterday", "to"),
        ("/api/events?min_killed=-1", "min_killed"),
        ("/api/events?country=Syria", "country"),
        ("/api/events?sort=newest", "sort"),
        ("/api/events?cursor=zz", "cursor"),
        ("/api/events?colour=red", "colour"),
        ("/api/events?limit=5&limit=6", "limit"),
        ("/api/stats?limit=5", "limit"),
        ("/api/events/e-0000000000000000?x=1", "x"),
    ] {
        let message = s.get(uri).await.error(StatusCode::BAD_REQUEST);
        assert!(message.contains(names), "{uri}: {message}");
    }
    let id = events(&s.ok("/api/events?limit=1").await)[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let uri = format!("/api/events/{id}/review");
    for (body, names) in [
        ("{not json", "review"),
        ("[]", "review"),
        (r#"{"reviewer": "x"}"#, "action"),
        (r#"{"action": "approve", "reviewer": "x"}"#, "action"),
        (r#"{"action": "confirm", "reviewer": ""}"#, "reviewer"),
        (r#"{"action": "correct", "reviewer": "x"}"#, "field"),
        (
            r#"{"action": "split", "reviewer": "x", "reports": ["nope#1"]}"#,
            "nope#1",
        ),
        (r#"{"action": "merge", "reviewer": "x"}"#, "other"),
    ] {
        let message = s
            .post(&uri, Some(TOKEN), body.to_owned())
            .await
            .error(StatusCode::BAD_REQUEST);
        assert!(message.contains(names), "{body}: {message}");
    }
    // A merge with an event that does not exist.
    let message = s
        .post(
            &uri,
            Some(TOKEN),
            r#"{"action": "merge", "reviewer": "x", "other": "e-0000000000000000"}"#,
        )
        .await
        .error(StatusCode::NOT_FOUND);
    assert!(message.contains("e-0000000000000000"));
    // A review of an event that does not exist.
    s.post(
        "/api/events/e-0000000000000000/review",
        Some(TOKEN),
        r#"{"action": "confirm", "reviewer": "x"}"#,
    )
    .await
    .error(StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn oversized_bodies_and_queries_are_refused() {
    let s = server(Some(TOKEN));
    let id = events(&s.ok("/api/events?limit=1").await)[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let huge = format!(
        r#"{{"action": "confirm", "reviewer": "x", "reason": "{}"}}"#,
        "a".repeat(100 * 1024)
    );
    s.post(&format!("/api/events/{id}/review"), Some(TOKEN), huge)
        .await
        .error(StatusCode::PAYLOAD_TOO_LARGE);
    let long = format!("/api/events?q={}", "a".repeat(5000));
    s.get(&long).await.error(StatusCode::URI_TOO_LONG);
}

#[tokio::test]
async fn unknown_paths_and_wrong_methods_get_json_errors() {
    let s = server(None);
    s.get("/api/nothing").await.error(StatusCode::NOT_FOUND);
    s.get("/nothing").await.error(StatusCode::NOT_FOUND);
    s.get("/assets/nothing.js")
        .await
        .error(StatusCode::NOT_FOUND);
    s.get("/assets/../Cargo.toml")
        .await
        .error(StatusCode::NOT_FOUND);
    let answer = s
        .send(Request::delete("/api/events").body(Body::empty()).unwrap())
        .await;
    answer.error(StatusCode::METHOD_NOT_ALLOWED);
    assert!(answer.headers.contains_key(header::ALLOW));
    s.post("/api/health", None, "")
        .await
        .error(StatusCode::METHOD_NOT_ALLOWED);
    s.get("/api/events/e-1/review")
        .await
        .error(StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn the_page_and_its_assets_are_served() {
    let s = server(None);
    let page = s.get("/").await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(
        page.headers[header::CONTENT_TYPE],
        "text/html; charset=utf-8"
    );
    assert_eq!(page.headers[header::CACHE_CONTROL], "no-cache");
    let html = page.text();
    assert!(html.contains("dir=\"rtl\""));
    // Every file the page names under /assets/ is served, and nothing comes from elsewhere.
    let mut named = 0;
    for part in html.split("/assets/").skip(1) {
        let path = part.split(['"', '\'']).next().unwrap();
        let asset = s.get(&format!("/assets/{path}")).await;
        assert_eq!(asset.status, StatusCode::OK, "/assets/{path}");
        assert!(asset.headers[header::CACHE_CONTROL]
            .to_str()
            .unwrap()
            .contains("max-age"));
        named += 1;
    }
    assert!(named >= 4, "{named} assets named");
    assert!(!html.contains("http://") && !html.contains("https://"));

    let js = s.get("/assets/app.js").await;
    assert_eq!(
        js.headers[header::CONTENT_TYPE],
        "text/javascript; charset=utf-8"
    );
    let tag = js.headers[header::ETAG].clone();
    let again = s
        .send(
            Request::get("/assets/app.js")
                .header(header::IF_NONE_MATCH, tag)
                .body(Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    let geo = s.get("/assets/data/countries-50m.geojson").await;
    assert_eq!(geo.status, StatusCode::OK);
    assert!(s
        .get("/assets/vendor/leaflet/images/marker-icon.png")
        .await
        .status
        .is_success());
}

#[tokio::test]
async fn openapi_describes_every_endpoint() {
    let s = server(None);
    let doc = s.ok("/api/openapi.json").await;
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for path in [
        "/api/health",
        "/api/events",
        "/api/events/{id}",
        "/api/events/{id}/review",
        "/api/documents/{id}",
        "/api/stats",
        "/api/export",
        "/api/openapi.json",
    ] {
        assert!(paths.contains_key(path), "{path}");
    }
    let parameters: Vec<&str> = doc["paths"]["/api/events"]["get"]["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    for name in [
        "from",
        "to",
        "country",
        "admin1",
        "type",
        "family",
        "actor",
        "min_killed",
        "bbox",
        "q",
        "sort",
        "limit",
        "cursor",
    ] {
        assert!(parameters.contains(&name), "{name}");
    }
}

#[tokio::test]
async fn cached_answers_follow_commits_of_other_connections() {
    let s = server(None);
    let before = s.ok("/api/events?country=SY").await;
    let stats_before = s.ok("/api/stats?country=SY").await;
    assert_eq!(s.ok("/api/events?country=SY").await, before);

    // Another connection (as `rasd ingest` in another process) stores a new article.
    let pipeline = Pipeline::new().unwrap();
    let mut doc = Document::new(
        "homs",
        "قُتل سبعة مدنيين في قصف مدفعي على مدينة حمص السورية يوم الثلاثاء.",
    );
    doc.date = chrono::NaiveDate::from_ymd_opt(2016, 12, 27);
    let record = pipeline.extract(&doc);
    assert!(!record.events.is_empty());
    let mut other = Store::open(s.path.to_str().unwrap()).unwrap();
    other
        .ingest(&[NewDocument {
            doc: &doc,
            record: &record,
        }])
        .unwrap();

    let after = s.ok("/api/events?country=SY").await;
    assert!(
        after["total"].as_u64().unwrap() > before["total"].as_u64().unwrap(),
        "a stale answer: {} events before and after",
        before["total"]
    );
    assert_ne!(s.ok("/api/stats?country=SY").await, stats_before);
}
