use super::*;
use crate::core::actor::Role;
use crate::core::ctx::test_ctx;
use crate::core::users::fixtures;

fn staged(cx: &Ctx, bytes: &[u8]) -> Staged {
    stage(cx, bytes).unwrap()
}

/// The bytes through a stager, in chunks of 3, as an upload streams them.
fn stage(cx: &Ctx, bytes: &[u8]) -> Result<Staged> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    rt.block_on(async {
        let mut s = Stager::new(cx, None).await?;
        for chunk in bytes.chunks(3) {
            s.push(chunk).await?;
        }
        s.finish().await
    })
}

fn form(name: &str, ct: &str, process: bool) -> UploadForm {
    UploadForm {
        filename: name.into(),
        content_type: Some(ct.into()),
        metadata: None,
        process,
    }
}

#[test]
fn names_are_basenames_and_extensions_as_python_splits_them() {
    assert_eq!(basename("../../etc/passwd"), "passwd");
    assert_eq!(basename("a/b/"), "");
    assert_eq!(extension("Report.PDF"), "pdf");
    assert_eq!(extension(".bashrc"), "");
    assert_eq!(extension("x.tar.gz"), "gz");
    assert_eq!(content::quote("a b/ü.txt"), "a%20b/%C3%BC.txt");
}

#[test]
fn an_upload_is_stored_under_its_id_and_hashed() {
    let (_d, cx) = test_ctx();
    let ada = fixtures::user(&cx, "ada@x.io", Role::User);
    let up = upload(
        &cx,
        &ada,
        form("../evil.txt", "text/plain", false),
        staged(&cx, b"hello"),
    )
    .unwrap();
    let path = PathBuf::from(up.path.clone().unwrap());
    assert_eq!(path.parent().unwrap(), upload_dir(&cx));
    assert_eq!(
        path.file_name().unwrap().to_str().unwrap(),
        format!("{}_evil.txt", up.file.id)
    );
    assert_eq!(std::fs::read(&path).unwrap(), b"hello");
    let meta = up.file.meta.unwrap();
    assert_eq!(meta["size"], 5);
    assert_eq!(
        meta["file_hash"],
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
    );
    assert_eq!(up.file.data, Some(json!({})));
    assert!(up.status.is_none());
    delete(&cx, &ada, &up.file.id).unwrap();
    assert!(!path.exists());
}

#[test]
fn an_upload_to_process_waits_pending() {
    let (_d, cx) = test_ctx();
    let ada = fixtures::user(&cx, "ada@x.io", Role::User);
    let up = upload(
        &cx,
        &ada,
        form("a.md", "text/markdown", true),
        staged(&cx, b"# hi"),
    )
    .unwrap();
    assert_eq!(up.file.data, Some(json!({"status": "pending"})));
    assert_eq!(up.status, Some(true));
    let (ev, last) = status_event(&cx, &up.file.id).unwrap().unwrap();
    assert!(!last);
    assert_eq!(ev, json!({"status": "pending"}));
}

#[test]
fn empty_and_too_large_uploads_are_refused_and_leave_nothing() {
    let (_d, cx) = test_ctx();
    let ada = fixtures::user(&cx, "ada@x.io", Role::User);
    let e = upload(
        &cx,
        &ada,
        form("a.txt", "text/plain", false),
        staged(&cx, b""),
    )
    .unwrap_err();
    assert!(matches!(e, Error::Invalid(m) if m == EMPTY_CONTENT));
    crate::core::configs::set(&cx, &Actor::system(), "rag.file.max_size", json!(1)).unwrap();
    let big = vec![b'x'; 1024 * 1024 + 1];
    let Err(e) = stage(&cx, &big) else {
        panic!("staged past the limit")
    };
    assert!(matches!(e, Error::TooLarge(m) if m.ends_with("less than 1 MB.")));
    assert_eq!(std::fs::read_dir(upload_dir(&cx)).unwrap().count(), 0);
    assert_eq!(list(&cx, &ada, 1, true).unwrap().total, 0);
}

/// An unprocessed upload of `bytes` as `who`.
fn put(cx: &Ctx, who: &Actor, name: &str, bytes: &[u8]) -> String {
    upload(cx, who, form(name, "text/plain", false), staged(cx, bytes))
        .unwrap()
        .file
        .id
}

fn query(glob: &str) -> FileQuery {
    FileQuery {
        filename: glob.into(),
        content: true,
        skip: 0,
        limit: 100,
    }
}

fn names(found: &[FileFound]) -> Vec<String> {
    found.iter().map(|f| f.file.filename.clone()).collect()
}

/// Upload times one second apart, so the newest-first order is known.
fn age(cx: &Ctx, id: &str, created_at: i64) {
    cx.db
        .write(|tx| {
            tx.execute(
                "UPDATE file SET created_at = ?2 WHERE id = ?1",
                rusqlite::params![id, created_at],
            )?;
            Ok(())
        })
        .unwrap();
}

#[test]
fn search_matches_globs_case_insensitively_newest_first() {
    let (_d, cx) = test_ctx();
    let ada = fixtures::user(&cx, "ada@x.io", Role::User);
    for (i, name) in [
        "Report.PDF",
        "notes.txt",
        "100%_done.txt",
        "1000_done.txt",
        "a.txt",
    ]
    .iter()
    .enumerate()
    {
        let id = put(&cx, &ada, name, b"x");
        age(&cx, &id, 1_000 + i as i64);
    }
    let s = |g: &str| names(&search(&cx, &ada, Scope::Own, &query(g)).unwrap());
    assert_eq!(s("*.pdf"), ["Report.PDF"]);
    assert_eq!(s("REPORT*"), ["Report.PDF"]);
    assert_eq!(
        s("*"),
        [
            "a.txt",
            "1000_done.txt",
            "100%_done.txt",
            "notes.txt",
            "Report.PDF"
        ]
    );
    // `%` and `_` are literal characters, not SQL wildcards
    assert_eq!(s("100%_*"), ["100%_done.txt"]);
    assert_eq!(s("*%*"), ["100%_done.txt"]);
    assert_eq!(s("?.txt"), ["a.txt"]);
    assert_eq!(s("notes"), Vec::<String>::new());
    // skip and limit page through the same order
    let page = search(
        &cx,
        &ada,
        Scope::Own,
        &FileQuery {
            skip: 1,
            limit: 2,
            ..query("*")
        },
    )
    .unwrap();
    assert_eq!(names(&page), ["1000_done.txt", "100%_done.txt"]);
    // the answer carries `path`
    assert!(page[0].path.as_deref().unwrap().ends_with("_1000_done.txt"));
    for bad in [
        FileQuery {
            limit: 0,
            ..query("*")
        },
        FileQuery {
            limit: MAX_LIMIT + 1,
            ..query("*")
        },
        FileQuery {
            skip: -1,
            ..query("*")
        },
    ] {
        assert!(matches!(
            search(&cx, &ada, Scope::Own, &bad),
            Err(Error::Invalid(_))
        ));
    }
}

#[test]
fn search_without_content_drops_the_extracted_text() {
    let (_d, cx) = test_ctx();
    let ada = fixtures::user(&cx, "ada@x.io", Role::User);
    let id = put(&cx, &ada, "a.txt", b"x");
    cx.db
        .write(|tx| {
            store::set_data(
                tx,
                &id,
                &json!({"status": "completed", "content": "text"}),
                1,
            )
        })
        .unwrap();
    let with = search(&cx, &ada, Scope::Own, &query("*")).unwrap();
    assert_eq!(with[0].file.data.as_ref().unwrap()["content"], "text");
    let without = search(
        &cx,
        &ada,
        Scope::Own,
        &FileQuery {
            content: false,
            ..query("*")
        },
    )
    .unwrap();
    assert_eq!(without[0].file.data, Some(json!({"status": "completed"})));
}

#[test]
fn searches_and_counts_keep_to_their_scope() {
    let (_d, cx) = test_ctx();
    let ada = fixtures::user(&cx, "ada@x.io", Role::User);
    let bob = fixtures::user(&cx, "bob@x.io", Role::User);
    let root = fixtures::user(&cx, "root@x.io", Role::Admin);
    put(&cx, &ada, "ada.txt", b"a");
    put(&cx, &ada, "ada2.txt", b"a");
    put(&cx, &bob, "bob.txt", b"b");
    // a user finds and counts only their own files, whatever the scope
    assert_eq!(
        names(&search(&cx, &bob, Scope::Visible, &query("*")).unwrap()),
        ["bob.txt"]
    );
    assert!(
        search(&cx, &bob, Scope::Visible, &query("ada*"))
            .unwrap()
            .is_empty()
    );
    assert_eq!(count(&cx, &bob, Scope::Visible).unwrap(), 1);
    assert_eq!(count(&cx, &ada, Scope::Own).unwrap(), 2);
    // ... and may not ask for someone else's
    let e = search(&cx, &bob, Scope::User(&ada.id), &query("*")).unwrap_err();
    assert!(matches!(e, Error::Forbidden(_)), "{e:?}");
    assert!(matches!(
        count(&cx, &bob, Scope::User(&ada.id)),
        Err(Error::Forbidden(_))
    ));
    assert_eq!(count(&cx, &bob, Scope::User(&bob.id)).unwrap(), 1);
    // an admin sees every file, or one user's, and owns none
    assert_eq!(count(&cx, &root, Scope::Visible).unwrap(), 3);
    assert_eq!(count(&cx, &root, Scope::Own).unwrap(), 0);
    assert_eq!(
        search(&cx, &root, Scope::User(&ada.id), &query("*"))
            .unwrap()
            .len(),
        2
    );
    // pending users are refused
    let pen = fixtures::user(&cx, "pen@x.io", Role::Pending);
    assert!(matches!(
        count(&cx, &pen, Scope::Own),
        Err(Error::RoleTooLow { .. })
    ));
    assert!(matches!(
        search(&cx, &pen, Scope::Own, &query("*")),
        Err(Error::RoleTooLow { .. })
    ));
}

#[test]
fn rename_changes_the_name_not_the_bytes_and_only_for_writers() {
    let (_d, cx) = test_ctx();
    let ada = fixtures::user(&cx, "ada@x.io", Role::User);
    let bob = fixtures::user(&cx, "bob@x.io", Role::User);
    let root = fixtures::user(&cx, "root@x.io", Role::Admin);
    let id = put(&cx, &ada, "old.txt", b"bytes");
    let before = get(&cx, &ada, &id).unwrap();
    // someone else's file is not found, and stays as it was
    assert!(matches!(
        rename(&cx, &bob, &id, "mine.txt"),
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        rename(&cx, &ada, &id, "  "),
        Err(Error::Invalid(_))
    ));
    assert_eq!(get(&cx, &ada, &id).unwrap(), before);
    let f = rename(&cx, &ada, &id, "Neu ü.txt").unwrap();
    assert_eq!(f.filename, "Neu ü.txt");
    assert_eq!(f.meta.as_ref().unwrap()["name"], "Neu ü.txt");
    // the other meta keys stay, and so do the bytes
    assert_eq!(f.meta.as_ref().unwrap()["size"], 5);
    assert_eq!(f.path, before.path);
    assert_eq!(get(&cx, &ada, &id).unwrap(), f);
    // the name shows in downloads
    let d = content(&cx, &ada, &id, true).unwrap();
    assert_eq!(
        d.disposition.as_deref(),
        Some("attachment; filename*=UTF-8''Neu%20%C3%BC.txt")
    );
    // admins may rename anyone's file
    assert_eq!(
        rename(&cx, &root, &id, "by-admin.txt").unwrap().filename,
        "by-admin.txt"
    );
    assert!(matches!(
        rename(&cx, &ada, "no-such-file", "x"),
        Err(Error::NotFound(_))
    ));
}

#[test]
fn data_content_is_the_extracted_text_for_readers_only() {
    let (_d, cx) = test_ctx();
    let ada = fixtures::user(&cx, "ada@x.io", Role::User);
    let bob = fixtures::user(&cx, "bob@x.io", Role::User);
    let id = put(&cx, &ada, "a.txt", b"bytes");
    assert_eq!(data_content(&cx, &ada, &id).unwrap(), "");
    cx.db
        .write(|tx| store::set_data(tx, &id, &json!({"content": "the text"}), 1))
        .unwrap();
    assert_eq!(data_content(&cx, &ada, &id).unwrap(), "the text");
    assert!(matches!(
        data_content(&cx, &bob, &id),
        Err(Error::NotFound(_))
    ));
}

#[test]
fn html_is_served_for_admin_uploads_only() {
    let (_d, cx) = test_ctx();
    let ada = fixtures::user(&cx, "ada@x.io", Role::User);
    let root = fixtures::user(&cx, "root@x.io", Role::Admin);
    let theirs = put(&cx, &ada, "page.html", b"<p>hi</p>");
    // not even an admin gets a user's upload as HTML
    for who in [&ada, &root] {
        assert!(matches!(
            content_html(&cx, who, &theirs),
            Err(Error::NotFound(_))
        ));
    }
    let mine = put(&cx, &root, "page.html", b"<p>hi</p>");
    let d = content_html(&cx, &root, &mine).unwrap();
    assert_eq!(d.content_type.as_deref(), Some("text/html; charset=utf-8"));
    assert_eq!(d.disposition, None);
    // a user who cannot read the admin's file does not get it either
    assert!(matches!(
        content_html(&cx, &ada, &mine),
        Err(Error::NotFound(_))
    ));
}

#[test]
fn a_named_download_falls_back_to_the_text_when_the_bytes_are_gone() {
    let (_d, cx) = test_ctx();
    let ada = fixtures::user(&cx, "ada@x.io", Role::User);
    let bob = fixtures::user(&cx, "bob@x.io", Role::User);
    let id = put(&cx, &ada, "r é.md", b"# bytes");
    let NamedDownload::File(d) = content_named(&cx, &ada, &id).unwrap() else {
        panic!("the bytes are there")
    };
    assert_eq!(
        d.disposition.as_deref(),
        Some("attachment; filename*=UTF-8''r%20%C3%A9.md")
    );
    assert_eq!(
        d.content_type.as_deref(),
        Some("text/markdown; charset=utf-8")
    );
    assert!(matches!(
        content_named(&cx, &bob, &id),
        Err(Error::NotFound(_))
    ));
    cx.db
        .write(|tx| store::set_data(tx, &id, &json!({"content": "the text"}), 1))
        .unwrap();
    std::fs::remove_file(&d.path).unwrap();
    assert_eq!(
        content_named(&cx, &ada, &id).unwrap(),
        NamedDownload::Text {
            text: "the text".into(),
            disposition: "attachment; filename*=UTF-8''r%20%C3%A9.md".into()
        }
    );
}

#[test]
fn a_local_file_is_staged_in_pieces_and_held_to_the_limit() {
    let (d, cx) = test_ctx();
    let src = d.path().join("big.bin");
    let bytes: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    std::fs::write(&src, &bytes).unwrap();
    let s = Staged::from_file(&cx, &src).unwrap();
    assert_eq!(s.size(), bytes.len() as u64);
    assert_eq!(std::fs::read(s.path()).unwrap(), bytes);
    use sha2::Digest;
    assert_eq!(s.sha256(), format!("{:x}", sha2::Sha256::digest(&bytes)));
    drop(s);
    crate::core::configs::set(&cx, &Actor::system(), "rag.file.max_size", json!(1)).unwrap();
    std::fs::write(&src, vec![b'x'; 1024 * 1024 + 1]).unwrap();
    let Err(e) = Staged::from_file(&cx, &src) else {
        panic!("staged past the limit")
    };
    assert!(matches!(e, Error::TooLarge(_)));
    assert_eq!(std::fs::read_dir(upload_dir(&cx)).unwrap().count(), 0);
}
