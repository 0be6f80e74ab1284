//! Authorization of every HTTP route: who may call it (anonymous, a bad
//! credential, pending, user, admin), through every transport (Bearer
//! header, `token` cookie, API key in the `x-api-key` header, as Bearer and
//! as cookie); ownership of a user's private data; API keys; session
//! revocation.

use std::collections::BTreeSet;
use std::path::Path;

use crate::common::{self, Auth, Resp, Server};
use owui::core::auths::token::{self, Claims};
use serde_json::{Value, json};

const NOT_AUTHENTICATED: &str = "Not authenticated";
const BAD_JWT: &str = "401 Unauthorized";
const NO_PERMISSION: &str = "You do not have permission to access this resource. Please contact your administrator for assistance.";
const INVALID_TOKEN: &str =
    "Your session has expired or the token is invalid. Please sign in again.";
const STAMP_ROTATED: &str = "Invalid token";
const INVALID_AUTH_REQUEST: &str = "Invalid authentication request.";
const KEYS_NOT_ALLOWED: &str = "Use of API key is not enabled in the environment.";
const KEY_CREATION_NOT_ALLOWED: &str = "API key creation is not allowed in the environment.";
const HUMAN_SESSION: &str = "A human session is required.";
const ACTION_PROHIBITED: &str = "The requested action has been restricted as a security measure.";
const NOT_FOUND: &str = "We could not find what you're looking for :/";
const PASSWORD: &str = "password-1";

fn detail(r: &Resp) -> &str {
    r.body["detail"].as_str().unwrap_or("")
}

fn assert_refused(r: &Resp, status: u16, want: &str, what: &str) {
    assert_eq!(
        (r.status, detail(r)),
        (status, want),
        "{what}: body {}",
        r.body
    );
}

fn ids(v: &Value) -> BTreeSet<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|g| g["id"].as_str().unwrap().to_string())
        .collect()
}

fn set_of<S: AsRef<str>>(items: &[S]) -> BTreeSet<String> {
    items.iter().map(|s| s.as_ref().to_string()).collect()
}

/// A token with the admin's claims and someone else's signature.
fn forged(admin_token: &str, other_token: &str) -> String {
    let (claims, _) = admin_token.rsplit_once('.').unwrap();
    let (_, sig) = other_token.rsplit_once('.').unwrap();
    format!("{claims}.{sig}")
}

struct Person {
    id: String,
    email: String,
    token: String,
    key: Option<String>,
}

async fn person(s: &Server, admin: &str, name: &str, role: &str) -> Person {
    let email = format!("{}@example.com", name.to_lowercase());
    let (token, id) = s.add_user(admin, name, &email, role).await;
    Person {
        id,
        email,
        token,
        key: None,
    }
}

async fn create_group(s: &Server, admin: &str, name: &str, members: &[&str]) -> String {
    let r = s
        .post(
            "/api/v1/groups/create",
            admin,
            json!({"name": name, "description": ""}),
        )
        .await;
    assert_eq!(r.status, 200, "create group: {}", r.body);
    let id = r.body["id"].as_str().unwrap().to_string();
    if !members.is_empty() {
        let r = s
            .post(
                &format!("/api/v1/groups/id/{id}/users/add"),
                admin,
                json!({"user_ids": members}),
            )
            .await;
        assert_eq!(r.status, 200, "add members: {}", r.body);
    }
    id
}

/// Turn API keys on or off through the admin form (the whole `AdminConfig`).
async fn set_api_keys(s: &Server, admin: &str, on: bool) {
    let r = s.get("/api/v1/auths/admin/config", admin).await;
    assert_eq!(r.status, 200, "admin config: {}", r.body);
    let mut cfg = r.body;
    cfg["ENABLE_API_KEYS"] = json!(on);
    let r = s.post("/api/v1/auths/admin/config", admin, cfg).await;
    assert_eq!(r.status, 200, "save admin config: {}", r.body);
    assert_eq!(r.body["ENABLE_API_KEYS"], json!(on));
}

/// Set one default permission (`section.key`) for every user.
async fn set_default_permission(s: &Server, admin: &str, section: &str, key: &str, on: bool) {
    let r = s.get("/api/v1/users/default/permissions", admin).await;
    assert_eq!(r.status, 200, "default permissions: {}", r.body);
    let mut p = r.body;
    p[section][key] = json!(on);
    let r = s.post("/api/v1/users/default/permissions", admin, p).await;
    assert_eq!(r.status, 200, "save default permissions: {}", r.body);
    assert_eq!(r.body[section][key], json!(on));
}

async fn create_key(s: &Server, token: &str) -> String {
    let r = s
        .call("POST", "/api/v1/auths/api_key", Auth::Bearer(token), None)
        .await;
    assert_eq!(r.status, 200, "create API key: {}", r.body);
    let key = r.body["api_key"].as_str().unwrap().to_string();
    assert!(
        key.starts_with("sk-") && key.len() == 35,
        "key format: {key}"
    );
    key
}

/// A server with an admin, two users, a pending user, a user to delete,
/// a group with `user` in it and a group to delete.
struct World {
    s: Server,
    admin: Person,
    user: Person,
    other: Person,
    pending: Person,
    victim: Person,
    team: String,
    doomed: String,
}

impl World {
    async fn new(with_keys: bool) -> World {
        let s = common::start().await;
        let (token, id) = s.signup("Admin", "admin@example.com", PASSWORD).await;
        let mut admin = Person {
            id,
            email: "admin@example.com".into(),
            token,
            key: None,
        };
        let mut user = person(&s, &admin.token, "User", "user").await;
        let other = person(&s, &admin.token, "Other", "user").await;
        let mut pending = person(&s, &admin.token, "Pending", "pending").await;
        let victim = person(&s, &admin.token, "Victim", "user").await;
        let team = create_group(&s, &admin.token, "team", &[&user.id]).await;
        let doomed = create_group(&s, &admin.token, "doomed", &[]).await;
        if with_keys {
            set_api_keys(&s, &admin.token, true).await;
            set_default_permission(&s, &admin.token, "features", "api_keys", true).await;
            for p in [&mut admin, &mut user, &mut pending] {
                p.key = Some(create_key(&s, &p.token).await);
            }
        }
        World {
            s,
            admin,
            user,
            other,
            pending,
            victim,
            team,
            doomed,
        }
    }
}

/// Who a route lets in.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Level {
    /// No credential read.
    Public,
    /// `/api/config`: a valid session JWT changes the answer, nothing fails.
    Optional,
    /// Any valid credential, `pending` included.
    Any,
    /// `user` or `admin`.
    Verified,
    Admin,
    /// Verified, and admin-only in the handler: users get a 401
    /// `401 Unauthorized`.
    AdminInHandler,
    /// A session JWT, any role; API keys get 403.
    Human,
}

struct Row {
    method: &'static str,
    path: String,
    body: Option<Value>,
    level: Level,
    /// The status for a caller the level lets through.
    ok: u16,
    /// The `detail` that goes with `ok`, when it is an error.
    detail: Option<&'static str>,
    /// Left out when the callers use API keys (it changes their key).
    jwt_only: bool,
}

fn row(method: &'static str, path: impl Into<String>, level: Level, ok: u16) -> Row {
    Row {
        method,
        path: path.into(),
        body: None,
        level,
        ok,
        detail: None,
        jwt_only: false,
    }
}

impl Row {
    fn body(mut self, b: Value) -> Row {
        self.body = Some(b);
        self
    }

    fn detail(mut self, d: &'static str) -> Row {
        self.detail = Some(d);
        self
    }

    fn jwt_only(mut self) -> Row {
        self.jwt_only = true;
        self
    }
}

/// Every route, with real ids and valid bodies. Rows that destroy
/// something target `victim` or `doomed`, nothing another row needs.
/// The task endpoints' unknown model (upstream does not name it).
const NO_TASK_MODEL: &str = "Model '' was not found";
/// The task settings as they start.
static TASK_DEFAULTS: std::sync::LazyLock<Value> = std::sync::LazyLock::new(|| {
    json!({"TASK_MODEL": "", "TASK_MODEL_EXTERNAL": "", "TASK_MODEL_PARAMS": {},
        "ENABLE_TITLE_GENERATION": true, "TITLE_GENERATION_PROMPT_TEMPLATE": "",
        "IMAGE_PROMPT_GENERATION_PROMPT_TEMPLATE": "", "ENABLE_AUTOCOMPLETE_GENERATION": false,
        "AUTOCOMPLETE_GENERATION_INPUT_MAX_LENGTH": -1, "AUTOCOMPLETE_GENERATION_PROMPT_TEMPLATE": "",
        "TAGS_GENERATION_PROMPT_TEMPLATE": "", "FOLLOW_UP_GENERATION_PROMPT_TEMPLATE": "",
        "ENABLE_FOLLOW_UP_GENERATION": true, "ENABLE_TAGS_GENERATION": true,
        "ENABLE_SEARCH_QUERY_GENERATION": true, "ENABLE_RETRIEVAL_QUERY_GENERATION": true,
        "QUERY_GENERATION_PROMPT_TEMPLATE": "", "TOOLS_FUNCTION_CALLING_PROMPT_TEMPLATE": "",
        "ENABLE_VOICE_MODE_PROMPT": true, "VOICE_MODE_PROMPT_TEMPLATE": ""})
});
/// Upstream's `DEFAULT()` detail.
const SOMETHING_WRONG: &str = "Something went wrong :/";
/// Model management on a connection without llama.cpp / LM Studio.
const NO_MANAGEMENT: &str = "Provider \"default\" does not support model management";
/// The OpenAI catch-all's refusal.
const PASSTHROUGH: &str =
    "Direct API passthrough is disabled. Set ENABLE_OPENAI_API_PASSTHROUGH=True to enable.";

async fn table(w: &World) -> Vec<Row> {
    use Level::*;
    let admin_config = w.s.get("/api/v1/auths/admin/config", &w.admin.token).await;
    assert_eq!(admin_config.status, 200);
    // models: users may export and import, so those rows answer users and admins alike
    set_default_permission(&w.s, &w.admin.token, "workspace", "models_export", true).await;
    set_default_permission(&w.s, &w.admin.token, "workspace", "models_import", true).await;
    let permissions =
        w.s.get("/api/v1/users/default/permissions", &w.admin.token)
            .await;
    assert_eq!(permissions.status, 200);
    let other = &w.other.id;
    let victim = &w.victim.id;
    let team = &w.team;
    let doomed = &w.doomed;
    // providers: connections that refuse at once, so no row waits on the network
    let openai_cfg = json!({"ENABLE_OPENAI_API": true, "OPENAI_API_BASE_URLS": ["http://127.0.0.1:1/v1"],
        "OPENAI_API_KEYS": [""], "OPENAI_API_CONFIGS": {}});
    let ollama_cfg = json!({"ENABLE_OLLAMA_API": true, "OLLAMA_BASE_URLS": ["http://127.0.0.1:1"],
        "OLLAMA_API_CONFIGS": {}});
    assert_eq!(
        w.s.post("/openai/config/update", &w.admin.token, openai_cfg.clone())
            .await
            .status,
        200
    );
    assert_eq!(
        w.s.post("/ollama/config/update", &w.admin.token, ollama_cfg.clone())
            .await
            .status,
        200
    );
    vec![
        // app
        row("GET", "/health", Public, 200),
        row("GET", "/ready", Public, 200),
        row("GET", "/health/db", Public, 200),
        row("GET", "/api/version", Public, 200),
        row("GET", "/openapi.json", Public, 200),
        row("GET", "/manifest.json", Public, 200),
        row("GET", "/static/favicon.png", Public, 404),
        row("GET", "/api/config", Optional, 200),
        row("GET", "/api/usage", Verified, 200),
        row("GET", "/api/models", Verified, 200),
        row("GET", "/api/v1/models", Verified, 200),
        row("GET", "/api/models/base", Admin, 200),
        row("POST", "/api/chat/completions", Verified, 400)
            .body(json!({"model": "no-such-model", "messages": []}))
            .detail("Model not found"),
        row("POST", "/api/v1/chat/completions", Verified, 400)
            .body(json!({"model": "no-such-model", "messages": []}))
            .detail("Model not found"),
        row("POST", "/api/chat/completed", Verified, 400)
            .body(json!({"model": "no-such-model", "id": "m1", "messages": []}))
            .detail("Model not found"),
        row("POST", "/api/embeddings", Verified, 400)
            .body(json!({"model": "no-such-model", "input": "x"}))
            .detail("Model not found"),
        row("POST", "/api/v1/embeddings", Verified, 400)
            .body(json!({"model": "no-such-model", "input": "x"}))
            .detail("Model not found"),
        row("GET", "/api/tasks", Admin, 200),
        row("POST", "/api/tasks/stop/no-such-task", Admin, 200),
        row("GET", "/api/tasks/chat/no-such-chat", Verified, 200),
        row("POST", "/api/tasks/chat/no-such-chat/stop", Verified, 404).detail(NOT_FOUND),
        row("GET", "/api/v1/notes/pinned", Verified, 200),
        row("GET", "/api/v1/skills", Verified, 200),
        row("GET", "/api/v1/terminals", Verified, 200),
        // chats (a chat id nobody has: upstream's 401/404 for a missing chat)
        row("GET", "/api/v1/chats/", Verified, 200),
        row("GET", "/api/v1/chats/list", Verified, 200),
        row("DELETE", "/api/v1/chats/", Verified, 200),
        row("POST", "/api/v1/chats/new", Verified, 200).body(json!({"chat": {"title": "t"}})),
        row("GET", "/api/v1/chats/pinned", Verified, 200),
        row("GET", "/api/v1/chats/search?text=hello", Verified, 200),
        row("POST", "/api/v1/chats/read", Verified, 200),
        row("GET", "/api/v1/chats/stats/usage", Verified, 200),
        row("GET", "/api/v1/chats/stats/export", Verified, 200),
        row("GET", "/api/v1/chats/stats/export/no-such-chat", Verified, 404).detail(owui::error::msg::NOT_FOUND),
        row("GET", "/api/v1/chats/all", Verified, 200),
        row("GET", "/api/v1/chats/all/archived", Verified, 200),
        row("GET", "/api/v1/chats/archived", Verified, 200),
        row("GET", "/api/v1/chats/archived/count", Verified, 200),
        row("POST", "/api/v1/chats/archive/all", Verified, 200),
        row("POST", "/api/v1/chats/unarchive/all", Verified, 200),
        row("POST", "/api/v1/chats/import", Verified, 200).body(json!({"chats": []})),
        row("POST", "/api/v1/chats/no-such-chat/unread", Verified, 404).detail(owui::error::msg::NOT_FOUND),
        row("POST", "/api/v1/chats/no-such-chat/folder", Verified, 401)
            .body(json!({"folder_id": null}))
            .detail(SOMETHING_WRONG),
        row("GET", "/api/v1/chats/folder/no-such-folder", Verified, 200),
        row("GET", "/api/v1/chats/folder/no-such-folder/list", Verified, 200),
        row("GET", "/api/v1/chats/all/db", Admin, 200),
        row("GET", format!("/api/v1/chats/list/user/{other}"), Admin, 200),
        row("POST", "/api/v1/chats/tags", Verified, 200).body(json!({"name": "x"})),
        row("GET", "/api/v1/chats/shared", Verified, 200),
        row("DELETE", "/api/v1/chats/share/all", Verified, 200),
        row("GET", "/api/v1/chats/share/no-such-share", Optional, 401).detail(owui::error::msg::NOT_FOUND),
        row("GET", "/api/v1/chats/shared/no-such-chat/access", Verified, 404).detail(owui::error::msg::NOT_FOUND),
        row("POST", "/api/v1/chats/shared/no-such-chat/access/update", Verified, 404)
            .body(json!({"access_grants": []}))
            .detail(owui::error::msg::NOT_FOUND),
        row("POST", "/api/v1/chats/no-such-chat/clone/shared", Verified, 401).detail(owui::error::msg::NOT_FOUND),
        row("POST", "/api/v1/chats/no-such-chat/share", Verified, 401).detail(NO_PERMISSION),
        row("DELETE", "/api/v1/chats/no-such-chat/share", Verified, 401).detail(NO_PERMISSION),
        row("POST", "/api/v1/chats/no-such-chat/messages/m1", Verified, 401)
            .body(json!({"content": "x"}))
            .detail(NO_PERMISSION),
        row("DELETE", "/api/v1/chats/no-such-chat/messages/m1", Verified, 401).detail(NO_PERMISSION),
        row("POST", "/api/v1/chats/no-such-chat/messages/m1/event", Verified, 401)
            .body(json!({"type": "status", "data": {}}))
            .detail(NO_PERMISSION),
        row("POST", "/api/v1/chats/no-such-chat/compact", Verified, 401).detail(owui::error::msg::NOT_FOUND),
        row("POST", "/api/v1/chats/no-such-chat/fork", Verified, 401).detail(owui::error::msg::NOT_FOUND),
        row("PATCH", "/api/v1/chats/no-such-chat/params", Verified, 401)
            .body(json!({"temperature": 0.5}))
            .detail(NO_PERMISSION),
        row("POST", "/api/v1/chats/no-such-chat/clone", Verified, 401)
            .body(json!({}))
            .detail(SOMETHING_WRONG),
        row("GET", "/api/v1/chats/all/tags", Verified, 200),
        row("GET", "/api/v1/chats/config", Admin, 200),
        row("POST", "/api/v1/chats/config", Admin, 200)
            .body(json!({"ENABLE_CONTEXT_COMPACTION": false, "CONTEXT_COMPACTION_PROMPT_TEMPLATE": ""})),
        // tasks: no model is served, so the completions stop at the model lookup
        // utils
        row("GET", "/api/v1/utils/gravatar?email=a@example.com", Verified, 200),
        row("GET", "/api/v1/utils/db/download", Admin, 200),
        row("GET", "/api/v1/tasks/config", Verified, 200),
        row("POST", "/api/v1/tasks/config/update", Admin, 200).body(TASK_DEFAULTS.clone()),
        row("POST", "/api/v1/tasks/title/completions", Verified, 404)
            .body(json!({"model": "no-such-model", "messages": []}))
            .detail(NO_TASK_MODEL),
        row("POST", "/api/v1/tasks/follow_up/completions", Verified, 404)
            .body(json!({"model": "no-such-model", "messages": []}))
            .detail(NO_TASK_MODEL),
        row("POST", "/api/v1/tasks/tags/completions", Verified, 404)
            .body(json!({"model": "no-such-model", "messages": []}))
            .detail(NO_TASK_MODEL),
        row("POST", "/api/v1/tasks/image_prompt/completions", Verified, 404)
            .body(json!({"model": "no-such-model", "messages": []}))
            .detail(NO_TASK_MODEL),
        row("POST", "/api/v1/tasks/queries/completions", Verified, 404)
            .body(json!({"model": "no-such-model", "messages": [], "type": "web_search"}))
            .detail(NO_TASK_MODEL),
        row("POST", "/api/v1/tasks/auto/completions", Verified, 400)
            .body(json!({"model": "no-such-model", "prompt": "hel"}))
            .detail("Autocompletion generation is disabled"),
        row("POST", "/api/v1/tasks/emoji/completions", Verified, 404)
            .body(json!({"model": "no-such-model", "prompt": "hi"}))
            .detail(NO_TASK_MODEL),
        row("POST", "/api/v1/tasks/moa/completions", Verified, 404)
            .body(json!({"model": "no-such-model", "prompt": "hi", "responses": ["a"]}))
            .detail(NO_TASK_MODEL),
        row("GET", "/api/v1/chats/no-such-chat", Verified, 401).detail(owui::error::msg::NOT_FOUND),
        row("POST", "/api/v1/chats/no-such-chat", Verified, 401)
            .body(json!({"chat": {"title": "t"}}))
            .detail(NO_PERMISSION),
        row("DELETE", "/api/v1/chats/no-such-chat", Verified, 404).detail(owui::error::msg::NOT_FOUND),
        row("GET", "/api/v1/chats/no-such-chat/pinned", Verified, 401).detail(SOMETHING_WRONG),
        row("POST", "/api/v1/chats/no-such-chat/pin", Verified, 401).detail(SOMETHING_WRONG),
        row("POST", "/api/v1/chats/no-such-chat/archive", Verified, 401).detail(SOMETHING_WRONG),
        row("GET", "/api/v1/chats/no-such-chat/tags", Verified, 401).detail(owui::error::msg::NOT_FOUND),
        row("POST", "/api/v1/chats/no-such-chat/tags", Verified, 401)
            .body(json!({"name": "x"}))
            .detail(SOMETHING_WRONG),
        row("DELETE", "/api/v1/chats/no-such-chat/tags", Verified, 401)
            .body(json!({"name": "x"}))
            .detail(owui::error::msg::NOT_FOUND),
        // folders (a folder id nobody has: upstream's 404)
        row("GET", "/api/v1/folders/", Verified, 200),
        row("POST", "/api/v1/folders/", Verified, 200).body(json!({"name": "t"})),
        row("GET", "/api/v1/folders/shared", Verified, 200),
        row("GET", "/api/v1/folders/no-such-folder", Verified, 404).detail(owui::error::msg::NOT_FOUND),
        row("DELETE", "/api/v1/folders/no-such-folder", Verified, 404).detail(owui::error::msg::NOT_FOUND),
        row("POST", "/api/v1/folders/no-such-folder/update", Verified, 404)
            .body(json!({"name": "x"}))
            .detail(owui::error::msg::NOT_FOUND),
        row("POST", "/api/v1/folders/no-such-folder/update/parent", Verified, 404)
            .body(json!({"parent_id": null}))
            .detail(owui::error::msg::NOT_FOUND),
        row("POST", "/api/v1/folders/no-such-folder/update/expanded", Verified, 404)
            .body(json!({"is_expanded": true}))
            .detail(owui::error::msg::NOT_FOUND),
        row("POST", "/api/v1/folders/no-such-folder/access/update", Verified, 404)
            .body(json!({"access_grants": []}))
            .detail(owui::error::msg::NOT_FOUND),
        row("GET", "/api/v1/folders/no-such-folder/shared/chats", Verified, 404).detail(owui::error::msg::NOT_FOUND),
        row("POST", "/api/v1/folders/no-such-folder/read", Verified, 404).detail(owui::error::msg::NOT_FOUND),
        // models (a model id nobody has: upstream's 404, or 401 NOT_FOUND on writes)
        row("GET", "/api/v1/models/list", Verified, 200),
        row("GET", "/api/v1/models/all", Admin, 200),
        row("GET", "/api/v1/models/base/tags", Admin, 200),
        row("GET", "/api/v1/models/base", Admin, 200),
        row("GET", "/api/v1/models/tags", Verified, 200),
        row("POST", "/api/v1/models/create", Verified, 422)
            .body(json!({"id": "no such id", "name": "x", "meta": {}, "params": {}})),
        row("GET", "/api/v1/models/export?ids=no-such-model", Verified, 403).detail(owui::error::msg::ACCESS_PROHIBITED),
        row("POST", "/api/v1/models/import", Verified, 200).body(json!({"models": []})),
        row("POST", "/api/v1/models/sync", Admin, 200).body(json!({"models": []})),
        row("GET", "/api/v1/models/model?id=no-such-model", Verified, 404).detail(owui::error::msg::NOT_FOUND),
        row("GET", "/api/v1/models/model/history?id=no-such-model", Verified, 404).detail(owui::error::msg::NOT_FOUND),
        row("GET", "/api/v1/models/model/history/no-such-version?id=no-such-model", Verified, 404)
            .detail(owui::error::msg::NOT_FOUND),
        row("DELETE", "/api/v1/models/model/history/no-such-version?id=no-such-model", Verified, 404)
            .detail(owui::error::msg::NOT_FOUND),
        row("POST", "/api/v1/models/model/update/version?id=no-such-model", Verified, 404)
            .body(json!({"version_id": "no-such-version"}))
            .detail(owui::error::msg::NOT_FOUND),
        // a 302 to /static/favicon.png, followed: no frontend here, so 404
        row("GET", "/api/v1/models/model/profile/image?id=no-such-model", Verified, 404),
        row("POST", "/api/v1/models/model/toggle?id=no-such-model", Verified, 401).detail(owui::error::msg::NOT_FOUND),
        row("POST", "/api/v1/models/model/update", Verified, 401)
            .body(json!({"id": "no-such-model", "name": "x", "meta": {}, "params": {}}))
            .detail(owui::error::msg::NOT_FOUND),
        row("POST", "/api/v1/models/model/access/update", Verified, 422)
            .body(json!({"id": "no such id", "access_grants": []})),
        row("POST", "/api/v1/models/model/delete", Verified, 401)
            .body(json!({"id": "no-such-model"}))
            .detail(owui::error::msg::NOT_FOUND),
        row("DELETE", "/api/v1/models/delete/all", Admin, 200),
        // evaluations
        row("GET", "/api/v1/evaluations/leaderboard?query=code", Admin, 200),
        row("GET", "/api/v1/evaluations/leaderboard/org/m/history?days=7", Admin, 200),
        row("GET", "/api/v1/evaluations/config", Admin, 200),
        row("POST", "/api/v1/evaluations/config", Admin, 200).body(json!({})),
        row("GET", "/api/v1/evaluations/feedbacks/models", Admin, 200),
        row("GET", "/api/v1/evaluations/feedbacks/all/ids", Admin, 200),
        row("GET", "/api/v1/evaluations/feedbacks/all/export", Admin, 200),
        row("GET", "/api/v1/evaluations/feedbacks/list?order_by=rating", Admin, 200),
        row("DELETE", "/api/v1/evaluations/feedbacks/all", Admin, 200),
        row("GET", "/api/v1/evaluations/feedbacks/user?page=1", Verified, 200),
        row("DELETE", "/api/v1/evaluations/feedbacks", Verified, 200),
        row("POST", "/api/v1/evaluations/feedback", Verified, 200)
            .body(json!({"type": "rating", "data": {"rating": 1, "model_id": "m"}})),
        row("GET", "/api/v1/evaluations/feedback/no-such-feedback", Verified, 404)
            .detail(owui::error::msg::NOT_FOUND),
        row("POST", "/api/v1/evaluations/feedback/no-such-feedback", Verified, 404)
            .body(json!({"type": "rating"}))
            .detail(owui::error::msg::NOT_FOUND),
        row("DELETE", "/api/v1/evaluations/feedback/no-such-feedback", Verified, 404)
            .detail(owui::error::msg::NOT_FOUND),
        // openai (connection refused; bad bodies answer before any model lookup)
        row("GET", "/openai/config", Admin, 200),
        row("POST", "/openai/config/update", Admin, 200).body(openai_cfg.clone()),
        row("POST", "/openai/verify", Admin, 500)
            .body(json!({"url": "http://127.0.0.1:1", "key": ""}))
            .detail("Open WebUI: Server Connection Error"),
        row("GET", "/openai/models", Verified, 200),
        row("GET", "/openai/models/0", Admin, 500).detail("Open WebUI: Server Connection Error"),
        row("POST", "/openai/chat/completions", Verified, 422).body(json!([])),
        row("GET", "/openai/models/0/catalog", Admin, 400).detail(NO_MANAGEMENT),
        row("POST", "/openai/models/0/download", Admin, 400).body(json!({"model": "m"})).detail(NO_MANAGEMENT),
        row("GET", "/openai/models/0/download/status/j", Admin, 400).detail(NO_MANAGEMENT),
        row("POST", "/openai/models/0/load", Admin, 400).body(json!({"model": "m"})).detail(NO_MANAGEMENT),
        row("POST", "/openai/models/0/unload", Admin, 400).body(json!({"model": "m"})).detail(NO_MANAGEMENT),
        row("GET", "/openai/models/0/sse", Admin, 400).detail(NO_MANAGEMENT),
        row("DELETE", "/openai/models/0?model=m", Admin, 400).detail(NO_MANAGEMENT),
        row("POST", "/openai/responses", Verified, 422).body(json!([])),
        row("GET", "/openai/no-such-path", Verified, 403).detail(PASSTHROUGH),
        row("POST", "/openai/no-such-path", Verified, 403).detail(PASSTHROUGH),
        row("PUT", "/openai/no-such-path", Verified, 403).detail(PASSTHROUGH),
        row("DELETE", "/openai/no-such-path", Verified, 403).detail(PASSTHROUGH),
        // ollama
        row("GET", "/ollama/", Public, 200),
        row("GET", "/ollama/config", Admin, 200),
        row("POST", "/ollama/config/update", Admin, 200).body(ollama_cfg.clone()),
        row("POST", "/ollama/verify", Admin, 500)
            .body(json!({"url": "http://127.0.0.1:1"}))
            .detail("Open WebUI: Server Connection Error"),
        row("GET", "/ollama/api/tags", Verified, 200),
        row("GET", "/ollama/api/tags/0", Admin, 500),
        row("GET", "/ollama/api/ps", Admin, 200),
        row("GET", "/ollama/api/version", Verified, 500).detail("WebUI could not connect to Ollama"),
        row("GET", "/ollama/api/version/0", Admin, 500),
        row("POST", "/ollama/api/unload", Admin, 400).body(json!({})).detail("Missing name of the model to unload."),
        row("POST", "/ollama/api/pull", Admin, 422).body(json!({"model": 5})),
        row("POST", "/ollama/api/pull/0", Admin, 422).body(json!({"model": 5})),
        row("POST", "/ollama/api/copy", Admin, 422).body(json!({})),
        row("POST", "/ollama/api/copy/0", Admin, 422).body(json!({})),
        row("DELETE", "/ollama/api/delete", Admin, 422).body(json!({"model": 5})),
        row("DELETE", "/ollama/api/delete/0", Admin, 422).body(json!({"model": 5})),
        row("POST", "/ollama/api/show", Verified, 422).body(json!({"model": 5})),
        row("POST", "/ollama/api/embed", Verified, 422).body(json!({})),
        row("POST", "/ollama/api/embed/0", Verified, 422).body(json!({})),
        row("POST", "/ollama/api/embeddings", Verified, 422).body(json!({})),
        row("POST", "/ollama/api/embeddings/0", Verified, 422).body(json!({})),
        row("POST", "/ollama/api/generate", Verified, 422).body(json!({})),
        row("POST", "/ollama/api/generate/0", Verified, 422).body(json!({})),
        row("POST", "/ollama/api/chat", Verified, 400).body(json!({})),
        row("POST", "/ollama/api/chat/0", Verified, 400).body(json!({})),
        row("POST", "/ollama/v1/chat/completions", Verified, 400).body(json!({})),
        row("POST", "/ollama/v1/chat/completions/0", Verified, 400).body(json!({})),
        row("DELETE", "/ollama/api/push", Admin, 422).body(json!({})),
        row("DELETE", "/ollama/api/push/0", Admin, 422).body(json!({})),
        row("POST", "/ollama/api/create", Admin, 422).body(json!({"model": 5})),
        row("POST", "/ollama/api/create/0", Admin, 422).body(json!({"model": 5})),
        row("GET", "/ollama/v1/models", Verified, 200),
        row("GET", "/ollama/v1/models/0", Admin, 500),
        row("POST", "/ollama/v1/completions", Verified, 400).body(json!({})),
        row("POST", "/ollama/v1/completions/0", Verified, 400).body(json!({})),
        row("POST", "/ollama/v1/embeddings", Verified, 400).body(json!({})),
        row("POST", "/ollama/v1/embeddings/0", Verified, 400).body(json!({})),
        row("POST", "/ollama/v1/messages", Verified, 422).body(json!([])),
        row("POST", "/ollama/v1/messages/0", Verified, 422).body(json!([])),
        row("POST", "/ollama/v1/responses", Verified, 422).body(json!({})),
        row("POST", "/ollama/v1/responses/0", Verified, 422).body(json!({})),
        row("POST", "/ollama/models/download", Admin, 400).body(json!({"url": "http://127.0.0.1:1/m.gguf"}))
            .detail("Invalid file_url. Only URLs from allowed hosts are permitted."),
        row("POST", "/ollama/models/download/0", Admin, 422).body(json!({})),
        row("POST", "/ollama/models/upload", Admin, 422).body(json!({})),
        row("POST", "/ollama/models/upload/0", Admin, 422).body(json!({})),
        // files (a JSON body is no multipart upload: FastAPI's 422; a file
        // id nobody has: 404)
        row("GET", "/api/v1/files/", Verified, 200),
        row("POST", "/api/v1/files/", Verified, 422).body(json!({"file": "x"})),
        row("GET", "/api/v1/files/no-such-file", Verified, 404).detail(owui::error::msg::NOT_FOUND),
        row("DELETE", "/api/v1/files/no-such-file", Verified, 404).detail(owui::error::msg::NOT_FOUND),
        row("GET", "/api/v1/files/no-such-file/content", Verified, 404).detail(owui::error::msg::NOT_FOUND),
        row("GET", "/api/v1/files/no-such-file/process/status", Verified, 404)
            .detail(owui::error::msg::NOT_FOUND),
        row("GET", "/api/v1/files/search?filename=no-such-name", Verified, 404)
            .detail("No files found matching the pattern."),
        row("GET", "/api/v1/files/user/search", Verified, 200),
        row("GET", "/api/v1/files/count", Verified, 200),
        row("GET", "/api/v1/files/user/count", Verified, 200),
        row("GET", "/api/v1/files/no-such-file/data/content", Verified, 404).detail(owui::error::msg::NOT_FOUND),
        row("GET", "/api/v1/files/no-such-file/content/html", Verified, 404).detail(owui::error::msg::NOT_FOUND),
        row("GET", "/api/v1/files/no-such-file/content/x.txt", Verified, 404).detail(owui::error::msg::NOT_FOUND),
        row("POST", "/api/v1/files/no-such-file/rename", Verified, 404)
            .body(json!({"filename": "x"}))
            .detail(owui::error::msg::NOT_FOUND),
        row("POST", "/api/v1/files/no-such-file/data/content/update", Verified, 404)
            .body(json!({"content": "x"}))
            .detail(owui::error::msg::NOT_FOUND),
        // indexing and queries (a body missing its fields: 422)
        row("POST", "/api/v1/retrieval/process/file", Verified, 404)
            .body(json!({"file_id": "no-such-file"}))
            .detail(owui::error::msg::NOT_FOUND),
        row("POST", "/api/v1/retrieval/process/text", Verified, 422).body(json!({})),
        row("POST", "/api/v1/retrieval/query/doc", Verified, 422).body(json!({})),
        row("POST", "/api/v1/retrieval/process/files/batch", Verified, 422).body(json!({})),
        row("POST", "/api/v1/retrieval/process/web", Verified, 422).body(json!({})),
        row("POST", "/api/v1/retrieval/query/collection", Verified, 422).body(json!({})),
        row("POST", "/api/v1/retrieval/delete", Admin, 200)
            .body(json!({"collection_name": "no-such-collection", "file_id": "x"})),
        row("POST", "/api/v1/retrieval/reset/uploads", Admin, 200),
        // pipelines (connection 0 refuses at once: upstream's 404 `Pipeline not found`)
        row("GET", "/api/v1/pipelines/list", Admin, 200),
        row("GET", "/api/v1/pipelines/", Admin, 404).detail("Pipeline not found"),
        row("POST", "/api/v1/pipelines/upload", Admin, 422).body(json!({})),
        row("POST", "/api/v1/pipelines/add", Admin, 404)
            .body(json!({"url": "x", "urlIdx": 0}))
            .detail("Pipeline not found"),
        row("DELETE", "/api/v1/pipelines/delete", Admin, 404)
            .body(json!({"id": "x", "urlIdx": 0}))
            .detail("Pipeline not found"),
        row("GET", "/api/v1/pipelines/x/valves?urlIdx=0", Admin, 404).detail("Pipeline not found"),
        row("GET", "/api/v1/pipelines/x/valves/spec?urlIdx=0", Admin, 404).detail("Pipeline not found"),
        row("POST", "/api/v1/pipelines/x/valves/update?urlIdx=0", Admin, 404)
            .body(json!({}))
            .detail("Pipeline not found"),
        // memories (callers who have none; nothing reaches the embedder)
        row("GET", "/api/v1/memories/", Verified, 200),
        row("POST", "/api/v1/memories/add", Verified, 400)
            .body(json!({"content": " "}))
            .detail("Memory content cannot be empty"),
        row("POST", "/api/v1/memories/update", Verified, 400)
            .body(json!({"operations": []}))
            .detail("No memory operations provided"),
        row("POST", "/api/v1/memories/query", Verified, 404)
            .body(json!({"content": "x"}))
            .detail("No memories found for user"),
        row("POST", "/api/v1/memories/search", Verified, 200).body(json!({"query": "x"})),
        row("POST", "/api/v1/memories/paths", Verified, 200).body(json!({})),
        row("POST", "/api/v1/memories/path", Verified, 400)
            .body(json!({"path": "/"}))
            .detail("Memory path is required"),
        row("POST", "/api/v1/memories/reindex", Admin, 200),
        row("POST", "/api/v1/memories/reset", Verified, 200),
        row("DELETE", "/api/v1/memories/delete/user", Verified, 200),
        row("POST", "/api/v1/memories/no-such-memory/update", Verified, 404).body(json!({"content": "x"})).detail(NOT_FOUND),
        row("DELETE", "/api/v1/memories/no-such-memory", Verified, 200),
        // prompts (a prompt id nobody has: 404 before any access check)
        row("GET", "/api/v1/prompts/", Verified, 200),
        row("GET", "/api/v1/prompts/tags", Verified, 200),
        row("GET", "/api/v1/prompts/list?order_by=name&direction=asc", Verified, 200),
        row("POST", "/api/v1/prompts/create", Verified, 422).body(json!({"command": "x"})),
        row("GET", "/api/v1/prompts/id/no-such-prompt", Verified, 404).detail(owui::error::msg::NOT_FOUND),
        row("POST", "/api/v1/prompts/id/no-such-prompt/update", Verified, 404)
            .body(json!({"command": "x", "name": "x", "content": "x"}))
            .detail(owui::error::msg::NOT_FOUND),
        row("POST", "/api/v1/prompts/id/no-such-prompt/update/meta", Verified, 404)
            .body(json!({"command": "x", "name": "x"}))
            .detail(owui::error::msg::NOT_FOUND),
        row("POST", "/api/v1/prompts/id/no-such-prompt/update/version", Verified, 404)
            .body(json!({"version_id": "no-such-version"}))
            .detail(owui::error::msg::NOT_FOUND),
        row("POST", "/api/v1/prompts/id/no-such-prompt/access/update", Verified, 404)
            .body(json!({"access_grants": []}))
            .detail(owui::error::msg::NOT_FOUND),
        row("POST", "/api/v1/prompts/id/no-such-prompt/toggle", Verified, 404).detail(owui::error::msg::NOT_FOUND),
        row("DELETE", "/api/v1/prompts/id/no-such-prompt/delete", Verified, 404).detail(owui::error::msg::NOT_FOUND),
        row("GET", "/api/v1/prompts/id/no-such-prompt/history?page=0", Verified, 404)
            .detail(owui::error::msg::NOT_FOUND),
        row("GET", "/api/v1/prompts/id/no-such-prompt/history/diff?from_id=a&to_id=b", Verified, 404)
            .detail(owui::error::msg::NOT_FOUND),
        row("GET", "/api/v1/prompts/id/no-such-prompt/history/no-such-version", Verified, 404)
            .detail(owui::error::msg::NOT_FOUND),
        row("DELETE", "/api/v1/prompts/id/no-such-prompt/history/no-such-version", Verified, 404)
            .detail(owui::error::msg::NOT_FOUND),
        // knowledge (a KB id nobody has: upstream's 400 or 404 NOT_FOUND)
        row("GET", "/api/v1/knowledge/", Verified, 200),
        row("GET", "/api/v1/knowledge/search?query=x&order_by=name", Verified, 200),
        row("GET", "/api/v1/knowledge/search/files?query=x", Verified, 200),
        row("POST", "/api/v1/knowledge/create", Verified, 422).body(json!({"name": "x"})),
        row("GET", "/api/v1/knowledge/no-such-kb", Verified, 404).detail(NOT_FOUND),
        row("POST", "/api/v1/knowledge/no-such-kb/update", Verified, 400)
            .body(json!({"name": "x", "description": ""}))
            .detail(NOT_FOUND),
        row("POST", "/api/v1/knowledge/no-such-kb/access/update", Verified, 404)
            .body(json!({"access_grants": []}))
            .detail(NOT_FOUND),
        row("GET", "/api/v1/knowledge/no-such-kb/files", Verified, 400).detail(NOT_FOUND),
        row("GET", "/api/v1/knowledge/no-such-kb/files/pending", Verified, 404).detail(NOT_FOUND),
        row("POST", "/api/v1/knowledge/no-such-kb/file/move", Verified, 404)
            .body(json!({"file_id": "x"}))
            .detail(NOT_FOUND),
        row("POST", "/api/v1/knowledge/no-such-kb/dirs/create", Verified, 404)
            .body(json!({"name": "x"}))
            .detail(NOT_FOUND),
        row("POST", "/api/v1/knowledge/no-such-kb/dirs/no-such-dir/update", Verified, 404)
            .body(json!({"name": "x"}))
            .detail(NOT_FOUND),
        row("DELETE", "/api/v1/knowledge/no-such-kb/dirs/no-such-dir/delete", Verified, 404).detail(NOT_FOUND),
        row("POST", "/api/v1/knowledge/no-such-kb/sync/diff", Verified, 404)
            .body(json!({"manifest": []}))
            .detail(NOT_FOUND),
        row("GET", "/api/v1/knowledge/no-such-kb/export", Admin, 404).detail(NOT_FOUND),
        row("DELETE", "/api/v1/knowledge/no-such-kb/delete", Verified, 400).detail(NOT_FOUND),
        row("POST", "/api/v1/knowledge/no-such-kb/file/add", Verified, 400)
            .body(json!({"file_id": "x"}))
            .detail(NOT_FOUND),
        row("POST", "/api/v1/knowledge/no-such-kb/file/update", Verified, 400)
            .body(json!({"file_id": "x"}))
            .detail(NOT_FOUND),
        row("POST", "/api/v1/knowledge/no-such-kb/file/remove", Verified, 400)
            .body(json!({"file_id": "x"}))
            .detail(NOT_FOUND),
        row("POST", "/api/v1/knowledge/no-such-kb/files/batch/add", Verified, 400)
            .body(json!([]))
            .detail(NOT_FOUND),
        row("POST", "/api/v1/knowledge/no-such-kb/reset", Verified, 400).detail(NOT_FOUND),
        row("POST", "/api/v1/knowledge/no-such-kb/sync/cleanup", Verified, 404)
            .body(json!({"file_ids": []}))
            .detail(NOT_FOUND),
        row("POST", "/api/v1/knowledge/metadata/reindex", Admin, 200),
        row("POST", "/api/v1/knowledge/reindex", AdminInHandler, 200),
        // tools, functions, channels (channels are off by default: 403)
        row("GET", "/api/v1/tools/", Verified, 200),
        row("GET", "/api/v1/functions/", Verified, 200),
        row("GET", "/api/v1/channels/", Verified, 403).detail("Channels is disabled"),
        // auths
        row("GET", "/api/v1/auths/", Human, 200),
        row("POST", "/api/v1/auths/signin", Public, 400)
            .body(json!({"email": "nobody@example.com", "password": "wrong"})),
        row("POST", "/api/v1/auths/signup", Public, 403)
            .body(json!({"name": "New", "email": "new@example.com", "password": PASSWORD}))
            .detail(NO_PERMISSION),
        row("POST", "/api/v1/auths/update/profile", Verified, 200)
            .body(json!({"name": "Renamed", "profile_image_url": "/user.png"})),
        row("POST", "/api/v1/auths/update/timezone", Any, 200)
            .body(json!({"timezone": "Europe/Paris"})),
        row("POST", "/api/v1/auths/update/password", Any, 400)
            .body(json!({"password": "not-the-password", "new_password": "x-new-password"})),
        row("POST", "/api/v1/auths/add", Admin, 200).body(
            json!({"name": "Added", "email": "added@example.com", "password": PASSWORD, "role": "user"}),
        ),
        row("GET", "/api/v1/auths/admin/details", Any, 200),
        row("GET", "/api/v1/auths/admin/config", Admin, 200),
        row("POST", "/api/v1/auths/admin/config", Admin, 200).body(admin_config.body),
        row("GET", "/api/v1/auths/api_key", Any, 403)
            .detail(KEY_CREATION_NOT_ALLOWED)
            .jwt_only(),
        row("POST", "/api/v1/auths/api_key", Any, 403)
            .detail(KEY_CREATION_NOT_ALLOWED)
            .jwt_only(),
        row("DELETE", "/api/v1/auths/api_key", Any, 403)
            .detail(KEY_CREATION_NOT_ALLOWED)
            .jwt_only(),
        // users
        row("GET", "/api/v1/users/?page=1", Admin, 200),
        row("GET", "/api/v1/users/all", Admin, 200),
        row("GET", "/api/v1/users/search?query=o", Verified, 200),
        row("GET", "/api/v1/users/groups", Verified, 200),
        row("GET", "/api/v1/users/permissions", Verified, 200),
        row("GET", "/api/v1/users/default/permissions", Admin, 200),
        row("POST", "/api/v1/users/default/permissions", Admin, 200).body(permissions.body),
        row("GET", "/api/v1/users/default/permissions/defaults", Admin, 200),
        row("GET", "/api/v1/users/user/settings", Verified, 200),
        row("POST", "/api/v1/users/user/settings/update", Verified, 200)
            .body(json!({"ui": {"chatBubble": true}})),
        row("GET", "/api/v1/users/user/status", Verified, 200),
        row("POST", "/api/v1/users/user/status/update", Verified, 200)
            .body(json!({"status_emoji": "x", "status_message": "busy"})),
        row("GET", "/api/v1/users/user/info", Verified, 200),
        row("POST", "/api/v1/users/user/info/update", Verified, 200)
            .body(json!({"location": "here"})),
        row("GET", "/api/v1/users/user/variables", Verified, 200),
        row("POST", "/api/v1/users/user/variables/update", Verified, 200)
            .body(json!({"variables": {"city": "Paris"}})),
        row("GET", format!("/api/v1/users/{other}"), Admin, 200),
        row("GET", format!("/api/v1/users/{other}/info"), Verified, 200),
        row("GET", format!("/api/v1/users/{other}/profile/image"), Verified, 200),
        row("GET", format!("/api/v1/users/{other}/active"), Verified, 200),
        row("POST", format!("/api/v1/users/{other}/update"), Admin, 200)
            .body(json!({"name": "Other"})),
        row("GET", format!("/api/v1/users/{other}/groups"), Admin, 200),
        row("GET", format!("/api/v1/users/{other}/preview"), Admin, 200),
        row("POST", format!("/api/v1/users/{victim}/sessions/revoke"), Admin, 200),
        row("DELETE", format!("/api/v1/users/{victim}"), Admin, 200),
        // groups
        row("GET", "/api/v1/groups/", Verified, 200),
        row("POST", "/api/v1/groups/create", Admin, 200)
            .body(json!({"name": "created", "description": ""})),
        row("GET", format!("/api/v1/groups/id/{team}"), Admin, 200),
        row("GET", format!("/api/v1/groups/id/{team}/info"), Verified, 200),
        row("GET", format!("/api/v1/groups/id/{team}/export"), Admin, 200),
        row("POST", format!("/api/v1/groups/id/{team}/users"), Admin, 200),
        row("POST", format!("/api/v1/groups/id/{team}/update"), Admin, 200)
            .body(json!({"name": "team", "description": "the team"})),
        row("POST", format!("/api/v1/groups/id/{team}/users/add"), Admin, 200)
            .body(json!({"user_ids": [other]})),
        row("POST", format!("/api/v1/groups/id/{team}/users/remove"), Admin, 200)
            .body(json!({"user_ids": [other]})),
        row("GET", format!("/api/v1/groups/id/{team}/preview"), Admin, 200),
        row("GET", format!("/api/v1/groups/id/{team}/members"), Admin, 200),
        row("DELETE", format!("/api/v1/groups/id/{doomed}/delete"), Admin, 200),
        // configs
        row("POST", "/api/v1/configs/import", Admin, 200).body(json!({"config": {}})),
        row("GET", "/api/v1/configs/export", Admin, 200),
        row("GET", "/api/v1/configs/namespace/ui", Admin, 200),
        row("POST", "/api/v1/configs/interface/visibility", Admin, 200)
            .body(json!({"visibility": {"models": true}})),
        row("GET", "/api/v1/configs/banners", Verified, 200),
        row("POST", "/api/v1/configs/banners", Admin, 200).body(json!({"banners": []})),
        row("POST", "/api/v1/configs/suggestions", Admin, 200)
            .body(json!({"suggestions": [{"title": ["Hi"], "content": "Hello"}]})),
        row("GET", "/api/v1/configs/connections", Admin, 200),
        row("POST", "/api/v1/configs/connections", Admin, 200)
            .body(json!({"ENABLE_DIRECT_CONNECTIONS": false, "ENABLE_BASE_MODELS_CACHE": false})),
        row("GET", "/api/v1/configs/code_execution", Admin, 200),
        row("POST", "/api/v1/configs/code_execution", Admin, 200).body(json!({
            "ENABLE_CODE_EXECUTION": true, "CODE_EXECUTION_ENGINE": "pyodide",
            "CODE_EXECUTION_JUPYTER_URL": null, "CODE_EXECUTION_JUPYTER_AUTH": null,
            "CODE_EXECUTION_JUPYTER_AUTH_TOKEN": null, "CODE_EXECUTION_JUPYTER_AUTH_PASSWORD": null,
            "CODE_EXECUTION_JUPYTER_TIMEOUT": 60, "ENABLE_CODE_INTERPRETER": false,
            "CODE_INTERPRETER_ENGINE": "pyodide", "CODE_INTERPRETER_PROMPT_TEMPLATE": null,
            "CODE_INTERPRETER_JUPYTER_URL": null, "CODE_INTERPRETER_JUPYTER_AUTH": null,
            "CODE_INTERPRETER_JUPYTER_AUTH_TOKEN": null, "CODE_INTERPRETER_JUPYTER_AUTH_PASSWORD": null,
            "CODE_INTERPRETER_JUPYTER_TIMEOUT": 60,
        })),
        row("GET", "/api/v1/configs/models", Admin, 200),
        row("POST", "/api/v1/configs/models", Admin, 200).body(json!({
            "DEFAULT_MODELS": null, "DEFAULT_PINNED_MODELS": null, "MODEL_ORDER_LIST": [],
        })),
        row("GET", "/api/v1/configs/models/defaults", Verified, 200),
        row("GET", "/api/v1/retrieval/config", Admin, 200),
        row("POST", "/api/v1/retrieval/config/update", Admin, 200)
            .body(json!({"TOP_K": 3})),
        row("GET", "/api/v1/retrieval/embedding", Admin, 200),
        row("POST", "/api/v1/retrieval/embedding/update", Admin, 200).body(json!({
            "RAG_EMBEDDING_ENGINE": "",
            "RAG_EMBEDDING_MODEL": "sentence-transformers/all-MiniLM-L6-v2",
        })),
        // near the end: these empty the store
        row("POST", "/api/v1/retrieval/reset/db", Admin, 200),
        row("DELETE", "/api/v1/files/all", Admin, 200),
        // last: signing out revokes the caller's token (there is no GET:
        // signout::signing_out_takes_a_post)
        row("POST", "/api/v1/auths/signout", Public, 200),
    ]
}

/// How every caller presents their credential in one run of the table.
#[derive(Clone, Copy, Debug)]
enum Transport {
    BearerJwt,
    CookieJwt,
    KeyInHeader,
    KeyAsBearer,
    KeyInCookie,
}

impl Transport {
    fn uses_keys(self) -> bool {
        matches!(
            self,
            Transport::KeyInHeader | Transport::KeyAsBearer | Transport::KeyInCookie
        )
    }

    fn wrap(self, cred: &str) -> Auth<'_> {
        match self {
            Transport::BearerJwt | Transport::KeyAsBearer => Auth::Bearer(cred),
            Transport::CookieJwt | Transport::KeyInCookie => Auth::Cookie(cred),
            Transport::KeyInHeader => Auth::ApiKeyHeader(cred),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Caller {
    Anonymous,
    ForgedJwt,
    UnknownKey,
    Pending,
    User,
    Admin,
}

const CALLERS: [Caller; 6] = [
    Caller::Anonymous,
    Caller::ForgedJwt,
    Caller::UnknownKey,
    Caller::Pending,
    Caller::User,
    Caller::Admin,
];

/// The status (and detail, when known) a caller must get on a row.
fn expected(r: &Row, c: Caller, t: Transport) -> (u16, Option<&'static str>) {
    if matches!(r.level, Level::Public | Level::Optional) {
        return (r.ok, r.detail);
    }
    let refused = |d| (401, Some(d));
    match c {
        Caller::Anonymous => refused(NOT_AUTHENTICATED),
        Caller::ForgedJwt => refused(BAD_JWT),
        Caller::UnknownKey => refused(INVALID_TOKEN),
        Caller::Pending | Caller::User | Caller::Admin => {
            let rank = match c {
                Caller::Pending => 0,
                Caller::User => 1,
                _ => 2,
            };
            let needed = match r.level {
                Level::Verified | Level::AdminInHandler => 1,
                Level::Admin => 2,
                _ => 0,
            };
            if r.level == Level::Human && t.uses_keys() {
                (403, Some(HUMAN_SESSION))
            } else if r.level == Level::AdminInHandler && rank == 1 {
                refused("401 Unauthorized")
            } else if rank < needed {
                refused(NO_PERMISSION)
            } else {
                (r.ok, r.detail)
            }
        }
    }
}

/// `/api/config` tells who it saw: signed out, pending, or verified.
fn check_config_shape(body: &Value, c: Caller, t: Transport) -> Result<(), String> {
    let signed_in = !t.uses_keys() && matches!(c, Caller::Pending | Caller::User | Caller::Admin);
    let verified = signed_in && c != Caller::Pending;
    let saw_signed_in = body["features"].get("enable_api_keys").is_some();
    let saw_verified = body.get("permissions").is_some();
    if (saw_signed_in, saw_verified) != (signed_in, verified) {
        return Err(format!(
            "/api/config as {c:?} via {t:?}: signed in {saw_signed_in} (want {signed_in}), verified {saw_verified} (want {verified})"
        ));
    }
    Ok(())
}

async fn check_every_route(t: Transport) {
    let w = World::new(t.uses_keys()).await;
    let rows = table(&w).await;
    let forged = forged(&w.admin.token, &w.user.token);
    let unknown_key = format!("sk-{}", "0".repeat(32));
    let cred = |p: &Person| -> String {
        if t.uses_keys() {
            p.key.clone().unwrap()
        } else {
            p.token.clone()
        }
    };
    let (pending, user, admin) = (cred(&w.pending), cred(&w.user), cred(&w.admin));
    let mut failures = Vec::new();
    for r in rows.iter().filter(|r| !(t.uses_keys() && r.jwt_only)) {
        for c in CALLERS {
            let auth = match c {
                Caller::Anonymous => Auth::None,
                Caller::ForgedJwt => t.wrap(&forged),
                Caller::UnknownKey => t.wrap(&unknown_key),
                Caller::Pending => t.wrap(&pending),
                Caller::User => t.wrap(&user),
                Caller::Admin => t.wrap(&admin),
            };
            let resp = w.s.call(r.method, &r.path, auth, r.body.clone()).await;
            let (status, want) = expected(r, c, t);
            let got_detail = detail(&resp);
            if resp.status != status || want.is_some_and(|d| d != got_detail) {
                failures.push(format!(
                    "{} {} as {c:?} via {t:?}: got {} {}, want {status} {}",
                    r.method,
                    r.path,
                    resp.status,
                    resp.body,
                    want.unwrap_or("")
                ));
            }
            if r.level == Level::Optional
                && r.path == "/api/config"
                && let Err(e) = check_config_shape(&resp.body, c, t)
            {
                failures.push(e);
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} wrong answers:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[tokio::test]
async fn every_route_with_bearer_jwt() {
    check_every_route(Transport::BearerJwt).await;
}

#[tokio::test]
async fn every_route_with_token_cookie() {
    check_every_route(Transport::CookieJwt).await;
}

#[tokio::test]
async fn every_route_with_api_key_header() {
    check_every_route(Transport::KeyInHeader).await;
}

#[tokio::test]
async fn every_route_with_api_key_as_bearer() {
    check_every_route(Transport::KeyAsBearer).await;
}

#[tokio::test]
async fn every_route_with_api_key_cookie() {
    check_every_route(Transport::KeyInCookie).await;
}

// ---------------------------------------------------------------------------
// The table against the router's own list of routes.

/// The text of the function whose signature starts with `sig`.
fn fn_body<'a>(src: &'a str, sig: &str) -> &'a str {
    let start = src.find(sig).unwrap_or_else(|| panic!("no `{sig}`"));
    let open = start + src[start..].find('{').unwrap();
    let mut depth = 0;
    for (i, ch) in src[open..].char_indices() {
        match ch {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return &src[open..open + i + 1];
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced `{sig}`")
}

/// The argument text of every call to `call` (such as `.route(`) in `body`.
fn calls<'a>(body: &'a str, call: &str) -> Vec<&'a str> {
    body.match_indices(call)
        .map(|(i, _)| {
            let args = &body[i + call.len()..];
            let mut depth = 1;
            let end = args
                .char_indices()
                .find(|&(_, ch)| {
                    match ch {
                        '(' => depth += 1,
                        ')' => depth -= 1,
                        _ => {}
                    }
                    depth == 0
                })
                .map(|(j, _)| j)
                .unwrap();
            &args[..end]
        })
        .collect()
}

fn first_string(s: &str) -> &str {
    s.split('"')
        .nth(1)
        .unwrap_or_else(|| panic!("no path in {s}"))
}

/// (METHOD, path pattern) of the `.route(...)` calls in `body`.
fn routes_in(prefix: &str, body: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for args in calls(body, ".route(") {
        let path = format!("{prefix}{}", first_string(args));
        for m in ["get", "post", "put", "patch", "delete"] {
            let call = format!("{m}(");
            let used = args.match_indices(&call).any(|(i, _)| {
                i == 0 || {
                    let b = args.as_bytes()[i - 1];
                    !(b.is_ascii_alphanumeric() || b == b'_')
                }
            });
            if used {
                out.push((m.to_uppercase(), path.clone()));
            }
        }
    }
    out
}

/// Every (METHOD, path pattern) the server serves: the operations of its
/// OpenAPI document (built from every area's route list), and the routes
/// `src/api/mod.rs` adds outside the areas (the document, the frontend's
/// files).
async fn declared_routes(s: &Server) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/api");
    let top = std::fs::read_to_string(dir.join("mod.rs")).unwrap();
    let mut out = routes_in("", fn_body(&top, "pub fn router("));
    let doc = s.call("GET", "/openapi.json", Auth::None, None).await.body;
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            // a parameter that takes the rest of the path is `{*name}`
            let mut pattern = path.clone();
            for p in op["parameters"].as_array().into_iter().flatten() {
                if p["x-rest-of-path"] == true {
                    let name = p["name"].as_str().unwrap();
                    pattern = pattern.replace(&format!("{{{name}}}"), &format!("{{*{name}}}"));
                }
            }
            out.push((method.to_uppercase(), pattern));
        }
    }
    out
}

fn matches(pattern: &str, path: &str) -> bool {
    let p: Vec<&str> = pattern.split('/').collect();
    let q: Vec<&str> = path.split('/').collect();
    for (i, seg) in p.iter().enumerate() {
        if seg.starts_with("{*") {
            return q.len() > i && !q[i].is_empty();
        }
        match q.get(i) {
            None => return false,
            Some(s) if seg.starts_with('{') && s.is_empty() => return false,
            Some(s) if !seg.starts_with('{') && s != seg => return false,
            _ => {}
        }
    }
    p.len() == q.len()
}

/// The pattern the router picks for `path`: the one with most fixed segments.
fn pattern_of<'a>(declared: &'a [(String, String)], path: &str) -> Option<&'a str> {
    declared
        .iter()
        .map(|(_, p)| p.as_str())
        .filter(|p| matches(p, path))
        .max_by_key(|p| p.split('/').filter(|s| !s.starts_with('{')).count())
}

#[tokio::test]
async fn the_table_lists_every_route() {
    let w = World::new(false).await;
    let declared = declared_routes(&w.s).await;
    assert!(declared.len() >= 60, "too few routes read: {declared:?}");
    let rows = table(&w).await;
    let mut covered = BTreeSet::new();
    for r in &rows {
        // the server trims a trailing slash before routing (`/api/v1/chats/`)
        let path = r.path.split('?').next().unwrap();
        let path = match path.strip_suffix('/') {
            Some(p) if !p.is_empty() => p,
            _ => path,
        };
        let p = pattern_of(&declared, path)
            .unwrap_or_else(|| panic!("{} {path}: no such route", r.method));
        let key = (r.method.to_string(), p.to_string());
        assert!(
            declared.contains(&key),
            "{} {path}: {p} has no {}",
            r.method,
            r.method
        );
        covered.insert(key);
    }
    let missing: Vec<_> = declared.iter().filter(|k| !covered.contains(*k)).collect();
    assert!(missing.is_empty(), "routes not in the table: {missing:?}");
}

// ---------------------------------------------------------------------------
// Credentials: where they are read from, and in which order.

type Headers = Vec<(&'static str, String)>;

async fn raw_get(s: &Server, path: &str, headers: &[(&str, &str)]) -> (u16, Value) {
    let mut rb = s.http.get(s.url(path));
    for (k, v) in headers {
        rb = rb.header(*k, *v);
    }
    let r = rb.send().await.unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

#[tokio::test]
async fn credential_order_bearer_then_cookie_then_api_key() {
    let w = World::new(true).await;
    let s = &w.s;
    let admin_route = "/api/v1/users/all";
    let bearer = |t: &str| format!("Bearer {t}");
    let cookie = |t: &str| format!("theme=dark; token={t}; lang=en");
    let admin_key = w.admin.key.as_deref().unwrap();
    let forged = forged(&w.admin.token, &w.user.token);

    let cases: Vec<(&str, Headers, u16, &str)> = vec![
        // the Bearer header wins over the cookie, both ways
        (
            "user bearer + admin cookie",
            vec![
                ("authorization", bearer(&w.user.token)),
                ("cookie", cookie(&w.admin.token)),
            ],
            401,
            NO_PERMISSION,
        ),
        (
            "admin bearer + user cookie",
            vec![
                ("authorization", bearer(&w.admin.token)),
                ("cookie", cookie(&w.user.token)),
            ],
            200,
            "",
        ),
        // a bad Bearer is not rescued by a good cookie or key
        (
            "forged bearer + admin cookie",
            vec![
                ("authorization", bearer(&forged)),
                ("cookie", cookie(&w.admin.token)),
            ],
            401,
            BAD_JWT,
        ),
        (
            "forged bearer + admin key",
            vec![
                ("authorization", bearer(&forged)),
                ("x-api-key", admin_key.to_string()),
            ],
            401,
            BAD_JWT,
        ),
        // the cookie wins over the API-key header
        (
            "user cookie + admin key",
            vec![
                ("cookie", cookie(&w.user.token)),
                ("x-api-key", admin_key.to_string()),
            ],
            401,
            NO_PERMISSION,
        ),
        // other schemes are ignored
        (
            "basic + admin cookie",
            vec![
                ("authorization", format!("Basic {}", w.admin.token)),
                ("cookie", cookie(&w.admin.token)),
            ],
            200,
            "",
        ),
        (
            "basic + admin key",
            vec![
                ("authorization", format!("Basic {admin_key}")),
                ("x-api-key", admin_key.to_string()),
            ],
            200,
            "",
        ),
        // the API-key header may carry a session JWT as well
        (
            "admin jwt in x-api-key",
            vec![("x-api-key", w.admin.token.clone())],
            200,
            "",
        ),
        (
            "user jwt in x-api-key",
            vec![("x-api-key", w.user.token.clone())],
            401,
            NO_PERMISSION,
        ),
        (
            "basic only",
            vec![("authorization", format!("Basic {}", w.admin.token))],
            401,
            NOT_AUTHENTICATED,
        ),
        (
            "lower-case scheme",
            vec![("authorization", format!("bearer {}", w.admin.token))],
            200,
            "",
        ),
        (
            "empty bearer",
            vec![("authorization", "Bearer ".to_string())],
            401,
            NOT_AUTHENTICATED,
        ),
        (
            "empty token cookie",
            vec![("cookie", "token=".to_string())],
            401,
            NOT_AUTHENTICATED,
        ),
        (
            "other cookies only",
            vec![("cookie", format!("session={}", w.admin.token))],
            401,
            NOT_AUTHENTICATED,
        ),
        (
            "garbage bearer",
            vec![("authorization", "Bearer not-a-jwt".to_string())],
            401,
            BAD_JWT,
        ),
    ];
    for (what, headers, status, want) in cases {
        let hs: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let (got, body) = raw_get(s, admin_route, &hs).await;
        assert_eq!(got, status, "{what}: {body}");
        if !want.is_empty() {
            assert_eq!(body["detail"], json!(want), "{what}");
        }
    }
}

#[tokio::test]
async fn the_api_key_header_name_is_configurable() {
    let s = common::start_with(|c| c.set("CUSTOM_API_KEY_HEADER", "X-Custom-Key"), None).await;
    let (admin, _) = s.signup("Admin", "admin@example.com", PASSWORD).await;
    set_api_keys(&s, &admin, true).await;
    let key = create_key(&s, &admin).await;
    let (status, body) = raw_get(&s, "/api/v1/users/all", &[("x-custom-key", &key)]).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = raw_get(&s, "/api/v1/users/all", &[("x-api-key", &key)]).await;
    assert_eq!((status, &body["detail"]), (401, &json!(NOT_AUTHENTICATED)));
}

#[tokio::test]
async fn token_cookie_works_like_bearer() {
    let w = World::new(false).await;
    let s = &w.s;
    for path in [
        "/api/v1/auths/",
        "/api/v1/users/user/settings",
        "/api/v1/groups/",
        "/api/v1/users/permissions",
    ] {
        for p in [&w.user, &w.admin] {
            let by_header = s.call("GET", path, Auth::Bearer(&p.token), None).await;
            let by_cookie = s.call("GET", path, Auth::Cookie(&p.token), None).await;
            assert_eq!(by_header.status, 200, "{path}: {}", by_header.body);
            assert_eq!(by_cookie.status, 200, "{path}: {}", by_cookie.body);
            assert_eq!(by_header.body, by_cookie.body, "{path}");
        }
    }
    // the avatar an <img> loads with the cookie only
    let r = s
        .call(
            "GET",
            &format!("/api/v1/users/{}/profile/image", w.other.id),
            Auth::Cookie(&w.user.token),
            None,
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.headers["content-type"], "image/png");
    // roles hold the same way
    let r = s
        .call(
            "GET",
            "/api/v1/users/all",
            Auth::Cookie(&w.user.token),
            None,
        )
        .await;
    assert_refused(&r, 401, NO_PERMISSION, "user cookie on an admin route");
    let r = s
        .call(
            "GET",
            "/api/v1/groups/",
            Auth::Cookie(&w.pending.token),
            None,
        )
        .await;
    assert_refused(&r, 401, NO_PERMISSION, "pending cookie on a verified route");
    let r = s
        .call(
            "GET",
            "/api/v1/auths/admin/details",
            Auth::Cookie(&w.pending.token),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "pending cookie on an any route: {}", r.body);
}

// ---------------------------------------------------------------------------
// Ownership: a user reaches only their own private data.

#[tokio::test]
async fn personal_data_is_the_callers_own() {
    let w = World::new(false).await;
    let s = &w.s;
    let (a, b) = (&w.user, &w.other);

    // settings
    let r = s
        .post(
            "/api/v1/users/user/settings/update",
            &a.token,
            json!({"ui": {"marker": "alice-only"}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = s.get("/api/v1/users/user/settings", &a.token).await;
    assert_eq!(r.body["ui"]["marker"], json!("alice-only"), "{}", r.body);
    for path in [
        "/api/v1/users/user/settings",
        "/api/v1/users/user/settings?raw=true",
    ] {
        let r = s.get(path, &b.token).await;
        assert_eq!(r.status, 200, "{path}: {}", r.body);
        assert!(
            !r.body.to_string().contains("alice-only"),
            "{path} as B shows A's settings: {}",
            r.body
        );
    }
    let r = s
        .post(
            "/api/v1/users/user/settings/update",
            &b.token,
            json!({"ui": {"marker": "bob-only"}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = s.get("/api/v1/users/user/settings", &a.token).await;
    assert_eq!(r.body["ui"]["marker"], json!("alice-only"), "{}", r.body);
    let r = s.get("/api/v1/users/user/settings", &b.token).await;
    assert_eq!(r.body["ui"]["marker"], json!("bob-only"), "{}", r.body);
    let r = s
        .get(&format!("/api/v1/users/{}", a.id), &w.admin.token)
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["settings"]["ui"]["marker"], json!("alice-only"));

    // info
    let r = s
        .post(
            "/api/v1/users/user/info/update",
            &a.token,
            json!({"note": "alice-info"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = s.get("/api/v1/users/user/info", &b.token).await;
    assert_eq!(r.status, 200);
    assert!(!r.body.to_string().contains("alice-info"), "{}", r.body);
    let r = s.get("/api/v1/users/user/info", &a.token).await;
    assert_eq!(r.body["note"], json!("alice-info"));

    // variables
    let r = s
        .post(
            "/api/v1/users/user/variables/update",
            &a.token,
            json!({"variables": {"secret": "alice-var"}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = s.get("/api/v1/users/user/variables", &b.token).await;
    assert_eq!(r.status, 200);
    assert!(!r.body.to_string().contains("alice-var"), "{}", r.body);
    let r = s.get("/api/v1/users/user/variables", &a.token).await;
    assert_eq!(r.body["variables"]["secret"], json!("alice-var"));

    // status
    let r = s
        .post(
            "/api/v1/users/user/status/update",
            &b.token,
            json!({"status_message": "bob-status"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["id"], json!(b.id));
    let r = s.get("/api/v1/users/user/status", &a.token).await;
    assert_eq!(r.body["id"], json!(a.id));
    assert_ne!(r.body["status_message"], json!("bob-status"));

    // profile
    let r = s
        .post(
            "/api/v1/auths/update/profile",
            &b.token,
            json!({"name": "Bob Renamed", "profile_image_url": "/user.png"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["id"], json!(b.id));
    let r = s
        .get(&format!("/api/v1/users/{}", a.id), &w.admin.token)
        .await;
    assert_eq!(r.body["name"], json!("User"));
}

#[tokio::test]
async fn a_user_cannot_change_another_user() {
    let w = World::new(false).await;
    let s = &w.s;
    let (a, b) = (&w.user, &w.other);
    let before = s
        .get(&format!("/api/v1/users/{}", a.id), &w.admin.token)
        .await;
    assert_eq!(before.status, 200);

    for attacker in [b, &w.pending] {
        let who = if attacker.id == b.id {
            "user"
        } else {
            "pending"
        };
        let tok = attacker.token.as_str();
        for target in [a, &w.admin] {
            let id = &target.id;
            let r = s
                .post(
                    &format!("/api/v1/users/{id}/update"),
                    tok,
                    json!({"name": "pwned", "email": "pwned@example.com", "password": "pwned-password", "role": "pending"}),
                )
                .await;
            assert_refused(&r, 401, NO_PERMISSION, &format!("{who}: update {id}"));
            let r = s
                .call(
                    "DELETE",
                    &format!("/api/v1/users/{id}"),
                    Auth::Bearer(tok),
                    None,
                )
                .await;
            assert_refused(&r, 401, NO_PERMISSION, &format!("{who}: delete {id}"));
            let r = s
                .call(
                    "POST",
                    &format!("/api/v1/users/{id}/sessions/revoke"),
                    Auth::Bearer(tok),
                    None,
                )
                .await;
            assert_refused(&r, 401, NO_PERMISSION, &format!("{who}: revoke {id}"));
            for read in ["", "/groups", "/preview"] {
                let r = s.get(&format!("/api/v1/users/{id}{read}"), tok).await;
                assert_refused(&r, 401, NO_PERMISSION, &format!("{who}: read {id}{read}"));
            }
        }
        // nor promote themself
        let r = s
            .post(
                &format!("/api/v1/users/{}/update", attacker.id),
                tok,
                json!({"role": "admin"}),
            )
            .await;
        assert_refused(&r, 401, NO_PERMISSION, &format!("{who}: promote self"));
    }

    // nothing changed
    let after = s
        .get(&format!("/api/v1/users/{}", a.id), &w.admin.token)
        .await;
    assert_eq!(after.status, 200);
    for k in ["name", "email", "role", "updated_at"] {
        assert_eq!(after.body[k], before.body[k], "{k} changed");
    }
    for p in [b, &w.pending] {
        let r = s
            .get(&format!("/api/v1/users/{}", p.id), &w.admin.token)
            .await;
        assert_ne!(r.body["role"], json!("admin"));
    }
    // A's and the admin's sessions still work, A's password is unchanged
    for p in [a, &w.admin] {
        let r = s.get("/api/v1/auths/", &p.token).await;
        assert_eq!(r.status, 200, "{}: {}", p.email, r.body);
    }
    assert_eq!(s.signin(&a.email, PASSWORD).await.status, 200);
    assert_eq!(s.signin(&a.email, "pwned-password").await.status, 400);
    assert_eq!(
        s.signin("pwned@example.com", "pwned-password").await.status,
        400
    );
}

#[tokio::test]
async fn groups_are_listed_to_members_and_changed_by_admins_only() {
    let w = World::new(false).await;
    let s = &w.s;
    let admin = &w.admin.token;
    let (a, b) = (&w.user, &w.other);
    let g_a = create_group(s, admin, "alpha", &[&a.id]).await;
    let g_b = create_group(s, admin, "beta", &[&b.id]).await;
    let g_none = create_group(s, admin, "nobody", &[]).await;

    // listing: members only; admins see everything
    let r = s.get("/api/v1/groups/", &a.token).await;
    assert_eq!(ids(&r.body), set_of(&[&g_a, &w.team]));
    let r = s.get("/api/v1/groups/", &b.token).await;
    assert_eq!(ids(&r.body), set_of(&[&g_b]));
    let r = s.get("/api/v1/groups/?share=true", &b.token).await;
    assert_eq!(ids(&r.body), set_of(&[&g_b]));
    let r = s.get("/api/v1/groups/?share=false", &b.token).await;
    assert_eq!(ids(&r.body), set_of::<&str>(&[]));
    let r = s.get("/api/v1/users/groups", &b.token).await;
    assert_eq!(ids(&r.body), set_of(&[&g_b]));
    let r = s.get("/api/v1/groups/", admin).await;
    assert_eq!(
        ids(&r.body),
        set_of(&[&g_a, &g_b, &g_none, &w.team, &w.doomed])
    );
    let r = s.get("/api/v1/groups/", &w.pending.token).await;
    assert_refused(&r, 401, NO_PERMISSION, "pending lists groups");

    // every change is refused to users, and to pending
    let before = s
        .get(&format!("/api/v1/groups/id/{g_b}/export"), admin)
        .await;
    assert_eq!(before.status, 200);
    for p in [a, b, &w.pending] {
        let tok = p.token.as_str();
        let attempts: Vec<(&str, String, Option<Value>)> = vec![
            (
                "POST",
                "/api/v1/groups/create".into(),
                Some(json!({"name": "mine", "description": ""})),
            ),
            (
                "POST",
                format!("/api/v1/groups/id/{g_b}/update"),
                Some(json!({"name": "hijacked", "permissions": {"features": {"api_keys": true}}})),
            ),
            (
                "POST",
                format!("/api/v1/groups/id/{g_b}/users/add"),
                Some(json!({"user_ids": [p.id]})),
            ),
            (
                "POST",
                format!("/api/v1/groups/id/{g_b}/users/remove"),
                Some(json!({"user_ids": [b.id]})),
            ),
            ("DELETE", format!("/api/v1/groups/id/{g_b}/delete"), None),
            ("GET", format!("/api/v1/groups/id/{g_b}"), None),
            ("GET", format!("/api/v1/groups/id/{g_b}/export"), None),
            ("POST", format!("/api/v1/groups/id/{g_b}/users"), None),
            ("GET", format!("/api/v1/groups/id/{g_b}/members"), None),
            ("GET", format!("/api/v1/groups/id/{g_b}/preview"), None),
        ];
        for (m, path, body) in attempts {
            let r = s.call(m, &path, Auth::Bearer(tok), body).await;
            assert_refused(&r, 401, NO_PERMISSION, &format!("{} {m} {path}", p.email));
        }
    }
    let after = s
        .get(&format!("/api/v1/groups/id/{g_b}/export"), admin)
        .await;
    assert_eq!(after.body, before.body, "group beta changed");
    assert_eq!(after.body["user_ids"], json!([b.id]));
    let r = s.get("/api/v1/groups/", admin).await;
    assert_eq!(r.body.as_array().unwrap().len(), 5);
    let r = s.get("/api/v1/groups/", &a.token).await;
    assert_eq!(ids(&r.body), set_of(&[&g_a, &w.team]));
    let r = s.get("/api/v1/users/permissions", &a.token).await;
    assert_eq!(r.body["features"]["api_keys"], json!(false));

    // any verified user may read a group's info (not its members)
    let r = s
        .get(&format!("/api/v1/groups/id/{g_b}/info"), &a.token)
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["name"], json!("beta"));
    assert!(r.body.get("user_ids").is_none() && r.body.get("permissions").is_none());
}

#[tokio::test]
async fn the_primary_admin_is_protected_from_other_admins() {
    let w = World::new(false).await;
    let s = &w.s;
    let primary = &w.admin;
    let second = person(s, &primary.token, "Second", "admin").await;
    let before = s
        .get(&format!("/api/v1/users/{}", primary.id), &second.token)
        .await;
    assert_eq!(before.status, 200, "{}", before.body);

    let pid = &primary.id;
    let attempts: Vec<(&str, String, Option<Value>)> = vec![
        (
            "POST",
            format!("/api/v1/users/{pid}/update"),
            Some(json!({"name": "demoted", "role": "user"})),
        ),
        ("DELETE", format!("/api/v1/users/{pid}"), None),
        ("POST", format!("/api/v1/users/{pid}/sessions/revoke"), None),
        ("DELETE", format!("/api/v1/users/{}", second.id), None),
    ];
    for (m, path, body) in attempts {
        let r = s.call(m, &path, Auth::Bearer(&second.token), body).await;
        assert_refused(
            &r,
            403,
            ACTION_PROHIBITED,
            &format!("second admin: {m} {path}"),
        );
    }
    let r = s
        .call(
            "DELETE",
            &format!("/api/v1/users/{pid}"),
            Auth::Bearer(&primary.token),
            None,
        )
        .await;
    assert_refused(&r, 403, ACTION_PROHIBITED, "primary deletes self");
    let r = s
        .post(
            &format!("/api/v1/users/{pid}/update"),
            &primary.token,
            json!({"role": "user"}),
        )
        .await;
    assert_refused(&r, 403, ACTION_PROHIBITED, "primary gives up admin");
    let after = s.get(&format!("/api/v1/users/{pid}"), &second.token).await;
    for k in ["name", "role", "updated_at"] {
        assert_eq!(after.body[k], before.body[k], "{k} changed");
    }
    assert_eq!(s.get("/api/v1/auths/", &primary.token).await.status, 200);

    // the second admin still manages everyone else
    let r = s
        .post(
            &format!("/api/v1/users/{}/update", w.user.id),
            &second.token,
            json!({"name": "Managed"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = s
        .call(
            "POST",
            &format!("/api/v1/users/{}/sessions/revoke", w.user.id),
            Auth::Bearer(&second.token),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = s
        .call(
            "POST",
            "/api/v1/users/no-such-user/sessions/revoke",
            Auth::Bearer(&second.token),
            None,
        )
        .await;
    assert_refused(&r, 404, "User not found.", "revoke an unknown user");
    let r = s
        .post(
            "/api/v1/users/no-such-user/update",
            &second.token,
            json!({"name": "x"}),
        )
        .await;
    assert_refused(&r, 400, NOT_FOUND, "update an unknown user");

    // the primary admin may sign themself out everywhere
    let r = s
        .call(
            "POST",
            &format!("/api/v1/users/{pid}/sessions/revoke"),
            Auth::Bearer(&primary.token),
            None,
        )
        .await;
    assert_eq!((r.status, &r.body), (200, &json!(true)));
    let r = s.get("/api/v1/auths/", &primary.token).await;
    assert_refused(&r, 401, STAMP_ROTATED, "primary after revoking self");
    assert_eq!(s.get("/api/v1/auths/", &second.token).await.status, 200);
}

#[tokio::test]
async fn the_active_user_count_can_be_kept_to_admins() {
    let s = common::start_with(|c| c.set("ENABLE_PUBLIC_ACTIVE_USERS_COUNT", "false"), None).await;
    let (admin, _) = s.signup("Admin", "admin@example.com", PASSWORD).await;
    let (user, _) = s.add_user(&admin, "User", "user@example.com", "user").await;
    let (pending, _) = s
        .add_user(&admin, "Pending", "pending@example.com", "pending")
        .await;
    let r = s.get("/api/usage", &user).await;
    assert_refused(
        &r,
        403,
        "Access denied. Only administrators can view usage statistics.",
        "user",
    );
    let r = s.get("/api/usage", &pending).await;
    assert_refused(&r, 401, NO_PERMISSION, "pending");
    let r = s.get("/api/usage", &admin).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body["user_count"].as_i64().unwrap() >= 1);
}

// ---------------------------------------------------------------------------
// API keys.

#[tokio::test]
async fn api_keys_work_like_bearer_tokens_when_enabled() {
    let w = World::new(false).await;
    let s = &w.s;
    let admin = w.admin.token.as_str();

    // off by default: nobody may create one
    for tok in [admin, &w.user.token] {
        let r = s
            .call("POST", "/api/v1/auths/api_key", Auth::Bearer(tok), None)
            .await;
        assert_refused(&r, 403, KEY_CREATION_NOT_ALLOWED, "create while disabled");
    }
    set_api_keys(s, admin, true).await;
    let key = create_key(s, admin).await;
    let r = s.get("/api/v1/auths/api_key", admin).await;
    assert_eq!(r.body["api_key"], json!(key));

    // the same answers as the admin's JWT, by header or as Bearer
    for path in [
        "/api/v1/auths/admin/config",
        "/api/v1/users/default/permissions",
        "/api/v1/groups/",
        "/api/v1/configs/banners",
        "/api/v1/users/user/settings",
        "/api/v1/auths/admin/details",
    ] {
        let by_jwt = s.get(path, admin).await;
        assert_eq!(by_jwt.status, 200, "{path}: {}", by_jwt.body);
        for auth in [
            Auth::ApiKeyHeader(&key),
            Auth::Bearer(&key),
            Auth::Cookie(&key),
        ] {
            let r = s.call("GET", path, auth, None).await;
            assert_eq!(r.status, 200, "{path}: {}", r.body);
            assert_eq!(r.body, by_jwt.body, "{path}");
        }
    }
    let r = s
        .call("GET", "/api/v1/users/all", Auth::ApiKeyHeader(&key), None)
        .await;
    assert_eq!(r.body["total"], json!(5));
    let r = s
        .call(
            "POST",
            "/api/v1/configs/banners",
            Auth::ApiKeyHeader(&key),
            Some(json!({"banners": [{"id": "b1", "type": "info", "content": "hi", "dismissible": true, "timestamp": 1}]})),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = s.get("/api/v1/configs/banners", &w.user.token).await;
    assert_eq!(r.body[0]["id"], json!("b1"));

    // no human session with a key
    for auth in [
        Auth::ApiKeyHeader(&key),
        Auth::Bearer(&key),
        Auth::Cookie(&key),
    ] {
        let r = s.call("GET", "/api/v1/auths/", auth, None).await;
        assert_refused(&r, 403, HUMAN_SESSION, "GET /api/v1/auths/ with a key");
        let r = s.call("GET", "/api/config", auth, None).await;
        assert_eq!(r.status, 200);
        assert!(r.body.get("permissions").is_none(), "key seen as signed in");
    }

    // an unknown key
    let unknown = format!("sk-{}", "f".repeat(32));
    for auth in [Auth::ApiKeyHeader(&unknown), Auth::Bearer(&unknown)] {
        let r = s.call("GET", "/api/v1/groups/", auth, None).await;
        assert_refused(&r, 401, INVALID_TOKEN, "unknown key");
    }

    // a new key replaces the old one; deleting it ends it
    let key2 = create_key(s, admin).await;
    assert_ne!(key, key2);
    let r = s
        .call("GET", "/api/v1/groups/", Auth::ApiKeyHeader(&key), None)
        .await;
    assert_refused(&r, 401, INVALID_TOKEN, "replaced key");
    let r = s
        .call("GET", "/api/v1/groups/", Auth::ApiKeyHeader(&key2), None)
        .await;
    assert_eq!(r.status, 200);

    // disabled again: the key is refused by every transport, JWTs still work
    set_api_keys(s, admin, false).await;
    for auth in [
        Auth::ApiKeyHeader(&key2),
        Auth::Bearer(&key2),
        Auth::Cookie(&key2),
    ] {
        for path in ["/api/v1/groups/", "/api/v1/users/all"] {
            let r = s.call("GET", path, auth, None).await;
            assert_refused(&r, 403, KEYS_NOT_ALLOWED, path);
        }
    }
    let r = s.get("/api/v1/users/all", admin).await;
    assert_eq!(r.status, 200);
    for m in ["GET", "POST", "DELETE"] {
        let r = s
            .call(m, "/api/v1/auths/api_key", Auth::Bearer(admin), None)
            .await;
        assert_refused(&r, 403, KEY_CREATION_NOT_ALLOWED, m);
    }

    // back on, then deleted
    set_api_keys(s, admin, true).await;
    let r = s
        .call("GET", "/api/v1/groups/", Auth::ApiKeyHeader(&key2), None)
        .await;
    assert_eq!(r.status, 200);
    let r = s
        .call("DELETE", "/api/v1/auths/api_key", Auth::Bearer(admin), None)
        .await;
    assert_eq!((r.status, &r.body), (200, &json!(true)));
    let r = s
        .call("GET", "/api/v1/groups/", Auth::ApiKeyHeader(&key2), None)
        .await;
    assert_refused(&r, 401, INVALID_TOKEN, "deleted key");
    let r = s.get("/api/v1/auths/api_key", admin).await;
    assert_eq!(r.status, 404, "{}", r.body);
}

#[tokio::test]
async fn user_api_keys_need_the_permission() {
    let w = World::new(false).await;
    let s = &w.s;
    let admin = w.admin.token.as_str();
    let user = w.user.token.as_str();
    set_api_keys(s, admin, true).await;

    // enabled, but users lack features.api_keys
    for m in ["GET", "POST", "DELETE"] {
        let r = s
            .call(m, "/api/v1/auths/api_key", Auth::Bearer(user), None)
            .await;
        assert_refused(&r, 403, KEY_CREATION_NOT_ALLOWED, m);
    }

    set_default_permission(s, admin, "features", "api_keys", true).await;
    let key = create_key(s, user).await;
    for auth in [Auth::ApiKeyHeader(&key), Auth::Bearer(&key)] {
        let r = s
            .call("GET", "/api/v1/users/user/settings", auth, None)
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let r = s.call("GET", "/api/v1/users/permissions", auth, None).await;
        assert_eq!(r.body["features"]["api_keys"], json!(true));
        let r = s.call("GET", "/api/v1/users/all", auth, None).await;
        assert_refused(&r, 401, NO_PERMISSION, "user key on an admin route");
        let r = s
            .call(
                "POST",
                &format!("/api/v1/users/{}/update", w.user.id),
                auth,
                Some(json!({"role": "admin"})),
            )
            .await;
        assert_refused(&r, 401, NO_PERMISSION, "user key promotes itself");
    }

    // a pending user's key gets no further than their session
    let pkey = create_key(s, &w.pending.token).await;
    let r = s
        .call("GET", "/api/v1/groups/", Auth::ApiKeyHeader(&pkey), None)
        .await;
    assert_refused(&r, 401, NO_PERMISSION, "pending key on a verified route");
    let r = s
        .call(
            "GET",
            "/api/v1/auths/admin/details",
            Auth::ApiKeyHeader(&pkey),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);

    // permission withdrawn: the user's existing key is refused
    set_default_permission(s, admin, "features", "api_keys", false).await;
    for auth in [Auth::ApiKeyHeader(&key), Auth::Bearer(&key)] {
        let r = s
            .call("GET", "/api/v1/users/user/settings", auth, None)
            .await;
        assert_refused(&r, 403, KEYS_NOT_ALLOWED, "user key without permission");
    }
    let r = s.get("/api/v1/users/user/settings", user).await;
    assert_eq!(r.status, 200);

    // a group can grant it too
    let g = create_group(s, admin, "keyholders", &[&w.user.id]).await;
    let r = s
        .post(
            &format!("/api/v1/groups/id/{g}/update"),
            admin,
            json!({"permissions": {"features": {"api_keys": true}}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = s
        .call(
            "GET",
            "/api/v1/users/user/settings",
            Auth::ApiKeyHeader(&key),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = s
        .call(
            "POST",
            "/api/v1/auths/api_key",
            Auth::Bearer(&w.other.token),
            None,
        )
        .await;
    assert_refused(
        &r,
        403,
        KEY_CREATION_NOT_ALLOWED,
        "non-member creates a key",
    );
}

#[tokio::test]
async fn api_key_endpoint_restrictions_match_the_request_path() {
    let w = World::new(false).await;
    let s = &w.s;
    let admin = w.admin.token.as_str();
    set_api_keys(s, admin, true).await;
    let key = create_key(s, admin).await;
    let r = s.get("/api/v1/auths/admin/config", admin).await;
    let mut cfg = r.body;
    cfg["ENABLE_API_KEYS_ENDPOINT_RESTRICTIONS"] = json!(true);
    cfg["API_KEYS_ALLOWED_ENDPOINTS"] = json!("/api/v1/groups, /api/v1/users/user, /api/usage");
    let r = s.post("/api/v1/auths/admin/config", admin, cfg).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let mut wrong = Vec::new();
    for (path, status) in [
        ("/api/v1/groups/", 200),
        ("/api/v1/users/user/settings", 200),
        ("/api/usage", 200),
        ("/api/v1/users/all", 403),
        ("/api/v1/users/", 403),
        ("/api/v1/auths/admin/config", 403),
        ("/api/config", 200),
    ] {
        for auth in [Auth::ApiKeyHeader(&key), Auth::Bearer(&key)] {
            let r = s.call("GET", path, auth, None).await;
            let want = if status == 403 { NO_PERMISSION } else { "" };
            if (r.status, detail(&r)) != (status, want) {
                wrong.push(format!(
                    "{path}: got {} {}, want {status}",
                    r.status, r.body
                ));
            }
        }
        assert_eq!(s.get(path, admin).await.status, 200, "{path} by JWT");
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

// ---------------------------------------------------------------------------
// Session revocation.

#[tokio::test]
async fn password_change_ends_every_session_of_that_user() {
    let w = World::new(false).await;
    let s = &w.s;
    let u = &w.user;
    let second = s.signin(&u.email, PASSWORD).await;
    let second = second.body["token"].as_str().unwrap().to_string();

    let r = s
        .post(
            "/api/v1/auths/update/password",
            &u.token,
            json!({"password": PASSWORD, "new_password": "password-2"}),
        )
        .await;
    assert_eq!((r.status, &r.body), (200, &json!(true)));
    for tok in [&u.token, &second] {
        for path in ["/api/v1/auths/", "/api/v1/users/user/settings"] {
            let r = s.get(path, tok).await;
            assert_refused(&r, 401, STAMP_ROTATED, path);
            let r = s.call("GET", path, Auth::Cookie(tok), None).await;
            assert_refused(&r, 401, STAMP_ROTATED, path);
        }
    }
    // others are not affected
    for p in [&w.other, &w.admin] {
        assert_eq!(s.get("/api/v1/auths/", &p.token).await.status, 200);
    }
    assert_eq!(s.signin(&u.email, PASSWORD).await.status, 400);
    let r = s.signin(&u.email, "password-2").await;
    assert_eq!(r.status, 200);
    let fresh = r.body["token"].as_str().unwrap();
    assert_eq!(
        s.get("/api/v1/users/user/settings", fresh).await.status,
        200
    );

    // a pending user may change their own password too
    let r = s
        .post(
            "/api/v1/auths/update/password",
            &w.pending.token,
            json!({"password": PASSWORD, "new_password": "password-3"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = s.get("/api/v1/auths/", &w.pending.token).await;
    assert_refused(&r, 401, STAMP_ROTATED, "pending after password change");
}

#[tokio::test]
async fn admin_revocation_ends_that_users_sessions() {
    let w = World::new(false).await;
    let s = &w.s;
    let admin = w.admin.token.as_str();
    let u = &w.user;
    assert_eq!(s.get("/api/v1/groups/", &u.token).await.status, 200);

    let r = s
        .call(
            "POST",
            &format!("/api/v1/users/{}/sessions/revoke", u.id),
            Auth::Bearer(admin),
            None,
        )
        .await;
    assert_eq!((r.status, &r.body), (200, &json!(true)));
    for path in ["/api/v1/auths/", "/api/v1/groups/"] {
        let r = s.get(path, &u.token).await;
        assert_refused(&r, 401, STAMP_ROTATED, path);
    }
    for p in [&w.other, &w.admin] {
        assert_eq!(s.get("/api/v1/auths/", &p.token).await.status, 200);
    }
    let r = s.signin(&u.email, PASSWORD).await;
    let fresh = r.body["token"].as_str().unwrap().to_string();
    assert_eq!(s.get("/api/v1/groups/", &fresh).await.status, 200);

    // a new password set by the admin signs the user out as well
    let r = s
        .post(
            &format!("/api/v1/users/{}/update", u.id),
            admin,
            json!({"password": "password-9"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = s.get("/api/v1/auths/", &fresh).await;
    assert_refused(&r, 401, STAMP_ROTATED, "after the admin set a password");

    // demoted to pending: the same token is held to the pending level at once
    let other = &w.other;
    let r = s
        .post(
            &format!("/api/v1/users/{}/update", other.id),
            admin,
            json!({"role": "pending"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = s.get("/api/v1/groups/", &other.token).await;
    assert_refused(&r, 401, NO_PERMISSION, "demoted user on a verified route");
    assert_eq!(s.get("/api/v1/auths/", &other.token).await.status, 200);

    // deleted: the token no longer names an account
    let r = s
        .call(
            "DELETE",
            &format!("/api/v1/users/{}", w.victim.id),
            Auth::Bearer(admin),
            None,
        )
        .await;
    assert_eq!((r.status, &r.body), (200, &json!(true)));
    let r = s.get("/api/v1/auths/", &w.victim.token).await;
    assert_refused(&r, 401, INVALID_AUTH_REQUEST, "deleted user");
}

// ---------------------------------------------------------------------------
// JWT checks, in upstream's order.

fn sign(claims: &Claims, alg: jsonwebtoken::Algorithm, secret: &[u8]) -> String {
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(alg),
        claims,
        &jsonwebtoken::EncodingKey::from_secret(secret),
    )
    .unwrap()
}

#[tokio::test]
async fn jwt_claims_are_checked() {
    use base64::Engine;
    use jsonwebtoken::Algorithm::{HS256, HS384};

    let w = World::new(false).await;
    let s = &w.s;
    let secret = s.cx.secret.clone();
    let base = token::decode(&secret, &w.user.token).unwrap();
    assert!(base.session_stamp.is_some());
    let with = |f: &dyn Fn(&mut Claims)| {
        let mut c = base.clone();
        f(&mut c);
        c
    };
    let now = owui::util::now();
    let unsigned = {
        let b64 = |v: Value| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string());
        format!(
            "{}.{}.",
            b64(json!({"alg": "none", "typ": "JWT"})),
            b64(serde_json::to_value(&base).unwrap())
        )
    };
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "expired",
            sign(&with(&|c| c.exp = Some(now - 10)), HS256, &secret),
            BAD_JWT,
        ),
        (
            "another secret",
            sign(&base, HS256, b"not-the-secret"),
            BAD_JWT,
        ),
        ("HS384", sign(&base, HS384, &secret), BAD_JWT),
        ("alg none", unsigned, BAD_JWT),
        (
            "unknown user",
            sign(&with(&|c| c.id = "no-such-user".into()), HS256, &secret),
            INVALID_AUTH_REQUEST,
        ),
        (
            "old session stamp",
            sign(
                &with(&|c| c.session_stamp = Some("stale".into())),
                HS256,
                &secret,
            ),
            STAMP_ROTATED,
        ),
        (
            "no session stamp",
            sign(&with(&|c| c.session_stamp = None), HS256, &secret),
            STAMP_ROTATED,
        ),
        (
            "unknown typ",
            sign(&with(&|c| c.typ = Some("refresh".into())), HS256, &secret),
            STAMP_ROTATED,
        ),
    ];
    for (what, tok, want) in cases {
        for path in ["/api/v1/auths/", "/api/v1/groups/"] {
            let r = s.get(path, &tok).await;
            assert_refused(&r, 401, want, &format!("{what} on {path}"));
        }
        let r = s.get("/api/config", &tok).await;
        assert_eq!(r.status, 200, "{what}: /api/config");
        assert!(r.body.get("permissions").is_none(), "{what}: signed in");
    }

    // without `exp` the token does not expire
    let forever = sign(&with(&|c| c.exp = None), HS256, &secret);
    assert_eq!(s.get("/api/v1/auths/", &forever).await.status, 200);

    // internal token kinds pass the role gates but are not a human session
    for typ in ["automation", "subagent"] {
        let tok = sign(&with(&|c| c.typ = Some(typ.into())), HS256, &secret);
        let r = s.get("/api/v1/groups/", &tok).await;
        assert_eq!(r.status, 200, "{typ}: {}", r.body);
        let r = s.get("/api/v1/users/all", &tok).await;
        assert_refused(&r, 401, NO_PERMISSION, typ);
        let r = s.get("/api/v1/auths/", &tok).await;
        assert_refused(&r, 403, HUMAN_SESSION, typ);
    }

    // a token from `POST /auths/add` is a session like a sign-in's
    let r = s
        .post(
            "/api/v1/auths/add",
            &w.admin.token,
            json!({"name": "Fresh", "email": "fresh@example.com", "password": PASSWORD, "role": "user"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let added = r.body["token"].as_str().unwrap();
    assert_eq!(s.get("/api/v1/auths/", added).await.status, 200);
    assert_eq!(s.get("/api/v1/groups/", added).await.status, 200);
}
