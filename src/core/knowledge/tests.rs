use std::io::Read;

use serde_json::json;

use super::*;
use crate::core::actor::Role;
use crate::core::ctx::test_ctx;
use crate::core::files::{self, Staged, Stager, UploadForm};
use crate::core::groups::{self, GroupForm};
use crate::core::users::fixtures;

fn form(name: &str) -> KnowledgeForm {
    KnowledgeForm {
        name: name.into(),
        description: format!("about {name}"),
        access_grants: None,
    }
}

fn grant(pt: &str, pid: &str, perm: &str) -> Value {
    json!({"principal_type": pt, "principal_id": pid, "permission": perm})
}

fn staged(cx: &Ctx, bytes: &[u8]) -> Staged {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut s = Stager::new(cx, None).await.unwrap();
        s.push(bytes).await.unwrap();
        s.finish().await.unwrap()
    })
}

/// A file of `who`, with `content` as its extracted text.
fn file_of(cx: &Ctx, who: &Actor, name: &str, content: &str) -> String {
    let up = files::upload(
        cx,
        who,
        UploadForm {
            filename: name.into(),
            content_type: Some("text/plain".into()),
            metadata: None,
            process: false,
        },
        staged(cx, format!("bytes of {name}").as_bytes()),
    )
    .unwrap();
    let data = json!({"status": "completed", "content": content}).to_string();
    cx.db
        .write(|tx| {
            tx.execute(
                "UPDATE file SET data = ?2 WHERE id = ?1",
                rusqlite::params![up.file.id, data],
            )?;
            Ok(())
        })
        .unwrap();
    up.file.id
}

fn link(cx: &Ctx, kb: &str, file: &str, dir: Option<&str>, who: &Actor) -> bool {
    cx.db
        .write(|tx| link_file_tx(tx, kb, file, dir, who))
        .unwrap()
}

/// A group with these permissions and members.
fn group_of(cx: &Ctx, admin: &Actor, permissions: Value, members: &[&Actor]) -> String {
    let g = groups::create(
        cx,
        admin,
        GroupForm {
            name: "g".into(),
            description: String::new(),
            parent_group_id: None,
            permissions: Some(permissions),
            data: None,
        },
    )
    .unwrap();
    let ids: Vec<String> = members.iter().map(|m| m.id.clone()).collect();
    groups::add_members(cx, admin, &g.id, &ids).unwrap();
    g.id
}

#[test]
fn create_needs_the_workspace_permission_and_gives_only_allowed_grants() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let ada = fixtures::user(&cx, "ada@example.com", Role::User);
    let e = create(&cx, &ada, form("docs")).unwrap_err();
    assert!(matches!(e, Error::NotPermitted(_)), "{e:?}");
    assert!(cx.db.read(store::all).unwrap().is_empty());

    group_of(
        &cx,
        &admin,
        json!({"workspace": {"knowledge": true}}),
        &[&ada],
    );
    let mut f = form("docs");
    f.access_grants = Some(vec![grant("user", "*", "read")]);
    let k = create(&cx, &ada, f).unwrap();
    assert_eq!(k.user_id, ada.id);
    // sharing.public_knowledge is off for users: the public grant is dropped
    assert!(k.access_grants.is_empty(), "{:?}", k.access_grants);

    let mut f = form("admin docs");
    f.access_grants = Some(vec![grant("user", "*", "read")]);
    let k = create(&cx, &admin, f).unwrap();
    assert_eq!(k.access_grants.len(), 1);
    assert_eq!(k.access_grants[0].principal_id, "*");
}

#[test]
fn another_user_can_neither_read_nor_change_nor_list_a_private_kb() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let bob = fixtures::user(&cx, "bob@example.com", Role::User);
    let k = create(&cx, &admin, form("private")).unwrap();

    assert!(matches!(get(&cx, &bob, &k.id), Err(Error::Forbidden(_))));
    assert!(matches!(
        update(&cx, &bob, &k.id, form("mine now")),
        Err(Error::ReadOnly(_))
    ));
    assert!(matches!(
        update_access(&cx, &bob, &k.id, &[grant("user", &bob.id, "write")]),
        Err(Error::ReadOnly(_))
    ));
    assert!(matches!(delete(&cx, &bob, &k.id), Err(Error::ReadOnly(_))));
    assert!(matches!(
        files(&cx, &bob, &k.id, &FilesQuery::default()),
        Err(Error::Forbidden(_))
    ));
    assert!(matches!(
        create_dir(
            &cx,
            &bob,
            &k.id,
            DirectoryForm {
                name: "x".into(),
                parent_id: None
            }
        ),
        Err(Error::ReadOnly(_))
    ));
    assert!(matches!(
        sync_diff(&cx, &bob, &k.id, SyncManifest { manifest: vec![] }),
        Err(Error::ReadOnly(_))
    ));
    assert!(matches!(
        export(&cx, &bob, &k.id),
        Err(Error::RoleTooLow { .. })
    ));
    assert_eq!(list(&cx, &bob, None).unwrap().total, 0);
    assert_eq!(search(&cx, &bob, &SearchQuery::default()).unwrap().total, 0);
    // nothing changed
    let still = get(&cx, &admin, &k.id).unwrap().knowledge;
    assert_eq!(still.name, "private");
    assert!(still.access_grants.is_empty());
    assert_eq!(list(&cx, &admin, None).unwrap().total, 1);
    assert!(matches!(
        get(&cx, &bob, "no-such-kb"),
        Err(Error::NotFound(_))
    ));
}

#[test]
fn grants_to_a_group_and_to_everyone() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let bob = fixtures::user(&cx, "bob@example.com", Role::User);
    let cy = fixtures::user(&cx, "cy@example.com", Role::User);
    let team = group_of(&cx, &admin, json!({}), &[&bob]);
    let k = create(&cx, &admin, form("team docs")).unwrap();

    update_access(&cx, &admin, &k.id, &[grant("group", &team, "read")]).unwrap();
    let seen = get(&cx, &bob, &k.id).unwrap();
    assert!(!seen.write_access);
    assert_eq!(list(&cx, &bob, None).unwrap().items[0].knowledge.id, k.id);
    assert!(!list(&cx, &bob, None).unwrap().items[0].write_access);
    // read is not write
    assert!(matches!(
        update(&cx, &bob, &k.id, form("x")),
        Err(Error::ReadOnly(_))
    ));
    assert!(matches!(get(&cx, &cy, &k.id), Err(Error::Forbidden(_))));
    assert_eq!(list(&cx, &cy, None).unwrap().total, 0);

    update_access(
        &cx,
        &admin,
        &k.id,
        &[
            grant("group", &team, "read"),
            grant("group", &team, "write"),
        ],
    )
    .unwrap();
    assert!(get(&cx, &bob, &k.id).unwrap().write_access);
    let u = update(&cx, &bob, &k.id, form("renamed")).unwrap();
    assert_eq!(u.knowledge.name, "renamed");
    assert_eq!(u.files, Some(vec![]));
    assert!(!u.write_access);

    update_access(&cx, &admin, &k.id, &[grant("user", "*", "read")]).unwrap();
    assert!(get(&cx, &cy, &k.id).is_ok());
    let mine = search(
        &cx,
        &cy,
        &SearchQuery {
            view_option: Some("created".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(mine.total, 0);
    let shared = search(
        &cx,
        &cy,
        &SearchQuery {
            view_option: Some("shared".into()),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(shared.total, 1);
    assert_eq!(
        shared.items[0].user.as_ref().unwrap().email,
        "a@example.com"
    );
    // bob lost write with the group grants
    assert!(matches!(delete(&cx, &bob, &k.id), Err(Error::ReadOnly(_))));
}

#[test]
fn a_user_may_not_share_beyond_their_sharing_permissions() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let ada = fixtures::user(&cx, "ada@example.com", Role::User);
    group_of(
        &cx,
        &admin,
        json!({"workspace": {"knowledge": true}}),
        &[&ada],
    );
    let k = create(&cx, &ada, form("mine")).unwrap();
    let e = update_access(&cx, &ada, &k.id, &[grant("user", "*", "read")]).unwrap_err();
    assert!(matches!(e, Error::Forbidden(_)), "{e:?}");
    assert!(
        get(&cx, &ada, &k.id)
            .unwrap()
            .knowledge
            .access_grants
            .is_empty()
    );
}

#[test]
fn a_pending_user_is_refused_everywhere() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let pat = fixtures::user(&cx, "pat@example.com", Role::Pending);
    let k = create(&cx, &admin, form("docs")).unwrap();
    update_access(&cx, &admin, &k.id, &[grant("user", "*", "read")]).unwrap();
    let low = |r: Result<()>| assert!(matches!(r, Err(Error::RoleTooLow { .. })), "{r:?}");
    low(list(&cx, &pat, None).map(|_| ()));
    low(search(&cx, &pat, &SearchQuery::default()).map(|_| ()));
    low(search_files(&cx, &pat, &FilesQuery::default()).map(|_| ()));
    low(create(&cx, &pat, form("x")).map(|_| ()));
    low(get(&cx, &pat, &k.id).map(|_| ()));
    low(update(&cx, &pat, &k.id, form("x")).map(|_| ()));
    low(update_access(&cx, &pat, &k.id, &[]).map(|_| ()));
    low(files(&cx, &pat, &k.id, &FilesQuery::default()).map(|_| ()));
    low(pending(&cx, &pat, &k.id).map(|_| ()));
    low(sync_diff(&cx, &pat, &k.id, SyncManifest { manifest: vec![] }).map(|_| ()));
    low(delete(&cx, &pat, &k.id).map(|_| ()));
    low(export(&cx, &pat, &k.id).map(|_| ()));
    assert!(find(&cx, &k.id).unwrap().is_some());
}

#[test]
fn files_of_a_kb_are_readable_by_its_readers_only() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let bob = fixtures::user(&cx, "bob@example.com", Role::User);
    let cy = fixtures::user(&cx, "cy@example.com", Role::User);
    let team = group_of(&cx, &admin, json!({}), &[&bob]);
    let f = file_of(&cx, &admin, "notes.txt", "hello");
    let k = create(&cx, &admin, form("docs")).unwrap();
    assert!(link(&cx, &k.id, &f, None, &admin));
    assert!(!link(&cx, &k.id, &f, None, &admin), "linked twice");

    assert!(files::get(&cx, &bob, &f).is_err(), "private KB");
    update_access(&cx, &admin, &k.id, &[grant("group", &team, "read")]).unwrap();
    assert_eq!(files::get(&cx, &bob, &f).unwrap().id, f);
    assert!(files::content(&cx, &bob, &f, false).is_ok());
    assert!(files::get(&cx, &cy, &f).is_err(), "not in the group");
    // reading is not changing
    assert!(matches!(
        files::delete(&cx, &bob, &f),
        Err(Error::NotFound(_))
    ));

    // a write grant on the file owner's KB lets bob change the file
    update_access(
        &cx,
        &admin,
        &k.id,
        &[
            grant("group", &team, "read"),
            grant("group", &team, "write"),
        ],
    )
    .unwrap();
    assert!(file_access(&cx, &bob, &f, &admin.id, "write").unwrap());
    // ...but not a file of someone else linked there
    let cys = file_of(&cx, &cy, "cy.txt", "cy's");
    link(&cx, &k.id, &cys, None, &admin);
    assert!(file_access(&cx, &bob, &cys, &cy.id, "read").unwrap());
    assert!(!file_access(&cx, &bob, &cys, &cy.id, "write").unwrap());

    cx.db.write(|tx| unlink_file_tx(tx, &k.id, &f)).unwrap();
    assert!(files::get(&cx, &bob, &f).is_err(), "unlinked");
}

#[test]
fn delete_removes_the_kb_from_models_and_keeps_the_files() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let k = create(&cx, &admin, form("docs")).unwrap();
    let other = create(&cx, &admin, form("other")).unwrap();
    let f = file_of(&cx, &admin, "notes.txt", "hello");
    link(&cx, &k.id, &f, None, &admin);
    update_access(&cx, &admin, &k.id, &[grant("user", "*", "read")]).unwrap();
    let model = crate::core::models::ModelForm {
        id: "helper".into(),
        base_model_id: None,
        name: "Helper".into(),
        meta: json!({"knowledge": [
            {"id": k.id, "name": "docs", "type": "collection"},
            {"id": other.id, "name": "other", "type": "collection"}
        ]}),
        params: json!({}),
        access_grants: None,
        is_active: None,
        commit_message: None,
    };
    let m = crate::core::models::create(&cx, &admin, model, &Vec::new).unwrap();

    assert!(delete(&cx, &admin, &k.id).unwrap());
    assert!(matches!(get(&cx, &admin, &k.id), Err(Error::NotFound(_))));
    let left = crate::core::models::get(&cx, &admin, &m.id).unwrap();
    assert_eq!(
        left.model.meta["knowledge"],
        json!([{"id": other.id, "name": "other", "type": "collection"}])
    );
    assert!(access::grants_of(&cx, RT, &k.id).unwrap().is_empty());
    assert!(
        cx.db
            .read(|c| store::kbs_of_file(c, &f))
            .unwrap()
            .is_empty()
    );
    assert!(files::get(&cx, &admin, &f).is_ok(), "files stay");
}

fn dir(cx: &Ctx, who: &Actor, kb: &str, name: &str, parent: Option<&str>) -> Result<Directory> {
    create_dir(
        cx,
        who,
        kb,
        DirectoryForm {
            name: name.into(),
            parent_id: parent.map(str::to_string),
        },
    )
}

#[test]
fn folders_list_move_and_delete() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let k = create(&cx, &admin, form("docs")).unwrap();
    let a = dir(&cx, &admin, &k.id, "a", None).unwrap();
    let b = dir(&cx, &admin, &k.id, "b", Some(&a.id)).unwrap();
    let e = dir(&cx, &admin, &k.id, "b", Some(&a.id)).unwrap_err();
    assert!(matches!(e, Error::Invalid(_)), "{e:?}");
    assert!(matches!(
        dir(&cx, &admin, &k.id, "c", Some("nope")),
        Err(Error::NotFound(_))
    ));
    let other = create(&cx, &admin, form("other")).unwrap();
    assert!(
        matches!(
            dir(&cx, &admin, &other.id, "c", Some(&a.id)),
            Err(Error::NotFound(_))
        ),
        "a parent of another KB"
    );

    let root = file_of(&cx, &admin, "root.txt", "r");
    let in_b = file_of(&cx, &admin, "deep.txt", "d");
    link(&cx, &k.id, &root, None, &admin);
    link(&cx, &k.id, &in_b, Some(&b.id), &admin);
    let e = cx
        .db
        .write(|tx| link_file_tx(tx, &other.id, &root, Some(&b.id), &admin))
        .unwrap_err();
    assert_eq!(e.message(), "Target directory not found.");

    let q = |d: Option<&str>| FilesQuery {
        directory_id: d.map(str::to_string),
        ..Default::default()
    };
    let all = files(&cx, &admin, &k.id, &q(None)).unwrap();
    assert_eq!(all.total, 2);
    assert!(all.directories.is_empty());
    let at_root = files(&cx, &admin, &k.id, &q(Some(""))).unwrap();
    assert_eq!(at_root.items.len(), 1);
    assert_eq!(at_root.items[0].id, root);
    assert_eq!(at_root.directories, vec![a.clone()]);
    let at_b = files(&cx, &admin, &k.id, &q(Some(&b.id))).unwrap();
    assert_eq!(at_b.items[0].directory_path, "a/b");
    assert_eq!(at_b.items[0].user.as_ref().unwrap().id, admin.id);
    assert!(at_b.items[0].has_original);
    assert!(at_b.items[0].data.is_none());
    let crumbs: Vec<&str> = at_b.breadcrumbs.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(crumbs, ["a", "b"]);

    // a folder cannot move below itself
    let e = update_dir(
        &cx,
        &admin,
        &k.id,
        &a.id,
        DirectoryPatch {
            name: None,
            parent: NewParent::Dir(b.id.clone()),
        },
    )
    .unwrap_err();
    assert!(matches!(e, Error::Invalid(_)), "{e:?}");
    let moved = update_dir(
        &cx,
        &admin,
        &k.id,
        &b.id,
        DirectoryPatch {
            name: Some("bee".into()),
            parent: NewParent::Root,
        },
    )
    .unwrap();
    assert_eq!((moved.name.as_str(), moved.parent_id), ("bee", None));
    let kept = update_dir(&cx, &admin, &k.id, &b.id, DirectoryPatch::default()).unwrap();
    assert_eq!(kept.parent_id, None);

    // move a file, then delete its folder: it goes up to the folder's parent
    let b2 = dir(&cx, &admin, &k.id, "inner", Some(&a.id)).unwrap();
    move_file(
        &cx,
        &admin,
        &k.id,
        MoveForm {
            file_id: root.clone(),
            directory_id: Some(b2.id.clone()),
        },
    )
    .unwrap();
    assert!(matches!(
        move_file(
            &cx,
            &admin,
            &k.id,
            MoveForm {
                file_id: root.clone(),
                directory_id: Some("nope".into())
            }
        ),
        Err(Error::NotFound(_))
    ));
    let gone = delete_dir(&cx, &admin, &k.id, &a.id, true).unwrap();
    assert!(gone.file_ids.is_empty());
    let at_root = files(&cx, &admin, &k.id, &q(Some(""))).unwrap();
    assert_eq!(at_root.items.len(), 1, "moved up from a/inner to the root");
    assert_eq!(at_root.items[0].id, root);
    assert_eq!(at_root.directories.len(), 1, "a and a/inner are gone");

    // without move_files the links go, and files in no other KB with them
    let gone = delete_dir(&cx, &admin, &k.id, &b.id, false).unwrap();
    assert_eq!(gone.file_ids, vec![in_b.clone()]);
    assert!(files::get(&cx, &admin, &in_b).is_err(), "orphan deleted");
    assert_eq!(files(&cx, &admin, &k.id, &q(None)).unwrap().total, 1);
}

#[test]
fn file_listing_filters_sorts_and_pages_by_30() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let bob = fixtures::user(&cx, "bob@example.com", Role::User);
    let k = create(&cx, &admin, form("docs")).unwrap();
    update_access(
        &cx,
        &admin,
        &k.id,
        &[
            grant("user", &bob.id, "read"),
            grant("user", &bob.id, "write"),
        ],
    )
    .unwrap();
    for i in 0..32 {
        let f = file_of(&cx, &admin, &format!("f{i:02}.txt"), &format!("text {i}"));
        link(&cx, &k.id, &f, None, if i < 2 { &bob } else { &admin });
    }
    let page = |p: i64| FilesQuery {
        page: Some(p),
        order_by: Some("name".into()),
        direction: Some("asc".into()),
        ..Default::default()
    };
    let p1 = files(&cx, &bob, &k.id, &page(1)).unwrap();
    assert_eq!((p1.items.len(), p1.total), (30, 32));
    assert_eq!(p1.items[0].filename, "f00.txt");
    let p2 = files(&cx, &bob, &k.id, &page(2)).unwrap();
    assert_eq!(p2.items.len(), 2);
    assert_eq!(p2.items[1].filename, "f31.txt");
    // a limit is for admins only
    let big = FilesQuery {
        limit: Some(100),
        ..Default::default()
    };
    assert_eq!(files(&cx, &bob, &k.id, &big).unwrap().items.len(), 30);
    assert_eq!(files(&cx, &admin, &k.id, &big).unwrap().items.len(), 32);
    let mine = FilesQuery {
        view_option: Some("created".into()),
        ..Default::default()
    };
    assert_eq!(files(&cx, &bob, &k.id, &mine).unwrap().total, 2);
    let by_text = FilesQuery {
        query: Some("TEXT 3".into()),
        include_content: true,
        ..Default::default()
    };
    assert_eq!(files(&cx, &bob, &k.id, &by_text).unwrap().total, 3);
    let by_name = FilesQuery {
        query: Some("f1".into()),
        ..Default::default()
    };
    assert_eq!(files(&cx, &bob, &k.id, &by_name).unwrap().total, 10);

    let hits = search_files(&cx, &bob, &by_name).unwrap();
    assert_eq!(hits.total, 10);
    assert_eq!(hits.items[0].collection.as_ref().unwrap().id, k.id);
    let cy = fixtures::user(&cx, "cy@example.com", Role::User);
    assert_eq!(search_files(&cx, &cy, &by_name).unwrap().total, 0);
    let listed = list(&cx, &bob, None).unwrap();
    assert_eq!(listed.items[0].file_count, Some(32));
    assert!(listed.items[0].write_access);
}

#[test]
fn search_matches_name_description_and_owner_and_sorts() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    for n in ["beta", "alpha", "gamma"] {
        create(&cx, &admin, form(n)).unwrap();
    }
    let q = |query: Option<&str>, order: Option<&str>, dir: Option<&str>| SearchQuery {
        query: query.map(str::to_string),
        order_by: order.map(str::to_string),
        direction: dir.map(str::to_string),
        ..Default::default()
    };
    let names = |l: KnowledgeList| -> Vec<String> {
        l.items.into_iter().map(|i| i.knowledge.name).collect()
    };
    assert_eq!(
        names(search(&cx, &admin, &q(None, Some("name"), Some("asc"))).unwrap()),
        ["alpha", "beta", "gamma"]
    );
    assert_eq!(
        names(search(&cx, &admin, &q(Some("ABOUT G"), None, None)).unwrap()),
        ["gamma"]
    );
    assert_eq!(
        search(&cx, &admin, &q(Some("a@example"), None, None))
            .unwrap()
            .total,
        3
    );
    let ext = SearchQuery {
        source: Some("external".into()),
        ..Default::default()
    };
    assert_eq!(search(&cx, &admin, &ext).unwrap().total, 0);
}

#[test]
fn pending_lists_uploads_for_the_kb_not_yet_linked() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let k = create(&cx, &admin, form("docs")).unwrap();
    let a = file_of(&cx, &admin, "a.txt", "a");
    let b = file_of(&cx, &admin, "b.txt", "b");
    for (id, status) in [(&a, "pending"), (&b, "processing")] {
        let meta = json!({"name": id, "data": {"knowledge_id": k.id}}).to_string();
        let data = json!({"status": status}).to_string();
        cx.db
            .write(|tx| {
                tx.execute(
                    "UPDATE file SET meta = ?2, data = ?3 WHERE id = ?1",
                    rusqlite::params![id, meta, data],
                )?;
                Ok(())
            })
            .unwrap();
    }
    let mut got: Vec<String> = pending(&cx, &admin, &k.id)
        .unwrap()
        .into_iter()
        .map(|f| f.id)
        .collect();
    got.sort();
    let mut want = vec![a.clone(), b.clone()];
    want.sort();
    assert_eq!(got, want);
    link(&cx, &k.id, &a, None, &admin);
    let got: Vec<String> = pending(&cx, &admin, &k.id)
        .unwrap()
        .into_iter()
        .map(|f| f.id)
        .collect();
    assert_eq!(got, vec![b]);
}

#[test]
fn sync_diff_compares_a_manifest_with_the_kb() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let k = create(&cx, &admin, form("docs")).unwrap();
    let docs = dir(&cx, &admin, &k.id, "docs", None).unwrap();
    let old = dir(&cx, &admin, &k.id, "old", None).unwrap();
    let with_hash = |name: &str, hash: &str| {
        let id = file_of(&cx, &admin, name, "x");
        let meta = json!({"name": name, "file_hash": hash}).to_string();
        cx.db
            .write(|tx| {
                tx.execute(
                    "UPDATE file SET meta = ?2 WHERE id = ?1",
                    rusqlite::params![id, meta],
                )?;
                Ok(())
            })
            .unwrap();
        id
    };
    let same = with_hash("same.md", "h1");
    let changed = with_hash("changed.md", "h2");
    let gone = with_hash("gone.md", "h3");
    link(&cx, &k.id, &same, Some(&docs.id), &admin);
    link(&cx, &k.id, &changed, None, &admin);
    link(&cx, &k.id, &gone, Some(&old.id), &admin);
    let entry = |filename: &str, path: &str, checksum: &str| ManifestEntry {
        filename: filename.into(),
        path: path.into(),
        checksum: checksum.into(),
        size: 1,
    };
    let d = sync_diff(
        &cx,
        &admin,
        &k.id,
        SyncManifest {
            manifest: vec![
                entry("same.md", "docs", "h1"),
                entry("changed.md", "", "h2-new"),
                entry("new.md", "docs/api/v1", "h4"),
            ],
        },
    )
    .unwrap();
    assert_eq!(
        d.added,
        vec![SyncAdded {
            filename: "new.md".into(),
            path: "docs/api/v1".into()
        }]
    );
    assert_eq!(d.modified.len(), 1);
    assert_eq!(d.modified[0].stale_file_id, changed);
    assert_eq!(
        d.deleted,
        vec![SyncDeleted {
            file_id: gone,
            filename: "gone.md".into()
        }]
    );
    assert_eq!(d.mkdir, ["docs/api", "docs/api/v1"]);
    assert_eq!(d.rmdir, vec![old.id.clone()]);
    assert_eq!(d.unmodified_count, 1);
    assert_eq!(d.directory_map.len(), 2);
    assert_eq!(d.directory_map["docs"], docs.id);
}

#[test]
fn export_zips_the_extracted_text() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let k = create(&cx, &admin, form("Q3 / report?")).unwrap();
    for (name, text) in [
        ("a.md", "alpha"),
        ("b.txt", "beta"),
        ("a.md", "again"),
        ("e.md", ""),
    ] {
        let f = file_of(&cx, &admin, name, text);
        link(&cx, &k.id, &f, None, &admin);
    }
    let e = export(&cx, &admin, &k.id).unwrap();
    assert_eq!(e.filename, "Q3 _ report_.zip");
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(e.zip)).unwrap();
    let mut got = Vec::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i).unwrap();
        let mut s = String::new();
        f.read_to_string(&mut s).unwrap();
        got.push((f.name().unwrap().to_string(), s));
    }
    got.sort();
    let names: Vec<&str> = got.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["a.md (2).txt", "a.md.txt", "b.txt"]);
    assert!(got.iter().any(|(n, s)| n == "b.txt" && s == "beta"));
}

#[test]
fn show_finds_a_kb_by_name_or_id() {
    let (_d, cx) = test_ctx();
    let admin = fixtures::user(&cx, "a@example.com", Role::Admin);
    let bob = fixtures::user(&cx, "bob@example.com", Role::User);
    let k = create(&cx, &admin, form("docs")).unwrap();
    assert_eq!(show(&cx, &admin, "docs").unwrap().knowledge.id, k.id);
    assert_eq!(show(&cx, &admin, &k.id).unwrap().file_count, Some(0));
    let e = show(&cx, &bob, &k.id).unwrap_err();
    assert!(matches!(e, Error::NotFound(_)), "{e:?}");
    assert!(show(&cx, &bob, "docs").is_err());
}
