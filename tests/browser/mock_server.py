#!/usr/bin/env python3
"""A stand-in for `rasd serve`: the review page at / and /assets/, and the JSON API from fixture.json.

For developing the page and for its browser test until the real server exists (the test runs
against the real one when RASD_BASE_URL is set). It keeps to the HTTP API contract of issue 3
(filters, sorting, cursors, errors, review POSTs); reviews live in memory only. Python stdlib only.

    python3 tests/browser/mock_server.py [--port 8080] [--token SECRET]

Without --token the server is read-only (review POSTs answer 403), as `rasd serve` is without a
configured token. It prints "listening on http://127.0.0.1:PORT" once it is ready (port 0 picks
a free port; the test reads the line).
"""

import argparse
import base64
import copy
import csv
import io
import json
import mimetypes
import pathlib
import re
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

ROOT = pathlib.Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
SORTS = ("date", "-date", "killed", "-killed")
ACTIONS = ("confirm", "reject", "correct", "split", "merge")


class ApiError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status, self.message = status, message


class Store:
    def __init__(self, fixture):
        data = json.loads(fixture.read_text(encoding="utf-8"))
        self.documents = {d["id"]: d for d in data["documents"]}
        self.events = {e["id"]: e for e in data["events"]}
        self.next_split = 1

    def detail(self, event):
        out = copy.deepcopy(event)
        for r in out["reports"]:
            r["text"] = self.documents[r["document"]["id"]]["text"]
        return out

    @staticmethod
    def summary(event):
        out = {k: v for k, v in event.items() if k not in ("reports", "claims", "reviews", "report_count")}
        out["reports"] = event["report_count"]
        return out

    def filtered(self, q):
        events = list(self.events.values())
        for key in ("from", "to"):
            if key in q and not DATE.match(q[key]):
                raise ApiError(400, f"{key} must be YYYY-MM-DD")
        if "from" in q:
            events = [e for e in events if e["date"] and e["date"] >= q["from"]]
        if "to" in q:
            events = [e for e in events if e["date"] and e["date"] <= q["to"]]
        for key in ("country", "admin1"):
            if q.get(key):
                events = [e for e in events if e["location"] and (e["location"][key] or "").lower() == q[key].lower()]
        for key in ("type", "family"):
            if q.get(key):
                events = [e for e in events if e[key] == q[key]]
        if q.get("actor"):
            needle = q["actor"].lower()
            events = [e for e in events if any(
                (a.get("code") or "").lower() == needle or needle in (a.get("name") or "").lower()
                or needle in (a.get("text") or "").lower() for a in e["actors"])]
        if "min_killed" in q:
            try:
                n = int(q["min_killed"])
            except ValueError:
                raise ApiError(400, "min_killed must be an integer") from None
            events = [e for e in events if (killed_best(e) or 0) >= n]
        if q.get("bbox"):
            try:
                x0, y0, x1, y1 = (float(v) for v in q["bbox"].split(","))
            except ValueError:
                raise ApiError(400, "bbox must be minlon,minlat,maxlon,maxlat") from None
            events = [e for e in events if e["location"] and e["location"]["lat"] is not None
                      and x0 <= e["location"]["lon"] <= x1 and y0 <= e["location"]["lat"] <= y1]
        if q.get("q"):
            needle = q["q"].lower()
            events = [e for e in events if needle in self.searchable(e)]
        return events

    def searchable(self, e):
        parts = [e["id"], e["type"], e["family"], json.dumps(e["location"], ensure_ascii=False)]
        parts += [json.dumps(a, ensure_ascii=False) for a in e["actors"]]
        parts += [self.documents[r["document"]["id"]]["text"] for r in e["reports"]]
        return "\n".join(parts).lower()


def killed_best(e):
    return e["killed"]["best"] if e["killed"] else None


def sort_events(events, sort):
    if sort not in SORTS:
        raise ApiError(400, f"sort must be one of {', '.join(SORTS)}")
    desc = sort.startswith("-")
    if sort.lstrip("-") == "date":
        key = lambda e: (e["date"] or "", e["id"])
    else:
        # Unknown killed sorts below zero: last when the largest come first.
        key = lambda e: (-1 if killed_best(e) is None else killed_best(e), e["id"])
    return sorted(events, key=key, reverse=desc)


def stats(events):
    def group(key):
        out = {}
        for e in events:
            k = key(e)
            row = out.setdefault(k, {"events": 0, "killed": 0})
            row["events"] += 1
            row["killed"] += killed_best(e) or 0
        return out
    by_day = group(lambda e: e["date"])
    by_type = group(lambda e: e["type"])
    by_country = group(lambda e: e["location"]["country"] if e["location"] else None)
    return {
        "by_day": [{"date": k, **v} for k, v in sorted(by_day.items(), key=lambda kv: kv[0] or "") if k],
        "by_type": [{"type": k, **v} for k, v in sorted(by_type.items(), key=lambda kv: -kv[1]["events"])],
        "by_country": [{"country": k, **v} for k, v in sorted(by_country.items(), key=lambda kv: -kv[1]["events"])],
    }


def export(store, events, fmt):
    if fmt == "jsonl":
        body = "".join(json.dumps(store.summary(e), ensure_ascii=False) + "\n" for e in events)
        return "application/x-ndjson; charset=utf-8", body
    if fmt == "geojson":
        features = [{"type": "Feature", "properties": store.summary(e),
                     "geometry": {"type": "Point", "coordinates": [e["location"]["lon"], e["location"]["lat"]]}}
                    for e in events if e["location"] and e["location"]["lat"] is not None]
        return "application/geo+json", json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)
    if fmt == "csv":
        # A subset of ACLED's columns, enough for the page's export link.
        cols = ["event_id_cnty", "event_date", "year", "disorder_type", "event_type", "sub_event_type",
                "actor1", "actor2", "country", "admin1", "location", "latitude", "longitude",
                "geo_precision", "source", "notes", "fatalities"]
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow(cols)
        for e in events:
            loc = e["location"] or {}
            actors = [a["name"] or a["text"] for a in e["actors"]]
            w.writerow([e["id"], e["date"], (e["date"] or "")[:4], "", e["acled"]["event_type"],
                        e["acled"]["sub_event_type"], actors[0] if actors else "",
                        actors[1] if len(actors) > 1 else "", loc.get("country", ""), loc.get("admin1", ""),
                        loc.get("name_en", ""), loc.get("lat", ""), loc.get("lon", ""), loc.get("precision", ""),
                        ";".join(sorted({r["document"]["source"] or r["document"]["id"] for r in e["reports"]})),
                        "", killed_best(e) or 0])
        return "text/csv; charset=utf-8", buf.getvalue()
    raise ApiError(400, "format must be csv, geojson or jsonl")


class Handler(BaseHTTPRequestHandler):
    store: Store
    token: str | None

    def log_message(self, fmt, *args):  # quiet: the test's output is the test runner's
        pass

    def send_body(self, status, ctype, body):
        data = body if isinstance(body, bytes) else body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def send_json(self, status, value):
        self.send_body(status, "application/json; charset=utf-8", json.dumps(value, ensure_ascii=False))

    def send_error_json(self, status, message):
        self.send_json(status, {"error": {"status": status, "message": message}})

    def do_GET(self):
        try:
            self.route_get()
        except ApiError as e:
            self.send_error_json(e.status, e.message)

    def do_POST(self):
        try:
            self.route_post()
        except ApiError as e:
            self.send_error_json(e.status, e.message)

    def query(self):
        q = parse_qs(urlsplit(self.path).query, keep_blank_values=False)
        return {k: v[-1] for k, v in q.items()}

    def route_get(self):
        path = unquote(urlsplit(self.path).path)
        store = self.store
        if path == "/":
            return self.send_file(WEB / "index.html")
        if path.startswith("/assets/"):
            target = (WEB / path[len("/assets/"):]).resolve()
            if WEB.resolve() not in target.parents or not target.is_file():
                raise ApiError(404, "no such asset")
            return self.send_file(target)
        if path == "/api/health":
            return self.send_json(200, {"status": "ok", "schema_version": 1,
                                        "documents": len(store.documents), "events": len(store.events)})
        if path == "/api/events":
            q = self.query()
            try:
                limit = int(q.get("limit", 50))
            except ValueError:
                raise ApiError(400, "limit must be an integer") from None
            if not 1 <= limit <= 500:
                raise ApiError(400, "limit must be between 1 and 500")
            events = sort_events(store.filtered(q), q.get("sort", "-date"))
            offset = 0
            if q.get("cursor"):
                try:
                    offset = int(base64.urlsafe_b64decode(q["cursor"].encode()).decode())
                except ValueError:
                    raise ApiError(400, "bad cursor") from None
            page = events[offset:offset + limit]
            nxt = offset + limit
            cursor = base64.urlsafe_b64encode(str(nxt).encode()).decode() if nxt < len(events) else None
            return self.send_json(200, {"events": [store.summary(e) for e in page],
                                        "next_cursor": cursor, "total": len(events)})
        m = re.fullmatch(r"/api/events/([^/]+)", path)
        if m:
            event = store.events.get(m.group(1))
            if event is None:
                raise ApiError(404, f"no event {m.group(1)}")
            return self.send_json(200, store.detail(event))
        m = re.fullmatch(r"/api/documents/([^/]+)", path)
        if m:
            doc = store.documents.get(m.group(1))
            if doc is None:
                raise ApiError(404, f"no document {m.group(1)}")
            return self.send_json(200, doc)
        if path == "/api/stats":
            return self.send_json(200, stats(store.filtered(self.query())))
        if path == "/api/export":
            q = self.query()
            ctype, body = export(store, sort_events(store.filtered(q), "date"), q.get("format", "csv"))
            return self.send_body(200, ctype, body)
        raise ApiError(404, f"no route {path}")

    def send_file(self, path):
        ctype = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        if ctype.startswith("text/") or ctype in ("application/javascript", "application/json"):
            ctype += "; charset=utf-8"
        if path.suffix == ".geojson":
            ctype = "application/geo+json"
        self.send_body(200, ctype, path.read_bytes())

    def route_post(self):
        path = unquote(urlsplit(self.path).path)
        m = re.fullmatch(r"/api/events/([^/]+)/review", path)
        if not m:
            raise ApiError(404, f"no route {path}")
        if self.token is None:
            raise ApiError(403, "read-only server: no review token is configured")
        if self.headers.get("Authorization") != f"Bearer {self.token}":
            raise ApiError(401, "missing or wrong bearer token")
        event = self.store.events.get(m.group(1))
        if event is None:
            raise ApiError(404, f"no event {m.group(1)}")
        try:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        except ValueError:
            raise ApiError(400, "body must be JSON") from None
        if not isinstance(body, dict):
            raise ApiError(400, "the body is not a review: expected a JSON object")
        action = body.get("action")
        if action not in ACTIONS:
            raise ApiError(400, f"action must be one of {', '.join(ACTIONS)}")
        # As rasd serve: every review is recorded with who made it.
        if not str(body.get("reviewer") or "").strip():
            raise ApiError(400, "reviewer must be given")
        self.apply(event, action, body)
        event["reviews"].append({"action": action, "reviewer": body.get("reviewer"), "reason": body.get("reason"),
                                 "at": "2026-01-01T00:00:00Z", "field": body.get("field"), "value": body.get("value")})
        self.send_json(200, self.store.summary(event))

    def apply(self, event, action, body):
        store = self.store
        if action == "confirm":
            event["review"] = {"status": "confirmed"}
        elif action == "reject":
            event["review"] = {"status": "rejected"}
        elif action == "correct":
            field = body.get("field")
            if field not in ("type", "date", "location", "killed", "injured", "modality", "actors"):
                raise ApiError(400, "field cannot be corrected")
            event[field] = body.get("value")
            event["review"] = {"status": "corrected"}
        elif action == "split":
            moving = set(body.get("reports") or [])
            ids = {r["report_id"] for r in event["reports"]}
            if not moving or not moving <= ids or moving == ids:
                raise ApiError(400, "split needs some, not all, of this event's report ids")
            new = copy.deepcopy(event)
            new["id"] = f"{event['id']}-s{store.next_split}"
            store.next_split += 1
            new["reports"] = [r for r in event["reports"] if r["report_id"] in moving]
            new["claims"] = [c for c in event["claims"] if c["report_id"] in moving]
            event["reports"] = [r for r in event["reports"] if r["report_id"] not in moving]
            event["claims"] = [c for c in event["claims"] if c["report_id"] not in moving]
            for e in (event, new):
                e["report_count"] = len(e["reports"])
            store.events[new["id"]] = new
        elif action == "merge":
            other = store.events.get(body.get("other") or "")
            if other is None or other is event:
                raise ApiError(400, "merge needs another existing event id in `other`")
            event["reports"] += other["reports"]
            event["claims"] += other["claims"]
            event["report_count"] = len(event["reports"])
            del store.events[other["id"]]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8080)
    ap.add_argument("--token", default=None, help="bearer token for review POSTs (read-only without it)")
    ap.add_argument("--fixture", type=pathlib.Path, default=pathlib.Path(__file__).with_name("fixture.json"))
    args = ap.parse_args()
    mimetypes.add_type("text/javascript", ".mjs")
    mimetypes.add_type("text/javascript", ".js")
    Handler.store = Store(args.fixture)
    Handler.token = args.token
    server = ThreadingHTTPServer((args.host, args.port), Handler)
    print(f"listening on http://{args.host}:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
