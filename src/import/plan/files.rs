//! The files an imported document brings beside it: its images, named after it, and its
//! attachments (those a portal page links to, and those a 公文 names found beside it).

use super::super::Imported;
use super::super::blocks::Block;
use super::{Draft, Extra, Known, extension};
use crate::frontmatter::Field;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Where an imported document goes: the file it came from, its folder under content/ and
/// its file's stem.
pub(super) struct Place<'a> {
    pub(super) source: &'a Path,
    pub(super) dir: &'a str,
    pub(super) stem: &'a str,
}

/// The images beside the document, named after it (`012-图1.png`); the body's image blocks
/// point at the new names.
pub(super) fn images(
    imported: &mut Imported,
    place: &Place,
    d: &mut Draft,
) -> Vec<(String, Extra)> {
    let (dir, stem) = (place.dir, place.stem);
    let mut extras: Vec<(String, Extra)> = Vec::new();
    let mut renamed = std::collections::HashMap::new();
    for (n, (name, bytes)) in std::mem::take(&mut imported.images).into_iter().enumerate() {
        let ext = extension(Path::new(&name));
        let ext = if ext.is_empty() { "png".into() } else { ext };
        let file = format!("{stem}-图{}.{ext}", n + 1);
        renamed.insert(name, file.clone());
        extras.push((format!("{dir}/{file}"), Extra::Bytes(bytes)));
    }
    for block in &mut imported.blocks {
        if let Block::Image { file, alt } = block {
            if let Some(new) = renamed.get(file.as_str()) {
                *file = new.clone();
            }
            if alt.is_empty() {
                d.notes.push(format!(
                    "图片 {file} 在原文件中没有替代文字：请在正文中补上（image-alt）"
                ));
            }
        }
    }
    extras
}

/// The attachments, added to `extras` and to the fields; returns the reviews recorded for
/// an old portal's public files (published name, SHA-256).
pub(super) fn attachments(
    imported: &mut Imported,
    place: &Place,
    known: &Known,
    portal_public: bool,
    extras: &mut Vec<(String, Extra)>,
    d: &mut Draft,
) -> Vec<(String, String)> {
    let (source, dir, stem) = (place.source, place.dir, place.stem);
    let mut attachments: Vec<String> = Vec::new();
    let mut wanted = std::mem::take(&mut imported.attachment_files);
    for name in &imported.attachment_names {
        match beside(source, name) {
            Some(p) => {
                let ext = extension(&p);
                wanted.push((format!("{name}.{ext}"), p));
            }
            None => d.notes.push(format!(
                "附件《{name}》在 {} 旁没有同名文件：把它放进文件夹后重新导入，或手工加入 attachments",
                source.file_name().map_or(String::new(), |n| n.to_string_lossy().into_owned())
            )),
        }
    }
    // SPEC §15: the attachments of a page the old portal published were public already; one
    // the guard cannot read completely (an encrypted PDF) is recorded as reviewed by that
    // fact, with its SHA-256, so that the office need not vouch for its archive file by file.
    let mut reviews: Vec<(String, String)> = Vec::new();
    for (name, path) in wanted {
        if portal_public
            && let Ok(bytes) = std::fs::read(&path)
            && let Err(u) = crate::source::extract::complete::read(
                &name,
                &bytes,
                Some(&crate::matching::matcher::CharSet::default()),
                &mut |_| {},
            )
            && !u.is_limit()
        {
            d.notes.push(format!(
                "附件 {name} {}：旧网站已公开，记录为已审核（{OLD_PORTAL}）",
                u.reason()
            ));
            reviews.push((
                name.clone(),
                crate::security::files::hex(&crate::security::files::sha256(&bytes)),
            ));
        }
        let mut publish = name.clone();
        let clash = |p: &str| {
            let rel = format!("{dir}/{p}");
            known.taken.contains(&rel) || known.files.iter().any(|f| f.rel == rel)
        };
        if clash(&publish) || attachments.contains(&publish) {
            publish = format!("{stem}-{name}");
        }
        extras.push((format!("{dir}/{publish}"), Extra::Copy(path)));
        if let Some(r) = reviews.iter_mut().find(|(n, _)| *n == name) {
            r.0 = publish.clone();
        }
        attachments.push(publish);
    }
    if !attachments.is_empty() {
        let from = if imported.attachments_from.is_empty() {
            "页面中的附件链接".to_string()
        } else {
            imported.attachments_from.clone()
        };
        d.lines
            .push((Field::Attachments, attachments.join("、"), from));
    }
    reviews
}

/// A file stem in `dir` taken by nothing: `012`, else `012-2` ….
pub(super) fn free_stem(
    taken: &HashSet<String>,
    dir: &str,
    seq: u64,
    exists: impl Fn(&str) -> bool,
) -> String {
    let mut n = 1;
    loop {
        let stem = if n == 1 {
            format!("{seq:03}")
        } else {
            format!("{seq:03}-{n}")
        };
        let rel = format!("{dir}/{stem}.md");
        if !taken.contains(&rel) && !exists(&rel) {
            return stem;
        }
        n += 1;
    }
}

/// Who vouches for an old portal's public attachment: the portal published it (SPEC §15).
pub const OLD_PORTAL: &str = "旧网站已公开";

/// A folder beside the Word files that holds their attachments (not imported as documents).
pub const ATTACHMENT_FOLDER: &str = "附件";

/// The file beside `source` (or in the 附件 folder there) that a 附件说明 names: the same
/// name with any extension, or ending with it (`附件1 名称`).
fn beside(source: &Path, name: &str) -> Option<PathBuf> {
    let folder = source.parent()?;
    let mut found: Vec<PathBuf> = [folder.to_path_buf(), folder.join(ATTACHMENT_FOLDER)]
        .iter()
        .filter_map(|f| std::fs::read_dir(f).ok())
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p != source)
        .filter(|p| {
            let stem = p
                .file_stem()
                .map_or(String::new(), |s| s.to_string_lossy().into_owned());
            let stem = stem.trim();
            stem == name || stem.ends_with(name)
        })
        .collect();
    found.sort();
    found.into_iter().next()
}

/// A file's name without its extension, as text: UTF-8, or GBK as names copied from Windows
/// (or unpacked from a zip without the UTF-8 flag) are; none when it is neither.
pub(super) fn name_of(path: &Path) -> Option<String> {
    use std::os::unix::ffi::OsStrExt;
    let stem = path.file_stem()?.as_bytes();
    if let Ok(s) = std::str::from_utf8(stem) {
        return Some(s.to_string());
    }
    let (text, bad) = encoding_rs::GBK.decode_without_bom_handling(stem);
    (!bad).then(|| text.into_owned())
}
