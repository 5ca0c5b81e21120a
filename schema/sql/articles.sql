-- View `articles`: one row per recorded article (the SQL contract).
CREATE TABLE articles (
    article_id         TEXT PRIMARY KEY,
    path               TEXT,
    url                TEXT,
    sha256             TEXT NOT NULL,
    outlet             TEXT,
    title              TEXT,
    dateline           TEXT,
    published_earliest TEXT,
    published_latest   TEXT,
    published_basis    TEXT NOT NULL DEFAULT 'unknown'
                       CHECK (published_basis IN ('text', 'inferred', 'unknown')),
    text               TEXT,
    seen               INTEGER NOT NULL DEFAULT 1,
    redacted           INTEGER NOT NULL DEFAULT 0,
    first_position     INTEGER NOT NULL
);
CREATE INDEX articles_outlet ON articles (outlet);
CREATE INDEX articles_published ON articles (published_earliest);
