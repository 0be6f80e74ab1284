//! `/api/v1/knowledge` over loopback: upstream's status codes, sharing,
//! files read through a knowledge base, folders, the pending stream and
//! the export.

use std::io::Read;

use crate::common::{self, Auth, Server, start};
use serde_json::{Value, json};

const NOT_FOUND: &str = "We could not find what you're looking for :/";
const PROHIBITED: &str = "You do not have permission to access this resource. Please contact your administrator for assistance.";
const UNAUTHORIZED: &str = "401 Unauthorized";
const BOUNDARY: &str = "kb-test-boundary";

fn detail(r: &common::Resp) -> &str {
    r.body["detail"].as_str().unwrap_or("")
}

fn refused(r: &common::Resp, status: u16, want: &str, what: &str) {
    assert_eq!((r.status, detail(r)), (status, want), "{what}: {}", r.body);
}

async fn call(s: &Server, m: &str, path: &str, t: &str, body: Option<Value>) -> common::Resp {
    s.call(m, path, Auth::Bearer(t), body).await
}

/// Admin, and two users: bob in group `team`, cy in none.
struct World {
    s: Server,
    admin: String,
    bob: String,
    bob_id: String,
    cy: String,
    team: String,
}

async fn world() -> World {
    let s = start().await;
    let (admin, _) = s.signup("Admin", "admin@example.com", "pw-admin").await;
    let (bob, bob_id) = s.add_user(&admin, "Bob", "bob@example.com", "user").await;
    let (cy, _) = s.add_user(&admin, "Cy", "cy@example.com", "user").await;
    let r = s
        .post(
            "/api/v1/groups/create",
            &admin,
            json!({"name": "team", "description": ""}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let team = r.body["id"].as_str().unwrap().to_string();
    let r = s
        .post(
            &format!("/api/v1/groups/id/{team}/users/add"),
            &admin,
            json!({"user_ids": [bob_id]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    World {
        s,
        admin,
        bob,
        bob_id,
        cy,
        team,
    }
}

async fn create_kb(s: &Server, t: &str, name: &str) -> String {
    let r = s
        .post(
            "/api/v1/knowledge/create",
            t,
            json!({"name": name, "description": "d"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body["id"].as_str().unwrap().to_string()
}

async fn share(s: &Server, admin: &str, kb: &str, grants: Value) {
    let r = s
        .post(
            &format!("/api/v1/knowledge/{kb}/access/update"),
            admin,
            json!({"access_grants": grants}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
}

async fn upload(s: &Server, t: &str, name: &str, text: &str) -> String {
    let body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/plain\r\n\r\n{text}\r\n--{BOUNDARY}--\r\n"
    );
    let r = s
        .http
        .post(s.url("/api/v1/files/?process=false"))
        .bearer_auth(t)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    v["id"].as_str().unwrap().to_string()
}

/// Write a file's stored `data`/`meta` (what processing does).
fn set_file(s: &Server, id: &str, data: Value, meta: Option<Value>) {
    let (data, meta) = (data.to_string(), meta.map(|m| m.to_string()));
    s.cx.db
        .write(|tx| {
            tx.execute(
                "UPDATE file SET data = ?2, meta = coalesce(?3, meta) WHERE id = ?1",
                rusqlite::params![id, data, meta],
            )?;
            Ok(())
        })
        .unwrap();
}

/// Link a file into a KB as the indexing routes do.
fn link(s: &Server, kb: &str, file: &str, dir: Option<&str>) {
    let who = owui::core::users::local_actor(&s.cx, Some("admin@example.com")).unwrap();
    let added =
        s.cx.db
            .write(|tx| owui::core::knowledge::link_file_tx(tx, kb, file, dir, &who))
            .unwrap();
    assert!(added);
}

#[tokio::test]
async fn another_user_gets_upstreams_refusals_on_every_route() {
    let w = world().await;
    let (s, admin, bob) = (&w.s, w.admin.as_str(), w.bob.as_str());
    let kb = create_kb(s, admin, "private").await;
    let dir = call(
        s,
        "POST",
        &format!("/api/v1/knowledge/{kb}/dirs/create"),
        admin,
        Some(json!({"name": "a"})),
    )
    .await
    .body["id"]
        .as_str()
        .unwrap()
        .to_string();

    // creating needs workspace.knowledge (off for users by default)
    let r = s
        .post(
            "/api/v1/knowledge/create",
            bob,
            json!({"name": "x", "description": ""}),
        )
        .await;
    refused(&r, 401, UNAUTHORIZED, "create");

    let cases: Vec<(&str, String, Option<Value>, u16, &str)> = vec![
        (
            "GET",
            format!("/api/v1/knowledge/{kb}"),
            None,
            401,
            PROHIBITED,
        ),
        (
            "POST",
            format!("/api/v1/knowledge/{kb}/update"),
            Some(json!({"name": "x", "description": ""})),
            400,
            PROHIBITED,
        ),
        (
            "POST",
            format!("/api/v1/knowledge/{kb}/access/update"),
            Some(json!({"access_grants": []})),
            400,
            PROHIBITED,
        ),
        (
            "GET",
            format!("/api/v1/knowledge/{kb}/files"),
            None,
            400,
            PROHIBITED,
        ),
        (
            "GET",
            format!("/api/v1/knowledge/{kb}/files/pending"),
            None,
            400,
            PROHIBITED,
        ),
        (
            "POST",
            format!("/api/v1/knowledge/{kb}/file/move"),
            Some(json!({"file_id": "x"})),
            403,
            PROHIBITED,
        ),
        (
            "POST",
            format!("/api/v1/knowledge/{kb}/dirs/create"),
            Some(json!({"name": "b"})),
            403,
            PROHIBITED,
        ),
        (
            "POST",
            format!("/api/v1/knowledge/{kb}/dirs/{dir}/update"),
            Some(json!({"name": "b"})),
            403,
            PROHIBITED,
        ),
        (
            "DELETE",
            format!("/api/v1/knowledge/{kb}/dirs/{dir}/delete"),
            None,
            403,
            PROHIBITED,
        ),
        (
            "POST",
            format!("/api/v1/knowledge/{kb}/sync/diff"),
            Some(json!({"manifest": []})),
            403,
            PROHIBITED,
        ),
        (
            "GET",
            format!("/api/v1/knowledge/{kb}/export"),
            None,
            401,
            PROHIBITED,
        ),
        (
            "DELETE",
            format!("/api/v1/knowledge/{kb}/delete"),
            None,
            400,
            PROHIBITED,
        ),
    ];
    for (m, path, body, status, want) in &cases {
        let r = call(s, m, path, bob, body.clone()).await;
        refused(&r, *status, want, &format!("{m} {path} as bob"));
    }
    // a KB nobody has
    let missing: Vec<(&str, &str, Option<Value>, u16)> = vec![
        ("GET", "/api/v1/knowledge/nope", None, 404),
        (
            "POST",
            "/api/v1/knowledge/nope/update",
            Some(json!({"name": "x", "description": ""})),
            400,
        ),
        (
            "POST",
            "/api/v1/knowledge/nope/access/update",
            Some(json!({"access_grants": []})),
            404,
        ),
        ("GET", "/api/v1/knowledge/nope/files", None, 400),
        ("GET", "/api/v1/knowledge/nope/files/pending", None, 404),
        (
            "POST",
            "/api/v1/knowledge/nope/file/move",
            Some(json!({"file_id": "x"})),
            404,
        ),
        (
            "POST",
            "/api/v1/knowledge/nope/dirs/create",
            Some(json!({"name": "b"})),
            404,
        ),
        (
            "POST",
            "/api/v1/knowledge/nope/sync/diff",
            Some(json!({"manifest": []})),
            404,
        ),
        ("GET", "/api/v1/knowledge/nope/export", None, 404),
        ("DELETE", "/api/v1/knowledge/nope/delete", None, 400),
    ];
    for (m, path, body, status) in missing {
        let r = call(s, m, path, admin, body).await;
        refused(&r, status, NOT_FOUND, &format!("{m} {path}"));
    }
    // nothing listed, nothing changed
    let r = s.get("/api/v1/knowledge/", bob).await;
    assert_eq!(r.body, json!({"items": [], "total": 0}));
    let r = s.get("/api/v1/knowledge/search?query=private", bob).await;
    assert_eq!(r.body["total"], 0);
    let r = s.get(&format!("/api/v1/knowledge/{kb}"), admin).await;
    assert_eq!(
        (r.body["name"].as_str(), r.body["write_access"].as_bool()),
        (Some("private"), Some(true))
    );
    assert_eq!(r.body["files"], Value::Null);
    let r = s
        .get(
            &format!("/api/v1/knowledge/{kb}/files?directory_id="),
            admin,
        )
        .await;
    assert_eq!(
        r.body["directories"][0]["id"],
        dir.as_str(),
        "the folder is still there"
    );
}

#[tokio::test]
async fn sharing_with_a_group_and_with_everyone() {
    let w = world().await;
    let (s, admin, bob, cy) = (&w.s, w.admin.as_str(), w.bob.as_str(), w.cy.as_str());
    let kb = create_kb(s, admin, "Team docs").await;
    share(
        s,
        admin,
        &kb,
        json!([{"principal_type": "group", "principal_id": w.team, "permission": "read"}]),
    )
    .await;

    let r = s.get(&format!("/api/v1/knowledge/{kb}"), bob).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["write_access"], false);
    assert_eq!(r.body["access_grants"][0]["principal_type"], "group");
    let keys = common::keys(&r.body);
    assert_eq!(
        keys,
        [
            "id",
            "user_id",
            "name",
            "description",
            "meta",
            "access_grants",
            "created_at",
            "updated_at",
            "files",
            "write_access"
        ]
    );
    let r = s.get("/api/v1/knowledge/", bob).await;
    assert_eq!(r.body["total"], 1);
    let item = &r.body["items"][0];
    assert_eq!(item["user"]["email"], "admin@example.com");
    assert_eq!(
        (item["file_count"].as_i64(), item["write_access"].as_bool()),
        (Some(0), Some(false))
    );
    let r = s
        .post(
            &format!("/api/v1/knowledge/{kb}/update"),
            bob,
            json!({"name": "mine", "description": ""}),
        )
        .await;
    refused(&r, 400, PROHIBITED, "read grant only");
    refused(
        &s.get(&format!("/api/v1/knowledge/{kb}"), cy).await,
        401,
        PROHIBITED,
        "cy",
    );

    share(
        s,
        admin,
        &kb,
        json!([
            {"principal_type": "group", "principal_id": w.team, "permission": "read"},
            {"principal_type": "group", "principal_id": w.team, "permission": "write"},
            {"principal_type": "user", "principal_id": "*", "permission": "read"},
        ]),
    )
    .await;
    let r = s
        .post(
            &format!("/api/v1/knowledge/{kb}/update"),
            bob,
            json!({"name": "Renamed", "description": "new"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        (r.body["name"].as_str(), r.body["write_access"].as_bool()),
        (Some("Renamed"), Some(false))
    );
    assert_eq!(r.body["files"], json!([]));
    // bob may change it but not share it further than he may
    let r = s.post(&format!("/api/v1/knowledge/{kb}/access/update"), bob,
        json!({"access_grants": [{"principal_type": "user", "principal_id": "*", "permission": "write"}]})).await;
    refused(
        &r,
        403,
        "You do not have permission to share with the requested audience",
        "bob shares",
    );
    let r = s.get(&format!("/api/v1/knowledge/{kb}"), cy).await;
    assert_eq!(
        (r.status, r.body["write_access"].as_bool()),
        (200, Some(false))
    );
    let r = s
        .get(
            "/api/v1/knowledge/search?view_option=shared&order_by=name&direction=asc",
            cy,
        )
        .await;
    assert_eq!(r.body["items"][0]["id"], kb.as_str());
    let r = s
        .get("/api/v1/knowledge/search?view_option=created", cy)
        .await;
    assert_eq!(r.body["total"], 0);
    refused(
        &call(
            s,
            "DELETE",
            &format!("/api/v1/knowledge/{kb}/delete"),
            cy,
            None,
        )
        .await,
        400,
        PROHIBITED,
        "cy deletes",
    );

    let r = call(
        s,
        "DELETE",
        &format!("/api/v1/knowledge/{kb}/delete"),
        bob,
        None,
    )
    .await;
    assert_eq!(
        (r.status, &r.body),
        (200, &json!(true)),
        "a write grant may delete"
    );
    refused(
        &s.get(&format!("/api/v1/knowledge/{kb}"), admin).await,
        404,
        NOT_FOUND,
        "gone",
    );
}

#[tokio::test]
async fn a_user_with_the_permission_creates_and_lists_their_own() {
    let w = world().await;
    let (s, admin, bob, cy) = (&w.s, w.admin.as_str(), w.bob.as_str(), w.cy.as_str());
    let r = s.post(&format!("/api/v1/groups/id/{}/update", w.team), admin,
        json!({"name": "team", "description": "", "permissions": {"workspace": {"knowledge": true}}})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = s
        .post(
            "/api/v1/knowledge/create",
            bob,
            json!({"name": "Bob's", "description": "",
        "access_grants": [{"principal_type": "user", "principal_id": "*", "permission": "read"}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["user_id"], w.bob_id.as_str());
    assert_eq!(
        r.body["access_grants"],
        json!([]),
        "no public sharing for users"
    );
    assert_eq!(
        common::keys(&r.body),
        [
            "id",
            "user_id",
            "name",
            "description",
            "meta",
            "access_grants",
            "created_at",
            "updated_at"
        ]
    );
    let kb = r.body["id"].as_str().unwrap().to_string();
    let r = s
        .get("/api/v1/knowledge/search?view_option=created", bob)
        .await;
    assert_eq!(
        (
            r.body["total"].as_i64(),
            r.body["items"][0]["write_access"].as_bool()
        ),
        (Some(1), Some(true))
    );
    assert_eq!(s.get("/api/v1/knowledge/", cy).await.body["total"], 0);
    // admins see it (BYPASS_ADMIN_ACCESS_CONTROL)
    assert_eq!(
        s.get("/api/v1/knowledge/", admin).await.body["items"][0]["id"],
        kb.as_str()
    );
    let r = s
        .post(
            "/api/v1/knowledge/create",
            bob,
            json!({"name": "no description"}),
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    let r = s.get("/api/v1/knowledge/?page=x", bob).await;
    assert_eq!(r.status, 422, "{}", r.body);
}

#[tokio::test]
async fn files_are_readable_through_a_shared_kb_and_listed_with_folders() {
    let w = world().await;
    let (s, admin, bob, cy) = (&w.s, w.admin.as_str(), w.bob.as_str(), w.cy.as_str());
    let kb = create_kb(s, admin, "docs").await;
    let f = upload(s, admin, "guide.md", "read me").await;
    let g = upload(s, admin, "other.md", "other").await;
    let r = s
        .post(
            &format!("/api/v1/knowledge/{kb}/dirs/create"),
            admin,
            json!({"name": "guides"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        common::keys(&r.body),
        [
            "id",
            "knowledge_id",
            "parent_id",
            "name",
            "user_id",
            "created_at",
            "updated_at"
        ]
    );
    let guides = r.body["id"].as_str().unwrap().to_string();
    let r = s
        .post(
            &format!("/api/v1/knowledge/{kb}/dirs/create"),
            admin,
            json!({"name": "in", "parent_id": guides}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = s
        .post(
            &format!("/api/v1/knowledge/{kb}/dirs/create"),
            admin,
            json!({"name": "in", "parent_id": guides}),
        )
        .await;
    refused(
        &r,
        400,
        "Failed to create directory. A directory with this name may already exist at this level.",
        "same name twice",
    );
    let r = s
        .post(
            &format!("/api/v1/knowledge/{kb}/dirs/create"),
            admin,
            json!({"name": "x", "parent_id": "nope"}),
        )
        .await;
    refused(&r, 404, "Parent directory not found.", "unknown parent");
    link(s, &kb, &f, Some(&guides));
    link(s, &kb, &g, None);

    refused(
        &s.get(&format!("/api/v1/files/{f}"), bob).await,
        404,
        NOT_FOUND,
        "before sharing",
    );
    share(
        s,
        admin,
        &kb,
        json!([{"principal_type": "group", "principal_id": w.team, "permission": "read"}]),
    )
    .await;
    assert_eq!(s.get(&format!("/api/v1/files/{f}"), bob).await.status, 200);
    assert_eq!(
        s.get(&format!("/api/v1/files/{f}/content"), bob)
            .await
            .status,
        200
    );
    refused(
        &s.get(&format!("/api/v1/files/{f}"), cy).await,
        404,
        NOT_FOUND,
        "cy is not in the group",
    );
    refused(
        &call(s, "DELETE", &format!("/api/v1/files/{f}"), bob, None).await,
        404,
        NOT_FOUND,
        "read is not write",
    );

    let r = s
        .get(
            &format!("/api/v1/knowledge/{kb}/files?directory_id={guides}"),
            bob,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["total"], 1);
    let item = &r.body["items"][0];
    assert_eq!(
        common::keys(item),
        [
            "id",
            "user_id",
            "hash",
            "filename",
            "data",
            "meta",
            "created_at",
            "updated_at",
            "directory_id",
            "directory_path",
            "has_original",
            "user"
        ]
    );
    assert_eq!(
        (item["directory_path"].as_str(), item["data"].clone()),
        (Some("guides"), Value::Null)
    );
    assert_eq!(r.body["breadcrumbs"][0]["name"], "guides");
    let r = s
        .get(&format!("/api/v1/knowledge/{kb}/files?directory_id="), bob)
        .await;
    assert_eq!(
        (
            r.body["total"].as_i64(),
            r.body["directories"][0]["id"].as_str()
        ),
        (Some(1), Some(guides.as_str()))
    );
    let r = s
        .get("/api/v1/knowledge/search/files?query=GUIDE", bob)
        .await;
    assert_eq!(r.body["total"], 1);
    assert_eq!(r.body["items"][0]["collection"]["id"], kb.as_str());
    assert_eq!(
        s.get("/api/v1/knowledge/search/files?query=guide", cy)
            .await
            .body["total"],
        0
    );

    // move the file to the root, rename and re-parent the folder, delete it
    let r = s
        .post(
            &format!("/api/v1/knowledge/{kb}/file/move"),
            admin,
            json!({"file_id": f, "directory_id": null}),
        )
        .await;
    assert_eq!((r.status, &r.body), (200, &json!({"status": true})));
    let r = s
        .post(
            &format!("/api/v1/knowledge/{kb}/file/move"),
            admin,
            json!({"file_id": f, "directory_id": "nope"}),
        )
        .await;
    refused(&r, 404, "Target directory not found.", "unknown target");
    let r = s
        .post(
            &format!("/api/v1/knowledge/{kb}/file/move"),
            admin,
            json!({"file_id": "nope"}),
        )
        .await;
    refused(&r, 404, NOT_FOUND, "file not in the KB");
    let sub = s
        .post(
            &format!("/api/v1/knowledge/{kb}/dirs/create"),
            admin,
            json!({"name": "sub", "parent_id": guides}),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = s
        .post(
            &format!("/api/v1/knowledge/{kb}/dirs/{sub}/update"),
            admin,
            json!({"name": "renamed"}),
        )
        .await;
    assert_eq!(
        (r.body["name"].as_str(), r.body["parent_id"].as_str()),
        (Some("renamed"), Some(guides.as_str())),
        "parent kept"
    );
    let r = s
        .post(
            &format!("/api/v1/knowledge/{kb}/dirs/{guides}/update"),
            admin,
            json!({"parent_id": sub}),
        )
        .await;
    refused(
        &r,
        400,
        "Failed to update directory. This may be caused by a naming conflict or circular move.",
        "circular",
    );
    let r = s
        .post(
            &format!("/api/v1/knowledge/{kb}/dirs/{sub}/update"),
            admin,
            json!({"parent_id": null}),
        )
        .await;
    assert_eq!(r.body["parent_id"], Value::Null, "moved to the root");
    let r = call(
        s,
        "DELETE",
        &format!("/api/v1/knowledge/{kb}/dirs/{guides}/delete"),
        admin,
        None,
    )
    .await;
    assert_eq!(
        (r.status, &r.body),
        (200, &json!({"status": true, "file_ids": []}))
    );
    refused(
        &call(
            s,
            "DELETE",
            &format!("/api/v1/knowledge/{kb}/dirs/{guides}/delete"),
            admin,
            None,
        )
        .await,
        404,
        NOT_FOUND,
        "twice",
    );
}

#[tokio::test]
async fn pending_files_as_json_and_as_a_stream() {
    let w = world().await;
    let (s, admin) = (&w.s, w.admin.as_str());
    let kb = create_kb(s, admin, "docs").await;
    let r = s
        .get(
            &format!("/api/v1/knowledge/{kb}/files/pending?stream=true"),
            admin,
        )
        .await;
    assert_eq!(r.status, 200);
    let r = s
        .http
        .get(s.url(&format!("/api/v1/knowledge/{kb}/files/pending?stream=true")))
        .bearer_auth(admin)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["content-type"],
        "text/event-stream; charset=utf-8"
    );
    assert_eq!(
        r.text().await.unwrap(),
        "data: []\n\n",
        "nothing in flight: one empty list"
    );

    let f = upload(s, admin, "a.md", "a").await;
    set_file(
        s,
        &f,
        json!({"status": "pending"}),
        Some(json!({"name": "a.md", "data": {"knowledge_id": kb}})),
    );
    let r = s
        .get(&format!("/api/v1/knowledge/{kb}/files/pending"), admin)
        .await;
    assert_eq!(r.body.as_array().map(Vec::len), Some(1), "{}", r.body);
    assert_eq!(r.body[0]["id"], f.as_str());
    let mut stream = s
        .http
        .get(s.url(&format!("/api/v1/knowledge/{kb}/files/pending?stream=true")))
        .bearer_auth(admin)
        .send()
        .await
        .unwrap();
    let first = stream.chunk().await.unwrap().unwrap();
    let first = std::str::from_utf8(&first).unwrap();
    assert!(
        first.starts_with("data: [{") && first.contains(&f),
        "{first}"
    );
    set_file(s, &f, json!({"status": "completed", "content": "a"}), None);
    let last = tokio::time::timeout(std::time::Duration::from_secs(10), stream.chunk())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_eq!(std::str::from_utf8(&last).unwrap(), "data: []\n\n");
    assert!(stream.chunk().await.unwrap().is_none(), "the stream ends");
    refused(
        &s.get(
            &format!("/api/v1/knowledge/{kb}/files/pending?stream=maybe"),
            admin,
        )
        .await,
        422,
        "",
        "bad bool",
    );
}

#[tokio::test]
async fn export_is_a_zip_of_the_text_and_delete_cleans_models() {
    let w = world().await;
    let (s, admin) = (&w.s, w.admin.as_str());
    let kb = create_kb(s, admin, "Q3 report/v2").await;
    let f = upload(s, admin, "notes.md", "raw").await;
    set_file(
        s,
        &f,
        json!({"status": "completed", "content": "extracted"}),
        None,
    );
    link(s, &kb, &f, None);
    let r = s
        .http
        .get(s.url(&format!("/api/v1/knowledge/{kb}/export")))
        .bearer_auth(admin)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/zip");
    assert_eq!(
        r.headers()["content-disposition"],
        "attachment; filename*=UTF-8''Q3%20report_v2.zip"
    );
    let bytes = r.bytes().await.unwrap();
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut text = String::new();
    z.by_name("notes.md.txt")
        .unwrap()
        .read_to_string(&mut text)
        .unwrap();
    assert_eq!(text, "extracted");

    let r = s.post("/api/v1/models/create", admin, json!({"id": "helper", "name": "Helper",
        "meta": {"knowledge": [{"id": kb, "type": "collection"}, {"id": "keep", "type": "collection"}]},
        "params": {}})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = call(
        s,
        "DELETE",
        &format!("/api/v1/knowledge/{kb}/delete"),
        admin,
        None,
    )
    .await;
    assert_eq!(r.body, json!(true));
    let r = s.get("/api/v1/models/model?id=helper", admin).await;
    assert_eq!(
        r.body["meta"]["knowledge"],
        json!([{"id": "keep", "type": "collection"}])
    );
    assert_eq!(
        s.get(&format!("/api/v1/files/{f}"), admin).await.status,
        200,
        "files stay"
    );
}

#[tokio::test]
async fn sync_diff_over_http() {
    let w = world().await;
    let (s, admin) = (&w.s, w.admin.as_str());
    let kb = create_kb(s, admin, "docs").await;
    let f = upload(s, admin, "a.md", "a").await;
    set_file(
        s,
        &f,
        json!({"status": "completed"}),
        Some(json!({"name": "a.md", "file_hash": "h1"})),
    );
    link(s, &kb, &f, None);
    let r = s
        .post(
            &format!("/api/v1/knowledge/{kb}/sync/diff"),
            admin,
            json!({"manifest": [
                {"filename": "a.md", "path": "", "checksum": "h1", "size": 1},
                {"filename": "b.md", "path": "x/y", "checksum": "h2", "size": 1},
            ]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body,
        json!({"added": [{"filename": "b.md", "path": "x/y"}], "modified": [],
        "deleted": [], "mkdir": ["x", "x/y"], "rmdir": [], "unmodified_count": 1, "directory_map": {}})
    );
}
