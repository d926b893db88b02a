//! Embeddings already computed, keyed by (model id, text hash), so re-ingesting
//! unchanged text costs no inference. One append-only file per model: a header
//! (`SAEC1`, dimension) then fixed-size records (16-byte key, little-endian f32s).
//! Appends are synced before the commit that relies on them; a torn last record
//! (crash mid-append) is ignored on load.

use crate::{Error, Result};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

const MAGIC: &[u8; 5] = b"SAEC1";

/// Cache key of a text under a model.
pub type Key = [u8; 16];

/// Computes the key of `text` embedded by `model`.
pub fn key(model: &str, text: &str) -> Key {
    let mut h = Sha256::new();
    h.update(model.as_bytes());
    h.update([0]);
    h.update(text.as_bytes());
    let digest = h.finalize();
    let mut k = [0u8; 16];
    k.copy_from_slice(&digest[..16]);
    k
}

/// The cache of one model.
pub struct EmbeddingCache {
    path: PathBuf,
    dim: Option<usize>,
    map: HashMap<Key, Vec<f32>>,
    pending: Vec<Key>,
}

impl EmbeddingCache {
    /// Opens (or starts) the cache file of `model` in `dir`.
    pub fn open(dir: &Path, model: &str) -> Result<EmbeddingCache> {
        let safe: String = model
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' || c == '.' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let path = dir.join(format!("cache-{safe}.bin"));
        let mut cache = EmbeddingCache {
            path: path.clone(),
            dim: None,
            map: HashMap::new(),
            pending: Vec::new(),
        };
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(cache),
            Err(e) => return Err(Error::io(&path, e)),
        };
        if bytes.len() < 9 || &bytes[..5] != MAGIC {
            // An unreadable cache is only lost work: start over.
            tracing::warn!("ignoring unreadable embedding cache {}", path.display());
            return Ok(cache);
        }
        let dim = u32::from_le_bytes([bytes[5], bytes[6], bytes[7], bytes[8]]) as usize;
        let record = 16 + dim * 4;
        for r in bytes[9..].chunks_exact(record) {
            let mut k = [0u8; 16];
            k.copy_from_slice(&r[..16]);
            let v = r[16..]
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect();
            cache.map.insert(k, v);
        }
        cache.dim = Some(dim);
        Ok(cache)
    }

    /// The cached vector of a key.
    pub fn get(&self, key: &Key) -> Option<&Vec<f32>> {
        self.map.get(key)
    }

    /// Adds a vector (written on [`flush`](Self::flush)).
    pub fn insert(&mut self, key: Key, vector: Vec<f32>) {
        if self.dim.is_none() {
            self.dim = Some(vector.len());
        }
        if self.dim == Some(vector.len()) && self.map.insert(key, vector).is_none() {
            self.pending.push(key);
        }
    }

    /// Number of cached vectors.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// Appends new vectors to the file and syncs it.
    pub fn flush(&mut self) -> Result<()> {
        let Some(dim) = self.dim else { return Ok(()) };
        if self.pending.is_empty() {
            return Ok(());
        }
        let io = |e| Error::io(&self.path, e);
        let fresh = !self.path.exists();
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(io)?;
        let mut buf = Vec::new();
        if fresh {
            buf.extend_from_slice(MAGIC);
            buf.extend_from_slice(&(dim as u32).to_le_bytes());
        }
        for k in &self.pending {
            buf.extend_from_slice(k);
            for x in &self.map[k] {
                buf.extend_from_slice(&x.to_le_bytes());
            }
        }
        file.write_all(&buf).map_err(io)?;
        file.sync_all().map_err(io)?;
        self.pending.clear();
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vectors_survive_reopening_and_a_torn_record_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let mut c = EmbeddingCache::open(dir.path(), "e5/int8").unwrap();
        c.insert(key("e5/int8", "a"), vec![1.0, 0.0]);
        c.insert(key("e5/int8", "b"), vec![0.0, 1.0]);
        c.flush().unwrap();
        let path = dir.path().join("cache-e5_int8.bin");
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.extend_from_slice(&[7; 10]);
        std::fs::write(&path, bytes).unwrap();
        let c = EmbeddingCache::open(dir.path(), "e5/int8").unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(c.get(&key("e5/int8", "b")), Some(&vec![0.0, 1.0]));
        assert_ne!(key("e5/int8", "a"), key("other", "a"));
    }
}
