//! The password-hashing pool: threads at a lower CPU priority than the
//! request workers, so a burst of sign-ins does not stall other requests.
//!
//! The queue in front of the threads is bounded: when it is full a new job
//! is refused at once (`Error::RateLimited`) instead of waiting behind
//! every other one. Async callers wait for their result without holding a
//! thread ([`Hasher::run_async`]); a job that panics is reported to its
//! caller as an internal error and the thread goes on with the next one.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock, mpsc};

use crate::error::{Error, Result, msg};

type Job = Box<dyn FnOnce() + Send>;

/// Jobs that may wait for a hashing thread, per thread.
const QUEUED_PER_THREAD: usize = 8;

/// The hashing threads, started on first use.
#[derive(Default)]
pub struct Hasher {
    tx: OnceLock<mpsc::SyncSender<Job>>,
    /// Jobs queued and not yet started.
    waiting: Arc<AtomicUsize>,
    /// A hash of a password nobody has, checked when an account has none
    /// (unknown email), so that such a sign-in takes as long as any other.
    /// Made on a hashing thread on first use.
    pub(super) placeholder: Arc<OnceLock<String>>,
}

/// How many hashing threads run: all cores but one, at least one.
fn threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get().saturating_sub(1))
        .unwrap_or(1)
        .max(1)
}

impl Hasher {
    /// How many jobs may wait for a thread before new ones are refused.
    pub fn queue_bound() -> usize {
        QUEUED_PER_THREAD * threads()
    }

    /// Whether a job queued now would be refused: a caller can refuse
    /// before doing the work that leads to one.
    pub fn is_full(&self) -> bool {
        self.waiting.load(Ordering::Relaxed) >= Self::queue_bound()
    }

    fn sender(&self) -> &mpsc::SyncSender<Job> {
        self.tx.get_or_init(|| {
            let (tx, rx) = mpsc::sync_channel::<Job>(Self::queue_bound());
            let rx = Arc::new(Mutex::new(rx));
            for i in 0..threads() {
                let rx = rx.clone();
                let waiting = self.waiting.clone();
                std::thread::Builder::new()
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
                            waiting.fetch_sub(1, Ordering::Relaxed);
                            // the job's result channel is dropped while
                            // unwinding: its caller learns of the failure
                            if catch_unwind(AssertUnwindSafe(job)).is_err() {
                                tracing::error!("a password hashing job panicked");
                            }
                        }
                    })
                    .expect("spawn hashing thread");
            }
            tx
        })
    }

    /// Queue a job; refused when the queue is full.
    fn submit(&self, job: Job) -> Result<()> {
        let sender = self.sender();
        self.waiting.fetch_add(1, Ordering::Relaxed);
        sender.try_send(job).map_err(|e| {
            self.waiting.fetch_sub(1, Ordering::Relaxed);
            match e {
                mpsc::TrySendError::Full(_) => Error::RateLimited(msg::RATE_LIMIT_EXCEEDED.into()),
                mpsc::TrySendError::Disconnected(_) => {
                    Error::internal(anyhow::anyhow!("the hashing threads are gone"))
                }
            }
        })
    }

    /// Run `f` on a hashing thread and wait for its result, blocking the
    /// calling thread (for callers already off the async workers).
    pub fn run<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> Result<T> {
        let (rtx, rrx) = mpsc::sync_channel(1);
        self.submit(Box::new(move || {
            let _ = rtx.send(f());
        }))?;
        rrx.recv().map_err(|_| failed())
    }

    /// Run `f` on a hashing thread; the caller's task waits without
    /// holding a thread.
    pub async fn run_async<T: Send + 'static>(
        &self,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T> {
        let (rtx, rrx) = tokio::sync::oneshot::channel();
        self.submit(Box::new(move || {
            let _ = rtx.send(f());
        }))?;
        rrx.await.map_err(|_| failed())
    }
}

fn failed() -> Error {
    Error::internal(anyhow::anyhow!("a password hashing job failed"))
}
