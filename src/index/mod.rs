//! Where ingested standards live: the [`store`] (catalogue and clause files, the
//! record of truth) and the [`keyword`] index (tantivy, for BM25 search), kept in
//! step by committing both under one generation number.

pub mod embed_cache;
pub mod flat_graph;
pub mod keyword;
pub mod store;
pub mod text;
pub mod vector;

pub use keyword::{Filter, KeywordHit, KeywordIndex};
pub use store::Store;
pub use vector::VectorIndex;
