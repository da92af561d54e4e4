-- A text search goes from the matching documents to their events through one index.
--
-- Before, `q` joined document_search → documents → reports → event_reports → events, four
-- lookups per matching document; a common word (قتل: 2,028 documents, 5,639 events on the whole
-- SaudiNewsNet corpus) took 30 ms a page. `search_key` is the key of the report's document in
-- document_search (here documents.rowid), written with the membership, so the match is one range
-- of event_reports_search per document.
ALTER TABLE event_reports ADD COLUMN search_key INTEGER;
UPDATE event_reports SET search_key = (
    SELECT d.rowid FROM reports r JOIN documents d ON d.id = r.document_id
    WHERE r.id = event_reports.report_id
);
CREATE INDEX event_reports_search ON event_reports(search_key, event_id);

-- The actor filter (a part of a code or a name) tested every event's `actors` with instr(), a
-- scan of the whole table (3 ms). A trigram index answers the same substring question for three
-- characters or more (shorter ones still scan). rowid = events.rowid; written with the event.
CREATE VIRTUAL TABLE event_actor_search USING fts5(
    actors, content = '', contentless_delete = 1, tokenize = 'trigram'
);
INSERT INTO event_actor_search (rowid, actors) SELECT rowid, actors FROM events;
