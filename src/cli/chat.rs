//! `owui chat`: the terminal chat (see `crate::tui`), on the data directory,
//! no server needed.

use std::io::IsTerminal;

use clap::Args as ClapArgs;

use crate::core::actor::Actor;
use crate::ctx::Ctx;
use crate::error::{Error, Result};
use crate::tui::event::{Options, run as run_tui};

#[derive(Debug, ClapArgs)]
pub struct Args {
    /// Open this chat (its current branch) instead of a new one
    #[arg(value_name = "CHAT_ID")]
    pub chat_id: Option<String>,
    /// Model id [default: the chat's model, else the first default model,
    /// else the first model available]
    #[arg(short, long, value_name = "MODEL")]
    pub model: Option<String>,
}

pub fn run(cx: &Ctx, me: &Actor, a: Args) -> Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(Error::invalid(
            "owui chat needs a terminal; use `owui ask` from scripts",
        ));
    }
    if let Some(id) = &a.chat_id {
        // fail before taking over the screen
        crate::core::chats::get(cx, me, id)?;
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    rt.block_on(run_tui(
        cx.clone(),
        me.clone(),
        Options {
            model: a.model,
            chat_id: a.chat_id,
        },
    ))
}
