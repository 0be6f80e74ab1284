-- A chat document is sent by splicing the stored message texts together,
-- not by parsing every message on each read. `chat_message.data` now keeps
-- a message's `childrenIds` as `[]` (the list is rebuilt from `parent_id`
-- and spliced in at byte `children_at`), and the columns below keep what
-- the read path must know about a message without parsing it. The rows
-- written before this migration are rewritten by its hook (Rust: the text
-- is re-encoded), in the same transaction.
ALTER TABLE chat_message ADD COLUMN children_at INTEGER;
-- the message has a `role` key (the current-leaf rules count only those)
ALTER TABLE chat_message ADD COLUMN has_role INTEGER NOT NULL DEFAULT 1;
-- the message has a top-level `meta` (hidden from readers who did not write it)
ALTER TABLE chat_message ADD COLUMN has_meta INTEGER NOT NULL DEFAULT 0;
-- a user message's author name, when its `user_id` and `user` are already
-- exactly what readers get; NULL: the read fills them in
ALTER TABLE chat_message ADD COLUMN author_name TEXT;
