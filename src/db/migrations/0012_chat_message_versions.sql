-- Versions of a chat's messages, so a process can keep a long chat's
-- message rows in memory and know, from two integers, whether they are
-- still what the database holds (another process or replica included).
--
-- `chat.msg_version` moves on at every write of one of its messages (it
-- starts at a random number, so a chat deleted and made again under the
-- same id never meets its old versions); `chat.msg_cut` is the version of
-- the last deletion; `chat_message.ver` is the version that wrote the row.
-- Triggers keep them, whatever statement writes the rows.
ALTER TABLE chat ADD COLUMN msg_version INTEGER NOT NULL DEFAULT 0;
ALTER TABLE chat ADD COLUMN msg_cut INTEGER NOT NULL DEFAULT 0;
ALTER TABLE chat_message ADD COLUMN ver INTEGER NOT NULL DEFAULT 0;
CREATE INDEX idx_chat_message_ver ON chat_message (chat_id, ver);

UPDATE chat SET msg_version = abs(random() % 4503599627370496);

CREATE TRIGGER chat_msg_version_start AFTER INSERT ON chat
BEGIN
    UPDATE chat SET msg_version = abs(random() % 4503599627370496) WHERE rowid = new.rowid;
END;

CREATE TRIGGER chat_message_ver_insert AFTER INSERT ON chat_message
BEGIN
    UPDATE chat SET msg_version = msg_version + 1 WHERE id = new.chat_id;
    UPDATE chat_message SET ver = (SELECT msg_version FROM chat WHERE id = new.chat_id)
    WHERE rowid = new.rowid;
END;

-- `ver` unchanged: a write of the message itself (setting `ver` is the
-- triggers' own step)
CREATE TRIGGER chat_message_ver_update AFTER UPDATE ON chat_message
WHEN new.ver = old.ver
BEGIN
    UPDATE chat SET msg_version = msg_version + 1 WHERE id = new.chat_id;
    UPDATE chat_message SET ver = (SELECT msg_version FROM chat WHERE id = new.chat_id)
    WHERE rowid = new.rowid;
END;

CREATE TRIGGER chat_message_ver_delete AFTER DELETE ON chat_message
BEGIN
    UPDATE chat SET msg_version = msg_version + 1, msg_cut = msg_version + 1
    WHERE id = old.chat_id;
END;
