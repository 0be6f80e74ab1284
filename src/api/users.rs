//! `/api/v1/users`: the user list, one user, settings, permissions.

use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

use super::AppState;
use super::error::ApiResult;
use super::extract::{Admin, ApiJson, Verified};
use super::fastapi::{self, not_found_as_400};
use crate::core::users::{self, ListQuery, UserPatch, permissions};
use crate::core::{configs, groups};

use axum::Json as J;

super::routing::routes! {
    "/" => get(list),
    "/all" => get(all),
    "/search" => get(search),
    "/groups" => get(my_groups),
    "/permissions" => get(my_permissions),
    "/default/permissions" => get(default_permissions).post(set_default_permissions),
    "/default/permissions/defaults" => get(env_permissions),
    "/user/settings" => get(settings),
    "/user/settings/update" => post(update_settings),
    "/user/status" => get(status),
    "/user/status/update" => post(update_status),
    "/user/info" => get(info),
    "/user/info/update" => post(update_info),
    "/user/variables" => get(variables),
    "/user/variables/update" => post(update_variables),
    "/{id}" => get(get_user).delete(delete_user),
    "/{id}/info" => get(user_info),
    "/{id}/profile/image" => get_with(profile_image, super::openapi::built::image),
    "/{id}/active" => get(active),
    "/{id}/sessions/revoke" => post(revoke),
    "/{id}/update" => post(update),
    "/{id}/groups" => get(user_groups),
    "/{id}/preview" => get(preview),
}

async fn list(
    State(st): State<AppState>,
    Admin(a): Admin,
    Query(q): Query<ListQuery>,
) -> ApiResult<J<users::Page<users::UserWithGroupIds>>> {
    Ok(J(st.cx.blocking(move |cx| users::list(cx, &a, &q)).await?))
}

async fn all(
    State(st): State<AppState>,
    Admin(a): Admin,
) -> ApiResult<J<users::Page<users::UserInfo>>> {
    Ok(J(st.cx.blocking(move |cx| users::all(cx, &a)).await?))
}

async fn search(
    State(st): State<AppState>,
    Verified(a): Verified,
    Query(q): Query<ListQuery>,
) -> ApiResult<J<users::Page<users::UserInfo>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| users::search(cx, &a, &q))
        .await?))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct InheritedQuery {
    #[serde(default)]
    include_inherited: bool,
}

async fn my_groups(
    State(st): State<AppState>,
    Verified(a): Verified,
    Query(q): Query<InheritedQuery>,
) -> ApiResult<J<Vec<Value>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| groups::user_groups(cx, &a.id, q.include_inherited))
        .await?))
}

async fn user_groups(
    State(st): State<AppState>,
    Admin(_a): Admin,
    Path(id): Path<String>,
    Query(q): Query<InheritedQuery>,
) -> ApiResult<J<Vec<Value>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| groups::user_groups(cx, &id, q.include_inherited))
        .await?))
}

async fn my_permissions(State(st): State<AppState>, Verified(a): Verified) -> ApiResult<J<Value>> {
    Ok(J(st
        .cx
        .blocking(move |cx| permissions::effective(cx, &a.id))
        .await?))
}

async fn default_permissions(State(st): State<AppState>, Admin(_a): Admin) -> J<Value> {
    J(permissions::defaults(&st.cx))
}

async fn env_permissions(State(st): State<AppState>, Admin(_a): Admin) -> J<Value> {
    J(permissions::env_defaults(&st.cx.cfg))
}

const SECTIONS: &[&str] = &[
    "workspace",
    "sharing",
    "access_grants",
    "chat",
    "features",
    "settings",
];

async fn set_default_permissions(
    State(st): State<AppState>,
    Admin(a): Admin,
    ApiJson(p): ApiJson<Value>,
) -> ApiResult<J<Value>> {
    for s in SECTIONS {
        if !p.get(*s).is_some_and(Value::is_object) {
            return Err(fastapi::unprocessable(
                "missing",
                json!(["body", s]),
                "Field required",
                p,
            ));
        }
    }
    let filled = permissions::fill(&p, &permissions::env_defaults(&st.cx.cfg));
    let saved = filled.clone();
    st.cx
        .blocking(move |cx| configs::set(cx, &a, "user.permissions", saved))
        .await?;
    Ok(J(filled))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct RawQuery {
    #[serde(default)]
    raw: bool,
}

async fn settings(
    State(st): State<AppState>,
    Verified(a): Verified,
    Query(q): Query<RawQuery>,
) -> ApiResult<J<Value>> {
    Ok(J(st
        .cx
        .blocking(move |cx| users::settings(cx, &a, q.raw))
        .await?))
}

async fn update_settings(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(v): ApiJson<Value>,
) -> ApiResult<J<Value>> {
    Ok(J(st
        .cx
        .blocking(move |cx| users::update_settings(cx, &a, v))
        .await
        .map_err(not_found_as_400)?))
}

async fn status(State(st): State<AppState>, Verified(a): Verified) -> ApiResult<J<users::User>> {
    Ok(J(st.cx.blocking(move |cx| users::status(cx, &a)).await?))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct StatusForm {
    status_emoji: Option<String>,
    status_message: Option<String>,
    status_expires_at: Option<i64>,
}

async fn update_status(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(f): ApiJson<StatusForm>,
) -> ApiResult<J<users::User>> {
    Ok(J(st
        .cx
        .blocking(move |cx| {
            users::update_status(
                cx,
                &a,
                f.status_emoji,
                f.status_message,
                f.status_expires_at,
            )
        })
        .await
        .map_err(not_found_as_400)?))
}

async fn info(State(st): State<AppState>, Verified(a): Verified) -> ApiResult<J<Value>> {
    Ok(J(st.cx.blocking(move |cx| users::info(cx, &a)).await?))
}

async fn update_info(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(v): ApiJson<Value>,
) -> ApiResult<J<Value>> {
    Ok(J(st
        .cx
        .blocking(move |cx| users::update_info(cx, &a, v))
        .await
        .map_err(not_found_as_400)?))
}

async fn variables(State(st): State<AppState>, Verified(a): Verified) -> ApiResult<J<Value>> {
    let v = st.cx.blocking(move |cx| users::variables(cx, &a)).await?;
    Ok(J(json!({"variables": v})))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct VariablesForm {
    variables: Value,
}

async fn update_variables(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(f): ApiJson<VariablesForm>,
) -> ApiResult<J<Value>> {
    let v = st
        .cx
        .blocking(move |cx| users::set_variables(cx, &a, f.variables))
        .await?;
    Ok(J(json!({"variables": v})))
}

async fn get_user(
    State(st): State<AppState>,
    Admin(a): Admin,
    Path(id): Path<String>,
) -> ApiResult<J<Value>> {
    Ok(J(st
        .cx
        .blocking(move |cx| users::get_detailed(cx, &a, &id))
        .await
        .map_err(not_found_as_400)?))
}

async fn user_info(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<J<users::UserInfo>> {
    Ok(J(st
        .cx
        .blocking(move |cx| users::info_of(cx, &a, &id))
        .await
        .map_err(not_found_as_400)?))
}

/// The default avatar, a plain grey circle (owui's own image).
static DEFAULT_AVATAR: &[u8] = include_bytes!("user.png");

async fn profile_image(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    let img = st
        .cx
        .blocking(move |cx| users::profile_image(cx, &a, &id))
        .await
        .map_err(not_found_as_400)?;
    let default_avatar = || {
        let mut r = DEFAULT_AVATAR.into_response();
        let h = r.headers_mut();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("image/png"));
        h.insert(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        );
        r
    };
    Ok(match img {
        // a URL that cannot be a `Location` header is no image at all
        users::ProfileImage::Redirect(url) => {
            fastapi::redirect(&url).unwrap_or_else(default_avatar)
        }
        users::ProfileImage::Bytes { mime, data } => fastapi::inline_image(mime, data, None),
        users::ProfileImage::Default => default_avatar(),
    })
}

async fn active(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<J<Value>> {
    let active = st
        .cx
        .blocking(move |cx| users::is_active(cx, &a, &id))
        .await
        .map_err(not_found_as_400)?;
    Ok(J(json!({"active": active})))
}

async fn revoke(
    State(st): State<AppState>,
    Admin(a): Admin,
    Path(id): Path<String>,
) -> ApiResult<J<bool>> {
    let target = id.clone();
    st.cx
        .blocking(move |cx| users::revoke_sessions(cx, &a, &id))
        .await?;
    super::socket::disconnect_user(&st, &target).await;
    Ok(J(true))
}

async fn update(
    State(st): State<AppState>,
    Admin(a): Admin,
    Path(id): Path<String>,
    ApiJson(p): ApiJson<UserPatch>,
) -> ApiResult<J<users::User>> {
    let target = id.clone();
    let signs_out = p.password.is_some() || p.role.is_some();
    let u = st
        .cx
        .blocking(move |cx| users::update(cx, &a, &id, p))
        .await
        .map_err(not_found_as_400)?;
    if signs_out {
        super::socket::disconnect_user(&st, &target).await;
    }
    Ok(J(u))
}

async fn delete_user(
    State(st): State<AppState>,
    Admin(a): Admin,
    Path(id): Path<String>,
) -> ApiResult<J<bool>> {
    let target = id.clone();
    st.cx
        .blocking(move |cx| users::delete(cx, &a, &id))
        .await
        .map_err(not_found_as_400)?;
    super::socket::disconnect_user(&st, &target).await;
    Ok(J(true))
}

async fn preview(
    State(st): State<AppState>,
    Admin(a): Admin,
    Path(id): Path<String>,
) -> ApiResult<J<Value>> {
    let (u, gs) = st
        .cx
        .blocking(move |cx| {
            Ok((
                users::get(cx, &a, &id)?,
                groups::groups_of_user(cx, &id, false)?,
            ))
        })
        .await?;
    let empty = json!({"items": [], "total": 0});
    Ok(J(json!({
        "user": {"id": u.id, "name": u.name},
        "groups": gs.iter().map(|g| json!({"id": g.id, "name": g.name})).collect::<Vec<_>>(),
        "models": empty, "knowledge": empty, "tools": empty,
    })))
}
