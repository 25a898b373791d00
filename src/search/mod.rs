//! Site search, built at build time from the same `Catalogue` as the pages (SPEC §7): a
//! withheld document is not in it, an on-request document only by its metadata. The index is
//! split into files so the browser fetches only what a query needs:
//!
//! - `search/meta.json` — document count, shard count, and the facet names (columns with
//!   their parents, issuers, attributes, document types);
//! - `search/t/<n>.bin` — term shards: each term (a Han bigram, a Latin word or digits, or
//!   `=` + an index/document number key) in the shard its FNV-1a hash picks, with its
//!   postings (document, weight);
//! - `search/facets.bin` — per document: column, issuer, date, attribute, type (about a byte
//!   a document: combinations and date runs, see `index::facets`), for filters, counts and
//!   date sorting;
//! - `search/d/<n>.json` — the result lines (title, link, number, date, snippet), four
//!   documents a file, fetched only for the results shown.
//!
//! The format is read by `themes/default/static/search.js`; `docs/search.md` describes it.

mod encode;
pub mod index;
mod postings;
mod scratch;
pub mod tokenize;
mod weights;

pub use index::write_index;

/// The files and folders the index is written to (the search page itself is a page).
pub use crate::site_map::SEARCH_FILES as FILES;
