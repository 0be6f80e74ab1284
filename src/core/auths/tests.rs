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
