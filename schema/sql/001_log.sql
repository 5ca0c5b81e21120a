-- The event log: append-only, enforced by the database.
CREATE TABLE IF NOT EXISTS events (
    position       INTEGER PRIMARY KEY,          -- global, increasing, gapless (assigned by append)
    stream_id      TEXT    NOT NULL,
    version        INTEGER NOT NULL CHECK (version >= 1),
    type           TEXT    NOT NULL,
    schema_version INTEGER NOT NULL,
    data           TEXT    NOT NULL CHECK (json_valid(data)),
    metadata       TEXT    NOT NULL CHECK (json_valid(metadata)),
    recorded_at    TEXT    NOT NULL,
    prev_hash      TEXT    NOT NULL,
    hash           TEXT    NOT NULL UNIQUE,
    UNIQUE (stream_id, version)
);

CREATE TRIGGER IF NOT EXISTS events_no_update
BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events is append-only: UPDATE is not allowed');
END;

CREATE TRIGGER IF NOT EXISTS events_no_delete
BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events is append-only: DELETE is not allowed');
END;

CREATE INDEX IF NOT EXISTS events_type ON events (type, position);

-- Cleaned article texts, content-addressed; the log records only the hash, so
-- a text can be redacted without touching the log.
CREATE TABLE IF NOT EXISTS article_texts (
    sha256 TEXT PRIMARY KEY,
    text   TEXT NOT NULL
);

-- Where each projection has got to, written in the same transaction as its rows.
CREATE TABLE IF NOT EXISTS projection_checkpoints (
    name     TEXT PRIMARY KEY,
    version  INTEGER NOT NULL,
    position INTEGER NOT NULL
);
