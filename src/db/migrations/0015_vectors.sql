-- Vector collections (upstream's vector database, here in the same file):
-- one row per collection, one row per chunk. `version` grows with every
-- write to a collection, so in-memory search indexes know when they are
-- stale, whichever connection or process wrote; ids are never reused, so
-- (id, version) names one state of one collection for good.
CREATE TABLE vector_collection (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    dim INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);

-- rowid order is insertion order (what a full-context read returns).
-- `vector` is the embedding as given, little-endian f32; `metadata` a JSON
-- object.
CREATE TABLE vector_item (
    rowid INTEGER PRIMARY KEY,
    collection_id INTEGER NOT NULL REFERENCES vector_collection(id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    text TEXT NOT NULL,
    vector BLOB NOT NULL,
    metadata TEXT NOT NULL DEFAULT '{}',
    UNIQUE (collection_id, id)
);

-- the two metadata keys chunks are looked up and deleted by: a file's
-- chunks (`file_id`) and duplicate content (`hash`)
CREATE INDEX vector_item_file_id ON vector_item (collection_id, json_extract(metadata, '$.file_id'));
CREATE INDEX vector_item_hash ON vector_item (collection_id, json_extract(metadata, '$.hash'));
