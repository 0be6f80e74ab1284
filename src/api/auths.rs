//! `/api/v1/auths`: sign-up, sign-in, session, profile, password, admin
//! user creation, admin auth config, API keys.

use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
use super::client_ip::ClientIp;
use super::error::{ApiError, ApiResult};
use super::extract::{Admin, AnyUser, AuthJson, HumanSession, Verified};
use super::fastapi::not_found_as_400;
use crate::core::auths::{self, SigninForm, SignupForm, admin};
use crate::core::users::{self, NewUser, ProfilePatch};

super::routing::routes! {
    layer: axum::middleware::map_response(no_store);
    "/" => get_with(session, super::openapi::built::json::<crate::core::auths::SessionUser>),
    "/signin" => post_with(signin, super::openapi::built::json::<crate::core::auths::SessionUser>),
    "/signup" => post_with(signup, super::openapi::built::json::<crate::core::auths::SessionUser>),
    // POST only, as upstream: a GET could be set off from another site
    "/signout" => post_with(signout, super::openapi::built::json::<serde_json::Value>),
    "/update/profile" => post(update_profile),
    "/update/timezone" => post(update_timezone),
    "/update/password" => post(update_password),
    "/add" => post(add),
    "/admin/details" => get(admin_details),
    "/admin/config" => get(get_admin_config).post(set_admin_config),
    "/api_key" => get(get_api_key).post(create_api_key).delete(delete_api_key),
}

async fn no_store(mut r: Response) -> Response {
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    r
}

/// The `token` cookie for a session.
fn token_cookie(st: &AppState, token: &str, expires_at: Option<i64>) -> HeaderValue {
    let mut c = format!(
        "token={token}; HttpOnly; Path=/; SameSite={}",
        st.cx.cfg.get("WEBUI_AUTH_COOKIE_SAME_SITE")
    );
    if let Some(exp) = expires_at {
        c.push_str(&format!("; Max-Age={}", (exp - crate::util::now()).max(0)));
    }
    if st.cx.cfg.bool("WEBUI_AUTH_COOKIE_SECURE") {
        c.push_str("; Secure");
    }
    HeaderValue::from_str(&c).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn with_cookie(st: &AppState, body: &auths::SessionUser) -> Response {
    let mut h = HeaderMap::new();
    h.insert(
        header::SET_COOKIE,
        token_cookie(st, &body.token, body.expires_at),
    );
    (h, axum::Json(body)).into_response()
}

async fn session(
    State(st): State<AppState>,
    HumanSession(actor): HumanSession,
) -> ApiResult<Response> {
    let v = st
        .cx
        .blocking(move |cx| auths::session_info(cx, &actor))
        .await?;
    let mut h = HeaderMap::new();
    h.insert(
        header::SET_COOKIE,
        token_cookie(
            &st,
            v["token"].as_str().unwrap_or(""),
            v["expires_at"].as_i64(),
        ),
    );
    Ok((h, axum::Json(v)).into_response())
}

async fn signin(
    State(st): State<AppState>,
    ClientIp(client): ClientIp,
    AuthJson(form): AuthJson<SigninForm>,
) -> ApiResult<Response> {
    let s = match auths::signin(&st.cx, form, client).await {
        Err(e @ crate::error::Error::RateLimited(_)) => {
            pace_refusal().await;
            return Err(e.into());
        }
        r => r?,
    };
    Ok(with_cookie(&st, &s))
}

/// How long a sign-in refused by a limit waits for its answer.
const REFUSAL_PACE: std::time::Duration = std::time::Duration::from_millis(250);
/// How many refused sign-ins may wait at once; past that they are
/// answered at once.
const PACED_AT_ONCE: usize = 4096;

/// Hold a refused sign-in's answer a little: a client that signs in again
/// as soon as it is refused (a flood of guesses) then sends a few a
/// second instead of thousands, and the other requests keep the CPU. The
/// wait is a timer, not a thread; a bounded number wait at once.
async fn pace_refusal() {
    static WAITING: tokio::sync::Semaphore = tokio::sync::Semaphore::const_new(PACED_AT_ONCE);
    if let Ok(_permit) = WAITING.try_acquire() {
        tokio::time::sleep(REFUSAL_PACE).await;
    }
}

async fn signup(
    State(st): State<AppState>,
    ClientIp(client): ClientIp,
    AuthJson(form): AuthJson<SignupForm>,
) -> ApiResult<Response> {
    let s = st
        .cx
        .blocking(move |cx| auths::signup(cx, form, client))
        .await?;
    Ok(with_cookie(&st, &s))
}

/// Revoke the request's session token (Bearer or cookie), disconnect the
/// sockets that signed in with it, and clear the cookies.
async fn signout(
    State(st): State<AppState>,
    parts: axum::http::request::Parts,
) -> ApiResult<Response> {
    if let Some(cred) = super::extract::credential(&parts, "\u{0}") {
        let token = cred.clone();
        let revoked = st.cx.blocking(move |cx| auths::signout(cx, &cred)).await?;
        if revoked.is_some() {
            super::socket::disconnect_token(&st, &token).await;
        }
    }
    let mut h = HeaderMap::new();
    for name in [
        "token",
        "owui-session",
        "oui-session",
        "oauth_id_token",
        "oauth_session_id",
    ] {
        h.append(
            header::SET_COOKIE,
            HeaderValue::from_str(&format!("{name}=; Max-Age=0; Path=/")).unwrap(),
        );
    }
    Ok((h, axum::Json(json!({"status": true}))).into_response())
}

async fn update_profile(
    State(st): State<AppState>,
    Verified(actor): Verified,
    AuthJson(p): AuthJson<ProfilePatch>,
) -> ApiResult<axum::Json<Value>> {
    let u = st
        .cx
        .blocking(move |cx| users::update_profile(cx, &actor, p))
        .await?;
    Ok(axum::Json(json!({
        "id": u.id, "name": u.name, "role": u.role, "email": u.email,
        "profile_image_url": u.image_url(),
    })))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct TimezoneForm {
    timezone: String,
}

async fn update_timezone(
    State(st): State<AppState>,
    AnyUser(actor): AnyUser,
    AuthJson(f): AuthJson<TimezoneForm>,
) -> ApiResult<axum::Json<Value>> {
    st.cx
        .blocking(move |cx| users::update_timezone(cx, &actor, f.timezone))
        .await
        .map_err(not_found_as_400)?;
    Ok(axum::Json(json!({"status": true})))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct PasswordForm {
    password: String,
    new_password: String,
}

async fn update_password(
    State(st): State<AppState>,
    AnyUser(actor): AnyUser,
    AuthJson(f): AuthJson<PasswordForm>,
) -> ApiResult<axum::Json<bool>> {
    let id = actor.id.clone();
    st.cx
        .blocking(move |cx| auths::update_password(cx, &actor, &f.password, &f.new_password))
        .await
        .map_err(not_found_as_400)?;
    super::socket::disconnect_user(&st, &id).await;
    Ok(axum::Json(true))
}

async fn add(
    State(st): State<AppState>,
    Admin(actor): Admin,
    AuthJson(new): AuthJson<NewUser>,
) -> ApiResult<axum::Json<auths::AddedUser>> {
    Ok(axum::Json(
        st.cx
            .blocking(move |cx| auths::add_user(cx, &actor, new))
            .await?,
    ))
}

async fn admin_details(
    State(st): State<AppState>,
    AnyUser(actor): AnyUser,
) -> ApiResult<axum::Json<Value>> {
    Ok(axum::Json(
        st.cx
            .blocking(move |cx| auths::admin_details(cx, &actor))
            .await
            .map_err(disabled_as_400)?,
    ))
}

async fn get_admin_config(
    State(st): State<AppState>,
    Admin(actor): Admin,
) -> ApiResult<axum::Json<Value>> {
    Ok(axum::Json(admin::get(&st.cx, &actor)?))
}

async fn set_admin_config(
    State(st): State<AppState>,
    Admin(actor): Admin,
    AuthJson(form): AuthJson<Value>,
) -> ApiResult<axum::Json<Value>> {
    Ok(axum::Json(
        st.cx
            .blocking(move |cx| admin::set(cx, &actor, form))
            .await?,
    ))
}

async fn create_api_key(
    State(st): State<AppState>,
    AnyUser(actor): AnyUser,
) -> ApiResult<axum::Json<Value>> {
    let key = st
        .cx
        .blocking(move |cx| auths::create_api_key(cx, &actor))
        .await?;
    Ok(axum::Json(json!({"api_key": key})))
}

async fn get_api_key(
    State(st): State<AppState>,
    AnyUser(actor): AnyUser,
) -> ApiResult<axum::Json<Value>> {
    let key = st
        .cx
        .blocking(move |cx| auths::get_api_key(cx, &actor))
        .await?;
    Ok(axum::Json(json!({"api_key": key})))
}

async fn delete_api_key(
    State(st): State<AppState>,
    AnyUser(actor): AnyUser,
) -> ApiResult<axum::Json<bool>> {
    st.cx
        .blocking(move |cx| auths::delete_api_key(cx, &actor))
        .await?;
    Ok(axum::Json(true))
}

/// Upstream answers 400 when admin details are switched off.
fn disabled_as_400(e: crate::error::Error) -> ApiError {
    match e {
        crate::error::Error::Disabled(m) => ApiError::new(axum::http::StatusCode::BAD_REQUEST, m),
        other => other.into(),
    }
}
