//! argon2id (the signing password's hash and the key that seals the private key) costs 19 MiB
//! and tens of milliseconds of a core per call. It runs on blocking threads, at most one per
//! core at once; a bounded number of requests may wait for a turn, and the rest are answered
//! `busy` (503 with `Retry-After`) at once instead of piling up memory and latency.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::Semaphore;

use crate::error::AppError;

#[derive(Clone)]
pub struct HashingQueue {
    workers: Arc<Semaphore>,
    admitted: Arc<AtomicUsize>,
    completed: Arc<AtomicUsize>,
    capacity: usize,
}

/// A place in the queue: held from before a password attempt is counted until its check ran,
/// so that a full queue never costs the person a try.
pub struct Admission {
    queue: HashingQueue,
}

impl HashingQueue {
    /// `workers` argon2 runs at once (0: one per core), and up to `waiting` more requests wait.
    pub fn new(workers: usize, waiting: usize) -> HashingQueue {
        let workers = if workers == 0 {
            std::thread::available_parallelism().map_or(2, |cores| cores.get())
        } else {
            workers
        };
        HashingQueue {
            workers: Arc::new(Semaphore::new(workers)),
            admitted: Arc::new(AtomicUsize::new(0)),
            completed: Arc::new(AtomicUsize::new(0)),
            capacity: workers + waiting,
        }
    }

    /// A place in the queue, or `busy` when it is full.
    pub fn admit(&self) -> Result<Admission, AppError> {
        let admitted = self.admitted.fetch_add(1, Ordering::SeqCst);
        let admission = Admission {
            queue: self.clone(),
        };
        if admitted >= self.capacity {
            // Dropping the admission gives the place back.
            return Err(AppError::Busy);
        }
        Ok(admission)
    }

    /// Admits and runs `work` in one go.
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        self.admit()?.run(work).await
    }

    /// argon2 runs finished since the start (the password guesses actually checked).
    pub fn completed(&self) -> usize {
        self.completed.load(Ordering::SeqCst)
    }

    /// Requests admitted and not yet done (running or waiting).
    pub fn depth(&self) -> usize {
        self.admitted.load(Ordering::SeqCst)
    }
}

impl Admission {
    /// Waits for a free worker, then runs `work` on a blocking thread.
    pub async fn run<T: Send + 'static>(
        self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, AppError> {
        let permit = self
            .queue
            .workers
            .clone()
            .acquire_owned()
            .await
            .map_err(anyhow::Error::from)?;
        let result = tokio::task::spawn_blocking(move || {
            let _permit = permit;
            work()
        })
        .await
        .map_err(anyhow::Error::from)?;
        self.queue.completed.fetch_add(1, Ordering::SeqCst);
        Ok(result)
    }
}

impl Drop for Admission {
    fn drop(&mut self) {
        self.queue.admitted.fetch_sub(1, Ordering::SeqCst);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_full_queue_answers_busy_and_frees_its_places() {
        let queue = HashingQueue::new(1, 1);
        let first = queue.admit().unwrap();
        let second = queue.admit().unwrap();
        assert!(matches!(queue.admit(), Err(AppError::Busy)));
        assert_eq!(queue.depth(), 2);
        assert_eq!(first.run(|| 1).await.unwrap(), 1);
        drop(second);
        assert_eq!(queue.depth(), 0);
        assert_eq!(queue.run(|| 2).await.unwrap(), 2);
    }
}
