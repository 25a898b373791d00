//! gongkai: a static site generator for government information-disclosure catalogues.
//!
//! The pipeline, one module per stage: `source` (disk → text) → `frontmatter` (YAML) →
//! `model` (validated documents, visibility) → `render` (pages) / `export` (feed, sitemap,
//! open data) → `output` (staging, leak guard, atomic swap). `pipeline` strings them
//! together; `cmd` holds one file per command. See docs/ARCHITECTURE.md.

// Diagnostics travel in `Err` only on the cold path of a failed file; boxing them would cost
// clarity for no measurable gain.
#![allow(clippy::result_large_err)]

pub mod annual;
pub mod cli;
pub mod cmd;
pub mod config;
pub mod date;
pub mod diag;
pub mod escape;
pub mod export;
pub mod frontmatter;
pub mod hash;
pub mod import;
pub mod links;
pub mod markdown;
pub mod matching;
pub mod model;
pub mod output;
pub mod pipeline;
pub mod register;
pub mod render;
pub mod rules;
pub mod search;
pub mod security;
pub mod serve;
pub mod site_map;
pub mod source;
pub mod stats;
pub mod varint;
