-- rasd store, schema version 1, PostgreSQL spelling of ../0001_init.sql (keep the two in step). Every table is written inside the ingest batch transaction, so a
-- crash leaves either a whole batch or none of it.

-- One row per ingested article. `content_hash` decides whether a re-ingested document changed.
CREATE TABLE documents (
    id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    title TEXT,
    text TEXT NOT NULL,          -- the text all offsets refer to (title + "\n\n" + body)
    date TEXT,
    source TEXT,
    url TEXT
);

-- One row per extracted event record (format 1): a report. `record` is the record JSON exactly as
-- the extractor wrote it (the extracted original, never edited by reviews); `report` is the flat
-- rasd_merge::Report the merge rule reads. `block` is what re-merging recomputes together: the
-- country, or '~' + the report id for a report with no country (it can only merge by review).
CREATE TABLE reports (
    id TEXT PRIMARY KEY,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    type TEXT NOT NULL,
    block TEXT NOT NULL,
    date TEXT,
    modality TEXT NOT NULL,
    record TEXT NOT NULL,
    report TEXT NOT NULL
);
CREATE INDEX reports_document ON reports(document_id);
CREATE INDEX reports_block ON reports(block);

CREATE TABLE actors (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    role TEXT NOT NULL,
    text TEXT NOT NULL,
    name TEXT,
    code TEXT,
    PRIMARY KEY (report_id, seq)
);

CREATE TABLE claims (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL,
    low BIGINT,
    high BIGINT,
    qualifier TEXT NOT NULL,
    grp TEXT NOT NULL,
    text TEXT NOT NULL,
    span_start BIGINT,
    span_end BIGINT,
    PRIMARY KEY (report_id, seq)
);

CREATE TABLE attribution (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    code TEXT,
    via TEXT,
    PRIMARY KEY (report_id, seq)
);

CREATE TABLE evidence (
    report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    span_start BIGINT NOT NULL,
    span_end BIGINT NOT NULL,
    PRIMARY KEY (report_id, seq)
);

-- Merged events, materialized: `merged` is the rasd_merge::MergedEvent JSON (compared to skip
-- unchanged events when re-merging), `summary` the EventSummary JSON the API returns, with
-- reviews applied; the other columns are copies of summary fields for filtering and sorting.
CREATE TABLE events (
    id TEXT PRIMARY KEY,
    merged TEXT NOT NULL,
    summary TEXT NOT NULL,
    type TEXT NOT NULL,
    family TEXT NOT NULL,
    date TEXT,
    country TEXT,
    admin1 TEXT,
    lat DOUBLE PRECISION,
    lon DOUBLE PRECISION,
    killed BIGINT,
    actors TEXT NOT NULL,        -- lower-cased codes, names and texts, for the actor filter
    report_count BIGINT NOT NULL,
    conflicting BIGINT NOT NULL
);
CREATE INDEX events_date ON events(date, id);
CREATE INDEX events_killed ON events(killed, id);
CREATE INDEX events_country ON events(country);

CREATE TABLE event_reports (
    report_id TEXT PRIMARY KEY REFERENCES reports(id) ON DELETE CASCADE,
    event_id TEXT NOT NULL
);
CREATE INDEX event_reports_event ON event_reports(event_id);

-- Reviews, append-only. `anchor` is the smallest member report of the event when it was
-- reviewed: event ids follow their smallest member, so a review follows its reports.
CREATE TABLE reviews (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id TEXT NOT NULL,
    anchor TEXT NOT NULL,
    action TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    reason TEXT,
    at TEXT NOT NULL,
    field TEXT,
    value TEXT,                  -- JSON
    reports TEXT,                -- JSON array (split)
    other TEXT                   -- merge
);
CREATE INDEX reviews_anchor ON reviews(anchor);

-- Reviewer constraints for the merge rule, one row per pair (a < b); the latest decision on a
-- pair wins.
CREATE TABLE constraints (
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    kind TEXT NOT NULL,          -- 'must' or 'cannot'
    review_id BIGINT NOT NULL,
    PRIMARY KEY (a, b)
);
CREATE INDEX constraints_b ON constraints(b);

-- Full-text search over the normalized document text (rasd_store::search_normalize, the same
-- function for queries); 'simple' keeps the tokens as they are (no stemming, no stop words).
CREATE TABLE document_search (
    document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    body TSVECTOR NOT NULL
);
CREATE INDEX document_search_body ON document_search USING GIN (body);
