//! Work that takes a lot of memory on purpose: password hashes (argon2, ~19 MiB each) and
//! unlocking signing keys (scrypt, 32–128 MiB each). Each runs off the async threads and only
//! while its memory fits in one budget for the whole process, sized from the memory the
//! machine has; the rest wait their turn (first come, first served). Hundreds of logins or
//! passphrases at once then queue instead of exhausting memory.

use std::sync::LazyLock;
use tokio::sync::Semaphore;

/// An argon2 hash or check with the default parameters (m = 19 MiB), rounded up.
pub const PASSWORD_MIB: u32 = 20;
/// Opening or sealing a signing key: scrypt N = 2^17, r = 8 uses 128 MiB (older keys less).
pub const KEY_MIB: u32 = 130;

/// Memory for this work at once, in MiB, with its bounds.
#[derive(Debug)]
pub struct Budget {
    mib: u32,
    permits: Semaphore,
}

impl Budget {
    pub fn new(mib: u32) -> Budget {
        let mib = mib.max(KEY_MIB);
        Budget { mib, permits: Semaphore::new(mib as usize) }
    }

    /// An eighth of the memory available when the process started, between 256 MiB and 2 GiB.
    fn from_machine() -> Budget {
        let available = std::fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|m| {
                m.lines()
                    .find(|l| l.starts_with("MemAvailable:"))
                    .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<u64>().ok()))
            })
            .map(|kb| kb / 1024)
            .unwrap_or(2048);
        let mib = (available / 8).clamp(256, 2048) as u32;
        tracing::info!(mib, "memory for password and key work at once");
        Budget::new(mib)
    }

    pub fn mib(&self) -> u32 {
        self.mib
    }

    /// Runs `work` on a blocking thread once `mib` of the budget is free.
    pub async fn run<T: Send + 'static>(&self, mib: u32, work: impl FnOnce() -> T + Send + 'static) -> T {
        let _held = self.permits.acquire_many(mib.min(self.mib)).await.expect("the budget is never closed");
        match tokio::task::spawn_blocking(work).await {
            Ok(v) => v,
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        }
    }
}

static BUDGET: LazyLock<Budget> = LazyLock::new(Budget::from_machine);

/// Runs `work` (needing `mib` of memory) within the process' budget.
pub async fn run<T: Send + 'static>(mib: u32, work: impl FnOnce() -> T + Send + 'static) -> T {
    BUDGET.run(mib, work).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn work_at_once_never_needs_more_than_the_budget() {
        let budget = Arc::new(Budget::new(KEY_MIB + 2 * PASSWORD_MIB));
        let (now, most) = (Arc::new(AtomicU32::new(0)), Arc::new(AtomicU32::new(0)));
        let tasks = (0..40).map(|i| {
            let (budget, now, most) = (budget.clone(), now.clone(), most.clone());
            let mib = if i % 10 == 0 { KEY_MIB } else { PASSWORD_MIB };
            tokio::spawn(async move {
                budget
                    .run(mib, move || {
                        let using = now.fetch_add(mib, Ordering::SeqCst) + mib;
                        most.fetch_max(using, Ordering::SeqCst);
                        std::thread::sleep(std::time::Duration::from_millis(5));
                        now.fetch_sub(mib, Ordering::SeqCst);
                    })
                    .await
            })
        });
        for t in futures::future::join_all(tasks).await {
            t.unwrap();
        }
        let most = most.load(Ordering::SeqCst);
        assert!(most <= budget.mib(), "{most} MiB at once, budget {}", budget.mib());
        assert!(most > PASSWORD_MIB, "work did run side by side: {most}");
    }
}
