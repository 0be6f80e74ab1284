//! Upload bytes on their way in: written to a temporary file inside the
//! upload directory as they arrive (never whole in memory, with async
//! file I/O), hashed on the way, and held to the size limit and the disk
//! reserve as they come: the first byte over either ends the upload and
//! removes what was written.

use std::path::Path;

use sha2::{Digest, Sha256};
use tempfile::TempPath;
use tokio::io::AsyncWriteExt;

use crate::core::Ctx;
use crate::error::Result;

/// How many bytes may be written between two checks of the free space.
const SPACE_CHECK_EVERY: u64 = 8 * 1024 * 1024;

/// Receives the bytes of one upload.
pub struct Stager {
    file: tokio::fs::File,
    path: TempPath,
    hasher: Sha256,
    size: u64,
    limit: Option<super::Limit>,
    dir: std::path::PathBuf,
    reserve: u64,
    unchecked: u64,
}

/// A finished upload, not yet a file: `files::upload` keeps it or drops it
/// (dropping deletes the temporary file).
pub struct Staged {
    path: TempPath,
    size: u64,
    sha256: String,
}

fn temp_in(dir: &Path) -> Result<(std::fs::File, TempPath)> {
    std::fs::create_dir_all(dir)?;
    Ok(tempfile::Builder::new()
        .prefix(".upload-")
        .tempfile_in(dir)?
        .into_parts())
}

impl Stager {
    /// A stager held to the upload limit ([`super::upload_limit`]) and the
    /// disk reserve; `announced` is the size the client said is coming
    /// (refused at once when it cannot fit).
    pub async fn new(cx: &Ctx, announced: Option<u64>) -> Result<Stager> {
        Self::with_limit(cx, super::upload_limit(cx), announced).await
    }

    /// A stager held to `limit` (none: no limit) and the disk reserve.
    pub async fn with_limit(
        cx: &Ctx,
        limit: Option<super::Limit>,
        announced: Option<u64>,
    ) -> Result<Stager> {
        if let (Some(l), Some(n)) = (&limit, announced)
            && n > l.bytes
        {
            return Err(l.error());
        }
        let dir = super::upload_dir(cx);
        let reserve = super::disk_reserve(cx);
        let d = dir.clone();
        let (file, path) = tokio::task::spawn_blocking(move || {
            super::check_space(&d, reserve, announced.unwrap_or(0))?;
            temp_in(&d)
        })
        .await
        .map_err(crate::error::Error::internal)??;
        Ok(Stager {
            file: tokio::fs::File::from_std(file),
            path,
            hasher: Sha256::new(),
            size: 0,
            limit,
            dir,
            reserve,
            unchecked: 0,
        })
    }

    /// Take the next chunk; past the size limit, or when the disk is down
    /// to its reserve, the upload is refused (dropping the stager removes
    /// the bytes written so far).
    pub async fn push(&mut self, chunk: &[u8]) -> Result<()> {
        self.size += chunk.len() as u64;
        if let Some(l) = &self.limit
            && self.size > l.bytes
        {
            return Err(l.error());
        }
        self.unchecked += chunk.len() as u64;
        if self.unchecked >= SPACE_CHECK_EVERY {
            self.unchecked = 0;
            let (dir, reserve, n) = (self.dir.clone(), self.reserve, chunk.len() as u64);
            tokio::task::spawn_blocking(move || super::check_space(&dir, reserve, n))
                .await
                .map_err(crate::error::Error::internal)??;
        }
        self.hasher.update(chunk);
        self.file.write_all(chunk).await?;
        Ok(())
    }

    pub async fn finish(mut self) -> Result<Staged> {
        self.file.flush().await?;
        Ok(Staged {
            path: self.path,
            size: self.size,
            sha256: format!("{:x}", self.hasher.finalize()),
        })
    }
}

impl Staged {
    /// Bytes the core already holds (a model's background image), held to
    /// the same limit and reserve as an upload.
    pub fn from_bytes(cx: &Ctx, bytes: &[u8]) -> Result<Staged> {
        use std::io::Write;
        if let Some(l) = super::upload_limit(cx)
            && bytes.len() as u64 > l.bytes
        {
            return Err(l.error());
        }
        let dir = super::upload_dir(cx);
        super::check_space(&dir, super::disk_reserve(cx), bytes.len() as u64)?;
        let (mut file, path) = temp_in(&dir)?;
        file.write_all(bytes)?;
        Ok(Staged {
            path,
            size: bytes.len() as u64,
            sha256: format!("{:x}", Sha256::digest(bytes)),
        })
    }

    /// The bytes of a local file (`owui files upload`), copied in pieces
    /// (never whole in memory) and held to the same limit and reserve as
    /// an upload: the first byte over either ends the copy and removes
    /// what was written.
    pub fn from_file(cx: &Ctx, file: &Path) -> Result<Staged> {
        use std::io::{Read, Write};
        let mut src = std::fs::File::open(file)?;
        let announced = src.metadata()?.len();
        let limit = super::upload_limit(cx);
        if let Some(l) = &limit
            && announced > l.bytes
        {
            return Err(l.error());
        }
        let dir = super::upload_dir(cx);
        let reserve = super::disk_reserve(cx);
        super::check_space(&dir, reserve, announced)?;
        let (mut out, path) = temp_in(&dir)?;
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        let mut unchecked = 0u64;
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            let n = match src.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e.into()),
            };
            size += n as u64;
            if let Some(l) = &limit
                && size > l.bytes
            {
                return Err(l.error());
            }
            unchecked += n as u64;
            if unchecked >= SPACE_CHECK_EVERY {
                unchecked = 0;
                super::check_space(&dir, reserve, n as u64)?;
            }
            hasher.update(&buf[..n]);
            out.write_all(&buf[..n])?;
        }
        out.flush()?;
        Ok(Staged {
            path,
            size,
            sha256: format!("{:x}", hasher.finalize()),
        })
    }

    pub fn size(&self) -> u64 {
        self.size
    }

    /// Where the bytes are (removed when this is dropped).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// SHA-256 (hex) of the bytes.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    /// Move the bytes to `path` (never replacing an existing file); on
    /// failure the staged bytes come back.
    pub(super) fn persist(self, path: &Path) -> std::result::Result<(), (std::io::Error, Staged)> {
        let Staged {
            path: tmp,
            size,
            sha256,
        } = self;
        tmp.persist_noclobber(path).map(|_| ()).map_err(|e| {
            (
                e.error,
                Staged {
                    path: e.path,
                    size,
                    sha256,
                },
            )
        })
    }
}
