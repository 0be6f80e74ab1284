//! The loop of `owui chat`: one `tokio::select!` over terminal events, the
//! answers of background tasks (as `Msg` on a channel) and a redraw tick;
//! each `Msg` goes through `update`, and the effects it returns go to the
//! `Backend` (see `tui::effects`).
//!
//! The terminal is restored on every way out: normal exit, Ctrl-C, SIGTERM
//! and panics (a hook restores it before the panic message prints).

use std::io::{Stdout, stdout};
use std::time::Duration;

use crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture, Event,
    EventStream,
};
use crossterm::execute;
use crossterm::terminal::{
    EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use futures::StreamExt;
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use tokio::sync::mpsc::UnboundedReceiver;

use super::app::{Effect, Msg, State, Theme};
use super::effects::Backend;
use super::update::update;
use crate::error::Result;

/// Options of `owui chat`.
pub struct Options {
    pub model: Option<String>,
    pub chat_id: Option<String>,
    /// The server chatted through (`--server`), shown in the status line.
    pub server: Option<String>,
}

type Term = Terminal<CrosstermBackend<Stdout>>;

/// Put the terminal back: raw mode off, main screen, mouse and paste off,
/// cursor shown. Safe to call more than once.
pub fn restore() {
    let _ = disable_raw_mode();
    let _ = execute!(
        stdout(),
        DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

/// Restores the terminal when dropped (also on early returns and errors).
struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {
        restore();
    }
}

fn setup() -> Result<(Term, Guard)> {
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        hook(info);
    }));
    enable_raw_mode()?;
    let guard = Guard;
    execute!(
        stdout(),
        EnterAlternateScreen,
        EnableMouseCapture,
        EnableBracketedPaste
    )?;
    let term = Terminal::new(CrosstermBackend::new(stdout()))?;
    Ok((term, guard))
}

/// Run the terminal chat until the user quits; `core` answers on `rx`.
pub async fn run(core: Backend, mut rx: UnboundedReceiver<Msg>, opts: Options) -> Result<()> {
    let (mut term, _guard) = setup()?;
    let mut state = State::new(opts.model, Theme::detect());
    let size = term.size()?;
    state.size = (size.width, size.height);
    state.server = opts.server;
    core.spawn(Effect::LoadChats {
        search: String::new(),
    });
    core.spawn(Effect::LoadModels);
    if let Some(id) = opts.chat_id {
        state.chat_id = Some(id.clone());
        core.spawn(Effect::OpenChat(id));
    }
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_millis(120));
    let mut term_signal =
        tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    let mut dirty = true;
    loop {
        if dirty {
            term.draw(|f| super::ui::draw(f, &state))?;
            dirty = false;
        }
        let msg = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(Event::Key(k))) => Msg::Key(k),
                Some(Ok(Event::Mouse(m))) => Msg::Mouse(m),
                Some(Ok(Event::Paste(p))) => Msg::Paste(p),
                Some(Ok(Event::Resize(w, h))) => Msg::Resize(w, h),
                Some(Ok(_)) => continue,
                Some(Err(e)) => return Err(e.into()),
                None => Msg::Quit,
            },
            Some(m) = rx.recv() => m,
            _ = tick.tick() => {
                if state.streaming.is_none() {
                    continue;
                }
                Msg::Tick
            }
            _ = term_signal.recv() => Msg::Quit,
        };
        let mut msgs = vec![msg];
        // take what else has arrived (a burst of tokens) before drawing
        while let Ok(m) = rx.try_recv() {
            msgs.push(m);
        }
        for m in msgs {
            for e in update(&mut state, m) {
                if e == Effect::Quit {
                    return Ok(());
                }
                core.spawn(e);
            }
        }
        dirty = true;
    }
}
