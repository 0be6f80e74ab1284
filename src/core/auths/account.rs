//! Accounts: a new user's `user` row (through `core::users`) and `auth`
//! row are written in one transaction, as upstream's `insert_new_auth`
//! does; and the credential writes other areas make inside their own
//! transactions (an admin's change of email or password, a revocation).

use std::collections::BTreeMap;

use rusqlite::Connection;
use serde_json::Value;

use super::{password, store};
use crate::core::Ctx;
use crate::core::actor::Role;
use crate::core::users::{self, NewUser, User};
use crate::error::Result;
use crate::util::new_id;

/// Insert a new account (no permission check: callers decide who may).
/// Applies the default group. With `first_user_rule`, a user who turns out
/// to be the only one becomes admin and sign-up closes, in the same
/// transaction.
pub(crate) fn insert_new(
    cx: &Ctx,
    new: &NewUser,
    role: Role,
    first_user_rule: bool,
) -> Result<User> {
    let mut user = users::new_user(new, role)?;
    password::check_rules(cx, &new.password)?;
    let hash = password::hash(cx, &new.password)?;
    let default_group = cx.store.string("ui.default_group_id");
    let close_signup = BTreeMap::from([("ui.enable_signup".to_string(), Value::Bool(false))]);
    let first = cx.db.write(|tx| {
        users::insert_tx(tx, &user)?;
        store::insert(tx, &user.id, &user.email, &hash, &new_id())?;
        if !default_group.is_empty() {
            crate::core::groups::add_member_tx(tx, &default_group, &user.id, user.created_at)?;
        }
        if first_user_rule && users::count_in(tx)? == 1 {
            user.role = Role::Admin;
            users::update_tx(tx, &user)?;
            crate::core::configs::save_tx(cx, tx, &close_signup)?;
            return Ok(true);
        }
        Ok(false)
    })?;
    if first {
        crate::core::configs::applied(cx, &close_signup);
    }
    cx.sessions.clear();
    Ok(user)
}

/// Keep the sign-in email of the `auth` row equal to the user's, inside
/// the caller's transaction.
pub(crate) fn set_email_tx(tx: &Connection, id: &str, email: &str) -> Result<()> {
    store::set_email(tx, id, email)
}

/// Store a new password hash (made by `password::hash`) and a new session
/// stamp, so every token of the user stops working.
pub(crate) fn set_password_tx(tx: &Connection, id: &str, hash: &str) -> Result<()> {
    store::set_password(tx, id, hash, &new_id())
}

/// A new session stamp: every token of the user stops working.
pub(crate) fn revoke_sessions_tx(tx: &Connection, id: &str) -> Result<()> {
    store::set_session_stamp(tx, id, &new_id()).map(|_| ())
}
