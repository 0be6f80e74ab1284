//! `/api/v1/chats`.

use axum::Json as J;
use axum::extract::{Path, Query, State};
use serde_json::Value;

use super::AppState;
use super::error::{ApiError, ApiResult};
use super::extract::{Admin, ApiJson, MaybeUser, Verified};
use super::fastapi::{hidden_as_401, refused_as_401, with_status};
use crate::core::chats::{self, Chat, ChatConfig, ChatForm, ChatPatch, ListQuery, TitleItem};
use crate::error::{Error, msg};

/// A chat (or a list of chats) as JSON: its document spliced from the
/// stored message texts, written on the blocking thread that read it.
struct ChatJson<T = Chat>(String, std::marker::PhantomData<T>);

impl From<Chat> for ChatJson {
    fn from(c: Chat) -> Self {
        ChatJson(c.to_json(), std::marker::PhantomData)
    }
}

impl From<Vec<Chat>> for ChatJson<Vec<Chat>> {
    fn from(c: Vec<Chat>) -> Self {
        ChatJson(Chat::list_to_json(&c), std::marker::PhantomData)
    }
}

/// Described as the `Json<T>` it is written as.
impl<T: schemars::JsonSchema> aide::operation::OperationOutput for ChatJson<T> {
    type Inner = T;
    fn operation_response(
        ctx: &mut aide::generate::GenContext,
        op: &mut aide::openapi::Operation,
    ) -> Option<aide::openapi::Response> {
        J::<T>::operation_response(ctx, op)
    }
    fn inferred_responses(
        ctx: &mut aide::generate::GenContext,
        op: &mut aide::openapi::Operation,
    ) -> Vec<(Option<u16>, aide::openapi::Response)> {
        J::<T>::inferred_responses(ctx, op)
    }
}

impl<T> axum::response::IntoResponse for ChatJson<T> {
    fn into_response(self) -> axum::response::Response {
        (
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            self.0,
        )
            .into_response()
    }
}

super::routing::routes! {
    "/" => get(list).delete(delete_all),
    "/list" => get(list),
    "/new" => post(create),
    "/pinned" => get(pinned),
    "/search" => get(search),
    "/read" => post(read_all),
    "/stats/usage" => get(usage_stats),
    "/stats/export" => get_with(export_stats, super::openapi::built::json_lines),
    "/stats/export/{chat_id}" => get(export_chat_stats),
    "/all" => get_with(export_all, super::openapi::built::json_lines),
    "/all/archived" => get(all_archived),
    "/archived" => get(archived),
    "/archived/count" => get(archived_count),
    "/archive/all" => post(archive_all),
    "/unarchive/all" => post(unarchive_all),
    "/import" => post(import),
    "/all/db" => get(all_db),
    "/list/user/{user_id}" => get(list_of_user),
    "/tags" => post(with_tag),
    "/shared" => get(shared_list),
    "/share/all" => delete(unshare_all),
    "/share/{share_id}" => get(open_share),
    "/shared/{id}/access" => get(share_access),
    "/shared/{id}/access/update" => post(update_share_access),
    "/all/tags" => get(all_tags),
    "/config" => get(chat_config).post(set_chat_config),
    "/{id}" => get(get_one).post(update).delete(delete_chat),
    "/{id}/pinned" => get(is_pinned),
    "/{id}/unread" => post(unread),
    "/{id}/folder" => post(move_to_folder),
    "/{id}/params" => patch(patch_params),
    "/{id}/clone" => post(clone),
    "/{id}/clone/shared" => post(clone_shared),
    "/{id}/fork" => post(fork),
    "/{id}/compact" => post(compact),
    "/{id}/share" => post(share).delete(unshare),
    "/{id}/messages/{message_id}" => post(upsert_message).delete(delete_message),
    "/{id}/messages/{message_id}/event" => post(message_event),
    "/folder/{folder_id}" => get(folder_chats),
    "/folder/{folder_id}/list" => get(folder_chat_list),
    "/{id}/pin" => post(pin),
    "/{id}/archive" => post(archive),
    "/{id}/tags" => get(tags).post(add_tag).delete(remove_tag),
}

/// A chat that is not there or not the caller's: upstream's 401
/// `NOT_FOUND`. Anything else not found (a message, a model) keeps its 404.
fn missing_chat_as_401(e: Error) -> ApiError {
    match e {
        Error::NotFound(ref m) if m == msg::NOT_FOUND => {
            with_status(axum::http::StatusCode::UNAUTHORIZED, e)
        }
        other => other.into(),
    }
}

/// `POST /{id}/fork`: 401 for the source chat as for a chat route, 404 for
/// a message it does not have.
fn fork_errors(e: Error) -> ApiError {
    match e {
        Error::NotFound(_) => missing_chat_as_401(e),
        other => refused_as_401(other),
    }
}

async fn list(
    State(st): State<AppState>,
    Verified(a): Verified,
    Query(q): Query<ListQuery>,
) -> ApiResult<J<Vec<TitleItem>>> {
    Ok(J(st.cx.blocking(move |cx| chats::list(cx, &a, &q)).await?))
}

async fn create(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(f): ApiJson<ChatForm>,
) -> ApiResult<ChatJson> {
    Ok(st
        .cx
        .blocking(move |cx| chats::create(cx, &a, f).map(ChatJson::from))
        .await?)
}

async fn pinned(State(st): State<AppState>, Verified(a): Verified) -> ApiResult<J<Vec<TitleItem>>> {
    Ok(J(st.cx.blocking(move |cx| chats::pinned(cx, &a)).await?))
}

async fn all_tags(State(st): State<AppState>, Verified(a): Verified) -> ApiResult<J<Vec<Value>>> {
    Ok(J(st.cx.blocking(move |cx| chats::all_tags(cx, &a)).await?))
}

async fn chat_config(State(st): State<AppState>, Admin(a): Admin) -> ApiResult<J<ChatConfig>> {
    Ok(J(chats::chat_config(&st.cx, &a)?))
}

async fn set_chat_config(
    State(st): State<AppState>,
    Admin(a): Admin,
    ApiJson(f): ApiJson<ChatConfig>,
) -> ApiResult<J<ChatConfig>> {
    Ok(J(st
        .cx
        .blocking(move |cx| chats::set_chat_config(cx, &a, f))
        .await?))
}

async fn get_one(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<ChatJson> {
    st.cx
        .blocking(move |cx| chats::get(cx, &a, &id).map(ChatJson::from))
        .await
        .map_err(hidden_as_401)
}

async fn update(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<ChatPatch>,
) -> ApiResult<ChatJson> {
    st.cx
        .blocking(move |cx| chats::update(cx, &a, &id, f).map(ChatJson::from))
        .await
        .map_err(refused_as_401)
}

async fn delete_chat(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<J<bool>> {
    st.cx
        .blocking(move |cx| chats::delete(cx, &a, &id))
        .await
        .map_err(refused_as_401)?;
    Ok(J(true))
}

async fn delete_all(State(st): State<AppState>, Verified(a): Verified) -> ApiResult<J<bool>> {
    st.cx
        .blocking(move |cx| chats::delete_all(cx, &a))
        .await
        .map_err(refused_as_401)?;
    Ok(J(true))
}

async fn is_pinned(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<J<bool>> {
    Ok(J(st
        .cx
        .blocking(move |cx| chats::is_pinned(cx, &a, &id))
        .await
        .map_err(refused_as_401)?))
}

async fn pin(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<ChatJson> {
    st.cx
        .blocking(move |cx| chats::toggle_pin(cx, &a, &id).map(ChatJson::from))
        .await
        .map_err(refused_as_401)
}

async fn archive(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<ChatJson> {
    st.cx
        .blocking(move |cx| chats::toggle_archive(cx, &a, &id).map(ChatJson::from))
        .await
        .map_err(refused_as_401)
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct TagForm {
    name: String,
}

async fn tags(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<J<Vec<Value>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| chats::chat_tags(cx, &a, &id))
        .await
        .map_err(hidden_as_401)?))
}

async fn add_tag(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<TagForm>,
) -> ApiResult<J<Vec<Value>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| chats::add_tag(cx, &a, &id, &f.name))
        .await
        .map_err(refused_as_401)?))
}

async fn remove_tag(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<TagForm>,
) -> ApiResult<J<Vec<Value>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| chats::remove_tag(cx, &a, &id, &f.name))
        .await
        .map_err(hidden_as_401)?))
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct SearchQuery {
    text: String,
    page: Option<i64>,
}

async fn search(
    State(st): State<AppState>,
    Verified(a): Verified,
    Query(q): Query<SearchQuery>,
) -> ApiResult<J<Vec<TitleItem>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| chats::search::search(cx, &a, &q.text, q.page.unwrap_or(1)))
        .await?))
}

async fn read_all(State(st): State<AppState>, Verified(a): Verified) -> ApiResult<J<Value>> {
    Ok(J(st
        .cx
        .blocking(move |cx| chats::mark_all_read(cx, &a))
        .await?))
}

async fn unread(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<J<Value>> {
    Ok(J(st
        .cx
        .blocking(move |cx| chats::mark_unread(cx, &a, &id))
        .await?))
}

/// Newline-delimited JSON, one chat per line, as upstream streams it.
async fn export_all(
    State(st): State<AppState>,
    Verified(a): Verified,
) -> ApiResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let all = st.cx.blocking(move |cx| chats::export_all(cx, &a)).await?;
    let mut body = Vec::new();
    for c in &all {
        serde_json::to_writer(&mut body, c).map_err(crate::error::Error::from)?;
        body.push(b'\n');
    }
    Ok((
        [(axum::http::header::CONTENT_TYPE, "application/x-ndjson")],
        body,
    )
        .into_response())
}

/// `GET /stats/usage` query.
#[derive(serde::Deserialize, schemars::JsonSchema)]
struct UsageQuery {
    items_per_page: Option<i64>,
    page: Option<i64>,
}

async fn usage_stats(
    State(st): State<AppState>,
    Verified(a): Verified,
    Query(q): Query<UsageQuery>,
) -> ApiResult<J<Value>> {
    let (per_page, page) = (q.items_per_page.unwrap_or(50), q.page.unwrap_or(1));
    Ok(J(st
        .cx
        .blocking(move |cx| chats::usage_stats(cx, &a, per_page, page))
        .await?))
}

/// `GET /stats/export` query.
#[derive(serde::Deserialize, schemars::JsonSchema)]
struct StatsExportQuery {
    updated_at: Option<i64>,
    page: Option<i64>,
    #[serde(default, deserialize_with = "super::fastapi::de_bool")]
    stream: bool,
}

/// A page of `ChatStatsExport`s, or with `stream=true` all of them as
/// newline-delimited JSON (a download).
async fn export_stats(
    State(st): State<AppState>,
    Verified(a): Verified,
    Query(q): Query<StatsExportQuery>,
) -> ApiResult<axum::response::Response> {
    use axum::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
    use axum::response::IntoResponse;
    if !q.stream {
        let page = q.page.unwrap_or(1);
        let list = st
            .cx
            .blocking(move |cx| chats::export_stats(cx, &a, q.updated_at, page))
            .await
            .map_err(refused_as_401)?;
        return Ok(J(list).into_response());
    }
    let file = format!("attachment; filename=chat-stats-export-{}.jsonl", a.id);
    let all = st
        .cx
        .blocking(move |cx| chats::export_stats_all(cx, &a, q.updated_at))
        .await
        .map_err(refused_as_401)?;
    let mut body = Vec::new();
    for c in &all {
        serde_json::to_writer(&mut body, c).map_err(crate::error::Error::from)?;
        body.push(b'\n');
    }
    Ok((
        [
            (CONTENT_TYPE, "application/x-ndjson".to_string()),
            (CONTENT_DISPOSITION, file),
        ],
        body,
    )
        .into_response())
}

async fn export_chat_stats(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(chat_id): Path<String>,
) -> ApiResult<J<Value>> {
    Ok(J(st
        .cx
        .blocking(move |cx| chats::export_chat_stats(cx, &a, &chat_id))
        .await
        .map_err(refused_as_401)?))
}

async fn all_archived(
    State(st): State<AppState>,
    Verified(a): Verified,
) -> ApiResult<ChatJson<Vec<Chat>>> {
    Ok(st
        .cx
        .blocking(move |cx| chats::all_archived(cx, &a).map(ChatJson::from))
        .await?)
}

async fn archived(
    State(st): State<AppState>,
    Verified(a): Verified,
    Query(q): Query<chats::ArchivedQuery>,
) -> ApiResult<J<Vec<TitleItem>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| chats::archived(cx, &a, &q))
        .await?))
}

async fn archived_count(State(st): State<AppState>, Verified(a): Verified) -> ApiResult<J<i64>> {
    Ok(J(st
        .cx
        .blocking(move |cx| chats::archived_count(cx, &a))
        .await?))
}

async fn archive_all(State(st): State<AppState>, Verified(a): Verified) -> ApiResult<J<bool>> {
    st.cx
        .blocking(move |cx| chats::set_all_archived(cx, &a, true))
        .await?;
    Ok(J(true))
}

async fn unarchive_all(State(st): State<AppState>, Verified(a): Verified) -> ApiResult<J<bool>> {
    st.cx
        .blocking(move |cx| chats::set_all_archived(cx, &a, false))
        .await?;
    Ok(J(true))
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct ImportForm {
    chats: Vec<chats::ImportChat>,
}

async fn import(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(f): ApiJson<ImportForm>,
) -> ApiResult<ChatJson<Vec<Chat>>> {
    st.cx
        .blocking(move |cx| chats::import(cx, &a, f.chats).map(ChatJson::from))
        .await
        .map_err(refused_as_401)
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct FolderForm {
    folder_id: Option<String>,
}

async fn move_to_folder(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<FolderForm>,
) -> ApiResult<ChatJson> {
    st.cx
        .blocking(move |cx| chats::move_to_folder(cx, &a, &id, f.folder_id).map(ChatJson::from))
        .await
        .map_err(refused_as_401)
}

async fn folder_chats(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(folder_id): Path<String>,
) -> ApiResult<ChatJson<Vec<Chat>>> {
    Ok(st
        .cx
        .blocking(move |cx| chats::folder_chats(cx, &a, &folder_id).map(ChatJson::from))
        .await?)
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct FolderListQuery {
    page: Option<i64>,
    sort_by: Option<String>,
    sort_dir: Option<String>,
}

async fn folder_chat_list(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(folder_id): Path<String>,
    Query(q): Query<FolderListQuery>,
) -> ApiResult<J<Vec<TitleItem>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| {
            chats::folder_chat_list(
                cx,
                &a,
                &folder_id,
                q.page.unwrap_or(1),
                q.sort_by.as_deref(),
                q.sort_dir.as_deref(),
            )
        })
        .await?))
}

async fn all_db(State(st): State<AppState>, Admin(a): Admin) -> ApiResult<ChatJson<Vec<Chat>>> {
    st.cx
        .blocking(move |cx| chats::all_db(cx, &a).map(ChatJson::from))
        .await
        .map_err(refused_as_401)
}

async fn list_of_user(
    State(st): State<AppState>,
    Admin(a): Admin,
    Path(user_id): Path<String>,
    Query(q): Query<chats::ArchivedQuery>,
) -> ApiResult<J<Vec<TitleItem>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| chats::list_of_user(cx, &a, &user_id, &q))
        .await
        .map_err(refused_as_401)?))
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct TagQueryForm {
    name: String,
    #[serde(default)]
    skip: i64,
    #[serde(default = "fifty")]
    limit: i64,
}

fn fifty() -> i64 {
    50
}

async fn with_tag(
    State(st): State<AppState>,
    Verified(a): Verified,
    ApiJson(f): ApiJson<TagQueryForm>,
) -> ApiResult<J<Vec<TitleItem>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| chats::with_tag(cx, &a, &f.name, f.skip, f.limit))
        .await?))
}

async fn patch_params(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(p): ApiJson<serde_json::Map<String, Value>>,
) -> ApiResult<J<Value>> {
    Ok(J(st
        .cx
        .blocking(move |cx| chats::patch_params(cx, &a, &id, p))
        .await
        .map_err(refused_as_401)?))
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct CloneForm {
    #[serde(default)]
    title: Option<String>,
}

async fn clone(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<CloneForm>,
) -> ApiResult<ChatJson> {
    st.cx
        .blocking(move |cx| chats::clone(cx, &a, &id, f.title).map(ChatJson::from))
        .await
        .map_err(refused_as_401)
}

/// `{"share_mode": ...}`: absent (keep) vs. null or a value.
#[derive(serde::Deserialize, Default, schemars::JsonSchema)]
struct ShareForm {
    #[serde(default, deserialize_with = "present")]
    share_mode: Option<Option<String>>,
}

fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    Ok(Some(serde::Deserialize::deserialize(d)?))
}

async fn share(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<ChatJson> {
    super::extract::check_json(&headers, &body)?;
    let form: ShareForm = optional_body(&body)?;
    st.cx
        .blocking(move |cx| chats::share(cx, &a, &id, form.share_mode).map(ChatJson::from))
        .await
        .map_err(refused_as_401)
}

async fn unshare(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<J<bool>> {
    st.cx
        .blocking(move |cx| chats::unshare(cx, &a, &id))
        .await
        .map_err(refused_as_401)?;
    Ok(J(true))
}

async fn unshare_all(State(st): State<AppState>, Verified(a): Verified) -> ApiResult<J<bool>> {
    st.cx.blocking(move |cx| chats::unshare_all(cx, &a)).await?;
    Ok(J(true))
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct SharedQuery {
    page: Option<i64>,
    query: Option<String>,
}

async fn shared_list(
    State(st): State<AppState>,
    Verified(a): Verified,
    Query(q): Query<SharedQuery>,
) -> ApiResult<J<Vec<chats::SharedItem>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| chats::shared_list(cx, &a, q.query.as_deref(), q.page.unwrap_or(1)))
        .await?))
}

async fn open_share(
    State(st): State<AppState>,
    MaybeUser(a): MaybeUser,
    Path(share_id): Path<String>,
) -> ApiResult<ChatJson> {
    st.cx
        .blocking(move |cx| chats::open_share(cx, a.as_ref(), &share_id).map(ChatJson::from))
        .await
        .map_err(hidden_as_401)
}

async fn share_access(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<J<Vec<Value>>> {
    Ok(J(st
        .cx
        .blocking(move |cx| chats::share_access(cx, &a, &id))
        .await?))
}

#[derive(serde::Deserialize, schemars::JsonSchema)]
struct ShareAccessForm {
    access_grants: Vec<crate::core::access::GrantSpec>,
    #[serde(default, deserialize_with = "present")]
    share_mode: Option<Option<String>>,
}

async fn update_share_access(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    ApiJson(f): ApiJson<ShareAccessForm>,
) -> ApiResult<ChatJson> {
    Ok(st
        .cx
        .blocking(move |cx| {
            chats::update_share_access(cx, &a, &id, f.access_grants, f.share_mode)
                .map(ChatJson::from)
        })
        .await?)
}

async fn clone_shared(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
) -> ApiResult<ChatJson> {
    st.cx
        .blocking(move |cx| chats::clone_shared(cx, &a, &id).map(ChatJson::from))
        .await
        .map_err(hidden_as_401)
}

async fn upsert_message(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path((id, mid)): Path<(String, String)>,
    ApiJson(p): ApiJson<chats::MessagePatch>,
) -> ApiResult<ChatJson> {
    st.cx
        .blocking(move |cx| chats::upsert_message(cx, &a, &id, &mid, p).map(ChatJson::from))
        .await
        .map_err(refused_as_401)
}

async fn delete_message(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path((id, mid)): Path<(String, String)>,
) -> ApiResult<ChatJson> {
    st.cx
        .blocking(move |cx| chats::delete_message(cx, &a, &id, &mid).map(ChatJson::from))
        .await
        .map_err(refused_as_401)
}

#[derive(serde::Deserialize, Default, schemars::JsonSchema)]
struct ForkForm {
    #[serde(default)]
    message_id: Option<String>,
}

async fn fork(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<ChatJson> {
    super::extract::check_json(&headers, &body)?;
    let form: ForkForm = optional_body(&body)?;
    st.cx
        .blocking(move |cx| chats::fork(cx, &a, &id, form.message_id).map(ChatJson::from))
        .await
        .map_err(fork_errors)
}

/// A JSON body the route does not require: none (or blank) is the default.
fn optional_body<T: Default + serde::de::DeserializeOwned>(body: &[u8]) -> ApiResult<T> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|e| Error::malformed(e.to_string()).into())
}

/// The body of `POST /{id}/messages/{message_id}/event`.
#[derive(serde::Deserialize, schemars::JsonSchema)]
struct EventForm {
    r#type: String,
    data: serde_json::Map<String, Value>,
}

async fn message_event(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path((id, mid)): Path<(String, String)>,
    ApiJson(f): ApiJson<EventForm>,
) -> ApiResult<J<bool>> {
    let event = serde_json::json!({"type": f.r#type, "data": f.data});
    Ok(J(st
        .cx
        .blocking(move |cx| chats::message_event(cx, &a, &id, &mid, &event))
        .await
        .map_err(refused_as_401)?))
}

#[derive(serde::Deserialize, Default, schemars::JsonSchema)]
struct CompactForm {
    #[serde(default)]
    model: Option<String>,
}

async fn compact(
    State(st): State<AppState>,
    Verified(a): Verified,
    Path(id): Path<String>,
    headers: axum::http::HeaderMap,
    body: axum::body::Bytes,
) -> ApiResult<J<Value>> {
    super::extract::check_json(&headers, &body)?;
    let f: CompactForm = if body.iter().all(u8::is_ascii_whitespace) {
        CompactForm::default()
    } else {
        serde_json::from_slice(&body).map_err(|e| {
            ApiError::new(
                axum::http::StatusCode::UNPROCESSABLE_ENTITY,
                serde_json::json!([{"type": "json_invalid", "loc": ["body"], "msg": e.to_string()}]),
            )
        })?
    };
    Ok(J(crate::core::completions::compaction::compact_chat(
        &st.cx, &a, &id, f.model,
    )
    .await
    .map_err(missing_chat_as_401)?))
}
