//! Memories on a real SQLite file: the caller's own only.

use serde_json::json;

use super::*;
use crate::core::actor::Role;
use crate::core::ctx::test_ctx;
use crate::core::users::fixtures;

/// A context whose memories embed with the built-in model.
fn embedding_ctx() -> (tempfile::TempDir, Ctx) {
    let (dir, cx) = test_ctx();
    let model = crate::core::retrieval::embed::testing::model_dir();
    crate::core::configs::save(
        &cx,
        &std::collections::BTreeMap::from([(
            "rag.embedding_model".to_string(),
            json!(model.to_string_lossy()),
        )]),
    )
    .unwrap();
    (dir, cx)
}

fn new(content: &str, kind: MemoryType, path: Option<&str>) -> NewMemory {
    NewMemory {
        content: content.into(),
        kind,
        path: path.map(String::from),
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn add_list_update_delete_clear() {
    let (_dir, cx) = embedding_ctx();
    let ann = fixtures::user(&cx, "ann@example.com", Role::User);
    let a = add(&cx, &ann, new("  Likes tea  ", MemoryType::User, None))
        .await
        .unwrap();
    assert_eq!(a.content, "Likes tea");
    assert_eq!(a.kind, MemoryType::User);
    assert_eq!(a.meta, Some(json!({"created_by": "manual"})));
    let b = add(
        &cx,
        &ann,
        new(
            "Alpha ships in May",
            MemoryType::Context,
            Some(" /work//projects/alpha/ "),
        ),
    )
    .await
    .unwrap();
    assert_eq!(b.path.as_deref(), Some("work/projects/alpha"));
    let all = list(&cx, &ann).unwrap();
    assert_eq!(
        all.iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
        [a.id.as_str(), b.id.as_str()]
    );
    // the wire shape
    let v = serde_json::to_value(&b).unwrap();
    assert_eq!(v["type"], "context");
    assert_eq!(v["user_id"], ann.id);

    let u = update(
        &cx,
        &ann,
        &b.id,
        serde_json::from_value(json!({"content": "Alpha ships in June", "path": ""})).unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(u.content, "Alpha ships in June");
    assert_eq!(u.path, None);
    assert_eq!(u.kind, MemoryType::Context);
    assert_eq!(get(&cx, &ann, &b.id).unwrap(), u);
    // a patch without `path` keeps it
    let u2 = update(
        &cx,
        &ann,
        &a.id,
        serde_json::from_value(json!({"type": "context"})).unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(
        (u2.kind, u2.content.as_str()),
        (MemoryType::Context, "Likes tea")
    );

    assert!(delete(&cx, &ann, &a.id).unwrap());
    assert!(!delete(&cx, &ann, &a.id).unwrap());
    assert_eq!(list(&cx, &ann).unwrap().len(), 1);
    assert_eq!(clear(&cx, &ann).unwrap(), 1);
    assert!(list(&cx, &ann).unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn bad_content_path_or_empty_patch_is_refused() {
    let (_dir, cx) = embedding_ctx();
    let ann = fixtures::user(&cx, "ann@example.com", Role::User);
    let e = add(&cx, &ann, new("   ", MemoryType::User, None))
        .await
        .unwrap_err();
    assert_eq!(e.message(), "Memory content cannot be empty");
    for bad in ["a/../b", "./x", "a/\u{7}b"] {
        let e = add(&cx, &ann, new("x", MemoryType::User, Some(bad)))
            .await
            .unwrap_err();
        assert_eq!(e.message(), "Invalid memory path", "{bad:?}");
    }
    assert_eq!(clean_path(Some(" // ")).unwrap(), None);
    let m = add(&cx, &ann, new("x", MemoryType::User, None))
        .await
        .unwrap();
    let e = update(&cx, &ann, &m.id, MemoryPatch::default())
        .await
        .unwrap_err();
    assert_eq!(e.message(), "No memory update provided");
    // an unknown type is refused by the form
    assert!(serde_json::from_value::<NewMemory>(json!({"content": "x", "type": "fact"})).is_err());
    assert!(list(&cx, &ann).unwrap().len() == 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn another_users_memory_cannot_be_read_changed_or_deleted() {
    let (_dir, cx) = embedding_ctx();
    let ann = fixtures::user(&cx, "ann@example.com", Role::User);
    let bob = fixtures::user(&cx, "bob@example.com", Role::User);
    let admin = fixtures::user(&cx, "root@example.com", Role::Admin);
    let m = add(&cx, &ann, new("Ann's secret", MemoryType::User, None))
        .await
        .unwrap();
    for other in [&bob, &admin] {
        assert!(list(&cx, other).unwrap().is_empty());
        assert!(matches!(get(&cx, other, &m.id), Err(Error::NotFound(_))));
        let patch = MemoryPatch {
            content: Some("changed".into()),
            ..Default::default()
        };
        assert!(matches!(
            update(&cx, other, &m.id, patch).await,
            Err(Error::NotFound(_))
        ));
        assert!(!delete(&cx, other, &m.id).unwrap());
        assert_eq!(clear(&cx, other).unwrap(), 0);
    }
    assert_eq!(list(&cx, &ann).unwrap(), vec![m]);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_permission_and_the_switch() {
    let (_dir, cx) = embedding_ctx();
    let ann = fixtures::user(&cx, "ann@example.com", Role::User);
    let pending = fixtures::user(&cx, "pat@example.com", Role::Pending);
    assert!(list(&cx, &pending).is_err());
    // memories are off until they reach the chat: the endpoints' gate says
    // "not found"
    assert!(matches!(gate(&cx, &ann), Err(Error::NotFound(_))));
    let mut perms = cx.store.get("user.permissions");
    perms["features"]["memories"] = json!(false);
    crate::core::configs::set(&cx, &Actor::system(), "user.permissions", perms).unwrap();
    assert!(matches!(
        add(&cx, &ann, new("x", MemoryType::User, None)).await,
        Err(Error::NotPermitted(_))
    ));
    // admins keep theirs
    let admin = fixtures::user(&cx, "root@example.com", Role::Admin);
    add(&cx, &admin, new("x", MemoryType::User, None))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn a_users_memories_go_with_the_user() {
    let (_dir, cx) = embedding_ctx();
    let ann = fixtures::user(&cx, "ann@example.com", Role::User);
    let root = fixtures::user(&cx, "root@example.com", Role::Admin);
    add(&cx, &ann, new("x", MemoryType::User, None))
        .await
        .unwrap();
    add(&cx, &root, new("kept", MemoryType::User, None))
        .await
        .unwrap();
    crate::core::users::delete(&cx, &root, &ann.id).unwrap();
    let left: i64 = cx
        .db
        .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM memory", [], |r| r.get(0))?))
        .unwrap();
    assert_eq!(left, 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn rows_and_vectors_stay_together() {
    use crate::core::retrieval::vectors;
    let (_dir, cx) = embedding_ctx();
    let ann = fixtures::user(&cx, "ann@example.com", Role::User);
    let coll = index::collection(&ann.id);
    let count = |cx: &Ctx| cx.db.read(|c| vectors::count(c, &coll)).unwrap();
    assert!(matches!(
        query(&cx, &ann, "tea", 1).await,
        Err(Error::NotFound(_))
    ));
    let a = add(&cx, &ann, new("Likes tea", MemoryType::User, None))
        .await
        .unwrap();
    let b = add(
        &cx,
        &ann,
        new("Drives a red car", MemoryType::Context, Some("car")),
    )
    .await
    .unwrap();
    assert_eq!(count(&cx), 2);
    let r = query(&cx, &ann, "which drink", 1).await.unwrap();
    assert_eq!(r.ids, vec![vec![a.id.clone()]]);
    let r = query(&cx, &ann, "vehicle", 5).await.unwrap();
    assert_eq!(r.ids[0][0], b.id);
    assert_eq!(r.documents[0][0], "car\nDrives a red car");
    assert_eq!(r.metadatas[0][0]["path"], "car");
    assert!(r.distances[0][0] >= r.distances[0][1]);
    assert!(delete(&cx, &ann, &a.id).unwrap());
    assert_eq!(count(&cx), 1);
    assert_eq!(clear(&cx, &ann).unwrap(), 1);
    assert_eq!(count(&cx), 0);
    // an embedding that fails keeps nothing
    crate::core::configs::save(
        &cx,
        &std::collections::BTreeMap::from([
            ("rag.embedding_engine".to_string(), json!("openai")),
            (
                "rag.openai.api_base_url".to_string(),
                json!("http://127.0.0.1:9"),
            ),
        ]),
    )
    .unwrap();
    assert!(
        add(&cx, &ann, new("x", MemoryType::User, None))
            .await
            .is_err()
    );
    assert!(list(&cx, &ann).unwrap().is_empty());
    assert_eq!(count(&cx), 0);
}
