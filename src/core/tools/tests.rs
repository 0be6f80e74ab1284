use super::*;
use crate::core::actor::Role;
use crate::core::ctx::test_ctx;
use crate::core::users::fixtures;

fn insert_tool(cx: &Ctx, id: &str, owner: &str, updated_at: i64) {
    cx.db
        .write(|tx| {
            tx.execute(
                "INSERT INTO tool (id, user_id, name, content, specs, meta, valves, updated_at, created_at) \
                 VALUES (?1, ?2, ?1, 'class Tools: pass', '[]', '{\"description\": \"d\"}', NULL, ?3, ?3)",
                rusqlite::params![id, owner, updated_at],
            )?;
            Ok(())
        })
        .unwrap();
}

/// Add one grant to a tool's grants.
fn grant(cx: &Ctx, tool: &str, pt: &str, pid: &str, perm: &str) {
    use crate::core::access::{self, GrantSpec};
    let spec = |pt: &str, pid: &str, perm: &str| GrantSpec {
        id: None,
        principal_type: pt.into(),
        principal_id: pid.into(),
        permission: perm.into(),
    };
    cx.db
        .write(|tx| {
            let mut specs: Vec<GrantSpec> = access::grants_in(tx, "tool", tool)?
                .iter()
                .map(|g| spec(&g.principal_type, &g.principal_id, &g.permission))
                .collect();
            specs.push(spec(pt, pid, perm));
            access::replace_grants_tx(tx, "tool", tool, &specs)
        })
        .unwrap();
}

fn ids(v: &[ToolItem]) -> Vec<&str> {
    v.iter().map(|t| t.id.as_str()).collect()
}

#[test]
fn a_user_lists_own_and_granted_tools_newest_first() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@x.io", Role::Admin);
    let ada = fixtures::user(&cx, "ada@x.io", Role::User);
    let bob = fixtures::user(&cx, "bob@x.io", Role::User);
    assert!(list(&cx, &ada, None).unwrap().is_empty());
    insert_tool(&cx, "mine", &ada.id, 10);
    insert_tool(&cx, "private", &bob.id, 20);
    insert_tool(&cx, "public", &bob.id, 30);
    insert_tool(&cx, "write_only", &bob.id, 40);
    grant(&cx, "public", "user", "*", "read");
    grant(&cx, "write_only", "user", &ada.id, "write");
    assert_eq!(ids(&list(&cx, &ada, None).unwrap()), ["public", "mine"]);
    assert_eq!(
        ids(&list(&cx, &admin, None).unwrap()),
        ["write_only", "public", "private", "mine"]
    );
    assert_eq!(ids(&list(&cx, &ada, Some("PUB")).unwrap()), ["public"]);
    let t = &list(&cx, &ada, None).unwrap()[1];
    assert_eq!(t.user.as_ref().unwrap().email, "ada@x.io");
    assert_eq!(
        t.meta,
        serde_json::json!({"i18n": null, "description": "d", "manifest": {}, "has_user_valves": false})
    );
}

#[test]
fn pending_users_are_refused() {
    let (_d, cx) = test_ctx();
    let p = fixtures::user(&cx, "p@x.io", Role::Pending);
    assert!(list(&cx, &p, None).is_err());
}
