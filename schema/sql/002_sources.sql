-- The recordings of each input's bytes: a file loaded again after an upgrade that cleans or
-- identifies articles differently is found by its bytes, not only by its (new) article id.
CREATE INDEX IF NOT EXISTS events_source ON events (json_extract(data, '$.source_sha256'))
WHERE type IN ('ArticleRecorded', 'ArticleSeenAgain');
