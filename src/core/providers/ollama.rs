//! Ollama connections: `/api/tags` for the model list, `/api/chat` for
//! chats, answers converted to OpenAI's format.

use futures::StreamExt;
use serde_json::{Map, Value, json};

use super::*;

async fn tags_of(cx: &Ctx, c: &Conn) -> Option<Vec<Value>> {
    if c.configured && !c.enabled() {
        return None;
    }
    let r = c
        .request(cx, reqwest::Method::GET, &format!("{}/api/tags", c.url))
        .timeout(list_timeout(cx))
        .send()
        .await
        .map_err(|e| tracing::warn!("{}: model list: {e}", c.url))
        .ok()?;
    if !r.status().is_success() {
        tracing::warn!("{}: model list: HTTP {}", c.url, r.status());
        return None;
    }
    let v: Value = r.json().await.ok()?;
    Some(
        v.get("models")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default(),
    )
}

/// The Ollama models of every connection, merged by name (`urls` lists
/// the connections that have it), in upstream's `/ollama/api/tags` shape.
pub async fn tags(cx: &Ctx) -> Vec<Value> {
    let conns = connections(cx, Kind::Ollama);
    let lists = futures::future::join_all(conns.iter().map(|c| tags_of(cx, c))).await;
    let mut out: Vec<Value> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    for (c, list) in conns.iter().zip(lists) {
        let Some(list) = list else { continue };
        let allowed = str_list(c.config.get("model_ids").unwrap_or(&Value::Null));
        let connection_type = c
            .config
            .get("connection_type")
            .and_then(Value::as_str)
            .unwrap_or("local");
        let tags = c
            .config
            .get("tags")
            .filter(|t| t.as_array().is_some_and(|a| !a.is_empty()));
        for m in list {
            let Value::Object(mut m) = m else { continue };
            let Some(id) = m.get("model").and_then(Value::as_str).map(str::to_string) else {
                continue;
            };
            if !allowed.is_empty() && !allowed.contains(&id) {
                continue;
            }
            let id = match c.prefix() {
                Some(p) => {
                    let id = format!("{p}.{id}");
                    m.insert("model".into(), json!(id));
                    if let Some(n) = m
                        .get("name")
                        .and_then(Value::as_str)
                        .filter(|n| !n.is_empty())
                    {
                        let n = format!("{p}.{n}");
                        m.insert("name".into(), json!(n));
                    }
                    id
                }
                None => id,
            };
            if let Some(t) = tags {
                m.insert("tags".into(), t.clone());
            }
            m.insert("connection_type".into(), json!(connection_type));
            match at.get(&id) {
                Some(&i) => {
                    if let Some(Value::Array(u)) = out[i].get_mut("urls") {
                        u.push(json!(c.idx));
                    }
                }
                None => {
                    m.insert("urls".into(), json!([c.idx]));
                    at.insert(id, out.len());
                    out.push(Value::Object(m));
                }
            }
        }
    }
    out
}

/// The Ollama models as `/api/models/base` entries.
pub async fn models(cx: &Ctx) -> Vec<Value> {
    tags(cx)
        .await
        .into_iter()
        .map(|m| {
            json!({
                "id": m.get("model").cloned().unwrap_or(Value::Null),
                "name": m.get("name").cloned().unwrap_or(Value::Null),
                "object": "model",
                "created": 0,
                "owned_by": "ollama",
                "loaded": m.get("expires_at").is_some(),
                "connection_type": m.get("connection_type").cloned().unwrap_or(json!("local")),
                "tags": m.get("tags").cloned().unwrap_or(json!([])),
                "ollama": m,
            })
        })
        .collect()
}

fn text_of(content: &Value) -> (String, Vec<Value>) {
    let mut text = String::new();
    let mut images = Vec::new();
    if let Value::Array(parts) = content {
        for p in parts {
            match p.get("type").and_then(Value::as_str) {
                Some("text") => text.push_str(p.get("text").and_then(Value::as_str).unwrap_or("")),
                Some("image_url") => {
                    let url = p
                        .pointer("/image_url/url")
                        .and_then(Value::as_str)
                        .unwrap_or("");
                    if !url.is_empty() {
                        let data = match url.split_once("base64,") {
                            Some((_, b64)) if url.starts_with("data:") => b64,
                            _ => url,
                        };
                        images.push(json!(data));
                    }
                }
                _ => {}
            }
        }
    }
    (text, images)
}

fn messages_to_ollama(msgs: &Value) -> Value {
    let Some(list) = msgs.as_array() else {
        return json!([]);
    };
    Value::Array(
        list.iter()
            .map(|m| {
                let mut out = Map::new();
                out.insert("role".into(), m.get("role").cloned().unwrap_or(json!("user")));
                if let Some(t) = m.get("thinking") {
                    out.insert("thinking".into(), t.clone());
                } else if let Some(r) = m
                    .get("reasoning_content")
                    .or_else(|| m.get("reasoning"))
                    .filter(|r| r.as_str().is_some_and(|s| !s.is_empty()))
                {
                    out.insert("thinking".into(), r.clone());
                }
                let content = m.get("content").cloned().unwrap_or(json!([]));
                let tool_calls = m
                    .get("tool_calls")
                    .and_then(Value::as_array)
                    .filter(|t| !t.is_empty());
                if let (Value::String(s), None) = (&content, tool_calls) {
                    out.insert("content".into(), json!(s));
                    if let Some(id) = m.get("tool_call_id") {
                        out.insert("tool_call_id".into(), id.clone());
                    }
                } else if let Some(calls) = tool_calls {
                    let calls: Vec<Value> = calls
                        .iter()
                        .map(|tc| {
                            let args = tc.pointer("/function/arguments").cloned().unwrap_or(json!({}));
                            let args = match &args {
                                Value::String(s) => serde_json::from_str(s).unwrap_or(args),
                                _ => args,
                            };
                            json!({
                                "index": tc.get("index").cloned().unwrap_or(json!(0)),
                                "id": tc.get("id").cloned().unwrap_or(Value::Null),
                                "function": {
                                    "name": tc.pointer("/function/name").cloned().unwrap_or(json!("")),
                                    "arguments": args,
                                },
                            })
                        })
                        .collect();
                    out.insert("tool_calls".into(), json!(calls));
                    out.insert("content".into(), json!(""));
                } else {
                    let (text, images) = text_of(&content);
                    out.insert("content".into(), json!(text));
                    if !images.is_empty() {
                        out.insert("images".into(), json!(images));
                    }
                }
                Value::Object(out)
            })
            .collect(),
    )
}

/// An OpenAI chat body as Ollama's `/api/chat` body.
pub fn body_to_ollama(body: &Map<String, Value>) -> Map<String, Value> {
    let mut o = Map::new();
    o.insert(
        "model".into(),
        body.get("model").cloned().unwrap_or(Value::Null),
    );
    o.insert(
        "messages".into(),
        messages_to_ollama(body.get("messages").unwrap_or(&Value::Null)),
    );
    o.insert(
        "stream".into(),
        body.get("stream").cloned().unwrap_or(json!(false)),
    );
    if let Some(t) = body.get("tools") {
        o.insert("tools".into(), t.clone());
    }
    let mut options = body
        .get("options")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    for key in ["format", "keep_alive", "think"] {
        if let Some(v) = options.shift_remove(key).filter(|v| !v.is_null()) {
            let v = match (&v, key) {
                (Value::String(s), "format" | "keep_alive") => serde_json::from_str(s).unwrap_or(v),
                _ => v,
            };
            o.insert(key.into(), v);
        }
    }
    if let Some(v) = options.shift_remove("max_tokens") {
        options.insert("num_predict".into(), v);
    }
    if let Some(v) = options.shift_remove("system") {
        o.insert("system".into(), v);
    }
    if let Some(v) = body.get("stop") {
        options.insert("stop".into(), v.clone());
    }
    if let Some(v) = body.get("max_tokens") {
        options.insert("num_predict".into(), v.clone());
    }
    if !options.is_empty() || body.contains_key("options") {
        o.insert("options".into(), Value::Object(options));
    }
    if let Some(rf) = body.get("response_format")
        && let Some(t) = rf.get("type").and_then(Value::as_str)
        && let Some(schema) = rf.get(t).and_then(|s| s.get("schema"))
    {
        o.insert("format".into(), schema.clone());
    }
    o
}

/// Ollama's counters as upstream's OpenAI-style usage.
pub fn usage(d: &Value) -> Value {
    let n = |k: &str| d.get(k).and_then(Value::as_i64).unwrap_or(0);
    let (pin, pout) = (n("prompt_eval_count"), n("eval_count"));
    let rate = |count: i64, dur: i64| {
        if dur > 0 {
            json!(((count as f64 / (dur as f64 / 10_000_000.0)) * 100.0 * 100.0).round() / 100.0)
        } else {
            json!("N/A")
        }
    };
    let secs = n("total_duration") / 1_000_000_000;
    json!({
        "input_tokens": pin,
        "output_tokens": pout,
        "total_tokens": pin + pout,
        "prompt_tokens": pin,
        "completion_tokens": pout,
        "response_token/s": rate(pout, n("eval_duration")),
        "prompt_token/s": rate(pin, n("prompt_eval_duration")),
        "total_duration": n("total_duration"),
        "load_duration": n("load_duration"),
        "prompt_eval_count": pin,
        "prompt_eval_duration": n("prompt_eval_duration"),
        "eval_count": pout,
        "eval_duration": n("eval_duration"),
        "approximate_total": format!("{}h{}m{}s", secs / 3600, (secs % 3600) / 60, secs % 60),
        "completion_tokens_details": {
            "reasoning_tokens": 0, "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0,
        },
    })
}

fn tool_calls_to_openai(calls: &Value) -> Option<Value> {
    let calls = calls.as_array().filter(|c| !c.is_empty())?;
    Some(Value::Array(
        calls
            .iter()
            .map(|tc| {
                let f = tc.get("function").cloned().unwrap_or(json!({}));
                json!({
                    "index": tc.get("index").or_else(|| f.get("index")).cloned().unwrap_or(json!(0)),
                    "id": tc.get("id").cloned().unwrap_or_else(|| json!(format!("call_{}", crate::util::new_id()))),
                    "type": "function",
                    "function": {
                        "name": f.get("name").cloned().unwrap_or(json!("")),
                        "arguments": f.get("arguments").map(|a| a.to_string()).unwrap_or_else(|| "{}".into()),
                    },
                })
            })
            .collect(),
    ))
}

/// One `/api/chat` answer (not streamed) as a `chat.completion`.
pub fn response_to_openai(d: &Value) -> Value {
    let model = d.get("model").and_then(Value::as_str).unwrap_or("ollama");
    let msg = d.get("message").cloned().unwrap_or(json!({}));
    let tool_calls = msg.get("tool_calls").and_then(tool_calls_to_openai);
    let mut message =
        json!({"role": "assistant", "content": msg.get("content").cloned().unwrap_or(json!(""))});
    if let Some(r) = msg
        .get("thinking")
        .filter(|r| r.as_str().is_some_and(|s| !s.is_empty()))
    {
        message["reasoning_content"] = r.clone();
    }
    if let Some(tc) = &tool_calls {
        message["tool_calls"] = tc.clone();
    }
    let finish = if tool_calls.is_some() {
        json!("tool_calls")
    } else {
        d.get("done_reason")
            .cloned()
            .filter(|r| !r.is_null())
            .unwrap_or(json!("stop"))
    };
    json!({
        "id": format!("{model}-{}", crate::util::new_id()),
        "created": crate::util::now(),
        "model": model,
        "choices": [{"index": 0, "logprobs": null, "finish_reason": finish, "message": message}],
        "object": "chat.completion",
        "usage": usage(d),
    })
}

/// State of a stream being converted: all chunks share one id.
struct ChunkConv {
    id: String,
    first: bool,
    tools: bool,
}

impl ChunkConv {
    fn chunk(&mut self, d: &Value) -> Value {
        let model = d.get("model").and_then(Value::as_str).unwrap_or("ollama");
        let msg = d.get("message").cloned().unwrap_or(json!({}));
        let content = msg
            .get("content")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty());
        let reasoning = msg
            .get("thinking")
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty());
        let tool_calls = msg.get("tool_calls").and_then(tool_calls_to_openai);
        self.tools |= tool_calls.is_some();
        let mut delta = Map::new();
        if let Some(c) = content {
            delta.insert("content".into(), json!(c));
        }
        if let Some(r) = reasoning {
            delta.insert("reasoning_content".into(), json!(r));
        }
        let empty = content.is_none() && reasoning.is_none() && tool_calls.is_none();
        if let Some(tc) = tool_calls {
            delta.insert("tool_calls".into(), tc);
        }
        if self.first {
            delta.insert("role".into(), json!("assistant"));
            self.first = false;
        }
        let done = d.get("done").and_then(Value::as_bool).unwrap_or(false);
        let mut finish = if empty { json!("stop") } else { Value::Null };
        if done && self.tools {
            finish = json!("tool_calls");
        } else if let Some(r) = d.get("done_reason").filter(|r| !r.is_null()) {
            finish = r.clone();
        }
        let mut c = json!({
            "id": self.id,
            "created": crate::util::now(),
            "model": model,
            "choices": [{"index": 0, "logprobs": null, "finish_reason": finish, "delta": delta}],
            "object": "chat.completion.chunk",
        });
        if done {
            c["usage"] = usage(d);
        }
        c
    }
}

/// The JSON lines of an NDJSON response.
pub fn ndjson_lines(
    cx: &Ctx,
    r: reqwest::Response,
) -> Pin<Box<dyn Stream<Item = Result<Value>> + Send>> {
    let bytes = super::body_bytes(cx, r);
    let s = futures::stream::unfold(
        (bytes, Vec::<u8>::new(), false),
        |(mut bytes, mut buf, ended)| async move {
            loop {
                if let Some(i) = buf.iter().position(|&b| b == b'\n') {
                    let line: Vec<u8> = buf.drain(..=i).collect();
                    let line = String::from_utf8_lossy(&line);
                    let line = line.trim();
                    if line.is_empty() {
                        continue;
                    }
                    let item = serde_json::from_str::<Value>(line).map_err(Error::from);
                    return Some((item, (bytes, buf, ended)));
                }
                if ended {
                    let rest = String::from_utf8_lossy(&buf).trim().to_string();
                    buf.clear();
                    if rest.is_empty() {
                        return None;
                    }
                    let item = serde_json::from_str::<Value>(&rest).map_err(Error::from);
                    return Some((item, (bytes, buf, true)));
                }
                match bytes.next().await {
                    Some(Ok(b)) => buf.extend_from_slice(&b),
                    Some(Err(e)) => {
                        let e = Error::internal(anyhow::anyhow!("the model's stream broke: {e}"));
                        return Some((Err(e), (bytes, Vec::new(), true)));
                    }
                    None => {
                        return if buf.is_empty() {
                            None
                        } else {
                            let rest = String::from_utf8_lossy(&buf).trim().to_string();
                            let item = serde_json::from_str::<Value>(&rest).map_err(Error::from);
                            Some((item, (bytes, Vec::new(), true)))
                        };
                    }
                }
            }
        },
    );
    Box::pin(s)
}

/// Send an OpenAI chat body to the Ollama connection serving `model`.
pub async fn chat(cx: &Ctx, model: &Value, body: Value) -> Result<Reply> {
    let idx = model
        .pointer("/ollama/urls/0")
        .and_then(Value::as_u64)
        .unwrap_or(0) as usize;
    let c = connection(cx, Kind::Ollama, idx).ok_or_else(|| {
        Error::NotFound(format!(
            "Model '{}' was not found",
            model.get("id").and_then(Value::as_str).unwrap_or("")
        ))
    })?;
    let Value::Object(mut body) = body else {
        return Err(Error::invalid("the chat body must be an object"));
    };
    body.shift_remove("metadata");
    if let Some(id) = body.get("model").and_then(Value::as_str) {
        let mut id = unprefixed(id, c.prefix()).to_string();
        if !id.contains(':') {
            id.push_str(":latest");
        }
        body.insert("model".into(), json!(id));
    }
    let stream = body.get("stream").and_then(Value::as_bool).unwrap_or(false);
    let o = body_to_ollama(&body);
    let r = c
        .request(cx, reqwest::Method::POST, &format!("{}/api/chat", c.url))
        .json(&o)
        .send()
        .await
        .map_err(connection_error)?;
    if r.status() >= StatusCode::BAD_REQUEST {
        return Err(upstream_error(r).await);
    }
    if !stream {
        let v: Value = r.json().await.map_err(connection_error)?;
        return Ok(Reply::Json(response_to_openai(&v)));
    }
    let mut conv = ChunkConv {
        id: format!("chatcmpl-{}", crate::util::new_id()),
        first: true,
        tools: false,
    };
    let s = ndjson_lines(cx, r).map(move |item| {
        let d = item?;
        if let Some(e) = d.get("error") {
            return Err(Error::Upstream {
                status: StatusCode::INTERNAL_SERVER_ERROR,
                body: json!({"error": e}),
            });
        }
        Ok(conv.chunk(&d))
    });
    Ok(Reply::Stream(Box::pin(s)))
}
