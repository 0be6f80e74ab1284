//! The knowledge routes that write vectors, over loopback: files added,
//! refreshed and removed with their chunks, batch add, reset, sync
//! cleanup, reindexing, the `knowledge-bases` collection, and the upload
//! that links into a KB once processed. Embeddings come from the fake
//! OpenAI server (one test runs the built-in model).

use std::time::{Duration, Instant};

use crate::common::{self, Auth, Server, start};
use crate::fakes;
use owui::core::retrieval::vectors;
use serde_json::{Value, json};

const NOT_FOUND: &str = "We could not find what you're looking for :/";
const PROHIBITED: &str = "You do not have permission to access this resource. Please contact your administrator for assistance.";
const NOT_PROCESSED: &str = "Extracted content is not available for this file. Please ensure that the file is processed before proceeding.";
const BOUNDARY: &str = "kb-index-boundary";

fn detail(r: &common::Resp) -> &str {
    r.body["detail"].as_str().unwrap_or("")
}

fn refused(r: &common::Resp, status: u16, want: &str, what: &str) {
    assert_eq!((r.status, detail(r)), (status, want), "{what}: {}", r.body);
}

/// Point the embedding engine at `url` (an OpenAI-compatible `/v1`).
async fn embed_with(s: &Server, admin: &str, url: &str) {
    let r = s
        .post(
            "/api/v1/retrieval/embedding/update",
            admin,
            json!({"RAG_EMBEDDING_ENGINE": "openai", "RAG_EMBEDDING_MODEL": "fake-embed",
                   "openai_config": {"url": url, "key": "sk-e"}}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
}

async fn upload_as(
    s: &Server,
    t: &str,
    query: &str,
    name: &str,
    text: &str,
    meta: Option<Value>,
) -> String {
    let mut body = format!(
        "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/plain\r\n\r\n{text}\r\n"
    );
    if let Some(m) = meta {
        body.push_str(&format!(
            "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"metadata\"\r\n\r\n{m}\r\n"
        ));
    }
    body.push_str(&format!("--{BOUNDARY}--\r\n"));
    let r = s
        .http
        .post(s.url(&format!("/api/v1/files/{query}")))
        .bearer_auth(t)
        .header(
            "content-type",
            format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    v["id"].as_str().unwrap().to_string()
}

/// Poll `/process/status` until the file is no longer in flight.
async fn settled(s: &Server, t: &str, id: &str) -> Value {
    let until = Instant::now() + Duration::from_secs(60);
    loop {
        let r = s
            .get(&format!("/api/v1/files/{id}/process/status"), t)
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let st = r.body["status"].as_str().unwrap_or("").to_string();
        if st != "pending" && st != "processing" {
            return r.body;
        }
        assert!(Instant::now() < until, "file {id} still {st}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Upload with processing and wait for it: the file id.
async fn processed(s: &Server, t: &str, name: &str, text: &str) -> String {
    let id = upload_as(s, t, "?process=true", name, text, None).await;
    let st = settled(s, t, &id).await;
    assert_eq!(st["status"], "completed", "{st}");
    id
}

async fn create_kb(s: &Server, t: &str, name: &str, description: &str) -> String {
    let r = s
        .post(
            "/api/v1/knowledge/create",
            t,
            json!({"name": name, "description": description}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body["id"].as_str().unwrap().to_string()
}

async fn post(s: &Server, t: &str, path: &str, body: Value) -> common::Resp {
    s.post(path, t, body).await
}

/// The chunks stored in a collection: `(file_id, text)`.
fn chunks(s: &Server, collection: &str) -> Vec<(String, String)> {
    s.cx.db
        .read(|c| vectors::get(c, collection))
        .unwrap()
        .into_iter()
        .map(|h| {
            (
                h.metadata["file_id"].as_str().unwrap_or("").to_string(),
                h.text,
            )
        })
        .collect()
}

/// The entries of `knowledge-bases`: `(id, text, knowledge_base_id)`.
fn kb_entries(s: &Server) -> Vec<(String, String, String)> {
    s.cx.db
        .read(|c| vectors::get(c, "knowledge-bases"))
        .unwrap()
        .into_iter()
        .map(|h| {
            (
                h.id,
                h.text,
                h.metadata["knowledge_base_id"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
            )
        })
        .collect()
}

fn file_ids(r: &common::Resp) -> Vec<String> {
    r.body["files"]
        .as_array()
        .unwrap_or_else(|| panic!("no files: {}", r.body))
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect()
}

async fn query_doc(s: &Server, t: &str, kb: &str, q: &str) -> common::Resp {
    s.post(
        "/api/v1/retrieval/query/doc",
        t,
        json!({"collection_name": kb, "query": q, "k": 1}),
    )
    .await
}

#[tokio::test]
async fn files_enter_and_leave_a_kb_with_their_chunks() {
    let llm = fakes::spawn_openai().await;
    let s = start().await;
    let (admin, _) = s.signup("Admin", "admin@example.com", "pw-admin").await;
    embed_with(&s, &admin, &llm.base_url).await;

    // create and update keep the KB's entry in knowledge-bases
    let kb = create_kb(&s, &admin, "Animals", "notes on animals").await;
    assert_eq!(
        kb_entries(&s),
        vec![(kb.clone(), "Animals\n\nnotes on animals".into(), kb.clone())]
    );
    let r = post(
        &s,
        &admin,
        &format!("/api/v1/knowledge/{kb}/update"),
        json!({"name": "Fauna", "description": ""}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        kb_entries(&s),
        vec![(kb.clone(), "Fauna".into(), kb.clone())]
    );

    let alpaca = "The alpaca grazes on the high plateau.";
    let a = processed(&s, &admin, "alpaca.txt", alpaca).await;
    assert_eq!(
        chunks(&s, &format!("file-{a}")),
        vec![(a.clone(), alpaca.into())]
    );

    // add: the file's chunks are copied into the KB, and it is listed
    let add = format!("/api/v1/knowledge/{kb}/file/add");
    let r = post(&s, &admin, &add, json!({"file_id": a})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(file_ids(&r), vec![a.clone()]);
    assert_eq!(r.body["id"], kb.as_str());
    assert_eq!(chunks(&s, &kb), vec![(a.clone(), alpaca.into())]);
    let q = query_doc(&s, &admin, &kb, alpaca).await;
    assert_eq!(q.status, 200, "{}", q.body);
    assert_eq!(q.body["documents"][0][0], alpaca, "{}", q.body);
    assert_eq!(q.body["metadatas"][0][0]["file_id"], a.as_str());
    // adding it again inserts its chunks again; the link stays one
    let r = post(&s, &admin, &add, json!({"file_id": a})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(file_ids(&r), vec![a.clone()]);
    assert_eq!(chunks(&s, &kb).len(), 2);
    // update: the file's chunks in the KB replaced by one copy
    let r = post(
        &s,
        &admin,
        &format!("/api/v1/knowledge/{kb}/file/update"),
        json!({"file_id": a}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(chunks(&s, &kb), vec![(a.clone(), alpaca.into())]);

    // refusals
    let raw = upload_as(
        &s,
        &admin,
        "?process=false",
        "raw.txt",
        "never processed",
        None,
    )
    .await;
    let r = post(&s, &admin, &add, json!({"file_id": raw})).await;
    refused(&r, 400, NOT_PROCESSED, "an unprocessed file");
    let r = post(&s, &admin, &add, json!({"file_id": "no-such-file"})).await;
    refused(&r, 400, NOT_FOUND, "a missing file");
    let r = post(
        &s,
        &admin,
        &add,
        json!({"file_id": a, "directory_id": "no-such-dir"}),
    )
    .await;
    refused(&r, 404, "Target directory not found.", "a folder of no KB");
    let r = post(
        &s,
        &admin,
        "/api/v1/knowledge/no-such-kb/file/add",
        json!({"file_id": a}),
    )
    .await;
    refused(&r, 400, NOT_FOUND, "a missing KB");
    let r = post(
        &s,
        &admin,
        &format!("/api/v1/knowledge/{kb}/file/update"),
        json!({"file_id": raw}),
    )
    .await;
    refused(&r, 400, NOT_FOUND, "update of a file not in the KB");
    let r = post(
        &s,
        &admin,
        &format!("/api/v1/knowledge/{kb}/file/remove"),
        json!({"file_id": raw}),
    )
    .await;
    refused(&r, 400, NOT_FOUND, "removal of a file not in the KB");
    // the same text from another file is a duplicate in the KB
    let twin = processed(&s, &admin, "twin.txt", alpaca).await;
    let r = post(&s, &admin, &add, json!({"file_id": twin})).await;
    refused(
        &r,
        400,
        "Duplicate content detected. Please provide unique content to proceed.",
        "duplicate content",
    );

    // remove, keeping the file: its chunks leave the KB, the file stays
    let r = post(
        &s,
        &admin,
        &format!("/api/v1/knowledge/{kb}/file/remove?delete_file=false"),
        json!({"file_id": a}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(file_ids(&r).is_empty());
    assert!(chunks(&s, &kb).is_empty());
    assert_eq!(
        s.get(&format!("/api/v1/files/{a}"), &admin).await.status,
        200
    );
    // by default (no retention) the file goes too, with its collection
    let r = post(&s, &admin, &add, json!({"file_id": a})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = post(
        &s,
        &admin,
        &format!("/api/v1/knowledge/{kb}/file/remove"),
        json!({"file_id": a}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(
        s.get(&format!("/api/v1/files/{a}"), &admin).await.status,
        404
    );
    assert!(chunks(&s, &format!("file-{a}")).is_empty());
    assert!(chunks(&s, &kb).is_empty());

    // delete: the entry in knowledge-bases goes with the KB
    let r = s
        .call(
            "DELETE",
            &format!("/api/v1/knowledge/{kb}/delete"),
            Auth::Bearer(&admin),
            None,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(kb_entries(&s).is_empty());
}

#[tokio::test]
async fn batch_add_reset_and_cleanup() {
    let llm = fakes::spawn_openai().await;
    let s = start().await;
    let (admin, _) = s.signup("Admin", "admin@example.com", "pw-admin").await;
    embed_with(&s, &admin, &llm.base_url).await;
    let kb = create_kb(&s, &admin, "Batch", "").await;
    let one = processed(&s, &admin, "one.txt", "first file text").await;
    let two = processed(&s, &admin, "two.txt", "second file text").await;
    let three = processed(&s, &admin, "three.txt", "third file text").await;
    let r = post(
        &s,
        &admin,
        &format!("/api/v1/knowledge/{kb}/dirs/create"),
        json!({"name": "sub"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let dir = r.body["id"].as_str().unwrap().to_string();

    let batch = format!("/api/v1/knowledge/{kb}/files/batch/add");
    let r = post(
        &s,
        &admin,
        &batch,
        json!([{"file_id": one}, {"file_id": "ghost"}]),
    )
    .await;
    refused(&r, 400, "File ghost not found", "a missing file in a batch");
    let r = post(
        &s,
        &admin,
        &batch,
        json!([{"file_id": one, "directory_id": "nope"}]),
    )
    .await;
    refused(&r, 404, "Target directory not found.", "a folder of no KB");
    assert!(
        chunks(&s, &kb).is_empty(),
        "nothing added by refused batches"
    );
    let r = post(
        &s,
        &admin,
        &batch,
        json!([{"file_id": one}, {"file_id": two, "directory_id": dir}]),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let mut ids = file_ids(&r);
    ids.sort();
    let mut want = vec![one.clone(), two.clone()];
    want.sort();
    assert_eq!(ids, want);
    // already linked files are skipped: no second copy of their chunks
    let r = post(
        &s,
        &admin,
        &batch,
        json!([{"file_id": one}, {"file_id": three}]),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(file_ids(&r).len(), 3);
    assert_eq!(chunks(&s, &kb).len(), 3);
    let r = s
        .get(
            &format!("/api/v1/knowledge/{kb}/files?directory_id={dir}"),
            &admin,
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["items"][0]["id"], two.as_str(), "{}", r.body);

    // cleanup: a listed file leaves (and, in no other KB, is deleted); a
    // listed folder goes with the links inside it; unknown ids are skipped
    let r = post(
        &s,
        &admin,
        &format!("/api/v1/knowledge/{kb}/sync/cleanup"),
        json!({"file_ids": [one, "ghost"], "dir_ids": [dir, "nope"]}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body, json!({"status": true}));
    let r = s
        .get(&format!("/api/v1/knowledge/{kb}/files"), &admin)
        .await;
    let left: Vec<&str> = r.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(left, vec![three.as_str()], "{}", r.body);
    assert_eq!(
        chunks(&s, &kb),
        vec![(three.clone(), "third file text".into())]
    );
    assert_eq!(
        s.get(&format!("/api/v1/files/{one}"), &admin).await.status,
        404
    );
    // two was unlinked with its folder; it is kept (upstream's cascade)
    assert_eq!(
        s.get(&format!("/api/v1/files/{two}"), &admin).await.status,
        200
    );

    // reset without folders: links and chunks go, files deleted, folders kept
    let r = post(
        &s,
        &admin,
        &format!("/api/v1/knowledge/{kb}/dirs/create"),
        json!({"name": "kept"}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = post(&s, &admin, &batch, json!([{"file_id": two}])).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = post(
        &s,
        &admin,
        &format!("/api/v1/knowledge/{kb}/reset?include_directories=false"),
        json!({}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["id"], kb.as_str());
    assert!(r.body.get("files").is_none_or(Value::is_null), "{}", r.body);
    assert!(chunks(&s, &kb).is_empty());
    for f in [&two, &three] {
        assert_eq!(
            s.get(&format!("/api/v1/files/{f}"), &admin).await.status,
            404
        );
    }
    let r = s
        .get(&format!("/api/v1/knowledge/{kb}/files"), &admin)
        .await;
    assert_eq!(r.body["total"], 0, "{}", r.body);
    let dirs = s.cx.db.read(|c| {
        Ok(c.query_row(
            "SELECT count(*) FROM knowledge_directory WHERE knowledge_id = ?1",
            [&kb],
            |r| r.get::<_, i64>(0),
        )?)
    });
    assert_eq!(dirs.unwrap(), 1);
    let r = post(
        &s,
        &admin,
        &format!("/api/v1/knowledge/{kb}/reset"),
        json!({}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let dirs = s.cx.db.read(|c| {
        Ok(c.query_row(
            "SELECT count(*) FROM knowledge_directory WHERE knowledge_id = ?1",
            [&kb],
            |r| r.get::<_, i64>(0),
        )?)
    });
    assert_eq!(dirs.unwrap(), 0);
}

#[tokio::test]
async fn reindexing_rebuilds_the_collections() {
    let llm = fakes::spawn_openai().await;
    let s = start().await;
    let (admin, _) = s.signup("Admin", "admin@example.com", "pw-admin").await;
    let (user, _) = s
        .add_user(&admin, "Ursula", "user@example.com", "user")
        .await;
    embed_with(&s, &admin, &llm.base_url).await;
    let kb = create_kb(&s, &admin, "Re", "index me").await;
    let other = create_kb(&s, &admin, "Other", "").await;
    let f = processed(&s, &admin, "f.txt", "text to index again").await;
    let r = post(
        &s,
        &admin,
        &format!("/api/v1/knowledge/{kb}/file/add"),
        json!({"file_id": f}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);

    // lost vectors come back from the stored text
    s.cx.db
        .write(|tx| {
            vectors::delete_collection(tx, &kb)?;
            vectors::delete_collection(tx, &format!("file-{f}"))?;
            vectors::delete_collection(tx, "knowledge-bases")?;
            Ok(())
        })
        .unwrap();
    let r = post(&s, &user, "/api/v1/knowledge/reindex", json!({})).await;
    refused(&r, 401, "401 Unauthorized", "a user reindexing");
    let before = llm.requests_to("/v1/embeddings").len();
    let r = post(&s, &admin, "/api/v1/knowledge/reindex", json!({})).await;
    assert_eq!((r.status, &r.body), (200, &json!(true)));
    assert!(
        llm.requests_to("/v1/embeddings").len() > before,
        "embedded again"
    );
    assert_eq!(
        chunks(&s, &kb),
        vec![(f.clone(), "text to index again".into())]
    );
    assert_eq!(
        chunks(&s, &format!("file-{f}")),
        vec![(f.clone(), "text to index again".into())]
    );

    let r = post(&s, &user, "/api/v1/knowledge/metadata/reindex", json!({})).await;
    assert_eq!(r.status, 401, "{}", r.body);
    assert!(kb_entries(&s).is_empty());
    let r = post(&s, &admin, "/api/v1/knowledge/metadata/reindex", json!({})).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body, json!({"total": 2, "success": 2}));
    let mut got: Vec<String> = kb_entries(&s).into_iter().map(|e| e.2).collect();
    got.sort();
    let mut want = vec![kb.clone(), other.clone()];
    want.sort();
    assert_eq!(got, want);
}

#[tokio::test]
async fn an_engine_that_fails_does_not_fail_the_kb() {
    let s = start().await;
    let (admin, _) = s.signup("Admin", "admin@example.com", "pw-admin").await;
    // a port nothing listens on
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/v1", dead.local_addr().unwrap());
    drop(dead);
    embed_with(&s, &admin, &url).await;
    let kb = create_kb(&s, &admin, "Offline", "").await;
    assert!(kb_entries(&s).is_empty());
    let r = post(
        &s,
        &admin,
        &format!("/api/v1/knowledge/{kb}/update"),
        json!({"name": "Still offline", "description": ""}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.body["name"], "Still offline");
    let r = post(&s, &admin, "/api/v1/knowledge/metadata/reindex", json!({})).await;
    assert_eq!(r.body, json!({"total": 1, "success": 0}));
}

#[tokio::test]
async fn an_upload_for_a_kb_is_linked_once_processed() {
    let llm = fakes::spawn_openai().await;
    let s = start().await;
    let (admin, _) = s.signup("Admin", "admin@example.com", "pw-admin").await;
    let (bob, _) = s.add_user(&admin, "Bob", "bob@example.com", "user").await;
    embed_with(&s, &admin, &llm.base_url).await;
    let kb = create_kb(&s, &admin, "Inbox", "").await;
    let text = "Quarterly figures: revenue rose by nine percent.";
    let id = upload_as(
        &s,
        &admin,
        "?process=true",
        "q3.txt",
        text,
        Some(json!({"knowledge_id": kb})),
    )
    .await;
    let st = settled(&s, &admin, &id).await;
    assert_eq!(st["status"], "completed", "{st}");
    let r = s
        .get(&format!("/api/v1/knowledge/{kb}/files"), &admin)
        .await;
    assert_eq!(r.body["items"][0]["id"], id.as_str(), "{}", r.body);
    let q = query_doc(&s, &admin, &kb, text).await;
    assert_eq!(q.status, 200, "{}", q.body);
    assert_eq!(q.body["documents"][0][0], text, "{}", q.body);

    // someone who may not change the KB: processed, not linked
    let theirs = upload_as(
        &s,
        &bob,
        "?process=true",
        "bob.txt",
        "bob's own words",
        Some(json!({"knowledge_id": kb})),
    )
    .await;
    let st = settled(&s, &bob, &theirs).await;
    assert_eq!(st["status"], "completed", "{st}");
    let r = s
        .get(&format!("/api/v1/knowledge/{kb}/files"), &admin)
        .await;
    assert_eq!(r.body["total"], 1, "{}", r.body);
}

#[tokio::test]
async fn other_users_may_not_change_a_kbs_files() {
    let llm = fakes::spawn_openai().await;
    let s = start().await;
    let (admin, _) = s.signup("Admin", "admin@example.com", "pw-admin").await;
    let (bob, bob_id) = s.add_user(&admin, "Bob", "bob@example.com", "user").await;
    let (pending, _) = s
        .add_user(&admin, "Pen", "pen@example.com", "pending")
        .await;
    embed_with(&s, &admin, &llm.base_url).await;
    let kb = create_kb(&s, &admin, "Guarded", "").await;
    let mine = processed(&s, &admin, "admin.txt", "the admin's text").await;
    let r = post(
        &s,
        &admin,
        &format!("/api/v1/knowledge/{kb}/file/add"),
        json!({"file_id": mine}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let bobs = processed(&s, &bob, "bob.txt", "bob's text").await;

    let attempts = |kb: &str| {
        vec![
            (
                "file/add",
                format!("/api/v1/knowledge/{kb}/file/add"),
                json!({"file_id": bobs}),
            ),
            (
                "file/update",
                format!("/api/v1/knowledge/{kb}/file/update"),
                json!({"file_id": mine}),
            ),
            (
                "file/remove",
                format!("/api/v1/knowledge/{kb}/file/remove"),
                json!({"file_id": mine}),
            ),
            (
                "batch/add",
                format!("/api/v1/knowledge/{kb}/files/batch/add"),
                json!([{"file_id": bobs}]),
            ),
            ("reset", format!("/api/v1/knowledge/{kb}/reset"), json!({})),
            (
                "cleanup",
                format!("/api/v1/knowledge/{kb}/sync/cleanup"),
                json!({"file_ids": [mine]}),
            ),
        ]
    };
    // no grant, then a read grant: 400 (403 for cleanup), nothing changes
    for grant in [None, Some("read")] {
        if let Some(p) = grant {
            let r = post(
                &s,
                &admin,
                &format!("/api/v1/knowledge/{kb}/access/update"),
                json!({"access_grants": [{"principal_type": "user", "principal_id": bob_id, "permission": p}]}),
            )
            .await;
            assert_eq!(r.status, 200, "{}", r.body);
        }
        for (what, path, body) in attempts(&kb) {
            let r = post(&s, &bob, &path, body).await;
            let status = if what == "cleanup" { 403 } else { 400 };
            refused(&r, status, PROHIBITED, &format!("{what} with {grant:?}"));
        }
        assert_eq!(
            chunks(&s, &kb),
            vec![(mine.clone(), "the admin's text".into())]
        );
        let r = s.get(&format!("/api/v1/files/{mine}"), &admin).await;
        assert_eq!(r.status, 200);
    }
    // pending users and nobody are refused before anything is looked at
    for (what, path, body) in attempts(&kb) {
        let r = post(&s, &pending, &path, body.clone()).await;
        assert_eq!(r.status, 401, "{what} as pending: {}", r.body);
        let r = s.call("POST", &path, Auth::None, Some(body)).await;
        assert_eq!(r.status, 401, "{what} anonymously: {}", r.body);
    }

    // with write: bob adds his own file, not one he cannot read
    let r = post(
        &s,
        &admin,
        &format!("/api/v1/knowledge/{kb}/access/update"),
        json!({"access_grants": [{"principal_type": "user", "principal_id": bob_id, "permission": "write"}]}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let secret = processed(&s, &admin, "secret.txt", "not for bob").await;
    let r = post(
        &s,
        &bob,
        &format!("/api/v1/knowledge/{kb}/file/add"),
        json!({"file_id": secret}),
    )
    .await;
    refused(&r, 403, PROHIBITED, "adding a file bob cannot read");
    let r = post(
        &s,
        &bob,
        &format!("/api/v1/knowledge/{kb}/files/batch/add"),
        json!([{"file_id": secret}]),
    )
    .await;
    refused(&r, 403, PROHIBITED, "batch-adding a file bob cannot read");
    let r = post(
        &s,
        &bob,
        &format!("/api/v1/knowledge/{kb}/file/add"),
        json!({"file_id": bobs}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    // removing the admin's file: unlinked, but only its owner's removal deletes it
    let r = post(
        &s,
        &bob,
        &format!("/api/v1/knowledge/{kb}/file/remove"),
        json!({"file_id": mine}),
    )
    .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(file_ids(&r), vec![bobs.clone()]);
    assert_eq!(
        s.get(&format!("/api/v1/files/{mine}"), &admin).await.status,
        200
    );
}

#[tokio::test]
async fn the_built_in_model_finds_the_chunk_that_answers() {
    let s = start().await;
    let (admin, _) = s.signup("Admin", "admin@example.com", "pw-admin").await;
    let model = common::minilm_dir();
    let r = s
        .post(
            "/api/v1/retrieval/embedding/update",
            &admin,
            json!({"RAG_EMBEDDING_ENGINE": "", "RAG_EMBEDDING_MODEL": model.to_str().unwrap()}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let kb = create_kb(&s, &admin, "Handbook", "").await;
    let texts = [
        (
            "cats.txt",
            "Cats sleep for most of the day and purr when they are content.",
        ),
        (
            "rust.txt",
            "The Rust compiler checks ownership and borrowing at compile time.",
        ),
        (
            "bread.txt",
            "Knead the dough, let it rise overnight, then bake it in a hot oven.",
        ),
    ];
    let mut ids = vec![];
    for (name, text) in texts {
        let id = processed(&s, &admin, name, text).await;
        let r = post(
            &s,
            &admin,
            &format!("/api/v1/knowledge/{kb}/file/add"),
            json!({"file_id": id}),
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.body);
        ids.push(id);
    }
    for (q, want) in [
        ("How do I make a loaf at home?", 2),
        ("memory safety in a programming language", 1),
        ("my pet is napping", 0),
    ] {
        let r = query_doc(&s, &admin, &kb, q).await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(
            r.body["metadatas"][0][0]["file_id"],
            ids[want].as_str(),
            "{q}: {}",
            r.body
        );
    }
}
