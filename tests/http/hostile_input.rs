//! Input meant to knock the server over: prompt variables that feed each
//! other, user text full of `{{…}}`, image URLs that cannot be headers.
//! Each request gets a bounded answer and the server keeps serving.

use crate::fakes;

use std::time::Duration;

use crate::common::{Auth, Server, start_with};
use serde_json::{Map, Value, json};

async fn with_openai(fake: &fakes::Fake) -> Server {
    let url = fake.base_url.clone();
    start_with(
        move |c| {
            c.set("OPENAI_API_BASE_URL", url);
            c.set("OPENAI_API_KEY", "sk-fake");
            c.set("ENABLE_OLLAMA_API", "false");
            c.set("BYPASS_MODEL_ACCESS_CONTROL", "true");
        },
        None,
    )
    .await
}

/// The server still answers, quickly.
async fn still_serving(s: &Server, token: &str) {
    let r = tokio::time::timeout(Duration::from_secs(5), s.get("/api/v1/auths/", token))
        .await
        .expect("the server answers");
    assert_eq!(r.status, 200, "{}", r.body);
}

/// The one user message the fake model got last.
fn last_messages(fake: &fakes::Fake) -> Vec<Value> {
    let sent = fake.requests_to("/v1/chat/completions");
    sent.last().expect("a request to the model").body["messages"]
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn prompt_variables_are_filled_once_and_bounded() {
    let fake = fakes::spawn_openai().await;
    let s = with_openai(&fake).await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (user, _) = s.add_user(&admin, "Bo", "bo@example.com", "user").await;
    // chained keys (each value names the next key ten times), an empty
    // key, a value that names a built-in variable
    let mut vars = Map::new();
    for i in 0..6 {
        vars.insert(
            format!("{{{{k{i}}}}}"),
            json!(format!("{{{{k{}}}}}", i + 1).repeat(10)),
        );
    }
    vars.insert(String::new(), json!("xx"));
    vars.insert("{{city}}".into(), json!("{{USER_NAME}}"));
    let body = json!({
        "model": "fake-model", "stream": false,
        "messages": [{"role": "user", "content": "hi"}],
        "params": {"system": "S {{k0}} {{city}} {{USER_NAME}}"},
        "variables": vars,
    });
    let r = s.post("/api/chat/completions", &user, body).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let m = last_messages(&fake);
    let system = m[0]["content"].as_str().unwrap_or("");
    let want = format!("S {} {{{{USER_NAME}}}} Bo", "{{k1}}".repeat(10));
    assert!(
        m[0]["role"] == "system" && system == want,
        "{} bytes: {}…",
        system.len(),
        system.chars().take(300).collect::<String>()
    );
    // a value of 1 MiB filled in nine times: refused, nothing sent
    let before = fake.requests_to("/v1/chat/completions").len();
    let body = json!({
        "model": "fake-model", "stream": false,
        "messages": [{"role": "user", "content": "hi"}],
        "params": {"system": "{{a}}".repeat(9)},
        "variables": {"{{a}}": "a".repeat(1 << 20)},
    });
    let r = s.post("/api/chat/completions", &user, body).await;
    assert_eq!(r.status, 413, "{}", r.body);
    assert!(
        r.body["detail"].as_str().unwrap().contains("too large"),
        "{}",
        r.body
    );
    assert_eq!(fake.requests_to("/v1/chat/completions").len(), before);
    still_serving(&s, &user).await;
}

#[tokio::test]
async fn task_prompts_do_not_fill_the_users_text() {
    let fake = fakes::spawn_openai().await;
    let s = with_openai(&fake).await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (user, _) = s.add_user(&admin, "Bo", "bo@example.com", "user").await;
    // a long bio, and a template that shows it
    let r = s
        .post(
            "/api/v1/auths/update/profile",
            &user,
            json!({"name": "Bo", "profile_image_url": "/user.png", "bio": "b".repeat(3000)}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let mut cfg = s.get("/api/v1/tasks/config", &admin).await.body;
    cfg["QUERY_GENERATION_PROMPT_TEMPLATE"] =
        json!("Q {{USER_BIO}} | {{prompt}} | {{MESSAGES:END:1}}");
    let r = s.post("/api/v1/tasks/config/update", &admin, cfg).await;
    assert_eq!(r.status, 200, "{}", r.body);

    // the user's text names the bio, the messages and the prompt (each
    // `{{MESSAGES}}` used to bring in the text again, with its own)
    let hostile = "{{USER_BIO}}{{MESSAGES}}{{prompt}}".repeat(100);
    let r = s
        .post(
            "/api/v1/tasks/queries/completions",
            &user,
            json!({"model": "fake-model", "messages": [{"role": "user", "content": hostile}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let prompt = last_messages(&fake)[0]["content"]
        .as_str()
        .unwrap()
        .to_string();
    let bio = "b".repeat(2000);
    let want = format!("Q {bio} | {hostile} | USER: {hostile}");
    assert!(
        prompt == want,
        "{} bytes, {} expected: {}…",
        prompt.len(),
        want.len(),
        prompt.chars().take(300).collect::<String>()
    );

    // emoji and MoA: the prompt stays as written
    let r = s
        .post(
            "/api/v1/tasks/emoji/completions",
            &user,
            json!({"model": "fake-model", "prompt": "{{USER_NAME}} {{prompt}}"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let prompt = last_messages(&fake)[0]["content"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        prompt.ends_with("```{{USER_NAME}} {{prompt}}```"),
        "{prompt}"
    );
    let r = s
        .post(
            "/api/v1/tasks/moa/completions",
            &user,
            json!({"model": "fake-model", "prompt": "{{responses}}".repeat(1000),
                "responses": ["r".repeat(10_000)]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let prompt = last_messages(&fake)[0]["content"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(prompt.len() < 40_000, "{}", prompt.len());
    still_serving(&s, &user).await;
}

#[tokio::test]
async fn image_urls_that_cannot_be_headers_answer_the_default_image() {
    let fake = fakes::spawn_openai().await;
    let s = with_openai(&fake).await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (user, uid) = s.add_user(&admin, "Bo", "bo@example.com", "user").await;
    let no_redirect = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let get = |path: String, token: String| {
        let c = no_redirect.clone();
        let url = s.url(&path);
        async move {
            let r = c.get(url).bearer_auth(token).send().await.unwrap();
            let status = r.status().as_u16();
            let headers = r.headers().clone();
            let bytes = r.bytes().await.unwrap();
            (status, headers, bytes)
        }
    };

    // a profile image URL with a control character inside
    for url in [
        "https://evil.test/a\u{1}b.png",
        "http://x/\r\nSet-Cookie: a=b",
    ] {
        let r = s
            .post(
                "/api/v1/auths/update/profile",
                &user,
                json!({"name": "Bo", "profile_image_url": url}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        for token in [&user, &admin] {
            let (status, headers, bytes) =
                get(format!("/api/v1/users/{uid}/profile/image"), token.clone()).await;
            assert_eq!(status, 200, "{url}");
            assert_eq!(headers["content-type"], "image/png");
            assert!(bytes.starts_with(b"\x89PNG"));
            still_serving(&s, token).await;
        }
    }

    // a model whose image URL decodes to a control character
    for (i, url) in ["/static/a%0Ab.png", "https://evil.test/\u{7}.png"]
        .iter()
        .enumerate()
    {
        let r = s
            .post(
                "/api/v1/models/create",
                &admin,
                json!({"id": format!("m-img-{i}"), "name": "M", "base_model_id": "fake-model",
                    "meta": {"profile_image_url": url}, "params": {}}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        for token in [&user, &admin] {
            let (status, headers, _) = get(
                format!("/api/v1/models/model/profile/image?id=m-img-{i}"),
                token.clone(),
            )
            .await;
            assert_eq!(status, 302, "{url}");
            assert_eq!(headers["location"], "/static/favicon.png");
            still_serving(&s, token).await;
        }
    }
}

/// Profile fields that prompts fill in are held to a size when saved, on
/// every way in: sign-up, an admin's add and update, the own profile.
#[tokio::test]
async fn overlong_profile_fields_are_refused_when_saved() {
    let s = start_with(|_| {}, None).await;
    let too_long =
        |field: &str, max: usize| format!("{field} is too long: at most {max} characters.");
    let name = "n".repeat(257);
    let r = s
        .call(
            "POST",
            "/api/v1/auths/signup",
            Auth::None,
            Some(json!({"name": name, "email": "admin@example.com", "password": "pw-1"})),
        )
        .await;
    assert_eq!(
        (r.status, &r.body["detail"]),
        (400, &json!(too_long("name", 256)))
    );
    let long_email = format!("{}@example.com", "e".repeat(320));
    let r = s
        .call(
            "POST",
            "/api/v1/auths/signup",
            Auth::None,
            Some(json!({"name": "A", "email": long_email, "password": "pw-1"})),
        )
        .await;
    assert_eq!(r.status, 400, "{}", r.body);
    // nothing was made: the first sign-up that fits is the admin
    let (admin, _) = s.signup("Admin", "admin@example.com", "pw-1").await;
    let r = s
        .post(
            "/api/v1/auths/add",
            &admin,
            json!({"name": name, "email": "bo@example.com", "password": "pw-2", "role": "user"}),
        )
        .await;
    assert_eq!(
        (r.status, &r.body["detail"]),
        (400, &json!(too_long("name", 256)))
    );
    // at the cap is fine
    let (user, uid) = s
        .add_user(&admin, &"é".repeat(256), "bo@example.com", "user")
        .await;
    let profile = |name: &str, bio: &str, gender: &str| json!({"name": name, "profile_image_url": "/user.png", "bio": bio, "gender": gender});
    for (form, field, max) in [
        (profile(&name, "b", "g"), "name", 256),
        (profile("Bo", &"b".repeat(10_001), "g"), "bio", 10_000),
        (profile("Bo", "b", &"g".repeat(257)), "gender", 256),
    ] {
        let r = s.post("/api/v1/auths/update/profile", &user, form).await;
        assert_eq!(
            (r.status, &r.body["detail"]),
            (400, &json!(too_long(field, max)))
        );
    }
    let me = s.get("/api/v1/auths/", &user).await;
    assert_eq!(me.body["name"], "é".repeat(256), "nothing saved");
    let r = s
        .post(
            "/api/v1/auths/update/profile",
            &user,
            profile("Bo", &"b".repeat(10_000), &"g".repeat(256)),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let me = s.get("/api/v1/auths/", &user).await;
    assert_eq!(me.body["name"], "Bo");
    let r = s
        .post(
            &format!("/api/v1/users/{uid}/update"),
            &admin,
            json!({"role": "user", "name": name, "email": "bo@example.com", "profile_image_url": "/user.png"}),
        )
        .await;
    assert_eq!(
        (r.status, &r.body["detail"]),
        (400, &json!(too_long("name", 256)))
    );
    let r = s.get(&format!("/api/v1/users/{uid}"), &admin).await;
    assert_eq!(r.body["name"], "Bo");
}
