//! Models from the Hugging Face hub, kept in its cache layout
//! (`models--ORG--NAME/{blobs,refs/main,snapshots/REV/FILE}`) so owui and
//! Python tools share one copy.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use tokio::io::AsyncWriteExt;

use crate::error::{Error, Result};

/// Files a sentence-transformers model cannot work without.
pub const REQUIRED: [&str; 3] = ["config.json", "tokenizer.json", "model.safetensors"];
/// Files read when the model has them.
pub const OPTIONAL: [&str; 3] = [
    "modules.json",
    "sentence_bert_config.json",
    "1_Pooling/config.json",
];

/// Where models come from and go to, as the `huggingface_hub` library
/// reads it from the environment.
#[derive(Debug, Clone)]
pub struct Hub {
    /// `HF_ENDPOINT`, default `https://huggingface.co`.
    pub endpoint: String,
    /// `HF_HUB_CACHE`, else `$HF_HOME/hub`, else `~/.cache/huggingface/hub`.
    pub cache: PathBuf,
    /// `HF_TOKEN`, sent as a bearer token.
    pub token: Option<String>,
    /// `HF_HUB_OFFLINE=1`: never download.
    pub offline: bool,
}

impl Hub {
    pub fn from_env() -> Hub {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let cache = var("HF_HUB_CACHE").map(PathBuf::from).unwrap_or_else(|| {
            var("HF_HOME")
                .map(PathBuf::from)
                .unwrap_or_else(|| {
                    let home = var("HOME").map(PathBuf::from).unwrap_or_else(|| ".".into());
                    home.join(".cache").join("huggingface")
                })
                .join("hub")
        });
        Hub {
            endpoint: var("HF_ENDPOINT").unwrap_or_else(|| "https://huggingface.co".into()),
            cache,
            token: var("HF_TOKEN"),
            offline: var("HF_HUB_OFFLINE").is_some_and(|v| {
                matches!(v.to_ascii_lowercase().as_str(), "1" | "true" | "yes" | "on")
            }),
        }
    }

    fn repo_dir(&self, repo: &str) -> PathBuf {
        self.cache
            .join(format!("models--{}", repo.replace('/', "--")))
    }

    /// The snapshot directory of `repo` holding at least the required
    /// files, downloading what is missing (unless offline).
    pub async fn model_dir(&self, http: &reqwest::Client, repo: &str) -> Result<PathBuf> {
        let root = self.repo_dir(repo);
        if let Some(snap) = cached(&root)
            && REQUIRED.iter().all(|f| snap.join(f).is_file())
        {
            return Ok(snap);
        }
        if self.offline {
            let snap = cached(&root);
            let missing = REQUIRED
                .iter()
                .find(|f| snap.as_ref().is_none_or(|s| !s.join(f).is_file()))
                .unwrap_or(&REQUIRED[0]);
            return Err(Error::invalid(format!(
                "Embedding model {repo}: {missing} is not in the Hugging Face cache ({}) and \
                 HF_HUB_OFFLINE=1 forbids downloading it. Download the model once with \
                 HF_HUB_OFFLINE unset, or set RAG_EMBEDDING_MODEL to a local directory holding it.",
                root.display()
            )));
        }
        self.download(http, repo, &root).await
    }

    async fn download(&self, http: &reqwest::Client, repo: &str, root: &Path) -> Result<PathBuf> {
        let mut commit: Option<String> = None;
        let mut files: Vec<String> = REQUIRED
            .iter()
            .chain(OPTIONAL.iter())
            .map(|f| f.to_string())
            .collect();
        let mut i = 0;
        while i < files.len() {
            let file = files[i].clone();
            i += 1;
            let rev = commit.clone().unwrap_or_else(|| "main".into());
            if commit.is_some() && root.join("snapshots").join(&rev).join(&file).is_file() {
                continue;
            }
            let url = format!(
                "{}/{repo}/resolve/{rev}/{file}",
                self.endpoint.trim_end_matches('/')
            );
            let mut req = http.get(&url);
            if let Some(t) = &self.token {
                req = req.bearer_auth(t);
            }
            let mut r = req
                .send()
                .await
                .map_err(|e| Error::Unreachable(format!("Downloading {url}: {e}")))?;
            let required = REQUIRED.contains(&file.as_str());
            if r.status() == reqwest::StatusCode::NOT_FOUND && !required {
                continue;
            }
            if !r.status().is_success() {
                return Err(Error::Unreachable(format!(
                    "Downloading embedding model {repo}: {url} answered {}",
                    r.status()
                )));
            }
            if commit.is_none() {
                let c = r
                    .headers()
                    .get("x-repo-commit")
                    .and_then(|v| v.to_str().ok())
                    .filter(|c| !c.is_empty() && c.chars().all(|ch| ch.is_ascii_alphanumeric()))
                    .unwrap_or("main")
                    .to_string();
                commit = Some(c);
            }
            let snap = root
                .join("snapshots")
                .join(commit.as_deref().unwrap_or("main"));
            let blobs = root.join("blobs");
            tokio::fs::create_dir_all(&blobs).await?;
            // Stream into a temporary blob, name it by its sha256, link it.
            let tmp = blobs.join(format!("{}.incomplete", uuid::Uuid::new_v4().simple()));
            let mut out = tokio::fs::File::create(&tmp).await?;
            let mut hash = Sha256::new();
            let body_err =
                |e: reqwest::Error| Error::Unreachable(format!("Downloading {url}: {e}"));
            while let Some(chunk) = r.chunk().await.map_err(body_err)? {
                hash.update(&chunk);
                out.write_all(&chunk).await?;
            }
            out.flush().await?;
            out.sync_all().await?;
            drop(out);
            let sha: String = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
            let blob = blobs.join(&sha);
            tokio::fs::rename(&tmp, &blob).await?;
            let link = snap.join(&file);
            if let Some(parent) = link.parent() {
                tokio::fs::create_dir_all(parent).await?;
            }
            let depth = file.matches('/').count() + 2;
            let target: PathBuf = std::iter::repeat_n("..", depth)
                .collect::<PathBuf>()
                .join("blobs")
                .join(&sha);
            let _ = tokio::fs::remove_file(&link).await;
            link_or_copy(&target, &blob, &link).await?;
            // modules.json may name another folder for the pooling settings.
            if file == "modules.json"
                && let Ok(text) = tokio::fs::read_to_string(&link).await
                && let Ok(mods) = serde_json::from_str::<Vec<serde_json::Value>>(&text)
            {
                for m in mods {
                    let kind = m.get("type").and_then(|t| t.as_str()).unwrap_or("");
                    let path = m.get("path").and_then(|t| t.as_str()).unwrap_or("");
                    let safe = !path.is_empty()
                        && path
                            .chars()
                            .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
                        && !path.starts_with('.');
                    if kind.ends_with("models.Pooling") && safe {
                        let f = format!("{path}/config.json");
                        if !files.contains(&f) {
                            files.push(f);
                        }
                    }
                }
            }
        }
        let commit = commit.unwrap_or_else(|| "main".into());
        tokio::fs::create_dir_all(root.join("refs")).await?;
        tokio::fs::write(root.join("refs").join("main"), &commit).await?;
        Ok(root.join("snapshots").join(commit))
    }
}

/// The snapshot `refs/main` points at, if any.
fn cached(root: &Path) -> Option<PathBuf> {
    let commit = std::fs::read_to_string(root.join("refs").join("main")).ok()?;
    let commit = commit.trim();
    (!commit.is_empty()).then(|| root.join("snapshots").join(commit))
}

#[cfg(unix)]
async fn link_or_copy(target: &Path, _blob: &Path, link: &Path) -> Result<()> {
    tokio::fs::symlink(target, link).await?;
    Ok(())
}

#[cfg(not(unix))]
async fn link_or_copy(_target: &Path, blob: &Path, link: &Path) -> Result<()> {
    tokio::fs::copy(blob, link).await?;
    Ok(())
}
