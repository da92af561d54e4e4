-- Indexes for the API's listings (rasd serve), measured on the whole SaudiNewsNet corpus
-- (13,854 events): a first page, a filtered COUNT and a stats query each read the events table
-- itself before, 30 to 120 ms apiece; with these most read an index only, under 1 ms.
--
-- * The sort keys exactly as the queries write them (COALESCE(date, ''), COALESCE(killed, -1)),
--   so a page walks the index in order and stops after `limit` rows instead of sorting every
--   match.
-- * Each index also carries the filter columns (family, type, country, admin1, killed, date,
--   lat, lon), so filters and COUNT(*) are answered from the index without reading the rows,
--   whose summary JSON makes them large.
-- * events_date and events_country become covering in the same way.
DROP INDEX events_date;
CREATE INDEX events_date ON events(date, id, family, type, country, admin1, killed, lat, lon);
DROP INDEX events_country;
CREATE INDEX events_country ON events(country, type, family, date, killed, lat, lon, admin1);
CREATE INDEX events_list_date
    ON events(COALESCE(date, ''), id, family, type, country, admin1, killed, lat, lon);
CREATE INDEX events_list_killed
    ON events(COALESCE(killed, -1), id, family, type, country, admin1, date, lat, lon);
