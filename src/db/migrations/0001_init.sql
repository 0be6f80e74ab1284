-- Identity, groups, configuration and access grants, with upstream's table
-- and column names so an Open WebUI database maps onto it.

CREATE TABLE "user" (
    id TEXT PRIMARY KEY NOT NULL,
    email TEXT NOT NULL,
    username TEXT,
    role TEXT NOT NULL DEFAULT 'pending',
    name TEXT NOT NULL,
    profile_image_url TEXT,
    profile_banner_image_url TEXT,
    bio TEXT,
    gender TEXT,
    date_of_birth TEXT,
    timezone TEXT,
    presence_state TEXT,
    status_emoji TEXT,
    status_message TEXT,
    status_expires_at INTEGER,
    info TEXT,
    variables TEXT,
    settings TEXT,
    oauth TEXT,
    scim TEXT,
    last_active_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX uq_user_email_lower ON "user" (lower(email));
CREATE INDEX idx_user_created_at ON "user" (created_at);

CREATE TABLE auth (
    id TEXT PRIMARY KEY NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
    email TEXT,
    password TEXT,
    active INTEGER NOT NULL DEFAULT 1,
    mfa TEXT,
    session_stamp TEXT
);

CREATE TABLE api_key (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
    key TEXT NOT NULL UNIQUE,
    data TEXT,
    expires_at INTEGER,
    last_used_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE "group" (
    id TEXT PRIMARY KEY NOT NULL,
    parent_group_id TEXT REFERENCES "group" (id) ON DELETE SET NULL,
    user_id TEXT,
    name TEXT,
    description TEXT,
    data TEXT,
    meta TEXT,
    permissions TEXT,
    created_at INTEGER,
    updated_at INTEGER
);
CREATE INDEX idx_group_parent ON "group" (parent_group_id);

CREATE TABLE group_member (
    id TEXT PRIMARY KEY NOT NULL,
    group_id TEXT NOT NULL REFERENCES "group" (id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
    created_at INTEGER,
    updated_at INTEGER,
    CONSTRAINT uq_group_member_group_user UNIQUE (group_id, user_id)
);
CREATE INDEX idx_group_member_user ON group_member (user_id, group_id);

CREATE TABLE config (
    key TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL,
    updated_at INTEGER
);

CREATE TABLE access_grant (
    id TEXT PRIMARY KEY NOT NULL,
    resource_type TEXT NOT NULL,
    resource_id TEXT NOT NULL,
    principal_type TEXT NOT NULL,
    principal_id TEXT NOT NULL,
    permission TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    CONSTRAINT uq_access_grant_grant UNIQUE (resource_type, resource_id, principal_type, principal_id, permission)
);
CREATE INDEX idx_access_grant_principal ON access_grant (principal_type, principal_id);
