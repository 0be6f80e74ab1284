//! The HTTP API over real loopback connections: status codes, JSON shapes
//! (field names as captured from Open WebUI 0.12.4) and side effects.

use crate::common::{self, Auth, keys, sample_keys, start};
use serde_json::{Value, json};

#[tokio::test]
async fn health_version_and_errors() {
    let s = start().await;
    for p in ["/health", "/ready", "/health/db"] {
        let r = s.call("GET", p, Auth::None, None).await;
        assert_eq!(
            (r.status, r.body.clone()),
            (200, json!({"status": true})),
            "{p}"
        );
    }
    let v = s.call("GET", "/api/version", Auth::None, None).await;
    assert_eq!(v.body["version"], "0.12.4");
    assert_eq!(v.body["deployment_id"], "");
    assert_eq!(v.body["owui_version"], env!("CARGO_PKG_VERSION"));
    assert!(v.headers.contains_key("x-process-time"));
    // no frontend: unknown paths are 404, wrong methods 405, both as {"detail"}
    let r = s.call("GET", "/api/v1/nope", Auth::None, None).await;
    assert_eq!((r.status, r.body), (404, json!({"detail": "Not Found"})));
    let r = s.call("DELETE", "/api/config", Auth::None, None).await;
    assert_eq!(
        (r.status, r.body),
        (405, json!({"detail": "Method Not Allowed"}))
    );
}

#[tokio::test]
async fn config_shapes_signed_out_pending_and_signed_in() {
    let s = start().await;
    let out = s.call("GET", "/api/config", Auth::None, None).await;
    assert_eq!(keys(&out.body), sample_keys("config_signed_out.json"));
    assert_eq!(out.body["onboarding"], true);
    assert_eq!(
        keys(&out.body["features"]),
        vec![
            "slim",
            "auth",
            "auth_trusted_header",
            "enable_signup_password_confirmation",
            "enable_ldap",
            "enable_signup",
            "enable_login_form",
            "enable_websocket"
        ]
    );
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let out = s.call("GET", "/api/config", Auth::None, None).await;
    assert!(out.body.get("onboarding").is_none());
    assert_eq!(out.body["features"]["enable_signup"], false);
    // a bad token is just "signed out"
    let bad = s
        .call("GET", "/api/config", Auth::Bearer("garbage"), None)
        .await;
    assert_eq!(bad.status, 200);
    assert!(bad.body.get("permissions").is_none());

    let signed = s.get("/api/config", &admin).await;
    let sample: Value =
        serde_json::from_str(include_str!("../samples/config_signed_in.json")).unwrap();
    assert_eq!(keys(&signed.body), keys(&sample));
    assert_eq!(keys(&signed.body["features"]), keys(&sample["features"]));
    assert_eq!(keys(&signed.body["ui"]), keys(&sample["ui"]));
    assert_eq!(signed.body["permissions"], sample["permissions"]);
    // areas not built yet are switched off
    for f in ["enable_channels", "enable_notes"] {
        assert_eq!(signed.body["features"][f], false, "{f}");
    }
    assert_eq!(signed.body["features"]["enable_memories"], true);
    assert_eq!(signed.body["features"]["enable_folders"], true);
    // via the cookie too
    let by_cookie = s
        .call("GET", "/api/config", Auth::Cookie(&admin), None)
        .await;
    assert!(by_cookie.body.get("permissions").is_some());

    let (pending, _) = s
        .add_user(&admin, "Pat", "pat@example.com", "pending")
        .await;
    let p = s.get("/api/config", &pending).await;
    assert!(p.body.get("permissions").is_none());
    assert_eq!(
        keys(&p.body["ui"]),
        vec!["pending_user_overlay_title", "pending_user_overlay_content"]
    );
    assert_eq!(keys(&p.body["features"]), keys(&sample["features"]));
}

#[tokio::test]
async fn config_reports_what_runs() {
    let s = start().await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let f = |c: &Value, k: &str| c["features"][k].clone();
    let c = s.get("/api/config", &admin).await.body;
    // the task model's work runs: reported from its settings
    for (k, on) in [
        ("enable_title_generation", true),
        ("enable_tags_generation", true),
        ("enable_follow_up_generation", true),
        ("enable_autocomplete_generation", false),
    ] {
        assert_eq!(f(&c, k), on, "{k}");
    }
    // no analytics routes: the admin pages must not ask for them
    assert_eq!(f(&c, "enable_admin_analytics"), false);
    // speech runs in the browser: no server transcription, speech or calls
    let audio = json!({
        "realtime": {"enabled": false, "model": "gpt-realtime-2.1-mini", "voice": "marin"},
        "tts": {"engine": "", "voice": "alloy", "split_on": "punctuation"},
        "stt": {"engine": "web"},
    });
    assert_eq!(c["audio"], audio);

    // switched over in the task settings, the flags follow
    let mut t = s.get("/api/v1/tasks/config", &admin).await.body;
    t["ENABLE_TITLE_GENERATION"] = json!(false);
    t["ENABLE_TAGS_GENERATION"] = json!(false);
    t["ENABLE_FOLLOW_UP_GENERATION"] = json!(false);
    t["ENABLE_AUTOCOMPLETE_GENERATION"] = json!(true);
    let r = s.post("/api/v1/tasks/config/update", &admin, t).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let c = s.get("/api/config", &admin).await.body;
    for (k, on) in [
        ("enable_title_generation", false),
        ("enable_tags_generation", false),
        ("enable_follow_up_generation", false),
        ("enable_autocomplete_generation", true),
    ] {
        assert_eq!(f(&c, k), on, "{k}");
    }
    // a plain user sees the same flags
    let (user, _) = s.add_user(&admin, "Bo", "bo@example.com", "user").await;
    let u = s.get("/api/config", &user).await.body;
    assert_eq!(u["features"], c["features"]);
    assert_eq!(u["audio"], audio);

    // server speech engines stored from elsewhere are not reported
    let r = s
        .post(
            "/api/v1/configs/import",
            &admin,
            json!({"config": {"audio.stt.engine": "openai", "audio.tts.engine": "openai",
                "audio.realtime.enabled": true}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(s.get("/api/config", &admin).await.body["audio"], audio);
}

#[tokio::test]
async fn signup_signin_session_and_signout() {
    let s = start().await;
    let r = s
        .call(
            "POST",
            "/api/v1/auths/signup",
            Auth::None,
            Some(json!({"name": "Ada", "email": "Ada@Example.com", "password": "pw-1"})),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(keys(&r.body), sample_keys("signup.json"));
    assert_eq!(r.body["role"], "admin");
    assert_eq!(r.body["email"], "ada@example.com");
    assert_eq!(r.body["token_type"], "Bearer");
    let cookie = r.headers.get("set-cookie").unwrap().to_str().unwrap();
    assert!(
        cookie.starts_with("token=") && cookie.contains("HttpOnly"),
        "{cookie}"
    );
    assert_eq!(r.headers.get("cache-control").unwrap(), "no-store");
    let exp = r.body["expires_at"].as_i64().unwrap();
    let now = owui::util::now();
    assert!((exp - now - 4 * 7 * 86400).abs() < 5);

    // sign-up is closed after the first account
    let r = s
        .call(
            "POST",
            "/api/v1/auths/signup",
            Auth::None,
            Some(json!({"name": "Bo", "email": "bo@example.com", "password": "pw-1"})),
        )
        .await;
    assert_eq!(
        (r.status, r.body),
        (403, json!({"detail": owui::error::msg::ACCESS_PROHIBITED}))
    );

    let ok = s.signin("ADA@example.com", "pw-1").await;
    assert_eq!(ok.status, 200);
    assert_eq!(keys(&ok.body), sample_keys("signin.json"));
    let bad = s.signin("ada@example.com", "nope").await;
    assert_eq!(
        (bad.status, bad.body),
        (400, json!({"detail": owui::error::msg::INVALID_CRED}))
    );
    let r = s
        .call("POST", "/api/v1/auths/signin", Auth::None, Some(json!({})))
        .await;
    assert_eq!(
        (r.status, r.body),
        (422, json!({"detail": "Invalid authentication request."}))
    );
    let r = s
        .http
        .post(s.url("/api/v1/auths/signin"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);

    let token = ok.body["token"].as_str().unwrap();
    let me = s.get("/api/v1/auths/", token).await;
    assert_eq!(me.status, 200);
    let mut want = sample_keys("session_user.json");
    let mut got = keys(&me.body);
    want.sort();
    got.sort();
    assert_eq!(got, want);
    assert_eq!(me.body["token"], token);
    assert!(me.headers.get("set-cookie").is_some());

    let r = s.call("GET", "/api/v1/auths/", Auth::None, None).await;
    assert_eq!(
        (r.status, r.body),
        (401, json!({"detail": "Not authenticated"}))
    );
    let r = s
        .call("GET", "/api/v1/auths/", Auth::Bearer("x.y.z"), None)
        .await;
    assert_eq!(
        (r.status, r.body),
        (401, json!({"detail": "401 Unauthorized"}))
    );

    let out = s
        .call("POST", "/api/v1/auths/signout", Auth::Bearer(token), None)
        .await;
    assert_eq!(out.body, json!({"status": true}));
    assert!(
        out.headers
            .get_all("set-cookie")
            .iter()
            .any(|c| c.to_str().unwrap().starts_with("token=;"))
    );
}

#[tokio::test]
async fn profile_timezone_and_password() {
    let s = start().await;
    let (t, id) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let r = s
        .post(
            "/api/v1/auths/update/profile",
            &t,
            json!({"name": "Ada L", "profile_image_url": "/user.png", "bio": "math"}),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        keys(&r.body),
        vec!["id", "name", "role", "email", "profile_image_url"]
    );
    assert_eq!(r.body["name"], "Ada L");
    let r = s
        .post(
            "/api/v1/auths/update/profile",
            &t,
            json!({"name": "x", "profile_image_url": "javascript:alert(1)"}),
        )
        .await;
    assert_eq!(r.status, 400);
    let r = s
        .post(
            "/api/v1/auths/update/timezone",
            &t,
            json!({"timezone": "Europe/Paris"}),
        )
        .await;
    assert_eq!(r.body, json!({"status": true}));
    let u = s.get(&format!("/api/v1/users/{id}"), &t).await;
    assert_eq!(u.body["timezone"], "Europe/Paris");
    assert_eq!(u.body["bio"], "math");

    let r = s
        .post(
            "/api/v1/auths/update/password",
            &t,
            json!({"password": "wrong", "new_password": "pw-2"}),
        )
        .await;
    assert_eq!(
        (r.status, r.body["detail"].clone()),
        (400, json!(owui::error::msg::INCORRECT_PASSWORD))
    );
    let r = s
        .post(
            "/api/v1/auths/update/password",
            &t,
            json!({"password": "pw-1", "new_password": "pw-2"}),
        )
        .await;
    assert_eq!((r.status, r.body), (200, json!(true)));
    // every old token is gone, the new password works
    assert_eq!(s.get("/api/v1/auths/", &t).await.status, 401);
    assert_eq!(s.signin("ada@example.com", "pw-2").await.status, 200);
}

#[tokio::test]
async fn admin_adds_users_and_manages_them() {
    let s = start().await;
    let (admin, admin_id) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let r = s
        .post(
            "/api/v1/auths/add",
            &admin,
            json!({"name": "Bo", "email": "bo@example.com", "password": "pw-b", "role": "user"}),
        )
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(
        keys(&r.body),
        vec![
            "token",
            "token_type",
            "id",
            "email",
            "name",
            "role",
            "profile_image_url"
        ]
    );
    let bo = r.body["id"].as_str().unwrap().to_string();
    let dup = s
        .post(
            "/api/v1/auths/add",
            &admin,
            json!({"name": "B", "email": "BO@example.com", "password": "x"}),
        )
        .await;
    assert_eq!(
        (dup.status, dup.body["detail"].clone()),
        (400, json!(owui::error::msg::EMAIL_TAKEN))
    );
    let bad = s
        .post(
            "/api/v1/auths/add",
            &admin,
            json!({"name": "B", "email": "nope", "password": "x"}),
        )
        .await;
    assert_eq!(
        (bad.status, bad.body["detail"].clone()),
        (400, json!(owui::error::msg::INVALID_EMAIL_FORMAT))
    );

    let list = s.get("/api/v1/users/", &admin).await;
    assert_eq!(list.body["total"], 2);
    let mut got = keys(&list.body["users"][0]);
    got.sort();
    let sample: Value = serde_json::from_str(include_str!("../samples/users_list.json")).unwrap();
    let mut want = keys(&sample["users"][0]);
    want.sort();
    assert_eq!(got, want);
    let all = s.get("/api/v1/users/all", &admin).await;
    let sample: Value = serde_json::from_str(include_str!("../samples/users_all.json")).unwrap();
    assert_eq!(keys(&all.body["users"][0]), keys(&sample["users"][0]));
    let found = s.get("/api/v1/users/?query=BO@", &admin).await;
    assert_eq!(found.body["total"], 1);
    assert_eq!(found.body["users"][0]["id"], bo);

    let r = s
        .post(
            &format!("/api/v1/users/{bo}/update"),
            &admin,
            json!({"role": "admin", "name": "Bo B"}),
        )
        .await;
    assert_eq!(
        (r.status, r.body["role"].clone(), r.body["name"].clone()),
        (200, json!("admin"), json!("Bo B"))
    );
    let r = s.get("/api/v1/users/no-such-user", &admin).await;
    assert_eq!(
        (r.status, r.body),
        (400, json!({"detail": owui::error::msg::NOT_FOUND}))
    );
    // the primary admin cannot be deleted, nor delete themself
    let bo_token = s.signin("bo@example.com", "pw-b").await.body["token"]
        .as_str()
        .unwrap()
        .to_string();
    let r = s
        .call(
            "DELETE",
            &format!("/api/v1/users/{admin_id}"),
            Auth::Bearer(&bo_token),
            None,
        )
        .await;
    assert_eq!(r.status, 403);
    let r = s
        .call(
            "DELETE",
            &format!("/api/v1/users/{bo}"),
            Auth::Bearer(&admin),
            None,
        )
        .await;
    assert_eq!((r.status, r.body), (200, json!(true)));
    assert_eq!(s.get("/api/v1/users/all", &admin).await.body["total"], 1);
    // a deleted user's token no longer works
    assert_eq!(s.get("/api/v1/auths/", &bo_token).await.status, 401);
}

#[tokio::test]
async fn a_role_owui_does_not_know_is_refused() {
    let s = start().await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (_, bo) = s.add_user(&admin, "Bo", "bo@example.com", "user").await;
    let bad = s
        .post(
            "/api/v1/auths/add",
            &admin,
            json!({"name": "Cy", "email": "cy@example.com", "password": "pw-c", "role": "superuser"}),
        )
        .await;
    assert_eq!(
        (bad.status, bad.body["detail"].clone()),
        (422, json!(owui::error::msg::INVALID_AUTH_REQUEST))
    );
    let r = s.get("/api/v1/users/?query=cy", &admin).await;
    assert_eq!(r.body["total"], 0, "{}", r.body);
    let bad = s
        .post(
            &format!("/api/v1/users/{bo}/update"),
            &admin,
            json!({"role": "superuser"}),
        )
        .await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert_eq!(bad.body["detail"][0]["loc"], json!(["body", "role"]));
    let r = s.get(&format!("/api/v1/users/{bo}"), &admin).await;
    assert_eq!(r.body["role"], "user", "{}", r.body);
}

#[tokio::test]
async fn admin_config_round_trip() {
    let s = start().await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let c = s.get("/api/v1/auths/admin/config", &admin).await;
    assert_eq!(keys(&c.body), sample_keys("admin_config.json"));
    let mut form = c.body.clone();
    form["ENABLE_SIGNUP"] = json!(true);
    form["DEFAULT_USER_ROLE"] = json!("user");
    form["JWT_EXPIRES_IN"] = json!("1d");
    let r = s
        .post("/api/v1/auths/admin/config", &admin, form.clone())
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["sessions_revoked"], false);
    assert_eq!(r.body["ENABLE_SIGNUP"], true);
    // sign-up is open again, with role user and a one-day token
    let r = s
        .call(
            "POST",
            "/api/v1/auths/signup",
            Auth::None,
            Some(json!({"name": "Bo", "email": "bo@example.com", "password": "pw"})),
        )
        .await;
    assert_eq!(r.body["role"], "user");
    let exp = r.body["expires_at"].as_i64().unwrap();
    assert!((exp - owui::util::now() - 86400).abs() < 5);
    // invalid values are skipped, missing required fields refuse the form
    form["DEFAULT_USER_ROLE"] = json!("emperor");
    let r = s
        .post("/api/v1/auths/admin/config", &admin, form.clone())
        .await;
    assert_eq!(r.body["DEFAULT_USER_ROLE"], "user");
    form.as_object_mut().unwrap().remove("ENABLE_SIGNUP");
    let r = s.post("/api/v1/auths/admin/config", &admin, form).await;
    assert_eq!(
        (r.status, r.body),
        (422, json!({"detail": "Invalid authentication request."}))
    );
    let d = s.get("/api/v1/auths/admin/details", &admin).await;
    assert_eq!(d.body, json!({"name": "Ada", "email": "ada@example.com"}));
    // switched off: upstream's 400
    let mut form = s.get("/api/v1/auths/admin/config", &admin).await.body;
    form["SHOW_ADMIN_DETAILS"] = json!(false);
    let r = s.post("/api/v1/auths/admin/config", &admin, form).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let d = s.get("/api/v1/auths/admin/details", &admin).await;
    assert_eq!(
        (d.status, d.body),
        (400, json!({"detail": owui::error::msg::ACTION_PROHIBITED}))
    );
}

#[tokio::test]
async fn admin_config_refuses_features_owui_does_not_run() {
    let s = start().await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let path = "/api/v1/auths/admin/config";
    let form = s.get(path, &admin).await.body;
    // they start off, so the General page's whole form saves as it is
    for field in [
        "ENABLE_CHANNELS",
        "ENABLE_ENCRYPTED_CHANNELS",
        "ENABLE_APPS",
        "ENABLE_CALENDAR",
        "ENABLE_AUTOMATIONS",
        "ENABLE_NOTES",
        "ENABLE_USER_WEBHOOKS",
    ] {
        assert_eq!(form[field], false, "{field}");
        let mut on = form.clone();
        on[field] = json!(true);
        on["WEBUI_URL"] = json!("http://changed.example");
        let r = s.post(path, &admin, on).await;
        assert_eq!(r.status, 400, "{field}: {}", r.body);
        let detail = r.body["detail"].as_str().unwrap();
        assert!(
            detail.starts_with(&format!("{field}: owui does not run "))
                && detail.ends_with("so it cannot be turned on."),
            "{detail}"
        );
        // nothing of the form was saved
        assert_eq!(
            s.get(path, &admin).await.body["WEBUI_URL"],
            form["WEBUI_URL"]
        );
    }
    let mut off = form.clone();
    off["WEBUI_URL"] = json!("http://changed.example");
    let r = s.post(path, &admin, off).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["WEBUI_URL"], "http://changed.example");
    // memories run: on by default, and the admin may switch them either way
    assert_eq!(form["ENABLE_MEMORIES"], true);
    for on in [false, true] {
        let mut f = s.get(path, &admin).await.body;
        f["ENABLE_MEMORIES"] = json!(on);
        let r = s.post(path, &admin, f).await;
        assert_eq!(
            (r.status, &r.body["ENABLE_MEMORIES"]),
            (200, &json!(on)),
            "{}",
            r.body
        );
    }
}

#[tokio::test]
async fn permissions_defaults_and_groups() {
    let s = start().await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (user, uid) = s.add_user(&admin, "Bo", "bo@example.com", "user").await;
    let d = s.get("/api/v1/users/default/permissions", &admin).await;
    let sample: Value =
        serde_json::from_str(include_str!("../samples/default_permissions.json")).unwrap();
    assert_eq!(d.body, sample);
    assert_eq!(
        s.get("/api/v1/users/permissions", &user).await.body["workspace"]["models"],
        false
    );

    let g = s.post("/api/v1/groups/create", &admin, json!({"name": "Team", "description": "t", "permissions": {"workspace": {"models": true}}})).await;
    assert_eq!(g.status, 200, "{}", g.body);
    assert_eq!(
        keys(&g.body),
        vec![
            "id",
            "parent_group_id",
            "user_id",
            "name",
            "description",
            "data",
            "meta",
            "permissions",
            "created_at",
            "updated_at",
            "member_count"
        ]
    );
    assert_eq!(g.body["data"]["config"]["share"], "members");
    let gid = g.body["id"].as_str().unwrap();
    let r = s
        .post(
            &format!("/api/v1/groups/id/{gid}/users/add"),
            &admin,
            json!({"user_ids": [uid, "nobody"]}),
        )
        .await;
    assert_eq!(r.body["member_count"], 1);
    // the group's rights are OR-merged into the member's
    assert_eq!(
        s.get("/api/v1/users/permissions", &user).await.body["workspace"]["models"],
        true
    );
    let signin = s.signin("bo@example.com", "password-1").await;
    assert_eq!(signin.body["permissions"]["workspace"]["models"], true);
    let mine = s.get("/api/v1/groups/", &user).await;
    assert_eq!(mine.body.as_array().unwrap().len(), 1);
    let info = s.get(&format!("/api/v1/groups/id/{gid}/info"), &user).await;
    assert_eq!(
        keys(&info.body),
        vec![
            "id",
            "parent_group_id",
            "user_id",
            "name",
            "description",
            "member_count",
            "created_at",
            "updated_at"
        ]
    );
    let m = s
        .get(&format!("/api/v1/groups/id/{gid}/members"), &admin)
        .await;
    assert_eq!(
        m.body["counts"],
        json!({"direct": 1, "effective": 1, "inherited": 0})
    );
    assert_eq!(m.body["items"][0]["membership_type"], "direct");
    let ug = s
        .get("/api/v1/users/groups?include_inherited=true", &user)
        .await;
    assert_eq!(ug.body[0]["membership_type"], "direct");
    let r = s.post(&format!("/api/v1/groups/id/{gid}/update"), &admin, json!({"name": "Team 2", "description": "t", "data": {"config": {"default_models": ["", "x"]}}})).await;
    assert_eq!(r.status, 400);
    let r = s
        .call(
            "DELETE",
            &format!("/api/v1/groups/id/{gid}/delete"),
            Auth::Bearer(&admin),
            None,
        )
        .await;
    assert_eq!(r.body, json!(true));
    let r = s
        .call(
            "DELETE",
            &format!("/api/v1/groups/id/{gid}/delete"),
            Auth::Bearer(&admin),
            None,
        )
        .await;
    assert_eq!(
        (r.status, r.body),
        (404, json!({"detail": "Group not found."}))
    );
    assert_eq!(
        s.get("/api/v1/users/permissions", &user).await.body["workspace"]["models"],
        false
    );
}

#[tokio::test]
async fn user_settings_info_variables_status() {
    let s = start().await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let r = s.get("/api/v1/users/user/settings", &t).await;
    assert_eq!((r.status, r.body), (200, Value::Null));
    let r = s
        .post(
            "/api/v1/users/user/settings/update",
            &t,
            json!({"ui": {"models": ["m"], "theme": "dark"}}),
        )
        .await;
    assert_eq!(r.body, json!({"ui": {"models": ["m"], "theme": "dark"}}));
    let r = s
        .post(
            "/api/v1/users/user/settings/update",
            &t,
            json!({"ui": {"theme": null}}),
        )
        .await;
    assert_eq!(r.body, json!({"ui": {"models": ["m"]}}));
    let r = s
        .post("/api/v1/users/user/info/update", &t, json!({"a": 1}))
        .await;
    assert_eq!(r.body, json!({"a": 1}));
    assert_eq!(
        s.get("/api/v1/users/user/info", &t).await.body,
        json!({"a": 1})
    );
    let r = s
        .post(
            "/api/v1/users/user/variables/update",
            &t,
            json!({"variables": {"city": "Paris"}}),
        )
        .await;
    assert_eq!(r.body, json!({"variables": {"city": "Paris"}}));
    let r = s
        .post(
            "/api/v1/users/user/variables/update",
            &t,
            json!({"variables": {"City": "Paris"}}),
        )
        .await;
    assert_eq!(
        (r.status, r.body),
        (400, json!({"detail": "Invalid user variable key: City"}))
    );
    let r = s
        .post(
            "/api/v1/users/user/status/update",
            &t,
            json!({"status_emoji": "🌴", "status_message": "away"}),
        )
        .await;
    assert_eq!(r.body["status_message"], "away");
    let r = s
        .post(
            "/api/v1/users/user/variables/update",
            &t,
            json!({"nope": 1}),
        )
        .await;
    assert_eq!(r.status, 422);
    assert_eq!(r.body["detail"][0]["loc"], json!(["body", "variables"]));
}

#[tokio::test]
async fn profile_images() {
    let s = start().await;
    let (t, id) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let r = s
        .http
        .get(s.url(&format!("/api/v1/users/{id}/profile/image")))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "image/png");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert!(r.bytes().await.unwrap().starts_with(b"\x89PNG"));
    // a data URI is decoded; the cookie is enough (an <img> sends no header)
    s.post(
        "/api/v1/auths/update/profile",
        &t,
        json!({"name": "Ada", "profile_image_url": "data:image/gif;base64,R0lGODlhAQABAAAAACw="}),
    )
    .await;
    let r = s
        .http
        .get(s.url(&format!("/api/v1/users/{id}/profile/image")))
        .header("cookie", format!("token={t}"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["content-type"], "image/gif");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    assert_eq!(&r.bytes().await.unwrap()[..6], b"GIF89a");
    s.post(
        "/api/v1/auths/update/profile",
        &t,
        json!({"name": "Ada", "profile_image_url": "https://example.com/a.png"}),
    )
    .await;
    let no_redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let r = no_redirect
        .get(s.url(&format!("/api/v1/users/{id}/profile/image")))
        .bearer_auth(&t)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 302);
    assert_eq!(r.headers()["location"], "https://example.com/a.png");
}

#[tokio::test]
async fn configs_import_export_and_banners() {
    let s = start().await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let e = s.get("/api/v1/configs/export", &admin).await;
    assert_eq!(e.body["ui.enable_signup"], false);
    assert_eq!(e.body["auth.jwt_expiry"], "4w");
    let r = s
        .post(
            "/api/v1/configs/import",
            &admin,
            json!({"config": {"ui.enable_signup": true}}),
        )
        .await;
    assert_eq!(r.body["ui.enable_signup"], true);
    assert_eq!(
        s.call("GET", "/api/config", Auth::None, None).await.body["features"]["enable_signup"],
        true
    );
    // the signed-in body is cached, and rebuilt when the store changes
    assert_eq!(
        s.get("/api/config", &admin).await.body["default_models"],
        Value::Null
    );
    s.post(
        "/api/v1/configs/import",
        &admin,
        json!({"config": {"ui.default_models": "m1,m2"}}),
    )
    .await;
    assert_eq!(
        s.get("/api/config", &admin).await.body["default_models"],
        "m1,m2"
    );
    let ns = s.get("/api/v1/configs/namespace/auth", &admin).await;
    assert!(
        ns.body
            .as_object()
            .unwrap()
            .keys()
            .all(|k| k.starts_with("auth."))
    );
    let b = json!({"banners": [{"id": "b1", "type": "info", "title": "Hi", "content": "Hello", "dismissible": true, "timestamp": 1}]});
    let r = s.post("/api/v1/configs/banners", &admin, b).await;
    assert_eq!(r.body[0]["content"], "Hello");
    assert_eq!(
        s.get("/api/v1/configs/banners", &admin).await.body[0]["id"],
        "b1"
    );
}

#[tokio::test]
async fn spa_fallback_rules() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("index.html"), "<html>app</html>").unwrap();
    std::fs::create_dir_all(dir.path().join("_app/immutable")).unwrap();
    std::fs::write(dir.path().join("_app/immutable/a.js"), "export {}").unwrap();
    std::fs::create_dir_all(dir.path().join("static")).unwrap();
    std::fs::write(dir.path().join("static/favicon.png"), "png").unwrap();
    let s = common::start_with(|_| {}, Some(dir.path().to_owned())).await;
    let get = |p: &str| s.http.get(s.url(p)).send();
    let r = get("/c/123").await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-cache");
    assert_eq!(r.text().await.unwrap(), "<html>app</html>");
    let r = get("/api/v1/does-not-exist").await.unwrap();
    assert_eq!(r.status(), 200);
    let r = get("/_app/immutable/missing.js").await.unwrap();
    assert_eq!(r.status(), 404);
    let r = get("/_app/immutable/a.js").await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("immutable")
    );
    assert_eq!(get("/static/favicon.png").await.unwrap().status(), 200);
    let r = get("/static/nope.png").await.unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"detail": "Not Found"})
    );
    // a raw request line that climbs out of the directory gets index.html, not the file
    let raw = {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let mut c = tokio::net::TcpStream::connect(s.base.trim_start_matches("http://"))
            .await
            .unwrap();
        c.write_all(b"GET /../../../../etc/passwd HTTP/1.0\r\n\r\n")
            .await
            .unwrap();
        let mut buf = String::new();
        c.read_to_string(&mut buf).await.unwrap();
        buf
    };
    assert!(!raw.contains("root:"), "{raw}");
    let r = s
        .http
        .post(s.url("/api/v1/does-not-exist"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
    let m = s
        .http
        .get(s.url("/manifest.json"))
        .send()
        .await
        .unwrap()
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(m["start_url"], "/");
}

/// Engine.IO v4 long-polling by hand: open, connect the namespace with a
/// token, send `user-join` with an ack id and read the ack.
#[tokio::test]
async fn socket_handshake_and_user_join() {
    let s = start().await;
    let (t, id) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let base = s.url("/ws/socket.io/?EIO=4&transport=polling");
    let open = s
        .http
        .get(&base)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(open.starts_with('0'), "{open}");
    let sid = serde_json::from_str::<Value>(&open[1..]).unwrap()["sid"]
        .as_str()
        .unwrap()
        .to_string();
    let url = format!("{base}&sid={sid}");
    let post = |body: String| s.http.post(&url).body(body).send();
    post(format!("40{}", json!({"token": t}))).await.unwrap();
    // the server's first ping may come alone, before the connect answer
    let mut connected = String::new();
    for _ in 0..3 {
        connected += &s.http.get(&url).send().await.unwrap().text().await.unwrap();
        if connected.split('\u{1e}').any(|p| p.starts_with("40{")) {
            break;
        }
        connected.push('\u{1e}');
    }
    assert!(
        connected.split('\u{1e}').any(|p| p.starts_with("40{")),
        "{connected:?}"
    );
    post(format!(
        "421{}",
        json!(["user-join", {"auth": {"token": t}}])
    ))
    .await
    .unwrap();
    let mut got = String::new();
    for _ in 0..20 {
        got = s.http.get(&url).send().await.unwrap().text().await.unwrap();
        if got.contains("431") {
            break;
        }
    }
    let ack = got
        .split('\u{1e}')
        .find(|p| p.starts_with("431"))
        .expect(&got);
    let v: Value = serde_json::from_str(&ack[3..]).unwrap();
    assert_eq!(v, json!([{"id": id, "name": "Ada"}]));
    // a bad token gets no ack
    post(format!(
        "422{}",
        json!(["user-join", {"auth": {"token": "bad"}}])
    ))
    .await
    .unwrap();
    post("3".into()).await.unwrap();
    let r = tokio::time::timeout(
        std::time::Duration::from_millis(1500),
        s.http.get(&url).send(),
    )
    .await;
    if let Ok(Ok(r)) = r {
        assert!(!r.text().await.unwrap().contains("432"));
    }
}

/// A socket.io disconnect ("41") or the Engine.IO close that may carry it ("1").
fn is_close(packet: &str) -> bool {
    packet == "41" || packet == "1"
}

#[tokio::test]
async fn group_changes_tell_members_and_disconnect_them() {
    let s = start().await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (user, uid) = s.add_user(&admin, "Bo", "bo@example.com", "user").await;
    let sock = common::Polling::connect(&s, &user).await;
    let g = s
        .post(
            "/api/v1/groups/create",
            &admin,
            json!({"name": "T", "description": ""}),
        )
        .await;
    let gid = g.body["id"].as_str().unwrap();
    s.post(
        &format!("/api/v1/groups/id/{gid}/users/add"),
        &admin,
        json!({"user_ids": [uid]}),
    )
    .await;
    let got = sock.poll().await;
    assert!(
        got.iter().any(|m| m == r#"42["access:updated",{}]"#),
        "{got:?}"
    );
    // then the server closes the namespace connection
    let mut all = got.clone();
    for _ in 0..3 {
        if all.iter().any(|m| is_close(m)) {
            break;
        }
        all.extend(sock.poll().await);
    }
    assert!(all.iter().any(|m| is_close(m)), "{all:?}");
}

#[tokio::test]
async fn revoking_sessions_disconnects_sockets() {
    let s = start().await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (user, uid) = s.add_user(&admin, "Bo", "bo@example.com", "user").await;
    let sock = common::Polling::connect(&s, &user).await;
    let r = s
        .post(
            &format!("/api/v1/users/{uid}/sessions/revoke"),
            &admin,
            json!({}),
        )
        .await;
    assert_eq!(r.body, json!(true));
    let got = sock.poll().await;
    assert!(got.iter().any(|m| is_close(m)), "{got:?}");
    assert_eq!(s.get("/api/v1/auths/", &user).await.status, 401);
}

/// A change made by another process on the same database (the CLI while
/// the server runs) reaches the server's caches within a second.
#[tokio::test]
async fn changes_from_another_process_are_seen() {
    let s = start().await;
    let (admin, id) = s.signup("Ada", "ada@example.com", "pw-1").await;
    assert_eq!(
        s.get("/api/config", &admin).await.body["default_models"],
        Value::Null
    );
    // a second, independent context on the same data dir
    let other = owui::core::startup::open(s.cx.cfg.clone()).unwrap();
    let me = owui::core::actor::Actor::system();
    owui::core::configs::set(&other, &me, "ui.default_models", json!("m9")).unwrap();
    owui::core::users::update(
        &other,
        &me,
        &id,
        owui::core::users::UserPatch {
            password: Some("pw-2".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let mut seen = (false, false);
    for _ in 0..30 {
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        seen.1 = s.get("/api/v1/auths/", &admin).await.status == 401;
        let t = s.signin("ada@example.com", "pw-2").await;
        if let Some(t) = t.body["token"].as_str() {
            seen.0 = s.get("/api/config", t).await.body["default_models"] == "m9";
        }
        if seen.0 && seen.1 {
            break;
        }
    }
    assert_eq!(seen, (true, true));
}

#[tokio::test]
async fn remaining_user_and_group_shapes() {
    let s = start().await;
    let (admin, admin_id) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (user, uid) = s.add_user(&admin, "Bo", "bo@example.com", "user").await;
    let g = s
        .post(
            "/api/v1/groups/create",
            &admin,
            json!({"name": "Team", "description": "d"}),
        )
        .await;
    let gid = g.body["id"].as_str().unwrap().to_string();
    let child = s
        .post(
            "/api/v1/groups/create",
            &admin,
            json!({"name": "Sub", "description": "", "parent_group_id": gid}),
        )
        .await;
    let cid = child.body["id"].as_str().unwrap().to_string();
    s.post(
        &format!("/api/v1/groups/id/{cid}/users/add"),
        &admin,
        json!({"user_ids": [uid]}),
    )
    .await;

    let info = s.get(&format!("/api/v1/users/{uid}/info"), &user).await;
    assert_eq!(
        keys(&info.body),
        vec![
            "status_emoji",
            "status_message",
            "status_expires_at",
            "id",
            "name",
            "email",
            "role",
            "bio",
            "last_active_at",
            "timezone",
            "groups",
            "is_active"
        ]
    );
    assert_eq!(info.body["groups"], json!([{"id": cid, "name": "Sub"}]));
    assert_eq!(info.body["is_active"], true);
    assert_eq!(
        s.get(&format!("/api/v1/users/{admin_id}/active"), &user)
            .await
            .body,
        json!({"active": true})
    );
    let one = s.get(&format!("/api/v1/users/{uid}"), &admin).await;
    assert_eq!(one.body["groups"], json!([{"id": cid, "name": "Sub"}]));
    assert!(one.body["is_active"].is_boolean());
    let search = s.get("/api/v1/users/search?query=bo", &user).await;
    assert_eq!(search.body["total"], 1);
    assert_eq!(search.body["users"][0]["groups"], json!([]));
    let st = s.get("/api/v1/users/user/status", &user).await;
    assert_eq!(st.body["id"], uid);
    let pv = s.get(&format!("/api/v1/users/{uid}/preview"), &admin).await;
    assert_eq!(
        keys(&pv.body),
        vec!["user", "groups", "models", "knowledge", "tools"]
    );

    // inherited membership: the parent lists Bo as inherited, via the child
    let ug = s
        .get(
            &format!("/api/v1/users/{uid}/groups?include_inherited=true"),
            &admin,
        )
        .await;
    let kinds: Vec<(String, String)> = ug
        .body
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["name"].as_str().unwrap().to_string(),
                g["membership_type"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        kinds.contains(&("Team".into(), "inherited".into()))
            && kinds.contains(&("Sub".into(), "direct".into())),
        "{kinds:?}"
    );
    let m = s
        .get(
            &format!("/api/v1/groups/id/{gid}/members?membership=inherited"),
            &admin,
        )
        .await;
    assert_eq!(m.body["items"][0]["via_group_ids"], json!([cid]));
    assert_eq!(
        m.body["counts"],
        json!({"direct": 0, "effective": 1, "inherited": 1})
    );
    let ex = s
        .get(&format!("/api/v1/groups/id/{cid}/export"), &admin)
        .await;
    assert_eq!(ex.body["user_ids"], json!([uid]));
    let us = s
        .post(&format!("/api/v1/groups/id/{cid}/users"), &admin, json!({}))
        .await;
    assert_eq!(us.body[0]["email"], "bo@example.com");
    let pv = s
        .get(&format!("/api/v1/groups/id/{cid}/preview"), &admin)
        .await;
    assert_eq!(
        keys(&pv.body),
        vec![
            "group",
            "default_models",
            "models",
            "knowledge",
            "tools",
            "permissions",
            "inherited_permissions",
            "effective_permissions"
        ]
    );
    let one = s.get(&format!("/api/v1/groups/id/{gid}"), &admin).await;
    assert_eq!(one.body["member_count"], 0);
    let r = s.get("/api/v1/groups/id/nope", &admin).await;
    assert_eq!(
        (r.status, r.body),
        (404, json!({"detail": owui::error::msg::NOT_FOUND}))
    );
    // a parent that is its own descendant is refused
    let r = s
        .post(
            &format!("/api/v1/groups/id/{gid}/update"),
            &admin,
            json!({"name": "Team", "description": "d", "parent_group_id": cid}),
        )
        .await;
    assert_eq!(
        (r.status, r.body),
        (
            400,
            json!({"detail": "A group cannot be its own parent or a descendant of itself."})
        )
    );
    // shared-with filter for a member
    let mine = s.get("/api/v1/groups/?share=true", &user).await;
    assert_eq!(mine.body.as_array().unwrap().len(), 2);
    let none = s.get("/api/v1/groups/?share=false", &user).await;
    assert_eq!(none.body, json!([]));
}

#[tokio::test]
async fn lists_of_areas_outside_owui_are_empty() {
    let s = start().await;
    let (t, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    for p in [
        "/api/v1/notes/pinned",
        "/api/v1/skills/",
        "/api/v1/terminals/",
    ] {
        let r = s.get(p, &t).await;
        assert_eq!((r.status, r.body), (200, json!([])), "{p}");
    }
}
