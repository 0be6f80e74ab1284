//! `/api/v1/evaluations` over loopback: rating answers, listings, the
//! leaderboard and the arena settings.

use crate::common::{Auth, Resp, Server, keys, start};
use serde_json::{Value, json};

const NOT_FOUND: &str = "We could not find what you're looking for :/";
const PROHIBITED: &str = "You do not have permission to access this resource. Please contact your administrator for assistance.";
const NOT_AUTHENTICATED: &str = "Not authenticated";

fn detail(r: &Resp) -> &str {
    r.body["detail"].as_str().unwrap_or("")
}

async fn call(s: &Server, m: &str, path: &str, t: &str, body: Option<Value>) -> Resp {
    s.call(m, path, Auth::Bearer(t), body).await
}

struct People {
    admin: String,
    alice: (String, String),
    bob: (String, String),
    pending: String,
}

async fn people(s: &Server) -> People {
    let (admin, _) = s.signup("Admin", "admin@example.com", "pw-admin").await;
    let alice = s
        .add_user(&admin, "Alice", "alice@example.com", "user")
        .await;
    let bob = s.add_user(&admin, "Bob", "bob@example.com", "user").await;
    let (pending, _) = s
        .add_user(&admin, "Pat", "pat@example.com", "pending")
        .await;
    People {
        admin,
        alice,
        bob,
        pending,
    }
}

/// The body the web UI sends when a user rates an answer.
fn rating(model: &str, siblings: &[&str], r: Value, tags: &[&str]) -> Value {
    json!({
        "type": "rating",
        "data": {
            "rating": r,
            "model_id": model,
            "sibling_model_ids": siblings,
            "reason": "",
            "comment": "",
            "tags": tags,
            "details": {"rating": 8}
        },
        "meta": {
            "arena": false,
            "model_id": model,
            "message_id": "msg-1",
            "message_index": 2,
            "chat_id": "chat-1",
            "base_models": {model: null}
        },
        "snapshot": {"chat": {"id": "chat-1", "chat": {"title": "Hello"}}}
    })
}

#[tokio::test]
async fn rate_list_update_delete() {
    let s = start().await;
    let p = people(&s).await;
    let (alice, alice_id) = (&p.alice.0, &p.alice.1);
    let bob = &p.bob.0;

    let mut body = rating("gpt-4o", &["llama3"], json!(1), &["code"]);
    body["id"] = json!("chosen-id");
    body["user_id"] = json!("someone");
    body["version"] = json!(7);
    let r = s.post("/api/v1/evaluations/feedback", alice, body).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        keys(&r.body),
        [
            "id",
            "user_id",
            "version",
            "type",
            "data",
            "meta",
            "snapshot",
            "created_at",
            "updated_at"
        ]
    );
    let id = r.body["id"].as_str().unwrap().to_string();
    assert_ne!(id, "chosen-id");
    assert_eq!(r.body["user_id"], json!(alice_id));
    assert_eq!(r.body["version"], 0);
    assert_eq!(r.body["type"], "rating");
    assert_eq!(
        keys(&r.body["data"]),
        [
            "rating",
            "model_id",
            "sibling_model_ids",
            "reason",
            "comment",
            "tags",
            "details"
        ]
    );
    assert_eq!(r.body["data"]["details"], json!({"rating": 8}));
    assert_eq!(r.body["meta"]["chat_id"], "chat-1");
    assert_eq!(r.body["snapshot"]["chat"]["chat"]["title"], "Hello");

    // a minimal body: data fields default to null, snapshot absent
    let r = s
        .post(
            "/api/v1/evaluations/feedback",
            bob,
            json!({"type": "rating", "data": {"rating": "-1", "model_id": "llama3"}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body["data"],
        json!({"rating": "-1", "model_id": "llama3", "sibling_model_ids": null, "reason": null, "comment": null})
    );
    assert_eq!(
        (&r.body["meta"], &r.body["snapshot"]),
        (&json!(null), &json!(null))
    );
    let bobs = r.body["id"].as_str().unwrap().to_string();

    // bad bodies
    for bad in [
        json!({"data": {}}),
        json!({"type": "rating", "data": {"rating": 1.5}}),
        json!({"type": "rating", "data": {"sibling_model_ids": "x"}}),
        json!({"type": "rating", "meta": []}),
    ] {
        let r = s
            .post("/api/v1/evaluations/feedback", alice, bad.clone())
            .await;
        assert_eq!(r.status, 422, "{bad}: {}", r.body);
    }

    // reading: the author and admins; anyone else is told it does not exist
    let path = format!("/api/v1/evaluations/feedback/{id}");
    assert_eq!(s.get(&path, alice).await.status, 200);
    assert_eq!(s.get(&path, &p.admin).await.status, 200);
    let r = s.get(&path, bob).await;
    assert_eq!((r.status, detail(&r)), (404, NOT_FOUND));
    let r = s
        .post(
            &path,
            bob,
            json!({"type": "rating", "data": {"rating": -1}}),
        )
        .await;
    assert_eq!((r.status, detail(&r)), (404, NOT_FOUND));
    let r = call(&s, "DELETE", &path, bob, None).await;
    assert_eq!((r.status, detail(&r)), (404, NOT_FOUND));
    let r = s
        .get("/api/v1/evaluations/feedback/no-such-id", alice)
        .await;
    assert_eq!((r.status, detail(&r)), (404, NOT_FOUND));

    // updating: data replaced, empty meta ignored, type kept
    let before = s.get(&path, alice).await.body;
    let r = s
        .post(
            &path,
            alice,
            json!({"type": "other", "data": {"rating": -1, "model_id": "gpt-4o", "reason": "wrong", "comment": "meh"}, "meta": {}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["type"], "rating");
    assert_eq!(
        r.body["data"],
        json!({"rating": -1, "model_id": "gpt-4o", "sibling_model_ids": null, "reason": "wrong", "comment": "meh"})
    );
    assert_eq!(r.body["meta"], before["meta"]);
    assert_eq!(r.body["snapshot"], before["snapshot"]);
    assert_eq!(r.body["created_at"], before["created_at"]);
    // an admin may change anyone's
    let r = s
        .post(
            &path,
            &p.admin,
            json!({"type": "rating", "meta": {"chat_id": "other"}}),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["meta"], json!({"chat_id": "other"}));
    assert_eq!(r.body["data"]["reason"], "wrong");

    // the caller's own list: no snapshot, the author attached
    let r = s.get("/api/v1/evaluations/feedbacks/user", alice).await;
    assert_eq!(r.status, 200);
    assert_eq!(keys(&r.body), ["items", "total"]);
    assert_eq!(r.body["total"], 1);
    let item = &r.body["items"][0];
    assert_eq!(
        keys(item),
        [
            "id",
            "user_id",
            "version",
            "type",
            "data",
            "meta",
            "created_at",
            "updated_at",
            "user"
        ]
    );
    assert_eq!(
        keys(&item["user"]),
        [
            "id",
            "name",
            "email",
            "role",
            "last_active_at",
            "updated_at",
            "created_at"
        ]
    );
    assert_eq!(item["user"]["name"], "Alice");
    let r = s
        .get("/api/v1/evaluations/feedbacks/user?page=2", alice)
        .await;
    assert_eq!(
        (r.body["total"].clone(), r.body["items"].clone()),
        (json!(1), json!([]))
    );

    // the admin's list, filters and orders
    let r = s.get("/api/v1/evaluations/feedbacks/list", &p.admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["total"], 2);
    let r = s
        .get(
            "/api/v1/evaluations/feedbacks/list?order_by=username&direction=asc",
            &p.admin,
        )
        .await;
    let names: Vec<_> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["user"]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Alice", "Bob"]);
    let r = s
        .get(
            "/api/v1/evaluations/feedbacks/list?order_by=username&direction=desc",
            &p.admin,
        )
        .await;
    assert_eq!(r.body["items"][0]["user"]["name"], "Bob");
    let r = s
        .get(
            "/api/v1/evaluations/feedbacks/list?model_id=llama3",
            &p.admin,
        )
        .await;
    assert_eq!(r.body["total"], 1);
    assert_eq!(r.body["items"][0]["id"], json!(bobs));

    let r = s
        .get("/api/v1/evaluations/feedbacks/models", &p.admin)
        .await;
    assert_eq!(r.body, json!(["gpt-4o", "llama3"]));
    let r = s
        .get("/api/v1/evaluations/feedbacks/all/ids", &p.admin)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body.as_array().unwrap().len(), 2);
    assert_eq!(
        keys(&r.body[0]),
        ["id", "user_id", "created_at", "updated_at"]
    );
    let r = s
        .get("/api/v1/evaluations/feedbacks/all/export", &p.admin)
        .await;
    assert_eq!(r.body.as_array().unwrap().len(), 2);
    assert!(r.body[0].get("snapshot").is_some());
    let r = s
        .get(
            "/api/v1/evaluations/feedbacks/all/export?model_id=gpt-4o",
            &p.admin,
        )
        .await;
    assert_eq!(r.body.as_array().unwrap().len(), 1);
    assert_eq!(r.body[0]["id"], json!(id));

    // deleting: one's own, then all of one's own
    let r = call(&s, "DELETE", &path, alice, None).await;
    assert_eq!((r.status, &r.body), (200, &json!(true)));
    assert_eq!(s.get(&path, alice).await.status, 404);
    let r = call(&s, "DELETE", "/api/v1/evaluations/feedbacks", alice, None).await;
    assert_eq!((r.status, &r.body), (200, &json!(false)));
    let r = call(&s, "DELETE", "/api/v1/evaluations/feedbacks", bob, None).await;
    assert_eq!((r.status, &r.body), (200, &json!(true)));
    let r = s.get("/api/v1/evaluations/feedbacks/user", bob).await;
    assert_eq!(r.body["total"], 0);

    // an admin deletes another's, and everything
    let r = s
        .post(
            "/api/v1/evaluations/feedback",
            bob,
            rating("m", &[], json!(1), &[]),
        )
        .await;
    let other = format!(
        "/api/v1/evaluations/feedback/{}",
        r.body["id"].as_str().unwrap()
    );
    let r = call(&s, "DELETE", &other, &p.admin, None).await;
    assert_eq!((r.status, &r.body), (200, &json!(true)));
    s.post(
        "/api/v1/evaluations/feedback",
        bob,
        rating("m", &[], json!(1), &[]),
    )
    .await;
    let r = call(
        &s,
        "DELETE",
        "/api/v1/evaluations/feedbacks/all",
        &p.admin,
        None,
    )
    .await;
    assert_eq!((r.status, &r.body), (200, &json!(true)));
    let r = call(
        &s,
        "DELETE",
        "/api/v1/evaluations/feedbacks/all",
        &p.admin,
        None,
    )
    .await;
    assert_eq!((r.status, &r.body), (200, &json!(false)));
}

/// Every route, with a body where one is needed.
fn routes(id: &str) -> Vec<(&'static str, String, Option<Value>, bool)> {
    let fb = json!({"type": "rating"});
    vec![
        ("GET", "/api/v1/evaluations/leaderboard".into(), None, true),
        (
            "GET",
            "/api/v1/evaluations/leaderboard/m/history".into(),
            None,
            true,
        ),
        ("GET", "/api/v1/evaluations/config".into(), None, true),
        (
            "POST",
            "/api/v1/evaluations/config".into(),
            Some(json!({})),
            true,
        ),
        (
            "GET",
            "/api/v1/evaluations/feedbacks/models".into(),
            None,
            true,
        ),
        (
            "GET",
            "/api/v1/evaluations/feedbacks/all/ids".into(),
            None,
            true,
        ),
        (
            "GET",
            "/api/v1/evaluations/feedbacks/all/export".into(),
            None,
            true,
        ),
        (
            "GET",
            "/api/v1/evaluations/feedbacks/list".into(),
            None,
            true,
        ),
        (
            "DELETE",
            "/api/v1/evaluations/feedbacks/all".into(),
            None,
            true,
        ),
        (
            "GET",
            "/api/v1/evaluations/feedbacks/user".into(),
            None,
            false,
        ),
        (
            "DELETE",
            "/api/v1/evaluations/feedbacks".into(),
            None,
            false,
        ),
        (
            "POST",
            "/api/v1/evaluations/feedback".into(),
            Some(fb.clone()),
            false,
        ),
        (
            "GET",
            format!("/api/v1/evaluations/feedback/{id}"),
            None,
            false,
        ),
        (
            "POST",
            format!("/api/v1/evaluations/feedback/{id}"),
            Some(fb),
            false,
        ),
        (
            "DELETE",
            format!("/api/v1/evaluations/feedback/{id}"),
            None,
            false,
        ),
    ]
}

#[tokio::test]
async fn refusals() {
    let s = start().await;
    let p = people(&s).await;
    let r = s
        .post(
            "/api/v1/evaluations/feedback",
            &p.alice.0,
            rating("m", &["n"], json!(1), &[]),
        )
        .await;
    let id = r.body["id"].as_str().unwrap().to_string();
    for (m, path, body, admin_only) in routes(&id) {
        let r = s.call(m, &path, Auth::None, body.clone()).await;
        assert_eq!(
            (r.status, detail(&r)),
            (401, NOT_AUTHENTICATED),
            "anonymous {m} {path}"
        );
        let r = call(&s, m, &path, &p.pending, body.clone()).await;
        assert_eq!(
            (r.status, detail(&r)),
            (401, PROHIBITED),
            "pending {m} {path}"
        );
        if admin_only {
            let r = call(&s, m, &path, &p.bob.0, body.clone()).await;
            assert_eq!((r.status, detail(&r)), (401, PROHIBITED), "user {m} {path}");
        }
    }
    // nothing above reached alice's feedback
    let r = s
        .get(&format!("/api/v1/evaluations/feedback/{id}"), &p.alice.0)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["data"]["rating"], 1);
}

#[tokio::test]
async fn leaderboard_on_known_comparisons() {
    let s = start().await;
    let p = people(&s).await;
    let (a, b) = (&p.alice.0, &p.bob.0);
    // Elo by upstream's formula (K 32, scale 400, start 1000), in order:
    // A beats B; A loses to B and C; C beats B; a 0 rating (skipped); a
    // single-model rating (no match); B loses to C.
    for (t, body) in [
        (a, rating("A", &["B"], json!(1), &["code", "math"])),
        (b, rating("A", &["B", "C"], json!(-1), &["code"])),
        (a, rating("C", &["B"], json!("1"), &["poem"])),
        (b, rating("B", &["A"], json!(0), &[])),
        (a, rating("org/D", &[], json!(1), &["solo"])),
        (b, rating("B", &["C"], json!(-1), &[])),
    ] {
        let r = s.post("/api/v1/evaluations/feedback", t, body).await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    // A 982.598171113783, B 972.2019264298855, C 1045.1999024563315
    let want = json!({"entries": [
        {"model_id": "C", "rating": 1045, "won": 3, "lost": 0, "count": 3, "top_tags": [{"tag": "poem", "count": 1}]},
        {"model_id": "A", "rating": 983, "won": 1, "lost": 2, "count": 3,
         "top_tags": [{"tag": "code", "count": 2}, {"tag": "math", "count": 1}]},
        {"model_id": "B", "rating": 972, "won": 1, "lost": 3, "count": 4, "top_tags": []}
    ]});
    let r = s.get("/api/v1/evaluations/leaderboard", &p.admin).await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body, want);
    // no embedding model: a topic query weighs every rating the same
    let r = s
        .get("/api/v1/evaluations/leaderboard?query=code", &p.admin)
        .await;
    assert_eq!(r.body, want);

    // history: the rated model's own wins and losses, one entry per day
    let r = s
        .get("/api/v1/evaluations/leaderboard/A/history?days=7", &p.admin)
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["model_id"], "A");
    let h = r.body["history"].as_array().unwrap();
    assert_eq!(h.len(), 7);
    assert_eq!((&h[6]["won"], &h[6]["lost"]), (&json!(1), &json!(1)));
    assert!(h[..6].iter().all(|d| d["won"] == 0 && d["lost"] == 0));
    let today = h[6]["date"].as_str().unwrap().to_string();
    assert_eq!(today.len(), 10);
    let r = s
        .get("/api/v1/evaluations/leaderboard/A/history", &p.admin)
        .await;
    assert_eq!(r.body["history"].as_array().unwrap().len(), 30);
    let r = s
        .get(
            "/api/v1/evaluations/leaderboard/org/D/history?days=0",
            &p.admin,
        )
        .await;
    assert_eq!(
        r.body,
        json!({"model_id": "org/D", "history": [{"date": today, "won": 1, "lost": 0}]})
    );
    let r = s
        .get(
            "/api/v1/evaluations/leaderboard/nobody/history?days=0",
            &p.admin,
        )
        .await;
    assert_eq!(r.body["history"], json!([]));
    let r = s
        .get("/api/v1/evaluations/leaderboard/A/other", &p.admin)
        .await;
    assert_eq!(r.status, 404);
}

#[tokio::test]
async fn arena_config_and_message_rating_flag() {
    let s = start().await;
    let p = people(&s).await;
    let r = s.get("/api/v1/evaluations/config", &p.admin).await;
    assert_eq!(
        r.body,
        json!({"ENABLE_EVALUATION_ARENA_MODELS": false, "EVALUATION_ARENA_MODELS": []})
    );
    let arena = json!([{"id": "arena-1", "name": "Arena", "meta": {"model_ids": ["a", "b"]}}]);
    let r = s
        .post(
            "/api/v1/evaluations/config",
            &p.admin,
            json!({"ENABLE_EVALUATION_ARENA_MODELS": true, "EVALUATION_ARENA_MODELS": arena}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        r.body,
        json!({"ENABLE_EVALUATION_ARENA_MODELS": true, "EVALUATION_ARENA_MODELS": arena})
    );
    // only the fields given are written
    let r = s
        .post(
            "/api/v1/evaluations/config",
            &p.admin,
            json!({"ENABLE_EVALUATION_ARENA_MODELS": false}),
        )
        .await;
    assert_eq!(r.body["EVALUATION_ARENA_MODELS"], arena);
    assert_eq!(r.body["ENABLE_EVALUATION_ARENA_MODELS"], false);
    let r = s
        .post(
            "/api/v1/evaluations/config",
            &p.admin,
            json!({"EVALUATION_ARENA_MODELS": "x"}),
        )
        .await;
    assert_eq!(r.status, 422);

    let r = s.get("/api/config", &p.alice.0).await;
    assert_eq!(r.body["features"]["enable_message_rating"], true);
}
