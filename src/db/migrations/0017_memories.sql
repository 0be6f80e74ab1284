-- Memories: what a user asked the models to remember about them. One row
-- per memory; its vector copy lives in the collection `user-memory-{user_id}`.
-- A user's memories go with the user.

CREATE TABLE memory (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
    type TEXT NOT NULL DEFAULT 'context',
    path TEXT,
    content TEXT NOT NULL,
    meta TEXT,
    updated_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX ix_memory_id_user_id ON memory (id, user_id);
CREATE INDEX ix_memory_user_id ON memory (user_id, created_at);
