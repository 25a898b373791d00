//! `withheld-quoted` (error) and `on-request-quoted` (warning), SPEC §9: a listed document
//! whose published metadata or body holds a secret. One pass over the catalogue, before
//! anything is rendered, so the output guard knows which quotations were reported. The body
//! is read from its published HTML with the guard's own reader (`security::output`), so the
//! guard need not read it again in the page (`output::Sink::write_page`).
//!
//! Findings name the public file and line, and the confidential document by its path only;
//! no message ever repeats the quoted text.

use super::{Located, Owner, Secrets};
use crate::config::Config;
use crate::config::FILE as SITE_TOML;
use crate::diag::{Diagnostic, codes};
use crate::frontmatter::{FIELDS, Field};
use crate::hash::{FastMap, FastSet};
use crate::matching::fold::Folded;
use crate::matching::matcher::Found;
use crate::model::document::{Attachment, Value};
use crate::model::visibility::{Catalogue, Listed};
use crate::source::extract::Reader;
use rayon::prelude::*;

/// What the scan found.
#[derive(Default, Clone)]
pub struct Quotes {
    pub findings: Vec<Diagnostic>,
    /// Runs of on-request bodies reported as `on-request-quoted`: the guard lets these pass
    /// (the office was warned and published them); it stops at any other secret.
    pub allowed: FastSet<u64>,
}

impl Quotes {
    pub fn extend(&mut self, other: Quotes) {
        self.findings.extend(other.findings);
        self.allowed.extend(other.allowed);
    }
}

/// Where in a document a secret was found.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Place {
    Field(Field),
    Text,
}

/// Scan every listed document's published metadata and text, and site.toml's names.
pub fn scan(secrets: &Secrets, cat: &Catalogue) -> Quotes {
    scan_cached(secrets, cat, &mut Cache::default())
}

/// What each document's scan found, by a hash of the secrets and of everything of the
/// document that was read: `serve` rescans only what a save changed.
#[derive(Default)]
pub struct Cache(FastMap<u128, std::sync::Arc<Quotes>>);

/// [`scan`], reusing the results in `cache` for documents and secrets that did not change;
/// `cache` is left holding this scan's results.
pub fn scan_cached(secrets: &Secrets, cat: &Catalogue, cache: &mut Cache) -> Quotes {
    if secrets.matcher.is_empty() {
        cache.0.clear();
        return Quotes::default();
    }
    let per_doc: Vec<(u128, std::sync::Arc<Quotes>)> = cat
        .entries()
        .par_iter()
        .map(|e| {
            let key = content_key(secrets.key, e);
            let found = match cache.0.get(&key) {
                Some(q) => std::sync::Arc::clone(q),
                None => std::sync::Arc::new(scan_document(secrets, e)),
            };
            (key, found)
        })
        .collect();
    let mut out = Quotes::default();
    for (_, q) in &per_doc {
        out.findings.extend(q.findings.iter().cloned());
        out.allowed.extend(q.allowed.iter().copied());
    }
    cache.0 = per_doc.into_iter().collect();
    out.findings.extend(scan_config(secrets, cat.config));
    out
}

/// A 128-bit hash (two seeds) of the secrets' key and all a document's scan reads or
/// reports. Only `serve` reuses results by it; `build` always scans every document.
fn content_key(secrets: u64, e: &Listed) -> u128 {
    use std::hash::{Hash, Hasher};
    let mut halves = [0u64; 2];
    for (i, half) in halves.iter_mut().enumerate() {
        let mut h = crate::hash::FastHasher::default();
        let fields = published_fields(e);
        (
            i,
            secrets,
            e.file(),
            &fields,
            e.attachments()
                .iter()
                .map(|a| &a.file_name)
                .collect::<Vec<_>>(),
        )
            .hash(&mut h);
        (e.html(), e.body(), e.body_line()).hash(&mut h);
        (fields.iter().map(|(f, _)| *f))
            .chain([Field::Attachments])
            .map(|f| (e.position(f).map(|p| (p.line, p.column)), e.key(f)))
            .for_each(|k| k.hash(&mut h));
        *half = h.finish();
    }
    u128::from(halves[0]) << 64 | u128::from(halves[1])
}

/// The text of every front-matter field a page shows, from the field table: texts as they
/// are, a list joined as pages and the `Keywords` meta join it (white space does not count:
/// a withheld title split over two keywords is whole there, SPEC §15). 内容概述 is public
/// even on an on-request document. Attachments are read by their names apart.
fn published_fields<'s>(e: &Listed<'s>) -> Vec<(Field, std::borrow::Cow<'s, str>)> {
    (FIELDS.iter())
        .filter_map(|spec| match e.value(spec.field) {
            Value::Text(t) => Some((spec.field, std::borrow::Cow::Borrowed(t))),
            Value::List(items) => Some((spec.field, std::borrow::Cow::Owned(items.concat()))),
            _ => None,
        })
        .collect()
}

fn scan_document(secrets: &Secrets, e: &Listed) -> Quotes {
    let texts = published_fields(e);
    let mut fields: Vec<(Place, &str)> = (texts.iter())
        .map(|(f, t)| (Place::Field(*f), t.as_ref()))
        .collect();
    // An attachment's name is published: as the file's name and as its link's text.
    fields.extend(
        (e.attachments().iter()).map(|a| (Place::Field(Field::Attachments), stem(&a.file_name))),
    );
    // The first place each owner is found, and every run of an on-request body found.
    let mut first: Vec<(u32, Place, Found, Vec<char>)> = Vec::new();
    let mut seen = FastSet::default();
    let mut out = Quotes::default();
    let mut each = |place: Place, folded: &Folded| {
        secrets.matcher.find(folded, |f| {
            let owner: &Owner = &secrets.owners[f.owner as usize];
            if owner.file == e.file() && place != Place::Field(Field::Summary) {
                return true; // a document may repeat itself, but for its public summary
            }
            if !owner.withheld
                && let Some(h) = f.run
            {
                out.allowed.insert(h);
            }
            if seen.insert(f.owner) {
                let chars = folded.chars[f.at..f.at + f.len].to_vec();
                first.push((f.owner, place, f, chars));
            }
            true
        });
    };
    let mut folded = Folded::default();
    for (place, text) in fields {
        folded.clear();
        folded.push_str(text);
        each(place, &folded);
    }
    // The body as the guard reads its page (`security::output`): its texts and its
    // attributes (an image's alt text is published too), read as one: a line split over two
    // paragraphs, a line break or table cells is still read as one line (the search snippet
    // and the Description run the blocks together).
    if let Some(html) = e.html() {
        folded.clear();
        super::output::texts("body.html", html.as_bytes(), &mut |t| {
            folded.chars.extend_from_slice(&t.chars);
            true
        });
        each(Place::Text, &folded);
    }
    let located = std::cell::OnceCell::new();
    for (owner, place, found, chars) in first {
        let owner = &secrets.owners[owner as usize];
        let position = match place {
            Place::Field(field) => e.position(field),
            Place::Text => e.body().and_then(|body| {
                let at = located.get_or_init(|| Located::new(body)).find(&chars)?;
                let line = body[..at].matches('\n').count();
                let col = body[..at]
                    .rsplit('\n')
                    .next()
                    .map_or(0, |l| l.chars().count());
                Some(crate::diag::position::Position::new(
                    e.body_line() + line,
                    col + 1,
                ))
            }),
        };
        let (where_, field) = match place {
            Place::Field(f) => (format!("字段 {}", e.key(f)), Some(e.key(f))),
            Place::Text => ("正文".to_string(), None),
        };
        let what = if found.run.is_none() {
            "的标题或附件名".to_string()
        } else {
            format!("正文中连续 {} 个字以上的内容", found.len)
        };
        let itself = owner.file == e.file();
        let d = if itself {
            Diagnostic::warning(
                codes::ON_REQUEST_QUOTED,
                format!(
                    "{where_}重复了本文件（依申请公开）{what}，这段正文会因此公开 (on-request-quoted)"
                ),
            )
            .help("内容概述是公开的：只概括文件的主要内容，不要照抄正文；确可公开的就保留")
        } else if owner.withheld {
            Diagnostic::error(
                codes::WITHHELD_QUOTED,
                format!(
                    "{where_}含有不予公开文件 {} {what}，发布后即泄露 (withheld-quoted)",
                    owner.file
                ),
            )
            .help("删除或改写这段引用。若是不予公开文件引用了本文件（或都引用了同一公开文件），或确属通用表述，把这段文字写进 site.toml 的 [security] shared_text")
        } else {
            Diagnostic::warning(
                codes::ON_REQUEST_QUOTED,
                format!(
                    "{where_}含有依申请公开文件 {} {what}，这段正文会因此公开 (on-request-quoted)",
                    owner.file
                ),
            )
            .help("确认这段内容可以公开；否则删除或改写。通用表述可写进 site.toml 的 [security] shared_text")
        };
        let d = d.in_file(e.file()).at(position);
        out.findings.push(match field {
            Some(f) => d.field(f),
            None => d,
        });
    }
    out
}

/// A file name without its extension.
fn stem(file_name: &str) -> &str {
    file_name
        .rsplit_once('.')
        .map_or(file_name, |(stem, _)| stem)
}

/// Everything published as it is, in the one order every driver takes (SPEC §9, §15):
/// public attachments by their readings, the site's own files by name, images and own files
/// read completely, and last the copies of confidential files, each compared by the digest
/// of what was read of it above (so a copy is judged by the bytes the output writes).
pub fn scan_published(
    secrets: &Secrets,
    root: &std::path::Path,
    cat: &Catalogue,
    attachments: &Reader,
    own: &[(String, String, std::path::PathBuf)],
) -> Quotes {
    let mut quotes = scan_attachments(secrets, cat, attachments);
    quotes.extend(scan_files(secrets, own));
    quotes.extend(scan_whole_files(secrets, root, cat, own));
    quotes.extend(scan_copies(secrets, cat, own));
    quotes
}

/// The text of each public attachment (SPEC §13: the attachments of 主动公开 documents are
/// read): a withheld title or line inside one is published with the file, and the guard
/// reads a copied file only when it is text. Each attachment's pieces (lines, paragraphs,
/// cells) are read as one text, like a body; a finding names the attachment and the piece
/// where the quotation starts.
fn scan_attachments(secrets: &Secrets, cat: &Catalogue, reader: &Reader) -> Quotes {
    let files: Vec<(&Listed, &Attachment)> = (cat.entries().iter())
        .flat_map(|e| e.attachments().iter().map(move |a| (e, a)))
        .collect();
    let found: Vec<Quotes> = files
        .par_iter()
        .map(|(e, a)| {
            // Which confidential documents its text quotes, and where, kept beside its text
            // for these secrets: a rebuild with the same secrets decodes no attachment again.
            let (mut quoted, allowed): (Vec<(u32, String)>, Vec<u64>) =
                if secrets.matcher.is_empty() || !crate::source::extract::readable(&a.file_name)
                {
                    Default::default()
                } else {
                    text_quotes(secrets, reader, a)
                };
            let mut allowed: FastSet<u64> = allowed.into_iter().collect();
            // Then the whole file, every part of it (SPEC §15).
            let mut findings = Vec::new();
            let whole = published_file(secrets, reader.root(), &a.source, &a.file_name);
            match &whole {
                Ok((digest, verdict)) => {
                    for o in &verdict.quoted {
                        if !quoted.iter().any(|(q, _)| q == o) {
                            quoted.push((*o, "（在文件内不显示的部分：页眉页脚、批注、修订、属性或文件结构中）".into()));
                        }
                    }
                    allowed.extend(verdict.allowed.iter().copied());
                    findings.extend(unchecked(a, e, digest, verdict));
                }
                Err(err) => findings.push(
                    Diagnostic::error(
                        codes::ATTACHMENT_UNCHECKED,
                        format!("附件 `{}` 无法读取：{err}，不能确认其中没有不公开的内容 (attachment-unchecked)", a.file_name),
                    )
                    .help("检查文件是否存在、可读")
                    .in_file(e.file())
                    .at(e.position(Field::Attachments))
                    .field(e.key(Field::Attachments)),
                ),
            }
            findings.extend(
                quoted
                    .into_iter()
                    .filter(|(o, _)| (*o as usize) < secrets.owners.len())
                    .map(|(o, place)| {
                        quotation(secrets, o, format!("附件 `{}` {place}", a.file_name))
                            .in_file(e.file())
                            .at(e.position(Field::Attachments))
                            .field(e.key(Field::Attachments))
                    }),
            );
            Quotes { findings, allowed }
        })
        .collect();
    merge(found)
}

/// The quotations in an attachment's text as search reads it, with the piece each starts in.
fn text_quotes(
    secrets: &Secrets,
    reader: &Reader,
    a: &Attachment,
) -> (Vec<(u32, String)>, Vec<u64>) {
    reader
        .open(&a.source, &a.file_name)
        .derive_against("quotes-1", secrets.key, |text| {
            let Ok(text) = text else {
                return Default::default();
            };
            let mut folded = Folded::default();
            let mut starts = Vec::new();
            for (_, piece) in text.pieces() {
                starts.push(folded.chars.len());
                folded.push_str(piece);
            }
            let mut quoted: Vec<(u32, String)> = Vec::new();
            let mut allowed = FastSet::default();
            secrets.matcher.find(&folded, |f| {
                if !secrets.owners[f.owner as usize].withheld
                    && let Some(h) = f.run
                {
                    allowed.insert(h);
                }
                if !quoted.iter().any(|(o, _)| *o == f.owner) {
                    let piece = starts.partition_point(|s| *s <= f.at).saturating_sub(1);
                    quoted.push((f.owner, text.place(piece)));
                }
                true
            });
            (quoted, allowed.into_iter().collect())
        })
}

/// The verdict on a file published as it is, read completely: its bytes are read here, and
/// a file that cannot be read is an error, never a pass. A build keeps the bytes read
/// ([`Secrets::keep`]): the output writes them, not a later reading of the source. A file
/// read ahead ([`read_ahead`]) is judged by the digest of that reading, from the verdicts
/// found before, else from the bytes kept.
pub fn published_file(
    secrets: &Secrets,
    root: &std::path::Path,
    source: &std::path::Path,
    file_name: &str,
) -> Result<(super::files::Sha256, std::sync::Arc<super::files::Verdict>), String> {
    let judge = secrets.judge_handle();
    if let Some((digest, _)) = judge.read_before(source) {
        if let Some(v) = judge.found(root, &digest, file_name) {
            return Ok((digest, v));
        }
        let kept = (secrets.keep.as_ref())
            .and_then(|k| k.held(&digest))
            .and_then(|path| std::fs::read(path).ok())
            .filter(|bytes| super::files::sha256(bytes) == digest);
        if let Some(bytes) = kept {
            return Ok((digest, judge.judge_hashed(root, file_name, &bytes, digest)));
        }
    }
    let bytes = std::fs::read(source).map_err(|e| e.to_string())?;
    let (digest, verdict) = judge.judge(root, file_name, &bytes);
    if let Some(keep) = &secrets.keep {
        keep.keep(&digest, &bytes);
    }
    judge.record(source, digest, bytes.len() as u64);
    Ok((digest, verdict))
}

/// SPEC §15's one reading of the files published as they are, before the secrets are known
/// (a build runs it beside their indexing): each file read whole, hashed and kept, and what
/// was read recorded in `readings`. A file that cannot be read or kept, or that is past the
/// size a file may have (it is unchecked whatever it holds), is left to [`published_file`],
/// which reads it again and reports.
pub fn read_ahead(
    keep: &dyn super::files::Keep,
    readings: &super::files::Readings,
    sources: &[std::path::PathBuf],
) {
    let limit = crate::source::extract::complete::MAX_FILE_BYTES;
    sources.par_iter().for_each(|source| {
        if std::fs::metadata(source).is_ok_and(|m| m.len() > limit) {
            return;
        }
        let Ok(bytes) = std::fs::read(source) else {
            return;
        };
        let digest = super::files::sha256(&bytes);
        keep.keep(&digest, &bytes);
        if keep.held(&digest).is_some() {
            (readings.lock())
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .insert(source.clone(), (digest, bytes.len() as u64));
        }
    });
}

/// `attachment-unchecked` for a file the guard could not read completely, unless a person
/// reviewed these very bytes (a limit cannot be reviewed away); `svg-active-content` for an
/// SVG that does more than show a picture.
fn unchecked(
    a: &Attachment,
    e: &Listed,
    digest: &super::files::Sha256,
    verdict: &super::files::Verdict,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let at = |d: Diagnostic| {
        d.in_file(e.file())
            .at(e.position(Field::Attachments))
            .field(e.key(Field::Attachments))
    };
    if let Some(why) = &verdict.facts.active {
        out.push(at(Diagnostic::error(
            codes::SVG_ACTIVE,
            format!(
                "SVG 图片 `{}` {why}，浏览器打开时会执行或加载它 (svg-active-content)",
                a.file_name
            ),
        )
        .help("导出为 PNG 图片后再发布，或删去脚本和外部引用")));
    }
    if verdict.facts.gps {
        out.push(at(gps(&format!("附件 `{}`", a.file_name))));
    }
    let Some(u) = &verdict.unchecked else {
        return out;
    };
    let hex = super::files::hex(digest);
    let reviewed = a.review.as_ref().filter(|r| r.sha256 == hex);
    if reviewed.is_some() && !u.is_limit() {
        return out;
    }
    let (message, help) = match (&a.review, u.is_limit()) {
        (_, true) => (
            format!(
                "附件 `{}` {}，无法完整检查其中是否有不公开的内容，不能发布 (attachment-unchecked)",
                a.file_name,
                u.reason()
            ),
            "超出上限的文件不能以人工审核代替：拆分文件，或另存为较小的 PDF 后再附上".to_string(),
        ),
        (Some(r), false) => (
            format!(
                "附件 `{}` {}；它在 {} 审核之后已被改动，审核不再有效 (attachment-unchecked)",
                a.file_name,
                u.reason(),
                r.by
            ),
            format!(
                "请重新打开文件确认可以公开，再运行 `gongkai review {} --by 姓名`",
                a.rel
            ),
        ),
        (None, false) => (
            format!(
                "附件 `{}` {}，无法完整检查其中是否有不公开的内容 (attachment-unchecked)",
                a.file_name,
                u.reason()
            ),
            format!(
                "去掉密码或另存为普通 PDF 后再附上；确需原样发布的，由人打开确认后运行 `gongkai review {} --by 姓名`",
                a.rel
            ),
        ),
    };
    out.push(at(
        Diagnostic::error(codes::ATTACHMENT_UNCHECKED, message).help(help)
    ));
    out
}

/// The site's own files published as they are (`root/`, `static/`, a theme's static files):
/// their names, and their text when the guard reads them as text. `files` are (where it is
/// published, its path from the site root, where it is on disk).
fn scan_files(secrets: &Secrets, files: &[(String, String, std::path::PathBuf)]) -> Quotes {
    if secrets.matcher.is_empty() {
        return Quotes::default();
    }
    let found: Vec<Quotes> = files
        .par_iter()
        .map(|(to, rel, from)| {
            // Its name, then its text.
            let mut folded = Folded::new(to);
            if super::output::read_as_text(to)
                && let Ok(bytes) = std::fs::read(from)
            {
                super::output::texts(to, &bytes, &mut |t| {
                    folded.chars.extend_from_slice(&t.chars);
                    true
                });
            }
            quotes_in(secrets, &folded, |_| {
                (format!("文件 {rel} "), rel.as_str(), None)
            })
            .unwrap_or_default()
        })
        .collect();
    merge(found)
}

/// A published copy of a confidential document's attachment or image: a public document's
/// attachment or image, or a site's own file, with exactly the bytes of one (a copy under
/// another name, a symbolic link to it). Names alone cannot tell, so contents are compared
/// (only files of a size some confidential file has are read). The very same source file
/// is left to the link rules (`link-to-withheld`, an on-request image shown by a public page).
fn scan_copies(
    secrets: &Secrets,
    cat: &Catalogue,
    own: &[(String, String, std::path::PathBuf)],
) -> Quotes {
    if secrets.files.is_empty() {
        return Quotes::default();
    }
    struct Copy<'a> {
        what: String,
        file: &'a str,
        position: Option<crate::diag::position::Position>,
        field: Option<&'a str>,
        source: &'a std::path::Path,
        bytes: Option<u64>,
    }
    let mut copies: Vec<Copy> = Vec::new();
    for e in cat.entries() {
        for a in e.attachments() {
            copies.push(Copy {
                what: format!("附件 `{}`", a.file_name),
                file: e.file(),
                position: e.position(Field::Attachments),
                field: Some(e.key(Field::Attachments)),
                source: &a.source,
                bytes: Some(a.bytes),
            });
        }
        for i in e.images() {
            copies.push(Copy {
                what: format!("图片 `{}`", i.written),
                file: e.file(),
                position: None,
                field: None,
                source: &i.source,
                bytes: Some(i.bytes),
            });
        }
    }
    for (_, rel, from) in own {
        copies.push(Copy {
            what: format!("文件 {rel}"),
            file: rel,
            position: None,
            field: None,
            source: from,
            bytes: None,
        });
    }
    let judge = secrets.judge_handle();
    let findings = copies
        .par_iter()
        .flat_map_iter(|c| {
            let bytes = c
                .bytes
                .or_else(|| std::fs::metadata(c.source).ok().map(|m| m.len()))
                .unwrap_or(0);
            // Compared by what was read of it in this run, when it was (then it is what
            // the output writes), else read now.
            let same = match judge.read_before(c.source) {
                Some((digest, bytes)) => super::same_content(&secrets.files, bytes, &digest),
                None => secrets.same_file(c.source, bytes),
            };
            let same: Vec<super::SecretFile> = match same {
                Ok(same) => same,
                Err(e) => {
                    // A file that cannot be compared is no pass (SPEC §15).
                    let d = Diagnostic::error(
                        codes::ATTACHMENT_UNCHECKED,
                        format!("{}无法与不公开文件的附件比较（读取失败：{e}）(attachment-unchecked)", c.what),
                    )
                    .help("检查文件能否读取")
                    .in_file(c.file)
                    .at(c.position);
                    return vec![d];
                }
            };
            // A file a confidential document lists is never published through another
            // listing: by a `..` path, a link or a copy (SPEC §15).
            let mut out: Vec<Diagnostic> = Vec::new();
            for f in same.iter().filter(|f| f.listed.is_some()) {
                let owner = &secrets.owners[f.owner as usize];
                let kind = if owner.withheld { "不予公开" } else { "依申请公开" };
                let d = Diagnostic::error(
                    codes::CONFIDENTIAL_ATTACHMENT,
                    format!(
                        "{}就是{kind}文件 {} 所列的附件 {}（同一文件、链接或副本），不能再经公开文件发布 (confidential-attachment)",
                        c.what,
                        owner.file,
                        f.listed.as_deref().unwrap_or_default()
                    ),
                )
                .help("附件的公开属性随文件本身：去掉这个附件；确需公开的，先调整那份文件的公开属性")
                .in_file(c.file)
                .at(c.position);
                out.push(match c.field {
                    Some(field) => d.field(field),
                    None => d,
                });
            }
            // An image a confidential body shows: the very same file is left to the link rules.
            let owners: Vec<u32> = (same.iter())
                .filter(|f| f.listed.is_none() && f.source != c.source)
                .filter(|f| !same.iter().any(|g| g.listed.is_some() && g.owner == f.owner))
                .map(|f| f.owner)
                .collect::<std::collections::BTreeSet<u32>>()
                .into_iter()
                .collect();
            owners.into_iter().map(|o| {
                let owner = &secrets.owners[o as usize];
                let d = if owner.withheld {
                    Diagnostic::error(
                        codes::WITHHELD_QUOTED,
                        format!(
                            "{}与不予公开文件 {} 的附件或图片内容完全相同，发布后即泄露 (withheld-quoted)",
                            c.what, owner.file
                        ),
                    )
                    .help("不要发布这份文件；如确需公开，先调整那份不予公开文件的公开属性或附件")
                } else {
                    Diagnostic::warning(
                        codes::ON_REQUEST_QUOTED,
                        format!(
                            "{}与依申请公开文件 {} 的附件或图片内容相同，它会因此公开 (on-request-quoted)",
                            c.what, owner.file
                        ),
                    )
                    .help("确认这份文件可以公开；否则不要发布")
                };
                let d = d.in_file(c.file).at(c.position);
                match c.field {
                    Some(f) => d.field(f),
                    None => d,
                }
            })
            .chain(out)
            .collect::<Vec<_>>()
        })
        .collect();
    Quotes {
        findings,
        allowed: FastSet::default(),
    }
}

/// Images beside public documents and the site's own files published as they are, read
/// completely (SPEC §15): a secret anywhere in them (an image's metadata, a PDF's objects in
/// `root/`) is a quotation, and a file that cannot be read completely is
/// `attachment-unchecked` (only attachments can be reviewed).
fn scan_whole_files(
    secrets: &Secrets,
    root: &std::path::Path,
    cat: &Catalogue,
    own: &[(String, String, std::path::PathBuf)],
) -> Quotes {
    let mut files: Vec<(String, &str, &std::path::Path, &str)> = Vec::new();
    for e in cat.entries() {
        for i in e.images() {
            files.push((
                format!("图片 `{}`", i.written),
                e.file(),
                &i.source,
                &i.file_name,
            ));
        }
    }
    for (to, rel, from) in own {
        files.push((format!("文件 {rel}"), rel, from, to));
    }
    let found: Vec<Quotes> = files
        .par_iter()
        .map(|(what, file, source, name)| {
            let mut q = Quotes::default();
            match published_file(secrets, root, source, name) {
                Ok((_, v)) => {
                    for o in &v.quoted {
                        q.findings.push(
                            quotation(secrets, *o, format!("{what}（含其元数据和文件结构）")).in_file(*file),
                        );
                    }
                    q.allowed.extend(v.allowed.iter().copied());
                    if let Some(u) = &v.unchecked {
                        q.findings.push(
                            Diagnostic::error(
                                codes::ATTACHMENT_UNCHECKED,
                                format!("{what}{}，无法完整检查其中是否有不公开的内容 (attachment-unchecked)", u.reason()),
                            )
                            .help("换成能正常打开的文件（图片重新导出，PDF 去掉密码）")
                            .in_file(*file),
                        );
                    }
                    if v.facts.gps {
                        q.findings.push(gps(what).in_file(*file));
                    }
                    if let Some(why) = &v.facts.active {
                        q.findings.push(
                            Diagnostic::error(
                                codes::SVG_ACTIVE,
                                format!("{what} {why}，浏览器打开时会执行或加载它 (svg-active-content)"),
                            )
                            .help("导出为 PNG 图片后再发布，或删去脚本和外部引用")
                            .in_file(*file),
                        );
                    }
                }
                Err(err) => q.findings.push(
                    Diagnostic::error(
                        codes::ATTACHMENT_UNCHECKED,
                        format!("{what}无法读取：{err} (attachment-unchecked)"),
                    )
                    .in_file(*file),
                ),
            }
            q
        })
        .collect();
    merge(found)
}

/// `personal-data` (a warning) for a published photo that says where it was taken.
fn gps(what: &str) -> Diagnostic {
    Diagnostic::warning(
        "personal-data",
        format!("{what}含有拍摄地点的 GPS 坐标，发布后可知拍摄者或被拍者的位置 (personal data: GPS in a photo)"),
    )
    .help("用图片工具去掉照片的位置信息（EXIF GPS）后再发布")
}

/// The commit subjects 更新记录 shows (the changes after a document's first commit) that hold
/// a secret: `history-subject-hidden` for each, and (document, commit) for the pages to show
/// （本次更新说明不公开） instead. History cannot be rewritten, so this is a warning, never a
/// build that fails for ever (SPEC §15).
pub fn hidden_subjects(
    secrets: &Secrets,
    cat: &Catalogue,
) -> (Vec<Diagnostic>, Vec<(String, String)>) {
    let mut findings = Vec::new();
    let mut hidden = Vec::new();
    if secrets.matcher.is_empty() || !cat.config.history {
        return (findings, hidden);
    }
    for e in cat.entries() {
        let Some(h) = e.history() else { continue };
        for c in h.changes() {
            let mut found = None;
            secrets.matcher.find(&Folded::new(&c.subject), |f| {
                found = Some(f.owner);
                false
            });
            let Some(owner) = found else { continue };
            let owner = &secrets.owners[owner as usize];
            let short: String = c.id.chars().take(10).collect();
            findings.push(
                Diagnostic::warning(
                    codes::HISTORY_SUBJECT_HIDDEN,
                    format!(
                        "提交 {short}（{}）的说明含有{}文件 {} 的内容，更新记录中不显示这条说明 (history-subject-hidden)",
                        c.date,
                        if owner.withheld { "不予公开" } else { "依申请公开" },
                        owner.file
                    ),
                )
                .help("提交说明无法修改，页面上显示“（本次更新说明不公开）”；以后的提交说明不要写文件的标题或内容，只写索引号")
                .in_file(e.file()),
            );
            hidden.push((e.file().to_string(), c.id.clone()));
        }
    }
    (findings, hidden)
}

/// Whether a commit message's subject holds a secret: the document it would quote, for the
/// `commit-msg` hook (SPEC §15).
pub fn subject_quotes<'s>(secrets: &'s Secrets, subject: &str) -> Option<&'s Owner> {
    let mut found = None;
    secrets.matcher.find(&Folded::new(subject), |f| {
        found = Some(f.owner);
        false
    });
    found.map(|o| &secrets.owners[o as usize])
}

/// The finding for a quotation of `owner`'s secret in `what` (`附件 x 第3行`, `文件 root/y`).
fn quotation(secrets: &Secrets, owner: u32, what: String) -> Diagnostic {
    let owner = &secrets.owners[owner as usize];
    if owner.withheld {
        Diagnostic::error(
            codes::WITHHELD_QUOTED,
            format!(
                "{what}含有不予公开文件 {} 的标题或正文，发布后即泄露 (withheld-quoted)",
                owner.file
            ),
        )
        .help(
            "删除或改写这段内容后再发布；确属通用表述的，写进 site.toml 的 [security] shared_text",
        )
    } else {
        Diagnostic::warning(
            codes::ON_REQUEST_QUOTED,
            format!(
                "{what}含有依申请公开文件 {} 的正文，这段正文会因此公开 (on-request-quoted)",
                owner.file
            ),
        )
        .help("确认这段内容可以公开；否则删除或改写")
    }
}

fn merge(all: Vec<Quotes>) -> Quotes {
    let mut out = Quotes::default();
    for q in all {
        out.extend(q);
    }
    out
}

/// The first quotation of each confidential document in `folded`, a text published as a
/// whole (an attachment, a static file): `place` says, from where the quotation starts, what
/// the text is (`附件 x 第3行`), which file the finding is on and where.
fn quotes_in<'a>(
    secrets: &Secrets,
    folded: &Folded,
    place: impl Fn(usize) -> (String, &'a str, Option<crate::diag::position::Position>),
) -> Option<Quotes> {
    let mut first: Vec<(u32, usize)> = Vec::new();
    let mut allowed = FastSet::default();
    secrets.matcher.find(folded, |f| {
        let owner = &secrets.owners[f.owner as usize];
        if !owner.withheld
            && let Some(h) = f.run
        {
            allowed.insert(h);
        }
        if !first.iter().any(|(o, _)| *o == f.owner) {
            first.push((f.owner, f.at));
        }
        true
    });
    if first.is_empty() {
        return None;
    }
    let findings = first
        .into_iter()
        .map(|(owner, at)| {
            let (what, file, position) = place(at);
            quotation(secrets, owner, what).in_file(file).at(position)
        })
        .collect();
    Some(Quotes { findings, allowed })
}

/// site.toml's published names (site title, columns, issuers) quoting a withheld document.
fn scan_config(secrets: &Secrets, config: &Config) -> Vec<Diagnostic> {
    let mut texts: Vec<(&str, &str)> = vec![("title", config.title.as_str())];
    texts.extend(config.organizer.as_deref().map(|o| ("organizer", o)));
    for c in &config.categories {
        texts.push(("categories", &c.name));
        texts.extend(c.owner.as_deref().map(|o| ("categories", o)));
        texts.extend(c.empty_note.as_deref().map(|n| ("categories", n)));
    }
    for i in &config.issuers {
        texts.push(("issuers", &i.name));
        texts.extend(i.aliases.iter().map(|a| ("issuers", a.as_str())));
        // The office that answers, shown on the issuer's page and its on-request documents.
        if let Some(o) = &i.office {
            texts.extend(
                [&o.name, &o.address, &o.hours, &o.online_url, &o.form]
                    .into_iter()
                    .filter_map(|t| t.as_deref())
                    .map(|t| ("issuers.office", t)),
            );
        }
    }
    let mut out = Vec::new();
    for (key, text) in texts {
        let mut owners = Vec::new();
        secrets.matcher.find(&Folded::new(text), |f| {
            if secrets.owners[f.owner as usize].withheld && !owners.contains(&f.owner) {
                owners.push(f.owner);
            }
            true
        });
        for o in owners {
            out.push(
                Diagnostic::error(
                    codes::WITHHELD_QUOTED,
                    format!(
                        "site.toml 的 {key} 含有不予公开文件 {} 的标题或正文，它会出现在每个页面上 (withheld-quoted)",
                        secrets.owners[o as usize].file
                    ),
                )
                .in_file(SITE_TOML)
                .field(key)
                .help("改写这个名称，或改写不予公开文件的标题"),
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::visibility::Catalogue;
    use crate::rules::testing::{SITE, doc, lines, site};

    const SECRET_LINE: &str = "县委常委会研究决定暂缓公布二〇二六年度干部调整方案的有关事项";

    fn run(docs: Vec<crate::source::SourceFile>) -> Quotes {
        let s = site(SITE, docs);
        let secrets = Secrets::new(&s);
        scan(&secrets, &Catalogue::new(&s))
    }

    #[test]
    fn quoting_a_withheld_line_or_title_is_an_error_at_its_line() {
        let found = run(vec![
            doc(
                1,
                "title: 关于干部调整方案的内部请示件\nattribute: 不予公开",
                SECRET_LINE,
            ),
            doc(2, "", &format!("第一段。\n\n据悉，{SECRET_LINE}。")),
            doc(3, "title: 转发关于干部调整方案的内部请示件的通知", "正文。"),
            doc(4, "", "县委常委会研究决定，其他内容完全不同的一段文字。"),
        ]);
        let mut findings = found.findings;
        findings.sort_by(|a, b| a.file.cmp(&b.file));
        let found = Quotes {
            findings,
            allowed: found.allowed,
        };
        assert_eq!(
            lines(&found.findings),
            ["withheld-quoted@11", "withheld-quoted@7"]
        );
        let text = &found.findings[0];
        assert_eq!(text.file.as_deref(), Some("content/002.md"));
        assert!(text.message.contains("content/001.md"));
        assert!(
            !text.message.contains("干部调整"),
            "never repeats the secret"
        );
        assert_eq!(found.findings[1].file.as_deref(), Some("content/003.md"));
        assert!(found.allowed.is_empty());
    }

    #[test]
    fn a_withheld_line_in_an_image_description_is_quoting_too() {
        let found = run(vec![
            doc(1, "attribute: 不予公开", SECRET_LINE),
            doc(2, "", &format!("图示：\n\n![{SECRET_LINE}](图.png)")),
        ]);
        assert_eq!(lines(&found.findings), ["withheld-quoted@11"]);
    }

    #[test]
    fn quoting_an_on_request_line_warns_and_is_allowed_through() {
        let found = run(vec![
            doc(1, "attribute: 依申请公开", SECRET_LINE),
            doc(2, "", &format!("摘录：{SECRET_LINE}")),
        ]);
        assert_eq!(lines(&found.findings), ["on-request-quoted@9"]);
        assert!(!found.allowed.is_empty());
    }

    #[test]
    fn boilerplate_shared_by_three_listed_documents_is_no_secret() {
        let shared = "各乡镇人民政府、县直各部门、县属各企事业单位及有关单位负责同志：";
        let found = run(vec![
            doc(
                1,
                "attribute: 不予公开",
                &format!("{shared}\n\n{SECRET_LINE}"),
            ),
            doc(2, "", &format!("{shared}\n\n第二份文件的正文。")),
            doc(3, "", &format!("{shared}\n\n第三份文件的正文。")),
            doc(
                4,
                "attribute: 依申请公开",
                &format!("{shared}\n\n第四份文件的正文。"),
            ),
        ]);
        assert!(found.findings.is_empty(), "{:?}", found.findings);
        let s = site(
            SITE,
            vec![
                doc(
                    1,
                    "attribute: 不予公开",
                    &format!("{shared}\n\n{SECRET_LINE}"),
                ),
                doc(2, "", &format!("{shared}\n\n第二份文件的正文。")),
            ],
        );
        let secrets = Secrets::new(&s);
        assert_eq!(secrets.exempted, 0, "two documents are not three");
        let q = scan(&secrets, &Catalogue::new(&s));
        assert_eq!(lines(&q.findings), ["withheld-quoted@9"]);
    }

    #[test]
    fn an_on_request_document_repeating_its_own_title_is_not_quoting() {
        let title = "关于二〇二六年度全县安全生产工作专项检查情况的通报";
        let found = run(vec![doc(
            1,
            &format!("title: {title}\nattribute: 依申请公开"),
            &format!("# {title}\n\n其余正文。"),
        )]);
        assert!(found.findings.is_empty());
        let s = site(
            SITE,
            vec![doc(
                1,
                &format!("title: {title}\nattribute: 依申请公开"),
                &format!("# {title}\n\n其余正文。"),
            )],
        );
        assert!(Secrets::new(&s).matcher.is_empty());
    }
}
