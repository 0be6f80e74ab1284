use super::*;
use crate::core::actor::Actor;
use crate::core::ctx::test_ctx;

fn new(email: &str) -> NewUser {
    NewUser {
        name: "Ada".into(),
        email: email.into(),
        password: "pw-123456".into(),
        role: Some(Role::User),
        profile_image_url: None,
    }
}

#[test]
fn emails_are_checked_and_lowercased() {
    assert_eq!(
        normalize_email(" Ada@Example.COM ").unwrap(),
        "ada@example.com"
    );
    assert!(normalize_email("admin@localhost").is_ok());
    for bad in ["ada", "ada@", "@x.y", "ada@example", "a b@x.y", "a@x."] {
        assert!(normalize_email(bad).is_err(), "{bad}");
    }
}

#[test]
fn create_get_and_duplicate_email() {
    let (_d, cx) = test_ctx();
    let sys = Actor::system();
    let u = create(&cx, &sys, new("Ada@Example.com")).unwrap();
    assert_eq!(u.email, "ada@example.com");
    assert_eq!(get(&cx, &sys, &u.id).unwrap(), u);
    let e = create(&cx, &sys, new("ADA@example.com")).unwrap_err();
    assert_eq!(e.message(), msg::EMAIL_TAKEN);
    assert_eq!(count(&cx).unwrap(), 1);
}

#[test]
fn too_long_passwords_are_refused() {
    let (_d, cx) = test_ctx();
    let mut n = new("a@example.com");
    n.password = "x".repeat(73);
    let e = create(&cx, &Actor::system(), n).unwrap_err();
    assert_eq!(e.message(), msg::PASSWORD_TOO_LONG);
    assert_eq!(count(&cx).unwrap(), 0);
}

#[test]
fn only_admins_manage_users_and_primary_admin_is_protected() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "admin@example.com", Role::Admin);
    let other_admin = fixtures::user(&cx, "admin2@example.com", Role::Admin);
    let user = fixtures::user(&cx, "user@example.com", Role::User);
    assert!(matches!(
        create(&cx, &user, new("x@example.com")),
        Err(Error::RoleTooLow { .. })
    ));
    assert!(matches!(
        delete(&cx, &user, &other_admin.id),
        Err(Error::RoleTooLow { .. })
    ));
    // another admin cannot change or delete the primary admin
    let patch = UserPatch {
        name: Some("Mallory".into()),
        ..Default::default()
    };
    assert!(matches!(
        update(&cx, &other_admin, &admin.id, patch),
        Err(Error::Forbidden(_))
    ));
    assert!(matches!(
        delete(&cx, &other_admin, &admin.id),
        Err(Error::Forbidden(_))
    ));
    // the primary admin cannot demote themself
    let demote = UserPatch {
        role: Some(Role::User),
        ..Default::default()
    };
    assert!(matches!(
        update(&cx, &admin, &admin.id, demote),
        Err(Error::Forbidden(_))
    ));
    // nobody deletes themself
    assert!(matches!(
        delete(&cx, &other_admin, &other_admin.id),
        Err(Error::Forbidden(_))
    ));
    delete(&cx, &admin, &user.id).unwrap();
    assert!(find(&cx, &user.id).unwrap().is_none());
}

#[test]
fn settings_ui_is_a_field_patch() {
    let (_d, cx) = test_ctx();
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    assert_eq!(settings(&cx, &u, false).unwrap(), Value::Null);
    update_settings(&cx, &u, json!({"ui": {"a": 1, "b": 2}})).unwrap();
    let s = update_settings(&cx, &u, json!({"ui": {"a": null, "c": 3}})).unwrap();
    assert_eq!(s, json!({"ui": {"b": 2, "c": 3}}));
}

#[test]
fn variables_are_validated() {
    let (_d, cx) = test_ctx();
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    assert!(set_variables(&cx, &u, json!({"Bad": "x"})).is_err());
    assert!(set_variables(&cx, &u, json!({"ok": 1})).is_err());
    set_variables(&cx, &u, json!({"city": "Paris"})).unwrap();
    assert_eq!(variables(&cx, &u).unwrap(), json!({"city": "Paris"}));
}

#[test]
fn pending_users_cannot_use_verified_functions() {
    let (_d, cx) = test_ctx();
    let p = fixtures::user(&cx, "p@example.com", Role::Pending);
    assert!(matches!(
        settings(&cx, &p, false),
        Err(Error::RoleTooLow { .. })
    ));
    assert!(matches!(
        search(&cx, &p, &ListQuery::default()),
        Err(Error::RoleTooLow { .. })
    ));
}
