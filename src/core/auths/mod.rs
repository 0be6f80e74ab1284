//! Authentication: sign-up, sign-in, session tokens, API keys, the admin's
//! auth settings.
//!
//! Tables: `auth` (password hash, session stamp) and `api_key`; a new
//! account's `user` row is written with its `auth` row (`account.rs`).
//! Config keys `auth.*`, `ui.enable_signup`, `ui.default_user_role`.
//! Endpoints: `/api/v1/auths/*`. Every protected route resolves its caller
//! with `authenticate`.

mod account;
pub mod admin;
pub mod hasher;
pub mod password;
mod store;
pub mod token;

pub(crate) use account::{insert_new, revoke_sessions_tx, set_email_tx, set_password_tx};

#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::IpAddr;
use std::sync::{Arc, Mutex, RwLock};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::core::Ctx;
use crate::core::actor::{Actor, Role, Via};
use crate::core::users::{self, NewUser, User, permissions};
use crate::error::{Error, Result, msg};
use crate::util::now;

/// What the token check needs about a user, cached in memory and dropped
/// whenever any connection commits.
#[derive(Clone, Debug)]
pub struct SessionEntry {
    pub id: String,
    pub role: Role,
    pub name: String,
    pub email: String,
    pub active: bool,
    pub session_stamp: Option<String>,
    /// The `jti` of the user's signed-out tokens that have not expired.
    pub revoked: HashSet<String>,
}

#[derive(Default)]
pub struct SessionCache {
    entries: RwLock<HashMap<String, Arc<SessionEntry>>>,
    touched: Mutex<HashMap<String, i64>>,
    /// Tokens whose signature was checked, with their claims: a token is
    /// immutable and the key does not change while running, so only the
    /// expiry is checked again. Revocation (the session stamp, signed-out
    /// tokens) is checked against `entries` on every request.
    tokens: Mutex<HashMap<String, token::Claims>>,
}

/// How many checked tokens are kept; the set starts over when full.
const CHECKED_TOKENS: usize = 1024;

impl SessionCache {
    pub fn clear(&self) {
        self.entries
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
    }

    fn get(&self, id: &str) -> Option<Arc<SessionEntry>> {
        self.entries
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(id)
            .cloned()
    }

    /// Keep an entry read when the database was at `generation`, unless
    /// something was written since: a revocation committed meanwhile
    /// (which forgets the entry after its commit, under the same lock)
    /// must not be undone by a read made before it.
    fn put(&self, e: SessionEntry, db: &crate::db::Db, generation: u64) -> Arc<SessionEntry> {
        let e = Arc::new(e);
        let mut m = self.entries.write().unwrap_or_else(|p| p.into_inner());
        if db.generation() == generation {
            m.insert(e.id.clone(), e.clone());
        }
        e
    }

    /// Forget what is kept about a user (after a write that revokes some
    /// of their tokens).
    fn forget(&self, id: &str) {
        self.entries
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .remove(id);
    }

    /// The claims of a session token: from the checked set, or verified
    /// (signature and expiry) and added to it.
    fn decode(&self, secret: &[u8], credential: &str) -> Result<token::Claims> {
        let mut m = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(c) = m.get(credential) {
            if c.exp.is_some_and(|e| e < now()) {
                m.remove(credential);
                return Err(Error::unauthenticated(msg::UNAUTHORIZED));
            }
            return Ok(c.clone());
        }
        drop(m);
        let claims = token::decode(secret, credential)?;
        let mut m = self.tokens.lock().unwrap_or_else(|p| p.into_inner());
        if m.len() >= CHECKED_TOKENS {
            m.clear();
        }
        m.insert(credential.to_string(), claims.clone());
        Ok(claims)
    }

    /// Whether `last_active_at` of this user is due for a write (and mark it).
    pub fn touch_due(&self, id: &str, interval: i64) -> bool {
        let t = now();
        let mut m = self.touched.lock().unwrap_or_else(|p| p.into_inner());
        match m.get(id) {
            Some(last) if t - last < interval => false,
            _ => {
                m.insert(id.to_string(), t);
                true
            }
        }
    }
}

/// Attempts in a sliding window of `secs` seconds, per key.
struct Window<K> {
    hits: Mutex<HashMap<K, VecDeque<i64>>>,
    limit: usize,
    secs: i64,
}

/// Keys a window keeps before it forgets the idle ones; when all are
/// recent (a flood of new keys), it starts over.
const WINDOW_KEYS: usize = 10_000;

/// Seconds a sign-in attempt counts.
const WINDOW: i64 = 180;

/// Seconds a sign-up counts.
const SIGNUP_WINDOW: i64 = 600;

impl<K: std::hash::Hash + Eq + Clone> Window<K> {
    fn new(limit: usize, secs: i64) -> Self {
        Window {
            hits: Mutex::default(),
            limit,
            secs,
        }
    }

    /// Whether `key` reached the limit; an attempt below it is counted.
    fn hit(&self, key: &K) -> bool {
        let t = now();
        let mut m = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        if m.len() >= WINDOW_KEYS && !m.contains_key(key) {
            m.retain(|_, q| q.back().is_some_and(|&x| t - x < self.secs));
            if m.len() >= WINDOW_KEYS {
                m.clear();
            }
        }
        let q = m.entry(key.clone()).or_default();
        while q.front().is_some_and(|&x| t - x >= self.secs) {
            q.pop_front();
        }
        if q.len() >= self.limit {
            return true;
        }
        q.push_back(t);
        false
    }

    /// Take back the last attempt counted for `key`.
    fn undo(&self, key: &K) {
        let mut m = self.hits.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(q) = m.get_mut(key) {
            q.pop_back();
            if q.is_empty() {
                m.remove(key);
            }
        }
    }
}

/// Sign-in attempts in the last 180 s. Per lower-cased email, 15 (as
/// upstream), but soft: over it a wrong password is answered 429 and a
/// right one still signs in, so nobody can lock an account out by
/// guessing at its email. Per client address, 30 failed ones, hard: over
/// it, sign-ins from there are refused before any hashing. And sign-ups
/// per client address: 10 in 600 s, each an account and a password hash,
/// so nobody creates accounts without bound.
pub struct SigninLimiter {
    emails: Window<String>,
    clients: Window<IpAddr>,
    signups: Window<IpAddr>,
}

impl Default for SigninLimiter {
    fn default() -> Self {
        SigninLimiter {
            emails: Window::new(Self::PER_EMAIL, WINDOW),
            clients: Window::new(Self::PER_CLIENT, WINDOW),
            signups: Window::new(Self::SIGNUPS_PER_CLIENT, SIGNUP_WINDOW),
        }
    }
}

impl SigninLimiter {
    pub const PER_EMAIL: usize = 15;
    pub const PER_CLIENT: usize = 30;
    /// Sign-ups from one client address in 600 s: an office behind one
    /// address still signs up a team in a morning.
    pub const SIGNUPS_PER_CLIENT: usize = 10;

    /// The key of a client: its address; for IPv6 its /64 network, which
    /// one client usually has all of.
    fn client_key(ip: IpAddr) -> IpAddr {
        match ip.to_canonical() {
            IpAddr::V6(v6) => {
                let bits = u128::from(v6) & !((1u128 << 64) - 1);
                IpAddr::V6(std::net::Ipv6Addr::from(bits))
            }
            v4 => v4,
        }
    }
}

/// The longest email a sign-in may name (RFC 5321 allows 254 characters).
const MAX_EMAIL_LEN: usize = 320;

/// `SessionUser`: the answer to a sign-in.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct SessionUser {
    pub id: String,
    pub name: String,
    pub role: Role,
    pub email: String,
    pub profile_image_url: String,
    pub token: String,
    pub token_type: &'static str,
    pub expires_at: Option<i64>,
    pub permissions: Value,
}

#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
pub struct SigninForm {
    pub email: String,
    pub password: String,
}

#[derive(Clone, Debug, Deserialize, schemars::JsonSchema)]
pub struct SignupForm {
    pub name: String,
    pub email: String,
    pub password: String,
    #[serde(default)]
    pub profile_image_url: Option<String>,
}

/// Token lifetime from config `auth.jwt_expiry`; a value that does not
/// parse falls back to upstream's default of four weeks, never to "forever".
fn lifetime(cx: &Ctx) -> Option<i64> {
    token::parse_expiry(&cx.store.string("auth.jwt_expiry")).unwrap_or(Some(4 * 7 * 86400))
}

fn stamp_of(cx: &Ctx, id: &str) -> Result<Option<String>> {
    Ok(cx
        .db
        .read(|c| store::get(c, id))?
        .and_then(|a| a.session_stamp))
}

/// Issue a token for `user` and build the sign-in answer.
fn session_for(cx: &Ctx, user: &User, method: Option<&str>) -> Result<SessionUser> {
    let stamp = stamp_of(cx, &user.id)?;
    let (token, claims) = token::issue(&cx.secret, &user.id, stamp, lifetime(cx), method)?;
    Ok(SessionUser {
        id: user.id.clone(),
        name: user.name.clone(),
        role: user.role,
        email: user.email.clone(),
        profile_image_url: users::model::default_image(&user.id),
        token,
        token_type: "Bearer",
        expires_at: claims.exp,
        permissions: permissions::effective(cx, &user.id)?,
    })
}

/// Create the admin named by `WEBUI_ADMIN_EMAIL`/`WEBUI_ADMIN_PASSWORD`
/// when there are no users yet.
pub fn bootstrap_admin(cx: &Ctx) -> Result<()> {
    let email = cx.cfg.get("WEBUI_ADMIN_EMAIL");
    let pw = cx.cfg.get("WEBUI_ADMIN_PASSWORD");
    if email.is_empty() || pw.is_empty() || users::count(cx)? > 0 {
        return Ok(());
    }
    let new = NewUser {
        name: cx.cfg.get("WEBUI_ADMIN_NAME").to_string(),
        email: email.to_string(),
        password: pw.to_string(),
        role: None,
        profile_image_url: None,
    };
    insert_new(cx, &new, Role::Admin, true)?;
    Ok(())
}

/// `POST /api/v1/auths/signup`, from `client` (the caller's address,
/// when known): `Error::RateLimited`, before any check or hashing, when
/// that address made [`SigninLimiter::SIGNUPS_PER_CLIENT`] sign-ups in the
/// last 600 s. A refused sign-up (no account made) does not count.
pub fn signup(cx: &Ctx, form: SignupForm, client: Option<IpAddr>) -> Result<SessionUser> {
    let client = client.map(SigninLimiter::client_key);
    if let Some(ip) = &client
        && cx.signin_limiter.signups.hit(ip)
    {
        return Err(Error::RateLimited(msg::RATE_LIMIT_EXCEEDED.into()));
    }
    let made = signup_unlimited(cx, form);
    if made.is_err()
        && let Some(ip) = &client
    {
        cx.signin_limiter.signups.undo(ip);
    }
    made
}

fn signup_unlimited(cx: &Ctx, form: SignupForm) -> Result<SessionUser> {
    let count = users::count(cx)?;
    let auth = cx.cfg.bool("WEBUI_AUTH");
    let allowed = if !auth {
        count == 0
    } else if count > 0 {
        cx.store.bool("ui.enable_signup") && cx.store.bool("ui.enable_login_form")
    } else {
        cx.store.bool("ui.enable_login_form") || cx.cfg.bool("ENABLE_INITIAL_ADMIN_SIGNUP")
    };
    if !allowed {
        return Err(Error::forbidden(msg::ACCESS_PROHIBITED));
    }
    users::normalize_email(&form.email)?;
    if users::find_by_email(cx, &form.email)?.is_some() {
        return Err(Error::invalid(msg::EMAIL_TAKEN));
    }
    let role = cx
        .store
        .string("ui.default_user_role")
        .parse()
        .unwrap_or(Role::Pending);
    let user = insert_new(
        cx,
        &NewUser {
            name: form.name,
            email: form.email,
            password: form.password,
            role: None,
            profile_image_url: form.profile_image_url,
        },
        role,
        true,
    )?;
    session_for(cx, &user, Some("password"))
}

/// `POST /api/v1/auths/signin`, from `client` (the caller's address, when
/// known). The password check waits for a hashing thread without holding
/// one; `Error::RateLimited` when the client is over its limit, the email
/// over its limit with a wrong password, or the hashing queue full.
pub async fn signin(cx: &Ctx, form: SigninForm, client: Option<IpAddr>) -> Result<SessionUser> {
    if !cx.cfg.bool("WEBUI_AUTH") {
        return cx.blocking(signin_without_auth).await;
    }
    if !cx.cfg.bool("ENABLE_PASSWORD_AUTH") {
        return Err(Error::forbidden(msg::ACTION_PROHIBITED));
    }
    let email = form.email.trim().to_lowercase();
    if email.len() > MAX_EMAIL_LEN {
        return Err(Error::invalid(msg::INVALID_CRED));
    }
    let client = client.map(SigninLimiter::client_key);
    if let Some(ip) = &client
        && cx.signin_limiter.clients.hit(ip)
    {
        return Err(Error::RateLimited(msg::RATE_LIMIT_EXCEEDED.into()));
    }
    let email_over = cx.signin_limiter.emails.hit(&email);
    // no thread or database read for a password that could not be checked
    if cx.hasher.is_full() {
        return Err(Error::RateLimited(msg::RATE_LIMIT_EXCEEDED.into()));
    }
    let found = {
        let email = email.clone();
        cx.blocking(move |cx| {
            let Some(user) = users::find_by_email(cx, &email)? else {
                return Ok(None);
            };
            let auth = cx.db.read(|c| store::get(c, &user.id))?;
            Ok(Some((user, auth)))
        })
        .await?
    };
    let hash = found
        .as_ref()
        .and_then(|(_, a)| a.as_ref())
        .filter(|a| a.active)
        .and_then(|a| a.password.clone());
    let ok = password::verify_async(cx, &form.password, hash.as_deref()).await?;
    let user = match found {
        Some((user, _)) if ok => user,
        _ if email_over => return Err(Error::RateLimited(msg::RATE_LIMIT_EXCEEDED.into())),
        _ => return Err(Error::invalid(msg::INVALID_CRED)),
    };
    if let Some(ip) = &client {
        cx.signin_limiter.clients.undo(ip);
    }
    cx.blocking(move |cx| session_for(cx, &user, Some("password")))
        .await
}

/// Single-user mode (`WEBUI_AUTH=false`): everyone is `admin@localhost`.
fn signin_without_auth(cx: &Ctx) -> Result<SessionUser> {
    let user = match users::find_by_email(cx, "admin@localhost")? {
        Some(u) => u,
        None => {
            if users::count(cx)? > 0 {
                return Err(Error::invalid(
                    "You can't turn off authentication because there are existing users. If you want to disable WEBUI_AUTH, make sure your web interface doesn't have any existing users and is a fresh installation.",
                ));
            }
            insert_new(
                cx,
                &NewUser {
                    name: "User".into(),
                    email: "admin@localhost".into(),
                    password: "admin".into(),
                    role: None,
                    profile_image_url: None,
                },
                Role::Admin,
                true,
            )?
        }
    };
    session_for(cx, &user, Some("password"))
}

fn load_entry(cx: &Ctx, id: &str) -> Result<Option<Arc<SessionEntry>>> {
    if let Some(e) = cx.sessions.get(id) {
        return Ok(Some(e));
    }
    let generation = cx.db.generation();
    let t = now();
    let Some((auth, revoked)) = cx.db.read(|c| {
        Ok(match store::get(c, id)? {
            Some(a) => Some((a, store::revoked_of(c, id, t)?)),
            None => None,
        })
    })?
    else {
        return Ok(None);
    };
    let user = users::find(cx, id)?;
    let Some(u) = user else {
        return Ok(None);
    };
    Ok(Some(cx.sessions.put(
        SessionEntry {
            id: u.id,
            role: u.role,
            name: u.name,
            email: u.email,
            active: auth.active,
            session_stamp: auth.session_stamp,
            revoked,
        },
        &cx.db,
        generation,
    )))
}

/// Whether the cache can answer for this user without a database read.
pub fn is_cached(cx: &Ctx, id: &str) -> bool {
    cx.sessions.get(id).is_some()
}

/// Resolve a credential (a JWT, or an `sk-` API key) into the caller.
/// `path` is the request path, for API-key endpoint restrictions.
pub fn authenticate(cx: &Ctx, credential: &str, path: &str) -> Result<Actor> {
    if credential.starts_with("sk-") {
        return authenticate_api_key(cx, credential, path);
    }
    let claims = cx.sessions.decode(&cx.secret, credential)?;
    authenticate_claims(cx, credential, claims)
}

/// `authenticate` when it can be answered from memory (a JWT whose user is
/// in the session cache); `None` when it needs the database.
pub fn authenticate_cached(cx: &Ctx, credential: &str) -> Option<Result<Actor>> {
    if credential.starts_with("sk-") {
        return None;
    }
    let claims = match cx.sessions.decode(&cx.secret, credential) {
        Ok(c) => c,
        Err(e) => return Some(Err(e)),
    };
    if !is_cached(cx, &claims.id) {
        return None;
    }
    Some(authenticate_claims(cx, credential, claims))
}

fn authenticate_claims(cx: &Ctx, credential: &str, claims: token::Claims) -> Result<Actor> {
    let entry = load_entry(cx, &claims.id)?;
    let Some(e) = entry else {
        // no auth row (or no user row behind it)
        return Err(Error::unauthenticated(
            if cx.db.read(|c| store::get(c, &claims.id))?.is_some() {
                msg::INVALID_TOKEN
            } else {
                msg::INVALID_AUTH_REQUEST
            },
        ));
    };
    if !e.active {
        return Err(Error::unauthenticated(msg::INVALID_AUTH_REQUEST));
    }
    if claims.session_stamp != e.session_stamp
        || claims.jti.as_ref().is_some_and(|j| e.revoked.contains(j))
    {
        return Err(Error::unauthenticated("Invalid token"));
    }
    if !matches!(
        claims.typ.as_deref().unwrap_or("session"),
        "session" | "automation" | "subagent"
    ) {
        return Err(Error::unauthenticated("Invalid token"));
    }
    Ok(Actor {
        id: e.id.clone(),
        role: e.role,
        name: e.name.clone(),
        email: e.email.clone(),
        via: Via::Session {
            token: credential.to_string(),
            claims: Box::new(claims),
        },
    })
}

fn authenticate_api_key(cx: &Ctx, key: &str, path: &str) -> Result<Actor> {
    let uid = cx
        .db
        .read(|c| store::user_id_by_api_key(c, key))?
        .ok_or_else(|| Error::unauthenticated(msg::INVALID_TOKEN))?;
    let e = load_entry(cx, &uid)?.ok_or_else(|| Error::unauthenticated(msg::INVALID_TOKEN))?;
    if !e.active {
        return Err(Error::unauthenticated(msg::INVALID_AUTH_REQUEST));
    }
    if !cx.store.bool("auth.enable_api_keys") {
        return Err(Error::Disabled(msg::API_KEY_NOT_ALLOWED.into()));
    }
    if e.role != Role::Admin && !permissions::has(cx, &uid, "features.api_keys")? {
        return Err(Error::forbidden(msg::API_KEY_NOT_ALLOWED));
    }
    if cx.store.bool("auth.api_key.endpoint_restrictions") {
        let allowed = cx.store.string("auth.api_key.allowed_endpoints");
        let ok = allowed
            .split(',')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .any(|a| path == a || path.starts_with(&format!("{a}/")));
        if !ok {
            return Err(Error::forbidden(msg::ACCESS_PROHIBITED));
        }
    }
    Ok(Actor {
        id: e.id.clone(),
        role: e.role,
        name: e.name.clone(),
        email: e.email.clone(),
        via: Via::ApiKey,
    })
}

/// `GET /api/v1/auths/`: the caller with their token and permissions.
pub fn session_info(cx: &Ctx, actor: &Actor) -> Result<Value> {
    actor.require_human_session()?;
    let Via::Session { token, claims } = &actor.via else {
        return Err(Error::forbidden(msg::HUMAN_SESSION_REQUIRED));
    };
    let u =
        users::find(cx, &actor.id)?.ok_or_else(|| Error::unauthenticated(msg::INVALID_TOKEN))?;
    Ok(serde_json::json!({
        "status_emoji": u.status_emoji,
        "status_message": u.status_message,
        "status_expires_at": u.status_expires_at,
        "id": u.id,
        "name": u.name,
        "role": u.role,
        "email": u.email,
        "profile_image_url": u.image_url(),
        "token": token,
        "token_type": "Bearer",
        "expires_at": claims.exp,
        "permissions": permissions::effective(cx, &u.id)?,
        "bio": u.bio,
        "gender": u.gender,
        "date_of_birth": u.date_of_birth,
    }))
}

/// `POST /api/v1/auths/signout` with `credential` (the request's Bearer
/// token or cookie): a valid session token stops working at once, in this
/// process, and in others once they notice the write (their session cache
/// is cleared when another connection commits). Its `jti` is kept as
/// revoked until the token would have expired. Anything else (no token, a
/// bad one, an API key) signs out nothing. The user whose token it was.
pub fn signout(cx: &Ctx, credential: &str) -> Result<Option<String>> {
    if credential.is_empty() || credential.starts_with("sk-") {
        return Ok(None);
    }
    let Ok(actor) = authenticate(cx, credential, "/api/v1/auths/signout") else {
        return Ok(None);
    };
    let Via::Session { claims, .. } = &actor.via else {
        return Ok(None);
    };
    let Some(jti) = &claims.jti else {
        return Ok(None);
    };
    cx.db
        .write(|tx| store::revoke_token(tx, jti, &actor.id, claims.exp, now()))?;
    cx.sessions.forget(&actor.id);
    Ok(Some(actor.id))
}

/// `POST /api/v1/auths/update/password`: every token of the user (the
/// caller's included) stops working.
pub fn update_password(cx: &Ctx, actor: &Actor, old: &str, new: &str) -> Result<()> {
    let auth = cx
        .db
        .read(|c| store::get(c, &actor.id))?
        .ok_or_else(Error::not_found)?;
    if !password::verify(cx, old, auth.password.as_deref())? {
        return Err(Error::invalid(msg::INCORRECT_PASSWORD));
    }
    password::check_rules(cx, new)?;
    let hash = password::hash(cx, new)?;
    cx.db.write(|tx| set_password_tx(tx, &actor.id, &hash))?;
    cx.sessions.clear();
    Ok(())
}

/// `AddUserResult`.
#[derive(Clone, Debug, Serialize, schemars::JsonSchema)]
pub struct AddedUser {
    pub token: String,
    pub token_type: &'static str,
    pub id: String,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub profile_image_url: String,
}

/// `POST /api/v1/auths/add` (admin): create a user and a token for them.
pub fn add_user(cx: &Ctx, actor: &Actor, new: NewUser) -> Result<AddedUser> {
    actor.require_admin()?;
    users::normalize_email(&new.email)?;
    if users::find_by_email(cx, &new.email)?.is_some() {
        return Err(Error::invalid(msg::EMAIL_TAKEN));
    }
    let user = users::create(cx, actor, new)?;
    let stamp = stamp_of(cx, &user.id)?;
    let (token, _) = token::issue(&cx.secret, &user.id, stamp, lifetime(cx), None)?;
    Ok(AddedUser {
        token,
        token_type: "Bearer",
        profile_image_url: users::model::default_image(&user.id),
        id: user.id,
        email: user.email,
        name: user.name,
        role: user.role,
    })
}

/// `GET /api/v1/auths/admin/details`.
pub fn admin_details(cx: &Ctx, _actor: &Actor) -> Result<Value> {
    if !cx.store.bool("auth.admin.show") {
        return Err(Error::Disabled(msg::ACTION_PROHIBITED.into()));
    }
    let email = cx.store.get("auth.admin.email");
    let admin = match email.as_str().filter(|e| !e.is_empty()) {
        Some(e) => users::find_by_email(cx, e)?,
        None => None,
    };
    let first = match admin {
        Some(u) => Some(u),
        None => users::list_all(cx, &Actor::system())?
            .into_iter()
            .min_by_key(|u| (u.created_at, u.role != Role::Admin, u.id.clone())),
    };
    Ok(serde_json::json!({
        "name": first.as_ref().map(|u| u.name.clone()),
        "email": email.as_str().map(str::to_string).filter(|e| !e.is_empty())
            .or_else(|| first.as_ref().map(|u| u.email.clone())),
    }))
}

fn require_api_key_permission(cx: &Ctx, actor: &Actor) -> Result<()> {
    let allowed = cx.store.bool("auth.enable_api_keys")
        && (actor.is_admin() || permissions::has(cx, &actor.id, "features.api_keys")?);
    if allowed {
        Ok(())
    } else {
        Err(Error::forbidden(msg::API_KEY_CREATION_NOT_ALLOWED))
    }
}

/// Create (replacing any old one) the caller's API key.
pub fn create_api_key(cx: &Ctx, actor: &Actor) -> Result<String> {
    require_api_key_permission(cx, actor)?;
    let key = format!("sk-{}", uuid::Uuid::new_v4().simple());
    cx.db
        .write(|tx| store::replace_api_key(tx, &actor.id, &key, now()))?;
    Ok(key)
}

pub fn get_api_key(cx: &Ctx, actor: &Actor) -> Result<String> {
    require_api_key_permission(cx, actor)?;
    cx.db
        .read(|c| store::api_key_of(c, &actor.id))?
        .ok_or_else(|| Error::NotFound(msg::API_KEY_NOT_FOUND.into()))
}

pub fn delete_api_key(cx: &Ctx, actor: &Actor) -> Result<()> {
    require_api_key_permission(cx, actor)?;
    cx.db.write(|tx| store::delete_api_key(tx, &actor.id))
}
