//! The password-hashing pool: threads at a lower CPU priority than the
//! request workers, so a burst of sign-ins does not stall other requests.

use std::sync::{Arc, Mutex, OnceLock, mpsc};

use crate::error::{Error, Result};

type Job = Box<dyn FnOnce() + Send>;

/// The hashing threads, started on first use.
#[derive(Default)]
pub struct Hasher {
    tx: OnceLock<mpsc::Sender<Job>>,
}

impl Hasher {
    fn sender(&self) -> &mpsc::Sender<Job> {
        self.tx.get_or_init(|| {
            let (tx, rx) = mpsc::channel::<Job>();
            let rx = Arc::new(Mutex::new(rx));
            let n = std::thread::available_parallelism()
                .map(|n| n.get().saturating_sub(1))
                .unwrap_or(1)
                .max(1);
            for i in 0..n {
                let rx = rx.clone();
                let spawned = std::thread::Builder::new()
                    .name(format!("owui-hash-{i}"))
                    .spawn(move || {
                        // SAFETY: setpriority on the calling thread (Linux: who = 0).
                        unsafe {
                            libc::setpriority(libc::PRIO_PROCESS, 0, 10);
                        }
                        loop {
                            let job = match rx.lock().unwrap_or_else(|p| p.into_inner()).recv() {
                                Ok(job) => job,
                                Err(_) => return,
                            };
                            // a job that panics fails alone; the thread
                            // stays for the next one
                            let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(job));
                        }
                    });
                // without any thread, `run` fails (the receiver is gone)
                if let Err(e) = spawned {
                    tracing::error!("cannot start a hashing thread: {e}");
                }
            }
            tx
        })
    }

    /// Run `f` on a hashing thread and wait for its result; an error when
    /// no thread could run it or `f` panicked.
    pub fn run<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> Result<T> {
        let (rtx, rrx) = mpsc::sync_channel(1);
        let job: Job = Box::new(move || {
            let _ = rtx.send(f());
        });
        let failed = |what: &str| Error::internal(anyhow::anyhow!("password hashing: {what}"));
        self.sender()
            .send(job)
            .map_err(|_| failed("no hashing thread"))?;
        rrx.recv().map_err(|_| failed("the hashing job failed"))
    }
}
