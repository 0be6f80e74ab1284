//! `/api/v1/chats/stats/*` over loopback: usage numbers and the stats
//! export (pages, stream, single chat, community-sharing gate).

use std::collections::BTreeMap;

use crate::common::{self, Server, keys, start};
use serde_json::{Value, json};

/// A chat with a regenerated answer: `m1 → m2` (model a) and `m1 → m3`
/// (model b) `→ m4 → m5` (model b, current). `m4` has list-of-parts content.
fn branched() -> Value {
    json!({"chat": {"title": "Branched", "history": {"currentId": "m5", "messages": {
        "m1": {"id": "m1", "parentId": null, "childrenIds": ["m2", "m3"], "role": "user",
               "content": "hello", "timestamp": 100},
        "m2": {"id": "m2", "parentId": "m1", "childrenIds": [], "role": "assistant",
               "content": "hi there", "model": "a", "timestamp": 103},
        "m3": {"id": "m3", "parentId": "m1", "childrenIds": ["m4"], "role": "assistant",
               "content": "other answer!", "model": "b", "timestamp": 110},
        "m4": {"id": "m4", "parentId": "m3", "childrenIds": ["m5"], "role": "user",
               "content": [{"type": "text", "text": "abc"},
                           {"type": "image_url", "image_url": {"url": "data:x"}}],
               "timestamp": 120},
        "m5": {"id": "m5", "parentId": "m4", "childrenIds": [], "role": "assistant",
               "content": "done", "model": "b", "timestamp": 125,
               "annotation": {"rating": 1, "tags": ["good"]}}
    }}}})
}

async fn new_chat(s: &Server, t: &str, body: Value) -> String {
    let r = s.post("/api/v1/chats/new", t, body).await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body["id"].as_str().unwrap().to_string()
}

fn set_updated_at(s: &Server, id: &str, t: i64) {
    s.cx.db
        .write(|tx| {
            tx.execute(
                "UPDATE chat SET updated_at = ?2 WHERE id = ?1",
                rusqlite::params![id, t],
            )?;
            Ok(())
        })
        .unwrap();
}

fn set_sharing(s: &Server, on: bool) {
    owui::core::configs::save(
        &s.cx,
        &BTreeMap::from([("ui.enable_community_sharing".to_string(), json!(on))]),
    )
    .unwrap();
}

const USAGE_KEYS: [&str; 14] = [
    "id",
    "models",
    "message_count",
    "history_models",
    "history_message_count",
    "history_user_message_count",
    "history_assistant_message_count",
    "average_response_time",
    "average_user_message_content_length",
    "average_assistant_message_content_length",
    "tags",
    "last_message_at",
    "updated_at",
    "created_at",
];

#[tokio::test]
async fn usage_counts_the_current_branch_and_the_whole_history() {
    let s = start().await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let id = new_chat(&s, &t, branched()).await;
    let r = s
        .post(
            &format!("/api/v1/chats/{id}/tags"),
            &t,
            json!({"name": "Work"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    set_updated_at(&s, &id, 2000);
    // no messages: skipped, but counted in total
    let empty = new_chat(&s, &t, json!({"chat": {"title": "empty"}})).await;
    set_updated_at(&s, &empty, 3000);

    let r = s.get("/api/v1/chats/stats/usage", &t).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(keys(&r.body), ["items", "total"]);
    assert_eq!(r.body["total"], 2);
    let items = r.body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1);
    let it = &items[0];
    assert_eq!(keys(it), USAGE_KEYS);
    assert_eq!(
        *it,
        json!({
            "id": id,
            "models": {"b": 2},
            "message_count": 4,
            "history_models": {"a": 1, "b": 2},
            "history_message_count": 5,
            "history_user_message_count": 2,
            "history_assistant_message_count": 3,
            // (103-100 + 110-100 + 125-120) / 3
            "average_response_time": 6.0,
            // upstream's len(): a list of parts counts its parts: (5 + 2) / 2
            "average_user_message_content_length": 3.5,
            "average_assistant_message_content_length": 25.0 / 3.0,
            "tags": ["work"],
            "last_message_at": 125,
            "updated_at": 2000,
            "created_at": it["created_at"],
        })
    );
    // floats stay floats on the wire
    let raw = s
        .http
        .get(s.url("/api/v1/chats/stats/usage"))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(raw.contains("\"average_response_time\":6.0"), "{raw}");

    // paging: newest update first, `total` is every chat
    let p1 = s
        .get("/api/v1/chats/stats/usage?items_per_page=1&page=1", &t)
        .await;
    assert_eq!(p1.body["items"], json!([]), "the empty chat is newest");
    assert_eq!(p1.body["total"], 2);
    let p2 = s
        .get("/api/v1/chats/stats/usage?items_per_page=1&page=2", &t)
        .await;
    assert_eq!(p2.body["items"][0]["id"], id);
    let p3 = s
        .get("/api/v1/chats/stats/usage?items_per_page=1&page=3", &t)
        .await;
    assert_eq!(p3.body, json!({"items": [], "total": 2}));

    // internal chats are not counted
    s.cx.db
        .write(|tx| {
            tx.execute(
                "UPDATE chat SET meta = json_set(meta, '$.internal', json('true')) WHERE id = ?1",
                [&empty],
            )?;
            Ok(())
        })
        .unwrap();
    assert_eq!(
        s.get("/api/v1/chats/stats/usage", &t).await.body["total"],
        1
    );

    // another user sees none of it
    let (t2, _) = s.add_user(&t, "Bob", "bob@example.com", "user").await;
    let r = s.get("/api/v1/chats/stats/usage", &t2).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body, json!({"items": [], "total": 0}));
}

#[tokio::test]
async fn usage_skips_malformed_chats_and_rejects_a_leaf_without_timestamp() {
    let s = start().await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    // a currentId that is not a message: skipped (upstream's IndexError)
    new_chat(
        &s,
        &t,
        json!({"chat": {"history": {"currentId": "nope", "messages": {
            "m1": {"id": "m1", "parentId": null, "role": "user", "content": "x", "timestamp": 1}}}}}),
    )
    .await;
    // content null: len(None) raises, the chat is skipped
    new_chat(
        &s,
        &t,
        json!({"chat": {"history": {"currentId": "m1", "messages": {
            "m1": {"id": "m1", "parentId": null, "role": "user", "content": null, "timestamp": 1}}}}}),
    )
    .await;
    let r = s.get("/api/v1/chats/stats/usage", &t).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body, json!({"items": [], "total": 2}));

    // upstream's response model needs an int `last_message_at`: the whole request fails
    new_chat(
        &s,
        &t,
        json!({"chat": {"history": {"currentId": "m1", "messages": {
            "m1": {"id": "m1", "parentId": null, "role": "user", "content": "x"}}}}}),
    )
    .await;
    let r = s.get("/api/v1/chats/stats/usage", &t).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.body["detail"], "Something went wrong :/");
}

fn want_export(id: &str, uid: &str, created_at: &Value, updated_at: i64) -> Value {
    let ms = |id: &str, role: &str, model: Value, len: i64, ts: i64| {
        json!({"id": id, "role": role, "model": model, "content_length": len,
               "token_count": null, "timestamp": ts, "rating": null, "tags": null})
    };
    let mut m5 = ms("m5", "assistant", json!("b"), 4, 125);
    m5["rating"] = json!(1);
    m5["tags"] = json!(["good"]);
    json!({
        "id": id,
        "user_id": uid,
        "created_at": created_at,
        "updated_at": updated_at,
        "tags": [],
        "stats": {
            "average_response_time": 6.0,
            // text parts only: (5 + 3) / 2
            "average_user_message_content_length": 4.0,
            "average_assistant_message_content_length": 25.0 / 3.0,
            "models": {"b": 2},
            "message_count": 4,
            "history_models": {"a": 1, "b": 2},
            "history_message_count": 5,
            "history_user_message_count": 2,
            "history_assistant_message_count": 3,
        },
        "chat": {"history": {"messages": {
            "m1": ms("m1", "user", Value::Null, 5, 100),
            "m2": ms("m2", "assistant", json!("a"), 8, 103),
            "m3": ms("m3", "assistant", json!("b"), 13, 110),
            "m4": ms("m4", "user", Value::Null, 3, 120),
            "m5": m5,
        }, "currentId": "m5"}},
    })
}

#[tokio::test]
async fn export_pages_filter_and_stream() {
    let s = start().await;
    let (t, uid) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let mut ids = Vec::new();
    for i in 0..12 {
        let id = if i == 3 {
            new_chat(&s, &t, branched()).await
        } else {
            new_chat(&s, &t, json!({"chat": {"title": format!("c{i}")}})).await
        };
        // distinct update times: the export's order is theirs
        set_updated_at(&s, &id, 1000 + i);
        ids.push(id);
    }

    let r = s.get("/api/v1/chats/stats/export", &t).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(keys(&r.body), ["type", "items", "total", "page"]);
    assert_eq!(r.body["type"], "chats");
    assert_eq!(r.body["total"], 12);
    assert_eq!(r.body["page"], 1);
    let items = r.body["items"].as_array().unwrap();
    let got: Vec<&str> = items.iter().map(|c| c["id"].as_str().unwrap()).collect();
    assert_eq!(
        got,
        ids[..10].iter().map(String::as_str).collect::<Vec<_>>()
    );
    let full = &items[3];
    assert_eq!(
        keys(full),
        [
            "id",
            "user_id",
            "created_at",
            "updated_at",
            "tags",
            "stats",
            "chat"
        ]
    );
    assert_eq!(
        keys(&full["chat"]["history"]["messages"]["m1"]),
        [
            "id",
            "role",
            "model",
            "content_length",
            "token_count",
            "timestamp",
            "rating",
            "tags"
        ]
    );
    assert_eq!(*full, want_export(&ids[3], &uid, &full["created_at"], 1003));
    // a chat without messages is exported with zeros
    assert_eq!(
        items[0]["stats"],
        json!({"average_response_time": 0.0, "average_user_message_content_length": 0.0,
               "average_assistant_message_content_length": 0.0, "models": {}, "message_count": 0,
               "history_models": {}, "history_message_count": 0, "history_user_message_count": 0,
               "history_assistant_message_count": 0})
    );
    assert_eq!(
        items[0]["chat"],
        json!({"history": {"messages": {}, "currentId": null}})
    );

    let r = s.get("/api/v1/chats/stats/export?page=2", &t).await;
    assert_eq!(r.body["page"], 2);
    assert_eq!(r.body["total"], 12);
    let got: Vec<&str> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    assert_eq!(got, [ids[10].as_str(), ids[11].as_str()]);

    // only chats updated after `updated_at`
    let r = s
        .get("/api/v1/chats/stats/export?updated_at=1005", &t)
        .await;
    assert_eq!(r.body["total"], 6);
    assert_eq!(r.body["items"][0]["id"], ids[6]);
    assert_eq!(r.body["items"].as_array().unwrap().len(), 6);
    // 0 is no filter (upstream tests its truthiness)
    let r = s.get("/api/v1/chats/stats/export?updated_at=0", &t).await;
    assert_eq!(r.body["total"], 12);

    // the stream: every chat, one line each, a download
    let resp = s
        .http
        .get(s.url("/api/v1/chats/stats/export?stream=true&page=2"))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "application/x-ndjson");
    assert_eq!(
        resp.headers()["content-disposition"],
        format!("attachment; filename=chat-stats-export-{uid}.jsonl")
    );
    let text = resp.text().await.unwrap();
    assert!(text.ends_with('\n'));
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 12);
    assert_eq!(
        lines
            .iter()
            .map(|c| c["id"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ids.iter().map(String::as_str).collect::<Vec<_>>()
    );
    assert_eq!(
        lines[3],
        want_export(&ids[3], &uid, &lines[3]["created_at"], 1003)
    );
    let resp = s
        .http
        .get(s.url("/api/v1/chats/stats/export?stream=1&updated_at=1009"))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.text().await.unwrap().lines().count(), 2);

    // single chat
    let r = s
        .get(&format!("/api/v1/chats/stats/export/{}", ids[3]), &t)
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body,
        want_export(&ids[3], &uid, &r.body["created_at"], 1003)
    );
}

#[tokio::test]
async fn export_gate_ownership_and_missing() {
    let s = start().await;
    let (admin, _) = s.signup("Root", "root@example.com", "pw-0").await;
    let (t, uid) = s.add_user(&admin, "Ada", "ada@example.com", "user").await;
    let (t2, _) = s.add_user(&admin, "Bob", "bob@example.com", "user").await;
    let id = new_chat(&s, &t, branched()).await;
    let single = format!("/api/v1/chats/stats/export/{id}");
    let prohibited = owui::error::msg::ACCESS_PROHIBITED;

    // community sharing on (the default): owners export
    assert_eq!(s.get("/api/v1/chats/stats/export", &t).await.status, 200);
    assert_eq!(s.get(&single, &t).await.status, 200);
    // someone else's chat: 401; a missing one: 404
    let r = s.get(&single, &t2).await;
    assert_eq!(
        (r.status, r.body["detail"].as_str()),
        (401, Some(prohibited))
    );
    let r = s.get("/api/v1/chats/stats/export/no-such-chat", &t2).await;
    assert_eq!(r.status, 404);
    assert_eq!(r.body["detail"], owui::error::msg::NOT_FOUND);
    // an admin reads anyone's (admin chat access is on by default)
    let r = s.get(&single, &admin).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["user_id"], uid);

    // community sharing off: non-admins get 401, admins still export
    set_sharing(&s, false);
    for path in [
        "/api/v1/chats/stats/export",
        "/api/v1/chats/stats/export?stream=true",
        single.as_str(),
        "/api/v1/chats/stats/export/no-such-chat",
    ] {
        let r = s.get(path, &t).await;
        assert_eq!(
            (r.status, r.body["detail"].as_str()),
            (401, Some(prohibited)),
            "{path}"
        );
    }
    assert_eq!(
        s.get("/api/v1/chats/stats/export", &admin).await.status,
        200
    );
    assert_eq!(s.get(&single, &admin).await.status, 200);
    // usage is not gated
    assert_eq!(s.get("/api/v1/chats/stats/usage", &t).await.status, 200);

    set_sharing(&s, true);
    assert_eq!(s.get(&single, &t).await.status, 200);
    let r = s.get("/api/v1/chats/stats/export", &t).await;
    assert_eq!(r.body["total"], 1);
    // only the caller's own chats are listed
    let r = s.get("/api/v1/chats/stats/export", &t2).await;
    assert_eq!(r.body["total"], 0);
}

#[tokio::test]
async fn admin_without_chat_access_cannot_export_others() {
    let s = common::start_with(|c| c.set("ENABLE_ADMIN_CHAT_ACCESS", "false"), None).await;
    let (admin, _) = s.signup("Root", "root@example.com", "pw-0").await;
    let (t, _) = s.add_user(&admin, "Ada", "ada@example.com", "user").await;
    let id = new_chat(&s, &t, branched()).await;
    let r = s
        .get(&format!("/api/v1/chats/stats/export/{id}"), &admin)
        .await;
    assert_eq!(r.status, 401);
    assert_eq!(r.body["detail"], owui::error::msg::ACCESS_PROHIBITED);
}

#[tokio::test]
async fn single_export_repairs_the_current_leaf_as_upstreams_get_by_id() {
    let s = start().await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let mut body = branched();
    body["chat"]["history"]["currentId"] = json!("m1");
    let id = new_chat(&s, &t, body).await;
    // the list reads the document as stored
    let r = s.get("/api/v1/chats/stats/export", &t).await;
    assert_eq!(r.body["items"][0]["chat"]["history"]["currentId"], "m1");
    assert_eq!(r.body["items"][0]["stats"]["message_count"], 1);
    assert_eq!(r.body["items"][0]["stats"]["models"], json!({}));
    let r = s.get("/api/v1/chats/stats/usage", &t).await;
    assert_eq!(r.body["items"][0]["message_count"], 1);
    assert_eq!(r.body["items"][0]["last_message_at"], 100);
    // by id: walked down the last children to the leaf
    let r = s.get(&format!("/api/v1/chats/stats/export/{id}"), &t).await;
    assert_eq!(r.body["chat"]["history"]["currentId"], "m5");
    assert_eq!(r.body["stats"]["message_count"], 4);
    assert_eq!(r.body["stats"]["models"], json!({"b": 2}));
}
