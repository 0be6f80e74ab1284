-- Knowledge bases: named collections of files, shared through
-- `access_grant` (resource_type `knowledge`). Upstream's columns, so rows
-- can be imported from Open WebUI. A KB's id is also the name of its
-- vector collection. `user_id` has no foreign key, as upstream: a KB
-- outlives its creator.

CREATE TABLE knowledge (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    meta TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ix_knowledge_user_id ON knowledge (user_id);
CREATE INDEX ix_knowledge_updated_at ON knowledge (updated_at DESC, id);

-- Folders inside a KB. (knowledge_id, parent_id, name) is unique; two
-- top-level folders of the same name are not prevented (NULL parents do
-- not collide), as upstream.
CREATE TABLE knowledge_directory (
    id TEXT PRIMARY KEY NOT NULL,
    knowledge_id TEXT NOT NULL REFERENCES knowledge (id) ON DELETE CASCADE,
    parent_id TEXT REFERENCES knowledge_directory (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    user_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CONSTRAINT uq_knowledge_directory_knowledge_parent_name UNIQUE (knowledge_id, parent_id, name)
);
CREATE INDEX ix_knowledge_directory_knowledge_id ON knowledge_directory (knowledge_id);
CREATE INDEX ix_knowledge_directory_parent_id ON knowledge_directory (parent_id);

-- A file linked into a KB (`user_id`: who linked it), optionally in one
-- of its folders (NULL = the KB's root).
CREATE TABLE knowledge_file (
    id TEXT PRIMARY KEY NOT NULL,
    knowledge_id TEXT NOT NULL REFERENCES knowledge (id) ON DELETE CASCADE,
    file_id TEXT NOT NULL REFERENCES file (id) ON DELETE CASCADE,
    directory_id TEXT REFERENCES knowledge_directory (id) ON DELETE SET NULL,
    user_id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CONSTRAINT uq_knowledge_file_knowledge_file UNIQUE (knowledge_id, file_id)
);
CREATE INDEX ix_knowledge_file_directory_id ON knowledge_file (directory_id);
CREATE INDEX ix_knowledge_file_file_id ON knowledge_file (file_id);

-- Uploads on their way into a KB (`GET /{id}/files/pending`).
CREATE INDEX ix_file_pending_knowledge ON file (json_extract(meta, '$.data.knowledge_id'))
    WHERE json_extract(data, '$.status') IN ('pending', 'processing');
