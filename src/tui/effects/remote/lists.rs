//! The sidebar and the model list, from the server's lists.

use std::collections::HashMap;

use serde_json::Value;

use super::api::{Api, enc, str_of};
use crate::error::Result;
use crate::tui::app::{ChatItem, ModelItem, Ref};
use crate::tui::list::{self, Folder, Row};

fn rows(v: &Value) -> Vec<Row> {
    v.as_array()
        .into_iter()
        .flatten()
        .filter_map(|c| {
            Some(Row {
                id: c.get("id")?.as_str()?.to_string(),
                title: str_of(c, "title"),
            })
        })
        .collect()
}

/// The sidebar from the server's lists (see `tui::list`).
pub async fn chat_list(api: &Api, search: &str) -> Result<Vec<ChatItem>> {
    let pinned = rows(&api.get("/api/v1/chats/pinned").await?);
    if !search.trim().is_empty() {
        let hits = api
            .get(&format!("/api/v1/chats/search?text={}&page=1", enc(search)))
            .await?;
        return Ok(list::search_rows(rows(&hits), &pinned));
    }
    // folders switched off or forbidden: no folder rows
    let folders: Vec<Folder> = match api.get("/api/v1/folders/").await {
        Ok(v) => v
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|f| {
                Some(Folder {
                    id: f.get("id")?.as_str()?.to_string(),
                    name: str_of(f, "name"),
                    parent_id: f
                        .get("parent_id")
                        .and_then(Value::as_str)
                        .map(str::to_string),
                    is_expanded: f
                        .get("is_expanded")
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                })
            })
            .collect(),
        Err(_) => vec![],
    };
    let mut folder_chats = HashMap::new();
    for id in list::unfolded(&folders) {
        let mut all = vec![];
        for page in 1..=list::FOLDER_PAGES {
            let got = rows(
                &api.get(&format!(
                    "/api/v1/chats/folder/{}/list?page={page}",
                    enc(&id)
                ))
                .await?,
            );
            let n = got.len();
            all.extend(got);
            if n < list::FOLDER_PAGE {
                break;
            }
        }
        folder_chats.insert(id, all);
    }
    let others = rows(
        &api.get("/api/v1/chats/?page=1&include_pinned=false&include_folders=false")
            .await?,
    );
    Ok(list::assemble(list::Parts {
        pinned,
        folders,
        folder_chats,
        others,
    }))
}

/// The models the key may use, and the admin's default model when it is
/// one of them.
pub async fn models(api: &Api) -> Result<(Vec<ModelItem>, Option<String>)> {
    let v = api.get("/api/models").await?;
    let items: Vec<ModelItem> = v
        .get("data")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|m| {
            let id = m.get("id")?.as_str()?.to_string();
            let name = m
                .get("name")
                .and_then(Value::as_str)
                .filter(|n| !n.is_empty())
                .unwrap_or(&id)
                .to_string();
            Some(ModelItem { id, name })
        })
        .collect();
    let cfg = api.get("/api/config").await.unwrap_or(Value::Null);
    let defaults = cfg
        .get("default_models")
        .and_then(Value::as_str)
        .unwrap_or("");
    let default = defaults
        .split(',')
        .map(str::trim)
        .find(|d| items.iter().any(|i| i.id == *d))
        .map(String::from);
    Ok((items, default))
}

/// What `#` can attach: the knowledge bases the user can read, then their
/// files (`GET /api/v1/knowledge/`, `GET /api/v1/files/search`).
pub async fn refs(api: &Api) -> Result<Vec<Ref>> {
    let kbs = api.get("/api/v1/knowledge/").await?;
    let files = api.get("/api/v1/files/search?filename=*&limit=200").await?;
    let of = |v: &Value, kind: &str, name: &str| Ref {
        kind: kind.into(),
        id: str_of(v, "id"),
        name: str_of(v, name),
    };
    let mut out: Vec<Ref> = kbs["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|k| of(k, "collection", "name"))
        .collect();
    out.extend(
        files
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| of(f, "file", "filename")),
    );
    Ok(out)
}
