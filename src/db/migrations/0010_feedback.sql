-- Evaluations: one row per rating of an answer (upstream's `feedback`).
-- `data` (the rating, the rated model and its opponents, tags), `meta` and
-- `snapshot` (the chat at rating time) are JSON text. `user_id` has no
-- foreign key, as upstream: listings join the author and skip orphans.

CREATE TABLE feedback (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT,
    version INTEGER DEFAULT 0,
    type TEXT,
    data TEXT,
    meta TEXT,
    snapshot TEXT,
    created_at INTEGER,
    updated_at INTEGER
);
CREATE INDEX idx_feedback_user_id ON feedback (user_id);
CREATE INDEX idx_feedback_updated_at ON feedback (updated_at);
