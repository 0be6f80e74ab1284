//! Users: accounts, roles, profile, settings.
//!
//! Table: `user`. A user's credentials (`auth`: password hash, session
//! stamp; `api_key`) are `core::auths`'s, which also creates accounts;
//! they go when the user row goes (the foreign keys cascade).
//! Endpoints: `/api/v1/users/*`.
//! Commands: `owui users list|get|create|update|delete|set-role|reset-password`.

pub mod model;
mod own;
pub mod permissions;
mod store;

pub use model::*;
pub use own::*;

use rusqlite::Connection;
use serde_json::{Value, json};

use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::core::auths::{self, password};
use crate::error::{Error, Result, msg};
use crate::util::{new_id, now};

pub const PAGE_SIZE: i64 = 30;

/// The longest name an account may have, in characters. Upstream has no
/// cap; prompts fill in profile fields (`{{USER_NAME}}`, `{{USER_BIO}}`),
/// so each is held to a size nobody types.
pub const MAX_NAME_CHARS: usize = 256;
/// The longest bio, in characters.
pub const MAX_BIO_CHARS: usize = 10_000;
/// The longest gender (the account page's "custom" text), in characters.
pub const MAX_GENDER_CHARS: usize = 256;
/// The longest email (RFC 5321 allows 254 characters).
pub const MAX_EMAIL_CHARS: usize = 320;

/// Refuse (400) a profile field longer than `max` characters.
pub(crate) fn check_len(field: &str, value: &str, max: usize) -> Result<()> {
    if value.chars().nth(max).is_some() {
        return Err(Error::invalid(format!(
            "{field} is too long: at most {max} characters."
        )));
    }
    Ok(())
}

/// Lower-case the email and check its shape: `x@localhost` or `a@b.c`.
pub fn normalize_email(email: &str) -> Result<String> {
    let e = email.trim().to_lowercase();
    let ok = if e.chars().nth(MAX_EMAIL_CHARS).is_some() {
        false
    } else if e.ends_with("@localhost") {
        e.len() > "@localhost".len()
    } else {
        match e.split_once('@') {
            Some((local, domain)) => {
                !local.is_empty()
                    && !domain.contains('@')
                    && !e.chars().any(char::is_whitespace)
                    && domain
                        .split_once('.')
                        .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty() && !b.ends_with('.'))
            }
            None => false,
        }
    };
    if ok {
        Ok(e)
    } else {
        Err(Error::invalid(msg::INVALID_EMAIL_FORMAT))
    }
}

/// The row of a new account, not saved yet: the email checked and
/// lower-cased, the name trimmed. `core::auths::insert_new` saves it with
/// its credentials.
pub(crate) fn new_user(new: &NewUser, role: Role) -> Result<User> {
    let email = normalize_email(&new.email)?;
    let name = new.name.trim();
    if name.is_empty() {
        return Err(Error::invalid("name must not be empty"));
    }
    check_len("name", name, MAX_NAME_CHARS)?;
    let t = now();
    Ok(User {
        id: new_id(),
        email,
        username: None,
        role,
        name: name.to_string(),
        profile_image_url: new
            .profile_image_url
            .clone()
            .unwrap_or_else(|| "/user.png".into()),
        profile_banner_image_url: None,
        bio: None,
        gender: None,
        date_of_birth: None,
        timezone: None,
        presence_state: None,
        status_emoji: None,
        status_message: None,
        status_expires_at: None,
        info: None,
        settings: None,
        oauth: None,
        scim: None,
        last_active_at: t,
        updated_at: t,
        created_at: t,
    })
}

/// Insert a user row inside a caller's transaction (account creation).
pub(crate) fn insert_tx(tx: &Connection, u: &User) -> Result<()> {
    store::insert(tx, u)
}

/// Write every mutable column of `u` inside a caller's transaction.
pub(crate) fn update_tx(tx: &Connection, u: &User) -> Result<()> {
    store::update(tx, u)
}

/// The number of users, read on a caller's connection.
pub(crate) fn count_in(c: &Connection) -> Result<i64> {
    store::count(c)
}

/// Create a user (admin). The role defaults to `pending`.
pub fn create(cx: &Ctx, actor: &Actor, new: NewUser) -> Result<User> {
    actor.require_admin()?;
    let role = new.role.unwrap_or(Role::Pending);
    auths::insert_new(cx, &new, role, false)
}

pub fn count(cx: &Ctx) -> Result<i64> {
    cx.db.read(store::count)
}

/// Look a user up by id (no permission check).
pub(crate) fn find(cx: &Ctx, id: &str) -> Result<Option<User>> {
    cx.db.read(|c| store::get(c, id))
}

pub(crate) fn find_by_email(cx: &Ctx, email: &str) -> Result<Option<User>> {
    cx.db.read(|c| store::get_by_email(c, email))
}

/// One user (admin).
pub fn get(cx: &Ctx, actor: &Actor, id: &str) -> Result<User> {
    actor.require_admin()?;
    find(cx, id)?.ok_or_else(Error::not_found)
}

/// One user by id or email (admin); for the CLI.
pub fn lookup(cx: &Ctx, actor: &Actor, id_or_email: &str) -> Result<User> {
    actor.require_admin()?;
    let u = if id_or_email.contains('@') {
        find_by_email(cx, id_or_email)?
    } else {
        find(cx, id_or_email)?
    };
    u.ok_or_else(|| Error::NotFound(format!("no user `{id_or_email}`")))
}

/// The user the CLI acts as: the one named by `--as` (id or email), else
/// the only admin.
pub fn local_actor(cx: &Ctx, name: Option<&str>) -> Result<Actor> {
    let u = match name {
        Some(n) => lookup(cx, &Actor::system(), n)?,
        None => {
            let admins: Vec<User> = list_all(cx, &Actor::system())?
                .into_iter()
                .filter(|u| u.role == Role::Admin)
                .collect();
            match admins.len() {
                // cannot fail: there is exactly one
                1 => admins.into_iter().next().unwrap(),
                0 => {
                    return Err(Error::invalid(
                        "no admin yet: create one with `owui users create --role admin`, or pass --as EMAIL",
                    ));
                }
                _ => {
                    return Err(Error::invalid(
                        "several admins: pass --as EMAIL to choose whose data to use",
                    ));
                }
            }
        }
    };
    Ok(Actor {
        id: u.id,
        role: u.role,
        name: u.name,
        email: u.email,
        via: crate::core::actor::Via::Local,
    })
}

/// `GET /api/v1/users/` (admin): 30 per page, with direct group ids.
pub fn list(cx: &Ctx, actor: &Actor, q: &ListQuery) -> Result<Page<UserWithGroupIds>> {
    actor.require_admin()?;
    let (users, total) = cx.db.read(|c| store::list(c, q, Some(PAGE_SIZE)))?;
    let ids: Vec<String> = users.iter().map(|u| u.id.clone()).collect();
    let mut groups = crate::core::groups::direct_group_ids(cx, &ids)?;
    Ok(Page {
        users: users
            .into_iter()
            .map(|u| {
                let group_ids = groups.remove(&u.id).unwrap_or_default();
                UserWithGroupIds { user: u, group_ids }
            })
            .collect(),
        total,
    })
}

/// Every user, newest first, without paging (admin); for the CLI.
pub fn list_all(cx: &Ctx, actor: &Actor) -> Result<Vec<User>> {
    actor.require_admin()?;
    Ok(cx
        .db
        .read(|c| store::list(c, &ListQuery::default(), None))?
        .0)
}

/// `GET /api/v1/users/all` (admin).
pub fn all(cx: &Ctx, actor: &Actor) -> Result<Page<UserInfo>> {
    let users = list_all(cx, actor)?;
    Ok(Page {
        total: users.len() as i64,
        users: users.iter().map(UserInfo::from).collect(),
    })
}

/// `GET /api/v1/users/search` (verified): the short form only.
pub fn search(cx: &Ctx, actor: &Actor, q: &ListQuery) -> Result<Page<UserInfo>> {
    actor.require_verified()?;
    let (users, total) = cx.db.read(|c| store::list(c, q, Some(PAGE_SIZE)))?;
    Ok(Page {
        users: users.iter().map(UserInfo::from).collect(),
        total,
    })
}

/// `GET /api/v1/users/{id}/info` (verified): direct groups and activity.
pub fn info_of(cx: &Ctx, actor: &Actor, id: &str) -> Result<UserInfo> {
    actor.require_verified()?;
    let u = find(cx, id)?.ok_or_else(Error::not_found)?;
    let mut info = UserInfo::from(&u);
    info.groups = crate::core::groups::groups_of_user(cx, id, false)?
        .into_iter()
        .map(|g| json!({"id": g.id, "name": g.name}))
        .collect();
    info.is_active = u.is_active(now());
    Ok(info)
}

/// `GET /api/v1/users/{id}` (admin): the user with direct groups.
pub fn get_detailed(cx: &Ctx, actor: &Actor, id: &str) -> Result<Value> {
    let u = get(cx, actor, id)?;
    let groups: Vec<Value> = crate::core::groups::groups_of_user(cx, id, false)?
        .into_iter()
        .map(|g| json!({"id": g.id, "name": g.name}))
        .collect();
    let active = u.is_active(now());
    let mut v = serde_json::to_value(&u)?;
    v["groups"] = Value::Array(groups);
    v["is_active"] = Value::Bool(active);
    Ok(v)
}

pub fn is_active(cx: &Ctx, actor: &Actor, id: &str) -> Result<bool> {
    actor.require_verified()?;
    let u = find(cx, id)?.ok_or_else(Error::not_found)?;
    Ok(u.is_active(now()))
}

fn primary_admin(cx: &Ctx) -> Result<Option<String>> {
    cx.db.read(store::primary_admin_id)
}

/// An admin changes a user. The primary admin may be changed only by
/// themself, and may not give up the admin role.
pub fn update(cx: &Ctx, actor: &Actor, id: &str, patch: UserPatch) -> Result<User> {
    actor.require_admin()?;
    let mut u = find(cx, id)?.ok_or_else(Error::not_found)?;
    let primary = primary_admin(cx)?;
    if primary.as_deref() == Some(id) && !actor.is_system() {
        if actor.id != id {
            return Err(Error::forbidden(msg::ACTION_PROHIBITED));
        }
        if patch.role.is_some_and(|r| r != Role::Admin) {
            return Err(Error::forbidden(msg::ACTION_PROHIBITED));
        }
    }
    if let Some(role) = patch.role {
        u.role = role;
    }
    if let Some(name) = patch.name {
        check_len("name", &name, MAX_NAME_CHARS)?;
        u.name = name;
    }
    if let Some(email) = patch.email {
        u.email = normalize_email(&email)?;
    }
    if let Some(url) = patch.profile_image_url {
        u.profile_image_url = url;
    }
    let hash = match &patch.password {
        Some(pw) => {
            password::check_rules(cx, pw)?;
            Some(password::hash(cx, pw)?)
        }
        None => None,
    };
    u.updated_at = now();
    cx.db.write(|tx| {
        store::update(tx, &u)?;
        auths::set_email_tx(tx, id, &u.email)?;
        if let Some(h) = &hash {
            auths::set_password_tx(tx, id, h)?;
        }
        Ok(())
    })?;
    cx.sessions.clear();
    Ok(u)
}

/// Delete a user, their memberships, keys and everything they own (admin).
/// Nobody deletes the primary admin or themself.
pub fn delete(cx: &Ctx, actor: &Actor, id: &str) -> Result<()> {
    actor.require_admin()?;
    if find(cx, id)?.is_none() {
        return Err(Error::not_found());
    }
    if primary_admin(cx)?.as_deref() == Some(id) || actor.id == id {
        return Err(Error::forbidden(msg::ACTION_PROHIBITED));
    }
    cx.db.write(|tx| {
        crate::core::access::delete_for_principal_tx(tx, "user", id)?;
        store::delete(tx, id).map(|_| ())
    })?;
    cx.sessions.clear();
    Ok(())
}

/// Sign a user out everywhere by rotating their session stamp (admin).
pub fn revoke_sessions(cx: &Ctx, actor: &Actor, id: &str) -> Result<()> {
    actor.require_admin()?;
    if find(cx, id)?.is_none() {
        return Err(Error::NotFound("User not found.".into()));
    }
    if primary_admin(cx)?.as_deref() == Some(id) && actor.id != id && !actor.is_system() {
        return Err(Error::forbidden(msg::ACTION_PROHIBITED));
    }
    cx.db.write(|tx| auths::revoke_sessions_tx(tx, id))?;
    cx.sessions.clear();
    Ok(())
}

/// What `GET /users/{id}/profile/image` sends.
pub enum ProfileImage {
    Redirect(String),
    Bytes { mime: String, data: Vec<u8> },
    Default,
}

pub fn profile_image(cx: &Ctx, actor: &Actor, id: &str) -> Result<ProfileImage> {
    actor.require_verified()?;
    let u = find(cx, id)?.ok_or_else(Error::not_found)?;
    let url = u.profile_image_url;
    if url.starts_with("http") {
        return Ok(if cx.cfg.bool("ENABLE_PROFILE_IMAGE_URL_FORWARDING") {
            ProfileImage::Redirect(url)
        } else {
            ProfileImage::Default
        });
    }
    if let Some(rest) = url.strip_prefix("data:")
        && let Some((meta, data)) = rest.split_once(',')
        && let Some(mime) = meta.strip_suffix(";base64")
        && ["image/png", "image/jpeg", "image/gif", "image/webp"].contains(&mime)
    {
        use base64::Engine;
        if let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(data.trim()) {
            return Ok(ProfileImage::Bytes {
                mime: mime.to_string(),
                data: bytes,
            });
        }
    }
    Ok(ProfileImage::Default)
}

/// Throttled `last_active_at` write for an authenticated request.
pub fn touch(cx: &Ctx, id: &str) -> Result<()> {
    cx.db.write(|tx| store::touch_last_active(tx, id, now()))
}

#[cfg(test)]
pub mod fixtures {
    //! Users for tests.
    use super::*;
    use crate::core::actor::Via;

    /// Create a user with the given role and return them as an `Actor`.
    pub fn user(cx: &Ctx, email: &str, role: Role) -> Actor {
        let u = auths::insert_new(
            cx,
            &NewUser {
                name: email.split('@').next().unwrap().to_string(),
                email: email.into(),
                password: "password-1".into(),
                role: None,
                profile_image_url: None,
            },
            role,
            false,
        )
        .unwrap();
        Actor {
            id: u.id,
            role: u.role,
            name: u.name,
            email: u.email,
            via: Via::ApiKey,
        }
    }
}

/// Users seen in the last 180 seconds.
pub fn active_count(cx: &Ctx) -> Result<i64> {
    let since = now() - 180;
    cx.db.read(|c| store::active_count(c, since))
}

#[cfg(test)]
mod tests;

/// `(id, name)` of the users among `ids` that exist.
pub fn names_of(c: &rusqlite::Connection, ids: &[String]) -> Result<Vec<(String, String)>> {
    store::names_of(c, ids)
}
