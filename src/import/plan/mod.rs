//! What importing one file writes, decided before anything is written: its fields resolved
//! against site.toml (a value that does not resolve stops that file, naming the valid ones),
//! the index number (a portal page's own, else the issuer's next), the file's place under
//! content/, its images and attachments beside it, and the Markdown text. A file is known as
//! imported by its index number or by the hash of its bytes, which the document keeps in a
//! comment of its front matter.

use super::blocks;
use super::{Found, Imported};
use crate::config::Config;
use crate::date::Date;
use crate::frontmatter::edit::quoted;
use crate::frontmatter::{FIELDS, Field};
use crate::model::labels::Attribute;
use crate::model::notes::Note;
use crate::model::numbering::{index_no_after, sequence};
use crate::source::SourceFile;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

mod fields;
mod files;

pub use fields::issuer_in_line;
pub use files::{ATTACHMENT_FOLDER, OLD_PORTAL};

/// The comment that records where a document came from.
pub const SOURCE_MARK: &str = "源文件指纹";

/// What the command line sets for a batch.
pub struct Given<'a> {
    /// The title, for a file whose own gives none or gives the wrong one.
    pub title: Option<&'a str>,
    pub issuer: Option<&'a str>,
    pub category: Option<&'a str>,
    pub attribute: Option<&'a str>,
    pub today: Date,
}

/// What the site holds already, and what this batch has planned so far.
pub struct Known {
    pub files: Vec<SourceFile>,
    pub index_nos: Vec<String>,
    pub hashes: HashSet<String>,
    /// Paths planned in this batch (relative to the root).
    pub taken: HashSet<String>,
}

impl Known {
    pub fn read(root: &Path) -> std::io::Result<Known> {
        let (files, _) = crate::source::read_content(root)?;
        let index_nos = files
            .iter()
            .filter_map(|f| crate::frontmatter::peek_index_no(&f.text))
            .collect();
        let hashes = files
            .iter()
            .filter_map(|f| {
                let at = f.text.find(SOURCE_MARK)? + SOURCE_MARK.len();
                let hex: String = f.text[at..]
                    .trim_start_matches([' ', '：', ':'])
                    .chars()
                    .take_while(char::is_ascii_hexdigit)
                    .collect();
                (!hex.is_empty()).then_some(hex)
            })
            .collect();
        Ok(Known {
            files,
            index_nos,
            hashes,
            taken: HashSet::new(),
        })
    }
}

/// A file to write beside the document.
pub enum Extra {
    Bytes(Vec<u8>),
    Copy(PathBuf),
}

/// The outcome of planning one file.
pub enum Plan {
    Write(Box<Writing>),
    /// Imported before: why it is known.
    Skip(String),
    /// Not written: the message says what to give.
    Refuse(String),
}

pub struct Writing {
    pub rel: String,
    pub text: String,
    pub index_no: String,
    /// (path relative to the root, what to write there).
    pub extras: Vec<(String, Extra)>,
    /// Each field and where it came from, for the report.
    pub lines: Vec<(Field, String, String)>,
    pub notes: Vec<String>,
    /// What of the file was left out (版头, 版记, page numbers, navigation).
    pub dropped: Vec<String>,
}

/// The lower-case extension of a path, without the dot.
pub fn extension(p: &Path) -> String {
    p.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

pub fn source_hash(bytes: &[u8]) -> String {
    format!("{:016x}", crate::hash::stable(bytes))
}

/// What planning one file has found so far: each field with where it came from, notes for
/// the report, and the problems that will refuse it.
#[derive(Default)]
struct Draft {
    lines: Vec<(Field, String, String)>,
    notes: Vec<String>,
    problems: Vec<String>,
}

/// Plan one imported file. `docx`: a Word file (attribute required, index number given out);
/// else a portal page (its own index number, 主动公开 unless it says otherwise).
pub fn plan(
    cfg: &Config,
    known: &mut Known,
    given: &Given,
    source: (&Path, &str),
    docx: bool,
    mut imported: Imported,
) -> Plan {
    let (source, hash) = source;
    if let Some(why) = refused(&imported.notes) {
        return Plan::Refuse(why);
    }
    if known.hashes.contains(hash) {
        return Plan::Skip(format!("已导入过（{SOURCE_MARK} {hash}）"));
    }
    if let Some(no) = imported.value(Field::IndexNo)
        && known.index_nos.iter().any(|k| k == no)
    {
        return Plan::Skip(format!("索引号 {no} 已在 content/ 中"));
    }
    let mut d = Draft::default();
    let issuer = fields::issuer(cfg, &imported, given, &mut d);
    let category = fields::category(cfg, &imported, given, &mut d);
    let attribute = fields::attribute(&imported, given, docx, &mut d);
    let (Some(issuer), Some(category), Some(attribute)) = (issuer, category, attribute) else {
        return Plan::Refuse(d.problems.join("\n"));
    };
    if !d.problems.is_empty() {
        return Plan::Refuse(d.problems.join("\n"));
    }
    let published = fields::published(&imported, given, &mut d);
    // 索引号 and where the file goes.
    let (index_no, from) = match imported.get(Field::IndexNo) {
        Some(f) => (f.values[0].clone(), f.from.clone()),
        None => {
            match index_no_after(
                cfg,
                issuer,
                &known.files,
                &known.index_nos,
                given.today.year(),
            ) {
                Ok((n, _)) => (n, "下一个可用的索引号".to_string()),
                Err(e) => return Plan::Refuse(e),
            }
        }
    };
    d.lines.insert(0, (Field::IndexNo, index_no.clone(), from));
    let year = if docx {
        given.today.year()
    } else {
        published.year()
    };
    let dir = format!("content/{}/{year}", cfg.issuers[issuer].slug);
    let stem = files::free_stem(&known.taken, &dir, sequence(&index_no), |rel| {
        known.files.iter().any(|f| f.rel == rel)
    });
    let place = files::Place {
        source,
        dir: &dir,
        stem: &stem,
    };
    let mut extras = files::images(&mut imported, &place, &mut d);
    let portal_public = !docx && attribute == Attribute::Proactive;
    let reviews = files::attachments(
        &mut imported,
        &place,
        known,
        portal_public,
        &mut extras,
        &mut d,
    );
    fields::others(&imported, &mut d);
    if let Err(why) = fields::title(&imported, given, source, docx, &mut d) {
        return Plan::Refuse(why);
    }
    // Printed in the field table's order.
    d.lines
        .sort_by_key(|(f, _, _)| FIELDS.iter().position(|s| s.field == *f));
    let body = blocks::markdown(&imported.blocks) + &blocks::footnotes(&imported.footnotes);
    let reviewed = |file: &str| {
        (reviews.iter().find(|(n, _)| n == file))
            .map(|(_, sha)| (format!("{} {OLD_PORTAL}", given.today), sha.clone()))
    };
    let text =
        front_matter(cfg, category, &d.lines, &imported, source, hash, &reviewed) + "\n" + &body;
    let rel = format!("{dir}/{stem}.md");
    known.index_nos.push(index_no.clone());
    known.hashes.insert(hash.to_string());
    known.taken.insert(rel.clone());
    for (p, _) in &extras {
        known.taken.insert(p.clone());
    }
    Plan::Write(Box::new(Writing {
        rel,
        text,
        index_no,
        extras,
        lines: d.lines,
        notes: d.notes,
        dropped: imported.dropped,
    }))
}

/// Why a file's marks and notes keep it out of the catalogue (SPEC §15), one line each: a
/// 密级 or 内部 mark, or a note that speaks of 公开 in a way no attribute says.
fn refused(notes: &[super::Marked]) -> Option<String> {
    let lines: Vec<String> = notes
        .iter()
        .filter_map(|m| match m.note {
            Note::Classified | Note::Internal => Some(format!(
                "{}“{}”（{}）：涉密文件和内部文件不进入政府信息公开目录，未导入；请按保密规定处理原件 (classified and internal documents do not enter a disclosure catalogue)",
                m.note.name(),
                m.line,
                m.from
            )),
            Note::Unclear => Some(format!(
                "公开附注“{}”（{}）没有说清能否公开：请人工确认公开属性，改正或删去这一行后再导入 (unclear publication note)",
                m.line, m.from
            )),
            _ => None,
        })
        .collect();
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// The front matter, fields in the table's order.
fn front_matter(
    cfg: &Config,
    category: usize,
    lines: &[(Field, String, String)],
    imported: &Imported,
    source: &Path,
    hash: &str,
    reviewed: &dyn Fn(&str) -> Option<(String, String)>,
) -> String {
    let mut out = String::from("---\n");
    for spec in FIELDS {
        let Some((_, value, _)) = lines.iter().find(|(f, _, _)| *f == spec.field) else {
            continue;
        };
        let yaml = match spec.field {
            Field::Category => cfg.categories[category].id.clone(),
            Field::Published | Field::Written | Field::Effective | Field::Expires => value.clone(),
            Field::Attribute | Field::Validity | Field::DocType => value.clone(),
            Field::Keywords => {
                let words = imported
                    .get(Field::Keywords)
                    .map_or(Vec::new(), |f: &Found| {
                        f.values.iter().map(|w| quoted(w)).collect()
                    });
                format!("[{}]", words.join(", "))
            }
            Field::Attachments => {
                let items: String = value
                    .split('、')
                    .map(|a| match reviewed(a) {
                        Some((by, sha)) => format!(
                            "\n  - {{file: {}, reviewed: {}, sha256: {}}}",
                            quoted(a),
                            quoted(&by),
                            quoted(&sha)
                        ),
                        None => format!("\n  - {}", quoted(a)),
                    })
                    .collect();
                out.push_str(&format!("{}:{items}\n", spec.key));
                continue;
            }
            _ => quoted(value),
        };
        out.push_str(&format!("{}: {yaml}\n", spec.key));
    }
    let name = source
        .file_name()
        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
    out.push_str(&format!(
        "# 导入自 {}（{SOURCE_MARK} {hash}），gongkai import\n",
        name.replace('\n', " ")
    ));
    out.push_str("---\n");
    out
}
