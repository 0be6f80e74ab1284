use super::*;
use crate::core::actor::Role;
use crate::core::ctx::test_ctx;
use crate::core::users::fixtures;

#[test]
fn every_verified_user_lists_every_function() {
    let (_d, cx) = test_ctx();
    let ada = fixtures::user(&cx, "ada@x.io", Role::User);
    let pending = fixtures::user(&cx, "p@x.io", Role::Pending);
    assert!(list(&cx, &ada).unwrap().is_empty());
    cx.db
        .write(|tx| {
            tx.execute_batch(
                "INSERT INTO function (id, user_id, name, type, content, meta, is_active, is_global, updated_at, created_at) \
                 VALUES ('pipe1', 'someone', 'Pipe', 'pipe', 'src', '{\"x\": 1, \"description\": \"d\"}', 0, 0, 5, 5), \
                        ('filt', 'someone', 'Filter', 'filter', 'src', NULL, 1, 1, 6, 6)",
            )?;
            Ok(())
        })
        .unwrap();
    let v = list(&cx, &ada).unwrap();
    assert_eq!(v.len(), 2);
    assert_eq!(v[0].id, "pipe1");
    assert_eq!(
        v[0].meta,
        serde_json::json!({"description": "d", "manifest": {}, "x": 1})
    );
    assert!(v[1].is_active && v[1].is_global);
    assert!(list(&cx, &pending).is_err());
}
