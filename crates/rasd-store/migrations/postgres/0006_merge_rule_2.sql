-- Merge rule 2 (docs/merging.md): reports join only as ACLED's unit, one sub-event type at one
-- place on one day; reports typing one event differently are flagged. After this migration the
-- store re-reads every report's flat view from its record and re-merges every block
-- (Store::open, remerge::refresh_all), so a database merged under rule 1 follows rule 2.
ALTER TABLE events ADD COLUMN conflicting_types BIGINT NOT NULL DEFAULT 0;
