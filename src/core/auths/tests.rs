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
    let s = signup(&cx, signup_form("ada@example.com")).unwrap();
    assert_eq!(s.role, Role::Admin);
    assert!(!cx.store.bool("ui.enable_signup"));
    let e = signup(&cx, signup_form("bob@example.com")).unwrap_err();
    assert!(matches!(e, Error::Forbidden(_)));
}

#[test]
fn later_signups_get_the_default_role() {
    let (_d, cx) = test_ctx();
    signup(&cx, signup_form("ada@example.com")).unwrap();
    crate::core::configs::set(&cx, &Actor::system(), "ui.enable_signup", Value::Bool(true))
        .unwrap();
    let s = signup(&cx, signup_form("bob@example.com")).unwrap();
    assert_eq!(s.role, Role::Pending);
    let e = signup(&cx, signup_form("BOB@example.com")).unwrap_err();
    assert_eq!(e.message(), msg::EMAIL_TAKEN);
}

#[test]
fn signin_and_token_checks() {
    let (_d, cx) = test_ctx();
    let s = signup(&cx, signup_form("ada@example.com")).unwrap();
    let bad = signin(
        &cx,
        SigninForm {
            email: "ada@example.com".into(),
            password: "nope".into(),
        },
    )
    .unwrap_err();
    assert_eq!(bad.message(), msg::INVALID_CRED);
    let unknown = signin(
        &cx,
        SigninForm {
            email: "x@example.com".into(),
            password: "nope".into(),
        },
    )
    .unwrap_err();
    assert_eq!(unknown.message(), msg::INVALID_CRED);
    let ok = signin(
        &cx,
        SigninForm {
            email: "ADA@example.com".into(),
            password: "pw-123456".into(),
        },
    )
    .unwrap();
    let a = authenticate(&cx, &ok.token, "/").unwrap();
    assert_eq!(a.id, s.id);
    assert!(authenticate(&cx, "garbage", "/").is_err());
    // changing the password signs every session out
    update_password(&cx, &a, "pw-123456", "new-password").unwrap();
    let e = authenticate(&cx, &ok.token, "/").unwrap_err();
    assert_eq!(e.message(), "Invalid token");
}

#[test]
fn signin_is_rate_limited_per_email() {
    let (_d, cx) = test_ctx();
    for _ in 0..15 {
        let _ = signin(
            &cx,
            SigninForm {
                email: "x@example.com".into(),
                password: "p".into(),
            },
        );
    }
    let e = signin(
        &cx,
        SigninForm {
            email: "X@example.com".into(),
            password: "p".into(),
        },
    )
    .unwrap_err();
    assert!(matches!(e, Error::RateLimited(_)));
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
    assert!(password::verify(&cx, "secret", Some(&h)));
    assert!(!password::verify(&cx, "wrong", Some(&h)));
    assert!(!password::verify(&cx, "secret", None));
    // a cost-12 hash made by Python's bcrypt 5 (what Open WebUI stores)
    let py = "$2b$12$3QNJBK2XtGdc8g3lQn4uf.pcHd8xHBpOdAg7c634sWdgLaSBVZeiq";
    assert!(password::verify(&cx, "open-webui", Some(py)));
    assert!(!password::verify(&cx, "open-webui!", Some(py)));
}

#[test]
fn an_admin_change_of_email_and_password_updates_the_credentials() {
    let (_d, cx) = test_ctx();
    let admin = signup(&cx, signup_form("ada@example.com")).unwrap();
    let admin = authenticate(&cx, &admin.token, "/").unwrap();
    let u = crate::core::users::fixtures::user(&cx, "u@example.com", Role::User);
    let before = signin(
        &cx,
        SigninForm {
            email: "u@example.com".into(),
            password: "password-1".into(),
        },
    )
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
    let after = signin(
        &cx,
        SigninForm {
            email: "new@example.com".into(),
            password: "password-2".into(),
        },
    )
    .unwrap();
    crate::core::users::revoke_sessions(&cx, &admin, &u.id).unwrap();
    assert!(authenticate(&cx, &after.token, "/").is_err());
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
