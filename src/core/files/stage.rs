//! Upload bytes on their way in: written to a temporary file inside the
//! upload directory as they arrive (never whole in memory), hashed on the
//! way, and counted against the size limit.

use std::io::Write;
use std::path::Path;

use sha2::{Digest, Sha256};
use tempfile::NamedTempFile;

use crate::core::Ctx;
use crate::error::Result;

/// Receives the bytes of one upload.
pub struct Stager {
    tmp: NamedTempFile,
    hasher: Sha256,
    size: u64,
    limit: Option<u64>,
}

/// A finished upload, not yet a file: `files::upload` keeps it or drops it
/// (dropping deletes the temporary file).
pub struct Staged {
    tmp: NamedTempFile,
    size: u64,
    sha256: String,
    too_large: bool,
}

impl Stager {
    /// A stager held to `rag.file.max_size`.
    pub fn new(cx: &Ctx) -> Result<Stager> {
        let dir = super::upload_dir(cx);
        std::fs::create_dir_all(&dir)?;
        Ok(Stager {
            tmp: tempfile::Builder::new()
                .prefix(".upload-")
                .tempfile_in(&dir)?,
            hasher: Sha256::new(),
            size: 0,
            limit: super::max_upload_bytes(cx),
        })
    }

    /// Take the next chunk. Past the size limit the bytes are counted but
    /// no longer written.
    pub fn push(&mut self, chunk: &[u8]) -> Result<()> {
        self.size += chunk.len() as u64;
        if self.limit.is_some_and(|l| self.size > l) {
            return Ok(());
        }
        self.hasher.update(chunk);
        self.tmp.write_all(chunk)?;
        Ok(())
    }

    pub fn finish(mut self) -> Result<Staged> {
        self.tmp.flush()?;
        let too_large = self.limit.is_some_and(|l| self.size > l);
        Ok(Staged {
            tmp: self.tmp,
            size: self.size,
            sha256: format!("{:x}", self.hasher.finalize()),
            too_large,
        })
    }
}

impl Staged {
    pub fn size(&self) -> u64 {
        self.size
    }

    /// SHA-256 (hex) of the bytes.
    pub fn sha256(&self) -> &str {
        &self.sha256
    }

    pub fn too_large(&self) -> bool {
        self.too_large
    }

    /// Move the bytes to `path` (never replacing an existing file); on
    /// failure the staged bytes come back.
    pub(super) fn persist(self, path: &Path) -> std::result::Result<(), (std::io::Error, Staged)> {
        let Staged {
            tmp,
            size,
            sha256,
            too_large,
        } = self;
        tmp.persist_noclobber(path).map(|_| ()).map_err(|e| {
            (
                e.error,
                Staged {
                    tmp: e.file,
                    size,
                    sha256,
                    too_large,
                },
            )
        })
    }
}
