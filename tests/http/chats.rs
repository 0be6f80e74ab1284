//! `/api/v1/chats` over loopback.

use crate::common::{Auth, keys, sample_keys, start};
use serde_json::{Value, json};

fn golden() -> Value {
    // the request body captured from Open WebUI (chats_new in spec/samples)
    json!({"chat": {"title": "Golden chat", "models": ["fake-model"],
        "messages": [
            {"id": "m1", "parentId": null, "childrenIds": ["m2"], "role": "user", "content": "hello there", "timestamp": 1700000000},
            {"id": "m2", "parentId": "m1", "childrenIds": [], "role": "assistant", "content": "Echo: hello there", "model": "fake-model", "timestamp": 1700000001}
        ],
        "history": {"currentId": "m2", "messages": {
            "m1": {"id": "m1", "parentId": null, "childrenIds": ["m2"], "role": "user", "content": "hello there", "timestamp": 1700000000},
            "m2": {"id": "m2", "parentId": "m1", "childrenIds": [], "role": "assistant", "content": "Echo: hello there", "model": "fake-model", "timestamp": 1700000001}
        }},
        "tags": [], "timestamp": 1700000000000i64}})
}

#[tokio::test]
async fn create_get_list_update_delete() {
    let s = start().await;
    let (t, uid) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let r = s.post("/api/v1/chats/new", &t, golden()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(keys(&r.body), sample_keys("chats_new.json"));
    let sample: Value = serde_json::from_str(include_str!("../samples/chats_new.json")).unwrap();
    assert_eq!(keys(&r.body["chat"]), keys(&sample["chat"]));
    // the document comes back as sent, authors stamped by the server
    let mut want = sample["chat"].clone();
    for m in want["messages"].as_array_mut().unwrap() {
        m["user_id"] = json!(uid);
    }
    for m in want["history"]["messages"]
        .as_object_mut()
        .unwrap()
        .values_mut()
    {
        m["user_id"] = json!(uid);
    }
    want["messages"][0]["user"] = json!({"id": uid, "name": "Ada"});
    want["history"]["messages"]["m1"]["user"] = json!({"id": uid, "name": "Ada"});
    let mut got = r.body["chat"].clone();
    got.as_object_mut().unwrap().shift_remove("share_mode");
    assert_eq!(got, want);
    assert_eq!(r.body["meta"], json!({}));
    assert_eq!(r.body["current_message_id"], "m2");
    let id = r.body["id"].as_str().unwrap().to_string();

    let g = s.get(&format!("/api/v1/chats/{id}"), &t).await;
    assert_eq!(keys(&g.body), sample_keys("chat_by_id.json"));
    assert_eq!(g.body["chat"]["share_mode"], "continue");

    let l = s.get("/api/v1/chats/?page=1", &t).await;
    assert_eq!(keys(&l.body[0]), {
        let v: Value = serde_json::from_str(include_str!("../samples/chats_list.json")).unwrap();
        keys(&v[0])
    });
    assert_eq!(l.body[0]["id"], id);

    // append a turn: the saved chat has it, the stored rows grow by two
    let mut d = g.body["chat"].clone();
    d["history"]["messages"]["m3"] = json!({"id": "m3", "parentId": "m2", "childrenIds": [], "role": "user", "content": "again", "timestamp": 1700000002});
    d["history"]["messages"]["m4"] = json!({"id": "m4", "parentId": "m3", "childrenIds": [], "role": "assistant", "content": "Echo: again", "timestamp": 1700000003});
    d["history"]["currentId"] = json!("m4");
    let u = s
        .post(&format!("/api/v1/chats/{id}"), &t, json!({"chat": d}))
        .await;
    assert_eq!(u.status, 200);
    assert_eq!(
        u.body["chat"]["history"]["messages"]["m2"]["childrenIds"],
        json!(["m3"])
    );
    assert_eq!(u.body["chat"]["messages"].as_array().unwrap().len(), 4);
    assert_eq!(owui::core::chats::message_count(&s.cx, &id).unwrap(), 4);

    assert_eq!(s.get("/api/v1/chats/pinned", &t).await.body, json!([]));
    assert_eq!(s.get("/api/v1/chats/all/tags", &t).await.body, json!([]));
    let del = s
        .call(
            "DELETE",
            &format!("/api/v1/chats/{id}"),
            Auth::Bearer(&t),
            None,
        )
        .await;
    assert_eq!((del.status, del.body), (200, json!(true)));
    let gone = s.get(&format!("/api/v1/chats/{id}"), &t).await;
    assert_eq!(
        (gone.status, gone.body),
        (401, json!({"detail": owui::error::msg::NOT_FOUND}))
    );
}

#[tokio::test]
async fn another_user_gets_upstreams_answers_and_changes_nothing() {
    let s = start().await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (bo, _) = s.add_user(&admin, "Bo", "bo@example.com", "user").await;
    let (cy, _) = s.add_user(&admin, "Cy", "cy@example.com", "user").await;
    let id = s.post("/api/v1/chats/new", &bo, golden()).await.body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = s.get(&format!("/api/v1/chats/{id}"), &cy).await;
    assert_eq!(
        (r.status, r.body),
        (401, json!({"detail": owui::error::msg::NOT_FOUND}))
    );
    let r = s
        .post(
            &format!("/api/v1/chats/{id}"),
            &cy,
            json!({"chat": {"title": "mine now"}}),
        )
        .await;
    assert_eq!(
        (r.status, r.body),
        (401, json!({"detail": owui::error::msg::ACCESS_PROHIBITED}))
    );
    let r = s
        .call(
            "DELETE",
            &format!("/api/v1/chats/{id}"),
            Auth::Bearer(&cy),
            None,
        )
        .await;
    assert_eq!(
        (r.status, r.body),
        (404, json!({"detail": owui::error::msg::NOT_FOUND}))
    );
    assert_eq!(s.get("/api/v1/chats/", &cy).await.body, json!([]));
    let still = s.get(&format!("/api/v1/chats/{id}"), &bo).await;
    assert_eq!(still.body["title"], "Golden chat");
    // the admin may read it (ENABLE_ADMIN_CHAT_ACCESS), without write access
    let a = s.get(&format!("/api/v1/chats/{id}"), &admin).await;
    assert_eq!(
        (a.status, a.body["chat"]["share_mode"].clone()),
        (200, Value::Null)
    );
}

#[tokio::test]
async fn bad_bodies_are_422_with_the_field() {
    let s = start().await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let r = s
        .post("/api/v1/chats/new", &t, json!({"chat": "not-an-object"}))
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(r.body["detail"][0]["loc"], json!(["body", "chat"]));
    let r = s.post("/api/v1/chats/new", &t, json!({})).await;
    assert_eq!(r.status, 422);
    assert_eq!(r.body["detail"][0]["loc"], json!(["body", "chat"]));
}

#[tokio::test]
async fn pin_archive_and_tags() {
    let s = start().await;
    let (t, uid) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (bo, _) = s.add_user(&t, "Bo", "bo@example.com", "user").await;
    let id = s.post("/api/v1/chats/new", &t, golden()).await.body["id"]
        .as_str()
        .unwrap()
        .to_string();

    assert_eq!(
        s.get(&format!("/api/v1/chats/{id}/pinned"), &t).await.body,
        json!(false)
    );
    let p = s
        .post(&format!("/api/v1/chats/{id}/pin"), &t, json!({}))
        .await;
    assert_eq!(p.body["pinned"], true);
    // pinned chats leave the main list and show in /pinned
    assert_eq!(s.get("/api/v1/chats/", &t).await.body, json!([]));
    assert_eq!(s.get("/api/v1/chats/pinned", &t).await.body[0]["id"], id);
    assert_eq!(
        s.get("/api/v1/chats/?include_pinned=true", &t).await.body[0]["id"],
        id
    );
    s.post(&format!("/api/v1/chats/{id}/pin"), &t, json!({}))
        .await;

    let r = s
        .post(
            &format!("/api/v1/chats/{id}/tags"),
            &t,
            json!({"name": "Work Stuff"}),
        )
        .await;
    assert_eq!(
        r.body,
        json!([{"id": "work_stuff", "name": "Work Stuff", "user_id": uid, "meta": null}])
    );
    s.post(
        &format!("/api/v1/chats/{id}/tags"),
        &t,
        json!({"name": "work stuff"}),
    )
    .await;
    let g = s.get(&format!("/api/v1/chats/{id}"), &t).await;
    assert_eq!(g.body["meta"]["tags"], json!(["work_stuff"]));
    let r = s
        .post(
            &format!("/api/v1/chats/{id}/tags"),
            &t,
            json!({"name": "None"}),
        )
        .await;
    assert_eq!(
        (r.status, r.body),
        (400, json!({"detail": "[ERROR: Tag name cannot be 'None']"}))
    );
    assert_eq!(
        s.get("/api/v1/chats/all/tags", &t)
            .await
            .body
            .as_array()
            .unwrap()
            .len(),
        1
    );
    // another user can neither tag nor untag it
    let r = s
        .post(
            &format!("/api/v1/chats/{id}/tags"),
            &bo,
            json!({"name": "x"}),
        )
        .await;
    assert_eq!(
        (r.status, r.body),
        (401, json!({"detail": "Something went wrong :/"}))
    );
    let r = s
        .call(
            "DELETE",
            &format!("/api/v1/chats/{id}/tags"),
            Auth::Bearer(&bo),
            Some(json!({"name": "work_stuff"})),
        )
        .await;
    assert_eq!(r.status, 401);
    assert_eq!(s.get("/api/v1/chats/all/tags", &bo).await.body, json!([]));
    // removing the last use deletes the tag
    let r = s
        .call(
            "DELETE",
            &format!("/api/v1/chats/{id}/tags"),
            Auth::Bearer(&t),
            Some(json!({"name": "Work Stuff"})),
        )
        .await;
    assert_eq!(r.body, json!([]));
    assert_eq!(s.get("/api/v1/chats/all/tags", &t).await.body, json!([]));

    let a = s
        .post(&format!("/api/v1/chats/{id}/archive"), &t, json!({}))
        .await;
    assert_eq!(a.body["archived"], true);
    assert_eq!(s.get("/api/v1/chats/", &t).await.body, json!([]));
    let r = s
        .post(&format!("/api/v1/chats/{id}/archive"), &bo, json!({}))
        .await;
    assert_eq!(r.status, 401);
    let a = s
        .post(&format!("/api/v1/chats/{id}/archive"), &t, json!({}))
        .await;
    assert_eq!(a.body["archived"], false);

    // delete-all removes only the caller's chats
    let other = s.post("/api/v1/chats/new", &bo, golden()).await.body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = s
        .call("DELETE", "/api/v1/chats/", Auth::Bearer(&t), None)
        .await;
    assert_eq!(r.body, json!(true));
    assert_eq!(s.get("/api/v1/chats/", &t).await.body, json!([]));
    assert_eq!(
        s.get(&format!("/api/v1/chats/{other}"), &bo).await.status,
        200
    );
}

#[tokio::test]
async fn search_syntax_and_snippets() {
    let s = start().await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (bo, _) = s.add_user(&t, "Bo", "bo@example.com", "user").await;
    let mk = |title: &str, text: &str| {
        json!({"chat": {"title": title, "history": {"currentId": "a", "messages": {
            "a": {"id": "a", "parentId": null, "role": "user", "content": text, "timestamp": 1}
        }}}})
    };
    let rust = s
        .post(
            "/api/v1/chats/new",
            &t,
            mk("Rust notes", "borrow checker and lifetimes"),
        )
        .await
        .body["id"]
        .clone();
    let soup = s
        .post(
            "/api/v1/chats/new",
            &t,
            mk("Dinner", "a soup with Lifetimes of flavour"),
        )
        .await
        .body["id"]
        .clone();
    s.post(
        "/api/v1/chats/new",
        &bo,
        mk("Bo's lifetimes", "lifetimes everywhere"),
    )
    .await;
    let find = |q: &str| {
        let url = format!(
            "/api/v1/chats/search?text={}",
            q.replace(' ', "%20").replace(':', "%3A")
        );
        let t = t.clone();
        let s = &s;
        async move { s.get(&url, &t).await.body }
    };
    let r = find("lifetimes").await;
    let ids: Vec<&Value> = r.as_array().unwrap().iter().map(|c| &c["id"]).collect();
    assert_eq!(ids.len(), 2, "{r}");
    assert!(ids.contains(&&rust) && ids.contains(&&soup));
    assert!(
        r[0]["snippet"]
            .as_str()
            .unwrap()
            .to_lowercase()
            .contains("lifetimes")
    );
    assert_eq!(r[0]["archived"], false);
    // title match; other users' chats never show
    assert_eq!(find("dinner").await[0]["id"], soup);
    assert_eq!(find("everywhere").await, json!([]));
    // every term must match somewhere when the phrase does not
    assert_eq!(find("checker borrow").await[0]["id"], rust);
    assert_eq!(find("checker soup").await, json!([]));
    // filters
    s.post(
        &format!("/api/v1/chats/{}/tags", rust.as_str().unwrap()),
        &t,
        json!({"name": "code"}),
    )
    .await;
    assert_eq!(find("tag:code").await.as_array().unwrap().len(), 1);
    assert_eq!(find("tag:none").await[0]["id"], soup);
    s.post(
        &format!("/api/v1/chats/{}/pin", soup.as_str().unwrap()),
        &t,
        json!({}),
    )
    .await;
    assert_eq!(find("pinned:true").await[0]["id"], soup);
    s.post(
        &format!("/api/v1/chats/{}/archive", soup.as_str().unwrap()),
        &t,
        json!({}),
    )
    .await;
    assert_eq!(find("lifetimes").await.as_array().unwrap().len(), 1);
    assert_eq!(find("archived:true lifetimes").await[0]["id"], soup);
    assert_eq!(find("folder:nowhere").await, json!([]));
    // LIKE's own characters are literal
    assert_eq!(find("100%").await, json!([]));
}

/// A chat exported by Open WebUI 0.12.4 imports and exports back unchanged.
#[tokio::test]
async fn import_upstream_export_and_export_back() {
    let s = start().await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let upstream: Value = serde_json::from_str(include_str!("../samples/chat_by_id.json")).unwrap();
    let mut item = upstream.clone();
    item["meta"] = json!({"tags": ["golden"]});
    let r = s
        .post("/api/v1/chats/import", &t, json!({"chats": [item]}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let imported = &r.body[0];
    assert_ne!(imported["id"], upstream["id"]);
    assert_eq!(imported["created_at"], upstream["created_at"]);
    assert_eq!(
        s.get("/api/v1/chats/all/tags", &t).await.body[0]["id"],
        "golden"
    );
    let exported = s
        .http
        .get(s.url("/api/v1/chats/all"))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    assert_eq!(exported.headers()["content-type"], "application/x-ndjson");
    let text = exported.text().await.unwrap();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1);
    let mut want = upstream["chat"].clone();
    want.as_object_mut().unwrap().shift_remove("share_mode");
    // authors written by Open WebUI are kept
    assert_eq!(lines[0]["chat"], want);
    assert_eq!(lines[0]["title"], upstream["title"]);
}

#[tokio::test]
async fn archived_lists_and_read_markers() {
    let s = start().await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let a = s
        .post("/api/v1/chats/new", &t, json!({"chat": {"title": "alpha"}}))
        .await
        .body["id"]
        .clone();
    s.post("/api/v1/chats/new", &t, json!({"chat": {"title": "beta"}}))
        .await;
    s.post("/api/v1/chats/archive/all", &t, json!({})).await;
    assert_eq!(
        s.get("/api/v1/chats/archived/count", &t).await.body,
        json!(2)
    );
    assert_eq!(s.get("/api/v1/chats/", &t).await.body, json!([]));
    let l = s.get("/api/v1/chats/archived?query=alp", &t).await;
    assert_eq!(l.body.as_array().unwrap().len(), 1);
    assert_eq!(l.body[0]["last_read_at"], Value::Null);
    assert_eq!(
        s.get("/api/v1/chats/all/archived", &t)
            .await
            .body
            .as_array()
            .unwrap()
            .len(),
        2
    );
    s.post("/api/v1/chats/unarchive/all", &t, json!({})).await;
    assert_eq!(
        s.get("/api/v1/chats/archived/count", &t).await.body,
        json!(0)
    );
    let u = s
        .post(
            &format!("/api/v1/chats/{}/unread", a.as_str().unwrap()),
            &t,
            json!({}),
        )
        .await;
    assert_eq!(u.body["last_read_at"], 0);
    let list = s.get("/api/v1/chats/", &t).await;
    let alpha = list
        .body
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == a)
        .unwrap()
        .clone();
    assert_eq!(alpha["last_read_at"], 0);
    let r = s.post("/api/v1/chats/read", &t, json!({})).await;
    assert_eq!(r.body["updated_count"], 2);
}

#[tokio::test]
async fn chats_in_folders() {
    let s = start().await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (bo, _) = s.add_user(&t, "Bo", "bo@example.com", "user").await;
    let f = s
        .post("/api/v1/folders/", &t, json!({"name": "Deep Work"}))
        .await;
    assert_eq!(f.status, 200, "{}", f.body);
    let fid = f.body["id"].as_str().unwrap().to_string();
    let sub = s
        .post(
            "/api/v1/folders/",
            &t,
            json!({"name": "Sub", "parent_id": fid}),
        )
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    // created straight into a folder
    let c = s
        .post(
            "/api/v1/chats/new",
            &t,
            json!({"chat": {"title": "in folder"}, "folder_id": fid}),
        )
        .await;
    assert_eq!(c.body["folder_id"], fid.as_str());
    let loose = s
        .post("/api/v1/chats/new", &t, json!({"chat": {"title": "loose"}}))
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    // chats in folders leave the main list unless asked for
    let main: Vec<Value> = s
        .get("/api/v1/chats/", &t)
        .await
        .body
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(main.len(), 1);
    assert_eq!(
        s.get("/api/v1/chats/?include_folders=true", &t)
            .await
            .body
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // move into the subfolder: the parent's full listing includes descendants
    let m = s
        .post(
            &format!("/api/v1/chats/{loose}/folder"),
            &t,
            json!({"folder_id": sub}),
        )
        .await;
    assert_eq!(
        (
            m.status,
            m.body["folder_id"].clone(),
            m.body["pinned"].clone()
        ),
        (200, json!(sub), json!(false))
    );
    assert_eq!(
        s.get(&format!("/api/v1/chats/folder/{fid}"), &t)
            .await
            .body
            .as_array()
            .unwrap()
            .len(),
        2
    );
    assert_eq!(
        s.get(&format!("/api/v1/chats/folder/{fid}/list"), &t)
            .await
            .body
            .as_array()
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        s.get("/api/v1/chats/search?text=folder%3Adeep_work", &t)
            .await
            .body
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // another user cannot file into Ada's folder, nor move Ada's chat
    let r = s
        .post(
            "/api/v1/chats/new",
            &bo,
            json!({"chat": {"title": "x"}, "folder_id": fid}),
        )
        .await;
    assert_eq!(
        (r.status, r.body),
        (404, json!({"detail": owui::error::msg::NOT_FOUND}))
    );
    let r = s
        .post(
            &format!("/api/v1/chats/{loose}/folder"),
            &bo,
            json!({"folder_id": null}),
        )
        .await;
    assert_eq!(r.status, 401);
    assert_eq!(
        s.get(&format!("/api/v1/chats/folder/{fid}"), &bo)
            .await
            .body,
        json!([])
    );
    // back out of folders
    let m = s
        .post(
            &format!("/api/v1/chats/{loose}/folder"),
            &t,
            json!({"folder_id": null}),
        )
        .await;
    assert_eq!(m.body["folder_id"], Value::Null);
    // unread counts per folder come with read markers
    let r = s.post("/api/v1/chats/read", &t, json!({})).await;
    assert!(
        r.body["folder_unread_counts"].get(&fid).is_some(),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn params_clone_tag_lists_and_admin_views() {
    let s = start().await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (bo, bo_id) = s.add_user(&t, "Bo", "bo@example.com", "user").await;
    let id = s.post("/api/v1/chats/new", &bo, golden()).await.body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = s
        .call(
            "PATCH",
            &format!("/api/v1/chats/{id}/params"),
            Auth::Bearer(&bo),
            Some(json!({"temperature": 0.2})),
        )
        .await;
    assert_eq!(r.body, json!({"temperature": 0.2}));
    let r = s
        .call(
            "PATCH",
            &format!("/api/v1/chats/{id}/params"),
            Auth::Bearer(&bo),
            Some(json!({"top_p": 0.9})),
        )
        .await;
    assert_eq!(r.body, json!({"temperature": 0.2, "top_p": 0.9}));
    // admins cannot change someone's params
    let r = s
        .call(
            "PATCH",
            &format!("/api/v1/chats/{id}/params"),
            Auth::Bearer(&t),
            Some(json!({"x": 1})),
        )
        .await;
    assert_eq!(r.status, 401);

    let c = s
        .post(&format!("/api/v1/chats/{id}/clone"), &bo, json!({}))
        .await;
    assert_eq!(c.status, 200, "{}", c.body);
    assert_eq!(c.body["title"], "Clone of Golden chat");
    assert_eq!(c.body["chat"]["originalChatId"], id.as_str());
    assert_eq!(c.body["chat"]["branchPointMessageId"], "m2");
    assert_eq!(
        c.body["chat"]["history"]["messages"]
            .as_object()
            .unwrap()
            .len(),
        2
    );
    assert_ne!(c.body["id"], id.as_str());
    let r = s
        .post(&format!("/api/v1/chats/{id}/clone"), &t, json!({}))
        .await;
    assert_eq!(r.status, 401);

    s.post(
        &format!("/api/v1/chats/{id}/tags"),
        &bo,
        json!({"name": "keep"}),
    )
    .await;
    let r = s
        .post("/api/v1/chats/tags", &bo, json!({"name": "Keep"}))
        .await;
    assert_eq!(r.body[0]["id"], id.as_str());

    let all = s.get("/api/v1/chats/all/db", &t).await;
    assert_eq!(all.body.as_array().unwrap().len(), 2);
    assert_eq!(s.get("/api/v1/chats/all/db", &bo).await.status, 401);
    let l = s.get(&format!("/api/v1/chats/list/user/{bo_id}"), &t).await;
    assert_eq!(l.body.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn share_links_with_grants() {
    let s = start().await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (bo, _) = s.add_user(&admin, "Bo", "bo@example.com", "user").await;
    let (cy, _) = s.add_user(&admin, "Cy", "cy@example.com", "user").await;
    let id = s.post("/api/v1/chats/new", &bo, golden()).await.body["id"]
        .as_str()
        .unwrap()
        .to_string();
    // someone else cannot share it
    let r = s
        .post(&format!("/api/v1/chats/{id}/share"), &cy, json!({}))
        .await;
    assert_eq!(r.status, 401);
    // the frontend sends no body at all
    let r = s
        .http
        .post(s.url(&format!("/api/v1/chats/{id}/share")))
        .bearer_auth(&bo)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r: Value = r.json().await.unwrap();
    let token = r["share_id"].as_str().unwrap().to_string();
    let again = s
        .post(&format!("/api/v1/chats/{id}/share"), &bo, json!({}))
        .await;
    assert_eq!(
        again.body["share_id"],
        token.as_str(),
        "sharing again keeps the link"
    );
    // a private share: only its maker reads it (and admins)
    let r = s.get(&format!("/api/v1/chats/share/{token}"), &cy).await;
    assert_eq!(
        (r.status, r.body),
        (401, json!({"detail": owui::error::msg::ACCESS_PROHIBITED}))
    );
    let r = s
        .call(
            "GET",
            &format!("/api/v1/chats/share/{token}"),
            Auth::None,
            None,
        )
        .await;
    assert_eq!(
        (r.status, r.body),
        (401, json!({"detail": owui::error::msg::INVALID_TOKEN}))
    );
    let mine = s.get(&format!("/api/v1/chats/share/{token}"), &bo).await;
    assert_eq!(
        (
            mine.body["id"].clone(),
            mine.body["chat"]["share_mode"].clone()
        ),
        (json!(token), Value::Null)
    );
    assert_eq!(
        mine.body["chat"]["history"]["messages"]["m2"]["content"],
        "Echo: hello there"
    );
    // the snapshot does not follow later edits until shared again
    s.post(
        &format!("/api/v1/chats/{id}"),
        &bo,
        json!({"chat": {"title": "Renamed"}}),
    )
    .await;
    assert_eq!(
        s.get(&format!("/api/v1/chats/share/{token}"), &bo)
            .await
            .body["title"],
        "Golden chat"
    );
    s.post(&format!("/api/v1/chats/{id}/share"), &bo, json!({}))
        .await;
    assert_eq!(
        s.get(&format!("/api/v1/chats/share/{token}"), &bo)
            .await
            .body["title"],
        "Renamed"
    );
    // grant Cy read: Cy opens and clones it; anyone:read opens it signed out
    let g = s.post(&format!("/api/v1/chats/shared/{id}/access/update"), &bo,
        json!({"access_grants": [{"principal_type": "user", "principal_id": s.get("/api/v1/auths/", &cy).await.body["id"], "permission": "read"}]})).await;
    assert_eq!(g.status, 200, "{}", g.body);
    assert_eq!(
        s.get(&format!("/api/v1/chats/share/{token}"), &cy)
            .await
            .status,
        200
    );
    let access = s
        .get(&format!("/api/v1/chats/shared/{id}/access"), &bo)
        .await;
    assert_eq!(
        keys(&access.body[0]),
        vec!["id", "principal_type", "principal_id", "permission"]
    );
    assert_eq!(
        s.get(&format!("/api/v1/chats/shared/{id}/access"), &cy)
            .await
            .status,
        404
    );
    let cl = s
        .post(
            &format!("/api/v1/chats/{token}/clone/shared"),
            &cy,
            json!({}),
        )
        .await;
    assert_eq!(cl.status, 200, "{}", cl.body);
    assert_eq!(cl.body["title"], "Clone of Renamed");
    // users may not share with everyone by default; nothing changes then
    let r = s.post(&format!("/api/v1/chats/shared/{id}/access/update"), &bo,
        json!({"access_grants": [{"principal_type": "anyone", "principal_id": "*", "permission": "read"}]})).await;
    assert_eq!(r.status, 403);
    assert_eq!(
        s.get(&format!("/api/v1/chats/share/{token}"), &cy)
            .await
            .status,
        200
    );
    // "continue" shares open the live chat for readers, who may then see it by id
    s.post(
        &format!("/api/v1/chats/{id}/share"),
        &bo,
        json!({"share_mode": "continue"}),
    )
    .await;
    let live = s.get(&format!("/api/v1/chats/share/{token}"), &cy).await;
    assert_eq!(
        (
            live.body["id"].clone(),
            live.body["chat"]["share_mode"].clone()
        ),
        (json!(id), json!("continue"))
    );
    assert_eq!(s.get(&format!("/api/v1/chats/{id}"), &cy).await.status, 200);
    let listed = s.get("/api/v1/chats/shared", &bo).await;
    assert_eq!(
        keys(&listed.body[0]),
        vec![
            "id",
            "chat_id",
            "title",
            "share_id",
            "updated_at",
            "created_at"
        ]
    );
    // unsharing removes the link and the grants
    let r = s
        .call(
            "DELETE",
            &format!("/api/v1/chats/{id}/share"),
            Auth::Bearer(&bo),
            None,
        )
        .await;
    assert_eq!(r.body, json!(true));
    assert_eq!(
        s.get(&format!("/api/v1/chats/share/{token}"), &cy)
            .await
            .status,
        401
    );
    assert_eq!(s.get(&format!("/api/v1/chats/{id}"), &cy).await.status, 401);
    assert_eq!(
        s.get(&format!("/api/v1/chats/{id}"), &bo).await.body["share_id"],
        Value::Null
    );
}

#[tokio::test]
async fn single_message_edit_add_and_delete() {
    let s = start().await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (bo, _) = s.add_user(&t, "Bo", "bo@example.com", "user").await;
    let id = s.post("/api/v1/chats/new", &t, golden()).await.body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = s
        .post(
            &format!("/api/v1/chats/{id}/messages/m2"),
            &t,
            json!({"content": "edited"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body["chat"]["history"]["messages"]["m2"]["content"],
        "edited"
    );
    assert_eq!(r.body["chat"]["history"]["currentId"], "m2");
    let r = s
        .post(&format!("/api/v1/chats/{id}/messages/m2"), &t, json!({}))
        .await;
    assert_eq!(
        (r.status, r.body),
        (400, json!({"detail": "No message changes supplied"}))
    );
    let r = s
        .post(
            &format!("/api/v1/chats/{id}/messages/m2"),
            &bo,
            json!({"content": "mine"}),
        )
        .await;
    assert_eq!(r.status, 401);
    // a new message joins under its parent and becomes current
    let r = s
        .post(
            &format!("/api/v1/chats/{id}/messages/m3"),
            &t,
            json!({"content": "follow-up", "parentId": "m2"}),
        )
        .await;
    assert_eq!(r.body["chat"]["history"]["currentId"], "m3");
    assert_eq!(r.body["chat"]["history"]["messages"]["m3"]["role"], "user");
    assert_eq!(
        r.body["chat"]["history"]["messages"]["m2"]["childrenIds"],
        json!(["m3"])
    );
    s.post(
        &format!("/api/v1/chats/{id}/messages/m4"),
        &t,
        json!({"content": "answer", "parentId": "m3"}),
    )
    .await;
    // deleting m2 removes m2 and m3; m4 moves up under m1 and becomes current
    let r = s
        .call(
            "DELETE",
            &format!("/api/v1/chats/{id}/messages/m2"),
            Auth::Bearer(&t),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let msgs = r.body["chat"]["history"]["messages"].as_object().unwrap();
    let mut ids: Vec<&String> = msgs.keys().collect();
    ids.sort();
    assert_eq!(ids, ["m1", "m4"]);
    assert_eq!(msgs["m4"]["parentId"], "m1");
    assert_eq!(r.body["chat"]["history"]["currentId"], "m4");
    let r = s
        .call(
            "DELETE",
            &format!("/api/v1/chats/{id}/messages/nope"),
            Auth::Bearer(&t),
            None,
        )
        .await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn fork_a_branch() {
    let s = start().await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (bo, _) = s.add_user(&t, "Bo", "bo@example.com", "user").await;
    let mut body = golden();
    // a second branch under m1: m2b is the latest child
    body["chat"]["history"]["messages"]["m2b"] = json!({"id": "m2b", "parentId": "m1", "childrenIds": [], "role": "assistant", "content": "other", "done": false, "timestamp": 1700000005});
    let id = s.post("/api/v1/chats/new", &t, body).await.body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let f = s
        .post(
            &format!("/api/v1/chats/{id}/fork"),
            &t,
            json!({"message_id": "m2b"}),
        )
        .await;
    assert_eq!(f.status, 200, "{}", f.body);
    assert_eq!(f.body["title"], "Golden chat (fork)");
    let h = &f.body["chat"]["history"];
    let mut ids: Vec<&String> = h["messages"].as_object().unwrap().keys().collect();
    ids.sort();
    assert_eq!(ids, ["m1", "m2b"]);
    assert_eq!(h["currentId"], "m2b");
    assert_eq!(h["messages"]["m2b"]["done"], true);
    assert_eq!(f.body["meta"]["forked_from"], id.as_str());
    let r = s
        .post(
            &format!("/api/v1/chats/{id}/fork"),
            &t,
            json!({"message_id": "nope"}),
        )
        .await;
    assert_eq!(r.status, 404);
    let r = s
        .post(&format!("/api/v1/chats/{id}/fork"), &bo, json!({}))
        .await;
    assert_eq!(r.status, 401);
}

#[tokio::test]
async fn chat_config_defaults_clamps_and_admin_only() {
    let s = start().await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (bo, _) = s.add_user(&admin, "Bo", "bo@example.com", "user").await;
    let r = s.get("/api/v1/chats/config", &admin).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body,
        json!({
            "CONTEXT_COMPACTION_MODEL": "",
            "ENABLE_CONTEXT_COMPACTION": false,
            "CONTEXT_COMPACTION_TOKEN_THRESHOLD": 80000,
            "CONTEXT_COMPACTION_TOKEN_CAP": 80000,
            "CONTEXT_COMPACTION_RETENTION_PERCENTAGE": 40,
            "CONTEXT_COMPACTION_PROMPT_TEMPLATE": "",
            "ENABLE_TOOL_PERMISSIONS": false,
            "ENABLE_TOOL_SEARCH": false,
            "TOOL_SEARCH_DEFER_THRESHOLD": 400,
            "TOOL_SEARCH_ALWAYS_LOADED": [],
            "TOOL_SEARCH_DEFER_BUILTIN_TOOLS": true
        })
    );
    // out-of-range values are clamped; an unset cap follows the threshold
    let r = s
        .post(
            "/api/v1/chats/config",
            &admin,
            json!({
                "CONTEXT_COMPACTION_MODEL": null,
                "ENABLE_CONTEXT_COMPACTION": true,
                "CONTEXT_COMPACTION_TOKEN_THRESHOLD": 0,
                "CONTEXT_COMPACTION_RETENTION_PERCENTAGE": 90,
                "CONTEXT_COMPACTION_PROMPT_TEMPLATE": "Sum it up",
                "ENABLE_TOOL_SEARCH": true,
                "TOOL_SEARCH_DEFER_THRESHOLD": -5,
                "TOOL_SEARCH_ALWAYS_LOADED": [" web_search ", "", "  "]
            }),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body,
        json!({
            "CONTEXT_COMPACTION_MODEL": "",
            "ENABLE_CONTEXT_COMPACTION": true,
            "CONTEXT_COMPACTION_TOKEN_THRESHOLD": 1,
            "CONTEXT_COMPACTION_TOKEN_CAP": 1,
            "CONTEXT_COMPACTION_RETENTION_PERCENTAGE": 50,
            "CONTEXT_COMPACTION_PROMPT_TEMPLATE": "Sum it up",
            "ENABLE_TOOL_PERMISSIONS": false,
            "ENABLE_TOOL_SEARCH": true,
            "TOOL_SEARCH_DEFER_THRESHOLD": 0,
            "TOOL_SEARCH_ALWAYS_LOADED": ["web_search"],
            "TOOL_SEARCH_DEFER_BUILTIN_TOOLS": true
        })
    );
    assert_eq!(s.get("/api/v1/chats/config", &admin).await.body, r.body);
    assert_eq!(
        s.cx.store.get("chat.context_compaction.prompt_template"),
        json!("Sum it up")
    );
    // null threshold and retention take the env defaults; low retention is raised
    let r = s
        .post(
            "/api/v1/chats/config",
            &admin,
            json!({
                "CONTEXT_COMPACTION_MODEL": "small-model",
                "ENABLE_CONTEXT_COMPACTION": false,
                "CONTEXT_COMPACTION_TOKEN_THRESHOLD": null,
                "CONTEXT_COMPACTION_TOKEN_CAP": 500,
                "CONTEXT_COMPACTION_PROMPT_TEMPLATE": ""
            }),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["CONTEXT_COMPACTION_MODEL"], "small-model");
    assert_eq!(r.body["CONTEXT_COMPACTION_TOKEN_THRESHOLD"], 80000);
    assert_eq!(r.body["CONTEXT_COMPACTION_TOKEN_CAP"], 500);
    assert_eq!(r.body["CONTEXT_COMPACTION_RETENTION_PERCENTAGE"], 40);
    assert_eq!(r.body["TOOL_SEARCH_ALWAYS_LOADED"], json!([]));
    let r = s
        .post(
            "/api/v1/chats/config",
            &admin,
            json!({"ENABLE_CONTEXT_COMPACTION": true, "CONTEXT_COMPACTION_PROMPT_TEMPLATE": "",
                "CONTEXT_COMPACTION_RETENTION_PERCENTAGE": 3}),
        )
        .await;
    assert_eq!(r.body["CONTEXT_COMPACTION_RETENTION_PERCENTAGE"], 10);
    // the required fields
    let r = s
        .post(
            "/api/v1/chats/config",
            &admin,
            json!({"CONTEXT_COMPACTION_PROMPT_TEMPLATE": ""}),
        )
        .await;
    assert_eq!(r.status, 422, "{}", r.body);
    // admins only (and /config is not a chat id)
    let r = s.get("/api/v1/chats/config", &bo).await;
    assert_eq!(
        (r.status, r.body),
        (401, json!({"detail": owui::error::msg::ACCESS_PROHIBITED}))
    );
    let r = s
        .post(
            "/api/v1/chats/config",
            &bo,
            json!({"ENABLE_CONTEXT_COMPACTION": true, "CONTEXT_COMPACTION_PROMPT_TEMPLATE": ""}),
        )
        .await;
    assert_eq!(
        (r.status, r.body),
        (401, json!({"detail": owui::error::msg::ACCESS_PROHIBITED}))
    );
    assert_eq!(
        s.get("/api/v1/chats/config", &admin).await.body["ENABLE_CONTEXT_COMPACTION"],
        true
    );
}

#[tokio::test]
async fn folder_owner_renames_a_chat_put_in_their_shared_folder() {
    let s = start().await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (bo, _) = s.add_user(&admin, "Bo", "bo@example.com", "user").await;
    let (cy, cy_id) = s.add_user(&admin, "Cy", "cy@example.com", "user").await;
    let (dee, _) = s.add_user(&admin, "Dee", "dee@example.com", "user").await;
    // users may share folders
    let mut d = s
        .get("/api/v1/users/default/permissions", &admin)
        .await
        .body;
    d["sharing"]["folders"] = json!(true);
    assert_eq!(
        s.post("/api/v1/users/default/permissions", &admin, d)
            .await
            .status,
        200
    );
    // Bo shares a folder with Cy, who puts a chat of theirs into it
    let fid = s
        .post("/api/v1/folders/", &bo, json!({"name": "Team"}))
        .await
        .body["id"]
        .as_str()
        .unwrap()
        .to_string();
    let r = s
        .post(
            &format!("/api/v1/folders/{fid}/access/update"),
            &bo,
            json!({"access_grants": [
                {"principal_type": "user", "principal_id": cy_id, "permission": "read"},
                {"principal_type": "user", "principal_id": cy_id, "permission": "write"}
            ]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let mut body = golden();
    body["folder_id"] = json!(fid);
    body["variables"] = json!({"x": "1"});
    body["chat"]["params"] = json!({"temperature": 0.5});
    let c = s.post("/api/v1/chats/new", &cy, body).await;
    assert_eq!(c.status, 200, "{}", c.body);
    let id = c.body["id"].as_str().unwrap().to_string();
    let updated_at = c.body["updated_at"].clone();
    let path = format!("/api/v1/chats/{id}");

    // the folder owner renames it: trimmed, in the row and the document
    let r = s
        .post(
            &path,
            &bo,
            json!({"chat": {"title": "  Renamed  "}, "variables": null}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["title"], "Renamed");
    assert_eq!(r.body["chat"]["title"], "Renamed");
    assert_eq!(r.body["user_id"], cy_id.as_str());
    assert_eq!(r.body["updated_at"], updated_at);
    // seen as a non-owner sees it
    assert_eq!(r.body["variables"], json!({}));
    assert!(r.body["chat"].get("params").is_none());
    assert_eq!(
        r.body["chat"]["history"]["messages"]["m2"]["content"],
        "Echo: hello there"
    );
    let mine = s.get(&path, &cy).await;
    assert_eq!(mine.body["title"], "Renamed");
    assert_eq!(mine.body["chat"]["title"], "Renamed");
    assert_eq!(mine.body["variables"], json!({"x": "1"}));
    assert_eq!(mine.body["chat"]["params"], json!({"temperature": 0.5}));
    assert_eq!(
        s.get("/api/v1/chats/?include_folders=true", &cy).await.body[0]["title"],
        "Renamed"
    );

    // anything but exactly {title} is refused
    let prohibited = json!({"detail": owui::error::msg::ACCESS_PROHIBITED});
    for bad in [
        json!({"chat": {"title": "x", "models": []}}),
        json!({"chat": {}}),
        json!({"chat": {"history": {"messages": {}}}}),
        json!({"chat": {"title": "x"}, "variables": {}}),
        json!({"chat": {"title": "x"}, "folder_id": fid}),
    ] {
        let r = s.post(&path, &bo, bad.clone()).await;
        assert_eq!((r.status, &r.body), (401, &prohibited), "{bad}");
    }
    // a blank title is a 400
    for blank in [json!("   "), json!(""), json!(5), Value::Null] {
        let r = s.post(&path, &bo, json!({"chat": {"title": blank}})).await;
        assert_eq!(
            (r.status, r.body),
            (400, json!({"detail": "[ERROR: Invalid title]"})),
            "{blank}"
        );
    }
    // nobody else may: not another user, not an admin
    for other in [&dee, &admin] {
        let r = s.post(&path, other, json!({"chat": {"title": "x"}})).await;
        assert_eq!((r.status, &r.body), (401, &prohibited));
    }
    // and not once the chat has left the folder
    let r = s
        .post(&format!("{path}/folder"), &cy, json!({"folder_id": null}))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = s.post(&path, &bo, json!({"chat": {"title": "x"}})).await;
    assert_eq!((r.status, &r.body), (401, &prohibited));
    assert_eq!(s.get(&path, &cy).await.body["title"], "Renamed");
}

#[tokio::test]
async fn readers_see_authors_but_not_other_peoples_message_meta() {
    let s = start().await;
    let (ada, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (bo, bo_id) = s.add_user(&ada, "Bo", "bo@example.com", "user").await;
    let (cy, _) = s.add_user(&ada, "Cy", "cy@example.com", "user").await;
    let r = s
        .post(
            "/api/v1/chats/new",
            &bo,
            json!({"chat": {"title": "T", "history": {"currentId": "a2", "messages": {
                "u1": {"id": "u1", "parentId": null, "role": "user", "content": "hi", "meta": {"mine": 1}},
                "a1": {"id": "a1", "parentId": "u1", "role": "assistant", "content": "yo", "meta": {"mine": 2}},
                "u2": {"id": "u2", "parentId": "a1", "role": "user", "content": "me too"},
                "a2": {"id": "a2", "parentId": "u2", "role": "assistant", "content": "ok"}
            }}}}),
        )
        .await;
    let id = r.body["id"].as_str().unwrap().to_string();
    // u2 was written by Cy (a writer of the shared chat), without a name
    let cy_id = s.get("/api/v1/auths/", &cy).await.body["id"]
        .as_str()
        .unwrap()
        .to_string();
    s.cx.db
        .write(|tx| {
            tx.execute(
                // the row's columns describe its text: they change with it
                "UPDATE chat_message SET data = json_set(json_remove(data, '$.user'), '$.user_id', ?1, '$.meta', json('{\"cy\":1}')),
                   user_id = ?1, has_meta = 1, author_name = NULL WHERE chat_id = ?2 AND id = 'u2'",
                [&cy_id, &id],
            )?;
            Ok(())
        })
        .unwrap();
    let g = s.get(&format!("/api/v1/chats/{id}"), &bo).await;
    let m = &g.body["chat"]["history"]["messages"];
    assert_eq!(m["u1"]["meta"], json!({"mine": 1}));
    assert_eq!(m["u1"]["user"], json!({"id": bo_id, "name": "Bo"}));
    assert!(m["u2"].get("meta").is_none(), "{}", m["u2"]);
    assert_eq!(m["u2"]["user"], json!({"id": cy_id, "name": "Cy"}));
    // an anonymous reader of a public share sees nobody's meta
    s.post(&format!("/api/v1/chats/{id}/share"), &bo, json!({}))
        .await;
    let token = s.get(&format!("/api/v1/chats/{id}"), &bo).await.body["share_id"]
        .as_str()
        .unwrap()
        .to_string();
    s.post(
        &format!("/api/v1/chats/shared/{id}/access/update"),
        &ada,
        json!({"access_grants": [{"principal_type": "anyone", "principal_id": "*", "permission": "read"}]}),
    )
    .await;
    let anon = s
        .call(
            "GET",
            &format!("/api/v1/chats/share/{token}"),
            Auth::None,
            None,
        )
        .await;
    assert_eq!(anon.status, 200, "{}", anon.body);
    let m = &anon.body["chat"]["history"]["messages"];
    for k in ["u1", "a1", "u2", "a2"] {
        assert!(m[k].get("meta").is_none(), "{k}: {}", m[k]);
    }
    assert_eq!(m["u2"]["user"]["name"], "Cy");
    assert!(anon.body["chat"].get("params").is_none());
}
