//! What both backends share: the one way to start an effect in a task,
//! the turn that both run for a message or a regenerated answer, and the
//! copy to the clipboard.

use std::future::Future;

use tokio::sync::mpsc::UnboundedSender;

use crate::error::Result;
use crate::tui::app::{Effect, Msg};
use crate::tui::clipboard;

/// Start an effect in a task: `run` does the work and sends its results
/// on `tx`, and a failure comes back as `Msg::Error`. `Quit` is the loop's
/// business, not a task's.
pub(super) fn spawn<F>(tx: &UnboundedSender<Msg>, e: Effect, run: impl FnOnce(Effect) -> F)
where
    F: Future<Output = Result<()>> + Send + 'static,
{
    if e == Effect::Quit {
        return;
    }
    let tx = tx.clone();
    let work = run(e);
    tokio::spawn(async move {
        if let Err(err) = work.await {
            let _ = tx.send(Msg::Error(err.to_string()));
        }
    });
}

/// Copy to the clipboard (OSC 52, else a clipboard program); what to say.
pub(super) async fn copy(text: String) -> Msg {
    match tokio::task::spawn_blocking(move || clipboard::copy(&text)).await {
        Ok(Ok(m)) => Msg::Info(format!("copied ({m})")),
        Ok(Err(e)) => Msg::Error(format!("copy: {e}")),
        Err(e) => Msg::Error(format!("copy: {e}")),
    }
}

/// One exchange to run: a new user message (`text`), or a new answer to
/// the existing user message `user_id` (`text` None).
pub(super) struct Turn {
    pub chat_id: Option<String>,
    pub parent: Option<String>,
    pub user_id: String,
    pub reply_id: String,
    pub model: String,
    pub text: Option<String>,
    /// The completion's `files` (the `#` attachments).
    pub files: Vec<serde_json::Value>,
}

impl Turn {
    /// The turn of `Effect::Send` or `Effect::Regenerate`.
    pub(super) fn of(e: Effect) -> Option<Turn> {
        match e {
            Effect::Send {
                chat_id,
                parent,
                user_id,
                reply_id,
                model,
                text,
                files,
            } => Some(Turn {
                chat_id,
                parent,
                user_id,
                reply_id,
                model,
                text: Some(text),
                files,
            }),
            Effect::Regenerate {
                chat_id,
                user_id,
                reply_id,
                model,
            } => Some(Turn {
                chat_id: Some(chat_id),
                parent: None,
                user_id,
                reply_id,
                model,
                text: None,
                files: vec![],
            }),
            _ => None,
        }
    }
}
