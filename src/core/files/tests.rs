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
    assert_eq!(quote("a b/ü.txt"), "a%20b/%C3%BC.txt");
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
fn processing_is_reported_as_unavailable() {
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
    assert!(last);
    assert_eq!(ev, json!({"status": "failed", "error": NO_EXTRACTION}));
    let v = upload(
        &cx,
        &ada,
        form("v.mp4", "video/mp4", true),
        staged(&cx, b"\0\0\0"),
    )
    .unwrap();
    assert_eq!(
        process_status(&cx, &ada, &v.file.id).unwrap(),
        json!({"status": "completed"})
    );
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
