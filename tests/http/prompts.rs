//! `/api/v1/prompts` over loopback.

use crate::common::{self, Auth, Server, keys, start};
use serde_json::{Value, json};

const NOT_FOUND: &str = "We could not find what you're looking for :/";
const PROHIBITED: &str = "You do not have permission to access this resource. Please contact your administrator for assistance.";
const UNAUTHORIZED: &str = "401 Unauthorized";
const NOT_AUTHENTICATED: &str = "Not authenticated";
const TAKEN: &str =
    "Uh-oh! This command is already registered. Please choose another command string.";

fn detail(r: &common::Resp) -> &str {
    r.body["detail"].as_str().unwrap_or("")
}

async fn call(s: &Server, m: &str, path: &str, t: &str, body: Option<Value>) -> common::Resp {
    s.call(m, path, Auth::Bearer(t), body).await
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

fn form(command: &str, name: &str, content: &str) -> Value {
    json!({"command": command, "name": name, "content": content})
}

const PROMPT_KEYS: [&str; 13] = [
    "id",
    "command",
    "user_id",
    "name",
    "content",
    "data",
    "meta",
    "tags",
    "is_active",
    "version_id",
    "created_at",
    "updated_at",
    "access_grants",
];

#[tokio::test]
async fn create_list_get_update_versions_toggle_tags_delete() {
    let s = start().await;
    let (t, admin_id) = s.signup("Admin", "admin@example.com", "pw-admin").await;
    let t = &t;
    let mut body = form("summarize", "Summarize", "Summarize:\n{{CLIPBOARD}}");
    body["tags"] = json!(["work", "text"]);
    body["meta"] = json!({"description": "d"});
    let r = s.post("/api/v1/prompts/create", t, body).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(keys(&r.body), PROMPT_KEYS);
    assert_eq!(r.body["user_id"], admin_id.as_str());
    assert_eq!(r.body["data"], json!({}));
    assert_eq!(r.body["is_active"], true);
    assert_eq!(r.body["access_grants"], json!([]));
    let id = r.body["id"].as_str().unwrap().to_string();
    let v1 = r.body["version_id"].as_str().unwrap().to_string();

    // command uniqueness
    let again = s
        .post("/api/v1/prompts/create", t, form("summarize", "x", "y"))
        .await;
    assert_eq!((again.status, detail(&again)), (400, TAKEN));
    let missing = s
        .post("/api/v1/prompts/create", t, json!({"command": "x"}))
        .await;
    assert_eq!(missing.status, 422);
    let other = s
        .post("/api/v1/prompts/create", t, form("other", "Other", "o"))
        .await;
    let other_id = other.body["id"].as_str().unwrap().to_string();

    // the slash list: PromptModel only, newest first
    let l = s.get("/api/v1/prompts/", t).await;
    assert_eq!(l.status, 200);
    assert_eq!(l.body.as_array().unwrap().len(), 2);
    assert_eq!(keys(&l.body[0]), PROMPT_KEYS);
    let tags = s.get("/api/v1/prompts/tags", t).await;
    assert_eq!(tags.body, json!(["text", "work"]));

    // the workspace list, with owner and write access
    let w = s.get("/api/v1/prompts/list?query=CLIPBOARD", t).await;
    assert_eq!(w.status, 200);
    assert_eq!(w.body["total"], 1);
    assert_eq!(
        w.body["items"][0]["user"],
        json!({"id": admin_id, "name": "Admin", "role": "admin", "email": "admin@example.com"})
    );
    assert_eq!(w.body["items"][0]["write_access"], true);
    let w = s
        .get("/api/v1/prompts/list?order_by=name&direction=asc", t)
        .await;
    assert_eq!(w.body["items"][0]["command"], "other");
    let w = s.get("/api/v1/prompts/list?tag=WORK", t).await;
    assert_eq!(w.body["total"], 1);

    // one prompt: no owner here
    let g = s.get(&format!("/api/v1/prompts/id/{id}"), t).await;
    assert_eq!(g.status, 200);
    assert_eq!(g.body["user"], Value::Null);
    assert_eq!(g.body["write_access"], true);
    let none = s.get("/api/v1/prompts/id/nope", t).await;
    assert_eq!((none.status, detail(&none)), (404, NOT_FOUND));

    // update: a new version; taking another prompt's command is refused
    let u = s
        .post(
            &format!("/api/v1/prompts/id/{id}/update"),
            t,
            json!({"command": "other", "name": "S", "content": "c"}),
        )
        .await;
    assert_eq!((u.status, detail(&u)), (400, TAKEN));
    let u = s
        .post(
            &format!("/api/v1/prompts/id/{id}/update"),
            t,
            json!({"command": "sum", "name": "Summarize", "content": "Summarize:\n{{CLIPBOARD}}\nBriefly.",
                   "commit_message": "shorter"}),
        )
        .await;
    assert_eq!(u.status, 200, "{}", u.body);
    assert_eq!(u.body["command"], "sum");
    assert_eq!(u.body["meta"], json!({"description": "d"}));
    let v2 = u.body["version_id"].as_str().unwrap().to_string();
    assert_ne!(v1, v2);
    // a draft: the live prompt keeps its text
    let d = s
        .post(
            &format!("/api/v1/prompts/id/{id}/update"),
            t,
            json!({"command": "sum", "name": "Summarize", "content": "draft", "is_production": false}),
        )
        .await;
    assert_eq!(d.status, 200);
    assert_eq!(d.body["content"], "Summarize:\n{{CLIPBOARD}}\nBriefly.");
    assert_eq!(d.body["version_id"], v2.as_str());

    // history: newest first, 0-based pages, with authors
    let h = s.get(&format!("/api/v1/prompts/id/{id}/history"), t).await;
    assert_eq!(h.status, 200);
    let h = h.body.as_array().unwrap().clone();
    assert_eq!(h.len(), 3);
    assert_eq!(
        keys(&h[0]),
        [
            "id",
            "prompt_id",
            "parent_id",
            "snapshot",
            "user_id",
            "commit_message",
            "created_at",
            "user"
        ]
    );
    assert_eq!(h[0]["snapshot"]["content"], "draft");
    assert_eq!(h[1]["id"], v2.as_str());
    assert_eq!(h[1]["commit_message"], "shorter");
    assert_eq!(h[2]["commit_message"], "Initial version");
    assert_eq!(h[2]["parent_id"], Value::Null);
    assert_eq!(h[0]["user"]["email"], "admin@example.com");
    assert_eq!(
        keys(&h[2]["snapshot"]),
        [
            "name",
            "content",
            "command",
            "data",
            "meta",
            "tags",
            "access_grants"
        ]
    );
    let p1 = s
        .get(&format!("/api/v1/prompts/id/{id}/history?page=1"), t)
        .await;
    assert_eq!(p1.body, json!([]));
    let e = s
        .get(&format!("/api/v1/prompts/id/{id}/history/{v1}"), t)
        .await;
    assert_eq!(e.status, 200);
    assert_eq!(e.body["snapshot"]["command"], "summarize");
    assert!(e.body.get("user").is_none());
    let e = s
        .get(&format!("/api/v1/prompts/id/{other_id}/history/{v1}"), t)
        .await;
    assert_eq!((e.status, detail(&e)), (404, NOT_FOUND));

    // diff
    let df = s
        .get(
            &format!("/api/v1/prompts/id/{id}/history/diff?from_id={v1}&to_id={v2}"),
            t,
        )
        .await;
    assert_eq!(df.status, 200, "{}", df.body);
    assert_eq!(
        df.body["content_diff"],
        json!([
            format!("--- v{}", &v1[..8]),
            format!("+++ v{}", &v2[..8]),
            "@@ -1,2 +1,3 @@",
            " Summarize:",
            " {{CLIPBOARD}}",
            "+Briefly."
        ])
    );
    assert_eq!(df.body["line_endings_only"], false);
    assert_eq!(df.body["name_changed"], false);
    let df = s
        .get(
            &format!("/api/v1/prompts/id/{id}/history/diff?from_id={v1}&to_id=nope"),
            t,
        )
        .await;
    assert_eq!(df.status, 404);
    let df = s
        .get(
            &format!("/api/v1/prompts/id/{id}/history/diff?from_id={v1}"),
            t,
        )
        .await;
    assert_eq!(df.status, 422);

    // restore the first version: content back, command kept
    let r = s
        .post(
            &format!("/api/v1/prompts/id/{id}/update/version"),
            t,
            json!({"version_id": v1}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["content"], "Summarize:\n{{CLIPBOARD}}");
    assert_eq!(r.body["command"], "sum");
    assert_eq!(r.body["version_id"], v1.as_str());
    let r = s
        .post(
            &format!("/api/v1/prompts/id/{other_id}/update/version"),
            t,
            json!({"version_id": v1}),
        )
        .await;
    assert_eq!((r.status, detail(&r)), (400, "Something went wrong :/"));
    // the live version cannot be deleted; another can
    let r = call(
        &s,
        "DELETE",
        &format!("/api/v1/prompts/id/{id}/history/{v1}"),
        t,
        None,
    )
    .await;
    assert_eq!(
        (r.status, detail(&r)),
        (400, "Cannot delete the active production version")
    );
    let r = call(
        &s,
        "DELETE",
        &format!("/api/v1/prompts/id/{id}/history/{v2}"),
        t,
        None,
    )
    .await;
    assert_eq!((r.status, &r.body), (200, &json!(true)));
    let h = s.get(&format!("/api/v1/prompts/id/{id}/history"), t).await;
    assert_eq!(h.body.as_array().unwrap().len(), 2);
    assert_eq!(h.body[0]["parent_id"], v1.as_str());

    // meta: name, command and tags without a new version
    let m = s
        .post(
            &format!("/api/v1/prompts/id/{id}/update/meta"),
            t,
            json!({"name": "Sum", "command": "s", "tags": ["x"]}),
        )
        .await;
    assert_eq!(m.status, 200);
    assert_eq!(
        (&m.body["name"], &m.body["command"], &m.body["tags"]),
        (&json!("Sum"), &json!("s"), &json!(["x"]))
    );
    let h = s.get(&format!("/api/v1/prompts/id/{id}/history"), t).await;
    assert_eq!(h.body.as_array().unwrap().len(), 2);

    // toggle: hidden from the slash list and tags, kept in the workspace list
    let tg = s
        .post(&format!("/api/v1/prompts/id/{id}/toggle"), t, json!({}))
        .await;
    assert_eq!(tg.body["is_active"], false);
    let l = s.get("/api/v1/prompts/", t).await;
    assert_eq!(l.body.as_array().unwrap().len(), 1);
    assert_eq!(s.get("/api/v1/prompts/tags", t).await.body, json!([]));
    assert_eq!(s.get("/api/v1/prompts/list", t).await.body["total"], 2);
    let tg = s
        .post(&format!("/api/v1/prompts/id/{id}/toggle"), t, json!({}))
        .await;
    assert_eq!(tg.body["is_active"], true);

    // delete: gone with its history
    let r = call(
        &s,
        "DELETE",
        &format!("/api/v1/prompts/id/{id}/delete"),
        t,
        None,
    )
    .await;
    assert_eq!((r.status, &r.body), (200, &json!(true)));
    let g = s.get(&format!("/api/v1/prompts/id/{id}"), t).await;
    assert_eq!(g.status, 404);
    let h = s.get(&format!("/api/v1/prompts/id/{id}/history"), t).await;
    assert_eq!(h.status, 404);
    // the command is free again
    let r = s
        .post("/api/v1/prompts/create", t, form("s", "S", "s"))
        .await;
    assert_eq!(r.status, 200);
}

#[tokio::test]
async fn other_users_need_a_grant() {
    let s = start().await;
    let (admin, _) = s.signup("Admin", "admin@example.com", "pw-admin").await;
    let (alice, _) = s
        .add_user(&admin, "Alice", "alice@example.com", "user")
        .await;
    let (bob, bob_id) = s.add_user(&admin, "Bob", "bob@example.com", "user").await;

    // users need workspace.prompts to create
    let r = s
        .post("/api/v1/prompts/create", &alice, form("a", "A", "a"))
        .await;
    assert_eq!((r.status, detail(&r)), (401, UNAUTHORIZED));
    set_permissions(&s, &admin, "workspace", &["prompts"]).await;
    // without sharing permissions, the grants are dropped silently
    let mut body = form("a", "A", "a");
    body["access_grants"] =
        json!([{"principal_type": "user", "principal_id": bob_id, "permission": "read"}]);
    let r = s.post("/api/v1/prompts/create", &alice, body).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["access_grants"], json!([]));
    let id = r.body["id"].as_str().unwrap().to_string();
    let path = |p: &str| format!("/api/v1/prompts/id/{id}{p}");

    // bob neither sees nor changes it
    assert_eq!(
        s.get("/api/v1/prompts/", &bob).await.body,
        json!([]),
        "slash list"
    );
    assert_eq!(s.get("/api/v1/prompts/list", &bob).await.body["total"], 0);
    let r = s.get(&path(""), &bob).await;
    assert_eq!((r.status, detail(&r)), (404, NOT_FOUND));
    let r = s.get(&path("/history"), &bob).await;
    assert_eq!((r.status, detail(&r)), (401, PROHIBITED));
    let upd = json!({"command": "a", "name": "Bob's", "content": "b"});
    for (m, p, b) in [
        ("POST", path("/update"), Some(upd.clone())),
        (
            "POST",
            path("/update/meta"),
            Some(json!({"name": "x", "command": "a"})),
        ),
        ("POST", path("/toggle"), None),
        (
            "POST",
            path("/access/update"),
            Some(json!({"access_grants": []})),
        ),
        ("DELETE", path("/delete"), None),
    ] {
        let r = call(&s, m, &p, &bob, b).await;
        assert_eq!((r.status, detail(&r)), (401, PROHIBITED), "{m} {p}");
    }
    // alice may not share with bob: the update is refused whole
    let grant =
        |perm: &str| json!({"principal_type": "user", "principal_id": bob_id, "permission": perm});
    let r = s
        .post(
            &path("/access/update"),
            &alice,
            json!({"access_grants": [grant("read")]}),
        )
        .await;
    assert_eq!(
        (r.status, detail(&r)),
        (
            403,
            "You do not have permission to share with the requested audience"
        )
    );

    // the admin (write access to everything) shares it for reading
    let r = s
        .post(
            &path("/access/update"),
            &admin,
            json!({"access_grants": [grant("read")]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["access_grants"][0]["principal_id"], bob_id.as_str());
    let r = s.get(&path(""), &bob).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["write_access"], false);
    assert_eq!(
        s.get("/api/v1/prompts/", &bob).await.body[0]["id"],
        id.as_str()
    );
    let l = s.get("/api/v1/prompts/list?view_option=shared", &bob).await;
    assert_eq!(l.body["total"], 1);
    assert_eq!(l.body["items"][0]["write_access"], false);
    assert_eq!(
        s.get("/api/v1/prompts/list?view_option=created", &bob)
            .await
            .body["total"],
        0
    );
    assert_eq!(s.get(&path("/history"), &bob).await.status, 200);
    let r = s.post(&path("/update"), &bob, upd.clone()).await;
    assert_eq!((r.status, detail(&r)), (401, PROHIBITED));
    let r = call(&s, "DELETE", &path("/delete"), &bob, None).await;
    assert_eq!((r.status, detail(&r)), (401, PROHIBITED));

    // with a write grant bob may change and delete it
    let r = s
        .post(
            &path("/access/update"),
            &admin,
            json!({"access_grants": [grant("read"), grant("write")]}),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(s.get(&path(""), &bob).await.body["write_access"], true);
    let r = s.post(&path("/update"), &bob, upd).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["name"], "Bob's");
    let h = s.get(&path("/history"), &alice).await;
    assert_eq!(h.body[0]["user"]["email"], "bob@example.com");
    let r = call(&s, "DELETE", &path("/delete"), &bob, None).await;
    assert_eq!((r.status, &r.body), (200, &json!(true)));
    assert_eq!(s.get(&path(""), &alice).await.status, 404);
}

#[tokio::test]
async fn pending_and_anonymous_are_refused_everywhere() {
    let s = start().await;
    let (admin, _) = s.signup("Admin", "admin@example.com", "pw-admin").await;
    let (pending, _) = s
        .add_user(&admin, "Pat", "pat@example.com", "pending")
        .await;
    let r = s
        .post("/api/v1/prompts/create", &admin, form("p", "P", "p"))
        .await;
    let id = r.body["id"].as_str().unwrap().to_string();
    let v = r.body["version_id"].as_str().unwrap().to_string();
    let f = form("p", "P", "q");
    let routes: Vec<(&str, String, Option<Value>)> = vec![
        ("GET", "/api/v1/prompts/".into(), None),
        ("GET", "/api/v1/prompts/tags".into(), None),
        ("GET", "/api/v1/prompts/list".into(), None),
        (
            "POST",
            "/api/v1/prompts/create".into(),
            Some(form("z", "Z", "z")),
        ),
        ("GET", format!("/api/v1/prompts/id/{id}"), None),
        ("POST", format!("/api/v1/prompts/id/{id}/update"), Some(f)),
        (
            "POST",
            format!("/api/v1/prompts/id/{id}/update/meta"),
            Some(json!({"name": "x", "command": "x"})),
        ),
        (
            "POST",
            format!("/api/v1/prompts/id/{id}/update/version"),
            Some(json!({"version_id": v})),
        ),
        (
            "POST",
            format!("/api/v1/prompts/id/{id}/access/update"),
            Some(json!({"access_grants": []})),
        ),
        ("POST", format!("/api/v1/prompts/id/{id}/toggle"), None),
        ("GET", format!("/api/v1/prompts/id/{id}/history"), None),
        (
            "GET",
            format!("/api/v1/prompts/id/{id}/history/diff?from_id={v}&to_id={v}"),
            None,
        ),
        ("GET", format!("/api/v1/prompts/id/{id}/history/{v}"), None),
        (
            "DELETE",
            format!("/api/v1/prompts/id/{id}/history/{v}"),
            None,
        ),
        ("DELETE", format!("/api/v1/prompts/id/{id}/delete"), None),
    ];
    assert_eq!(routes.len(), 15);
    for (m, p, b) in &routes {
        let r = s.call(m, p, Auth::None, b.clone()).await;
        assert_eq!(
            (r.status, detail(&r)),
            (401, NOT_AUTHENTICATED),
            "anonymous {m} {p}"
        );
        let r = s.call(m, p, Auth::Bearer(&pending), b.clone()).await;
        assert_eq!((r.status, detail(&r)), (401, PROHIBITED), "pending {m} {p}");
    }
    // nothing changed
    let g = s.get(&format!("/api/v1/prompts/id/{id}"), &admin).await;
    assert_eq!(g.status, 200);
    assert_eq!(g.body["content"], "p");
    assert_eq!(g.body["is_active"], true);
}
