//! `owui chat`: the terminal chat (see `crate::tui`), on the data directory,
//! no server needed; or, with `--server`, through a running owui or Open
//! WebUI over its API. On a data directory without any user it first asks
//! on the terminal for the first (admin) account.

use std::io::{BufRead, IsTerminal, Write};

use clap::Args as ClapArgs;

use crate::core::Ctx;
use crate::core::actor::Actor;
use crate::error::{Error, Result};
use crate::tui::effects::{Api, Backend, Core, Remote};
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
    /// Chat through this owui or Open WebUI server's API instead of the
    /// data directory [env: OWUI_SERVER]
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    /// The API key (sk-...) or session token for --server; prefer the
    /// environment, which other users cannot see [env: OWUI_API_KEY]
    #[arg(long, value_name = "KEY")]
    pub api_key: Option<String>,
}

impl Args {
    /// The server to chat through, from `--server` or `OWUI_SERVER`.
    pub fn server(&self) -> Option<String> {
        self.server
            .clone()
            .or_else(|| std::env::var("OWUI_SERVER").ok())
            .filter(|s| !s.trim().is_empty())
    }
}

fn need_terminal() -> Result<()> {
    if !std::io::stdout().is_terminal() || !std::io::stdin().is_terminal() {
        return Err(Error::invalid(
            "owui chat needs a terminal; use `owui ask` from scripts",
        ));
    }
    Ok(())
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?)
}

/// `owui chat --server URL`: the key is checked (and the chat to open
/// found) before the screen is taken over.
pub fn run_remote(server: &str, a: Args) -> Result<()> {
    let key = a
        .api_key
        .clone()
        .or_else(|| std::env::var("OWUI_API_KEY").ok())
        .unwrap_or_default();
    let api = Api::new(server, &key)?;
    need_terminal()?;
    let rt = runtime()?;
    rt.block_on(async move {
        api.check().await?;
        if let Some(id) = &a.chat_id {
            api.chat(id).await?;
        }
        let host = api.host();
        let (remote, rx) = Remote::new(api);
        run_tui(
            Backend::Remote(remote),
            rx,
            Options {
                model: a.model,
                chat_id: a.chat_id,
                server: Some(host),
            },
        )
        .await
    })
}

pub fn run(cx: &Ctx, me: &Actor, a: Args) -> Result<()> {
    need_terminal()?;
    if let Some(id) = &a.chat_id {
        // fail before taking over the screen
        crate::core::chats::get(cx, me, id)?;
    }
    let rt = runtime()?;
    rt.block_on(async {
        let (core, rx) = Core::new(cx.clone(), me.clone());
        run_tui(
            Backend::Local(core),
            rx,
            Options {
                model: a.model,
                chat_id: a.chat_id,
                server: None,
            },
        )
        .await
    })
}

/// First run: with no user at all, ask on the terminal for the first
/// account (name, email, password without echo) and create it as admin,
/// as `owui users create --role admin` does. Without a terminal, fail.
pub fn first_run(cx: &Ctx) -> Result<()> {
    let me = Actor::system();
    if !crate::core::users::list_all(cx, &me)?.is_empty() {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() || !std::io::stderr().is_terminal() {
        return Err(Error::invalid(
            "no account yet: create one with `owui users create --role admin`",
        ));
    }
    eprintln!("No account yet: create the first one (it will be the admin).");
    let name = ask("Name: ")?;
    let email = ask("Email: ")?;
    let password = loop {
        let p = ask_secret("Password: ")?;
        if p.is_empty() {
            eprintln!("the password is empty");
            continue;
        }
        if ask_secret("Again: ")? == p {
            break p;
        }
        eprintln!("the passwords differ");
    };
    let u = crate::core::users::create(
        cx,
        &me,
        crate::core::users::NewUser {
            name,
            email,
            password,
            role: Some(crate::core::users::Role::Admin),
            profile_image_url: None,
        },
    )?;
    eprintln!("created {} <{}> (admin)", u.name, u.email);
    Ok(())
}

/// One non-empty line from the terminal after a prompt on stderr.
fn ask(prompt: &str) -> Result<String> {
    loop {
        eprint!("{prompt}");
        std::io::stderr().flush()?;
        let mut line = String::new();
        if std::io::stdin().lock().read_line(&mut line)? == 0 {
            return Err(Error::invalid("no answer: stopped"));
        }
        let line = line.trim();
        if !line.is_empty() {
            return Ok(line.to_string());
        }
    }
}

/// A line typed without echo (raw mode; Ctrl-C or Esc gives up).
fn ask_secret(prompt: &str) -> Result<String> {
    use crossterm::event::{Event, KeyCode, KeyEventKind, KeyModifiers, read};
    use crossterm::terminal::{disable_raw_mode, enable_raw_mode};
    eprint!("{prompt}");
    std::io::stderr().flush()?;
    enable_raw_mode()?;
    let mut out = String::new();
    let r = loop {
        let k = match read() {
            Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => k,
            Ok(Event::Paste(p)) => {
                out.push_str(p.trim_end_matches(['\n', '\r']));
                continue;
            }
            Ok(_) => continue,
            Err(e) => break Err(e.into()),
        };
        match k.code {
            KeyCode::Enter => break Ok(out),
            KeyCode::Char('c') if k.modifiers.contains(KeyModifiers::CONTROL) => {
                break Err(Error::invalid("stopped"));
            }
            KeyCode::Esc => break Err(Error::invalid("stopped")),
            KeyCode::Backspace => {
                out.pop();
            }
            KeyCode::Char(c) => out.push(c),
            _ => {}
        }
    };
    let _ = disable_raw_mode();
    eprintln!();
    r
}
