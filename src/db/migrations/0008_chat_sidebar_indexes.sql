-- The sidebar's other reads, each an index walk of its own rows instead of
-- a pass over all of the user's chats: pinned chats newest first, and one
-- folder's chats (and the unread count of every folder).
DROP INDEX idx_chat_user_pinned;
CREATE INDEX idx_chat_user_pinned ON chat (user_id, pinned, archived, updated_at DESC);
CREATE INDEX idx_chat_user_folder ON chat (user_id, folder_id, pinned, archived, updated_at DESC, id);
