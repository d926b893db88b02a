//! Where ingested standards live, behind one interface ([`Backend`]): the embedded
//! index ([`embedded`]: the [`store`] of catalogue and clause files, the [`keyword`]
//! index and the [`vector`] graphs in one folder, committed under one generation)
//! or an OpenSearch cluster ([`opensearch`]).

pub mod backend;
pub mod catalogue;
pub mod embed_cache;
pub mod embedded;
pub mod flat_graph;
pub mod keyword;
pub mod opensearch;
pub mod store;
pub mod text;
pub mod vector;

pub use backend::{Backend, Health};
pub use catalogue::Catalogue;
pub use embedded::EmbeddedBackend;
pub use keyword::{Filter, KeywordHit, KeywordIndex};
pub use opensearch::OpenSearchBackend;
pub use store::Store;
pub use vector::VectorIndex;
