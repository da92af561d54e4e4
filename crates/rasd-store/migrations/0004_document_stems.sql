-- The stems of the document text beside its folded words (docs/store.md, "Search"): a query's
-- words match by stem (قتل finds القتلى، قتيلا، قتلوا، يقتل), its quoted phrases word for word in
-- document_search. rowid = documents.rowid. Filled here from nothing: the stems of documents
-- already stored are written by the store right after this migration (SQL cannot stem).
CREATE VIRTUAL TABLE document_stems USING fts5(
    stems, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0'
);
