//! The command line: `owui <area> <verb>`, working straight on the data
//! directory (no server needed), plus `owui serve`.

pub mod ask;
pub mod chat;
pub mod chats;
pub mod config;
pub mod connections;
pub mod feedback;
pub mod files;
pub mod folders;
pub mod generate;
pub mod groups;
pub mod knowledge;
pub mod memories;
pub mod models;
pub mod output;
pub mod prompts;
pub mod serve;
pub mod users;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::config::{Config, Overrides};
use crate::core::Ctx;
use crate::error::Result;
pub use output::Out;

/// Open WebUI's backend as one fast binary: serve Open WebUI's API and
/// frontend, and manage users, groups and settings from the shell.
#[derive(Debug, Parser)]
#[command(name = "owui", version, propagate_version = true, max_term_width = 100)]
pub struct Cli {
    /// Directory holding the database and the secret key [env: DATA_DIR]
    /// [default: the platform data dir, e.g. ~/.local/share/owui]
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Settings file (TOML, upstream's setting names in lower case)
    /// [default: ~/.config/owui/config.toml when it exists]
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Print machine-readable JSON instead of tables
    #[arg(long, global = true)]
    pub json: bool,

    /// Act as this user (id or email) for per-user data such as chats
    /// [default: the only admin]
    #[arg(long = "as", global = true, value_name = "USER")]
    pub as_user: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve Open WebUI's REST API and socket.io events (and a frontend)
    Serve(serve::Args),
    /// Manage user accounts
    #[command(subcommand)]
    Users(users::Cmd),
    /// Manage groups and their members
    #[command(subcommand)]
    Groups(groups::Cmd),
    /// Ask a model a question; the answer streams to stdout and is kept as a chat
    Ask(ask::Args),
    /// Chat in the terminal: your chats, streamed answers, models (F1 lists the keys)
    Chat(chat::Args),
    /// List, search, export and import a user's chats
    #[command(subcommand)]
    Chats(chats::Cmd),
    /// Manage a user's chat folders
    #[command(subcommand)]
    Folders(folders::Cmd),
    /// Manage workspace models: presets and provider-model overrides
    #[command(subcommand)]
    Models(models::Cmd),
    /// Manage knowledge bases: collections of files models can draw on
    #[command(subcommand)]
    Knowledge(knowledge::Cmd),
    /// Manage prompts: the templates typed in the chat input as /command
    #[command(subcommand)]
    Prompts(prompts::Cmd),
    /// Keep, list and delete your memories: facts the models may be told about you
    #[command(subcommand)]
    Memories(memories::Cmd),
    /// List, upload, show and delete uploaded files
    #[command(subcommand)]
    Files(files::Cmd),
    /// Export users' ratings of answers and show the model leaderboard (admins)
    #[command(subcommand)]
    Feedback(feedback::Cmd),
    /// Show and change settings and the admin config store
    #[command(subcommand)]
    Config(config::Cmd),
    /// List, add, remove and test the OpenAI and Ollama connections
    #[command(subcommand)]
    Connections(connections::Cmd),
    /// Print shell completions (or write them to a directory)
    Completions(generate::CompletionsArgs),
    /// Write the manual pages to a directory
    Man(generate::ManArgs),
}

impl Cli {
    fn overrides(&self) -> Overrides {
        Overrides {
            data_dir: self.data_dir.clone(),
            config_file: self.config.clone(),
            values: vec![],
        }
    }
}

/// Run a parsed command line.
pub fn run(cli: Cli) -> Result<()> {
    let out = Out::new(cli.json);
    let mut over = cli.overrides();
    match cli.command {
        Command::Completions(a) => generate::completions(a),
        Command::Man(a) => generate::man(a),
        Command::Serve(a) => {
            a.apply(&mut over);
            let cfg = Config::load(&over)?;
            serve::run(cfg)
        }
        Command::Users(cmd) => users::run(&open(&over)?, &out, cmd),
        Command::Groups(cmd) => groups::run(&open(&over)?, &out, cmd),
        Command::Ask(a) => {
            let cx = open(&over)?;
            let me = crate::core::users::local_actor(&cx, cli.as_user.as_deref())?;
            ask::run(&cx, &out, &me, a)
        }
        Command::Chat(a) => {
            if let Some(server) = a.server() {
                if cli.as_user.is_some() {
                    return Err(crate::error::Error::invalid(
                        "--as works on the data directory; with --server the API key says who you are",
                    ));
                }
                return chat::run_remote(&server, a);
            }
            let cx = open(&over)?;
            if cli.as_user.is_none() {
                chat::first_run(&cx)?;
            }
            let me = crate::core::users::local_actor(&cx, cli.as_user.as_deref())?;
            chat::run(&cx, &me, a)
        }
        Command::Chats(cmd) => {
            let cx = open(&over)?;
            let me = crate::core::users::local_actor(&cx, cli.as_user.as_deref())?;
            chats::run(&cx, &out, &me, cmd)
        }
        Command::Folders(cmd) => {
            let cx = open(&over)?;
            let me = crate::core::users::local_actor(&cx, cli.as_user.as_deref())?;
            folders::run(&cx, &out, &me, cmd)
        }
        Command::Models(cmd) => {
            let cx = open(&over)?;
            let me = crate::core::users::local_actor(&cx, cli.as_user.as_deref())?;
            models::run(&cx, &out, &me, cmd)
        }
        Command::Knowledge(cmd) => {
            let cx = open(&over)?;
            let me = crate::core::users::local_actor(&cx, cli.as_user.as_deref())?;
            knowledge::run(&cx, &out, &me, cmd)
        }
        Command::Prompts(cmd) => {
            let cx = open(&over)?;
            let me = crate::core::users::local_actor(&cx, cli.as_user.as_deref())?;
            prompts::run(&cx, &out, &me, cmd)
        }
        Command::Memories(cmd) => {
            let cx = open(&over)?;
            let me = crate::core::users::local_actor(&cx, cli.as_user.as_deref())?;
            memories::run(&cx, &out, &me, cmd)
        }
        Command::Files(cmd) => {
            let cx = open(&over)?;
            let me = crate::core::users::local_actor(&cx, cli.as_user.as_deref())?;
            files::run(&cx, &out, &me, cmd)
        }
        Command::Feedback(cmd) => {
            let cx = open(&over)?;
            let me = crate::core::users::local_actor(&cx, cli.as_user.as_deref())?;
            feedback::run(&cx, &out, &me, cmd)
        }
        Command::Config(cmd) => config::run(&over, &out, cmd),
        Command::Connections(cmd) => {
            let cx = open(&over)?;
            let me = connections::actor(&cx, cli.as_user.as_deref())?;
            connections::run(&cx, &out, &me, cmd)
        }
    }
}

fn open(over: &Overrides) -> Result<Ctx> {
    crate::core::startup::open(Config::load(over)?)
}
