//! Sign-in under attack: the hashing queue's bound, a panicking hashing
//! job, the limits per client address and per email, and the rest of the
//! API staying quick while strangers sign in with random emails.

use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::common::{Resp, Server, start, start_with};

const ADMIN: &str = "admin@example.com";
const PASSWORD: &str = "pw-admin-1";

/// `POST /api/v1/auths/signin`, as forwarded for `client` when given.
async fn signin_from(s: &Server, email: &str, password: &str, client: Option<&str>) -> Resp {
    let mut rb = s
        .http
        .post(s.url("/api/v1/auths/signin"))
        .json(&json!({"email": email, "password": password}));
    if let Some(c) = client {
        rb = rb.header("x-forwarded-for", c);
    }
    let r = rb.send().await.unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let text = r.text().await.unwrap();
    Resp {
        status,
        body: serde_json::from_str(&text).unwrap_or(Value::Null),
        headers,
    }
}

fn random_email() -> String {
    format!("{}@example.com", uuid::Uuid::new_v4().simple())
}

/// A distinct client address for each `i`.
fn client(i: usize) -> String {
    format!("10.{}.{}.1", (i / 256) % 256, i % 256)
}

fn assert_limited(r: &Resp) {
    assert_eq!(
        (r.status, &r.body),
        (429, &json!({"detail": "API rate limit exceeded"}))
    );
    let after = r.headers.get("retry-after").expect("Retry-After");
    assert!(after.to_str().unwrap().parse::<u64>().unwrap() > 0);
}

#[tokio::test]
async fn a_burst_beyond_the_hashing_queue_is_answered_429_with_retry_after() {
    let s = start_with(|c| c.set("BCRYPT_ROUNDS", "10"), None).await;
    s.signup("Admin", ADMIN, PASSWORD).await;
    let n = 2 * owui::core::auths::hasher::Hasher::queue_bound() + 64;
    let burst = (0..n).map(|i| {
        let s = &s;
        async move { signin_from(s, &random_email(), "wrong", Some(&client(i))).await }
    });
    let answers = futures::future::join_all(burst).await;
    let limited: Vec<&Resp> = answers.iter().filter(|r| r.status == 429).collect();
    let refused = answers.iter().filter(|r| r.status == 400).count();
    assert!(!limited.is_empty(), "no 429 among {n} sign-ins");
    assert!(refused > 0, "every sign-in was refused unchecked");
    assert_eq!(limited.len() + refused, n);
    for r in limited {
        assert_limited(r);
    }
    // the queue drains: sign-in works again
    assert_eq!(signin_from(&s, ADMIN, PASSWORD, None).await.status, 200);
}

#[tokio::test]
async fn a_panic_in_a_hashing_job_does_not_stop_sign_in() {
    let s = start().await;
    s.signup("Admin", ADMIN, PASSWORD).await;
    let cx = s.cx.clone();
    tokio::task::spawn_blocking(move || {
        // more panics than there are hashing threads
        for _ in 0..16 {
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                cx.hasher.run(|| -> bool { panic!("a hashing job panics") })
            }));
            assert!(matches!(r, Ok(Err(_))), "the caller got no error");
        }
    })
    .await
    .unwrap();
    assert_eq!(signin_from(&s, ADMIN, PASSWORD, None).await.status, 200);
    assert_eq!(signin_from(&s, ADMIN, "wrong", None).await.status, 400);
}

#[tokio::test]
async fn the_client_limit_without_a_trusted_proxy_is_the_peers() {
    let s = start_with(|c| c.set("FORWARDED_ALLOW_IPS", ""), None).await;
    s.signup("Admin", ADMIN, PASSWORD).await;
    // successes do not count
    for _ in 0..35 {
        assert_eq!(signin_from(&s, ADMIN, PASSWORD, None).await.status, 200);
    }
    // an untrusted peer's X-Forwarded-For is ignored: all of these are
    // the one client 127.0.0.1
    for i in 0..30 {
        let r = signin_from(&s, &random_email(), "wrong", Some(&client(i))).await;
        assert_eq!(r.status, 400, "attempt {i}: {}", r.body);
    }
    assert_limited(&signin_from(&s, &random_email(), "wrong", Some(&client(99))).await);
    // refused before any check: the right password too
    assert_limited(&signin_from(&s, ADMIN, PASSWORD, None).await);
}

#[tokio::test]
async fn the_client_limit_behind_a_trusted_proxy_is_the_forwarded_clients() {
    // loopback is trusted by default
    let s = start().await;
    s.signup("Admin", ADMIN, PASSWORD).await;
    let stranger = "203.0.113.7";
    for i in 0..30 {
        let r = signin_from(&s, &random_email(), "wrong", Some(stranger)).await;
        assert_eq!(r.status, 400, "attempt {i}: {}", r.body);
    }
    assert_limited(&signin_from(&s, &random_email(), "wrong", Some(stranger)).await);
    // the client is the rightmost address that is not a trusted proxy
    assert_limited(
        &signin_from(
            &s,
            &random_email(),
            "wrong",
            Some("198.51.100.9, 203.0.113.7, 127.0.0.1"),
        )
        .await,
    );
    // other clients behind the same proxy are not limited
    let r = signin_from(&s, &random_email(), "wrong", Some("198.51.100.9")).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert_eq!(
        signin_from(&s, ADMIN, PASSWORD, Some("198.51.100.10"))
            .await
            .status,
        200
    );
}

#[tokio::test]
async fn a_stranger_guessing_at_the_admins_email_does_not_lock_the_admin_out() {
    let s = start().await;
    s.signup("Admin", ADMIN, PASSWORD).await;
    let stranger = "203.0.113.8";
    for i in 0..15 {
        let r = signin_from(&s, ADMIN, &format!("guess-{i}"), Some(stranger)).await;
        assert_eq!(r.status, 400, "guess {i}: {}", r.body);
    }
    // over the email's limit, wrong guesses are 429 ...
    for i in 15..20 {
        assert_limited(&signin_from(&s, ADMIN, &format!("guess-{i}"), Some(stranger)).await);
    }
    // ... and the right password still signs in, from anywhere
    let r = signin_from(&s, ADMIN, PASSWORD, Some("198.51.100.20")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = signin_from(&s, &ADMIN.to_uppercase(), PASSWORD, Some(stranger)).await;
    assert_eq!(r.status, 200, "{}", r.body);
}

#[tokio::test]
async fn an_overlong_email_is_refused_unchecked() {
    let s = start().await;
    s.signup("Admin", ADMIN, PASSWORD).await;
    let long = format!("{}@example.com", "a".repeat(100_000));
    for _ in 0..40 {
        let r = signin_from(&s, &long, "wrong", None).await;
        assert_eq!(r.status, 400, "{}", r.body);
    }
    // neither the email's nor the client's limit counted them
    assert_eq!(signin_from(&s, ADMIN, PASSWORD, None).await.status, 200);
    for i in 0..30 {
        let r = signin_from(&s, &random_email(), "wrong", None).await;
        assert_eq!(r.status, 400, "attempt {i}: {}", r.body);
    }
}

/// While many sign-ins with random emails wait for hashing, requests that
/// need the database still get a thread for it at once. The server runs
/// on a runtime with few blocking threads, so that a sign-in holding one
/// while it waits would show.
#[test]
fn the_api_answers_quickly_while_random_sign_ins_flood() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .max_blocking_threads(16)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let s = start_with(|c| c.set("BCRYPT_ROUNDS", "10"), None).await;
        let (token, _) = s.signup("Admin", ADMIN, PASSWORD).await;
        assert_eq!(s.get("/api/config", &token).await.status, 200);
        let s = std::sync::Arc::new(s);
        let flood: Vec<_> = (0..150)
            .map(|i| {
                let s = s.clone();
                tokio::spawn(async move {
                    signin_from(&s, &random_email(), "wrong", Some(&client(i)))
                        .await
                        .status
                })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(300)).await;
        let mut slowest = Duration::ZERO;
        for _ in 0..5 {
            // as after any write: the caller's session is read again
            s.cx.sessions.clear();
            let t = Instant::now();
            let r = s.get("/api/config", &token).await;
            slowest = slowest.max(t.elapsed());
            assert_eq!(r.status, 200);
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let mut statuses = Vec::new();
        for f in flood {
            statuses.push(f.await.unwrap());
        }
        assert!(
            statuses.iter().all(|s| [400, 429].contains(s)),
            "{statuses:?}"
        );
        assert!(
            slowest < Duration::from_millis(500),
            "GET /api/config took {slowest:?} during the flood"
        );
    });
}

/// A refused sign-in is answered after a pause, so a client that signs in
/// again the moment it is refused cannot make thousands of attempts a
/// second.
#[tokio::test]
async fn a_refused_sign_in_waits_before_its_answer() {
    let s = start().await;
    s.signup("Admin", ADMIN, PASSWORD).await;
    let stranger = "203.0.113.9";
    for i in 0..30 {
        let r = signin_from(&s, &random_email(), "wrong", Some(stranger)).await;
        assert_eq!(r.status, 400, "attempt {i}: {}", r.body);
    }
    let t = Instant::now();
    assert_limited(&signin_from(&s, &random_email(), "wrong", Some(stranger)).await);
    let waited = t.elapsed();
    assert!(
        waited >= Duration::from_millis(200),
        "answered after {waited:?}"
    );
}

/// `POST /api/v1/auths/signup` of a new account, as forwarded for `client`.
async fn signup_from(s: &Server, email: &str, client: &str) -> Resp {
    let r = s
        .http
        .post(s.url("/api/v1/auths/signup"))
        .header("x-forwarded-for", client)
        .json(&json!({"name": "New", "email": email, "password": "pw-new-1"}))
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    let headers = r.headers().clone();
    let text = r.text().await.unwrap();
    Resp {
        status,
        body: serde_json::from_str(&text).unwrap_or(Value::Null),
        headers,
    }
}

#[tokio::test]
async fn sign_ups_from_one_client_are_limited() {
    let s = start().await;
    let (admin, _) = s.signup("Admin", ADMIN, PASSWORD).await;
    let r = s
        .post(
            "/api/v1/configs/import",
            &admin,
            json!({"config": {"ui.enable_signup": true}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let stranger = "203.0.113.7";
    for i in 0..owui::core::auths::SigninLimiter::SIGNUPS_PER_CLIENT {
        let r = signup_from(&s, &random_email(), stranger).await;
        assert_eq!(r.status, 200, "sign-up {i}: {}", r.body);
    }
    let email = random_email();
    assert_limited(&signup_from(&s, &email, stranger).await);
    // refused before any account is made
    assert_eq!(s.signin(&email, "pw-new-1").await.status, 400);
    // another client signs up
    let other = "198.51.100.9";
    assert_eq!(signup_from(&s, &random_email(), other).await.status, 200);
    // a refused sign-up (the email taken) makes no account and does not count
    for _ in 0..20 {
        let r = signup_from(&s, ADMIN, other).await;
        assert_eq!(r.status, 400, "{}", r.body);
    }
    assert_eq!(signup_from(&s, &random_email(), other).await.status, 200);
}
