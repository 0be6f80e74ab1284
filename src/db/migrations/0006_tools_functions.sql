-- Workspace tools and functions (Python plugins). `specs`, `meta` and
-- `valves` are upstream's JSON text columns; `valves` may also hold an
-- encrypted token string. Sharing of tools is in `access_grant`
-- (resource type `tool`); functions are admin-managed and unshared.

CREATE TABLE tool (
    id TEXT PRIMARY KEY NOT NULL,
    version_id TEXT,
    user_id TEXT,
    name TEXT,
    content TEXT,
    specs TEXT,
    meta TEXT,
    valves TEXT,
    updated_at INTEGER NOT NULL,
    created_at INTEGER
);
CREATE INDEX idx_tool_user_id ON tool (user_id);
CREATE INDEX idx_tool_created_at ON tool (created_at);
CREATE INDEX idx_tool_updated_at ON tool (updated_at);

CREATE TABLE function (
    id TEXT PRIMARY KEY NOT NULL,
    version_id TEXT,
    user_id TEXT,
    name TEXT NOT NULL,
    type TEXT NOT NULL,
    content TEXT,
    meta TEXT,
    valves TEXT,
    is_active INTEGER DEFAULT 0,
    is_global INTEGER,
    updated_at INTEGER,
    created_at INTEGER
);
CREATE INDEX idx_function_user_id ON function (user_id);
CREATE INDEX is_global_idx ON function (is_global);
