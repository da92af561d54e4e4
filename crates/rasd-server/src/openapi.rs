//! `GET /api/openapi.json`: the API described as OpenAPI 3.0, written by hand from the
//! contract (the shapes are those of `rasd_store::api`).

use std::sync::OnceLock;

use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

fn query(name: &str, description: &str, schema: Value) -> Value {
    json!({"name": name, "in": "query", "required": false, "description": description, "schema": schema})
}

fn filters() -> Vec<Value> {
    let text = json!({"type": "string"});
    let date = json!({"type": "string", "format": "date"});
    vec![
        query("from", "First day, inclusive (YYYY-MM-DD).", date.clone()),
        query("to", "Last day, inclusive (YYYY-MM-DD).", date),
        query(
            "country",
            "ISO 3166-1 alpha-2 code.",
            json!({"type": "string", "pattern": "^[A-Za-z]{2}$"}),
        ),
        query(
            "admin1",
            "First-level division (exact, case-insensitive).",
            text.clone(),
        ),
        query("type", "Event type of taxonomy.tsv.", text.clone()),
        query("family", "Type family.", text.clone()),
        query(
            "actor",
            "Actor code or part of a name (case-insensitive).",
            text.clone(),
        ),
        query(
            "min_killed",
            "At least this many killed (best figure).",
            json!({"type": "integer", "minimum": 0}),
        ),
        query("bbox", "minlon,minlat,maxlon,maxlat (WGS84).", text.clone()),
        query(
            "q",
            "Words of the Arabic text (diacritics, hamza forms and proclitics ignored).",
            text,
        ),
        query(
            "sort",
            "Sort order.",
            json!({"type": "string", "enum": ["date", "-date", "killed", "-killed"], "default": "-date"}),
        ),
    ]
}

fn error(description: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}})
}

fn ok(description: &str, schema: &str) -> Value {
    json!({"description": description, "content": {"application/json": {"schema": {"$ref": format!("#/components/schemas/{schema}")}}}})
}

fn id_parameter(what: &str) -> Value {
    json!({"name": "id", "in": "path", "required": true, "description": what, "schema": {"type": "string"}})
}

fn document() -> Value {
    let mut list_parameters = filters();
    list_parameters.push(query(
        "limit",
        "Page size.",
        json!({"type": "integer", "minimum": 1, "maximum": 500, "default": 50}),
    ));
    list_parameters.push(query(
        "cursor",
        "The next_cursor of the previous page.",
        json!({"type": "string"}),
    ));
    let mut export_parameters = filters();
    export_parameters.push(query(
        "format",
        "Export format.",
        json!({"type": "string", "enum": ["csv", "geojson", "jsonl"], "default": "csv"}),
    ));
    let object = json!({"type": "object"});
    let nullable_string = json!({"type": "string", "nullable": true});
    // The closed vocabularies of the record, from the record's own enums.
    let names = |all: Vec<&'static str>| json!({"type": "string", "enum": all});
    let nullable_names =
        |all: Vec<&'static str>| json!({"type": "string", "nullable": true, "enum": all});
    let span = json!({"type": "array", "nullable": true, "items": {"type": "integer"}, "minItems": 2, "maxItems": 2});
    use rasd_extract::record::{DatePrecision, Modality, PlacePrecision, Role};
    let modality = names(Modality::ALL.iter().map(|m| m.as_str()).collect());
    let role = names(Role::ALL.iter().map(|r| r.as_str()).collect());
    let place_precision = nullable_names(PlacePrecision::ALL.iter().map(|p| p.as_str()).collect());
    let date_precision = nullable_names(DatePrecision::ALL.iter().map(|p| p.as_str()).collect());
    json!({
        "openapi": "3.0.3",
        "info": {
            "title": "rasd API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Conflict events extracted from Arabic news, merged across documents, with their reports, casualty claims, evidence and reviews. Errors are {\"error\": {\"status\", \"message\"}}."
        },
        "paths": {
            "/api/health": {"get": {"summary": "Server and database status", "responses": {"200": ok("Status", "Health")}}},
            "/api/events": {"get": {
                "summary": "List events (filtered, sorted, paged by cursor)",
                "parameters": list_parameters,
                "responses": {"200": ok("A page of events", "EventPage"), "400": error("A bad parameter (named in the message)")}
            }},
            "/api/events/{id}": {"get": {
                "summary": "One event with its reports, claims, evidence and reviews",
                "parameters": [id_parameter("Event id (e- and 16 hex digits)")],
                "responses": {"200": ok("The event", "EventDetail"), "404": error("No such event")}
            }},
            "/api/events/{id}/review": {"post": {
                "summary": "Record a review (confirm, reject, correct, split, merge); the extracted records are never changed",
                "security": [{"bearer": []}],
                "parameters": [id_parameter("Event id")],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Review"}}}},
                "responses": {
                    "200": ok("The event as it now reads (for a split: the event keeping the other reports)", "EventSummary"),
                    "400": error("Malformed body, unknown action or a review that does not apply"),
                    "401": error("Missing or wrong bearer token"),
                    "403": error("Read-only server (started without a token)"),
                    "404": error("No such event"),
                    "413": error("Body over the limit")
                }
            }},
            "/api/documents/{id}": {"get": {
                "summary": "One document with its text and report ids",
                "parameters": [id_parameter("Document id")],
                "responses": {"200": ok("The document", "Document"), "404": error("No such document")}
            }},
            "/api/stats": {"get": {
                "summary": "Events and killed by day, type and country",
                "parameters": filters(),
                "responses": {"200": ok("Counts", "Stats"), "400": error("A bad parameter")}
            }},
            "/api/export": {"get": {
                "summary": "Every matching event as CSV (ACLED's columns), GeoJSON or JSON Lines",
                "parameters": export_parameters,
                "responses": {
                    "200": {"description": "The export", "content": {
                        "text/csv": {"schema": {"type": "string"}},
                        "application/geo+json": {"schema": object.clone()},
                        "application/x-ndjson": {"schema": {"type": "string"}}
                    }},
                    "400": error("A bad parameter")
                }
            }},
            "/api/openapi.json": {"get": {"summary": "This description", "responses": {"200": {"description": "OpenAPI 3", "content": {"application/json": {"schema": object.clone()}}}}}}
        },
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "properties": {
                    "status": {"type": "integer"}, "message": {"type": "string"}}}}},
                "Health": {"type": "object", "properties": {
                    "status": {"type": "string"}, "schema_version": {"type": "integer"},
                    "documents": {"type": "integer"}, "events": {"type": "integer"}}},
                "Figures": {"type": "object", "nullable": true, "properties": {
                    "low": {"type": "integer", "nullable": true}, "high": {"type": "integer", "nullable": true}, "best": {"type": "integer"}}},
                "Location": {"type": "object", "nullable": true, "properties": {
                    "name": {"type": "string"}, "name_en": nullable_string.clone(), "country": nullable_string.clone(),
                    "admin1": nullable_string.clone(), "lat": {"type": "number", "nullable": true},
                    "lon": {"type": "number", "nullable": true}, "precision": place_precision,
                    "gazetteer_id": nullable_string.clone(), "span": span.clone()}},
                "Actor": {"type": "object", "properties": {
                    "role": role, "text": {"type": "string"}, "name": nullable_string.clone(), "code": nullable_string.clone(),
                    "span": span}},
                "EventSummary": {"type": "object", "properties": {
                    "id": {"type": "string"}, "type": {"type": "string"}, "family": {"type": "string"},
                    "acled": {"type": "object", "properties": {"event_type": {"type": "string"}, "sub_event_type": {"type": "string"}}},
                    "cameo": {"type": "string"}, "date": nullable_string.clone(), "date_precision": date_precision,
                    "location": {"$ref": "#/components/schemas/Location"},
                    "actors": {"type": "array", "items": {"$ref": "#/components/schemas/Actor"}},
                    "killed": {"$ref": "#/components/schemas/Figures"}, "injured": {"$ref": "#/components/schemas/Figures"},
                    "reports": {"type": "integer"}, "conflicting": {"type": "boolean"},
                    "conflicting_types": {"type": "array", "items": {"type": "string"}},
                    "civilian_targeting": {"type": "boolean"}, "modality": modality.clone(),
                    "review": {"type": "object", "properties": {"status": {"type": "string", "enum": ["unreviewed", "confirmed", "rejected", "corrected"]}}}}},
                "EventPage": {"type": "object", "properties": {
                    "events": {"type": "array", "items": {"$ref": "#/components/schemas/EventSummary"}},
                    "next_cursor": nullable_string.clone(), "total": {"type": "integer"}}},
                "EventDetail": {"allOf": [{"$ref": "#/components/schemas/EventSummary"}, {"type": "object", "properties": {
                    "reports": {"type": "array", "items": {"type": "object", "properties": {
                        "report_id": {"type": "string"}, "document": object.clone(), "text": {"type": "string"},
                        "evidence": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}},
                        "modality": modality, "attribution": {"type": "array", "items": object.clone()}}}},
                    "report_count": {"type": "integer"},
                    "claims": {"type": "array", "items": object.clone()},
                    "reviews": {"type": "array", "items": object.clone()}}}]},
                "Document": {"type": "object", "properties": {
                    "id": {"type": "string"}, "title": nullable_string.clone(), "source": nullable_string.clone(),
                    "url": nullable_string.clone(), "date": nullable_string.clone(), "text": {"type": "string"},
                    "events": {"type": "array", "items": {"type": "string"}}}},
                "Stats": {"type": "object", "properties": {
                    "by_day": {"type": "array", "items": {"type": "object", "properties": {"date": {"type": "string"}, "events": {"type": "integer"}, "killed": {"type": "integer"}}}},
                    "by_type": {"type": "array", "items": {"type": "object", "properties": {"type": {"type": "string"}, "events": {"type": "integer"}, "killed": {"type": "integer"}}}},
                    "by_country": {"type": "array", "items": {"type": "object", "properties": {"country": {"type": "string"}, "events": {"type": "integer"}, "killed": {"type": "integer"}}}}}},
                "Review": {"type": "object", "required": ["action", "reviewer"], "properties": {
                    "action": {"type": "string", "enum": ["confirm", "reject", "correct", "split", "merge"]},
                    "reviewer": {"type": "string"}, "reason": nullable_string.clone(),
                    "field": {"type": "string", "nullable": true, "enum": ["type", "date", "date_precision", "location", "killed", "injured", "modality", "actors", null]},
                    "value": {"description": "correct: the new value, in the field's EventSummary shape"},
                    "reports": {"type": "array", "nullable": true, "items": {"type": "string"}, "description": "split: the report ids to move to a new event"},
                    "other": {"type": "string", "nullable": true, "description": "merge: the event to merge into this one"}}}
            }
        }
    })
}

/// `GET /api/openapi.json`.
pub(crate) async fn serve() -> Response {
    static TEXT: OnceLock<String> = OnceLock::new();
    let text = TEXT.get_or_init(|| document().to_string());
    let mut response =
        ([(header::CONTENT_TYPE, "application/json")], text.as_str()).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}
