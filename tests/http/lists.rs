//! The lists every page load asks for: `/api/v1/tools/`,
//! `/api/v1/functions/` and `/api/v1/channels/`, over loopback, with rows
//! put straight into the tables.

use crate::common::{Auth, Server, keys, start};
use owui::error::msg::ACCESS_PROHIBITED;
use serde_json::{Value, json};

struct People {
    admin: (String, String),
    user: (String, String),
    other: (String, String),
    pending: String,
}

async fn people(s: &Server) -> People {
    let admin = s.signup("Admin", "admin@example.com", "pw-1").await;
    let user = s.add_user(&admin.0, "Ada", "ada@example.com", "user").await;
    let other = s.add_user(&admin.0, "Bob", "bob@example.com", "user").await;
    let (pending, _) = s
        .add_user(&admin.0, "Pen", "pen@example.com", "pending")
        .await;
    People {
        admin,
        user,
        other,
        pending,
    }
}

fn sql(s: &Server, statement: &str, params: &[&str]) {
    s.cx.db
        .write(|tx| {
            tx.execute(statement, rusqlite::params_from_iter(params.iter()))?;
            Ok(())
        })
        .unwrap();
}

fn grant(s: &Server, rt: &str, rid: &str, pt: &str, pid: &str, perm: &str) {
    let id = format!("g-{rt}-{rid}-{pid}-{perm}");
    sql(
        s,
        "INSERT INTO access_grant (id, resource_type, resource_id, principal_type, principal_id, permission, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1700000000)",
        &[&id, rt, rid, pt, pid, perm],
    );
}

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not a list: {v}"))
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_string())
        .collect()
}

async fn group_with(s: &Server, admin: &str, name: &str, member: &str) -> String {
    let r = s
        .post(
            "/api/v1/groups/create",
            admin,
            json!({"name": name, "description": ""}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let id = r.body["id"].as_str().unwrap().to_string();
    let r = s
        .post(
            &format!("/api/v1/groups/id/{id}/users/add"),
            admin,
            json!({"user_ids": [member]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    id
}

#[tokio::test]
async fn the_lists_are_empty_on_a_fresh_database() {
    let s = start().await;
    let p = people(&s).await;
    for t in [&p.admin.0, &p.user.0] {
        assert_eq!(s.get("/api/v1/tools/", t).await.body, json!([]));
        assert_eq!(s.get("/api/v1/functions/", t).await.body, json!([]));
        let r = s.get("/api/v1/channels/", t).await;
        assert_eq!(
            (r.status, &r.body),
            (403, &json!({"detail": "Channels is disabled"}))
        );
    }
    // anonymous and pending callers are refused
    for path in ["/api/v1/tools/", "/api/v1/functions/", "/api/v1/channels/"] {
        let r = s.call("GET", path, Auth::None, None).await;
        assert_eq!(r.status, 401, "{path}");
        let r = s.get(path, &p.pending).await;
        assert_eq!(
            (r.status, r.body["detail"].as_str()),
            (401, Some(ACCESS_PROHIBITED)),
            "{path}"
        );
    }
    // stored as an older database may have it: `set` refuses to turn on
    // a feature owui does not run
    owui::core::configs::save(
        &s.cx,
        &std::collections::BTreeMap::from([("channels.enable".to_string(), json!(true))]),
    )
    .unwrap();
    assert_eq!(s.get("/api/v1/channels/", &p.user.0).await.body, json!([]));
    // the feature flags the frontend reads stay off
    let c = s.get("/api/config", &p.user.0).await;
    assert_eq!(c.body["features"]["enable_channels"], json!(false));
}

#[tokio::test]
async fn tools_are_listed_to_their_readers() {
    let s = start().await;
    let p = people(&s).await;
    let (ada, ada_id) = (&p.user.0, &p.user.1);
    let bob_id = &p.other.1;
    let team = group_with(&s, &p.admin.0, "team", ada_id).await;
    let tool = |id: &str, owner: &str, at: &str, meta: &str| {
        sql(
            &s,
            "INSERT INTO tool (id, user_id, name, content, specs, meta, valves, updated_at, created_at) \
             VALUES (?1, ?2, ?3, 'class Tools: pass', '[{\"name\": \"f\"}]', ?4, NULL, ?5, ?5)",
            &[id, owner, &format!("Tool {id}"), meta, at],
        )
    };
    tool("mine", ada_id, "100", r#"{"description": "my tool"}"#);
    tool("bobs_private", bob_id, "200", "{}");
    tool(
        "bobs_public",
        bob_id,
        "300",
        r#"{"has_user_valves": true, "extra": 1}"#,
    );
    tool("team_tool", bob_id, "400", "{}");
    tool("bobs_written", bob_id, "500", "{}");
    grant(&s, "tool", "bobs_public", "user", "*", "read");
    grant(&s, "tool", "team_tool", "group", &team, "read");
    // a write grant alone does not list it (upstream filters on `read`)
    grant(&s, "tool", "bobs_written", "user", ada_id, "write");

    let r = s.get("/api/v1/tools/", ada).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(ids(&r.body), ["team_tool", "bobs_public", "mine"]);
    let public = &r.body[1];
    assert_eq!(
        keys(public),
        [
            "version_id",
            "id",
            "user_id",
            "name",
            "meta",
            "access_grants",
            "updated_at",
            "created_at",
            "user",
            "content",
            "specs",
            "has_user_valves"
        ]
    );
    assert_eq!(
        public["meta"],
        json!({"i18n": null, "description": null, "manifest": {}, "has_user_valves": true, "extra": 1})
    );
    assert_eq!(public["has_user_valves"], json!(true));
    assert_eq!(public["content"], Value::Null);
    assert_eq!(public["specs"], json!([{"name": "f"}]));
    assert_eq!(
        public["user"],
        json!({"id": bob_id, "name": "Bob", "role": "user", "email": "bob@example.com"})
    );
    assert_eq!(public["access_grants"][0]["principal_id"], "*");
    assert_eq!(keys(&public["access_grants"][0]).len(), 7);

    // another user without grants sees only the public one
    let r = s.get("/api/v1/tools/", &p.other.0).await;
    assert_eq!(
        ids(&r.body),
        ["bobs_written", "team_tool", "bobs_public", "bobs_private"]
    );
    let (carl, _) = s
        .add_user(&p.admin.0, "Carl", "carl@example.com", "user")
        .await;
    assert_eq!(
        ids(&s.get("/api/v1/tools/", &carl).await.body),
        ["bobs_public"]
    );
    // admins see everything; `query` filters by name
    let r = s.get("/api/v1/tools/", &p.admin.0).await;
    assert_eq!(r.body.as_array().unwrap().len(), 5);
    let r = s.get("/api/v1/tools/?query=TOOL%20M", ada).await;
    assert_eq!(ids(&r.body), ["mine"]);
}

#[tokio::test]
async fn functions_are_listed_to_every_verified_user() {
    let s = start().await;
    let p = people(&s).await;
    sql(
        &s,
        "INSERT INTO function (id, user_id, name, type, content, meta, valves, is_active, is_global, updated_at, created_at) \
         VALUES ('a_pipe', ?1, 'A pipe', 'pipe', 'class Pipe: pass', '{\"description\": \"d\", \"toggle\": true}', '{\"k\": 1}', 1, 0, 10, 10), \
                ('a_filter', ?1, 'A filter', 'filter', 'class Filter: pass', NULL, NULL, 0, 1, 20, 20)",
        &[&p.admin.1],
    );
    let r = s.get("/api/v1/functions/", &p.user.0).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(ids(&r.body), ["a_pipe", "a_filter"]);
    assert_eq!(
        keys(&r.body[0]),
        [
            "version_id",
            "id",
            "user_id",
            "type",
            "name",
            "meta",
            "is_active",
            "is_global",
            "updated_at",
            "created_at"
        ]
    );
    assert_eq!(
        r.body[0]["meta"],
        json!({"description": "d", "manifest": {}, "toggle": true})
    );
    assert_eq!(r.body[0]["is_active"], json!(true));
    assert_eq!(r.body[1]["is_global"], json!(true));
    assert_eq!(
        r.body[1]["meta"],
        json!({"description": null, "manifest": {}})
    );
    // neither the source nor the valves are sent
    assert!(r.body[0].get("content").is_none() && r.body[0].get("valves").is_none());
}

#[tokio::test]
async fn channels_list_memberships_and_readable_standard_channels() {
    let s = start().await;
    let p = people(&s).await;
    // stored as an older database may have it: `set` refuses to turn on
    // a feature owui does not run
    owui::core::configs::save(
        &s.cx,
        &std::collections::BTreeMap::from([("channels.enable".to_string(), json!(true))]),
    )
    .unwrap();
    let (ada, ada_id) = (&p.user.0, &p.user.1);
    let bob_id = &p.other.1;
    let admin_id = &p.admin.1;
    let channel = |id: &str, owner: &str, kind: Option<&str>, extra: &str| {
        sql(
            &s,
            &format!(
                "INSERT INTO channel (id, user_id, type, name, description, is_private, data, meta, created_at, updated_at{}) \
                 VALUES (?1, ?2, ?3, ?1, NULL, NULL, NULL, NULL, 1700000000000000000, 1700000000000000001{})",
                if extra.is_empty() {
                    ""
                } else {
                    ", archived_at"
                },
                if extra.is_empty() { "" } else { ", 5" }
            ),
            &[id, owner, kind.unwrap_or("")],
        )
    };
    let member = |cid: &str, uid: &str, active: &str, last_read: Option<&str>, muted: &str| {
        sql(
            &s,
            "INSERT INTO channel_member (id, channel_id, user_id, role, status, is_active, is_channel_muted, last_read_at, created_at, updated_at) \
             VALUES (?1, ?2, ?3, NULL, 'joined', ?4, ?5, ?6, 1, 1)",
            &[
                &format!("m-{cid}-{uid}"),
                cid,
                uid,
                active,
                muted,
                last_read.unwrap_or("0"),
            ],
        )
    };
    channel("general", admin_id, None, "");
    grant(&s, "channel", "general", "user", "*", "read");
    channel("secret", admin_id, None, "");
    channel("old", admin_id, None, "archived");
    grant(&s, "channel", "old", "user", "*", "read");
    channel("crew", bob_id, Some("group"), "");
    member("crew", ada_id, "1", Some("100"), "1");
    member("crew", bob_id, "1", None, "0");
    channel("chat", bob_id, Some("dm"), "");
    member("chat", ada_id, "1", None, "0");
    member("chat", bob_id, "1", None, "0");
    channel("closed", bob_id, Some("dm"), "");
    member("closed", ada_id, "0", None, "0");
    member("closed", bob_id, "1", None, "0");
    let msg = |id: &str, cid: &str, uid: &str, parent: Option<&str>, at: &str| {
        sql(
            &s,
            "INSERT INTO message (id, user_id, channel_id, parent_id, content, created_at, updated_at) \
             VALUES (?1, ?2, ?3, NULLIF(?4, ''), 'hi', ?5, ?5)",
            &[id, uid, cid, parent.unwrap_or(""), at],
        )
    };
    msg("m1", "crew", bob_id, None, "50");
    msg("m2", "crew", bob_id, None, "150");
    msg("m3", "crew", ada_id, None, "160");
    msg("m4", "crew", bob_id, Some("m2"), "170");

    let r = s.get("/api/v1/channels/", ada).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(ids(&r.body), ["crew", "chat", "general"]);
    assert_eq!(
        keys(&r.body[0]),
        [
            "id",
            "user_id",
            "type",
            "name",
            "description",
            "is_private",
            "data",
            "meta",
            "access_grants",
            "created_at",
            "updated_at",
            "updated_by",
            "archived_at",
            "archived_by",
            "deleted_at",
            "deleted_by",
            "is_channel_muted",
            "user_ids",
            "users",
            "last_message_at",
            "unread_count"
        ]
    );
    let crew = &r.body[0];
    assert_eq!(crew["unread_count"], 1);
    assert_eq!(crew["last_message_at"], 170);
    assert_eq!(crew["is_channel_muted"], true);
    assert_eq!(crew["users"], Value::Null);
    let chat = &r.body[1];
    assert_eq!(chat["user_ids"], json!([ada_id, bob_id]));
    assert_eq!(
        keys(&chat["users"][0]),
        [
            "status_emoji",
            "status_message",
            "status_expires_at",
            "id",
            "name",
            "is_active"
        ]
    );
    let general = &r.body[2];
    assert_eq!(general["type"], "");
    assert_eq!(general["created_at"], json!(1700000000000000000i64));
    assert_eq!(general["access_grants"][0]["principal_id"], "*");
    assert_eq!(general["unread_count"], 0);

    // admins get no bypass here: their own standard channels and grants
    let r = s.get("/api/v1/channels/", &p.admin.0).await;
    assert_eq!(ids(&r.body), ["general", "secret"]);

    // without `features.channels`, users get upstream's 401
    let d = s.get("/api/v1/users/default/permissions", &p.admin.0).await;
    let mut d = d.body;
    d["features"]["channels"] = json!(false);
    let r = s
        .post("/api/v1/users/default/permissions", &p.admin.0, d)
        .await;
    assert_eq!(r.status, 200);
    let r = s.get("/api/v1/channels/", ada).await;
    assert_eq!(
        (r.status, &r.body),
        (401, &json!({"detail": "401 Unauthorized"}))
    );
    assert_eq!(s.get("/api/v1/channels/", &p.admin.0).await.status, 200);
}
