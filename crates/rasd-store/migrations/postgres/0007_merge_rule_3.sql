-- Merge rule 3 (docs/merging.md): after the clustering, an event told less precisely (a
-- region, no place finer than the country, no date in the text) joins the one event told at a
-- town on a day that it can be, and reports typed two ways join through one shared toll.
-- Reports' flat views now carry the first-level division of their place (`admin1`). No table
-- changes: after this migration the store re-reads every report's flat view from its record
-- and re-merges every block (Store::open, remerge::refresh_all).
SELECT 1;
