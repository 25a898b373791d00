//! An attachment as a document lists it and the disk holds it, a person's review of one, and
//! how a listed path is found.

use crate::source::attachments::{AttachmentError, Found};
use std::path::PathBuf;

/// An attachment listed in front matter and found on disk (or an image a body shows).
#[derive(Debug, Clone)]
pub struct Attachment {
    /// The path as the editor wrote it.
    pub written: String,
    /// Its path from the site root (`content/jyj/2026/附件1.pdf`), as links name it.
    pub rel: String,
    /// File name used beside the document's page.
    pub file_name: String,
    /// Where it is on disk.
    pub source: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
    /// A person's review of it, as recorded by `gongkai review` (SPEC §15).
    pub review: Option<Review>,
}

/// Who vouched for a file the guard cannot read completely, and for which bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// `2026-12-01 王五`.
    pub by: String,
    /// The SHA-256 of the file as reviewed, in lower-case hex.
    pub sha256: String,
}

/// Resolves an attachment path (document folder relative to `content/`, path as written).
pub type Resolver<'a> = dyn Fn(&str, &str) -> Result<Found, AttachmentError> + Sync + 'a;
