use super::*;
use crate::core::access::GrantSpec;
use crate::core::actor::Role;
use crate::core::chats::{self, ChatForm};
use crate::core::ctx::test_ctx;
use crate::core::users::fixtures;

fn form(name: &str, parent: Option<&str>) -> FolderForm {
    FolderForm {
        name: name.into(),
        data: None,
        meta: None,
        parent_id: parent.map(str::to_string),
    }
}

fn grant(pt: &str, pid: &str, perm: &str) -> GrantSpec {
    GrantSpec {
        id: None,
        principal_type: pt.into(),
        principal_id: pid.into(),
        permission: perm.into(),
    }
}

fn share(cx: &Ctx, id: &str, grants: Vec<GrantSpec>) {
    update_access(
        cx,
        &Actor::system(),
        id,
        AccessForm {
            access_grants: grants,
            share_mode: None,
        },
    )
    .unwrap();
}

/// A chat of `actor`, placed in `folder`.
fn chat_in(cx: &Ctx, actor: &Actor, folder: &str) -> String {
    let f: ChatForm = serde_json::from_value(json!({"chat": {"title": "c"}})).unwrap();
    let c = chats::create(cx, actor, f).unwrap();
    cx.db
        .write(|tx| {
            tx.execute(
                "UPDATE chat SET folder_id = ?2, updated_at = updated_at + 5 WHERE id = ?1",
                [&c.id, folder],
            )?;
            Ok(())
        })
        .unwrap();
    c.id
}

#[test]
fn names_are_unique_per_parent_case_insensitively() {
    let (_d, cx) = test_ctx();
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    let a = create(&cx, &u, form("Work", None)).unwrap();
    let e = create(&cx, &u, form("work", None)).unwrap_err();
    assert_eq!(e.message(), EXISTS);
    let b = create(&cx, &u, form("work", Some(&a.id))).unwrap();
    assert_eq!(b.parent_id.as_deref(), Some(a.id.as_str()));
    let e = update_parent(&cx, &u, &b.id, None).unwrap_err();
    assert_eq!(e.message(), EXISTS);
    let c = create(&cx, &u, form("c", Some(&b.id))).unwrap();
    let e = update_parent(&cx, &u, &a.id, Some(c.id.clone())).unwrap_err();
    assert_eq!(e.message(), INTO_ITSELF);
    let e = update_parent(&cx, &u, &c.id, Some(c.id.clone())).unwrap_err();
    assert_eq!(e.message(), INTO_ITSELF);
}

#[test]
fn update_merges_data_and_meta() {
    let (_d, cx) = test_ctx();
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    let mut f = form("p", None);
    f.data = Some(Map::from_iter([("system_prompt".into(), json!("hi"))]));
    f.meta = Some(Map::from_iter([("icon".into(), json!("x"))]));
    let a = create(&cx, &u, f).unwrap();
    let patch: FolderPatch =
        serde_json::from_value(json!({"name": "q", "data": {"model_ids": ["m"]}})).unwrap();
    let a = update(&cx, &u, &a.id, patch).unwrap();
    assert_eq!(a.name, "q");
    assert_eq!(
        a.data,
        Some(json!({"system_prompt": "hi", "model_ids": ["m"]}))
    );
    assert_eq!(a.meta, Some(json!({"icon": "x"})));
    let listed = list(&cx, &u).unwrap();
    assert_eq!(listed[0].meta, Some(json!({"icon": "x"})));
}

#[test]
fn others_see_nothing_until_shared_and_grants_reach_descendants() {
    let (_d, cx) = test_ctx();
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    let o = fixtures::user(&cx, "o@example.com", Role::User);
    let top = create(&cx, &u, form("top", None)).unwrap();
    let sub = create(&cx, &u, form("sub", Some(&top.id))).unwrap();
    assert!(matches!(get(&cx, &o, &sub.id), Err(Error::NotFound(_))));
    assert!(matches!(
        update(&cx, &o, &sub.id, FolderPatch::default()),
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        update_parent(&cx, &o, &sub.id, None),
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        delete(&cx, &o, &sub.id, false),
        Err(Error::Forbidden(_))
    ));
    assert!(list(&cx, &o).unwrap().is_empty());
    assert!(shared(&cx, &o).unwrap().is_empty());
    assert!(!can_read(&cx, &o, &sub.id).unwrap());

    share(&cx, &top.id, vec![grant("user", &o.id, "read")]);
    let d = get(&cx, &o, &sub.id).unwrap();
    assert!(!d.write_access);
    assert!(can_read(&cx, &o, &sub.id).unwrap());
    assert!(!can_write(&cx, &o, &sub.id).unwrap());
    let seen: Vec<(String, &str)> = shared(&cx, &o)
        .unwrap()
        .into_iter()
        .map(|s| (s.folder.name, s.permission))
        .collect();
    assert_eq!(seen, vec![("top".into(), "read"), ("sub".into(), "read")]);
    // the owner sees it as shared by them
    assert_eq!(shared(&cx, &u).unwrap()[0].permission, "write");
    // read is not enough to change it or create under it
    assert!(matches!(
        update(&cx, &o, &sub.id, FolderPatch::default()),
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        create(&cx, &o, form("x", Some(&sub.id))),
        Err(Error::Forbidden(_))
    ));

    share(
        &cx,
        &top.id,
        vec![grant("user", &o.id, "read"), grant("user", &o.id, "write")],
    );
    assert!(get(&cx, &o, &sub.id).unwrap().write_access);
    let made = create(&cx, &o, form("x", Some(&sub.id))).unwrap();
    assert_eq!(made.user_id, u.id);
    // a writer may not change the share mode, nor the sharing
    let p: FolderPatch =
        serde_json::from_value(json!({"data": {"share_mode": "continue"}})).unwrap();
    assert!(matches!(
        update(&cx, &o, &top.id, p),
        Err(Error::Forbidden(_))
    ));
    let e = update_access(
        &cx,
        &o,
        &top.id,
        AccessForm {
            access_grants: vec![],
            share_mode: None,
        },
    )
    .unwrap_err();
    assert!(matches!(e, Error::Forbidden(_)));
    // expanding by a non-owner changes nothing
    let f = update_expanded(&cx, &o, &top.id, true).unwrap();
    assert!(!f.is_expanded);
    assert!(update_expanded(&cx, &u, &top.id, true).unwrap().is_expanded);
}

#[test]
fn sharing_needs_the_permission_and_no_public_audience() {
    let (_d, cx) = test_ctx();
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    let o = fixtures::user(&cx, "o@example.com", Role::User);
    let top = create(&cx, &u, form("top", None)).unwrap();
    let ask = |g: Vec<GrantSpec>| {
        update_access(
            &cx,
            &u,
            &top.id,
            AccessForm {
                access_grants: g,
                share_mode: Some(Some(json!("continue"))),
            },
        )
    };
    // users may not share folders by default
    assert!(matches!(
        ask(vec![grant("user", &o.id, "read")]),
        Err(Error::Forbidden(_))
    ));
    assert_eq!(get(&cx, &u, &top.id).unwrap().folder.share_mode(), None);
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let r = update_access(
        &cx,
        &admin,
        &top.id,
        AccessForm {
            access_grants: vec![grant("user", "*", "read"), grant("user", &o.id, "read")],
            share_mode: Some(Some(json!("continue"))),
        },
    )
    .unwrap();
    assert_eq!(r.access_grants.len(), 1);
    assert_eq!(r.access_grants[0].principal_id, o.id);
    assert_eq!(r.folder.share_mode(), Some("continue"));
}

#[test]
fn unread_counts_roll_up_and_read_clears_them() {
    let (_d, cx) = test_ctx();
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    let top = create(&cx, &u, form("top", None)).unwrap();
    let sub = create(&cx, &u, form("sub", Some(&top.id))).unwrap();
    let other = create(&cx, &u, form("other", None)).unwrap();
    chat_in(&cx, &u, &sub.id);
    chat_in(&cx, &u, &top.id);
    let counts: BTreeMap<String, i64> = list(&cx, &u)
        .unwrap()
        .into_iter()
        .map(|f| (f.name, f.unread_count))
        .collect();
    assert_eq!(counts["top"], 2);
    assert_eq!(counts["sub"], 1);
    assert_eq!(counts["other"], 0);
    let r = mark_read(&cx, &u, &top.id).unwrap();
    assert_eq!(r.updated_count, 2);
    assert_eq!(r.folder_ids.len(), 2);
    assert_eq!(r.folder_unread_counts[&top.id], 0);
    assert_eq!(r.folder_unread_counts[&other.id], 0);
}

#[test]
fn list_repairs_missing_parents_and_cycles() {
    let (_d, cx) = test_ctx();
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    let a = create(&cx, &u, form("a", None)).unwrap();
    let b = create(&cx, &u, form("b", Some(&a.id))).unwrap();
    let c = create(&cx, &u, form("c", Some("gone"))).unwrap();
    cx.db
        .write(|tx| {
            tx.execute(
                "UPDATE folder SET parent_id = ?1 WHERE id = ?2",
                [&b.id, &a.id],
            )?;
            Ok(())
        })
        .unwrap();
    let l = list(&cx, &u).unwrap();
    let parent = |id: &str| l.iter().find(|f| f.id == id).unwrap().parent_id.clone();
    assert_eq!(parent(&c.id), None);
    assert_eq!(parent(&a.id), None);
    assert_eq!(parent(&b.id), Some(a.id.clone()));
    assert_eq!(find(&cx, &a.id).unwrap().unwrap().parent_id, None);
}

#[test]
fn delete_takes_subtree_grants_and_optionally_chats() {
    let (_d, cx) = test_ctx();
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    let o = fixtures::user(&cx, "o@example.com", Role::User);
    let top = create(&cx, &u, form("top", None)).unwrap();
    let sub = create(&cx, &u, form("sub", Some(&top.id))).unwrap();
    share(&cx, &top.id, vec![grant("user", &o.id, "read")]);
    let mine = chat_in(&cx, &u, &sub.id);
    let theirs = chat_in(&cx, &o, &top.id);
    let gone = delete(&cx, &u, &top.id, true).unwrap();
    assert_eq!(gone.len(), 2);
    assert!(find(&cx, &sub.id).unwrap().is_none());
    assert!(access::grants_of(&cx, RT, &top.id).unwrap().is_empty());
    assert!(chats::get(&cx, &u, &mine).is_err());
    assert_eq!(chats::get(&cx, &o, &theirs).unwrap().folder_id, None);

    let keep = create(&cx, &u, form("keep", None)).unwrap();
    let kept = chat_in(&cx, &u, &keep.id);
    delete(&cx, &u, &keep.id, false).unwrap();
    assert_eq!(chats::get(&cx, &u, &kept).unwrap().folder_id, None);
}

#[test]
fn the_feature_gate_closes_every_operation() {
    let (_d, cx) = test_ctx();
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    crate::core::configs::set(&cx, &Actor::system(), "folders.enable", json!(false)).unwrap();
    assert!(matches!(list(&cx, &u), Err(Error::Forbidden(_))));
    assert!(matches!(list(&cx, &admin), Err(Error::Forbidden(_))));
    crate::core::configs::set(&cx, &Actor::system(), "folders.enable", json!(true)).unwrap();
    assert!(list(&cx, &u).unwrap().is_empty());
}

#[test]
fn a_folder_moves_only_under_a_folder_the_mover_may_write() {
    let (_d, cx) = test_ctx();
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    let o = fixtures::user(&cx, "o@example.com", Role::User);
    let mine = create(&cx, &u, form("mine", None)).unwrap();
    let theirs = create(&cx, &o, form("theirs", None)).unwrap();
    // not shared, shared to read: no
    let e = update_parent(&cx, &u, &mine.id, Some(theirs.id.clone())).unwrap_err();
    assert!(matches!(e, Error::Forbidden(_)), "{e:?}");
    share(&cx, &theirs.id, vec![grant("user", &u.id, "read")]);
    let e = update_parent(&cx, &u, &mine.id, Some(theirs.id.clone())).unwrap_err();
    assert!(matches!(e, Error::Forbidden(_)), "{e:?}");
    assert_eq!(get(&cx, &u, &mine.id).unwrap().folder.parent_id, None);
    // a parent that does not exist
    let e = update_parent(&cx, &u, &mine.id, Some("nope".into())).unwrap_err();
    assert!(matches!(e, Error::NotFound(_)), "{e:?}");
    // shared to write: yes
    share(&cx, &theirs.id, vec![grant("user", &u.id, "write")]);
    let moved = update_parent(&cx, &u, &mine.id, Some(theirs.id.clone())).unwrap();
    assert_eq!(moved.parent_id.as_deref(), Some(theirs.id.as_str()));
}
