-- Prompts: slash-command templates, and their version history. `command`
-- is globally unique (without the leading `/`). `user_id` has no foreign
-- key, as upstream: a prompt outlives its creator. Sharing lives in
-- `access_grant` (resource_type `prompt`).

CREATE TABLE prompt (
    id TEXT PRIMARY KEY NOT NULL,
    command TEXT NOT NULL,
    user_id TEXT NOT NULL,
    name TEXT NOT NULL,
    content TEXT NOT NULL,
    data TEXT,
    meta TEXT,
    tags TEXT,
    is_active INTEGER NOT NULL DEFAULT 1,
    version_id TEXT,
    created_at INTEGER,
    updated_at INTEGER
);
CREATE UNIQUE INDEX idx_prompt_command ON prompt (command);
CREATE INDEX idx_prompt_user_id ON prompt (user_id);

CREATE TABLE prompt_history (
    id TEXT PRIMARY KEY NOT NULL,
    prompt_id TEXT NOT NULL,
    parent_id TEXT,
    snapshot TEXT NOT NULL,
    user_id TEXT NOT NULL,
    commit_message TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX idx_prompt_history_prompt_id ON prompt_history (prompt_id);
