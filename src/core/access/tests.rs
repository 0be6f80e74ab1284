use super::*;
use crate::core::actor::Role;
use crate::core::ctx::test_ctx;
use crate::core::groups::{self, GroupForm};
use crate::core::users::fixtures;

fn spec(pt: &str, pid: &str, perm: &str) -> GrantSpec {
    GrantSpec {
        id: None,
        principal_type: pt.into(),
        principal_id: pid.into(),
        permission: perm.into(),
    }
}

#[test]
fn grants_match_users_groups_and_everyone() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    let v = fixtures::user(&cx, "v@example.com", Role::User);
    let parent = groups::create(
        &cx,
        &admin,
        GroupForm {
            name: "p".into(),
            description: String::new(),
            parent_group_id: None,
            permissions: None,
            data: None,
        },
    )
    .unwrap();
    let child = groups::create(
        &cx,
        &admin,
        GroupForm {
            name: "c".into(),
            description: String::new(),
            parent_group_id: Some(Some(serde_json::json!(parent.id))),
            permissions: None,
            data: None,
        },
    )
    .unwrap();
    groups::add_members(&cx, &admin, &child.id, std::slice::from_ref(&u.id)).unwrap();
    update_grants(
        &cx,
        &admin,
        "model",
        "m1",
        vec![spec("group", &parent.id, "read")],
    )
    .unwrap();
    assert!(has_access(&cx, &u.id, "model", "m1", "read").unwrap());
    assert!(!has_access(&cx, &u.id, "model", "m1", "write").unwrap());
    assert!(!has_access(&cx, &v.id, "model", "m1", "read").unwrap());
    update_grants(&cx, &admin, "model", "m1", vec![spec("user", "*", "read")]).unwrap();
    assert!(has_access(&cx, &v.id, "model", "m1", "read").unwrap());
    // deleting the group removes grants naming it
    update_grants(
        &cx,
        &admin,
        "model",
        "m2",
        vec![spec("group", &parent.id, "read")],
    )
    .unwrap();
    groups::delete(&cx, &admin, &parent.id).unwrap();
    assert!(grants_of(&cx, "model", "m2").unwrap().is_empty());
}

#[test]
fn sharing_is_limited_by_permissions() {
    let (_d, cx) = test_ctx();
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    // users may not share models by default: the update is refused whole
    let e = update_grants(&cx, &u, "model", "m1", vec![spec("user", "*", "read")]).unwrap_err();
    assert!(matches!(e, Error::Forbidden(_)));
    assert!(grants_of(&cx, "model", "m1").unwrap().is_empty());
    // on create the forbidden grants are dropped silently
    let (kept, removed) = filter_grants(&cx, &u, "model", vec![spec("user", "*", "read")]).unwrap();
    assert!(kept.is_empty() && removed);
    // "anyone" is never valid for models, even for admins
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let (kept, _) = filter_grants(&cx, &admin, "model", vec![spec("anyone", "*", "read")]).unwrap();
    assert!(kept.is_empty());
}
