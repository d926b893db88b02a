//! Integration tests through the public API and the `stdalign` binary.
//! Modules: STS parsing of third-party fixtures and the shipped corpus, bad inputs,
//! the index lifecycle, search quality, the CLI contracts, the alignment gold,
//! the HTTP API, and the web UI in headless Chromium.

mod align;
mod bad_input;
mod browser;
mod cli;
mod common;
mod corpus;
mod gold;
mod index;
mod pdf;
mod real_pdf;
mod search;
mod semantic;
mod server;
mod sts_fixtures;
mod vectors;
