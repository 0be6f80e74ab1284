//! `fake-llm`: the fake OpenAI and Ollama servers of `tests/fakes` as a
//! standalone program, for benchmarks and browser tests.
//!
//! ```text
//! cargo build --release --example fake-llm
//! target/release/examples/fake-llm [--openai-port N] [--ollama-port N]
//! ```
//!
//! Prints the OpenAI base URL (`http://127.0.0.1:N/v1`) and then the Ollama
//! base URL (`http://127.0.0.1:M`), one per line, and serves until killed.
//! Port 0 (the default) picks a free port.

#[path = "mod.rs"]
mod fakes;

use std::io::Write;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use clap::Parser;

#[derive(Parser, Debug)]
#[command(
    name = "fake-llm",
    about = "Fake OpenAI-compatible and Ollama LLM servers"
)]
struct Args {
    /// Port of the OpenAI-compatible server (0 = any free port).
    #[arg(long, default_value_t = 0)]
    openai_port: u16,
    /// Port of the Ollama server (0 = any free port).
    #[arg(long, default_value_t = 0)]
    ollama_port: u16,
    /// Address to bind.
    #[arg(long, default_value = "127.0.0.1")]
    host: IpAddr,
    /// Serve only one of the two fakes.
    #[arg(long, value_parser = ["openai", "ollama"])]
    only: Option<String>,
    /// Comma-separated model ids (default: fake-model,slow-model,long-model,broken-model,error-model).
    #[arg(long, value_delimiter = ',')]
    models: Option<Vec<String>>,
    /// Milliseconds between tokens.
    #[arg(long)]
    token_interval_ms: Option<u64>,
    /// Milliseconds before the first token (all models but slow-model).
    #[arg(long)]
    first_token_ms: Option<u64>,
    /// Milliseconds before slow-model's first token.
    #[arg(long)]
    slow_ms: Option<u64>,
    /// Milliseconds between long-model tokens.
    #[arg(long)]
    long_interval_ms: Option<u64>,
    /// Number of long-model tokens.
    #[arg(long)]
    long_tokens: Option<usize>,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let mut cfg = fakes::FakeConfig::default();
    if let Some(m) = args.models {
        cfg = cfg.models(m);
    }
    if let Some(ms) = args.token_interval_ms {
        cfg = cfg.token_interval(Duration::from_millis(ms));
    }
    if let Some(ms) = args.first_token_ms {
        cfg = cfg.first_token_delay(Duration::from_millis(ms));
    }
    if let Some(ms) = args.slow_ms {
        cfg = cfg.slow_first_token(Duration::from_millis(ms));
    }
    if let Some(ms) = args.long_interval_ms {
        cfg = cfg.long_token_interval(Duration::from_millis(ms));
    }
    if let Some(n) = args.long_tokens {
        cfg = cfg.long_tokens(n);
    }
    let want = |k: &str| args.only.as_deref().is_none_or(|o| o == k);
    let mut running = Vec::new();
    let mut out = std::io::stdout().lock();
    if want("openai") {
        let addr = SocketAddr::new(args.host, args.openai_port);
        let f = fakes::spawn_on(fakes::Kind::OpenAi, addr, cfg.clone()).await?;
        writeln!(out, "{}", f.base_url)?;
        running.push(f);
    }
    if want("ollama") {
        let addr = SocketAddr::new(args.host, args.ollama_port);
        let f = fakes::spawn_on(fakes::Kind::Ollama, addr, cfg.clone()).await?;
        writeln!(out, "{}", f.base_url)?;
        running.push(f);
    }
    out.flush()?;
    drop(out);
    // Serve until killed (or Ctrl-C).
    let _ = tokio::signal::ctrl_c().await;
    drop(running);
    Ok(())
}
