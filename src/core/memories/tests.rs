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
    // on by default; switched off, the endpoints' gate says "not found"
    gate(&cx, &ann).unwrap();
    crate::core::configs::set(&cx, &Actor::system(), "memories.enable", json!(false)).unwrap();
    assert!(matches!(gate(&cx, &ann), Err(Error::NotFound(_))));
    crate::core::configs::set(&cx, &Actor::system(), "memories.enable", json!(true)).unwrap();
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

fn ops(v: serde_json::Value) -> ops::Operations {
    serde_json::from_value(v).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_batch_applies_together_or_not_at_all() {
    use crate::core::retrieval::vectors;
    let (_dir, cx) = embedding_ctx();
    let ann = fixtures::user(&cx, "ann@example.com", Role::User);
    let bob = fixtures::user(&cx, "bob@example.com", Role::User);
    let coll = index::collection(&ann.id);
    let count = |cx: &Ctx| cx.db.read(|c| vectors::count(c, &coll)).unwrap();
    let theirs = add(&cx, &bob, new("Bob's", MemoryType::User, None))
        .await
        .unwrap();
    let keep = add(&cx, &ann, new("Likes tea", MemoryType::User, None))
        .await
        .unwrap();
    let gone = add(&cx, &ann, new("Old job", MemoryType::Context, Some("work")))
        .await
        .unwrap();
    let r = ops::apply(
        &cx,
        &ann,
        ops(json!({"operations": [
            {"action": "add", "content": " Plays chess ", "type": "user", "path": "hobby"},
            {"action": "add", "content": "Likes tea", "type": "user"},
            {"action": "replace", "id": keep.id, "content": "Likes green tea"},
            {"action": "move", "id": gone.id, "path": "/past//work/"},
            {"action": "remove", "id": gone.id},
        ]})),
        ops::Provenance::default(),
    )
    .await
    .unwrap();
    let v = serde_json::to_value(&r).unwrap();
    assert_eq!(v[0]["status"], "created");
    assert_eq!(v[0]["memory"]["content"], "Plays chess");
    assert!(v[0]["memory"].get("meta").is_none());
    assert_eq!(
        (v[1]["status"].as_str(), v[1]["reason"].as_str()),
        (Some("skipped"), Some("duplicate"))
    );
    assert_eq!(v[1]["memory"]["id"], keep.id.as_str());
    assert_eq!(v[2]["status"], "updated");
    // replace always sets the path: none given, none kept
    assert_eq!(v[2]["memory"]["path"], json!(null));
    assert_eq!(v[3]["memory"]["path"], "past/work");
    assert_eq!(
        v[4],
        json!({"action": "remove", "status": "deleted", "id": gone.id})
    );
    let mine = list(&cx, &ann).unwrap();
    assert_eq!(mine.len(), 2);
    let tea = mine.iter().find(|m| m.id == keep.id).unwrap();
    assert_eq!(tea.content, "Likes green tea");
    assert_eq!(
        tea.meta,
        Some(json!({"created_by": "tool", "chat_id": null, "message_id": null, "model": null}))
    );
    assert_eq!(count(&cx), 2);
    let r = query(&cx, &ann, "board games", 1).await.unwrap();
    assert_eq!(r.documents[0][0], "hobby\nPlays chess");

    // a foreign id: 404 and nothing of the batch is kept
    let before = list(&cx, &ann).unwrap();
    let e = ops::apply(
        &cx,
        &ann,
        ops(json!({"operations": [
            {"action": "add", "content": "new one"},
            {"action": "remove", "id": keep.id},
            {"action": "replace", "id": theirs.id, "content": "mine now"},
        ], "source": "background_review"})),
        ops::Provenance::default(),
    )
    .await
    .unwrap_err();
    assert_eq!(e.message(), format!("Memory not found: {}", theirs.id));
    assert!(matches!(e, Error::NotFound(_)));
    assert_eq!(list(&cx, &ann).unwrap(), before);
    assert_eq!(count(&cx), 2);
    assert_eq!(list(&cx, &bob).unwrap()[0].content, "Bob's");

    // refused before anything is read
    for (body, msg) in [
        (json!({"operations": []}), "No memory operations provided"),
        (
            json!({"operations": [{"action": "replace", "content": "x"}]}),
            "Memory id is required for replace",
        ),
        (
            json!({"operations": [{"action": "move", "path": "a"}]}),
            "Memory id is required for move",
        ),
        (
            json!({"operations": [{"action": "remove", "id": ""}]}),
            "Memory id is required for remove",
        ),
        (
            json!({"operations": [{"action": "add", "content": " "}]}),
            "Memory content cannot be empty",
        ),
        (
            json!({"operations": [{"action": "add", "content": "x", "path": "a/../b"}]}),
            "Invalid memory path",
        ),
    ] {
        let e = ops::apply(&cx, &ann, ops(body), ops::Provenance::default())
            .await
            .unwrap_err();
        assert_eq!(e.message(), msg);
    }
    assert!(
        serde_json::from_value::<ops::Operations>(json!({"operations": [{"action": "drop"}]}))
            .is_err()
    );
    assert_eq!(list(&cx, &ann).unwrap(), before);
}

fn mem(id: &str, kind: MemoryType, path: Option<&str>, content: &str, t: i64) -> Memory {
    Memory {
        id: id.into(),
        user_id: "u".into(),
        kind,
        path: path.map(String::from),
        content: content.into(),
        meta: None,
        updated_at: t,
        created_at: t,
    }
}

#[test]
fn search_paths_and_path_by_path_rank() {
    use lookup::*;
    let all = vec![
        mem(
            "a",
            MemoryType::Context,
            Some("work/projects/alpha"),
            "Alpha ships in May",
            5,
        ),
        mem(
            "b",
            MemoryType::Context,
            Some("work/projects/alpha/docs"),
            "Docs are in the wiki",
            4,
        ),
        mem(
            "c",
            MemoryType::Context,
            Some("work/projects"),
            "Two projects",
            3,
        ),
        mem(
            "d",
            MemoryType::Context,
            Some("work/projects/beta"),
            "Beta is late",
            6,
        ),
        mem("e", MemoryType::User, None, "Mentions alpha in passing", 7),
        mem("f", MemoryType::User, Some("home"), "Lives in Oslo", 8),
        mem(
            "g",
            MemoryType::Context,
            Some("work/projects/alpha"),
            "Alpha has 3 people",
            9,
        ),
    ];
    assert_eq!(
        path_rank(Some("work/projects/alpha"), "work/projects/alpha"),
        Some((0, 0))
    );
    assert_eq!(path_rank(Some("x/y/z"), "x"), Some((1, 2)));
    assert_eq!(path_rank(Some("x"), "x/y/z"), Some((2, 2)));
    assert_eq!(path_rank(Some("x/a"), "x/b"), Some((3, 0)));
    assert_eq!(path_rank(Some("p/q/r"), "q/r/s/t"), Some((4, -2)));
    assert_eq!(path_rank(Some("home"), "work"), None);
    let ids = |v: &[Memory]| v.iter().map(|m| m.id.clone()).collect::<Vec<_>>().join("");
    let f = SearchForm {
        path: Some("work/projects/alpha".into()),
        ..Default::default()
    };
    // exact (newest first), below, above, same parent, then the mention
    assert_eq!(ids(&search(all.clone(), &f).unwrap()), "gabcde");
    let f = SearchForm {
        query: Some("ALPHA".into()),
        kind: TypeFilter::Context,
        limit: 2,
        ..Default::default()
    };
    assert_eq!(ids(&search(all.clone(), &f).unwrap()), "ga");
    let f = SearchForm {
        memory_id: Some("f".into()),
        ..Default::default()
    };
    assert_eq!(ids(&search(all.clone(), &f).unwrap()), "f");
    let f = SearchForm {
        path: Some("..".into()),
        ..Default::default()
    };
    assert_eq!(
        search(all.clone(), &f).unwrap_err().message(),
        "Invalid memory path"
    );

    let p = paths(
        &all,
        &PathsForm {
            query: None,
            kind: TypeFilter::All,
            limit: 100,
        },
    );
    assert_eq!(p.count, 6);
    let v = serde_json::to_value(&p).unwrap();
    assert_eq!(
        v["paths"][0],
        json!({"path": "work/projects/alpha", "type": "context", "count": 2, "updated_at": 9, "children": ["work/projects/alpha/docs"]})
    );
    let projects = p
        .paths
        .iter()
        .find(|g| g.path.as_deref() == Some("work/projects"))
        .unwrap();
    assert_eq!(
        projects.children,
        ["work/projects/alpha", "work/projects/beta"]
    );
    assert_eq!(
        paths(
            &all,
            &PathsForm {
                query: None,
                kind: TypeFilter::User,
                limit: 1
            }
        )
        .paths
        .len(),
        1
    );

    let v = path(
        &all,
        &PathForm {
            path: "/work/projects/alpha/".into(),
            kind: TypeFilter::All,
            include_children: true,
            limit: 50,
        },
    )
    .unwrap();
    assert_eq!(v.path, "work/projects/alpha");
    assert_eq!(v.parents, ["work/projects"]);
    assert_eq!(v.children, ["work/projects/alpha/docs"]);
    assert_eq!(
        v.memories.iter().map(|m| m.id.as_str()).collect::<String>(),
        "gabc"
    );
    let v = path(
        &all,
        &PathForm {
            path: "work/projects/alpha".into(),
            kind: TypeFilter::All,
            include_children: false,
            limit: 50,
        },
    )
    .unwrap();
    assert_eq!(
        v.memories.iter().map(|m| m.id.as_str()).collect::<String>(),
        "gac"
    );
    let e = path(
        &all,
        &PathForm {
            path: " / ".into(),
            kind: TypeFilter::All,
            include_children: true,
            limit: 50,
        },
    )
    .unwrap_err();
    assert_eq!(e.message(), "Memory path is required");
    assert_eq!(
        path_hints("how is Alpha doing? and beta", &all, 6),
        [
            "work/projects/alpha",
            "work/projects/alpha/docs",
            "work/projects/beta"
        ]
    );
}
