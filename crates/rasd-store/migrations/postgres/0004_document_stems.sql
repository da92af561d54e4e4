-- The PostgreSQL spelling of ../0004_document_stems.sql (why: see there).
CREATE TABLE document_stems (
    document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    stems TSVECTOR NOT NULL
);
CREATE INDEX document_stems_stems ON document_stems USING GIN (stems);
