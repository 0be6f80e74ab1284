//! `/openapi.json`: the document generated from the routes.

use std::collections::BTreeSet;

use crate::common::{Auth, start};
use serde_json::Value;

const METHODS: &[&str] = &["get", "post", "put", "patch", "delete"];

/// A `$ref` resolved against the document's components.
fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema["$ref"].as_str() {
        Some(r) => {
            let name = r.rsplit('/').next().unwrap();
            &doc["components"]["schemas"][name]
        }
        None => schema,
    }
}

#[tokio::test]
async fn the_document_describes_every_operation() {
    let s = start().await;
    let r = s.call("GET", "/openapi.json", Auth::None, None).await;
    assert_eq!(r.status, 200);
    let doc = r.body;
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().unwrap();
    let mut ops = 0;
    for (path, item) in paths {
        let names: BTreeSet<&str> = path
            .split('/')
            .filter_map(|seg| seg.strip_prefix('{')?.strip_suffix('}'))
            .collect();
        for (method, op) in item.as_object().unwrap() {
            assert!(METHODS.contains(&method.as_str()), "{method} {path}");
            ops += 1;
            let what = format!("{method} {path}");
            // each `{name}` of the path is a declared path parameter
            let declared: BTreeSet<&str> = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["in"] == "path")
                .map(|p| p["name"].as_str().unwrap())
                .collect();
            assert_eq!(declared, names, "{what}: path parameters");
            // each says what a success answers with
            let responses = op["responses"].as_object().unwrap();
            let success = responses
                .iter()
                .filter(|(k, _)| k.starts_with('2'))
                .find(|(_, v)| v["content"].is_object());
            assert!(success.is_some(), "{what}: no success answer described");
            // an error is `{"detail": ...}`
            if let Some(error) = responses.get("default") {
                let body = resolve(&doc, &error["content"]["application/json"]["schema"]);
                assert!(body["properties"]["detail"].is_object(), "{what}");
            }
            // a route that needs a credential says so, and answers 401
            // without one
            let required = op["security"]
                .as_array()
                .is_some_and(|s| !s.iter().any(|r| r.as_object().unwrap().is_empty()));
            if required {
                assert!(responses.contains_key("401"), "{what}: no 401");
            }
        }
    }
    assert!(ops > 250, "only {ops} operations");

    let op = |path: &str, method: &str| paths[path][method].clone();
    // a JSON body is described by its form, with FastAPI's 422
    let signin = op("/api/v1/auths/signin", "post");
    let form = resolve(
        &doc,
        &signin["requestBody"]["content"]["application/json"]["schema"],
    );
    assert!(form["properties"]["email"].is_object(), "{form}");
    assert!(form["properties"]["password"].is_object(), "{form}");
    assert!(signin["responses"]["422"].is_object());
    let session = resolve(
        &doc,
        &signin["responses"]["200"]["content"]["application/json"]["schema"],
    );
    assert!(session["properties"]["token"].is_object(), "{session}");
    assert!(signin["security"].is_null(), "sign-in needs no credential");
    // a signed-in route says so, and answers 401 without a credential
    let chat = op("/api/v1/chats/{id}", "get");
    assert_eq!(chat["security"][0]["bearer"], serde_json::json!([]));
    assert!(chat["responses"]["401"].is_object());
    let answer = resolve(
        &doc,
        &chat["responses"]["200"]["content"]["application/json"]["schema"],
    );
    assert!(answer["properties"]["chat"].is_object(), "{answer}");
    // a query is described parameter by parameter
    let list = op("/api/v1/chats/list", "get");
    let query: Vec<&str> = list["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["in"] == "query")
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert!(query.contains(&"page"), "{query:?}");
    // a connection index is a whole number
    let tags = op("/ollama/api/tags/{url_idx}", "get");
    assert_eq!(tags["parameters"][0]["schema"]["type"], "integer");
    // memories: the batch form and the path view are described
    let batch = op("/api/v1/memories/update", "post");
    let form = resolve(
        &doc,
        &batch["requestBody"]["content"]["application/json"]["schema"],
    );
    assert!(form["properties"]["operations"].is_object(), "{form}");
    for path in [
        "/api/v1/memories/search",
        "/api/v1/memories/paths",
        "/api/v1/memories/path",
        "/api/v1/memories/query",
    ] {
        let o = op(path, "post");
        assert!(o["requestBody"].is_object(), "{path}");
        assert!(o["responses"]["200"]["content"].is_object(), "{path}");
    }
    let path_op = op("/api/v1/memories/path", "post");
    let view = resolve(
        &doc,
        &path_op["responses"]["200"]["content"]["application/json"]["schema"],
    );
    assert!(view["properties"]["parents"].is_object(), "{view}");
    // a stream says so
    let completions = op("/api/chat/completions", "post");
    assert!(completions["responses"]["200"]["content"]["text/event-stream"].is_object());
}

/// Every route of every area is listed in its `routes!`, which builds both
/// the served routes and the described ones: a route added with axum's
/// plain `.route(` would be served without being in the document.
#[test]
fn every_area_registers_its_routes_with_their_description() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/api");
    let mut plain = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        // routing.rs is the macro that builds both from the one list
        if !name.ends_with(".rs") || name == "routing.rs" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let text = text.split("#[cfg(test)]").next().unwrap();
        for (i, line) in text.lines().enumerate() {
            if line.contains(".route(") && !line.trim_start().starts_with("//") {
                plain.push(format!("{name}:{}: {}", i + 1, line.trim()));
            }
        }
    }
    // the document itself and the frontend's files are not API routes
    let expected = ["/openapi.json", "/static/{*path}"];
    plain.retain(|l| !(l.starts_with("mod.rs:") && expected.iter().any(|e| l.contains(e))));
    assert!(
        plain.is_empty(),
        "routes outside the document:\n{}",
        plain.join("\n")
    );
}
