//! The two indices on the cluster and their documents.
//!
//! `<prefix>-clauses` holds one document per clause. Ranking reads the fields
//! `heading_exact`, `text_exact`, `heading_folded` and `text_folded`: the clause
//! text cut into tokens by this program's own analyser ([`crate::index::text`]) and
//! joined with spaces under a whitespace analyser, so BM25 counts the same terms as
//! the embedded index does and the two back ends rank alike (smartcn or the thai
//! tokenizer cut words differently from jieba and ICU4X, and hybrid fusion is
//! sensitive to the keyword list's order). Beside them, `text_zh` (smartcn),
//! `text_th` (thai), `text_latin` (ICU folding, for vi/id/ms) and `text_en`
//! (english) hold the clause analysed by the cluster, for queries written against
//! the cluster directly (dashboards, other tools). `source` is the sha256 of the
//! file the clause came from: readers keep only clauses whose source is the one the
//! catalogue lists, which is what makes a replacement atomic.
//!
//! `<prefix>-catalogue` holds one document per standard: its metadata (`info`), its
//! clause tree (`standard`), the source hash and the model of its vectors. Both are
//! stored, not indexed: the catalogue is read whole into memory.

use crate::index::keyword::body_terms;
use crate::index::text::analyze;
use crate::model::{Clause, Standard, StandardInfo};
use serde_json::{Value, json};

/// Dimensions of the clause vectors (multilingual-e5-small).
pub const DIMENSION: usize = 384;

/// Shards and replicas of the indices created on first use.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// Primary shards of the clause index (the catalogue has one).
    pub shards: u32,
    /// Copies of each shard on other nodes.
    pub replicas: u32,
}

/// Settings and mappings of the clause index.
pub fn clause_index(layout: Layout) -> Value {
    let pretokenized = json!({"type": "text", "analyzer": "whitespace", "index_options": "freqs"});
    json!({
        "settings": {"index": {
            "number_of_shards": layout.shards,
            "number_of_replicas": layout.replicas,
            "knn": true,
            // Readers filter on every live source hash at once.
            "max_terms_count": 1_000_000,
            "max_result_window": 100_000,
        },
        "analysis": {"analyzer": {
            "thai_text": {"type": "custom", "tokenizer": "thai", "filter": ["lowercase"]},
            "icu_folded": {"type": "custom", "tokenizer": "icu_tokenizer", "filter": ["icu_folding"]},
        }}},
        "mappings": {
            "_source": {"excludes": [
                "heading_exact", "text_exact", "heading_folded", "text_folded",
                "text_zh", "text_th", "text_latin", "text_en",
            ]},
            "properties": {
                "clause_id": {"type": "keyword"},
                "standard": {"type": "keyword"},
                "reference": {"type": "keyword", "index": false},
                "source": {"type": "keyword"},
                "body": {"type": "keyword"},
                "country": {"type": "keyword"},
                "lang": {"type": "keyword"},
                "key": {"type": "keyword"},
                "kind": {"type": "keyword"},
                "heading": {"type": "text", "index": false},
                "text": {"type": "text", "index": false},
                "heading_exact": pretokenized,
                "text_exact": pretokenized,
                "heading_folded": pretokenized,
                "text_folded": pretokenized,
                "text_zh": {"type": "text", "analyzer": "smartcn"},
                "text_th": {"type": "text", "analyzer": "thai_text"},
                "text_latin": {"type": "text", "analyzer": "icu_folded"},
                "text_en": {"type": "text", "analyzer": "english"},
                "embedding": {
                    "type": "knn_vector",
                    "dimension": DIMENSION,
                    "method": {
                        "name": "hnsw",
                        // faiss and nmslib need native libraries; lucene is pure Java.
                        "engine": "lucene",
                        "space_type": "cosinesimil",
                        "parameters": {"m": 16, "ef_construction": 100},
                    },
                },
            },
        },
    })
}

/// The index template of one of our indices: its settings and mappings for the exact
/// name, so that the index is created right by whichever process comes first, and
/// again after it was deleted, and an operator sees in `_index_template` what it is.
pub fn template(index_name: &str, index: &Value) -> Value {
    json!({
        "index_patterns": [index_name],
        "priority": 100,
        "template": index,
        "_meta": {"created_by": "stdalign"},
    })
}

/// Settings and mappings of the catalogue index.
pub fn catalogue_index(layout: Layout) -> Value {
    json!({
        "settings": {"index": {
            "number_of_shards": 1,
            "number_of_replicas": layout.replicas,
        }},
        "mappings": {"properties": {
            "std_id": {"type": "keyword"},
            "sha256": {"type": "keyword"},
            "vector_model": {"type": "keyword"},
            "info": {"type": "object", "enabled": false},
            "standard": {"type": "object", "enabled": false},
        }},
    })
}

/// The index of the one document listing the hidden versions (source shas): those
/// being written, and those replaced or removed whose clauses are being deleted.
pub fn hidden_index(layout: Layout) -> Value {
    json!({
        "settings": {"index": {
            "number_of_shards": 1,
            "number_of_replicas": layout.replicas,
        }},
        "mappings": {"properties": {"shas": {"type": "keyword"}}},
    })
}

/// A clause's document; `vector` when the ingest embedded it.
pub fn clause_doc(info: &StandardInfo, c: &Clause, vector: Option<&[f32]>) -> Value {
    let heading = c.heading.as_deref().unwrap_or("");
    let tokens = |text: &str, fold: bool| {
        analyze(text, fold)
            .into_iter()
            .map(|t| t.text)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut doc = json!({
        "clause_id": c.id(info),
        "standard": info.id,
        "reference": info.reference,
        "source": info.source.sha256,
        "body": body_terms(info),
        "country": info.country.to_lowercase(),
        "lang": c.lang,
        "key": c.key,
        "kind": c.kind.as_str(),
        "heading": heading,
        "text": c.text,
        "heading_exact": tokens(heading, false),
        "text_exact": tokens(&c.text, false),
        "heading_folded": tokens(heading, true),
        "text_folded": tokens(&c.text, true),
    });
    let analysed = match c.lang.as_str() {
        "zh" => "text_zh",
        "th" => "text_th",
        "vi" | "id" | "ms" => "text_latin",
        _ => "text_en",
    };
    doc[analysed] = json!(format!("{heading}\n{}", c.text));
    if let Some(v) = vector {
        doc["embedding"] = json!(v);
    }
    doc
}

/// A standard's catalogue document.
pub fn catalogue_doc(standard: &Standard, vector_model: Option<&str>) -> Value {
    json!({
        "std_id": standard.info.id,
        "sha256": standard.info.source.sha256,
        "vector_model": vector_model,
        "info": standard.info,
        "standard": standard,
    })
}

/// The document id of a clause: its source file and key, so that writing the same
/// version twice (two ingest processes) writes the same documents.
pub fn clause_doc_id(info: &StandardInfo, c: &Clause) -> String {
    format!("{}:{}", info.source.sha256, c.key)
}
