//! Password hashing on a fixed pool of threads, within a bound, so a flood
//! of sign-ins or registrations is told "busy" rather than queued.

use crate::error::AppError;
use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};

/// Argon2id needs 19 MiB and tens of milliseconds of one core per hash.
/// Hashes run on a fixed set of threads, one per core, fed from a bounded
/// queue: a flood of sign-ins or registrations gets "busy" at once instead
/// of queueing hundreds of hashes. Fixed threads matter as much as the
/// bound: on tokio's elastic blocking pool every burst started new threads,
/// each keeping its own freed 19 MiB in its allocator arena (400 parallel
/// registrations left the server holding 564 MB).
struct Hashing {
    jobs: std::sync::mpsc::Sender<HashJob>,
    /// One place per hash queued or running.
    places: std::sync::Arc<tokio::sync::Semaphore>,
}

type HashJob = Box<dyn FnOnce() + Send + 'static>;

/// Hashes queued per core before "busy": a queued hash holds no memory
/// until it runs, and 256 per core is a few seconds' wait at most.
const MOST_QUEUED_PER_CORE: usize = 256;

static HASHING: std::sync::LazyLock<Hashing> = std::sync::LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let (jobs, queue) = std::sync::mpsc::channel::<HashJob>();
    let queue = std::sync::Arc::new(std::sync::Mutex::new(queue));
    for n in 0..cores {
        let queue = queue.clone();
        let worker = move || loop {
            // Holding the lock only to take the next job.
            let next = queue.lock().map_err(|_| ()).and_then(|q| q.recv().map_err(|_| ()));
            match next {
                Ok(job) => job(),
                Err(()) => return,
            }
        };
        if let Err(error) = std::thread::Builder::new().name(format!("password-hashing-{n}")).spawn(worker) {
            tracing::error!(%error, "could not start a password-hashing thread");
        }
    }
    Hashing { jobs, places: std::sync::Arc::new(tokio::sync::Semaphore::new(cores * MOST_QUEUED_PER_CORE)) }
});

/// Runs one password hash or check on the hashing threads, within the
/// limits above.
async fn with_hashing<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> Result<T, AppError> {
    let Ok(place) = HASHING.places.clone().try_acquire_owned() else {
        tracing::warn!("password hashing queue full: refusing");
        return Err(AppError::Busy);
    };
    let (answer, answered) = tokio::sync::oneshot::channel();
    let job: HashJob = Box::new(move || {
        // The place is held until the work is done, even if the request
        // that queued it has gone, so the bound is honest.
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
        drop(place);
        if let Ok(result) = result {
            let _ = answer.send(result);
        }
    });
    HASHING.jobs.send(job).map_err(|_| AppError::Internal)?;
    answered.await.map_err(|_| AppError::Internal)
}

pub(super) async fn hash_password(password: String) -> Result<String, AppError> {
    with_hashing(move || {
        let salt = SaltString::generate(&mut rand::rngs::OsRng);
        Argon2::default().hash_password(password.as_bytes(), &salt).map(|h| h.to_string())
    })
    .await?
    .map_err(|error| {
        tracing::error!(%error, "password hashing failed");
        AppError::Internal
    })
}

/// A hash of a password nobody has, checked when the account does not exist so
/// a wrong email takes as long as a wrong password.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$5VYCvyp8yiSL8Z/6w4Mh7sKEpVKDqQ0Lq5l0w9E8gCE";

pub(super) async fn password_matches(password: String, hash: Option<String>) -> Result<bool, AppError> {
    with_hashing(move || {
        let stored = hash.as_deref().unwrap_or(DUMMY_HASH);
        let parsed = match PasswordHash::new(stored) {
            Ok(parsed) => parsed,
            Err(_) => return false,
        };
        Argon2::default().verify_password(password.as_bytes(), &parsed).is_ok() && hash.is_some()
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dummy_hash_is_a_valid_argon2id_hash() {
        assert!(PasswordHash::new(DUMMY_HASH).is_ok());
    }
}
