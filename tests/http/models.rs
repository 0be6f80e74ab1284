//! `/api/v1/models` over loopback.

use crate::common::{self, Auth, Server, keys, start};
use serde_json::{Value, json};

const NOT_FOUND: &str = "We could not find what you're looking for :/";
const PROHIBITED: &str = "You do not have permission to access this resource. Please contact your administrator for assistance.";
const UNAUTHORIZED: &str = "401 Unauthorized";
const TAKEN: &str =
    "Uh-oh! This model id is already registered. Please choose another model id string.";

fn detail(r: &common::Resp) -> &str {
    r.body["detail"].as_str().unwrap_or("")
}

async fn set_permissions(s: &Server, admin: &str, section: &str, on: &[&str]) {
    let r = s.get("/api/v1/users/default/permissions", admin).await;
    let mut p = r.body;
    for k in on {
        p[section][*k] = json!(true);
    }
    let r = s.post("/api/v1/users/default/permissions", admin, p).await;
    assert_eq!(r.status, 200, "{}", r.body);
}

fn preset(id: &str, name: &str) -> Value {
    json!({"id": id, "base_model_id": "gpt-4o", "name": name,
        "meta": {"description": "d", "tags": ["work", {"name": "fun"}, " "],
                 "profile_image_url": "data:image/png;base64,iVBORw0KGgo="},
        "params": {"system": "Talk like {{ chat.variables.persona | select:options=[\"pirate\",\"robot\"] }}", "temperature": 0.5}})
}

async fn call(s: &Server, m: &str, path: &str, t: &str, body: Option<Value>) -> common::Resp {
    s.call(m, path, Auth::Bearer(t), body).await
}

struct People {
    admin: String,
    alice: (String, String),
    bob: (String, String),
}

async fn people(s: &Server) -> People {
    let (admin, _) = s.signup("Admin", "admin@example.com", "pw-admin").await;
    let alice = s
        .add_user(&admin, "Alice", "alice@example.com", "user")
        .await;
    let bob = s.add_user(&admin, "Bob", "bob@example.com", "user").await;
    People { admin, alice, bob }
}

#[tokio::test]
async fn create_get_list_update_toggle_delete() {
    let s = start().await;
    let p = people(&s).await;
    let t = &p.admin;
    let r = s
        .post("/api/v1/models/create", t, preset("my-bot", "My Bot"))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        keys(&r.body),
        [
            "version_id",
            "id",
            "user_id",
            "base_model_id",
            "name",
            "params",
            "meta",
            "access_grants",
            "is_active",
            "updated_at",
            "created_at"
        ]
    );
    assert_eq!(
        r.body["meta"]["tags"],
        json!([{"name": "work"}, {"name": "fun"}])
    );
    assert_eq!(
        &keys(&r.body["meta"])[..8],
        [
            "profile_image_url",
            "background_image_url",
            "description",
            "i18n",
            "capabilities",
            "knowledge",
            "voice",
            "voice_avatar"
        ]
    );
    assert_eq!(r.body["is_active"], true);
    assert_eq!(r.body["access_grants"], json!([]));
    assert!(r.body["version_id"].is_string());

    // the same id again
    let again = s
        .post("/api/v1/models/create", t, preset("my-bot", "x"))
        .await;
    assert_eq!((again.status, detail(&again)), (401, TAKEN));
    // too long, whitespace, missing fields
    let long = "x".repeat(257);
    let r = s.post("/api/v1/models/create", t, preset(&long, "x")).await;
    assert_eq!(r.status, 400);
    assert!(detail(&r).starts_with("The model id is too long"));
    let r = s.post("/api/v1/models/create", t, preset("a b", "x")).await;
    assert_eq!(r.status, 422);
    let r = s
        .post("/api/v1/models/create", t, json!({"id": "x", "name": "x"}))
        .await;
    assert_eq!(r.status, 422);

    // get: the chat variables schema is computed
    let g = s.get("/api/v1/models/model?id=my-bot", t).await;
    assert_eq!(g.status, 200);
    assert_eq!(g.body["write_access"], true);
    assert_eq!(g.body["user"], Value::Null);
    assert_eq!(
        g.body["meta"]["chat_variables_schema"],
        json!({"fields": [{"key": "persona", "options": ["pirate", "robot"], "type": "select", "required": false}]})
    );
    assert_eq!(g.body["params"]["temperature"], 0.5);
    let missing = s.get("/api/v1/models/model?id=nope", t).await;
    assert_eq!((missing.status, detail(&missing)), (404, NOT_FOUND));
    let no_id = s.get("/api/v1/models/model", t).await;
    assert_eq!(no_id.status, 422);

    // list: no profile image, owner attached
    let l = s.get("/api/v1/models/list", t).await;
    assert_eq!(l.status, 200);
    assert_eq!(keys(&l.body), ["items", "total"]);
    assert_eq!(l.body["total"], 1);
    let item = &l.body["items"][0];
    assert!(item["meta"].get("profile_image_url").is_none());
    assert_eq!(item["user"]["name"], "Admin");
    assert_eq!(keys(&item["user"]), ["id", "name", "role", "email"]);
    assert_eq!(item["write_access"], true);
    let q = s
        .get(
            "/api/v1/models/list?query=BOT&order_by=name&direction=asc",
            t,
        )
        .await;
    assert_eq!(q.body["total"], 1);
    let q = s.get("/api/v1/models/list?query=zzz", t).await;
    assert_eq!(q.body["total"], 0);
    let q = s.get("/api/v1/models/list?tag=FUN", t).await;
    assert_eq!(q.body["total"], 1);
    let q = s.get("/api/v1/models/list?view_option=shared", t).await;
    assert_eq!(q.body["total"], 0);
    assert_eq!(
        s.get("/api/v1/models/tags", t).await.body,
        json!(["fun", "work"])
    );

    // update: omitted base and profile image are kept; a new version
    let u = s
        .post(
            "/api/v1/models/model/update",
            t,
            json!({"id": "my-bot", "name": "Renamed", "meta": {"description": "new"}, "params": {}}),
        )
        .await;
    assert_eq!(u.status, 200, "{}", u.body);
    assert_eq!(u.body["name"], "Renamed");
    assert_eq!(u.body["base_model_id"], "gpt-4o");
    assert_eq!(
        u.body["meta"]["profile_image_url"],
        "data:image/png;base64,iVBORw0KGgo="
    );
    assert_ne!(u.body["version_id"], r.body["version_id"]);
    let missing = s
        .post(
            "/api/v1/models/model/update",
            t,
            json!({"id": "nope", "name": "x", "meta": {}, "params": {}}),
        )
        .await;
    assert_eq!((missing.status, detail(&missing)), (401, NOT_FOUND));

    // toggle
    let tg = call(&s, "POST", "/api/v1/models/model/toggle?id=my-bot", t, None).await;
    assert_eq!(tg.status, 200);
    assert_eq!(tg.body["is_active"], false);
    let tg = call(&s, "POST", "/api/v1/models/model/toggle?id=nope", t, None).await;
    assert_eq!((tg.status, detail(&tg)), (401, NOT_FOUND));
    // an update without is_active keeps it off
    let u = s
        .post(
            "/api/v1/models/model/update",
            t,
            json!({"id": "my-bot", "name": "Renamed", "meta": {}, "params": {}}),
        )
        .await;
    assert_eq!(u.body["is_active"], false);

    // admin lists
    let all = s.get("/api/v1/models/all", t).await;
    assert_eq!(all.body.as_array().unwrap().len(), 1);
    assert_eq!(s.get("/api/v1/models/base", t).await.body, json!([]));
    assert_eq!(s.get("/api/v1/models/base/tags", t).await.body, json!([]));

    // delete
    let d = s
        .post("/api/v1/models/model/delete", t, json!({"id": "my-bot"}))
        .await;
    assert_eq!((d.status, &d.body), (200, &json!(true)));
    let d = s
        .post("/api/v1/models/model/delete", t, json!({"id": "my-bot"}))
        .await;
    assert_eq!((d.status, detail(&d)), (401, NOT_FOUND));
    assert_eq!(s.get("/api/v1/models/list", t).await.body["total"], 0);
}

#[tokio::test]
async fn users_need_the_workspace_permission_and_a_base_model() {
    let s = start().await;
    let p = people(&s).await;
    let alice = &p.alice.0;
    let r = s
        .post("/api/v1/models/create", alice, preset("a1", "A"))
        .await;
    assert_eq!((r.status, detail(&r)), (401, UNAUTHORIZED));
    set_permissions(&s, &p.admin, "workspace", &["models"]).await;
    let r = s
        .post("/api/v1/models/create", alice, preset("a1", "A"))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["user_id"], p.alice.1);
    let mut no_base = preset("a2", "A");
    no_base["base_model_id"] = Value::Null;
    let r = s.post("/api/v1/models/create", alice, no_base).await;
    assert_eq!((r.status, detail(&r)), (401, UNAUTHORIZED));
    // base == id is stored as null: an admin may, a user may not
    let mut own = preset("a3", "A");
    own["base_model_id"] = json!("a3");
    let r = s.post("/api/v1/models/create", alice, own.clone()).await;
    assert_eq!(r.status, 401);
    let r = s.post("/api/v1/models/create", &p.admin, own).await;
    assert_eq!(r.body["base_model_id"], Value::Null);
    // a user may not clear the base model
    let r = s
        .post(
            "/api/v1/models/model/update",
            alice,
            json!({"id": "a1", "base_model_id": null, "name": "A", "meta": {}, "params": {}}),
        )
        .await;
    assert_eq!((r.status, detail(&r)), (401, UNAUTHORIZED));
    // grants the user may not give are dropped silently on create
    let mut shared = preset("a4", "A");
    shared["access_grants"] =
        json!([{"principal_type": "user", "principal_id": "*", "permission": "read"}]);
    let r = s.post("/api/v1/models/create", alice, shared).await;
    assert_eq!(r.body["access_grants"], json!([]));
}

#[tokio::test]
async fn another_user_cannot_read_change_or_delete_a_private_model() {
    let s = start().await;
    let p = people(&s).await;
    set_permissions(&s, &p.admin, "workspace", &["models"]).await;
    let (alice, bob) = (&p.alice.0, &p.bob.0);
    let r = s
        .post("/api/v1/models/create", alice, preset("mine", "Mine"))
        .await;
    assert_eq!(r.status, 200);

    let g = s.get("/api/v1/models/model?id=mine", bob).await;
    assert_eq!((g.status, detail(&g)), (401, PROHIBITED));
    assert_eq!(s.get("/api/v1/models/list", bob).await.body["total"], 0);
    assert_eq!(s.get("/api/v1/models/tags", bob).await.body, json!([]));
    let u = s
        .post(
            "/api/v1/models/model/update",
            bob,
            json!({"id": "mine", "name": "hijacked", "meta": {}, "params": {}}),
        )
        .await;
    assert_eq!((u.status, detail(&u)), (400, PROHIBITED));
    let tg = call(&s, "POST", "/api/v1/models/model/toggle?id=mine", bob, None).await;
    assert_eq!((tg.status, detail(&tg)), (401, UNAUTHORIZED));
    let d = s
        .post("/api/v1/models/model/delete", bob, json!({"id": "mine"}))
        .await;
    assert_eq!((d.status, detail(&d)), (401, UNAUTHORIZED));
    let a = s
        .post(
            "/api/v1/models/model/access/update",
            bob,
            json!({"id": "mine", "access_grants": []}),
        )
        .await;
    assert_eq!((a.status, detail(&a)), (400, PROHIBITED));
    let h = s.get("/api/v1/models/model/history?id=mine", bob).await;
    assert_eq!((h.status, detail(&h)), (403, PROHIBITED));
    // a non-admin may not register a missing id through access/update
    let a = s
        .post(
            "/api/v1/models/model/access/update",
            bob,
            json!({"id": "ghost", "access_grants": []}),
        )
        .await;
    assert_eq!((a.status, detail(&a)), (403, PROHIBITED));
    // the profile image of an unreadable model is the default one
    let img = no_redirects()
        .get(s.url("/api/v1/models/model/profile/image?id=mine"))
        .bearer_auth(bob)
        .send()
        .await
        .unwrap();
    assert_eq!(img.status(), 302);
    assert_eq!(img.headers()["location"], "/static/favicon.png");
    // the owner still sees it as it was
    let g = s.get("/api/v1/models/model?id=mine", alice).await;
    assert_eq!(g.body["name"], "Mine");
    // admins see everything (bypass on by default)
    let g = s.get("/api/v1/models/model?id=mine", &p.admin).await;
    assert_eq!((g.status, &g.body["write_access"]), (200, &json!(true)));
}

#[tokio::test]
async fn grants_give_read_and_write() {
    let s = start().await;
    let p = people(&s).await;
    set_permissions(&s, &p.admin, "workspace", &["models"]).await;
    let (alice, bob) = (&p.alice.0, &p.bob.0);
    s.post("/api/v1/models/create", alice, preset("shared", "Shared"))
        .await;
    // alice may not share publicly without `sharing.public_models`
    let a = s
        .post(
            "/api/v1/models/model/access/update",
            alice,
            json!({"id": "shared", "access_grants": [{"principal_type": "user", "principal_id": "*", "permission": "read"}]}),
        )
        .await;
    assert_eq!(
        (a.status, detail(&a)),
        (
            403,
            "You do not have permission to share with the requested audience"
        )
    );
    set_permissions(&s, &p.admin, "sharing", &["models"]).await;
    // reading: params are hidden, no write access
    let a = s
        .post(
            "/api/v1/models/model/access/update",
            alice,
            json!({"id": "shared", "access_grants": [{"principal_type": "user", "principal_id": p.bob.1, "permission": "read"}]}),
        )
        .await;
    assert_eq!(a.status, 200, "{}", a.body);
    assert_eq!(a.body["access_grants"].as_array().unwrap().len(), 1);
    assert_eq!(
        keys(&a.body["access_grants"][0]),
        [
            "id",
            "resource_type",
            "resource_id",
            "principal_type",
            "principal_id",
            "permission",
            "created_at"
        ]
    );
    let g = s.get("/api/v1/models/model?id=shared", bob).await;
    assert_eq!(g.status, 200);
    assert_eq!(g.body["params"], json!({}));
    assert_eq!(g.body["write_access"], false);
    let l = s.get("/api/v1/models/list", bob).await;
    assert_eq!(l.body["total"], 1);
    assert_eq!(l.body["items"][0]["params"], json!({}));
    let l = s.get("/api/v1/models/list?view_option=created", bob).await;
    assert_eq!(l.body["total"], 0);
    let u = s
        .post(
            "/api/v1/models/model/update",
            bob,
            json!({"id": "shared", "name": "x", "meta": {}, "params": {}}),
        )
        .await;
    assert_eq!(u.status, 400);
    // the image is served to readers, with an ETag
    let img = no_redirects()
        .get(s.url("/api/v1/models/model/profile/image?id=shared"))
        .header("cookie", format!("token={bob}"))
        .send()
        .await
        .unwrap();
    assert_eq!(img.status(), 200);
    assert_eq!(img.headers()["content-type"], "image/png");
    assert!(img.headers()["etag"].to_str().unwrap().starts_with('"'));
    assert_eq!(img.bytes().await.unwrap().len(), 8);

    // writing
    let a = s
        .post(
            "/api/v1/models/model/access/update",
            alice,
            json!({"id": "shared", "access_grants": [
                {"principal_type": "user", "principal_id": p.bob.1, "permission": "read"},
                {"principal_type": "user", "principal_id": p.bob.1, "permission": "write"}]}),
        )
        .await;
    assert_eq!(a.status, 200);
    let g = s.get("/api/v1/models/model?id=shared", bob).await;
    assert_eq!(g.body["write_access"], true);
    assert_eq!(g.body["params"]["temperature"], 0.5);
    let u = s
        .post(
            "/api/v1/models/model/update",
            bob,
            json!({"id": "shared", "name": "Edited by Bob", "meta": {}, "params": {}, "access_grants": []}),
        )
        .await;
    assert_eq!(u.status, 200);
    // grants in an update body are ignored
    assert_eq!(u.body["access_grants"].as_array().unwrap().len(), 2);
    let h = s.get("/api/v1/models/model/history?id=shared", bob).await;
    assert_eq!(h.status, 200);
    assert_eq!(h.body.as_array().unwrap().len(), 2);
    // (newest first; entries of the same second are in id order)
    let authors: Vec<&Value> = h
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|e| &e["user"])
        .collect();
    assert!(authors.contains(&&json!({"name": "Bob"})), "{authors:?}");
    let tg = call(
        &s,
        "POST",
        "/api/v1/models/model/toggle?id=shared",
        bob,
        None,
    )
    .await;
    assert_eq!(tg.status, 200);
    let d = s
        .post("/api/v1/models/model/delete", bob, json!({"id": "shared"}))
        .await;
    assert_eq!(d.status, 200);
}

#[tokio::test]
async fn pending_and_anonymous_are_refused() {
    let s = start().await;
    let p = people(&s).await;
    let (pending, _) = s
        .add_user(&p.admin, "Pen", "pen@example.com", "pending")
        .await;
    for path in [
        "/api/v1/models/list",
        "/api/v1/models/tags",
        "/api/v1/models/model?id=x",
        "/api/v1/models/model/profile/image?id=x",
        "/api/v1/models/export",
    ] {
        let r = s.call("GET", path, Auth::None, None).await;
        assert_eq!(r.status, 401, "{path}");
        let r = s.get(path, &pending).await;
        assert_eq!(r.status, 401, "{path}");
    }
    for path in ["/api/v1/models/all", "/api/v1/models/base"] {
        let r = s.get(path, &p.alice.0).await;
        assert_eq!((r.status, detail(&r)), (401, PROHIBITED), "{path}");
    }
    let r = call(&s, "DELETE", "/api/v1/models/delete/all", &p.alice.0, None).await;
    assert_eq!(r.status, 401);
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

#[tokio::test]
async fn profile_images() {
    let s = start().await;
    let p = people(&s).await;
    let t = &p.admin;
    let get = |id: &str| {
        let url = s.url(&format!(
            "/api/v1/models/model/profile/image?id={id}&lang=en"
        ));
        async move { no_redirects().get(url).bearer_auth(t).send().await.unwrap() }
    };
    let mut m = preset("pic", "Pic");
    s.post("/api/v1/models/create", t, m.clone()).await;
    let r = get("pic").await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-disposition"], "inline");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    // http → redirect; /static path → redirect; invalid → default
    for (url, want) in [
        ("https://example.com/a.png", "https://example.com/a.png"),
        ("/static/favicon.png", "/static/favicon.png"),
        ("javascript:alert(1)", "/static/favicon.png"),
    ] {
        m["meta"]["profile_image_url"] = json!(url);
        let u = s.post("/api/v1/models/model/update", t, m.clone()).await;
        assert_eq!(u.status, 200);
        let r = get("pic").await;
        assert_eq!(r.status(), 302, "{url}");
        assert_eq!(r.headers()["location"], want, "{url}");
    }
    let r = get("no-such-model").await;
    assert_eq!(r.headers()["location"], "/static/favicon.png");
}

#[tokio::test]
async fn access_update_registers_a_provider_model() {
    let s = start().await;
    let p = people(&s).await;
    let r = s
        .post(
            "/api/v1/models/model/access/update",
            &p.admin,
            json!({"id": "llama3:8b", "name": "Llama", "access_grants": [{"principal_type": "user", "principal_id": "*", "permission": "read"}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["base_model_id"], Value::Null);
    assert_eq!(r.body["name"], "Llama");
    assert_eq!(r.body["access_grants"][0]["principal_id"], "*");
    let b = s.get("/api/v1/models/base", &p.admin).await;
    assert_eq!(b.body[0]["id"], "llama3:8b");
    // overrides are not workspace presets
    assert_eq!(
        s.get("/api/v1/models/list", &p.admin).await.body["total"],
        0
    );
    // a user with the public grant may read it
    let g = s.get("/api/v1/models/model?id=llama3:8b", &p.alice.0).await;
    assert_eq!(g.status, 200);
    let r = s
        .post(
            "/api/v1/models/model/access/update",
            &p.admin,
            json!({"id": "has space", "access_grants": []}),
        )
        .await;
    assert_eq!(r.status, 422);
}

#[tokio::test]
async fn history_versions_restore() {
    let s = start().await;
    let p = people(&s).await;
    let t = &p.admin;
    let c = s.post("/api/v1/models/create", t, preset("v", "One")).await;
    let v1 = c.body["version_id"].as_str().unwrap().to_string();
    let mut m = preset("v", "Two");
    m["commit_message"] = json!("renamed");
    m["meta"]["hidden"] = json!(true);
    let u = s.post("/api/v1/models/model/update", t, m.clone()).await;
    let v2 = u.body["version_id"].as_str().unwrap().to_string();
    assert_ne!(v1, v2);
    // no change, no version
    let same = s.post("/api/v1/models/model/update", t, m).await;
    assert_eq!(same.body["version_id"], v2.as_str());
    let h = s.get("/api/v1/models/model/history?id=v", t).await;
    assert_eq!(h.status, 200);
    let list = h.body.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(
        keys(&list[0]),
        [
            "id",
            "model_id",
            "parent_id",
            "user_id",
            "commit_message",
            "created_at",
            "user"
        ]
    );
    let newest = list.iter().find(|e| e["id"] == v2.as_str()).unwrap();
    assert_eq!(newest["parent_id"], v1.as_str());
    assert_eq!(newest["commit_message"], "renamed");
    let e = s
        .get(&format!("/api/v1/models/model/history/{v1}?id=v"), t)
        .await;
    assert_eq!(e.status, 200);
    assert_eq!(
        keys(&e.body["snapshot"]),
        ["name", "base_model_id", "params", "meta"]
    );
    assert_eq!(e.body["snapshot"]["name"], "One");
    let nf = s.get("/api/v1/models/model/history/nope?id=v", t).await;
    assert_eq!((nf.status, detail(&nf)), (404, "Model version not found"));
    // the live version cannot be deleted
    let d = call(
        &s,
        "DELETE",
        &format!("/api/v1/models/model/history/{v2}?id=v"),
        t,
        None,
    )
    .await;
    assert_eq!(
        (d.status, detail(&d)),
        (400, "Cannot delete the current version")
    );
    // restore v1: hidden stays as live
    let r = s
        .post(
            "/api/v1/models/model/update/version?id=v",
            t,
            json!({"version_id": v1}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["name"], "One");
    assert_eq!(r.body["version_id"], v1.as_str());
    assert_eq!(r.body["meta"]["hidden"], true);
    let d = call(
        &s,
        "DELETE",
        &format!("/api/v1/models/model/history/{v2}?id=v"),
        t,
        None,
    )
    .await;
    assert_eq!((d.status, &d.body), (200, &json!(true)));
    let r = s
        .post(
            "/api/v1/models/model/update/version?id=v",
            t,
            json!({"version_id": v2}),
        )
        .await;
    assert_eq!((r.status, detail(&r)), (404, "Model version not found"));
}

#[tokio::test]
async fn export_import_sync_delete_all() {
    let s = start().await;
    let p = people(&s).await;
    let t = &p.admin;
    s.post("/api/v1/models/create", t, preset("e1", "E1")).await;
    s.post("/api/v1/models/create", t, preset("e2", "E2")).await;
    let e = s.get("/api/v1/models/export", t).await;
    assert_eq!(e.status, 200);
    let items = e.body.as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert!(items[0].get("background_image_data").is_some());
    let one = s.get("/api/v1/models/export?ids=e1", t).await;
    assert_eq!(one.body.as_array().unwrap().len(), 1);
    let bad = s.get("/api/v1/models/export?ids=e1&ids=nope", t).await;
    assert_eq!((bad.status, detail(&bad)), (403, PROHIBITED));
    // users need the export / import permissions
    let r = s.get("/api/v1/models/export", &p.alice.0).await;
    assert_eq!((r.status, detail(&r)), (401, UNAUTHORIZED));
    let r = s
        .post("/api/v1/models/import", &p.alice.0, json!({"models": []}))
        .await;
    assert_eq!((r.status, detail(&r)), (401, UNAUTHORIZED));

    // import: existing ids are updated (meta merged), new ones inserted
    let mut changed = items[0].clone();
    changed["name"] = json!("Imported");
    changed["meta"] = json!({"description": "merged"});
    let new = json!({"id": "e3", "base_model_id": "gpt-4o", "name": "E3"});
    let r = s
        .post(
            "/api/v1/models/import",
            t,
            json!({"models": [changed, new, {"id": "bad id", "name": "x"}]}),
        )
        .await;
    assert_eq!((r.status, &r.body), (200, &json!(true)), "{}", r.body);
    let id0 = items[0]["id"].as_str().unwrap();
    let g = s.get(&format!("/api/v1/models/model?id={id0}"), t).await;
    assert_eq!(g.body["name"], "Imported");
    assert_eq!(g.body["meta"]["description"], "merged");
    assert_eq!(
        g.body["meta"]["tags"],
        json!([{"name": "work"}, {"name": "fun"}])
    );
    assert_eq!(s.get("/api/v1/models/list", t).await.body["total"], 3);

    // a user may not overwrite a model they cannot write
    set_permissions(&s, &p.admin, "workspace", &["models_import"]).await;
    let r = s
        .post(
            "/api/v1/models/import",
            &p.alice.0,
            json!({"models": [{"id": "e1", "base_model_id": "gpt-4o", "name": "x", "meta": {}, "params": {}}]}),
        )
        .await;
    assert_eq!((r.status, detail(&r)), (401, TAKEN));

    // sync replaces the table
    let keep = s.get("/api/v1/models/model?id=e3", t).await.body;
    let r = s
        .post("/api/v1/models/sync", t, json!({"models": [keep]}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body.as_array().unwrap().len(), 1);
    let all = s.get("/api/v1/models/all", t).await;
    assert_eq!(all.body.as_array().unwrap().len(), 1);
    assert_eq!(all.body[0]["id"], "e3");

    let r = call(&s, "DELETE", "/api/v1/models/delete/all", t, None).await;
    assert_eq!((r.status, &r.body), (200, &json!(true)));
    assert_eq!(s.get("/api/v1/models/all", t).await.body, json!([]));
}

/// Upload a file through `/api/v1/files/`; returns its id.
async fn upload(s: &Server, token: &str, name: &str, bytes: &[u8]) -> String {
    const B: &str = "owui-models-test";
    let mut body = format!(
        "--{B}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{B}--\r\n").as_bytes());
    let r = s
        .http
        .post(s.url("/api/v1/files/?process=false"))
        .bearer_auth(token)
        .header("content-type", format!("multipart/form-data; boundary={B}"))
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    v["id"].as_str().unwrap().to_string()
}

#[tokio::test]
async fn background_images_are_checked_and_exported_inline() {
    let s = start().await;
    let p = people(&s).await;
    set_permissions(&s, &p.admin, "workspace", &["models"]).await;
    let png = b"\x89PNG\r\n\x1a\n0000rest-of-image";
    let admins = upload(&s, &p.admin, "bg.png", png).await;
    let text = upload(&s, &p.alice.0, "notes.txt", b"hello").await;
    let mine = upload(&s, &p.alice.0, "bg.png", png).await;
    let with_bg = |file: &str| {
        let mut m = preset("bg", "Bg");
        m["meta"]["background_image_url"] = json!(format!("/api/v1/files/{file}/content"));
        m
    };
    // not a file URL: 422; someone else's file: 403; not an image: 400
    let mut bad = preset("bg", "Bg");
    bad["meta"]["background_image_url"] = json!("https://example.com/x.png");
    let r = s.post("/api/v1/models/create", &p.alice.0, bad).await;
    assert_eq!(r.status, 422);
    let r = s
        .post("/api/v1/models/create", &p.alice.0, with_bg(&admins))
        .await;
    assert_eq!(
        (r.status, detail(&r)),
        (403, "Background image is not accessible.")
    );
    let r = s
        .post("/api/v1/models/create", &p.alice.0, with_bg(&text))
        .await;
    assert_eq!((r.status, detail(&r)), (400, "Invalid background image."));
    let r = s
        .post("/api/v1/models/create", &p.alice.0, with_bg(&mine))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    // knowledge files must be readable too
    let mut k = preset("k", "K");
    k["meta"]["knowledge"] = json!([{"id": admins, "type": "file", "name": "x"}]);
    let r = s.post("/api/v1/models/create", &p.alice.0, k.clone()).await;
    assert_eq!((r.status, detail(&r)), (403, PROHIBITED));
    k["meta"]["knowledge"] =
        json!([{"id": mine, "type": "file", "name": "x", "data": {"content": "long"}}]);
    let r = s.post("/api/v1/models/create", &p.alice.0, k).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["meta"]["knowledge"][0].get("data"), Some(&json!({})));
    let owners = owui::core::models::owners_of_file(&s.cx, &mine, true).unwrap();
    assert_eq!(owners.len(), 2, "{owners:?}");
    let owners = owui::core::models::owners_of_file(&s.cx, &mine, false).unwrap();
    assert_eq!(owners.keys().collect::<Vec<_>>(), ["k"]);
    // export inlines it
    let e = s.get("/api/v1/models/export", &p.admin).await;
    assert_eq!(e.status, 200, "{}", e.body);
    let data = e.body[0]["background_image_data"].as_str().unwrap();
    assert!(data.starts_with("data:image/png;base64,"));
    assert_eq!(e.body[0]["meta"]["background_image_url"], Value::Null);
    // import turns it back into a file of the importer
    let mut item = e.body[0].clone();
    item["id"] = json!("bg-copy");
    let r = s
        .post(
            "/api/v1/models/import",
            &p.admin,
            json!({"models": [item.clone()]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let g = s.get("/api/v1/models/model?id=bg-copy", &p.admin).await;
    let url = g.body["meta"]["background_image_url"].as_str().unwrap();
    assert!(url.starts_with("/api/v1/files/") && url.ends_with("/content"));
    assert_ne!(url, format!("/api/v1/files/{mine}/content"));
    item["background_image_data"] = json!("data:image/gif;base64,iVBORw0KGgo=");
    let r = s
        .post("/api/v1/models/import", &p.admin, json!({"models": [item]}))
        .await;
    assert_eq!(
        (r.status, detail(&r)),
        (400, "Invalid background image data URI.")
    );
}
