//! Where rendered and exported files go: the one trait every writer of the output takes, so
//! that the pages, the exports and the search index need not know which output they fill
//! (a build's staging folder, or `serve`'s live folder).

use crate::diag::Diagnostic;
use std::path::Path;

/// Where rendered files go. Implemented by the output stage; called from many threads.
pub trait Sink: Sync {
    /// Takes the bytes by value: a page is moved to the writer, never copied.
    fn write(&self, rel: &str, bytes: Vec<u8>) -> Result<(), Diagnostic>;
    /// A page whose bytes in `body` are a document's published HTML, which the quotation
    /// rules have read already with the guard's own reader (`security::quoting`): the guard
    /// may read the rest only.
    fn write_page(
        &self,
        rel: &str,
        bytes: Vec<u8>,
        body: std::ops::Range<usize>,
    ) -> Result<(), Diagnostic> {
        let _ = body;
        self.write(rel, bytes)
    }
    fn copy(&self, rel: &str, from: &Path) -> Result<(), Diagnostic>;
    /// A file an earlier round wrote that stays as it is, unwritten this time (`serve`
    /// renders only what a change touched). A sink that keeps nothing between rounds ignores
    /// it.
    fn keep(&self, rel: &str) {
        let _ = rel;
    }
    /// Every file an earlier round wrote under one of `prefixes` stays as it is.
    fn keep_all_of(&self, prefixes: &[&str]) {
        let _ = prefixes;
    }
}
