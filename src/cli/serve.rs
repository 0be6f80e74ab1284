//! `owui serve`.

use std::net::SocketAddr;
use std::path::PathBuf;

use crate::config::{Config, Overrides};
use crate::error::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Address to listen on [env: HOST] [default: 0.0.0.0]
    #[arg(long, value_name = "ADDR")]
    pub host: Option<String>,
    /// Port to listen on [env: PORT] [default: 8080]
    #[arg(long, short, value_name = "PORT")]
    pub port: Option<u16>,
    /// Directory of a built single-page app to serve at / (e.g. the Open
    /// WebUI frontend) [env: FRONTEND_DIR]
    #[arg(long, value_name = "DIR")]
    pub frontend: Option<PathBuf>,
}

impl Args {
    pub fn apply(&self, over: &mut Overrides) {
        if let Some(h) = &self.host {
            over.values.push(("HOST", h.clone()));
        }
        if let Some(p) = self.port {
            over.values.push(("PORT", p.to_string()));
        }
        if let Some(f) = &self.frontend {
            over.values.push(("FRONTEND_DIR", f.display().to_string()));
        }
    }
}

pub fn run(cfg: Config) -> Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(cfg.get("RUST_LOG")))
        .with_writer(std::io::stderr)
        .init();
    let host = cfg.get("HOST").to_string();
    let port: u16 = cfg
        .get("PORT")
        .parse()
        .map_err(|_| Error::invalid(format!("invalid port `{}`", cfg.get("PORT"))))?;
    let ip: std::net::IpAddr = host
        .parse()
        .map_err(|_| Error::invalid(format!("invalid host address `{host}`")))?;
    let frontend = match cfg.get("FRONTEND_DIR") {
        "" => None,
        d => Some(PathBuf::from(d)),
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(Error::internal)?;
    let cx = crate::core::startup::open(cfg)?;
    let served = rt.block_on(crate::api::serve(cx, SocketAddr::new(ip, port), frontend));
    // work left on blocking threads does not hold the exit up
    rt.shutdown_timeout(std::time::Duration::from_secs(1));
    served
}
