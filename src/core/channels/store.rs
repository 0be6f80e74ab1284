//! Every SQL statement on `channel`, `channel_member`, `channel_file` and
//! (for the list's counters) `message`.

use rusqlite::{Connection, OptionalExtension, Row, params};

use super::model::{ChannelRow, Membership};
use crate::db::json_col;
use crate::error::Result;

const COLS: &str = "c.id, c.user_id, c.type, c.name, c.description, c.is_private, c.data, c.meta, \
     c.created_at, c.updated_at, c.updated_by, c.archived_at, c.archived_by, c.deleted_at, c.deleted_by";

fn channel_row(r: &Row) -> rusqlite::Result<ChannelRow> {
    Ok(ChannelRow {
        id: r.get(0)?,
        user_id: r.get(1)?,
        kind: r.get(2)?,
        name: r.get(3)?,
        description: r.get(4)?,
        is_private: r.get(5)?,
        data: json_col(r, 6)?,
        meta: json_col(r, 7)?,
        created_at: r.get(8)?,
        updated_at: r.get(9)?,
        updated_by: r.get(10)?,
        archived_at: r.get(11)?,
        archived_by: r.get(12)?,
        deleted_at: r.get(13)?,
        deleted_by: r.get(14)?,
    })
}

fn rows(c: &Connection, sql: &str, p: impl rusqlite::Params) -> Result<Vec<ChannelRow>> {
    let mut st = c.prepare_cached(sql)?;
    let v = st
        .query_map(p, channel_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// Live (not archived, not deleted) groups and DMs where the user is an
/// active member.
pub fn membership_channels(c: &Connection, user_id: &str) -> Result<Vec<ChannelRow>> {
    rows(
        c,
        &format!(
            "SELECT {COLS} FROM channel c WHERE c.deleted_at IS NULL AND c.archived_at IS NULL \
             AND c.type IN ('group', 'dm') AND EXISTS (SELECT 1 FROM channel_member m \
             WHERE m.channel_id = c.id AND m.user_id = ?1 AND m.is_active = 1) ORDER BY c.rowid"
        ),
        [user_id],
    )
}

/// Live standard channels (type NULL, '' or anything but group/dm).
pub fn standard_channels(c: &Connection) -> Result<Vec<ChannelRow>> {
    rows(
        c,
        &format!(
            "SELECT {COLS} FROM channel c WHERE c.deleted_at IS NULL AND c.archived_at IS NULL \
             AND (c.type IS NULL OR c.type NOT IN ('group', 'dm')) ORDER BY c.rowid"
        ),
        [],
    )
}

/// A live channel by id.
pub fn live(c: &Connection, id: &str) -> Result<Option<ChannelRow>> {
    Ok(c.query_row(
        &format!(
            "SELECT {COLS} FROM channel c WHERE c.id = ?1 \
             AND c.deleted_at IS NULL AND c.archived_at IS NULL"
        ),
        [id],
        channel_row,
    )
    .optional()?)
}

/// Whether the user has an active membership row in the channel.
pub fn is_active_member(c: &Connection, channel_id: &str, user_id: &str) -> Result<bool> {
    Ok(c.query_row(
        "SELECT EXISTS (SELECT 1 FROM channel_member WHERE channel_id = ?1 AND user_id = ?2 \
         AND is_active = 1)",
        [channel_id, user_id],
        |r| r.get(0),
    )?)
}

/// The user's first membership row in the channel, active or not.
pub fn membership(c: &Connection, channel_id: &str, user_id: &str) -> Result<Option<Membership>> {
    Ok(c.query_row(
        "SELECT last_read_at, is_channel_muted FROM channel_member \
         WHERE channel_id = ?1 AND user_id = ?2 ORDER BY rowid LIMIT 1",
        [channel_id, user_id],
        |r| {
            Ok(Membership {
                last_read_at: r.get(0)?,
                is_channel_muted: r.get(1)?,
            })
        },
    )
    .optional()?)
}

/// User ids of every member row (DM participants), in storage order.
pub fn member_user_ids(c: &Connection, channel_id: &str) -> Result<Vec<String>> {
    let mut st = c.prepare_cached(
        "SELECT user_id FROM channel_member WHERE channel_id = ?1 AND user_id IS NOT NULL \
         ORDER BY rowid",
    )?;
    let v = st
        .query_map([channel_id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// `created_at` of the newest message, thread replies included.
pub fn last_message_at(c: &Connection, channel_id: &str) -> Result<Option<i64>> {
    Ok(c.query_row(
        "SELECT created_at FROM message WHERE channel_id = ?1 \
         ORDER BY created_at DESC LIMIT 1",
        [channel_id],
        |r| r.get::<_, Option<i64>>(0),
    )
    .optional()?
    .flatten())
}

/// Top-level messages newer than `since` not written by the user.
pub fn unread_count(c: &Connection, channel_id: &str, user_id: &str, since: i64) -> Result<i64> {
    Ok(c.query_row(
        "SELECT count(*) FROM message WHERE channel_id = ?1 AND parent_id IS NULL \
         AND created_at > ?3 AND (user_id IS NULL OR user_id != ?2)",
        params![channel_id, user_id, since],
        |r| r.get(0),
    )?)
}

/// Channels a file was shared in.
pub fn channels_of_file(c: &Connection, file_id: &str) -> Result<Vec<String>> {
    let mut st =
        c.prepare_cached("SELECT channel_id FROM channel_file WHERE file_id = ?1 ORDER BY rowid")?;
    let v = st
        .query_map([file_id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}

/// Link a file to a channel (no-op when already linked).
pub fn add_file(
    c: &Connection,
    id: &str,
    channel_id: &str,
    file_id: &str,
    user_id: &str,
    now_ns: i64,
) -> Result<()> {
    c.execute(
        "INSERT INTO channel_file (id, user_id, channel_id, message_id, file_id, created_at, updated_at) \
         VALUES (?1, ?2, ?3, NULL, ?4, ?5, ?5) ON CONFLICT (channel_id, file_id) DO NOTHING",
        params![id, user_id, channel_id, file_id, now_ns],
    )?;
    Ok(())
}
