//! Realtime events: what the core tells connected clients.
//!
//! Core functions do not know about socket.io; they hand an [`Emit`] to
//! the context's [`Bus`]. `owui serve` attaches the one receiver and
//! forwards every event, in order, to its socket.io rooms. Without a
//! receiver (the CLI, the TUI) emitting costs nothing and goes nowhere.

use std::sync::OnceLock;

use serde_json::Value;
use tokio::sync::mpsc;

/// One socket.io event for one room.
#[derive(Clone, Debug, PartialEq)]
pub struct Emit {
    /// The socket.io event name (`events`, `events:channel`, ...).
    pub event: &'static str,
    /// The room: `user:<id>`, `chat:<id>`, `channel:<id>`, ...
    pub room: String,
    /// A socket id that must not receive it (the one that caused it).
    pub skip_sid: Option<String>,
    pub payload: Value,
}

impl Emit {
    pub fn to_user(user_id: &str, event: &'static str, payload: Value) -> Emit {
        Emit {
            event,
            room: format!("user:{user_id}"),
            skip_sid: None,
            payload,
        }
    }
}

/// What goes over the bus: events, and room changes the core decides
/// (a socket that lost access to a chat leaves its room), in one order.
#[derive(Clone, Debug, PartialEq)]
pub enum Signal {
    Emit(Emit),
    /// The socket `sid` leaves `room`.
    Leave {
        sid: String,
        room: String,
    },
}

#[derive(Default)]
pub struct Bus {
    tx: OnceLock<mpsc::UnboundedSender<Signal>>,
}

impl Bus {
    /// The receiving end; only the first caller gets one.
    pub fn attach(&self) -> Option<mpsc::UnboundedReceiver<Signal>> {
        let (tx, rx) = mpsc::unbounded_channel();
        self.tx.set(tx).ok().map(|_| rx)
    }

    pub fn emit(&self, e: Emit) {
        self.send(Signal::Emit(e));
    }

    /// Take socket `sid` out of `room`; events emitted after this do not
    /// reach it through that room.
    pub fn leave(&self, sid: &str, room: String) {
        self.send(Signal::Leave {
            sid: sid.to_string(),
            room,
        });
    }

    fn send(&self, s: Signal) {
        if let Some(tx) = self.tx.get() {
            let _ = tx.send(s);
        }
    }

    pub fn is_attached(&self) -> bool {
        self.tx.get().is_some_and(|t| !t.is_closed())
    }
}
