-- The export reads each event's representative report (for the evidence sentences of ACLED's
-- `notes`) by a join rather than by parsing `merged` per event.
ALTER TABLE events ADD COLUMN representative TEXT;
UPDATE events SET representative = json_extract(merged, '$.representative');
