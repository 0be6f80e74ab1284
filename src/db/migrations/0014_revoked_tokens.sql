-- Session tokens signed out before they expire, by their `jti` (owned by
-- auths). A row lasts as long as its token would have: rows whose
-- `expires_at` has passed are pruned; a token without expiry stays
-- revoked for good (NULL).
CREATE TABLE revoked_token (
    jti TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL,
    expires_at INTEGER
);
CREATE INDEX revoked_token_user ON revoked_token (user_id);
CREATE INDEX revoked_token_expiry ON revoked_token (expires_at);
