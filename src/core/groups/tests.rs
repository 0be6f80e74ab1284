use super::*;
use crate::core::actor::Role;
use crate::core::ctx::test_ctx;
use crate::core::users::{fixtures, permissions};

fn form(name: &str, parent: Option<&str>) -> GroupForm {
    GroupForm {
        name: name.into(),
        description: String::new(),
        parent_group_id: Some(parent.map(|p| json!(p))),
        permissions: None,
        data: None,
    }
}

#[test]
fn inherited_membership_and_permissions() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    let parent = create(&cx, &admin, form("parent", None)).unwrap();
    let child = create(&cx, &admin, form("child", Some(&parent.id))).unwrap();
    update(
        &cx,
        &admin,
        &parent.id,
        GroupPatch {
            permissions: Some(json!({"workspace": {"models": true}})),
            ..Default::default()
        },
    )
    .unwrap();
    add_members(
        &cx,
        &admin,
        &child.id,
        &[u.id.clone(), "no-such-user".into()],
    )
    .unwrap();
    let direct: Vec<String> = groups_of_user(&cx, &u.id, false)
        .unwrap()
        .into_iter()
        .map(|g| g.id)
        .collect();
    assert_eq!(direct, vec![child.id.clone()]);
    let all = groups_of_user(&cx, &u.id, true).unwrap();
    assert_eq!(all.len(), 2);
    assert!(permissions::has(&cx, &u.id, "workspace.models").unwrap());
    let m = members(&cx, &admin, &parent.id, "effective", None, 1).unwrap();
    assert_eq!((m.counts.direct, m.counts.inherited), (0, 1));
    assert_eq!(m.items[0].via_group_ids, vec![child.id.clone()]);
}

#[test]
fn cycles_are_refused_and_delete_reattaches_children() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let a = create(&cx, &admin, form("a", None)).unwrap();
    let b = create(&cx, &admin, form("b", Some(&a.id))).unwrap();
    let c = create(&cx, &admin, form("c", Some(&b.id))).unwrap();
    let e = update(
        &cx,
        &admin,
        &a.id,
        GroupPatch {
            parent_group_id: Some(Some(json!(c.id))),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(matches!(e, Error::Invalid(_)));
    delete(&cx, &admin, &b.id).unwrap();
    assert_eq!(
        get(&cx, &admin, &c.id).unwrap().parent_group_id,
        Some(a.id.clone())
    );
}

#[test]
fn users_see_only_their_groups_and_cannot_change_them() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    let mine = create(&cx, &admin, form("mine", None)).unwrap();
    let _other = create(&cx, &admin, form("other", None)).unwrap();
    add_members(&cx, &admin, &mine.id, std::slice::from_ref(&u.id)).unwrap();
    let seen: Vec<String> = list(&cx, &u, None)
        .unwrap()
        .into_iter()
        .map(|g| g.name)
        .collect();
    assert_eq!(seen, vec!["mine"]);
    assert_eq!(list(&cx, &admin, None).unwrap().len(), 2);
    assert!(matches!(
        create(&cx, &u, form("x", None)),
        Err(Error::RoleTooLow { .. })
    ));
    assert!(matches!(
        delete(&cx, &u, &mine.id),
        Err(Error::RoleTooLow { .. })
    ));
    assert!(matches!(
        add_members(&cx, &u, &mine.id, std::slice::from_ref(&u.id)),
        Err(Error::RoleTooLow { .. })
    ));
}
