//! The SQL of chat search: titles and message texts (the `chat_fts`
//! trigram index) and the filtered, ranked page.

use rusqlite::{Connection, params};

use crate::core::chats::model::TitleItem;
use crate::error::Result;

use super::title_item;

/// `%text%` for LIKE, with LIKE's own characters escaped by `\`.
fn like_pattern(text: &str) -> (String, bool) {
    let escaped = text.contains(['%', '_', '\\']);
    let t = text
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    (format!("%{t}%"), escaped)
}

/// Ids of the user's chats whose title or a message contains `text`
/// (case-insensitively).
pub fn chats_containing(
    c: &Connection,
    user_id: &str,
    text: &str,
) -> Result<std::collections::BTreeSet<String>> {
    let (pat, escaped) = like_pattern(text);
    // an ESCAPE clause keeps the trigram index from serving LIKE: use it only when needed
    let sql = if escaped {
        "SELECT id FROM chat WHERE user_id = ?1 AND title LIKE ?2 ESCAPE '\\'
         UNION SELECT m.chat_id FROM chat_fts f JOIN chat_message m ON m.rowid = f.rowid
         JOIN chat ON chat.id = m.chat_id WHERE f.text LIKE ?2 ESCAPE '\\' AND chat.user_id = ?1"
    } else {
        "SELECT id FROM chat WHERE user_id = ?1 AND title LIKE ?2
         UNION SELECT m.chat_id FROM chat_fts f JOIN chat_message m ON m.rowid = f.rowid
         JOIN chat ON chat.id = m.chat_id WHERE f.text LIKE ?2 AND chat.user_id = ?1"
    };
    let mut st = c.prepare_cached(sql)?;
    let ids = st
        .query_map(params![user_id, pat], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

/// What a search keeps.
#[derive(Clone)]
pub struct SearchFilter {
    /// Candidate chat ids from the free text (None: no free text).
    pub ids: Option<Vec<String>>,
    /// Chats that contain the whole phrase: ranked first.
    pub exact: Vec<String>,
    pub tags: Vec<String>,
    pub untagged: bool,
    pub folders: Option<Vec<String>>,
    pub pinned: Option<bool>,
    pub archived: bool,
    pub shared: Option<bool>,
}

pub fn search(
    c: &Connection,
    user_id: &str,
    f: &SearchFilter,
    limit: i64,
    offset: i64,
) -> Result<Vec<TitleItem>> {
    let json = |v: &Vec<String>| serde_json::to_string(v).unwrap_or_else(|_| "[]".into());
    let mut st = c.prepare_cached(
        "SELECT id, title, updated_at, created_at, last_read_at, archived FROM chat
         WHERE user_id = ?1
           AND (?2 IS NULL OR id IN (SELECT value FROM json_each(?2)))
           AND (?4 = 0 OR json_array_length(meta, '$.tags') IS NULL OR json_array_length(meta, '$.tags') = 0)
           AND (?4 = 1 OR NOT EXISTS (SELECT 1 FROM json_each(?5) t
                WHERE t.value NOT IN (SELECT value FROM json_each(chat.meta, '$.tags'))))
           AND (?6 IS NULL OR folder_id IN (SELECT value FROM json_each(?6)))
           AND (?7 IS NULL OR pinned = ?7)
           AND archived = ?8
           AND (?9 IS NULL OR (share_id IS NOT NULL) = ?9)
         ORDER BY id IN (SELECT value FROM json_each(?3)) DESC, updated_at DESC, id
         LIMIT ?10 OFFSET ?11",
    )?;
    let items = st
        .query_map(
            params![
                user_id,
                f.ids.as_ref().map(json),
                json(&f.exact),
                f.untagged,
                json(&f.tags),
                f.folders.as_ref().map(json),
                f.pinned,
                f.archived,
                f.shared,
                limit,
                offset
            ],
            title_item,
        )?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(items)
}

/// The string contents of a chat's messages, in order.
pub fn message_texts(c: &Connection, chat_id: &str) -> Result<Vec<String>> {
    let mut st = c.prepare_cached(
        "SELECT json_extract(data, '$.content') FROM chat_message
         WHERE chat_id = ?1 AND json_type(data, '$.content') = 'text' ORDER BY seq",
    )?;
    let v = st
        .query_map([chat_id], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(v)
}

/// How many messages contain `text`, counting at most `cap`.
pub fn count_hits(c: &Connection, text: &str, cap: i64) -> Result<i64> {
    let (pat, escaped) = like_pattern(text);
    let sql = if escaped {
        "SELECT count(*) FROM (SELECT 1 FROM chat_fts WHERE text LIKE ?1 ESCAPE '\\' LIMIT ?2)"
    } else {
        "SELECT count(*) FROM (SELECT 1 FROM chat_fts WHERE text LIKE ?1 LIMIT ?2)"
    };
    Ok(c.query_row(sql, params![pat, cap], |r| r.get(0))?)
}

/// The string contents of the messages of several chats.
pub fn texts_of_chats(c: &Connection, chat_ids: &[String]) -> Result<Vec<(String, String)>> {
    let ids = serde_json::to_string(chat_ids).unwrap_or_else(|_| "[]".into());
    let mut st = c.prepare_cached(
        "SELECT chat_id, json_extract(data, '$.content') FROM chat_message
         WHERE chat_id IN (SELECT value FROM json_each(?1)) AND json_type(data, '$.content') = 'text'",
    )?;
    let v = st
        .query_map([ids], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(v)
}
