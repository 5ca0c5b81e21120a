-- View `timeline`: one row per current event (the SQL contract). A real table
-- with an integer rowid, so Datasette gives every event its own row page; ids
-- are never reused, so a row page never shows another event later.
CREATE TABLE timeline (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id        TEXT NOT NULL UNIQUE,
    article_id      TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('meeting', 'statement', 'attack', 'announcement')),
    status          TEXT NOT NULL CHECK (status IN ('happened', 'planned')),
    date_earliest   TEXT,
    date_latest     TEXT,
    date_precision  TEXT NOT NULL
                    CHECK (date_precision IN ('day', 'week', 'month', 'year', 'range', 'unknown')),
    month           TEXT,
    time_expression TEXT,
    actors          TEXT NOT NULL DEFAULT '[]',
    actor_names     TEXT NOT NULL DEFAULT '[]',
    location        TEXT,
    location_ar     TEXT,
    lat             REAL,
    lon             REAL,
    outlet          TEXT,
    summary         TEXT NOT NULL DEFAULT '',
    quote           TEXT,
    evidence        TEXT NOT NULL,
    evidence_start  INTEGER NOT NULL,
    evidence_end    INTEGER NOT NULL,
    killed          INTEGER,
    wounded         INTEGER,
    confidence      REAL NOT NULL,
    position        INTEGER NOT NULL   -- the log position this row was last written from
);
CREATE INDEX timeline_date ON timeline (date_earliest, event_id);
CREATE INDEX timeline_article ON timeline (article_id);
CREATE INDEX timeline_kind ON timeline (kind, date_earliest);
CREATE INDEX timeline_month ON timeline (month);
CREATE INDEX timeline_location ON timeline (location);
CREATE INDEX timeline_outlet ON timeline (outlet);
CREATE INDEX timeline_position ON timeline (position);

-- Every analyst correction and retraction, with its reason (view `corrections`).
CREATE TABLE corrections (
    position    INTEGER PRIMARY KEY,
    event_id    TEXT NOT NULL,
    article_id  TEXT NOT NULL,
    action      TEXT NOT NULL CHECK (action IN ('correct', 'retract')),
    changes     TEXT NOT NULL DEFAULT '{}',
    note        TEXT NOT NULL,
    by          TEXT,
    recorded_at TEXT NOT NULL
);
CREATE INDEX corrections_article ON corrections (article_id, position);

-- Full-text index over normalised Arabic (and English): rowid = timeline.id.
-- chrono_normalise is registered on the connection by whoever writes or searches.
CREATE VIRTUAL TABLE timeline_fts USING fts5(text, tokenize = 'unicode61 remove_diacritics 2');
-- a bigger in-memory batch of terms before FTS5 writes a segment (default 1 MB): fewer merges
INSERT INTO timeline_fts (timeline_fts, rank) VALUES ('hashsize', 16777216);

-- What the index holds for each row.
CREATE VIEW timeline_search_text AS
SELECT id, chrono_normalise(
    coalesce(summary, '') || ' ' || coalesce(evidence, '') || ' ' || coalesce(quote, '') || ' '
    || coalesce(actors, '') || ' ' || coalesce(location, '') || ' ' || coalesce(location_ar, '')) AS text
FROM timeline;

-- Counts of the timeline's default facets over the whole table, for its Datasette
-- table page (chrono.plugins.facets): one row per (facet, value) with count > 0,
-- NULL values left out; `actor_names` is a JSON array and counts each name once
-- per event, as Datasette's array facet does.
CREATE TABLE timeline_facet_counts (
    facet TEXT NOT NULL,
    value TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (facet, value)
) WITHOUT ROWID;

-- The facet values each row counts under.
CREATE VIEW timeline_facet_values AS
          SELECT id, 'kind' AS facet, kind AS value FROM timeline
UNION ALL SELECT id, 'location', location FROM timeline WHERE location IS NOT NULL
UNION ALL SELECT id, 'outlet', outlet FROM timeline WHERE outlet IS NOT NULL
UNION ALL SELECT id, 'month', month FROM timeline WHERE month IS NOT NULL
UNION ALL SELECT DISTINCT t.id, 'actor_names', j.value FROM timeline t, json_each(t.actor_names) j
          WHERE j.value IS NOT NULL;

-- Rows up to `last_id` are in the search index, the facet counts and the
-- incidents' keys (below); the
-- timeline projection adds newer rows set-based at the end of each run
-- (chrono.events.projections.timeline.index_new_rows), so a replay never indexes
-- a row it deletes again. The triggers keep what is indexed exact when an
-- indexed row changes or goes.
CREATE TABLE timeline_indexed (last_id INTEGER NOT NULL);
INSERT INTO timeline_indexed (last_id) VALUES (0);

CREATE TRIGGER timeline_fts_delete AFTER DELETE ON timeline
WHEN old.id <= (SELECT last_id FROM timeline_indexed) BEGIN
    DELETE FROM timeline_fts WHERE rowid = old.id;
END;
CREATE TRIGGER timeline_fts_update AFTER UPDATE ON timeline
WHEN old.id <= (SELECT last_id FROM timeline_indexed) BEGIN
    DELETE FROM timeline_fts WHERE rowid = old.id;
    INSERT INTO timeline_fts (rowid, text) SELECT id, text FROM timeline_search_text WHERE id = new.id;
END;

-- A count that reaches zero goes (the table holds only values that occur).
CREATE TRIGGER timeline_facet_counts_zero AFTER UPDATE OF count ON timeline_facet_counts
WHEN new.count <= 0 BEGIN
    DELETE FROM timeline_facet_counts WHERE facet = new.facet AND value = new.value;
END;
CREATE TRIGGER timeline_facets_delete BEFORE DELETE ON timeline
WHEN old.id <= (SELECT last_id FROM timeline_indexed) BEGIN
    UPDATE timeline_facet_counts SET count = count - 1
    WHERE (facet, value) IN (SELECT facet, value FROM timeline_facet_values WHERE id = old.id);
END;
CREATE TRIGGER timeline_facets_update_old BEFORE UPDATE OF kind, location, outlet, month, actor_names
ON timeline WHEN old.id <= (SELECT last_id FROM timeline_indexed) BEGIN
    UPDATE timeline_facet_counts SET count = count - 1
    WHERE (facet, value) IN (SELECT facet, value FROM timeline_facet_values WHERE id = old.id);
END;
CREATE TRIGGER timeline_facets_update_new AFTER UPDATE OF kind, location, outlet, month, actor_names
ON timeline WHEN old.id <= (SELECT last_id FROM timeline_indexed) BEGIN
    INSERT INTO timeline_facet_counts (facet, value, count)
    SELECT facet, value, 1 FROM timeline_facet_values WHERE id = new.id
    ON CONFLICT (facet, value) DO UPDATE SET count = count + 1;
END;

-- View `incidents`: one real-world event reported by one or more articles:
-- connected components of a pairwise test over timeline events, named by the
-- smallest event id (so the tables do not depend on the order of arrival).
CREATE TABLE incidents (
    incident_id   TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    date_earliest TEXT,
    date_latest   TEXT,
    summary       TEXT NOT NULL,
    sources       INTEGER NOT NULL,
    outlets       INTEGER NOT NULL,
    event_ids     TEXT NOT NULL
);
CREATE INDEX incidents_date ON incidents (date_earliest);

CREATE TABLE incident_members (
    event_id    TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL
);
CREATE INDEX incident_members_incident ON incident_members (incident_id);

-- The links between events (a < b, event ids) whose connected components are the incidents.
CREATE TABLE incident_links (
    a TEXT NOT NULL,
    b TEXT NOT NULL,
    PRIMARY KEY (a, b)
) WITHOUT ROWID;
CREATE INDEX incident_links_b ON incident_links (b);

-- What two events must share to be linked into one incident: an actor or the
-- place, under the event's kind (chrono.events.projections.incidents), with the
-- event's first day; only events dated to within a week can be linked. Lets the
-- incidents find an event's candidates among the week's events that share a key
-- instead of all of its kind. Kept like the search index: rows up to last_id.
CREATE TABLE incident_keys (
    key           TEXT NOT NULL,
    date_earliest TEXT NOT NULL,
    id            INTEGER NOT NULL,   -- timeline.id
    PRIMARY KEY (key, date_earliest, id)
) WITHOUT ROWID;

CREATE VIEW timeline_incident_keys AS
          SELECT t.id, t.kind || ' actor ' || a.value AS key, t.date_earliest
          FROM timeline t, json_each(t.actor_names) a
          WHERE a.value IS NOT NULL AND julianday(t.date_latest) - julianday(t.date_earliest) < 7
UNION ALL SELECT id, kind || ' place ' || location, date_earliest FROM timeline
          WHERE location IS NOT NULL AND julianday(date_latest) - julianday(date_earliest) < 7;

CREATE TRIGGER incident_keys_delete BEFORE DELETE ON timeline
WHEN old.id <= (SELECT last_id FROM timeline_indexed) BEGIN
    DELETE FROM incident_keys WHERE id = old.id
    AND (key, date_earliest) IN (SELECT key, date_earliest FROM timeline_incident_keys WHERE id = old.id);
END;
CREATE TRIGGER incident_keys_update_old BEFORE UPDATE OF kind, date_earliest, date_latest, actor_names, location
ON timeline WHEN old.id <= (SELECT last_id FROM timeline_indexed) BEGIN
    DELETE FROM incident_keys WHERE id = old.id
    AND (key, date_earliest) IN (SELECT key, date_earliest FROM timeline_incident_keys WHERE id = old.id);
END;
CREATE TRIGGER incident_keys_update_new AFTER UPDATE OF kind, date_earliest, date_latest, actor_names, location
ON timeline WHEN old.id <= (SELECT last_id FROM timeline_indexed) BEGIN
    INSERT OR IGNORE INTO incident_keys (key, date_earliest, id)
    SELECT key, date_earliest, id FROM timeline_incident_keys WHERE id = new.id;
END;
