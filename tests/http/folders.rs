//! `/api/v1/folders` over loopback.

use crate::common::{self, Auth, Server, keys, start};
use owui::error::msg::{ACCESS_PROHIBITED, NOT_FOUND};
use serde_json::{Value, json};

const MODEL_KEYS: [&str; 10] = [
    "id",
    "parent_id",
    "user_id",
    "name",
    "items",
    "meta",
    "data",
    "is_expanded",
    "created_at",
    "updated_at",
];

fn model_keys(extra: &[&str]) -> Vec<String> {
    MODEL_KEYS
        .iter()
        .chain(extra)
        .map(|s| s.to_string())
        .collect()
}

struct People {
    admin: String,
    user: (String, String),
    other: (String, String),
    pending: String,
}

async fn people(s: &Server) -> People {
    let (admin, _) = s.signup("Admin", "admin@example.com", "pw-1").await;
    let user = s.add_user(&admin, "Ada", "ada@example.com", "user").await;
    let other = s.add_user(&admin, "Bob", "bob@example.com", "user").await;
    let (pending, _) = s
        .add_user(&admin, "Pen", "pen@example.com", "pending")
        .await;
    People {
        admin,
        user,
        other,
        pending,
    }
}

async fn call(s: &Server, method: &str, path: &str, t: &str, body: Option<Value>) -> common::Resp {
    s.call(method, path, Auth::Bearer(t), body).await
}

async fn new_folder(s: &Server, t: &str, body: Value) -> String {
    let r = s.post("/api/v1/folders/", t, body).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body["id"].as_str().unwrap().to_string()
}

/// A chat of the token's user, placed in a folder.
async fn chat_in(s: &Server, t: &str, folder: &str) -> String {
    let r = s
        .post(
            "/api/v1/chats/new",
            t,
            json!({"chat": {"title": "in folder"}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let id = r.body["id"].as_str().unwrap().to_string();
    s.cx.db
        .write(|tx| {
            tx.execute(
                "UPDATE chat SET folder_id = ?2, updated_at = updated_at + 5 WHERE id = ?1",
                [&id, folder],
            )?;
            Ok(())
        })
        .unwrap();
    id
}

#[tokio::test]
async fn create_list_get_update_move_expand_delete() {
    let s = start().await;
    let p = people(&s).await;
    let t = &p.user.0;
    assert_eq!(s.get("/api/v1/folders/", t).await.body, json!([]));
    assert_eq!(s.get("/api/v1/folders/shared", t).await.body, json!([]));

    let r = s
        .post(
            "/api/v1/folders/",
            t,
            json!({"name": "Work", "meta": {"icon": "💼", "background_image_url": "x"},
                   "data": {"system_prompt": "be brief"}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(keys(&r.body), model_keys(&[]));
    assert_eq!(r.body["user_id"], p.user.1);
    assert_eq!(r.body["parent_id"], Value::Null);
    assert_eq!(r.body["is_expanded"], false);
    assert_eq!(r.body["items"], Value::Null);
    let work = r.body["id"].as_str().unwrap().to_string();

    // a sibling with the same name (any case) is refused; a child is not
    let r = s.post("/api/v1/folders/", t, json!({"name": "work"})).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["detail"], "[ERROR: Folder already exists]");
    let sub = new_folder(&s, t, json!({"name": "work", "parent_id": work})).await;
    // unknown keys and a missing name are 422
    let r = s
        .post("/api/v1/folders/", t, json!({"name": "x", "color": 1}))
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    let r = s.post("/api/v1/folders/", t, json!({})).await;
    assert_eq!(r.status, 422);

    let l = s.get("/api/v1/folders/", t).await;
    assert_eq!(l.status, 200);
    assert_eq!(
        keys(&l.body[0]),
        [
            "id",
            "name",
            "meta",
            "parent_id",
            "is_expanded",
            "unread_count",
            "created_at",
            "updated_at"
        ]
    );
    assert_eq!(l.body[0]["meta"], json!({"icon": "💼"}));
    assert_eq!(l.body[1]["meta"], Value::Null);
    assert_eq!(l.body[1]["parent_id"], work);

    let g = s.get(&format!("/api/v1/folders/{work}"), t).await;
    assert_eq!(g.status, 200);
    assert_eq!(
        keys(&g.body),
        model_keys(&["access_grants", "write_access"])
    );
    assert_eq!(g.body["write_access"], true);
    assert_eq!(g.body["access_grants"], json!([]));

    // update merges data and meta
    let u = s
        .post(
            &format!("/api/v1/folders/{work}/update"),
            t,
            json!({"name": "Job", "data": {"model_ids": ["m"]}, "meta": {"icon": "x"}}),
        )
        .await;
    assert_eq!(u.status, 200, "{}", u.body);
    assert_eq!(keys(&u.body), model_keys(&[]));
    assert_eq!(u.body["name"], "Job");
    assert_eq!(
        u.body["data"],
        json!({"system_prompt": "be brief", "model_ids": ["m"]})
    );
    assert_eq!(
        u.body["meta"],
        json!({"icon": "x", "background_image_url": "x"})
    );
    let r = s
        .post(
            &format!("/api/v1/folders/{work}/update"),
            t,
            json!({"nope": 1}),
        )
        .await;
    assert_eq!(r.status, 422);

    // move: not into its own subtree; to the root when free of clashes
    let r = s
        .post(
            &format!("/api/v1/folders/{work}/update/parent"),
            t,
            json!({"parent_id": sub}),
        )
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.body["detail"],
        "[ERROR: Cannot move a folder into itself or one of its subfolders]"
    );
    let r = s
        .post(
            &format!("/api/v1/folders/{sub}/update/parent"),
            t,
            json!({"parent_id": null}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(keys(&r.body), model_keys(&[]));
    assert_eq!(r.body["parent_id"], Value::Null);

    let r = s
        .post(
            &format!("/api/v1/folders/{sub}/update/expanded"),
            t,
            json!({"is_expanded": true}),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(keys(&r.body), model_keys(&[]));
    assert_eq!(r.body["is_expanded"], true);

    // unread counts, reading them, the folder's chats
    let c = chat_in(&s, t, &sub).await;
    let l = s.get("/api/v1/folders/", t).await;
    let item = l
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == sub.as_str())
        .unwrap();
    assert_eq!(item["unread_count"], 1);
    let sc = s
        .get(&format!("/api/v1/folders/{sub}/shared/chats"), t)
        .await;
    assert_eq!(sc.status, 200, "{}", sc.body);
    assert_eq!(keys(&sc.body), ["chats", "folder_permission"]);
    assert_eq!(sc.body["folder_permission"], "write");
    assert_eq!(
        keys(&sc.body["chats"][0]),
        [
            "id",
            "title",
            "user_id",
            "updated_at",
            "created_at",
            "last_read_at",
            "owner_name",
            "participants",
            "active",
            "readonly"
        ]
    );
    assert_eq!(sc.body["chats"][0]["id"], c);
    assert_eq!(sc.body["chats"][0]["owner_name"], "Ada");
    assert_eq!(sc.body["chats"][0]["readonly"], false);
    let sc = s
        .get(&format!("/api/v1/folders/{sub}/shared/chats?page=1"), t)
        .await;
    assert_eq!(
        keys(&sc.body),
        ["chats", "folder_permission", "total", "has_more"]
    );
    assert_eq!(
        (sc.body["total"].clone(), sc.body["has_more"].clone()),
        (json!(1), json!(false))
    );
    let r = call(&s, "POST", &format!("/api/v1/folders/{sub}/read"), t, None).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        keys(&r.body),
        [
            "folder_id",
            "folder_ids",
            "updated_count",
            "folder_unread_counts"
        ]
    );
    assert_eq!(r.body["updated_count"], 1);
    assert_eq!(
        r.body["folder_unread_counts"],
        json!({work.clone(): 0, sub.clone(): 0})
    );

    // delete without contents keeps the chat, outside any folder
    let r = call(
        &s,
        "DELETE",
        &format!("/api/v1/folders/{sub}?delete_contents=false"),
        t,
        None,
    )
    .await;
    assert_eq!((r.status, r.body.clone()), (200, json!(true)));
    let g = s.get(&format!("/api/v1/chats/{c}"), t).await;
    assert_eq!(g.body["folder_id"], Value::Null);
    let r = s.get(&format!("/api/v1/folders/{sub}"), t).await;
    assert_eq!(
        (r.status, r.body["detail"].clone()),
        (404, json!(NOT_FOUND))
    );
    // by default the contents go too
    let c2 = chat_in(&s, t, &work).await;
    let r = call(&s, "DELETE", &format!("/api/v1/folders/{work}"), t, None).await;
    assert_eq!(r.status, 200);
    assert_eq!(s.get(&format!("/api/v1/chats/{c2}"), t).await.status, 401);
    assert_eq!(s.get("/api/v1/folders/", t).await.body, json!([]));
}

#[tokio::test]
async fn another_user_cannot_read_list_change_move_or_delete() {
    let s = start().await;
    let p = people(&s).await;
    let (t, o) = (&p.user.0, &p.other.0);
    let f = new_folder(&s, t, json!({"name": "mine"})).await;
    let base = format!("/api/v1/folders/{f}");
    assert_eq!(s.get("/api/v1/folders/", o).await.body, json!([]));
    assert_eq!(s.get("/api/v1/folders/shared", o).await.body, json!([]));
    let cases: Vec<(&str, String, Option<Value>, u16, &str)> = vec![
        ("GET", base.clone(), None, 404, NOT_FOUND),
        (
            "POST",
            format!("{base}/update"),
            Some(json!({"name": "x"})),
            404,
            NOT_FOUND,
        ),
        (
            "POST",
            format!("{base}/update/parent"),
            Some(json!({"parent_id": null})),
            404,
            NOT_FOUND,
        ),
        (
            "POST",
            format!("{base}/update/expanded"),
            Some(json!({"is_expanded": true})),
            404,
            NOT_FOUND,
        ),
        (
            "POST",
            format!("{base}/access/update"),
            Some(json!({"access_grants": []})),
            403,
            ACCESS_PROHIBITED,
        ),
        (
            "GET",
            format!("{base}/shared/chats"),
            None,
            403,
            ACCESS_PROHIBITED,
        ),
        ("POST", format!("{base}/read"), None, 403, ACCESS_PROHIBITED),
        ("DELETE", base.clone(), None, 403, ACCESS_PROHIBITED),
    ];
    for (m, path, body, status, detail) in cases {
        let r = call(&s, m, &path, o, body).await;
        assert_eq!(
            (r.status, r.body["detail"].as_str()),
            (status, Some(detail)),
            "{m} {path}"
        );
    }
    // nor create inside it
    let r = s
        .post("/api/v1/folders/", o, json!({"name": "in", "parent_id": f}))
        .await;
    assert_eq!(
        (r.status, r.body["detail"].as_str()),
        (403, Some(ACCESS_PROHIBITED))
    );
    // nothing changed
    let g = s.get(&base, t).await;
    assert_eq!(
        (g.body["name"].clone(), g.body["is_expanded"].clone()),
        (json!("mine"), json!(false))
    );

    // an admin may read, change and delete it
    let a = &p.admin;
    let g = s.get(&base, a).await;
    assert_eq!(
        (g.status, g.body["write_access"].clone()),
        (200, json!(true))
    );
    let r = s
        .post(&format!("{base}/update"), a, json!({"name": "renamed"}))
        .await;
    assert_eq!(r.status, 200);
    // but not move it, and expanding it is a no-op
    let r = s
        .post(
            &format!("{base}/update/parent"),
            a,
            json!({"parent_id": null}),
        )
        .await;
    assert_eq!(r.status, 404);
    let r = s
        .post(
            &format!("{base}/update/expanded"),
            a,
            json!({"is_expanded": true}),
        )
        .await;
    assert_eq!(
        (r.status, r.body["is_expanded"].clone()),
        (200, json!(false))
    );
    let r = call(&s, "DELETE", &base, a, None).await;
    assert_eq!((r.status, r.body.clone()), (200, json!(true)));
}

#[tokio::test]
async fn sharing_with_grants() {
    let s = start().await;
    let p = people(&s).await;
    let (t, o) = (&p.user.0, &p.other.0);
    let top = new_folder(&s, t, json!({"name": "team"})).await;
    let sub = new_folder(&s, t, json!({"name": "sub", "parent_id": top})).await;
    let mine = chat_in(&s, t, &sub).await;
    let theirs = json!([
        {"principal_type": "user", "principal_id": p.other.1, "permission": "read"}
    ]);
    // users may not share folders by default
    let r = s
        .post(
            &format!("/api/v1/folders/{top}/access/update"),
            t,
            json!({"access_grants": theirs}),
        )
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(
        r.body["detail"],
        "You do not have permission to share with the requested audience"
    );
    // once allowed, the owner shares; public grants are never kept
    let d = s
        .get("/api/v1/users/default/permissions", &p.admin)
        .await
        .body;
    let mut d = d;
    d["sharing"]["folders"] = json!(true);
    let r = s
        .post("/api/v1/users/default/permissions", &p.admin, d)
        .await;
    assert_eq!(r.status, 200);
    let r = s
        .post(
            &format!("/api/v1/folders/{top}/access/update"),
            t,
            json!({"access_grants": [{"principal_type": "user", "principal_id": "*", "permission": "read"}]}),
        )
        .await;
    assert_eq!(r.status, 403);
    let r = s
        .post(
            &format!("/api/v1/folders/{top}/access/update"),
            t,
            json!({"access_grants": theirs, "share_mode": null}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(keys(&r.body), model_keys(&["access_grants"]));
    assert_eq!(
        keys(&r.body["access_grants"][0]),
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
    assert_eq!(r.body["access_grants"][0]["resource_type"], "folder");
    assert_eq!(r.body["data"], json!({"share_mode": null}));

    // the grantee reads the folder and its subfolders, not more
    let g = s.get(&format!("/api/v1/folders/{sub}"), o).await;
    assert_eq!(
        (g.status, g.body["write_access"].clone()),
        (200, json!(false))
    );
    let sh = s.get("/api/v1/folders/shared", o).await;
    assert_eq!(keys(&sh.body[0]), model_keys(&["owner_name", "permission"]));
    let got: Vec<(Value, Value, Value)> = sh
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["name"].clone(),
                f["owner_name"].clone(),
                f["permission"].clone(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (json!("team"), json!("Ada"), json!("read")),
            (json!("sub"), json!("Ada"), json!("read"))
        ]
    );
    // the owner sees the folder as shared by them
    let sh = s.get("/api/v1/folders/shared", t).await;
    assert_eq!(sh.body[0]["permission"], "write");
    assert_eq!(sh.body.as_array().unwrap().len(), 2);
    // the grantee sees the owner's chats read-only
    let sc = s
        .get(&format!("/api/v1/folders/{sub}/shared/chats"), o)
        .await;
    assert_eq!(sc.status, 200, "{}", sc.body);
    assert_eq!(sc.body["folder_permission"], "read");
    assert_eq!(sc.body["chats"][0]["id"], mine);
    assert_eq!(sc.body["chats"][0]["readonly"], true);
    assert_eq!(
        sc.body["chats"][0]["last_read_at"],
        sc.body["chats"][0]["updated_at"]
    );
    let r = call(&s, "POST", &format!("/api/v1/folders/{sub}/read"), o, None).await;
    assert_eq!(
        (r.status, r.body["folder_ids"].clone()),
        (200, json!([sub]))
    );
    // read access does not let them change it or delete it
    let r = s
        .post(
            &format!("/api/v1/folders/{sub}/update"),
            o,
            json!({"name": "x"}),
        )
        .await;
    assert_eq!(r.status, 404);
    let r = call(&s, "DELETE", &format!("/api/v1/folders/{sub}"), o, None).await;
    assert_eq!(r.status, 403);
    let r = s
        .post(
            &format!("/api/v1/folders/{sub}/update/expanded"),
            o,
            json!({"is_expanded": true}),
        )
        .await;
    assert_eq!(
        (r.status, r.body["is_expanded"].clone()),
        (200, json!(false))
    );

    // a write grant lets them rename, but not change the share mode
    let both = json!([
        {"principal_type": "user", "principal_id": p.other.1, "permission": "read"},
        {"principal_type": "user", "principal_id": p.other.1, "permission": "write"}
    ]);
    let r = s
        .post(
            &format!("/api/v1/folders/{top}/access/update"),
            t,
            json!({"access_grants": both}),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        s.get(&format!("/api/v1/folders/{sub}"), o).await.body["write_access"],
        true
    );
    let r = s
        .post(
            &format!("/api/v1/folders/{sub}/update"),
            o,
            json!({"name": "renamed"}),
        )
        .await;
    assert_eq!((r.status, r.body["name"].clone()), (200, json!("renamed")));
    let r = s
        .post(
            &format!("/api/v1/folders/{sub}/update"),
            o,
            json!({"data": {"share_mode": "continue"}}),
        )
        .await;
    assert_eq!(r.status, 403);
    // a folder made inside belongs to the owner
    let r = s
        .post(
            "/api/v1/folders/",
            o,
            json!({"name": "new", "parent_id": sub}),
        )
        .await;
    assert_eq!(
        (r.status, r.body["user_id"].clone()),
        (200, json!(p.user.1))
    );
    assert_eq!(
        s.get("/api/v1/folders/shared", o).await.body[0]["permission"],
        "write"
    );

    // revoking ends it
    let r = s
        .post(
            &format!("/api/v1/folders/{top}/access/update"),
            t,
            json!({"access_grants": []}),
        )
        .await;
    assert_eq!(r.body["access_grants"], json!([]));
    assert_eq!(
        s.get(&format!("/api/v1/folders/{sub}"), o).await.status,
        404
    );
    assert_eq!(s.get("/api/v1/folders/shared", o).await.body, json!([]));
}

#[tokio::test]
async fn anonymous_pending_and_the_feature_gate() {
    let s = start().await;
    let p = people(&s).await;
    let r = s.call("GET", "/api/v1/folders/", Auth::None, None).await;
    assert_eq!(
        (r.status, r.body["detail"].clone()),
        (401, json!("Not authenticated"))
    );
    let r = s.get("/api/v1/folders/", &p.pending).await;
    assert_eq!(
        (r.status, r.body["detail"].clone()),
        (401, json!(ACCESS_PROHIBITED))
    );
    let r = s
        .post("/api/v1/folders/", &p.pending, json!({"name": "x"}))
        .await;
    assert_eq!(r.status, 401);

    // permission features.folders withdrawn: users 403, admins still in
    let mut d = s
        .get("/api/v1/users/default/permissions", &p.admin)
        .await
        .body;
    d["features"]["folders"] = json!(false);
    assert_eq!(
        s.post("/api/v1/users/default/permissions", &p.admin, d.clone())
            .await
            .status,
        200
    );
    let r = s.get("/api/v1/folders/", &p.user.0).await;
    assert_eq!(
        (r.status, r.body["detail"].clone()),
        (403, json!(ACCESS_PROHIBITED))
    );
    assert_eq!(s.get("/api/v1/folders/", &p.admin).await.status, 200);
    d["features"]["folders"] = json!(true);
    assert_eq!(
        s.post("/api/v1/users/default/permissions", &p.admin, d)
            .await
            .status,
        200
    );
    assert_eq!(s.get("/api/v1/folders/", &p.user.0).await.status, 200);

    // the feature off: everybody 403
    owui::core::configs::set(
        &s.cx,
        &owui::core::actor::Actor::system(),
        "folders.enable",
        json!(false),
    )
    .unwrap();
    for t in [&p.admin, &p.user.0] {
        let r = s.get("/api/v1/folders/shared", t).await;
        assert_eq!(
            (r.status, r.body["detail"].clone()),
            (403, json!(ACCESS_PROHIBITED))
        );
    }
}
