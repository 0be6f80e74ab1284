//! Embedding: texts into vectors, with the engines Open WebUI offers.
//!
//! - `""` (the default): a sentence-transformers BERT model (by default
//!   `sentence-transformers/all-MiniLM-L6-v2`) run in-process (`bert`),
//!   loaded on first use from a local directory or the Hugging Face cache
//!   (`hub`), downloaded once when missing.
//! - `openai`, `ollama`, `azure_openai`: the providers' embedding APIs
//!   (`remote`), in batches, concurrently when asked.

mod bert;
#[cfg(target_arch = "x86_64")]
mod bf16;
#[cfg(target_arch = "x86_64")]
mod fast;
mod hub;
mod remote;
#[doc(hidden)]
pub mod testing;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

pub use bert::Precision;
pub use hub::Hub;

use crate::error::{Error, Result};

/// The model Open WebUI embeds with when nothing else is configured.
pub const DEFAULT_MODEL: &str = "sentence-transformers/all-MiniLM-L6-v2";

/// The embedding settings, filled by callers from the `rag.*` config keys.
#[derive(Debug, Clone, PartialEq)]
pub struct EmbedConfig {
    /// `""` = built-in; `"openai"`, `"ollama"` or `"azure_openai"`.
    pub engine: String,
    /// A hub repository (`ORG/NAME`), a local directory (built-in engine),
    /// or the provider's model (deployment, for Azure).
    pub model: String,
    /// Texts per request to a remote engine (`rag.embedding_batch_size`);
    /// the built-in engine batches by itself.
    pub batch_size: usize,
    /// Send a remote engine's batches concurrently.
    pub async_embedding: bool,
    /// Most requests in flight at once; 0 = unlimited.
    pub concurrent_requests: usize,
    pub openai_url: String,
    pub openai_key: String,
    pub ollama_url: String,
    pub ollama_key: String,
    pub azure_url: String,
    pub azure_key: String,
    pub azure_version: String,
    /// Put in front of queries (`RAG_EMBEDDING_QUERY_PREFIX`).
    pub query_prefix: Option<String>,
    /// Put in front of document chunks (`RAG_EMBEDDING_CONTENT_PREFIX`).
    pub content_prefix: Option<String>,
    /// Send the prefix to remote engines as this JSON field instead of in
    /// front of each text (`RAG_EMBEDDING_PREFIX_FIELD_NAME`).
    pub prefix_field: Option<String>,
}

impl Default for EmbedConfig {
    fn default() -> Self {
        EmbedConfig {
            engine: String::new(),
            model: DEFAULT_MODEL.into(),
            batch_size: 1,
            async_embedding: true,
            concurrent_requests: 0,
            openai_url: "https://api.openai.com/v1".into(),
            openai_key: String::new(),
            ollama_url: "http://localhost:11434".into(),
            ollama_key: String::new(),
            azure_url: String::new(),
            azure_key: String::new(),
            azure_version: String::new(),
            query_prefix: None,
            content_prefix: None,
            prefix_field: None,
        }
    }
}

/// What the texts are: queries and document chunks may get different
/// prefixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Query,
    Content,
}

/// Vectors for `texts`, in order (L2-normalised for the built-in model,
/// whose CPU work runs off the async workers). `progress(done)` is called
/// as texts complete.
pub async fn embed(
    http: &reqwest::Client,
    cfg: &EmbedConfig,
    texts: Vec<String>,
    purpose: Purpose,
    progress: &(dyn Fn(usize) + Send + Sync),
) -> Result<Vec<Vec<f32>>> {
    if texts.is_empty() {
        return Ok(Vec::new());
    }
    let prefix = match purpose {
        Purpose::Query => cfg.query_prefix.as_deref(),
        Purpose::Content => cfg.content_prefix.as_deref(),
    };
    match cfg.engine.as_str() {
        "" => {
            // sentence-transformers' `prompt`: in front of the text.
            let texts = match prefix {
                Some(p) => texts.into_iter().map(|t| format!("{p}{t}")).collect(),
                None => texts,
            };
            let model = local_model(http, &cfg.model).await?;
            let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<usize>();
            let job = tokio::task::spawn_blocking(move || {
                model.embed(&texts, threads(), &|n| {
                    let _ = tx.send(n);
                })
            });
            while let Some(n) = rx.recv().await {
                progress(n);
            }
            job.await
                .map_err(Error::internal)?
                .map_err(|e| Error::Internal(e.context("embedding")))
        }
        "openai" | "ollama" | "azure_openai" => {
            remote::embed(http, cfg, texts, prefix, progress).await
        }
        other => Err(Error::invalid(format!("Unknown embedding engine: {other}"))),
    }
}

/// An embedding failure as an API route reports it (400 with the engine's
/// message, as upstream reports a failed embedding while processing a
/// file): the model could not be fetched or loaded, the engine could not
/// be reached or answered wrongly. The admin's settings are what to fix.
pub fn request_error(e: Error) -> Error {
    match e {
        Error::Internal(e) => Error::invalid(format!("{e:#}")),
        Error::Unreachable(m) | Error::BadAnswer(m) => Error::invalid(m),
        e @ Error::Upstream { .. } => Error::invalid(e.message()),
        e => e,
    }
}

/// Drop the loaded built-in model (after a change of embedding settings);
/// the next `embed` loads what is configured then.
pub fn unload() {
    let old = SLOT.lock().unwrap_or_else(|p| p.into_inner()).take();
    drop(old);
}

/// The vector size `cfg` gives, when known without asking an engine: 384
/// for MiniLM, or the loaded built-in model's size.
pub fn dimensions_hint(cfg: &EmbedConfig) -> Option<usize> {
    if !cfg.engine.is_empty() {
        return None;
    }
    let name = model_name(&cfg.model);
    if let Some(l) = SLOT.lock().unwrap_or_else(|p| p.into_inner()).as_ref()
        && l.name == name
    {
        return Some(l.model.dimensions());
    }
    (name == DEFAULT_MODEL).then_some(384)
}

/// Load the built-in model `model` now (as `embed` would on first use):
/// for a CLI command that wants to report a broken model before work starts.
pub async fn preload(http: &reqwest::Client, model: &str) -> Result<()> {
    local_model(http, model).await.map(|_| ())
}

struct Loaded {
    name: String,
    model: Arc<bert::Model>,
}

static SLOT: Mutex<Option<Loaded>> = Mutex::new(None);
/// One load at a time: concurrent first callers wait for it.
static LOADING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

fn threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
}

/// The configured name as the cache knows it: trimmed, defaulted, bare
/// names under `sentence-transformers/` as upstream resolves them.
fn model_name(model: &str) -> String {
    let m = model.trim();
    if m.is_empty() {
        DEFAULT_MODEL.into()
    } else if !m.contains('/') && !Path::new(m).exists() {
        format!("sentence-transformers/{m}")
    } else {
        m.into()
    }
}

fn loaded(name: &str) -> Option<Arc<bert::Model>> {
    SLOT.lock()
        .unwrap_or_else(|p| p.into_inner())
        .as_ref()
        .filter(|l| l.name == name)
        .map(|l| l.model.clone())
}

async fn local_model(http: &reqwest::Client, model: &str) -> Result<Arc<bert::Model>> {
    let name = model_name(model);
    if let Some(m) = loaded(&name) {
        return Ok(m);
    }
    let _one = LOADING.lock().await;
    if let Some(m) = loaded(&name) {
        return Ok(m);
    }
    let dir = model_dir(http, &name).await?;
    let loaded_model =
        tokio::task::spawn_blocking(move || bert::Model::load(&dir, Precision::best()))
            .await
            .map_err(Error::internal)?
            .map_err(|e| Error::invalid(format!("Embedding model {name}: {e:#}")))?;
    let model = Arc::new(loaded_model);
    *SLOT.lock().unwrap_or_else(|p| p.into_inner()) = Some(Loaded {
        name,
        model: model.clone(),
    });
    Ok(model)
}

/// A local directory, or the hub repository's snapshot in the cache.
async fn model_dir(http: &reqwest::Client, name: &str) -> Result<PathBuf> {
    let path = Path::new(name);
    if path.is_dir() {
        return Ok(path.to_path_buf());
    }
    let looks_local = name.starts_with('/') || name.starts_with('.') || name.starts_with('~');
    let valid_repo = {
        let parts: Vec<&str> = name.split('/').collect();
        parts.len() == 2
            && parts.iter().all(|p| {
                !p.is_empty()
                    && !p.starts_with('.')
                    && p.chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c))
            })
    };
    if looks_local || !valid_repo {
        return Err(Error::invalid(format!(
            "Embedding model {name}: no such directory, and not a Hugging Face model id (ORG/NAME)"
        )));
    }
    Hub::from_env().model_dir(http, name).await
}

/// The built-in engine's model, loaded from a directory and used on the
/// calling thread (for the CLI, tools and benchmarks).
pub struct LocalModel(bert::Model);

impl LocalModel {
    /// Load the sentence-transformers model in `dir`, with the fastest
    /// precision this CPU offers.
    pub fn load(dir: &Path) -> Result<LocalModel> {
        LocalModel::load_with(dir, Precision::best())
    }

    /// Load the model in `dir` with the given precision.
    pub fn load_with(dir: &Path, precision: Precision) -> Result<LocalModel> {
        bert::Model::load(dir, precision)
            .map(LocalModel)
            .map_err(|e| Error::invalid(format!("Embedding model {}: {e:#}", dir.display())))
    }

    /// Vectors for `texts`, in order, using every core.
    pub fn embed(&self, texts: &[String]) -> Result<Vec<Vec<f32>>> {
        self.0
            .embed(texts, threads(), &|_| {})
            .map_err(|e| Error::Internal(e.context("embedding")))
    }

    /// The tokens the model sees for `text` (special tokens included,
    /// after truncation).
    pub fn count_tokens(&self, text: &str) -> Result<usize> {
        self.0
            .tokenize(text)
            .map(|t| t.len())
            .map_err(|e| Error::Internal(e.context("tokenizing")))
    }

    pub fn dimensions(&self) -> usize {
        self.0.dimensions()
    }

    /// The most tokens a text keeps; the rest is cut off.
    pub fn max_seq_length(&self) -> usize {
        self.0.max_seq_length
    }
}
