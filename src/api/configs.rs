//! `/api/v1/configs`: the config store's import, export and the small
//! admin settings forms.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use serde::Deserialize;
use serde_json::{Map, Value, json};

use super::AppState;
use super::error::ApiResult;
use super::extract::{Admin, ApiJson, Verified};
use crate::core::configs;
use crate::core::configs::forms::{self, CodeExecutionConfig, ConnectionsConfig, ModelsConfig};

use axum::Json as J;

super::routing::routes! {
    "/import" => post(import),
    "/export" => get(export),
    "/namespace/{ns}" => get(namespace),
    "/interface/visibility" => post(visibility),
    "/banners" => get(banners).post(set_banners),
    "/suggestions" => post(suggestions),
    "/connections" => get(connections).post(set_connections),
    "/code_execution" => get(code_execution).post(set_code_execution),
    "/models" => get(models).post(set_models),
    "/models/defaults" => get(model_defaults),
}

#[derive(Deserialize, schemars::JsonSchema)]
struct ImportForm {
    config: BTreeMap<String, Value>,
}

async fn import(
    State(st): State<AppState>,
    Admin(a): Admin,
    ApiJson(f): ApiJson<ImportForm>,
) -> ApiResult<J<BTreeMap<String, Value>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| configs::import(cx, &a, f.config, false))
        .await?))
}

async fn export(
    State(st): State<AppState>,
    Admin(a): Admin,
) -> ApiResult<J<BTreeMap<String, Value>>> {
    Ok(J(configs::export(&st.cx, &a)?))
}

async fn namespace(
    State(st): State<AppState>,
    Admin(a): Admin,
    Path(ns): Path<String>,
) -> ApiResult<J<BTreeMap<String, Value>>> {
    Ok(J(configs::namespace(&st.cx, &a, &ns)?))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct VisibilityForm {
    visibility: BTreeMap<String, bool>,
}

async fn visibility(
    State(st): State<AppState>,
    Admin(a): Admin,
    ApiJson(f): ApiJson<VisibilityForm>,
) -> ApiResult<J<Value>> {
    let v = json!(f.visibility);
    let saved = v.clone();
    st.cx
        .blocking(move |cx| configs::set(cx, &a, "ui.visibility", saved))
        .await?;
    Ok(J(json!({"visibility": v})))
}

async fn banners(State(st): State<AppState>, Verified(_a): Verified) -> J<Value> {
    match st.cx.store.get("ui.banners") {
        Value::Array(b) => J(Value::Array(b)),
        _ => J(json!([])),
    }
}

#[derive(Deserialize, schemars::JsonSchema)]
struct Banner {
    id: String,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    title: Option<String>,
    content: String,
    dismissible: bool,
    timestamp: i64,
    #[serde(default)]
    i18n: Option<Value>,
}

#[derive(Deserialize, schemars::JsonSchema)]
struct BannersForm {
    banners: Vec<Banner>,
}

async fn set_banners(
    State(st): State<AppState>,
    Admin(a): Admin,
    ApiJson(f): ApiJson<BannersForm>,
) -> ApiResult<J<Value>> {
    let list: Vec<Value> = f
        .banners
        .into_iter()
        .map(|b| json!({"id": b.id, "type": b.kind, "title": b.title, "content": b.content, "dismissible": b.dismissible, "timestamp": b.timestamp, "i18n": b.i18n}))
        .collect();
    let v = Value::Array(list);
    let saved = v.clone();
    st.cx
        .blocking(move |cx| configs::set(cx, &a, "ui.banners", saved))
        .await?;
    Ok(J(v))
}

#[derive(Deserialize, schemars::JsonSchema)]
struct SuggestionsForm {
    suggestions: Option<Vec<Value>>,
    #[serde(default)]
    i18n: Option<Value>,
}

async fn suggestions(
    State(st): State<AppState>,
    Admin(a): Admin,
    ApiJson(f): ApiJson<SuggestionsForm>,
) -> ApiResult<J<Value>> {
    let s = json!(f.suggestions);
    let i = f.i18n.unwrap_or(json!({}));
    let entries = BTreeMap::from([
        ("ui.prompt_suggestions".to_string(), s.clone()),
        ("ui.prompt_suggestions_i18n".to_string(), i.clone()),
    ]);
    st.cx
        .blocking(move |cx| {
            a.require_admin()?;
            configs::save(cx, &entries)
        })
        .await?;
    Ok(J(json!({"suggestions": s, "i18n": i})))
}

async fn connections(
    State(st): State<AppState>,
    Admin(a): Admin,
) -> ApiResult<J<Map<String, Value>>> {
    Ok(J(forms::connections(&st.cx, &a)?))
}

async fn set_connections(
    State(st): State<AppState>,
    Admin(a): Admin,
    ApiJson(f): ApiJson<ConnectionsConfig>,
) -> ApiResult<J<Map<String, Value>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| forms::set_connections(cx, &a, f))
        .await?))
}

async fn code_execution(
    State(st): State<AppState>,
    Admin(a): Admin,
) -> ApiResult<J<Map<String, Value>>> {
    Ok(J(forms::code_execution(&st.cx, &a)?))
}

async fn set_code_execution(
    State(st): State<AppState>,
    Admin(a): Admin,
    ApiJson(f): ApiJson<CodeExecutionConfig>,
) -> ApiResult<J<Map<String, Value>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| forms::set_code_execution(cx, &a, f))
        .await?))
}

async fn models(State(st): State<AppState>, Admin(a): Admin) -> ApiResult<J<Map<String, Value>>> {
    Ok(J(forms::models(&st.cx, &a)?))
}

async fn set_models(
    State(st): State<AppState>,
    Admin(a): Admin,
    ApiJson(f): ApiJson<ModelsConfig>,
) -> ApiResult<J<Map<String, Value>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| forms::set_models(cx, &a, f))
        .await?))
}

async fn model_defaults(State(st): State<AppState>, Verified(a): Verified) -> ApiResult<J<Value>> {
    Ok(J(forms::model_defaults(&st.cx, &a)?))
}
