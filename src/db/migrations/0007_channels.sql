-- Channels: standard channels (type NULL or '', access through grants of
-- resource type `channel`), private groups (`group`) and direct messages
-- (`dm`), both through `channel_member`. Every timestamp in these tables
-- is in NANOseconds, as upstream.

CREATE TABLE channel (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT,
    type TEXT,
    name TEXT,
    description TEXT,
    is_private INTEGER,
    data TEXT,
    meta TEXT,
    created_at INTEGER,
    updated_at INTEGER,
    updated_by TEXT,
    archived_at INTEGER,
    archived_by TEXT,
    deleted_at INTEGER,
    deleted_by TEXT
);

CREATE TABLE channel_member (
    id TEXT PRIMARY KEY NOT NULL,
    channel_id TEXT NOT NULL,
    user_id TEXT,
    app_id TEXT,
    role TEXT,
    status TEXT,
    is_active INTEGER NOT NULL DEFAULT 1,
    is_channel_muted INTEGER NOT NULL DEFAULT 0,
    is_channel_pinned INTEGER NOT NULL DEFAULT 0,
    data TEXT,
    meta TEXT,
    invited_at INTEGER,
    invited_by TEXT,
    joined_at INTEGER,
    left_at INTEGER,
    last_read_at INTEGER,
    created_at INTEGER,
    updated_at INTEGER,
    CONSTRAINT ck_channel_member_identity CHECK ((user_id IS NULL) <> (app_id IS NULL)),
    CONSTRAINT uq_channel_member_app UNIQUE (channel_id, app_id)
);
CREATE INDEX idx_channel_member_user ON channel_member (user_id, channel_id);
CREATE INDEX idx_channel_member_channel ON channel_member (channel_id);

-- Channel messages (top level when parent_id is NULL, else a thread reply).
CREATE TABLE message (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT,
    app_id TEXT,
    channel_id TEXT,
    reply_to_id TEXT,
    parent_id TEXT,
    is_pinned INTEGER NOT NULL DEFAULT 0,
    pinned_at INTEGER,
    pinned_by TEXT,
    content TEXT,
    data TEXT,
    meta TEXT,
    created_at INTEGER,
    updated_at INTEGER
);
CREATE INDEX idx_message_channel_created ON message (channel_id, created_at);
CREATE INDEX idx_message_parent ON message (parent_id);

-- Files shared in a channel (uploads with `metadata.channel_id`).
CREATE TABLE channel_file (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL,
    channel_id TEXT NOT NULL REFERENCES channel (id) ON DELETE CASCADE,
    message_id TEXT REFERENCES message (id) ON DELETE CASCADE,
    file_id TEXT NOT NULL REFERENCES file (id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    CONSTRAINT uq_channel_file_channel_file UNIQUE (channel_id, file_id)
);
CREATE INDEX idx_channel_file_file ON channel_file (file_id);
