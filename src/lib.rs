//! stdalign lines up technical standards from China (GB, GB/T) with those of ASEAN
//! bodies (TISI, TCVN, SNI, MS, SS, PNS) clause by clause.
//!
//! Data flow:
//! 1. [`ingest`] parses a file (NISO/ISO STS XML) into a [`model::Standard`]: metadata,
//!    adoptions of international standards, and clauses keyed by their numbers.
//! 2. [`Engine::ingest`] skips unchanged files by hash, stores clause trees in the
//!    [`index::Store`] and indexes clause text in tantivy ([`index::KeywordIndex`]),
//!    committing both at once.
//! 3. [`Engine::search`] answers queries in any corpus language (Chinese and Thai are
//!    word-segmented, Vietnamese matches without diacritics) with filters.
//! 4. The CLI (`stdalign`) only translates between the terminal and [`Engine`].
//!
//! ```
//! # fn main() -> stdalign::Result<()> {
//! let dir = tempfile::tempdir().unwrap();
//! let file = dir.path().join("gb.xml");
//! std::fs::write(&file, r#"<standard><front><std-meta>
//!   <std-ref type="dated">GB 4706.1-2005</std-ref><content-language>zh</content-language>
//!   </std-meta></front><body>
//!   <sec><label>13.2</label><title>泄漏电流</title><p>Ⅰ类便携式器具：0.75 mA</p></sec>
//! </body></standard>"#).unwrap();
//! let mut engine = stdalign::Engine::open(&dir.path().join("index"))?;
//! engine.ingest(&[file], &mut |_| {})?;
//! let request = stdalign::SearchRequest::new("泄漏电流").with_mode(stdalign::search::Mode::Keyword);
//! let found = engine.search(&request)?;
//! assert_eq!(found.results[0].key, "13.2");
//! # Ok(()) }
//! ```
#![warn(missing_docs)]

pub mod accents;
pub mod align;
pub mod bench;
pub mod cli;
pub mod embed;
mod engine;
pub mod error;
pub mod eval;
#[doc(hidden)]
pub mod fuzzing;
pub mod index;
pub mod ingest;
pub mod model;
pub mod report;
pub mod search;
pub mod server;
pub mod terms;

pub use engine::{
    CHECKPOINT, Engine, FileReport, IngestReport, Ingested, Outcome, PreparedIngest, Progress,
    Storage,
};
pub use error::{Error, Result};
pub use search::{Hit, SearchRequest, SearchResults};
