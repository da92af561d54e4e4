-- The PostgreSQL spelling of ../0002_listing_indexes.sql (why: see there): covering indexes for
-- the API's listings, with the sort keys as the queries write them.
DROP INDEX events_date;
CREATE INDEX events_date ON events(date, id, family, type, country, admin1, killed, lat, lon);
DROP INDEX events_country;
CREATE INDEX events_country ON events(country, type, family, date, killed, lat, lon, admin1);
CREATE INDEX events_list_date
    ON events((COALESCE(date, '')), id, family, type, country, admin1, killed, lat, lon);
CREATE INDEX events_list_killed
    ON events((COALESCE(killed, -1)), id, family, type, country, admin1, date, lat, lon);
