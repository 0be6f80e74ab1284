//! Channels: standard channels shared through access grants, private
//! groups and direct messages through membership.
//!
//! Tables: `channel`, `channel_member`, `message`, `channel_file` (grants
//! in `access_grant`, resource type `channel`). Every timestamp is in
//! nanoseconds. Endpoints so far: `GET /api/v1/channels/`, behind the
//! feature gate (`channels.enable`, then permission `features.channels`
//! for non-admins). Files use `readable_by`, `link_file` and
//! `file_readable_by` for uploads made in a channel.

pub mod model;
mod store;

#[cfg(test)]
mod tests;

use std::collections::BTreeSet;

use serde_json::Value;

pub use model::*;

use crate::core::Ctx;
use crate::core::access;
use crate::core::actor::Actor;
use crate::core::users::{self, permissions};
use crate::error::{Error, Result, msg};
use crate::util::{new_id, now};

const RT: &str = "channel";

/// Nanoseconds since the epoch, the unit of every channel timestamp.
pub fn now_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as i64)
        .unwrap_or(0)
}

/// Upstream's `check_channels_access`: channels switched off, or a
/// non-admin without `features.channels`.
fn gate(cx: &Ctx, actor: &Actor) -> Result<()> {
    actor.require_verified()?;
    if cx.store.get("channels.enable") != Value::Bool(true) {
        return Err(Error::Disabled("Channels is disabled".into()));
    }
    if !actor.is_admin() && !permissions::has(cx, &actor.id, "features.channels")? {
        return Err(Error::NotPermitted(msg::UNAUTHORIZED.into()));
    }
    Ok(())
}

/// Ids of the standard channels the user reads through a grant.
fn granted(cx: &Ctx, user_id: &str) -> Result<BTreeSet<String>> {
    Ok(access::matching_grants(cx, user_id, RT)?
        .into_iter()
        .filter(|(_, perm)| perm == "read")
        .map(|(id, _)| id)
        .collect())
}

fn can_read_standard(ch: &ChannelRow, user_id: &str, granted: &BTreeSet<String>) -> bool {
    ch.user_id.as_deref() == Some(user_id) || granted.contains(&ch.id)
}

/// Upstream's `get_channels_by_user_id`: active memberships of live
/// groups and DMs, then live standard channels the user owns or reads
/// through a grant (admins included: no bypass here).
fn visible(cx: &Ctx, user_id: &str) -> Result<Vec<ChannelRow>> {
    let mine = cx.db.read(|c| store::membership_channels(c, user_id))?;
    let granted = granted(cx, user_id)?;
    let standard = cx.db.read(store::standard_channels)?;
    Ok(mine
        .into_iter()
        .chain(
            standard
                .into_iter()
                .filter(|ch| can_read_standard(ch, user_id, &granted)),
        )
        .collect())
}

/// `GET /api/v1/channels/`: the channels the caller sees, with unread
/// counters and, for DMs, the participants.
pub fn list(cx: &Ctx, actor: &Actor) -> Result<Vec<ChannelListItem>> {
    gate(cx, actor)?;
    let t = now();
    let mut out = Vec::new();
    for ch in visible(cx, &actor.id)? {
        let (last_message_at, member) = cx.db.read(|c| {
            Ok((
                store::last_message_at(c, &ch.id)?,
                store::membership(c, &ch.id, &actor.id)?,
            ))
        })?;
        let unread_count = match &member {
            Some(m) => cx
                .db
                .read(|c| store::unread_count(c, &ch.id, &actor.id, m.last_read_at.unwrap_or(0)))?,
            None => 0,
        };
        let (user_ids, users) = if ch.kind.as_deref() == Some("dm") {
            let mut people = Vec::new();
            for uid in cx.db.read(|c| store::member_user_ids(c, &ch.id))? {
                if let Some(u) = users::find(cx, &uid)? {
                    people.push(UserIdNameStatus {
                        is_active: u.is_active(t),
                        status_emoji: u.status_emoji,
                        status_message: u.status_message,
                        status_expires_at: u.status_expires_at,
                        id: u.id,
                        name: u.name,
                    });
                }
            }
            (
                Some(people.iter().map(|u| u.id.clone()).collect()),
                Some(people),
            )
        } else {
            (None, None)
        };
        out.push(ChannelListItem {
            access_grants: access::grants_of(cx, RT, &ch.id)?,
            id: ch.id,
            user_id: ch.user_id.unwrap_or_default(),
            kind: ch.kind,
            name: ch.name.unwrap_or_default(),
            description: ch.description,
            is_private: ch.is_private,
            data: ch.data,
            meta: ch.meta,
            created_at: ch.created_at.unwrap_or(0),
            updated_at: ch.updated_at.unwrap_or(0),
            updated_by: ch.updated_by,
            archived_at: ch.archived_at,
            archived_by: ch.archived_by,
            deleted_at: ch.deleted_at,
            deleted_by: ch.deleted_by,
            is_channel_muted: member.as_ref().is_some_and(|m| m.is_channel_muted),
            user_ids,
            users,
            last_message_at,
            unread_count,
        });
    }
    Ok(out)
}

/// Whether a channel is live and the user reads it: an active member of a
/// group or DM, or owner / `read` grantee of a standard channel. Admin
/// rights are the caller's business (upstream's
/// `get_channel_by_id_and_user_id`).
fn row_readable_by(cx: &Ctx, ch: &ChannelRow, user_id: &str) -> Result<bool> {
    if ch.is_membership() {
        return cx.db.read(|c| store::is_active_member(c, &ch.id, user_id));
    }
    Ok(ch.user_id.as_deref() == Some(user_id)
        || access::has_access(cx, user_id, RT, &ch.id, "read")?)
}

/// Whether the live channel `channel_id` is readable by the user.
pub fn readable_by(cx: &Ctx, channel_id: &str, user_id: &str) -> Result<bool> {
    match cx.db.read(|c| store::live(c, channel_id))? {
        Some(ch) => row_readable_by(cx, &ch, user_id),
        None => Ok(false),
    }
}

/// Record that a file was shared in a channel.
pub fn link_file(cx: &Ctx, channel_id: &str, file_id: &str, user_id: &str) -> Result<()> {
    let id = new_id();
    let t = now_ns();
    cx.db
        .write(|tx| store::add_file(tx, &id, channel_id, file_id, user_id, t))
}

/// Whether the user reads a live channel the file was shared in (upstream's
/// `get_channels_by_file_id_and_user_id` is not empty).
pub fn file_readable_by(cx: &Ctx, file_id: &str, user_id: &str) -> Result<bool> {
    for cid in cx.db.read(|c| store::channels_of_file(c, file_id))? {
        if readable_by(cx, &cid, user_id)? {
            return Ok(true);
        }
    }
    Ok(false)
}
