//! Long chats' message rows kept in memory between reads.
//!
//! Reading the rows of a 5,000-message chat is most of the time it takes to
//! open it. The rows of a long chat are kept here with the chat's message
//! version (`chat.msg_version`, moved on by triggers at every write of a
//! message, whoever writes it: see migration 0012). A read takes the
//! version and the rows it needs in one snapshot:
//!
//! - the version is the one kept: the rows are used as they are;
//! - the chat moved on by writes only (no deletion since, `msg_cut`): the
//!   rows written since the kept version (`chat_message.ver`) are read and
//!   put in place, so adding a message to a long chat reads one row;
//! - anything else: every row is read again.
//!
//! So a write by another process or replica is never missed: it moves the
//! version. Chats under [`MIN_MESSAGES`] are not kept (their rows read in
//! well under a millisecond), and the whole cache holds at most
//! [`MAX_BYTES`] of message text, the least recently used chats leaving
//! first.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::store;
use super::text::StoredMessage;
use crate::core::Ctx;
use crate::error::Result;

/// Chats with fewer messages are read from the database every time.
pub const MIN_MESSAGES: usize = 200;
/// The most message text kept, all chats together.
pub const MAX_BYTES: usize = 32 << 20;
/// More writes than this since the kept version: read every row again.
const MAX_STEPS: i64 = 256;

#[derive(Default)]
pub struct MessageCache {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    entries: HashMap<String, Entry>,
    bytes: usize,
    tick: u64,
}

#[derive(Clone)]
struct Entry {
    version: i64,
    /// `seq` of each message, in order.
    seqs: Arc<Vec<i64>>,
    msgs: Arc<Vec<StoredMessage>>,
    bytes: usize,
    used: u64,
}

fn size_of(m: &StoredMessage) -> usize {
    let opt = |s: &Option<String>| s.as_ref().map_or(0, String::len);
    std::mem::size_of::<StoredMessage>()
        + m.id.len()
        + m.text.len()
        + opt(&m.parent_id)
        + opt(&m.role)
        + opt(&m.user_id)
        + opt(&m.author_name)
}

impl MessageCache {
    fn get(&self, chat_id: &str) -> Option<Entry> {
        let mut g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        g.tick += 1;
        let tick = g.tick;
        let e = g.entries.get_mut(chat_id)?;
        e.used = tick;
        Some(e.clone())
    }

    /// Take the entry out if it still has `version`, to change it without
    /// copying it.
    fn take(&self, chat_id: &str, version: i64) -> Option<Entry> {
        let mut g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if g.entries.get(chat_id)?.version != version {
            return None;
        }
        let e = g.entries.remove(chat_id)?;
        g.bytes -= e.bytes;
        Some(e)
    }

    /// Keep `e` unless a newer version of the chat is kept already.
    fn put(&self, chat_id: &str, mut e: Entry) {
        if e.msgs.len() < MIN_MESSAGES || e.bytes > MAX_BYTES / 2 {
            return;
        }
        let mut g = self.inner.lock().unwrap_or_else(|p| p.into_inner());
        if g.entries
            .get(chat_id)
            .is_some_and(|old| old.version > e.version)
        {
            return;
        }
        g.tick += 1;
        e.used = g.tick;
        g.bytes += e.bytes;
        if let Some(old) = g.entries.insert(chat_id.to_string(), e) {
            g.bytes -= old.bytes;
        }
        while g.bytes > MAX_BYTES {
            let Some(oldest) = g
                .entries
                .iter()
                .min_by_key(|(_, e)| e.used)
                .map(|(k, _)| k.clone())
            else {
                break;
            };
            if let Some(old) = g.entries.remove(&oldest) {
                g.bytes -= old.bytes;
            }
        }
    }

    /// How many chats are kept (tests).
    #[cfg(test)]
    pub fn kept(&self) -> usize {
        self.inner
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .entries
            .len()
    }
}

fn entry_of(version: i64, rows: Vec<(i64, StoredMessage)>) -> Entry {
    let bytes = rows.iter().map(|(_, m)| size_of(m)).sum();
    let (seqs, msgs): (Vec<i64>, Vec<StoredMessage>) = rows.into_iter().unzip();
    Entry {
        version,
        seqs: Arc::new(seqs),
        msgs: Arc::new(msgs),
        bytes,
        used: 0,
    }
}

/// `e` with the rows written since its version put in place.
fn advance(mut e: Entry, version: i64, rows: Vec<(i64, StoredMessage)>) -> Entry {
    let seqs = Arc::make_mut(&mut e.seqs);
    let msgs = Arc::make_mut(&mut e.msgs);
    for (seq, m) in rows {
        match seqs.binary_search(&seq) {
            // the row rewritten (a seq is never reused without a
            // deletion, which reads every row again)
            Ok(i) => {
                e.bytes = e.bytes - size_of(&msgs[i]) + size_of(&m);
                msgs[i] = m;
            }
            Err(i) => {
                e.bytes += size_of(&m);
                seqs.insert(i, seq);
                msgs.insert(i, m);
            }
        }
    }
    e.version = version;
    e
}

/// A chat's messages in their order, as stored: from the cache when it
/// holds the chat's current version. The list is shared with the cache
/// (a reader's view that rewrites a message copies it first).
pub fn stored_messages(cx: &Ctx, chat_id: &str) -> Result<Arc<Vec<StoredMessage>>> {
    let cache = &cx.chat_messages;
    cx.db.read(|c| {
        // one snapshot for the version and the rows
        let tx = c.unchecked_transaction()?;
        let Some((version, cut)) = store::versions(&tx, chat_id)? else {
            return Ok(Arc::default());
        };
        let e = match cache.get(chat_id) {
            Some(e) if e.version == version => return Ok(e.msgs),
            Some(e)
                if e.version < version && cut <= e.version && version - e.version <= MAX_STEPS =>
            {
                let rows = store::stored_since(&tx, chat_id, e.version)?;
                // the kept entry is left alone until the new one is made
                let kept = e.version;
                let e = cache.take(chat_id, kept).unwrap_or(e);
                advance(e, version, rows)
            }
            _ => entry_of(version, store::stored_in_order(&tx, chat_id)?),
        };
        let msgs = e.msgs.clone();
        cache.put(chat_id, e);
        Ok(msgs)
    })
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value, json};

    use super::*;
    use crate::core::actor::Role;
    use crate::core::chats::{self, ChatForm};
    use crate::core::ctx::test_ctx;
    use crate::core::users::fixtures;

    fn long_doc(n: usize) -> Value {
        let mut msgs = Map::new();
        for i in 0..n {
            let id = format!("m{i}");
            let parent = (i > 0).then(|| format!("m{}", i - 1));
            let role = if i % 2 == 0 { "user" } else { "assistant" };
            msgs.insert(
                id.clone(),
                json!({"id": id, "parentId": parent, "childrenIds": [], "role": role,
                       "content": format!("message {i}"), "timestamp": i}),
            );
        }
        json!({"title": "long", "models": ["m"], "messages": [],
               "history": {"currentId": format!("m{}", n - 1), "messages": msgs}})
    }

    /// What the rows read straight from the database give.
    fn uncached(cx: &Ctx, id: &str) -> Vec<String> {
        cx.db
            .read(|c| store::stored_messages(c, id))
            .unwrap()
            .into_iter()
            .map(|m| format!("{}|{:?}|{}", m.id, m.parent_id, m.text))
            .collect()
    }

    fn cached(cx: &Ctx, id: &str) -> Vec<String> {
        stored_messages(cx, id)
            .unwrap()
            .iter()
            .map(|m| format!("{}|{:?}|{}", m.id, m.parent_id, m.text))
            .collect()
    }

    #[test]
    fn a_long_chat_is_kept_and_follows_every_write() {
        let (_d, cx) = test_ctx();
        let u = fixtures::user(&cx, "u@example.com", Role::User);
        let form: ChatForm = serde_json::from_value(json!({"chat": long_doc(300)})).unwrap();
        let chat = chats::create(&cx, &u, form).unwrap();
        let id = chat.id.clone();
        assert_eq!(cached(&cx, &id), uncached(&cx, &id));
        assert_eq!(cx.chat_messages.kept(), 1);
        assert_eq!(cached(&cx, &id), uncached(&cx, &id));

        // a message added through a save: one row read, put at the end
        let m = json!({"id": "new", "parentId": "m299", "childrenIds": [], "role": "user",
                       "content": "added", "timestamp": 1});
        let patch: chats::ChatPatch = serde_json::from_value(
            json!({"chat": {"history": {"currentId": "new", "messages": {"new": m}}}}),
        )
        .unwrap();
        chats::update(&cx, &u, &id, patch).unwrap();
        assert_eq!(cached(&cx, &id), uncached(&cx, &id));
        assert!(cached(&cx, &id).last().unwrap().starts_with("new|"));

        // a message changed in place
        let p: chats::MessagePatch = serde_json::from_value(json!({"content": "edited"})).unwrap();
        chats::upsert_message(&cx, &u, &id, "m10", p).unwrap();
        let now = cached(&cx, &id);
        assert_eq!(now, uncached(&cx, &id));
        assert!(
            now.iter()
                .any(|m| m.starts_with("m10|") && m.contains("edited"))
        );

        // a deletion: every row read again
        chats::delete_message(&cx, &u, &id, "m20").unwrap();
        assert_eq!(cached(&cx, &id), uncached(&cx, &id));

        // a write that does not go through this process's core
        cx.db
            .write(|tx| {
                tx.execute(
                    "UPDATE chat_message SET data = replace(data, 'message 5\"', 'outside\"')
                     WHERE chat_id = ?1 AND id = 'm5'",
                    [&id],
                )?;
                Ok(())
            })
            .unwrap();
        let now = cached(&cx, &id);
        assert_eq!(now, uncached(&cx, &id));
        assert!(
            now.iter()
                .any(|m| m.starts_with("m5|") && m.contains("outside"))
        );
    }

    #[test]
    fn short_chats_are_not_kept_and_the_cache_has_a_ceiling() {
        let (_d, cx) = test_ctx();
        let u = fixtures::user(&cx, "u@example.com", Role::User);
        let form: ChatForm = serde_json::from_value(json!({"chat": long_doc(20)})).unwrap();
        let chat = chats::create(&cx, &u, form).unwrap();
        assert_eq!(cached(&cx, &chat.id), uncached(&cx, &chat.id));
        assert_eq!(cx.chat_messages.kept(), 0);

        let big = |n: usize| {
            let rows = (0..n)
                .map(|i| {
                    let m = StoredMessage {
                        id: format!("m{i}"),
                        text: "x".repeat(64 << 10),
                        ..Default::default()
                    };
                    (i as i64, m)
                })
                .collect();
            entry_of(1, rows)
        };
        for k in 0..8 {
            cx.chat_messages.put(&format!("c{k}"), big(MIN_MESSAGES));
        }
        let g = cx.chat_messages.inner.lock().unwrap();
        assert!(g.bytes <= MAX_BYTES, "{} bytes kept", g.bytes);
        assert!(g.entries.len() < 8);
        assert!(g.entries.contains_key("c7"), "the newest stays");
    }

    #[test]
    fn a_chat_made_again_under_its_id_starts_from_another_version() {
        let (_d, cx) = test_ctx();
        let u = fixtures::user(&cx, "u@example.com", Role::User);
        let form: ChatForm = serde_json::from_value(json!({"chat": long_doc(2)})).unwrap();
        let chat = chats::create(&cx, &u, form).unwrap();
        let v = |cx: &Ctx| {
            cx.db
                .read(|c| store::versions(c, &chat.id))
                .unwrap()
                .unwrap()
        };
        let (first, _) = v(&cx);
        cx.db
            .write(|tx| {
                tx.execute_batch(&format!(
                    "CREATE TEMP TABLE keep AS SELECT * FROM chat WHERE id = '{0}';
                     DELETE FROM chat WHERE id = '{0}';
                     INSERT INTO chat SELECT * FROM keep;",
                    chat.id
                ))?;
                Ok(())
            })
            .unwrap();
        let (second, _) = v(&cx);
        assert_ne!(first, second);
    }
}
