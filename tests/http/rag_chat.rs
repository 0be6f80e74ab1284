//! Retrieval in `/api/chat/completions`: attached files and texts reach
//! the model through the RAG template, and their sources reach the
//! client, over real HTTP with the fake OpenAI server.

use std::time::Duration;

use crate::common::{Polling, Server, start_with, start_with_openai};
use crate::completions::{events_until, ui_body, ui_chat};
use crate::fakes;
use crate::files::uploaded;
use owui::core::actor::Actor;
use owui::core::knowledge;
use owui::core::retrieval::settings::DEFAULT_RAG_TEMPLATE;
use owui::core::retrieval::vectors::{self, Item};
use serde_json::{Value, json};

/// A file of `token`'s with `content` as its extracted text.
async fn file_with_text(s: &Server, token: &str, name: &str, content: &str) -> String {
    let id = uploaded(s, token, name, "text/plain", content.as_bytes()).await;
    let data = json!({"status": "completed", "content": content}).to_string();
    let fid = id.clone();
    s.cx.db
        .write(move |tx| {
            tx.execute("UPDATE file SET data = ?1 WHERE id = ?2", [&data, &fid])?;
            Ok(())
        })
        .unwrap();
    id
}

fn last_user_content(body: &Value) -> String {
    let msgs = body["messages"].as_array().unwrap();
    msgs.iter().rev().find(|m| m["role"] == "user").unwrap()["content"]
        .as_str()
        .unwrap()
        .to_string()
}

fn expected(context: &str, question: &str) -> String {
    format!(
        "{}\n{question}",
        DEFAULT_RAG_TEMPLATE.replace("{{CONTEXT}}", context)
    )
}

#[tokio::test]
async fn attached_files_and_texts_reach_the_model_and_their_sources_the_client() {
    let fake = fakes::spawn_openai().await;
    let s = start_with_openai(&fake.base_url).await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let model = fakes::DEFAULT_MODELS[0];
    let fid = file_with_text(&s, &admin, "notes.txt", "The launch code is 1234.").await;
    let files = json!([
        {"type": "file", "id": fid, "name": "notes.txt", "context": "full"},
        {"type": "text", "name": "pasted", "content": "Owls hunt at night."}
    ]);
    let r = s
        .post(
            "/api/chat/completions",
            &admin,
            json!({"model": model, "stream": false, "files": files,
                   "messages": [{"role": "user", "content": "What is the code?"}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let context = format!(
        "<source id=\"1\" name=\"notes.txt\" resource-type=\"file\" resource-id=\"{fid}\">The launch code is 1234.</source>\n\
         <source id=\"2\" name=\"pasted\" resource-type=\"text\">Owls hunt at night.</source>"
    );
    let sent = fake.requests_to("/v1/chat/completions");
    let body = &sent.last().unwrap().body;
    assert_eq!(
        last_user_content(body),
        expected(&context, "What is the code?")
    );
    let sources = r.body["sources"].as_array().expect("sources");
    assert_eq!(sources.len(), 2);
    assert_eq!(sources[0]["source"]["id"], json!(fid));
    assert_eq!(sources[0]["document"], json!(["The launch code is 1234."]));
    assert_eq!(sources[0]["metadata"][0]["file_id"], json!(fid));
    assert_eq!(sources[1]["document"], json!(["Owls hunt at night."]));

    // streaming: the sources are the first event
    let resp = s
        .http
        .post(s.url("/api/chat/completions"))
        .bearer_auth(&admin)
        .json(
            &json!({"model": model, "stream": true, "metadata": {"files": files},
                      "messages": [{"role": "user", "content": "Again?"}]}),
        )
        .send()
        .await
        .unwrap();
    let text = resp.text().await.unwrap();
    let first = text.split("\n\n").next().unwrap().trim();
    let first: Value = serde_json::from_str(first.strip_prefix("data: ").unwrap()).unwrap();
    assert_eq!(first["sources"].as_array().unwrap().len(), 2, "{first}");
    let sent = fake.requests_to("/v1/chat/completions");
    assert_eq!(
        last_user_content(&sent.last().unwrap().body),
        expected(&context, "Again?")
    );
}

#[tokio::test]
async fn another_users_file_never_reaches_the_model() {
    let fake = fakes::spawn_openai().await;
    let url = fake.base_url.clone();
    let s = start_with(
        move |c| {
            c.set("OPENAI_API_BASE_URL", url);
            c.set("OPENAI_API_KEY", "sk-fake");
            c.set("ENABLE_OLLAMA_API", "false");
            c.set("BYPASS_MODEL_ACCESS_CONTROL", "true");
        },
        None,
    )
    .await;
    let (admin, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (bo, _) = s.add_user(&admin, "Bo", "bo@example.com", "user").await;
    let fid = file_with_text(&s, &admin, "secret.txt", "Ada's secret.").await;
    let r = s
        .post(
            "/api/chat/completions",
            &bo,
            json!({"model": fakes::DEFAULT_MODELS[0], "stream": false,
                   "files": [{"type": "file", "id": fid, "context": "full"}],
                   "messages": [{"role": "user", "content": "Tell me."}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.get("sources").is_none(), "{}", r.body);
    let sent = fake.requests_to("/v1/chat/completions");
    let body = &sent.last().unwrap().body;
    assert_eq!(last_user_content(body), "Tell me.");
    assert!(!body.to_string().contains("secret"));
}

/// An owui on the fake OpenAI server for chat and embeddings, every
/// model usable by every user; `extra` settings on top.
async fn server(url: &str, extra: &'static [(&'static str, &'static str)]) -> Server {
    let url = url.to_string();
    start_with(
        move |c| {
            c.set("OPENAI_API_BASE_URL", url);
            c.set("OPENAI_API_KEY", "sk-fake");
            c.set("ENABLE_OLLAMA_API", "false");
            c.set("BYPASS_MODEL_ACCESS_CONTROL", "true");
            c.set("RAG_EMBEDDING_ENGINE", "openai");
            c.set("RAG_EMBEDDING_MODEL", "fake-embed");
            for (k, v) in extra {
                c.set(k, *v);
            }
        },
        None,
    )
    .await
}

/// Chunks put into a collection as indexing stores them, embedded as the
/// fake embeds.
fn put_chunks(s: &Server, collection: &str, chunks: &[(&str, Value)]) {
    let items: Vec<Item> = chunks
        .iter()
        .enumerate()
        .map(|(i, (text, meta))| Item {
            id: format!("{collection}-{i}"),
            text: text.to_string(),
            vector: fakes::fake_embedding(text)
                .into_iter()
                .map(|x| x as f32)
                .collect(),
            metadata: meta.as_object().unwrap().clone(),
        })
        .collect();
    let c = collection.to_string();
    s.cx.db
        .write(move |tx| vectors::insert(tx, &c, &items))
        .unwrap();
}

async fn new_kb(s: &Server, token: &str, name: &str) -> String {
    let r = s
        .post(
            "/api/v1/knowledge/create",
            token,
            json!({"name": name, "description": "test"}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    r.body["id"].as_str().unwrap().to_string()
}

fn cosine(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The request the model answered (not a task's).
fn answered(fake: &fakes::Fake) -> Value {
    fake.requests_to("/v1/chat/completions")
        .into_iter()
        .rev()
        .map(|r| r.body)
        .find(|b| !last_user_content(b).contains("<chat_history>"))
        .expect("a chat request")
}

#[tokio::test]
async fn files_and_knowledge_bases_are_searched_for_their_readers_only() {
    let fake = fakes::spawn_openai().await;
    let s = server(&fake.base_url, &[]).await;
    let (ada, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (bo, _) = s.add_user(&ada, "Bo", "bo@example.com", "user").await;
    let fid = file_with_text(&s, &ada, "notes.txt", "Red is warm. Blue is cold.").await;
    let meta = |name: &str| json!({"file_id": fid, "name": name, "source": name, "hash": "h1"});
    // chunks indexed under the file's old name: the chat shows the current one
    put_chunks(
        &s,
        &format!("file-{fid}"),
        &[
            ("Red is warm.", meta("old.txt")),
            ("Blue is cold.", meta("old.txt")),
        ],
    );
    let kb = new_kb(&s, &ada, "Colors").await;
    put_chunks(&s, &kb, &[("Green is calm.", meta("notes.txt"))]);

    let q = "Which color is warm?";
    let items = json!([
        {"type": "file", "id": fid, "name": "notes.txt"},
        {"type": "collection", "id": kb, "name": "Colors"}
    ]);
    let r = s
        .post(
            "/api/chat/completions",
            &ada,
            json!({"model": "fake-model", "stream": false, "files": items,
                   "messages": [{"role": "user", "content": q}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    // the fake's query task answers no queries: the user's message is searched
    let qv = fakes::fake_embedding(q);
    let mut chunks = ["Red is warm.", "Blue is cold."];
    chunks.sort_by(|a, b| {
        cosine(&fakes::fake_embedding(b), &qv).total_cmp(&cosine(&fakes::fake_embedding(a), &qv))
    });
    let file_src = format!("name=\"notes.txt\" resource-type=\"file\" resource-id=\"{fid}\"");
    let context = format!(
        "<source id=\"1\" {file_src}>{}</source>\n\
         <source id=\"1\" {file_src}>{}</source>\n\
         <source id=\"1\" name=\"Colors\" resource-type=\"collection\" resource-id=\"{kb}\">Green is calm.</source>",
        chunks[0], chunks[1]
    );
    assert_eq!(last_user_content(&answered(&fake)), expected(&context, q));
    let sources = r.body["sources"].as_array().expect("sources");
    assert_eq!(sources.len(), 2, "{sources:?}");
    assert_eq!(sources[0]["document"], json!(chunks));
    assert_eq!(sources[0]["metadata"][0]["name"], "notes.txt");
    assert_eq!(sources[0]["metadata"][0]["source"], "notes.txt");
    assert_eq!(sources[0]["distances"].as_array().unwrap().len(), 2);
    assert_eq!(sources[1]["source"]["id"], json!(kb));
    assert_eq!(sources[1]["document"], json!(["Green is calm."]));
    let embedded = fake.requests_to("/v1/embeddings");
    assert!(
        embedded
            .iter()
            .any(|e| e.body["input"].to_string().contains(q)),
        "the query was not embedded"
    );

    // Bo names Ada's file and KB every way a request can: nothing of them
    fake.clear();
    let r = s
        .post(
            "/api/chat/completions",
            &bo,
            json!({"model": "fake-model", "stream": false,
                   "files": [
                       {"type": "file", "id": fid},
                       {"type": "collection", "id": kb},
                       {"type": "collection", "id": kb, "context": "full"},
                       {"collection_name": format!("file-{fid}")},
                       {"collection_name": kb},
                       {"type": "collection", "legacy": true, "collection_names": [kb]}
                   ],
                   "messages": [{"role": "user", "content": "Tell me."}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.get("sources").is_none(), "{}", r.body);
    let body = answered(&fake);
    assert_eq!(last_user_content(&body), "Tell me.");
    for secret in ["warm", "cold", "calm"] {
        assert!(!body.to_string().contains(secret), "{secret} leaked");
    }
}

#[tokio::test]
async fn a_workspace_models_knowledge_is_retrieved_unless_it_takes_no_file_context() {
    let fake = fakes::spawn_openai().await;
    let s = server(&fake.base_url, &[]).await;
    let (ada, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let kb = new_kb(&s, &ada, "Colors").await;
    put_chunks(
        &s,
        &kb,
        &[(
            "Green is calm.",
            json!({"file_id": "f1", "name": "c.txt", "source": "c.txt"}),
        )],
    );
    for (id, file_context) in [("colors", true), ("blind", false)] {
        let r = s
            .post(
                "/api/v1/models/create",
                &ada,
                json!({"id": id, "name": id, "base_model_id": "fake-model", "params": {},
                       "meta": {"knowledge": [{"id": kb, "type": "collection", "name": "Colors"}],
                                "capabilities": {"file_context": file_context}}}),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    let ask = |model: &'static str| {
        s.post(
            "/api/chat/completions",
            &ada,
            json!({"model": model, "stream": false,
                   "messages": [{"role": "user", "content": "Calm?"}]}),
        )
    };
    let r = ask("colors").await;
    assert_eq!(r.status, 200, "{}", r.body);
    let context = format!(
        "<source id=\"1\" name=\"Colors\" resource-type=\"collection\" resource-id=\"{kb}\">Green is calm.</source>"
    );
    assert_eq!(
        last_user_content(&answered(&fake)),
        expected(&context, "Calm?")
    );
    assert_eq!(r.body["sources"][0]["source"]["id"], json!(kb));

    let r = ask("blind").await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.get("sources").is_none(), "{}", r.body);
    assert_eq!(last_user_content(&answered(&fake)), "Calm?");
}

#[tokio::test]
async fn a_full_context_knowledge_base_gives_its_files_and_a_private_url_gives_nothing() {
    let fake = fakes::spawn_openai().await;
    let s = server(&fake.base_url, &[]).await;
    let (ada, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (bo, _) = s.add_user(&ada, "Bo", "bo@example.com", "user").await;
    let fid = file_with_text(&s, &ada, "codes.txt", "The launch code is 1234.").await;
    let kb = new_kb(&s, &ada, "Codes").await;
    let (k, f) = (kb.clone(), fid.clone());
    s.cx.db
        .write(move |tx| knowledge::link_file_tx(tx, &k, &f, None, &Actor::system()).map(|_| ()))
        .unwrap();
    // a page on this machine: the loader must refuse it
    let page = axum::Router::new().route(
        "/",
        axum::routing::get(|| async { axum::response::Html("<p>Intranet secret</p>") }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, page).await.unwrap() });
    let items = json!([
        {"type": "collection", "id": kb, "name": "Codes", "context": "full"},
        {"type": "url", "url": url, "name": url}
    ]);
    let req = json!({"model": "fake-model", "stream": false, "files": items,
                     "messages": [{"role": "user", "content": "Code?"}]});
    let r = s.post("/api/chat/completions", &ada, req.clone()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let context = format!(
        "<source id=\"1\" name=\"Codes\" resource-type=\"collection\" resource-id=\"{kb}\">The launch code is 1234.</source>"
    );
    let body = answered(&fake);
    assert_eq!(last_user_content(&body), expected(&context, "Code?"));
    assert!(!body.to_string().contains("Intranet"));
    assert_eq!(r.body["sources"].as_array().unwrap().len(), 1, "{}", r.body);
    assert_eq!(r.body["sources"][0]["metadata"][0]["file_id"], json!(fid));

    let r = s.post("/api/chat/completions", &bo, req).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.get("sources").is_none(), "{}", r.body);
    assert_eq!(last_user_content(&answered(&fake)), "Code?");
}

#[tokio::test]
async fn the_web_ui_gets_statuses_and_sources_over_the_socket_and_in_the_chat() {
    let fake = fakes::spawn_openai().await;
    let s = server(&fake.base_url, &[]).await;
    let (ada, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let fid = file_with_text(&s, &ada, "notes.txt", "The launch code is 1234.").await;
    let q = "What is the code?";
    let id = ui_chat(&s, &ada, q).await;
    let sock = Polling::connect(&s, &ada).await;
    let mut body = ui_body(&id, "fake-model", q);
    body["files"] = json!([
        {"type": "file", "id": fid, "name": "notes.txt", "context": "full"},
        {"type": "text", "name": "pasted", "content": "Owls hunt at night."}
    ]);
    let r = s.post("/api/chat/completions", &ada, body).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let events = events_until(&sock, "chat:tags", Duration::from_secs(10)).await;
    let data: Vec<&Value> = events.iter().map(|e| &e["data"]).collect();
    let statuses: Vec<&Value> = data
        .iter()
        .filter(|d| d["type"] == "status")
        .map(|d| &d["data"])
        .collect();
    assert_eq!(
        statuses,
        [
            &json!({"action": "queries_generated", "queries": [], "done": false}),
            &json!({"action": "sources_retrieved", "count": 2, "done": true})
        ]
    );
    let with_sources = data
        .iter()
        .position(|d| d["type"] == "chat:completion" && d["data"].get("sources").is_some())
        .expect("sources event");
    let first_delta = data
        .iter()
        .position(|d| d["type"] == "response:completion")
        .expect("an answer");
    assert!(with_sources < first_delta, "{data:?}");
    assert_eq!(
        data[with_sources]["data"]["sources"][0]["source"]["id"],
        json!(fid)
    );
    let context = format!(
        "<source id=\"1\" name=\"notes.txt\" resource-type=\"file\" resource-id=\"{fid}\">The launch code is 1234.</source>\n\
         <source id=\"2\" name=\"pasted\" resource-type=\"text\">Owls hunt at night.</source>"
    );
    assert_eq!(last_user_content(&answered(&fake)), expected(&context, q));
    // kept on the reply
    let chat = s.get(&format!("/api/v1/chats/{id}"), &ada).await;
    let reply = &chat.body["chat"]["history"]["messages"]["a1"];
    assert_eq!(reply["sources"].as_array().unwrap().len(), 2, "{reply}");
    assert_eq!(
        reply["statusHistory"].as_array().unwrap().len(),
        2,
        "{reply}"
    );
}

#[tokio::test]
async fn hybrid_search_is_rescored_by_the_external_reranker() {
    use std::sync::{Arc, Mutex};
    // a reranker speaking the external reranker's wire format
    let asked: Arc<Mutex<Vec<Value>>> = Arc::default();
    let seen = asked.clone();
    let reranker = axum::Router::new().route(
        "/v1/rerank",
        axum::routing::post(move |axum::Json(body): axum::Json<Value>| {
            let seen = seen.clone();
            async move {
                seen.lock().unwrap().push(body.clone());
                let results: Vec<Value> = body["documents"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .enumerate()
                    .map(|(i, d)| {
                        let d = d.as_str().unwrap();
                        let score = if d.contains("warm") {
                            0.9
                        } else if d.contains("hot") {
                            0.5
                        } else {
                            0.1
                        };
                        json!({"index": i, "relevance_score": score})
                    })
                    .collect();
                axum::Json(json!({"results": results}))
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url: &'static str =
        Box::leak(format!("http://{}/v1/rerank", listener.local_addr().unwrap()).into_boxed_str());
    tokio::spawn(async move { axum::serve(listener, reranker).await.unwrap() });
    let fake = fakes::spawn_openai().await;
    let s = server(
        &fake.base_url,
        Box::leak(Box::new([
            ("ENABLE_RAG_HYBRID_SEARCH", "true"),
            ("RAG_RERANKING_ENGINE", "external"),
            ("RAG_EXTERNAL_RERANKER_URL", url),
            ("RAG_TOP_K_RERANKER", "2"),
        ])),
    )
    .await;
    let (ada, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let fid = file_with_text(&s, &ada, "notes.txt", "colors").await;
    let meta = json!({"file_id": fid, "name": "notes.txt", "source": "notes.txt"});
    put_chunks(
        &s,
        &format!("file-{fid}"),
        &[
            ("Blue is cold.", meta.clone()),
            ("Orange is hot.", meta.clone()),
            ("Red is warm.", meta.clone()),
        ],
    );
    let q = "Which color is warm?";
    let r = s
        .post(
            "/api/chat/completions",
            &ada,
            json!({"model": "fake-model", "stream": false,
                   "files": [{"type": "file", "id": fid, "name": "notes.txt"}],
                   "messages": [{"role": "user", "content": q}]}),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    let src = format!(
        "<source id=\"1\" name=\"notes.txt\" resource-type=\"file\" resource-id=\"{fid}\">"
    );
    let context = format!("{src}Red is warm.</source>\n{src}Orange is hot.</source>");
    assert_eq!(last_user_content(&answered(&fake)), expected(&context, q));
    let asked = asked.lock().unwrap().clone();
    assert_eq!(asked.len(), 1, "{asked:?}");
    assert_eq!(asked[0]["query"], q);
    assert_eq!(asked[0]["documents"].as_array().unwrap().len(), 3);
    let source = &r.body["sources"][0];
    assert_eq!(source["distances"], json!([0.9, 0.5]));
    assert_eq!(source["metadata"][0]["score"], json!(0.9));
}

/// A SearXNG answering every query with two results; the queries it got.
async fn fake_searxng() -> (String, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    use std::sync::{Arc, Mutex};
    let asked: Arc<Mutex<Vec<String>>> = Arc::default();
    let seen = asked.clone();
    let app = axum::Router::new().route(
        "/search",
        axum::routing::get(
            move |axum::extract::Query(q): axum::extract::Query<
                std::collections::HashMap<String, String>,
            >| {
                let seen = seen.clone();
                async move {
                    seen.lock()
                        .unwrap()
                        .push(q.get("q").cloned().unwrap_or_default());
                    axum::Json(json!({"results": [
                        {"url": "https://owls.example/a", "title": "Owls",
                         "content": "Owls hunt at night.", "score": 2.0},
                        {"url": "https://birds.example/b", "title": "Birds",
                         "content": "Birds sing at dawn.", "score": 1.0}
                    ]}))
                }
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/search", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, asked)
}

fn leak(s: String) -> &'static str {
    Box::leak(s.into_boxed_str())
}

#[tokio::test]
async fn web_search_results_reach_the_model_for_those_allowed_to_search() {
    let (searx, asked) = fake_searxng().await;
    let fake = fakes::spawn_openai().await;
    let s = server(
        &fake.base_url,
        Box::leak(Box::new([
            ("ENABLE_WEB_SEARCH", "true"),
            ("WEB_SEARCH_ENGINE", "searxng"),
            ("SEARXNG_QUERY_URL", leak(searx)),
            ("BYPASS_WEB_SEARCH_WEB_LOADER", "true"),
            ("BYPASS_WEB_SEARCH_EMBEDDING_AND_RETRIEVAL", "true"),
            // the query task is off: the user's message is the query
            ("ENABLE_SEARCH_QUERY_GENERATION", "false"),
        ])),
    )
    .await;
    let (ada, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let (bo, _) = s.add_user(&ada, "Bo", "bo@example.com", "user").await;
    let q = "When do owls hunt?";
    let req = json!({"model": "fake-model", "stream": false, "features": {"web_search": true},
                     "messages": [{"role": "user", "content": q}]});
    let r = s.post("/api/chat/completions", &ada, req.clone()).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(*asked.lock().unwrap(), [q]);
    let context = format!(
        "<source id=\"1\" name=\"{q}\" resource-type=\"web_search\">Owls hunt at night.</source>\n\
         <source id=\"2\" name=\"{q}\" resource-type=\"web_search\">Birds sing at dawn.</source>"
    );
    assert_eq!(last_user_content(&answered(&fake)), expected(&context, q));
    let source = &r.body["sources"][0];
    assert_eq!(source["source"]["type"], "web_search");
    assert_eq!(
        source["source"]["urls"],
        json!(["https://owls.example/a", "https://birds.example/b"])
    );
    assert_eq!(source["metadata"][0]["source"], "https://owls.example/a");

    // a user without the permission gets no search
    let p = s.get("/api/v1/users/default/permissions", &ada).await;
    let mut p = p.body;
    p["features"]["web_search"] = json!(false);
    let r = s.post("/api/v1/users/default/permissions", &ada, p).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = s.post("/api/chat/completions", &bo, req).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.get("sources").is_none(), "{}", r.body);
    assert_eq!(asked.lock().unwrap().len(), 1);
    assert_eq!(last_user_content(&answered(&fake)), q);
}

#[tokio::test]
async fn web_search_in_the_web_ui_embeds_the_pages_and_tells_its_progress() {
    let (searx, asked) = fake_searxng().await;
    let fake = fakes::spawn_openai().await;
    let s = server(
        &fake.base_url,
        Box::leak(Box::new([
            ("ENABLE_WEB_SEARCH", "true"),
            ("WEB_SEARCH_ENGINE", "searxng"),
            ("SEARXNG_QUERY_URL", leak(searx)),
            ("BYPASS_WEB_SEARCH_WEB_LOADER", "true"),
            ("ENABLE_SEARCH_QUERY_GENERATION", "false"),
        ])),
    )
    .await;
    let (ada, _) = s.signup("Ada", "ada@example.com", "pw-1").await;
    let q = "When do owls hunt?";
    let id = ui_chat(&s, &ada, q).await;
    let sock = Polling::connect(&s, &ada).await;
    let mut body = ui_body(&id, "fake-model", q);
    body["features"] = json!({"web_search": true});
    let r = s.post("/api/chat/completions", &ada, body).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let events = events_until(&sock, "chat:tags", Duration::from_secs(10)).await;
    let statuses: Vec<Value> = events
        .iter()
        .filter(|e| e["data"]["type"] == "status")
        .map(|e| e["data"]["data"].clone())
        .collect();
    let urls = json!(["https://owls.example/a", "https://birds.example/b"]);
    assert_eq!(
        statuses[..3],
        [
            json!({"action": "web_search", "description": "Searching the web", "done": false}),
            json!({"action": "web_search_queries_generated", "queries": [q], "done": false}),
            json!({"action": "web_search", "description": "Searched {{count}} sites",
            "urls": urls, "done": true,
            "items": [
                {"link": "https://owls.example/a", "title": "Owls", "snippet": "Owls hunt at night."},
                {"link": "https://birds.example/b", "title": "Birds", "snippet": "Birds sing at dawn."}
            ]}),
        ]
    );
    assert_eq!(
        statuses.last().unwrap(),
        &json!({"action": "sources_retrieved", "count": 2, "done": true})
    );
    assert_eq!(*asked.lock().unwrap(), [q]);
    // the snippets were embedded and searched with the user's message
    let qv = fakes::fake_embedding(q);
    let mut chunks = ["Owls hunt at night.", "Birds sing at dawn."];
    chunks.sort_by(|a, b| {
        cosine(&fakes::fake_embedding(b), &qv).total_cmp(&cosine(&fakes::fake_embedding(a), &qv))
    });
    let context = format!(
        "<source id=\"1\" name=\"{q}\" resource-type=\"web_search\">{}</source>\n\
         <source id=\"2\" name=\"{q}\" resource-type=\"web_search\">{}</source>",
        chunks[0], chunks[1]
    );
    assert_eq!(last_user_content(&answered(&fake)), expected(&context, q));
    let chat = s.get(&format!("/api/v1/chats/{id}"), &ada).await;
    let reply = &chat.body["chat"]["history"]["messages"]["a1"];
    assert_eq!(
        reply["sources"][0]["source"]["type"], "web_search",
        "{reply}"
    );
    assert!(
        reply["sources"][0]["source"]["collection_name"]
            .as_str()
            .unwrap()
            .starts_with("web-search-")
    );
}
