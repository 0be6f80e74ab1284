-- Uploaded files: one row per upload, bytes under `<data_dir>/uploads/`
-- as `{id}_{basename}` (`path` holds the absolute location). `data` and
-- `meta` are upstream's JSON text: `data` = {status, error, content},
-- `meta` = {name, content_type, size, file_hash, data, collection_name?}.
-- `user_id` has no foreign key, as upstream: deleting a user keeps their
-- files (they may be in knowledge bases others use).

CREATE TABLE file (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL,
    hash TEXT,
    filename TEXT NOT NULL,
    path TEXT,
    data TEXT,
    meta TEXT,
    created_at INTEGER,
    updated_at INTEGER
);
CREATE INDEX idx_file_user_id ON file (user_id);
CREATE INDEX idx_file_created_at ON file (created_at);
CREATE INDEX idx_file_user_updated ON file (user_id, updated_at DESC, id);
