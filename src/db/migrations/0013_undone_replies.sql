-- Replies still being written (`done = 0`): few at any time, found at once
-- by the start-up repair after a crash and by the sidebar's unread rule.
CREATE INDEX idx_chat_message_undone ON chat_message (chat_id) WHERE role = 'assistant' AND done = 0;
