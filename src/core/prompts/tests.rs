use serde_json::json;

use super::*;
use crate::core::actor::Role;
use crate::core::ctx::test_ctx;
use crate::core::users::fixtures;

#[test]
fn create_update_restore_delete() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let mut f = PromptForm::new("hello", "Hello", "Say hi to {{USER_NAME}}");
    f.tags = Some(vec!["greet".into()]);
    let p = create(&cx, &admin, f).unwrap();
    assert_eq!(p.data, Some(json!({})));
    assert!(p.version_id.is_some());
    let first = p.version_id.clone().unwrap();

    // the same command again
    let e = create(&cx, &admin, PromptForm::new("hello", "x", "y")).unwrap_err();
    assert_eq!(e.message(), COMMAND_TAKEN);

    // a draft keeps the live content
    let mut draft = PromptForm::new("hello", "Hello", "draft text");
    draft.is_production = false;
    let d = update(&cx, &admin, &p.id, draft).unwrap();
    assert_eq!(d.content, "Say hi to {{USER_NAME}}");
    assert_eq!(d.version_id.as_deref(), Some(first.as_str()));
    let h = history(&cx, &admin, &p.id, 0).unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h[0].entry.snapshot["content"], "draft text");
    assert_eq!(h[0].entry.parent_id.as_deref(), Some(first.as_str()));

    // a production update, then back to the first version
    let u = update(&cx, &admin, &p.id, PromptForm::new("hi", "Hi", "new")).unwrap();
    assert_eq!((u.command.as_str(), u.content.as_str()), ("hi", "new"));
    assert_ne!(u.version_id.as_deref(), Some(first.as_str()));
    let r = set_version(&cx, &admin, &p.id, &first).unwrap();
    assert_eq!(
        (r.command.as_str(), r.content.as_str()),
        ("hi", "Say hi to {{USER_NAME}}")
    );
    let e = delete_history_entry(&cx, &admin, &p.id, &first).unwrap_err();
    assert_eq!(e.message(), ACTIVE_VERSION);
    let dd = diff(&cx, &admin, &p.id, &first, &u.version_id.unwrap()).unwrap();
    assert_eq!(
        dd.content_diff[2..],
        ["@@ -1 +1 @@", "-Say hi to {{USER_NAME}}", "+new"]
    );
    assert!(dd.name_changed);

    assert!(delete(&cx, &admin, &p.id).unwrap());
    assert!(matches!(get(&cx, &admin, &p.id), Err(Error::NotFound(_))));
}

#[test]
fn others_need_grants() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let u = fixtures::user(&cx, "u@example.com", Role::User);
    let p = create(&cx, &admin, PromptForm::new("x", "X", "x")).unwrap();
    // users may not create prompts by default
    let e = create(&cx, &u, PromptForm::new("y", "Y", "y")).unwrap_err();
    assert!(matches!(e, Error::NotPermitted(_)));
    assert!(matches!(get(&cx, &u, &p.id), Err(Error::NotFound(_))));
    assert!(matches!(toggle(&cx, &u, &p.id), Err(Error::ReadOnly(_))));
    assert!(list(&cx, &u).unwrap().is_empty());
    let g =
        |perm: &str| json!({"principal_type": "user", "principal_id": u.id, "permission": perm});
    update_access(&cx, &admin, &p.id, &[g("read")]).unwrap();
    let seen = get(&cx, &u, &p.id).unwrap();
    assert!(!seen.write_access);
    assert_eq!(list(&cx, &u).unwrap().len(), 1);
    assert!(matches!(delete(&cx, &u, &p.id), Err(Error::ReadOnly(_))));
    update_access(&cx, &admin, &p.id, &[g("read"), g("write")]).unwrap();
    assert!(get(&cx, &u, &p.id).unwrap().write_access);
    assert!(!toggle(&cx, &u, &p.id).unwrap().is_active);
    // inactive prompts leave the slash list but stay in the workspace list
    assert!(list(&cx, &u).unwrap().is_empty());
    assert_eq!(search(&cx, &u, &ListQuery::default()).unwrap().total, 1);
}

#[test]
fn import_is_all_or_nothing() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let items = [
        json!({"command": "/old", "title": "Old", "content": "c"}),
        json!({"command": "new", "name": "New", "content": "d", "tags": ["t"]}),
    ];
    let done = import(&cx, &admin, &items).unwrap();
    assert_eq!(done[0].command, "old");
    assert_eq!(done[1].tags, Some(vec!["t".to_string()]));
    let e = import(
        &cx,
        &admin,
        &[
            json!({"command": "z", "name": "Z", "content": ""}),
            items[1].clone(),
        ],
    )
    .unwrap_err();
    assert!(e.message().starts_with("/new: "));
    assert_eq!(export(&cx, &admin).unwrap().len(), 2);
}
