//! `/api/v1/utils` over real HTTP: the Gravatar address, and the database
//! download (a consistent SQLite file, admins only, nothing left behind).

use crate::common::{Auth, start, start_with};
use serde_json::json;

#[tokio::test]
async fn gravatar_is_the_sha256_of_the_trimmed_lower_case_email() {
    let s = start().await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-123456").await;
    let (user, _) = s.add_user(&admin, "Bo", "bo@example.com", "user").await;
    let r = s
        .get("/api/v1/utils/gravatar?email=%20Ada@Example.COM%20", &user)
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    // hashlib.sha256(b"ada@example.com").hexdigest()
    assert_eq!(
        r.body,
        json!(
            "https://www.gravatar.com/avatar/b5fc85e55755f9e0d030a10ab4429b6b2944855f9a0d60077fe832becbc41d72?d=mp"
        )
    );
    let r = s.get("/api/v1/utils/gravatar", &user).await;
    assert_eq!(r.status, 400, "the email is required: {}", r.body);
    let r = s
        .call(
            "GET",
            "/api/v1/utils/gravatar?email=a@example.com",
            Auth::None,
            None,
        )
        .await;
    assert_eq!(r.status, 401);
}

#[tokio::test]
async fn admins_download_a_consistent_copy_of_the_database() {
    let s = start().await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-123456").await;
    let (user, _) = s.add_user(&admin, "Bo", "bo@example.com", "user").await;
    let r = s
        .post(
            "/api/v1/chats/new",
            &user,
            json!({"chat": {"title": "kept in the copy"}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);

    let resp = s
        .http
        .get(s.url("/api/v1/utils/db/download"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "application/octet-stream");
    assert_eq!(
        resp.headers()["content-disposition"],
        "attachment; filename=\"webui.db\""
    );
    let bytes = resp.bytes().await.unwrap();
    assert!(bytes.starts_with(b"SQLite format 3\0"));
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("copy.db");
    std::fs::write(&copy, &bytes).unwrap();
    let c = rusqlite::Connection::open(&copy).unwrap();
    let users: i64 = c
        .query_row("SELECT count(*) FROM user", [], |r| r.get(0))
        .unwrap();
    assert_eq!(users, 2);
    let title: String = c
        .query_row("SELECT title FROM chat", [], |r| r.get(0))
        .unwrap();
    assert_eq!(title, "kept in the copy");
    // the snapshot file is gone from the data directory
    let data = s.cx.db.path().parent().unwrap().to_path_buf();
    let left: Vec<_> = std::fs::read_dir(&data)
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains("snapshot"))
        .collect();
    assert!(left.is_empty(), "{left:?}");

    // a user may not; an anonymous caller neither
    let r = s.get("/api/v1/utils/db/download", &user).await;
    assert_eq!(r.status, 401, "{}", r.body);
    let r = s
        .call("GET", "/api/v1/utils/db/download", Auth::None, None)
        .await;
    assert_eq!(r.status, 401);
}

#[tokio::test]
async fn the_download_is_refused_when_admin_export_is_off() {
    let s = start_with(|c| c.set("ENABLE_ADMIN_EXPORT", "false"), None).await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-123456").await;
    let r = s.get("/api/v1/utils/db/download", &admin).await;
    assert_eq!(r.status, 401, "{}", r.body);
    assert_eq!(r.body["detail"], owui::error::msg::ACCESS_PROHIBITED);
}
