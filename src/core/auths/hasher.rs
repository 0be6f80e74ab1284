//! The password-hashing pool: threads at a lower CPU priority than the
//! request workers, so a burst of sign-ins does not stall other requests.

use std::sync::{Arc, Mutex, OnceLock, mpsc};

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
                            job();
                        }
                    })
                    .expect("spawn hashing thread");
            }
            tx
        })
    }

    /// Run `f` on a hashing thread and wait for its result.
    pub fn run<T: Send + 'static>(&self, f: impl FnOnce() -> T + Send + 'static) -> T {
        let (rtx, rrx) = mpsc::sync_channel(1);
        let job: Job = Box::new(move || {
            let _ = rtx.send(f());
        });
        if self.sender().send(job).is_err() {
            panic!("hashing threads are gone");
        }
        rrx.recv().expect("hashing thread died")
    }
}
