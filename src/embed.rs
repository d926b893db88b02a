//! Strings in, vectors out. [`Embedder`] is the seam: the real implementation runs
//! multilingual-e5 through fastembed on an ONNX Runtime loaded from a path (nothing
//! is downloaded), and [`HashEmbedder`] gives deterministic vectors for tests.
//!
//! e5 models expect `"query: "` before queries and `"passage: "` before documents,
//! mean pooling and L2 normalisation. Each text is its own inference: an int8 model
//! quantises its activations over the whole batch, so in a batch a text's vector
//! would shift with the texts beside it (cosine 0.995–0.997), and an alignment would
//! change with what else was ingested at the same time. Texts longer than the
//! model's window are split into windows whose vectors are averaged.

use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

/// Characters per window for scripts without spaces (about one token per character).
const WINDOW_DENSE: usize = 450;
/// Characters per window for Latin-script text (about four characters per token).
const WINDOW_LATIN: usize = 1500;

/// Why embeddings are unavailable or failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The ONNX Runtime shared library is not where it was expected.
    #[error("ONNX Runtime not found at {0}: run scripts/setup-models.sh (or set ORT_DYLIB_PATH)")]
    RuntimeMissing(PathBuf),
    /// The runtime library exists but could not be loaded.
    #[error("cannot load ONNX Runtime from {path}: {reason}")]
    RuntimeLoad {
        /// The library.
        path: PathBuf,
        /// What the loader said.
        reason: String,
    },
    /// A model file is missing.
    #[error(
        "embedding model file {0} not found: run scripts/setup-models.sh (or pass --model-dir)"
    )]
    ModelMissing(PathBuf),
    /// The model could not be loaded.
    #[error("cannot load the embedding model from {path}: {reason}")]
    ModelLoad {
        /// The model folder.
        path: PathBuf,
        /// What fastembed said.
        reason: String,
    },
    /// Inference failed.
    #[error("embedding failed: {0}")]
    Inference(String),
}

/// Turns texts into unit vectors.
pub trait Embedder: Send + Sync {
    /// Identifies the model; cached vectors are keyed by it.
    fn model_id(&self) -> &str;
    /// Vectors for documents (clauses).
    fn embed_passages(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, Error>;
    /// Vectors for queries.
    fn embed_queries(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, Error>;
    /// What `text` costs to embed, in the model's tokens where it has a tokenizer
    /// (characters mislead: Chinese is about one token per character, Latin script
    /// about four); the bench reports it beside the embedding rate.
    fn tokens(&self, text: &str) -> usize {
        text.chars().count()
    }
}

/// Where the runtime and the model are.
#[derive(Debug, Clone)]
pub struct ModelPaths {
    /// `libonnxruntime.so`.
    pub runtime: PathBuf,
    /// A fastembed-compatible ONNX model folder (model file plus tokenizer files).
    pub model_dir: PathBuf,
}

/// Model files tried in order: the fused int8 model is the fastest; any folder with
/// a plain `model.onnx` (e.g. multilingual-e5-base, bge-m3 exports) works too.
const MODEL_FILES: &[&str] = &["model_fused_int8.onnx", "model_int8.onnx", "model.onnx"];

/// multilingual-e5 (or any mean-pooled ONNX text encoder) through fastembed.
pub struct FastEmbedder {
    model: Mutex<fastembed::TextEmbedding>,
    id: String,
    prefixes: bool,
    queries: Mutex<QueryCache>,
}

/// Query vectors recently computed. A search UI asks for the same query again for
/// every page and filter change, and inference is most of a hybrid query's cost.
/// Oldest entries go first once `QUERY_CACHE` queries are held (about 1.5 kB each).
#[derive(Default)]
struct QueryCache {
    vectors: HashMap<String, Vec<f32>>,
    order: VecDeque<String>,
}

const QUERY_CACHE: usize = 4096;

impl QueryCache {
    fn insert(&mut self, query: &str, vector: Vec<f32>) {
        if self.vectors.contains_key(query) {
            return;
        }
        if self.order.len() >= QUERY_CACHE
            && let Some(oldest) = self.order.pop_front()
        {
            self.vectors.remove(&oldest);
        }
        self.order.push_back(query.to_string());
        self.vectors.insert(query.to_string(), vector);
    }
}

impl FastEmbedder {
    /// Loads the runtime (once per process) and the model (the fastest file the
    /// folder has).
    pub fn load(paths: &ModelPaths) -> Result<FastEmbedder, Error> {
        let file = MODEL_FILES
            .iter()
            .find(|f| paths.model_dir.join(f).exists())
            .ok_or_else(|| Error::ModelMissing(paths.model_dir.join(MODEL_FILES[0])))?;
        FastEmbedder::load_file(paths, file)
    }

    /// Loads a given model file of the folder (e.g. `model.onnx`, the fp32 model).
    pub fn load_file(paths: &ModelPaths, file_name: &str) -> Result<FastEmbedder, Error> {
        init_runtime(&paths.runtime)?;
        let dir = &paths.model_dir;
        let file = dir.join(file_name);
        let read = |name: &str| -> Result<Vec<u8>, Error> {
            let p = dir.join(name);
            std::fs::read(&p).map_err(|_| Error::ModelMissing(p))
        };
        let tokenizer = fastembed::TokenizerFiles {
            tokenizer_file: read("tokenizer.json")?,
            config_file: read("config.json")?,
            special_tokens_map_file: read("special_tokens_map.json")?,
            tokenizer_config_file: read("tokenizer_config.json")?,
        };
        let onnx = std::fs::read(&file).map_err(|_| Error::ModelMissing(file.clone()))?;
        let model = fastembed::UserDefinedEmbeddingModel::new(onnx, tokenizer)
            .with_pooling(fastembed::Pooling::Mean);
        // ONNX Runtime's worker threads spin between operators (fast) and, by
        // default, for a while after each inference too, holding a core that a
        // query's keyword and vector searches (run right after embedding it) need on
        // a small machine: they stop when an inference returns.
        let options = fastembed::InitOptionsUserDefined::new()
            .with_max_length(512)
            .with_session_config("session.force_spinning_stop", "1");
        let embedding = fastembed::TextEmbedding::try_new_from_user_defined(model, options)
            .map_err(|e| Error::ModelLoad {
                path: dir.clone(),
                reason: e.to_string(),
            })?;
        let dir_name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let file_name = file
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(FastEmbedder {
            model: Mutex::new(embedding),
            prefixes: dir_name.contains("e5"),
            // `/1`: one text per inference; vectors cached by earlier builds, which
            // batched texts, are not reused.
            id: format!("{dir_name}/{file_name}/1"),
            queries: Mutex::default(),
        })
    }

    /// Drops the cached query vectors, so the next queries run inference (what a
    /// benchmark of query latency must measure).
    pub fn forget_queries(&self) {
        let mut cache = self.queries.lock().unwrap_or_else(|p| p.into_inner());
        *cache = QueryCache::default();
    }

    fn embed(&self, prefix: &str, texts: &[&str]) -> Result<Vec<Vec<f32>>, Error> {
        // Windows of every text, each remembering its text, embedded one at a time
        // (see the module note: the same text always gets the same vector).
        let mut windows: Vec<(usize, String)> = Vec::new();
        for (i, t) in texts.iter().enumerate() {
            for w in split_windows(t) {
                let w = if self.prefixes {
                    format!("{prefix}{w}")
                } else {
                    w.to_string()
                };
                windows.push((i, w));
            }
        }
        let mut vectors: Vec<Vec<f32>> = Vec::with_capacity(windows.len());
        for (_, w) in &windows {
            // A poisoned lock only means another thread panicked mid-inference; the
            // model itself holds no partial state.
            let mut model = self.model.lock().unwrap_or_else(|p| p.into_inner());
            let out = model
                .embed([w.as_str()], Some(1))
                .map_err(|e| Error::Inference(e.to_string()))?;
            vectors.extend(out);
        }
        let mut result: Vec<Vec<f32>> = vec![Vec::new(); texts.len()];
        let mut counts = vec![0usize; texts.len()];
        for ((i, _), v) in windows.iter().zip(vectors) {
            if result[*i].is_empty() {
                result[*i] = v;
            } else {
                for (a, b) in result[*i].iter_mut().zip(v) {
                    *a += b;
                }
            }
            counts[*i] += 1;
        }
        for (v, n) in result.iter_mut().zip(counts) {
            if n > 1 {
                normalize(v);
            }
        }
        Ok(result)
    }
}

impl Embedder for FastEmbedder {
    fn model_id(&self) -> &str {
        &self.id
    }

    fn tokens(&self, text: &str) -> usize {
        let model = self.model.lock().unwrap_or_else(|p| p.into_inner());
        token_count(&model, text)
    }

    fn embed_passages(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, Error> {
        self.embed("passage: ", texts)
    }

    fn embed_queries(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, Error> {
        // Cached vectors are exact copies: the cache changes speed, never results.
        let cached: Vec<Option<Vec<f32>>> = {
            let cache = self.queries.lock().unwrap_or_else(|p| p.into_inner());
            texts
                .iter()
                .map(|t| cache.vectors.get(*t).cloned())
                .collect()
        };
        let missing: Vec<&str> = texts
            .iter()
            .zip(&cached)
            .filter(|(_, c)| c.is_none())
            .map(|(t, _)| *t)
            .collect();
        let fresh = if missing.is_empty() {
            Vec::new()
        } else {
            self.embed("query: ", &missing)?
        };
        let mut fresh = fresh.into_iter();
        let mut cache = self.queries.lock().unwrap_or_else(|p| p.into_inner());
        Ok(texts
            .iter()
            .zip(cached)
            .map(|(t, c)| {
                c.unwrap_or_else(|| {
                    let v = fresh.next().unwrap_or_default();
                    cache.insert(t, v.clone());
                    v
                })
            })
            .collect())
    }
}

/// Tokens of `text` as the model sees it (characters if the tokenizer refuses it).
fn token_count(model: &fastembed::TextEmbedding, text: &str) -> usize {
    model
        .tokenizer
        .encode(text, true)
        .map(|e| e.len())
        .unwrap_or_else(|_| text.chars().count())
}

/// Loads ONNX Runtime from `path` once per process. ort panics when the library is
/// missing, so the path is checked first.
fn init_runtime(path: &Path) -> Result<(), Error> {
    static RUNTIME: OnceLock<Result<(), String>> = OnceLock::new();
    if !path.exists() {
        return Err(Error::RuntimeMissing(path.to_path_buf()));
    }
    // Only load the library: fastembed creates the environment itself, and ORT
    // allows one environment per process.
    let result = RUNTIME.get_or_init(|| ort::init_from(path).map(drop).map_err(|e| e.to_string()));
    result.clone().map_err(|reason| Error::RuntimeLoad {
        path: path.to_path_buf(),
        reason,
    })
}

/// Splits a long text into windows the model can read whole, at line breaks where
/// possible. Short texts come back as one window.
pub fn split_windows(text: &str) -> Vec<&str> {
    let latin = text.chars().filter(|c| c.is_ascii()).count() * 2 > text.chars().count();
    let max = if latin { WINDOW_LATIN } else { WINDOW_DENSE };
    if text.chars().count() <= max {
        return vec![text];
    }
    let mut windows = Vec::new();
    let mut start = 0;
    let mut count = 0;
    let mut last_break = None;
    for (i, c) in text.char_indices() {
        count += 1;
        if c == '\n' {
            last_break = Some(i);
        }
        if count >= max {
            let cut = last_break
                .filter(|&b| b > start)
                .map(|b| b + 1)
                .unwrap_or(i + c.len_utf8());
            windows.push(&text[start..cut]);
            start = cut;
            let end = i + c.len_utf8();
            count = if start < end {
                text[start..end].chars().count()
            } else {
                0
            };
            last_break = None;
        }
    }
    if start < text.len() && !text[start..].trim().is_empty() {
        windows.push(&text[start..]);
    }
    windows
}

/// Dot product (the cosine of two unit vectors): the inner loop of vector search,
/// graph building and alignment. Eight independent lanes let the compiler use SIMD
/// (a plain `sum()` must add in order and stays scalar); where the CPU has AVX2 the
/// same loop is compiled for its 256-bit registers.
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    dot_dispatch(a, b)
}

/// The mean of some vectors, summed in the order given (empty for none).
pub fn mean<'a>(vectors: impl Iterator<Item = &'a [f32]>) -> Vec<f32> {
    let mut sum: Vec<f32> = Vec::new();
    let mut n = 0usize;
    for v in vectors {
        if sum.is_empty() {
            sum.resize(v.len(), 0.0);
        }
        sum.iter_mut().zip(v).for_each(|(s, x)| *s += x);
        n += 1;
    }
    sum.iter_mut().for_each(|x| *x /= n.max(1) as f32);
    sum
}

/// `v − mean` as a unit vector: `v` relative to a mean it shares with its kind (the
/// texts of one language, of one standard). `None` when `v` is the mean.
pub fn centred(v: &[f32], mean: &[f32]) -> Option<Vec<f32>> {
    let mut out: Vec<f32> = v.iter().zip(mean).map(|(a, b)| a - b).collect();
    let norm = dot(&out, &out).sqrt();
    (norm > f32::EPSILON).then(|| {
        out.iter_mut().for_each(|x| *x /= norm);
        out
    })
}

/// Dot product of a float vector with int8 codes (vector search over quantised
/// points: a quarter of the memory to read per point).
pub fn dot_i8(a: &[f32], codes: &[i8]) -> f32 {
    dot_dispatch(a, codes)
}

#[inline(always)]
fn dot_dispatch<T: Copy + Into<f32>>(a: &[f32], b: &[T]) -> f32 {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the CPU supports AVX2, the feature `dot_avx2` is compiled for.
        return unsafe { dot_avx2(a, b) };
    }
    dot_lanes(a, b)
}

#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx2")]
fn dot_avx2<T: Copy + Into<f32>>(a: &[f32], b: &[T]) -> f32 {
    dot_lanes(a, b)
}

#[inline(always)]
fn dot_lanes<T: Copy + Into<f32>>(a: &[f32], b: &[T]) -> f32 {
    let mut lanes = [0.0f32; 16];
    let (ca, cb) = (a.chunks_exact(16), b.chunks_exact(16));
    let tail: f32 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, &y)| x * y.into())
        .sum();
    for (x, y) in ca.zip(cb) {
        for k in 0..16 {
            lanes[k] += x[k] * y[k].into();
        }
    }
    lanes.iter().sum::<f32>() + tail
}

/// Scales a vector to unit length (zero vectors stay zero).
pub fn normalize(v: &mut [f32]) {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|x| *x /= norm);
    }
}

/// Deterministic embeddings from hashed character trigrams: texts that share
/// characters get similar vectors. For tests of vector storage, fusion and caching
/// without the model; it knows nothing across languages.
pub struct HashEmbedder {
    /// Vector length.
    pub dim: usize,
}

impl HashEmbedder {
    fn vector(&self, text: &str) -> Vec<f32> {
        let chars: Vec<char> = text.to_lowercase().chars().collect();
        let mut v = vec![0.0f32; self.dim];
        for w in chars.windows(3.min(chars.len().max(1))) {
            let mut h: u64 = 0xcbf29ce484222325;
            for c in w {
                h ^= *c as u64;
                h = h.wrapping_mul(0x100000001b3);
            }
            v[(h % self.dim as u64) as usize] += 1.0;
        }
        normalize(&mut v);
        v
    }
}

impl Embedder for HashEmbedder {
    fn model_id(&self) -> &str {
        "hash-trigram"
    }

    fn embed_passages(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, Error> {
        Ok(texts.iter().map(|t| self.vector(t)).collect())
    }

    fn embed_queries(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>, Error> {
        self.embed_passages(texts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_cache_forgets_its_oldest_entries_first() {
        let mut cache = QueryCache::default();
        for i in 0..=QUERY_CACHE {
            cache.insert(&format!("q{i}"), vec![i as f32]);
        }
        cache.insert("q5", vec![-1.0]); // already held: kept as first computed
        assert_eq!(cache.vectors.len(), QUERY_CACHE);
        assert!(!cache.vectors.contains_key("q0"));
        assert_eq!(cache.vectors["q1"], vec![1.0]);
        assert_eq!(cache.vectors["q5"], vec![5.0]);
        assert_eq!(
            cache.vectors[&format!("q{QUERY_CACHE}")],
            vec![QUERY_CACHE as f32]
        );
    }

    #[test]
    fn dot_equals_the_plain_sum_at_every_length() {
        for len in [0, 1, 7, 15, 16, 17, 383, 384, 1024] {
            let a: Vec<f32> = (0..len)
                .map(|i| ((i * 7 % 11) as f32 - 5.0) / 3.0)
                .collect();
            let b: Vec<f32> = (0..len)
                .map(|i| ((i * 5 % 13) as f32 - 6.0) / 4.0)
                .collect();
            let plain: f64 = a.iter().zip(&b).map(|(x, y)| (x * y) as f64).sum();
            let fast = dot(&a, &b) as f64;
            assert!(
                (fast - plain).abs() <= 1e-4 * plain.abs().max(1.0),
                "{len}: {fast} vs {plain}"
            );
            let codes: Vec<i8> = (0..len).map(|i| (i * 37 % 255) as i8).collect();
            let plain: f64 = a
                .iter()
                .zip(&codes)
                .map(|(x, &c)| *x as f64 * c as f64)
                .sum();
            let fast = dot_i8(&a, &codes) as f64;
            assert!(
                (fast - plain).abs() <= 1e-4 * plain.abs().max(1.0),
                "{len} (int8): {fast} vs {plain}"
            );
        }
    }

    #[test]
    fn long_texts_split_into_windows_at_line_breaks() {
        let line = "泄漏电流不应超过0.75 mA。".repeat(10);
        let text = [line.as_str(); 6].join("\n");
        let windows = split_windows(&text);
        assert_eq!(
            windows.len(),
            3,
            "two lines of about 180 characters per window"
        );
        assert!(windows.iter().all(|w| w.chars().count() <= WINDOW_DENSE));
        assert_eq!(windows.concat(), text, "windows cover the text exactly");
        assert_eq!(split_windows("short"), ["short"]);
    }

    #[test]
    fn missing_runtime_is_an_error_naming_the_install_command() {
        let err = FastEmbedder::load(&ModelPaths {
            runtime: PathBuf::from("/nonexistent/libonnxruntime.so"),
            model_dir: PathBuf::from("/nonexistent/model"),
        })
        .err()
        .expect("no runtime there");
        assert!(err.to_string().contains("scripts/setup-models.sh"), "{err}");
    }

    #[test]
    fn hash_embeddings_are_unit_and_deterministic() {
        let e = HashEmbedder { dim: 64 };
        let a = e
            .embed_passages(&["leakage current", "leakage current", "glow wire"])
            .unwrap();
        assert_eq!(a[0], a[1]);
        let dot: f32 = a[0].iter().zip(&a[2]).map(|(x, y)| x * y).sum();
        assert!(dot < 0.99);
        assert!((a[0].iter().map(|x| x * x).sum::<f32>() - 1.0).abs() < 1e-5);
    }
}
