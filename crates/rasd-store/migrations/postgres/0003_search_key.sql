-- The PostgreSQL spelling of ../0003_search_key.sql (why: see there). Here document_search is
-- keyed by the document id, so that is the search key.
ALTER TABLE event_reports ADD COLUMN search_key TEXT;
UPDATE event_reports SET search_key = (
    SELECT r.document_id FROM reports r WHERE r.id = event_reports.report_id
);
CREATE INDEX event_reports_search ON event_reports(search_key, event_id);
-- The SQLite trigram index of events.actors has no counterpart here: the actor filter stays a
-- strpos() over the table, the same substring question.
