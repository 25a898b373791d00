//! The text layer of a PDF, by lopdf: a third-party parser over a format that nests and
//! refers without end, so it runs only in the child process (`child.rs`), under limits.

use super::office::join_line;
use super::{Place, Text};
use std::path::Path;

/// Most text taken from one page of a PDF.
pub(super) const MAX_XML_BYTES: u64 = 64 << 20;

/// The text layer of each page of a PDF, as `第3页`. A PDF with pages and no
/// text at all is a scan (image only): it reads as no pieces.
pub(super) fn pages(path: &Path) -> Result<Text, String> {
    let doc = lopdf::Document::load(path).map_err(|_| "不是有效的 PDF，或已损坏".to_string())?;
    if doc.is_encrypted() {
        return Err("PDF 已加密".into());
    }
    let mut out = Text::default();
    for n in doc.get_pages().into_keys() {
        let text = doc
            .extract_text_with_limit(&[n], MAX_XML_BYTES as usize)
            .unwrap_or_default();
        // One piece a page: a word or a number wrapped onto the next line is still whole
        // (lines of Chinese join directly, Latin words with a space).
        let mut page = String::new();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            join_line(&mut page, line);
        }
        if !page.is_empty() {
            out.push(Place::Page(n), &page);
        }
    }
    Ok(out)
}
