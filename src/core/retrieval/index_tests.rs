use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use serde_json::{Value, json};

use super::*;
use crate::core::actor::Role;
use crate::core::ctx::test_ctx;
use crate::core::files::{Staged, Stager, UploadForm};
use crate::core::knowledge::KnowledgeForm;
use crate::core::users::fixtures;
use crate::core::{configs, files, knowledge};

/// Texts embedded by the fake, counted.
#[derive(Clone, Default)]
struct Seen(Arc<AtomicUsize>);

/// A bag-of-words vector: texts sharing words point the same way.
fn bag(text: &str) -> Vec<f32> {
    let mut v = vec![0.0f32; 32];
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let mut h: u32 = 2166136261;
        for b in w.to_lowercase().bytes() {
            h = (h ^ u32::from(b)).wrapping_mul(16777619);
        }
        v[(h % 32) as usize] += 1.0;
    }
    v[31] += 0.01;
    v
}

async fn fake_embeddings(State(seen): State<Seen>, Json(body): Json<Value>) -> Json<Value> {
    let texts: Vec<String> = match &body["input"] {
        Value::String(s) => vec![s.clone()],
        v => serde_json::from_value(v.clone()).unwrap(),
    };
    seen.0.fetch_add(texts.len(), Ordering::SeqCst);
    let data: Vec<Value> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| json!({"object": "embedding", "index": i, "embedding": bag(t)}))
        .collect();
    Json(json!({"object": "list", "data": data, "model": "bag"}))
}

/// A context whose embedding engine is the fake OpenAI server.
async fn setup() -> (tempfile::TempDir, Ctx, Seen) {
    let (d, cx) = test_ctx();
    let seen = Seen::default();
    let app = Router::new()
        .route("/v1/embeddings", post(fake_embeddings))
        .with_state(seen.clone());
    let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = l.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(l, app).await.unwrap() });
    let sys = Actor::system();
    configs::set(&cx, &sys, "rag.embedding_engine", json!("openai")).unwrap();
    configs::set(&cx, &sys, "rag.embedding_model", json!("bag")).unwrap();
    configs::set(
        &cx,
        &sys,
        "rag.openai.api_base_url",
        json!(format!("http://{addr}/v1")),
    )
    .unwrap();
    configs::set(&cx, &sys, "rag.openai.api_key", json!("sk-test")).unwrap();
    (d, cx, seen)
}

async fn staged(cx: &Ctx, bytes: &[u8]) -> Staged {
    let mut s = Stager::new(cx, None).await.unwrap();
    s.push(bytes).await.unwrap();
    s.finish().await.unwrap()
}

/// Upload `bytes` as `who` with `process=true` and run the processing.
async fn upload(
    cx: &Ctx,
    who: &Actor,
    name: &str,
    ct: &str,
    bytes: &[u8],
    meta: Option<Value>,
) -> String {
    let st = staged(cx, bytes).await;
    let up = files::upload(
        cx,
        who,
        UploadForm {
            filename: name.into(),
            content_type: Some(ct.into()),
            metadata: meta.map(|m| m.to_string()),
            process: true,
        },
        st,
    )
    .unwrap();
    process_upload(cx, who, &up.file.id, &|_| {}).await;
    up.file.id
}

fn data(cx: &Ctx, id: &str) -> Value {
    files::row(cx, id).unwrap().unwrap().data.unwrap()
}

fn chunks(cx: &Ctx, collection: &str) -> Vec<Item> {
    cx.db.read(|c| vectors::items(c, collection)).unwrap()
}

/// A KB of `who` (given the permission to create one).
fn kb(cx: &Ctx, who: &Actor, name: &str) -> String {
    let root = fixtures::user(cx, &format!("root-{name}@x.io"), Role::Admin);
    let g = crate::core::groups::create(
        cx,
        &root,
        crate::core::groups::GroupForm {
            name: format!("makers of {name}"),
            description: String::new(),
            parent_group_id: None,
            permissions: Some(json!({"workspace": {"knowledge": true}})),
            data: None,
        },
    )
    .unwrap();
    crate::core::groups::add_members(cx, &root, &g.id, std::slice::from_ref(&who.id)).unwrap();
    knowledge::create(
        cx,
        who,
        KnowledgeForm {
            name: name.into(),
            description: String::new(),
            access_grants: None,
        },
    )
    .unwrap()
    .id
}

const TEXT: &str = "Otters hold hands while sleeping so they do not drift apart.\n\nThe harbour seal prefers sandbanks at low tide.";

#[tokio::test(flavor = "multi_thread")]
async fn an_upload_is_extracted_chunked_and_embedded_once() {
    let (_d, cx, seen) = setup().await;
    let ada = fixtures::user(&cx, "ada@x.io", Role::User);
    let id = upload(&cx, &ada, "otters.txt", "text/plain", TEXT.as_bytes(), None).await;
    let d = data(&cx, &id);
    assert_eq!(d["status"], "completed", "{d}");
    assert_eq!(d["error"], Value::Null);
    assert_eq!(d["content"], TEXT);
    let f = files::row(&cx, &id).unwrap().unwrap();
    assert_eq!(f.hash.as_deref(), Some(chunk::content_hash(TEXT).as_str()));
    assert_eq!(
        f.meta.as_ref().unwrap()["collection_name"],
        format!("file-{id}")
    );
    let items = chunks(&cx, &format!("file-{id}"));
    assert_eq!(items.len(), 1);
    let m = &items[0].metadata;
    assert_eq!(m["file_id"], id.as_str());
    assert_eq!(m["name"], "otters.txt");
    assert_eq!(m["source"], "otters.txt");
    assert_eq!(m["created_by"], ada.id.as_str());
    assert_eq!(m["hash"], chunk::content_hash(TEXT));
    assert_eq!(m["start_index"], 0);
    assert_eq!(m["content_type"], "text/plain");
    assert_eq!(
        m["embedding_config"],
        json!({"engine": "openai", "model": "bag"})
    );
    assert!(m.get("content").is_none());
    assert_eq!(seen.0.load(Ordering::SeqCst), 1);
    // the Markdown-header pass joins lines as langchain does; the embedder
    // saw the chunk with its newlines as spaces, the stored chunk keeps them
    let chunk = "Otters hold hands while sleeping so they do not drift apart.  \nThe harbour seal prefers sandbanks at low tide.";
    assert_eq!(items[0].text, chunk);
    assert_eq!(items[0].vector, bag(&chunk.replace('\n', " ")));
}

#[tokio::test(flavor = "multi_thread")]
async fn adding_to_a_knowledge_base_copies_the_vectors_without_embedding_again() {
    let (_d, cx, seen) = setup().await;
    let ada = fixtures::user(&cx, "ada@x.io", Role::User);
    let k = kb(&cx, &ada, "Seas");
    let id = upload(&cx, &ada, "otters.txt", "text/plain", TEXT.as_bytes(), None).await;
    let before = seen.0.load(Ordering::SeqCst);
    add_to_knowledge(&cx, &ada, &k, &id, None).await.unwrap();
    assert_eq!(seen.0.load(Ordering::SeqCst), before, "embedded again");
    let own = chunks(&cx, &format!("file-{id}"));
    let copied = chunks(&cx, &k);
    assert_eq!(copied.len(), own.len());
    assert_eq!(copied[0].vector, own[0].vector);
    assert_eq!(copied[0].text, own[0].text);
    assert_ne!(copied[0].id, own[0].id);
    assert_eq!(
        files::row(&cx, &id).unwrap().unwrap().meta.unwrap()["collection_name"],
        k.as_str()
    );
    assert_eq!(knowledge::kbs_of_file(&cx, &id).unwrap(), vec![k.clone()]);

    // the same text from another file is refused in that KB, allowed alone
    let twin = upload(&cx, &ada, "twin.txt", "text/plain", TEXT.as_bytes(), None).await;
    assert_eq!(data(&cx, &twin)["status"], "completed");
    let e = add_to_knowledge(&cx, &ada, &k, &twin, None)
        .await
        .unwrap_err();
    assert_eq!(e.message(), DUPLICATE_CONTENT);
    assert_eq!(chunks(&cx, &k).len(), own.len());
    assert_eq!(data(&cx, &twin)["status"], "failed");
    assert!(files::row(&cx, &twin).unwrap().unwrap().hash.is_none());

    // deleting the file takes its chunks out of the KB and its own collection
    files::delete(&cx, &ada, &id).unwrap();
    assert!(chunks(&cx, &k).is_empty());
    assert!(chunks(&cx, &format!("file-{id}")).is_empty());
    assert!(knowledge::kbs_of_file(&cx, &id).unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn an_upload_for_a_knowledge_base_is_linked_only_with_write_access() {
    let (_d, cx, _seen) = setup().await;
    let ada = fixtures::user(&cx, "ada@x.io", Role::User);
    let bob = fixtures::user(&cx, "bob@x.io", Role::User);
    let k = kb(&cx, &ada, "Seas");
    let id = upload(
        &cx,
        &ada,
        "otters.txt",
        "text/plain",
        TEXT.as_bytes(),
        Some(json!({"knowledge_id": k, "directory_id": "no-such-folder"})),
    )
    .await;
    assert_eq!(data(&cx, &id)["status"], "completed");
    assert_eq!(knowledge::kbs_of_file(&cx, &id).unwrap(), vec![k.clone()]);
    assert_eq!(chunks(&cx, &k).len(), 1);

    // bob may not write ada's KB: his file completes, unlinked
    let theirs = upload(
        &cx,
        &bob,
        "seal.txt",
        "text/plain",
        b"The harbour seal sleeps on sand.",
        Some(json!({"knowledge_id": k})),
    )
    .await;
    assert_eq!(data(&cx, &theirs)["status"], "completed");
    assert!(knowledge::kbs_of_file(&cx, &theirs).unwrap().is_empty());
    assert_eq!(chunks(&cx, &k).len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn media_audio_and_unreadable_files_end_as_upstream_says() {
    let (_d, cx, _seen) = setup().await;
    let ada = fixtures::user(&cx, "ada@x.io", Role::User);
    let png = upload(&cx, &ada, "a.png", "image/png", b"\x89PNG\0\0\0", None).await;
    assert_eq!(
        data(&cx, &png),
        json!({"status": "failed", "error": "File type image/png is not supported for processing"})
    );
    let mp4 = upload(&cx, &ada, "v.mp4", "video/mp4", b"\0\0\0", None).await;
    assert_eq!(data(&cx, &mp4)["status"], "completed");
    assert!(chunks(&cx, &format!("file-{mp4}")).is_empty());
    // text sent as video (a .ts file) is read as text
    let ts = upload(
        &cx,
        &ada,
        "a.ts",
        "video/mp2t",
        b"export const otters = 2;",
        None,
    )
    .await;
    assert_eq!(data(&cx, &ts)["status"], "completed");
    assert_eq!(chunks(&cx, &format!("file-{ts}")).len(), 1);
    let wav = upload(&cx, &ada, "a.wav", "audio/wav", b"RIFF\0\0", None).await;
    assert_eq!(
        data(&cx, &wav),
        json!({"status": "failed", "error": NO_TRANSCRIPTION})
    );
    let pdf = upload(
        &cx,
        &ada,
        "broken.pdf",
        "application/pdf",
        b"%PDF-1.7 not really",
        None,
    )
    .await;
    let d = data(&cx, &pdf);
    assert_eq!(d["status"], "failed");
    assert!(!d["error"].as_str().unwrap().is_empty());
    let empty = upload(&cx, &ada, "blank.txt", "text/plain", b"   \n\n  ", None).await;
    assert_eq!(
        data(&cx, &empty),
        json!({"status": "failed", "error": EMPTY_CONTENT, "content": "   \n\n  "})
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn bypass_mode_records_the_text_and_hash_without_vectors() {
    let (_d, cx, seen) = setup().await;
    configs::set(
        &cx,
        &Actor::system(),
        "rag.bypass_embedding_and_retrieval",
        json!(true),
    )
    .unwrap();
    let ada = fixtures::user(&cx, "ada@x.io", Role::User);
    let id = upload(&cx, &ada, "otters.txt", "text/plain", TEXT.as_bytes(), None).await;
    let f = files::row(&cx, &id).unwrap().unwrap();
    assert_eq!(f.data.as_ref().unwrap()["status"], "completed");
    assert_eq!(f.hash.as_deref(), Some(chunk::content_hash(TEXT).as_str()));
    assert!(f.meta.unwrap().get("collection_name").is_none());
    assert!(chunks(&cx, &format!("file-{id}")).is_empty());
    assert_eq!(seen.0.load(Ordering::SeqCst), 0);
}

#[tokio::test(flavor = "multi_thread")]
async fn new_text_replaces_the_chunks_everywhere() {
    let (_d, cx, _seen) = setup().await;
    let ada = fixtures::user(&cx, "ada@x.io", Role::User);
    let bob = fixtures::user(&cx, "bob@x.io", Role::User);
    let k = kb(&cx, &ada, "Seas");
    let id = upload(&cx, &ada, "otters.txt", "text/plain", TEXT.as_bytes(), None).await;
    add_to_knowledge(&cx, &ada, &k, &id, None).await.unwrap();
    let e = update_content(&cx, &bob, &id, "mine now".into())
        .await
        .unwrap_err();
    assert!(matches!(e, Error::NotFound(_)));
    let e = update_content(&cx, &ada, &id, "  ".into())
        .await
        .unwrap_err();
    assert_eq!(e.message(), EMPTY_CONTENT);
    let out = update_content(&cx, &ada, &id, "Walruses<br/>use tusks.".into())
        .await
        .unwrap();
    assert_eq!(out, ContentUpdate::Done("Walruses<br/>use tusks.".into()));
    for coll in [format!("file-{id}"), k.clone()] {
        let items = chunks(&cx, &coll);
        assert_eq!(items.len(), 1, "{coll}");
        assert_eq!(items[0].text, "Walruses\nuse tusks.");
        assert_eq!(
            items[0].metadata["hash"],
            chunk::content_hash("Walruses<br/>use tusks.")
        );
    }
    assert_eq!(data(&cx, &id)["content"], "Walruses<br/>use tusks.");
}

#[tokio::test(flavor = "multi_thread")]
async fn collections_are_used_only_by_those_allowed() {
    let (_d, cx, _seen) = setup().await;
    let ada = fixtures::user(&cx, "ada@x.io", Role::User);
    let bob = fixtures::user(&cx, "bob@x.io", Role::User);
    let root = fixtures::user(&cx, "root@x.io", Role::Admin);
    let k = kb(&cx, &ada, "Seas");
    let id = upload(&cx, &ada, "otters.txt", "text/plain", TEXT.as_bytes(), None).await;
    let ok =
        |who: &Actor, name: &str, a: Access| check_access(&cx, who, &[name.to_string()], a).is_ok();
    let file = format!("file-{id}");
    assert!(ok(&ada, &file, Access::Write));
    assert!(!ok(&bob, &file, Access::Read));
    assert!(ok(&ada, &k, Access::Write));
    assert!(!ok(&bob, &k, Access::Read));
    assert!(ok(&ada, &format!("user-memory-{}", ada.id), Access::Read));
    assert!(!ok(&bob, &format!("user-memory-{}", ada.id), Access::Read));
    assert!(ok(
        &bob,
        &format!("web-search-{}-abc", bob.id),
        Access::Write
    ));
    assert!(!ok(
        &bob,
        &format!("web-search-{}-abc", ada.id),
        Access::Read
    ));
    assert!(!ok(&ada, "knowledge-bases", Access::Read));
    assert!(!ok(&ada, "no-owner-at-all", Access::Read));
    // another spelling of the same collection is no way around the rule
    assert!(!ok(
        &bob,
        &file.to_uppercase().replace('-', "_"),
        Access::Read
    ));
    assert!(ok(&root, &file, Access::Write));
    assert!(ok(&root, "knowledge-bases", Access::Read));
    // malformed names are refused to admins too
    assert!(!ok(&root, "../etc", Access::Read));
    let e = check_access(&cx, &bob, std::slice::from_ref(&k), Access::Read).unwrap_err();
    assert!(matches!(e, Error::Forbidden(_)));
    // a read grant opens the KB for reading, not writing
    knowledge::update_access(
        &cx,
        &root,
        &k,
        &[json!({"principal_type": "user", "principal_id": bob.id, "permission": "read"})],
    )
    .unwrap();
    assert!(ok(&bob, &k, Access::Read));
    assert!(!ok(&bob, &k, Access::Write));
    // and the KB's files with it
    add_to_knowledge(&cx, &ada, &k, &id, None).await.unwrap();
    assert!(ok(&bob, &file, Access::Read));
    assert!(!ok(&bob, &file, Access::Write));
}

#[tokio::test(flavor = "multi_thread")]
async fn process_file_needs_write_access_to_the_file_and_the_target() {
    let (_d, cx, _seen) = setup().await;
    let ada = fixtures::user(&cx, "ada@x.io", Role::User);
    let bob = fixtures::user(&cx, "bob@x.io", Role::User);
    let k = kb(&cx, &ada, "Seas");
    let id = upload(&cx, &ada, "otters.txt", "text/plain", TEXT.as_bytes(), None).await;
    let e = process_file(&cx, &bob, &id, None, None).await.unwrap_err();
    assert!(matches!(e, Error::NotFound(_)));
    let bobs = upload(&cx, &bob, "seal.txt", "text/plain", b"The seal.", None).await;
    let e = process_file(&cx, &bob, &bobs, None, Some(k.clone()))
        .await
        .unwrap_err();
    assert!(matches!(e, Error::Forbidden(_)));
    assert!(chunks(&cx, &k).is_empty());
    let out = process_file(&cx, &ada, &id, Some("Sea otters eat urchins.".into()), None)
        .await
        .unwrap();
    assert_eq!(out.collection_name, Some(format!("file-{id}")));
    assert_eq!(out.content, "Sea otters eat urchins.");
    assert_eq!(
        chunks(&cx, &format!("file-{id}"))[0].text,
        "Sea otters eat urchins."
    );
}
