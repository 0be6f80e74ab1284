use super::*;
use crate::core::ctx::test_ctx;

fn signup_form(email: &str) -> SignupForm {
    SignupForm {
        name: "Ada".into(),
        email: email.into(),
        password: "pw-123456".into(),
        profile_image_url: None,
    }
}

#[test]
fn first_signup_is_admin_and_closes_signup() {
    let (_d, cx) = test_ctx();
    let s = signup(&cx, signup_form("ada@example.com"), None).unwrap();
    assert_eq!(s.role, Role::Admin);
    assert!(!cx.store.bool("ui.enable_signup"));
    let e = signup(&cx, signup_form("bob@example.com"), None).unwrap_err();
    assert!(matches!(e, Error::Forbidden(_)));
}

#[test]
fn later_signups_get_the_default_role() {
    let (_d, cx) = test_ctx();
    signup(&cx, signup_form("ada@example.com"), None).unwrap();
    crate::core::configs::set(&cx, &Actor::system(), "ui.enable_signup", Value::Bool(true))
        .unwrap();
    let s = signup(&cx, signup_form("bob@example.com"), None).unwrap();
    assert_eq!(s.role, Role::Pending);
    let e = signup(&cx, signup_form("BOB@example.com"), None).unwrap_err();
    assert_eq!(e.message(), msg::EMAIL_TAKEN);
}

fn form(email: &str, password: &str) -> SigninForm {
    SigninForm {
        email: email.into(),
        password: password.into(),
    }
}

#[tokio::test]
async fn signin_and_token_checks() {
    let (_d, cx) = test_ctx();
    let s = signup(&cx, signup_form("ada@example.com"), None).unwrap();
    let bad = signin(&cx, form("ada@example.com", "nope"), None)
        .await
        .unwrap_err();
    assert_eq!(bad.message(), msg::INVALID_CRED);
    let unknown = signin(&cx, form("x@example.com", "nope"), None)
        .await
        .unwrap_err();
    assert_eq!(unknown.message(), msg::INVALID_CRED);
    let ok = signin(&cx, form("ADA@example.com", "pw-123456"), None)
        .await
        .unwrap();
    let a = authenticate(&cx, &ok.token, "/").unwrap();
    assert_eq!(a.id, s.id);
    assert!(authenticate(&cx, "garbage", "/").is_err());
    // changing the password signs every session out
    update_password(&cx, &a, "pw-123456", "new-password").unwrap();
    let e = authenticate(&cx, &ok.token, "/").unwrap_err();
    assert_eq!(e.message(), "Invalid token");
}

#[tokio::test]
async fn signin_is_rate_limited_per_email_but_the_right_password_gets_in() {
    let (_d, cx) = test_ctx();
    signup(&cx, signup_form("ada@example.com"), None).unwrap();
    for _ in 0..SigninLimiter::PER_EMAIL {
        let e = signin(&cx, form("ada@example.com", "p"), None)
            .await
            .unwrap_err();
        assert!(matches!(e, Error::Invalid(_)), "{e}");
    }
    let e = signin(&cx, form("ADA@example.com", "p"), None)
        .await
        .unwrap_err();
    assert!(matches!(e, Error::RateLimited(_)), "{e}");
    signin(&cx, form("ada@example.com", "pw-123456"), None)
        .await
        .unwrap();
}

#[tokio::test]
async fn signin_is_rate_limited_per_client_and_successes_do_not_count() {
    let (_d, cx) = test_ctx();
    signup(&cx, signup_form("ada@example.com"), None).unwrap();
    let ip: IpAddr = "2001:db8::1".parse().unwrap();
    for _ in 0..SigninLimiter::PER_CLIENT + 3 {
        signin(&cx, form("ada@example.com", "pw-123456"), Some(ip))
            .await
            .unwrap();
    }
    for i in 0..SigninLimiter::PER_CLIENT {
        let e = signin(&cx, form(&format!("u{i}@example.com"), "p"), Some(ip))
            .await
            .unwrap_err();
        assert!(matches!(e, Error::Invalid(_)), "{e}");
    }
    // the client is refused before any check, the right password too;
    // another address of the same /64 network is the same client
    let same_net: IpAddr = "2001:db8::2".parse().unwrap();
    let e = signin(&cx, form("ada@example.com", "pw-123456"), Some(same_net))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::RateLimited(_)), "{e}");
    let other: IpAddr = "2001:db8:1::1".parse().unwrap();
    signin(&cx, form("ada@example.com", "pw-123456"), Some(other))
        .await
        .unwrap();
}

#[tokio::test]
async fn an_overlong_email_is_refused_before_it_is_counted() {
    let (_d, cx) = test_ctx();
    let long = format!("{}@example.com", "a".repeat(400));
    for _ in 0..SigninLimiter::PER_EMAIL + 1 {
        let e = signin(&cx, form(&long, "p"), None).await.unwrap_err();
        assert_eq!(e.message(), msg::INVALID_CRED);
    }
    assert!(cx.signin_limiter.emails.hits.lock().unwrap().is_empty());
}

#[test]
fn a_panicking_hashing_job_leaves_hashing_working() {
    let (_d, cx) = test_ctx();
    // more panics than there are hashing threads
    for _ in 0..16 {
        let e = cx.hasher.run(|| -> bool { panic!("boom") }).unwrap_err();
        assert!(matches!(e, Error::Internal(_)), "{e}");
    }
    let h = password::hash(&cx, "secret").unwrap();
    assert!(password::verify(&cx, "secret", Some(&h)).unwrap());
}

#[test]
fn api_keys_need_the_setting_and_permission() {
    let (_d, cx) = test_ctx();
    let admin = crate::core::users::fixtures::user(&cx, "a@example.com", Role::Admin);
    let user = crate::core::users::fixtures::user(&cx, "u@example.com", Role::User);
    assert!(matches!(
        create_api_key(&cx, &admin),
        Err(Error::Forbidden(_))
    ));
    crate::core::configs::set(
        &cx,
        &Actor::system(),
        "auth.enable_api_keys",
        Value::Bool(true),
    )
    .unwrap();
    let key = create_api_key(&cx, &admin).unwrap();
    assert!(key.starts_with("sk-") && key.len() == 35);
    assert_eq!(authenticate(&cx, &key, "/api/models").unwrap().id, admin.id);
    assert!(matches!(
        create_api_key(&cx, &user),
        Err(Error::Forbidden(_))
    ));
    // a new key replaces the old one
    let key2 = create_api_key(&cx, &admin).unwrap();
    assert!(authenticate(&cx, &key, "/").is_err());
    assert_eq!(get_api_key(&cx, &admin).unwrap(), key2);
    // turning keys off locks them out
    crate::core::configs::set(
        &cx,
        &Actor::system(),
        "auth.enable_api_keys",
        Value::Bool(false),
    )
    .unwrap();
    assert!(matches!(
        authenticate(&cx, &key2, "/"),
        Err(Error::Disabled(_))
    ));
}

#[test]
fn passwords_verify_and_are_bcrypt() {
    let (_d, cx) = test_ctx();
    let h = password::hash(&cx, "secret").unwrap();
    assert!(h.starts_with("$2b$"));
    assert!(password::verify(&cx, "secret", Some(&h)).unwrap());
    assert!(!password::verify(&cx, "wrong", Some(&h)).unwrap());
    assert!(!password::verify(&cx, "secret", None).unwrap());
    // a cost-12 hash made by Python's bcrypt 5 (what Open WebUI stores)
    let py = "$2b$12$3QNJBK2XtGdc8g3lQn4uf.pcHd8xHBpOdAg7c634sWdgLaSBVZeiq";
    assert!(password::verify(&cx, "open-webui", Some(py)).unwrap());
    assert!(!password::verify(&cx, "open-webui!", Some(py)).unwrap());
}

#[tokio::test]
async fn an_admin_change_of_email_and_password_updates_the_credentials() {
    let (_d, cx) = test_ctx();
    let admin = signup(&cx, signup_form("ada@example.com"), None).unwrap();
    let admin = authenticate(&cx, &admin.token, "/").unwrap();
    let u = crate::core::users::fixtures::user(&cx, "u@example.com", Role::User);
    let before = signin(&cx, form("u@example.com", "password-1"), None)
        .await
        .unwrap();
    let patch = crate::core::users::UserPatch {
        email: Some("New@Example.com".into()),
        password: Some("password-2".into()),
        ..Default::default()
    };
    crate::core::users::update(&cx, &admin, &u.id, patch).unwrap();
    let auth_email: String = cx
        .db
        .read(|c| {
            Ok(
                c.query_row("SELECT email FROM auth WHERE id = ?1", [&u.id], |r| {
                    r.get(0)
                })?,
            )
        })
        .unwrap();
    assert_eq!(auth_email, "new@example.com");
    assert!(authenticate(&cx, &before.token, "/").is_err());
    let after = signin(&cx, form("new@example.com", "password-2"), None)
        .await
        .unwrap();
    crate::core::users::revoke_sessions(&cx, &admin, &u.id).unwrap();
    assert!(authenticate(&cx, &after.token, "/").is_err());
}

#[tokio::test]
async fn signing_out_revokes_that_token_only_until_it_expires() {
    let (_d, cx) = test_ctx();
    signup(&cx, signup_form("ada@example.com"), None).unwrap();
    let one = signin(&cx, form("ada@example.com", "pw-123456"), None)
        .await
        .unwrap();
    let two = signin(&cx, form("ada@example.com", "pw-123456"), None)
        .await
        .unwrap();
    // both are checked, and kept in the session cache
    authenticate(&cx, &one.token, "/").unwrap();
    authenticate(&cx, &two.token, "/").unwrap();
    assert_eq!(signout(&cx, &one.token).unwrap(), Some(one.id.clone()));
    let e = authenticate(&cx, &one.token, "/").unwrap_err();
    assert_eq!(e.message(), "Invalid token");
    assert!(authenticate_cached(&cx, &one.token).is_none_or(|r| r.is_err()));
    authenticate(&cx, &two.token, "/").unwrap();
    // a second sign-out of the same token, a bad token, an API key: nothing
    assert_eq!(signout(&cx, &one.token).unwrap(), None);
    assert_eq!(signout(&cx, "garbage").unwrap(), None);
    assert_eq!(signout(&cx, "sk-123").unwrap(), None);
    // the row goes when the token would have expired
    let t = now();
    cx.db
        .write(|tx| store::revoke_token(tx, "old", &one.id, Some(t - 1), t))
        .unwrap();
    cx.db
        .write(|tx| store::revoke_token(tx, "forever", &one.id, None, t))
        .unwrap();
    let rows: Vec<String> = cx
        .db
        .read(|c| {
            let mut st = c.prepare("SELECT jti FROM revoked_token ORDER BY jti")?;
            let r = st.query_map([], |r| r.get(0))?;
            Ok(r.collect::<rusqlite::Result<_>>()?)
        })
        .unwrap();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows.contains(&"forever".to_string()) && !rows.contains(&"old".to_string()));
}

#[test]
fn deleting_a_user_deletes_their_credentials() {
    let (_d, cx) = test_ctx();
    let admin = crate::core::users::fixtures::user(&cx, "a@example.com", Role::Admin);
    let u = crate::core::users::fixtures::user(&cx, "u@example.com", Role::Admin);
    crate::core::configs::set(
        &cx,
        &Actor::system(),
        "auth.enable_api_keys",
        Value::Bool(true),
    )
    .unwrap();
    let key = create_api_key(&cx, &u).unwrap();
    crate::core::users::delete(&cx, &admin, &u.id).unwrap();
    assert!(cx.db.read(|c| store::get(c, &u.id)).unwrap().is_none());
    assert!(
        cx.db
            .read(|c| store::user_id_by_api_key(c, &key))
            .unwrap()
            .is_none()
    );
}

#[test]
fn checked_tokens_still_expire() {
    let (_d, cx) = test_ctx();
    let (t, _) = token::issue(&cx.secret, "u1", None, Some(60), None).unwrap();
    assert_eq!(cx.sessions.decode(&cx.secret, &t).unwrap().id, "u1");
    // its time runs out while it is kept as checked
    let past = Some(now() - 1);
    cx.sessions.tokens.lock().unwrap().get_mut(&t).unwrap().exp = past;
    assert!(cx.sessions.decode(&cx.secret, &t).is_err());
    assert!(cx.sessions.tokens.lock().unwrap().is_empty());
    // a token signed with another key is checked, not taken
    let (forged, _) = token::issue(b"other", "u1", None, Some(60), None).unwrap();
    assert!(cx.sessions.decode(&cx.secret, &forged).is_err());
}
