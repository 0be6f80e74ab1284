-- Folders (projects) of the chat sidebar: a tree per owner. `parent_id`
-- has no foreign key, as upstream: a missing parent is repaired on list.

CREATE TABLE folder (
    id TEXT PRIMARY KEY NOT NULL,
    parent_id TEXT,
    user_id TEXT NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    items TEXT,
    meta TEXT,
    data TEXT,
    is_expanded INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX idx_folder_user_parent ON folder (user_id, parent_id);
CREATE INDEX idx_folder_parent ON folder (parent_id);
