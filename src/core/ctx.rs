//! `Ctx`: the core's shared state (settings, database, config store, caches,
//! event bus, model cache, task registry, hashing pool), cheap to clone.
//!
//! Building one has no side effects beyond reading the database and the
//! secret key; start-up (migrations, the bootstrap admin) is `core::startup`.

use std::ops::Deref;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, OnceLock};

use crate::config::Config;
use crate::core::auths::hasher::Hasher;
use crate::core::auths::{SessionCache, SigninLimiter};
use crate::core::configs::ConfigStore;
use crate::db::Db;
use crate::error::{Error, Result};

#[derive(Clone)]
pub struct Ctx(Arc<Inner>);

pub struct Inner {
    pub cfg: Config,
    pub db: Db,
    pub store: ConfigStore,
    pub secret: Vec<u8>,
    pub sessions: SessionCache,
    pub hasher: Hasher,
    pub signin_limiter: SigninLimiter,
    pub bus: crate::core::events::Bus,
    /// The HTTP client for model providers, built on first use (its TLS
    /// set-up loads the system's root certificates): see [`Ctx::http`].
    http: OnceLock<reqwest::Client>,
    pub models: crate::core::providers::ModelCache,
    /// Answers being written right now.
    pub tasks: crate::core::completions::Tasks,
    /// Models in use by connected clients (`GET /api/usage`).
    pub model_usage: crate::core::models::Usage,
    /// Sockets watching chats (rooms `chat:<id>`).
    pub viewers: crate::core::chats::Viewers,
    /// Long chats' message rows, checked against the database's version.
    pub chat_messages: crate::core::chats::MessageCache,
    /// Whether any group sets default models.
    pub group_defaults: crate::core::groups::DefaultModelsFlag,
    /// Recent model resolutions (workspace rows, access verdicts).
    pub resolved: crate::core::completions::Resolved,
    /// Search indexes of recently searched vector collections.
    pub vectors: crate::core::retrieval::vectors::Cache,
    data_version: AtomicI64,
}

impl Deref for Ctx {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl Ctx {
    /// The shared state over a migrated database: the secret key (read, or
    /// made and saved in the data directory) and the config store.
    pub fn new(cfg: Config, db: Db) -> Result<Ctx> {
        let secret = load_secret(&cfg)?;
        let store = ConfigStore::open(&db, &cfg)?;
        let version = db.data_version()?;
        Ok(Ctx(Arc::new(Inner {
            cfg,
            db,
            store,
            secret,
            sessions: SessionCache::default(),
            hasher: Hasher::default(),
            signin_limiter: SigninLimiter::default(),
            bus: Default::default(),
            http: OnceLock::new(),
            models: Default::default(),
            tasks: Default::default(),
            model_usage: Default::default(),
            viewers: Default::default(),
            chat_messages: Default::default(),
            group_defaults: Default::default(),
            resolved: Default::default(),
            vectors: Default::default(),
            data_version: AtomicI64::new(version),
        })))
    }

    /// Drop caches when any connection (another process included) committed
    /// since the last call.
    pub fn refresh_if_changed(&self) -> Result<bool> {
        let v = self.db.data_version()?;
        if self.data_version.swap(v, Ordering::AcqRel) != v {
            self.db.note_outside_change();
            self.store.reload(&self.db)?;
            self.sessions.clear();
            self.group_defaults.reset();
            return Ok(true);
        }
        Ok(false)
    }

    /// The HTTP client for model providers and other engines. Built on first
    /// use rather than at start-up: a server that has not talked to a
    /// provider yet does not carry the TLS code and root certificates.
    pub fn http(&self) -> &reqwest::Client {
        self.http.get_or_init(http_client)
    }

    /// Run a (blocking) core call off the async worker threads.
    pub async fn blocking<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&Ctx) -> Result<T> + Send + 'static,
    {
        let cx = self.clone();
        tokio::task::spawn_blocking(move || f(&cx))
            .await
            .map_err(Error::internal)?
    }
}

/// The providers' client. Without usable system root certificates (a
/// container with no CA bundle) it still reaches plain-HTTP providers, and
/// HTTPS ones fail with a certificate error instead of owui not starting.
fn http_client() -> reqwest::Client {
    let builder = || {
        reqwest::Client::builder()
            .connect_timeout(std::time::Duration::from_secs(10))
            .pool_idle_timeout(std::time::Duration::from_secs(90))
            .user_agent(concat!("owui/", env!("CARGO_PKG_VERSION")))
            .redirect(same_host_redirects())
    };
    builder().build().unwrap_or_else(|e| {
        tracing::error!("no system root certificates, HTTPS to providers will fail: {e}");
        builder()
            .tls_certs_only(Vec::new())
            .build()
            .unwrap_or_default()
    })
}

/// The redirects a provider call follows: to the same host only (an
/// upgrade from http to https included), at most 10. Every request of a
/// connection carries its key and custom headers; reqwest drops the
/// standard credentials on a redirect to another host, but not custom
/// headers, so another host is never asked at all.
fn same_host_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|a| {
        if a.previous().len() >= 10 {
            return a.error("too many redirects");
        }
        let from = a.previous().last().and_then(|u| u.host_str());
        if from.is_some() && from == a.url().host_str() {
            a.follow()
        } else {
            a.stop()
        }
    })
}

fn load_secret(cfg: &Config) -> Result<Vec<u8>> {
    let given = cfg.get("WEBUI_SECRET_KEY");
    if !given.is_empty() {
        return Ok(given.as_bytes().to_vec());
    }
    let path = cfg.data_dir.join(".webui_secret_key");
    match std::fs::read_to_string(&path) {
        Ok(s) if !s.trim().is_empty() => return Ok(s.trim().as_bytes().to_vec()),
        _ => {}
    }
    use rand::Rng;
    let key: String = rand::rng()
        .sample_iter(rand::distr::Alphanumeric)
        .take(48)
        .map(char::from)
        .collect();
    {
        use std::io::Write;
        use std::os::unix::fs::OpenOptionsExt;
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&path)?;
        f.write_all(key.as_bytes())?;
    }
    Ok(key.into_bytes())
}

/// A context on a fresh temporary data directory, for tests.
pub fn test_ctx() -> (tempfile::TempDir, Ctx) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut cfg = Config::defaults(dir.path());
    cfg.set("WEBUI_SECRET_KEY", "test-secret");
    cfg.set("BCRYPT_ROUNDS", "4");
    let cx = crate::core::startup::open(cfg).expect("open ctx");
    (dir, cx)
}
