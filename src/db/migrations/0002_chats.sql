-- Chats, stored one row per message. `chat.chat` keeps the document
-- without its messages; `chat_message.data` keeps each message's JSON, and
-- the document is assembled on read, so appending a message writes one row.

CREATE TABLE chat (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
    title TEXT NOT NULL,
    chat TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    share_id TEXT UNIQUE,
    archived INTEGER NOT NULL DEFAULT 0,
    pinned INTEGER NOT NULL DEFAULT 0,
    meta TEXT NOT NULL DEFAULT '{}',
    variables TEXT,
    folder_id TEXT,
    tasks TEXT,
    summary TEXT,
    current_message_id TEXT,
    last_read_at INTEGER,
    timer_at INTEGER
);
-- the sidebar reads a user's newest chats: walk this index in order and
-- skip pinned or foldered rows, instead of sorting all of them
CREATE INDEX idx_chat_user_updated ON chat (user_id, archived, updated_at DESC, id);
CREATE INDEX idx_chat_user_pinned ON chat (user_id, pinned);
CREATE INDEX idx_chat_folder ON chat (folder_id, user_id);

CREATE TABLE chat_message (
    chat_id TEXT NOT NULL REFERENCES chat (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    parent_id TEXT,
    role TEXT,
    user_id TEXT,
    model_id TEXT,
    done INTEGER,
    created_at INTEGER,
    updated_at INTEGER NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (chat_id, id)
);
CREATE INDEX idx_chat_message_seq ON chat_message (chat_id, seq);
CREATE INDEX idx_chat_message_user ON chat_message (user_id, created_at);

CREATE TABLE tag (
    id TEXT NOT NULL,
    name TEXT,
    user_id TEXT NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
    meta TEXT,
    CONSTRAINT pk_id_user_id PRIMARY KEY (id, user_id)
);

-- Full-text index of message contents (string contents only), one row per
-- message keyed by the message row's rowid, kept in step by triggers (also
-- when a chat or its owner is deleted and the rows cascade). Trigram tokens
-- serve upstream's substring search: LIKE '%text%' uses the index.
CREATE VIRTUAL TABLE chat_fts USING fts5(text, tokenize = 'trigram');

CREATE TRIGGER chat_message_fts_insert AFTER INSERT ON chat_message
WHEN json_type(new.data, '$.content') = 'text'
BEGIN
    INSERT INTO chat_fts (rowid, text) VALUES (new.rowid, json_extract(new.data, '$.content'));
END;

CREATE TRIGGER chat_message_fts_delete AFTER DELETE ON chat_message
BEGIN
    DELETE FROM chat_fts WHERE rowid = old.rowid;
END;

CREATE TRIGGER chat_message_fts_update AFTER UPDATE OF data ON chat_message
BEGIN
    DELETE FROM chat_fts WHERE rowid = old.rowid;
    INSERT INTO chat_fts (rowid, text)
    SELECT new.rowid, json_extract(new.data, '$.content')
    WHERE json_type(new.data, '$.content') = 'text';
END;

-- Share links: a snapshot of the chat at share time (or a pointer to the
-- live chat when share_mode is "continue").
CREATE TABLE shared_chat (
    id TEXT PRIMARY KEY NOT NULL,
    chat_id TEXT NOT NULL REFERENCES chat (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL,
    title TEXT,
    chat TEXT,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX idx_shared_chat_chat ON shared_chat (chat_id);
CREATE INDEX idx_shared_chat_user ON shared_chat (user_id, updated_at);
