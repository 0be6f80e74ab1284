-- Workspace models: presets (`base_model_id` set) and overrides of provider
-- models (`base_model_id` null), with their version history. `user_id` has
-- no foreign key, as upstream: a model outlives its creator. Sharing lives
-- in `access_grant` (resource_type `model`).

CREATE TABLE model (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT,
    base_model_id TEXT,
    name TEXT,
    params TEXT,
    meta TEXT,
    version_id TEXT,
    is_active INTEGER NOT NULL DEFAULT 1,
    updated_at INTEGER,
    created_at INTEGER
);
CREATE INDEX idx_model_base_model_id ON model (base_model_id);

CREATE TABLE model_history (
    id TEXT PRIMARY KEY NOT NULL,
    model_id TEXT NOT NULL,
    parent_id TEXT,
    snapshot TEXT NOT NULL,
    user_id TEXT NOT NULL,
    commit_message TEXT,
    created_at INTEGER NOT NULL
);
CREATE INDEX idx_model_history_model_id ON model_history (model_id);
