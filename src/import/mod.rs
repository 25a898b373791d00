//! `gongkai import` (SPEC §13): Word files and pages saved from an old portal read into what
//! a document is made of — fields with where each came from, a body, attachments, images.
//! `docx.rs` and `portal.rs` read; `gongwen.rs` knows a 公文's parts; `blocks.rs` writes
//! Markdown; `plan.rs` resolves against site.toml and decides what is written. The command
//! (`cmd/import.rs`) prints and writes.

pub mod blocks;
pub mod docx;
pub mod gongwen;
pub mod plan;
pub mod portal;

use crate::frontmatter::Field;
use blocks::Block;
use std::path::PathBuf;

/// A field read from the file, and where in the file it was found.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub field: Field,
    /// One value; several for `keywords`.
    pub values: Vec<String>,
    pub from: String,
}

/// A line of the file that `model::notes::note` reads as a note or a mark, and where it stands
/// (`附注`, `版头第 1 段`, `第 12 段`).
#[derive(Debug, Clone, PartialEq)]
pub struct Marked {
    pub note: crate::model::notes::Note,
    pub line: String,
    pub from: String,
}

/// What one file said.
#[derive(Debug, Default)]
pub struct Imported {
    pub fields: Vec<Found>,
    pub blocks: Vec<Block>,
    /// Attachments named in the file (a 公文's 附件说明), to be found beside it.
    pub attachment_names: Vec<String>,
    pub attachments_from: String,
    /// Attachments the file links to that are on disk: (name to publish under, path).
    pub attachment_files: Vec<(String, PathBuf)>,
    /// Images: (the name in the body, bytes).
    pub images: Vec<(String, Vec<u8>)>,
    /// The footnotes and endnotes the body cites, numbered from 1 (`blocks::note_mark`).
    pub footnotes: Vec<String>,
    /// A 落款 line that names no issuer of the site.
    pub unknown_issuer: Option<String>,
    /// Lines that say whether the file may be published, or that it may not enter the
    /// catalogue at all: notes such as （此件不予公开） and 密级 or 内部 marks (SPEC §15).
    pub notes: Vec<Marked>,
    /// What was left out, for the report: 版头, 版记, navigation.
    pub dropped: Vec<String>,
}

impl Imported {
    pub fn found(&mut self, field: Field, value: String, from: String) {
        let value = blocks::without_note_marks(&value);
        if value.trim().is_empty() || self.get(field).is_some() {
            return;
        }
        self.fields.push(Found {
            field,
            values: vec![value.trim().to_string()],
            from,
        });
    }

    pub fn keywords(&mut self, values: Vec<String>, from: String) {
        if self.get(Field::Keywords).is_none() {
            self.fields.push(Found {
                field: Field::Keywords,
                values,
                from,
            });
        }
    }

    pub fn get(&self, field: Field) -> Option<&Found> {
        self.fields.iter().find(|f| f.field == field)
    }

    pub fn value(&self, field: Field) -> Option<&str> {
        self.get(field)
            .and_then(|f| f.values.first())
            .map(String::as_str)
    }
}
