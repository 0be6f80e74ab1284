//! The answers being written right now: who started them, how to stop
//! them, and what they have written so far (so a reloaded page shows the
//! partial answer).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tokio::sync::watch;

/// One running answer.
pub struct Running {
    pub task_id: String,
    pub chat_id: String,
    pub message_id: String,
    /// Who asked for it.
    pub user_id: String,
    cancel: watch::Sender<bool>,
    live: Mutex<Live>,
}

#[derive(Clone, Default)]
pub struct Live {
    pub content: String,
    pub output: Value,
}

impl Running {
    pub fn cancelled(&self) -> watch::Receiver<bool> {
        self.cancel.subscribe()
    }

    pub fn is_cancelled(&self) -> bool {
        *self.cancel.borrow()
    }

    pub fn set_live(&self, content: &str, output: &Value) {
        let mut l = self.live.lock().unwrap_or_else(|p| p.into_inner());
        l.content.clear();
        l.content.push_str(content);
        l.output = output.clone();
    }

    pub fn live(&self) -> Live {
        self.live.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }
}

#[derive(Default)]
pub struct Tasks {
    by_id: Mutex<HashMap<String, Arc<Running>>>,
}

impl Tasks {
    pub fn start(
        &self,
        task_id: &str,
        chat_id: &str,
        message_id: &str,
        user_id: &str,
    ) -> Arc<Running> {
        let (tx, _) = watch::channel(false);
        let r = Arc::new(Running {
            task_id: task_id.into(),
            chat_id: chat_id.into(),
            message_id: message_id.into(),
            user_id: user_id.into(),
            cancel: tx,
            live: Mutex::default(),
        });
        self.lock().insert(task_id.into(), r.clone());
        r
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Running>>> {
        self.by_id.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn finish(&self, task_id: &str) {
        self.lock().remove(task_id);
    }

    pub fn get(&self, task_id: &str) -> Option<Arc<Running>> {
        self.lock().get(task_id).cloned()
    }

    pub fn ids(&self) -> Vec<String> {
        self.lock().keys().cloned().collect()
    }

    pub fn of_chat(&self, chat_id: &str) -> Vec<Arc<Running>> {
        let mut v: Vec<_> = self
            .lock()
            .values()
            .filter(|r| r.chat_id == chat_id)
            .cloned()
            .collect();
        v.sort_by(|a, b| a.task_id.cmp(&b.task_id));
        v
    }

    /// Ask a task to stop; false when it is not running.
    pub fn stop(&self, task_id: &str) -> bool {
        match self.get(task_id) {
            Some(r) => {
                let _ = r.cancel.send(true);
                true
            }
            None => false,
        }
    }
}
