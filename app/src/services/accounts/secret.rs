//! Secrets handed out (session cookies, set-password links): random, and
//! only their hash is kept.

use base64::Engine;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// A fresh secret handed to the browser (cookie) or to a person (link).
/// Only its hash is stored.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(…)")
    }
}

impl Secret {
    pub(super) fn generate() -> Secret {
        let mut bytes = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut bytes);
        Secret(base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes))
    }

    /// Wraps a secret that came back from a browser or a link.
    pub fn from_presented(value: &str) -> Secret {
        Secret(value.to_owned())
    }

    /// The secret itself, to put in a cookie or a link.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// What the database keeps.
    pub fn hash(&self) -> String {
        sha256_hex("secret", &self.0)
    }
}

pub(super) fn sha256_hex(purpose: &str, value: &str) -> String {
    let digest = Sha256::new().chain_update(purpose).chain_update([0]).chain_update(value).finalize();
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_random_and_only_their_hash_is_kept() {
        let a = Secret::generate();
        let b = Secret::generate();
        assert_ne!(a.expose(), b.expose());
        assert_eq!(a.hash().len(), 64);
        assert_ne!(a.hash(), a.expose());
        assert_eq!(Secret::from_presented(a.expose()).hash(), a.hash());
    }
}
