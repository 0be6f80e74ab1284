//! Retrieval in `/api/chat/completions`: attached files and texts reach
//! the model through the RAG template, and their sources reach the
//! client, over real HTTP with the fake OpenAI server.

use crate::common::{Server, start_with, start_with_openai};
use crate::fakes;
use crate::files::uploaded;
use owui::core::retrieval::settings::DEFAULT_RAG_TEMPLATE;
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
