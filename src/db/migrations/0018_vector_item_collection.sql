-- A collection's chunks in rowid (insertion) order straight from an index:
-- without it SQLite reads them through another index on collection_id and
-- sorts whole rows (texts and vectors) in a temporary B-tree, which for a
-- 100,000-chunk collection takes tens of seconds and hundreds of MB.
CREATE INDEX vector_item_collection ON vector_item (collection_id);
