//! What importing one file writes, decided before anything is written: its fields resolved
//! against site.toml (a value that does not resolve stops that file, naming the valid ones),
//! the index number (a portal page's own, else the issuer's next), the file's place under
//! content/, its images and attachments beside it, and the Markdown text. A file is known as
//! imported by its index number or by the hash of its bytes, which the document keeps in a
//! comment of its front matter.

use super::blocks::{self, Block};
use super::{Found, Imported};
use crate::config::Config;
use crate::date::Date;
use crate::frontmatter::edit::quoted;
use crate::frontmatter::{FIELDS, Field};
use crate::model::labels::{Attribute, Choice, DocType, Validity};
use crate::model::notes::Note;
use crate::model::numbering::{index_no_after, sequence};
use crate::source::SourceFile;
use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// The comment that records where a document came from.
pub const SOURCE_MARK: &str = "源文件指纹";

/// What the command line sets for a batch.
pub struct Given<'a> {
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

fn listing(values: Vec<&str>) -> String {
    values.join("、")
}

/// Plan one imported file. `docx`: a Word file (attribute required, index number given out);
/// else a portal page (its own index number, 主动公开 unless it says otherwise).
#[allow(clippy::too_many_arguments)]
pub fn plan(
    cfg: &Config,
    known: &mut Known,
    given: &Given,
    source: &Path,
    hash: &str,
    docx: bool,
    mut imported: Imported,
) -> Plan {
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
    let mut lines: Vec<(Field, String, String)> = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    // 发布机构 and 公开目录: what the file says when it names one of the site's, else the
    // command line's.
    let issuer = resolve(imported.get(Field::Issuer), given.issuer, "issuer", |key| {
        cfg.issuer(key)
            .or_else(|| cfg.issuers.iter().position(|i| i.slug == key))
            .or_else(|| issuer_in_line(cfg, key))
    });
    let issuer = match issuer {
        Ok((i, from)) => {
            lines.push((Field::Issuer, cfg.issuers[i].name.clone(), from));
            Some(i)
        }
        Err(tried) => {
            let seen = imported
                .unknown_issuer
                .as_ref()
                .map_or(String::new(), |l| format!("落款“{l}”不是本站的发布机构；"));
            problems.push(format!(
                "{seen}无法确定发布机构{tried}；用 --issuer 指定，可用的有：{}",
                listing(cfg.issuer_names().collect())
            ));
            None
        }
    };
    let category = match resolve(
        imported.get(Field::Category),
        given.category,
        "category",
        |key| category_of(cfg, key),
    ) {
        Ok((c, from)) => {
            lines.push((Field::Category, cfg.categories[c].name.clone(), from));
            Some(c)
        }
        Err(tried) => {
            problems.push(format!(
                "无法确定栏目（公开目录）{tried}；用 --category 指定，可用的有：{}",
                listing(cfg.categories.iter().map(|c| c.name.as_str()).collect())
            ));
            None
        }
    };
    // 公开属性: the most restrictive of what the command line, the page and a 公文's 附注
    // say; a portal page that says nothing was public. A Word file must be given one.
    let mut stated: Vec<(Attribute, String)> = Vec::new();
    if let Some(a) = given.attribute {
        match Attribute::parse(a.trim()) {
            Some(v) => stated.push((v, "--attribute".into())),
            None => problems.push(format!(
                "公开属性 `{a}`（--attribute）无效，应为 {}",
                Attribute::one_of()
            )),
        }
    }
    if let Some(f) = imported.get(Field::Attribute) {
        match Attribute::parse(f.values[0].trim()) {
            Some(v) => stated.push((v, f.from.clone())),
            None => notes.push(format!(
                "公开属性 `{}`（{}）无法识别，未采用",
                f.values[0], f.from
            )),
        }
    }
    // A note that says 主动公开 never publishes on its own: a Word file still needs
    // --attribute, and the strictest statement wins anyway.
    let can_publish = !docx || given.attribute.is_some();
    for m in &imported.notes {
        let attribute = match m.note {
            Note::Withheld => Attribute::Withheld,
            Note::OnRequest => Attribute::OnRequest,
            Note::Public if can_publish => Attribute::Proactive,
            _ => continue,
        };
        stated.push((attribute, format!("{}{}", m.from, m.line)));
    }
    if stated.is_empty() && !docx {
        stated.push((Attribute::Proactive, "门户页面（已公开发布）".into()));
    }
    let attribute = stated.iter().max_by_key(|(a, _)| *a).cloned();
    let portal_public = !docx
        && attribute
            .as_ref()
            .is_some_and(|(a, _)| *a == Attribute::Proactive);
    match &attribute {
        Some((a, from)) => {
            if let Some((other, other_from)) = stated.iter().find(|(o, _)| o != a) {
                notes.push(format!(
                    "{other_from} 说{}，{from} 说{}：取更严格的{}",
                    other.label(),
                    a.label(),
                    a.label()
                ));
            }
            lines.push((Field::Attribute, a.label().to_string(), from.clone()));
        }
        None if problems.is_empty() || given.attribute.is_none() => problems.push(format!(
            "Word 文件没有写明能否公开：用 --attribute 指定 {}",
            Attribute::one_of()
        )),
        None => {}
    }
    let (Some(issuer), Some(category), Some(_)) = (issuer, category, attribute) else {
        return Plan::Refuse(problems.join("\n"));
    };
    if !problems.is_empty() {
        return Plan::Refuse(problems.join("\n"));
    }
    // Dates: a portal page's 发布日期, else the day it enters the catalogue.
    let published = match imported
        .get(Field::Published)
        .and_then(|f| Date::parse(&f.values[0]).ok().map(|d| (d, f.from.clone())))
    {
        Some(p) => p,
        None => (given.today, "--today（进入目录之日）".to_string()),
    };
    lines.push((
        Field::Published,
        published.0.to_string(),
        published.1.clone(),
    ));
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
    lines.insert(0, (Field::IndexNo, index_no.clone(), from));
    let year = if docx {
        given.today.year()
    } else {
        published.0.year()
    };
    let dir = format!("content/{}/{year}", cfg.issuers[issuer].slug);
    let stem = free_stem(&known.taken, &dir, sequence(&index_no), |rel| {
        known.files.iter().any(|f| f.rel == rel)
    });
    let rel = format!("{dir}/{stem}.md");
    // Images beside it, named after it.
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
                notes.push(format!(
                    "图片 {file} 在原文件中没有替代文字：请在正文中补上（image-alt）"
                ));
            }
        }
    }
    // Attachments: the files a portal page links to, and those a 公文 names found beside it.
    let mut attachments: Vec<String> = Vec::new();
    let mut wanted = std::mem::take(&mut imported.attachment_files);
    for name in &imported.attachment_names {
        match beside(source, name) {
            Some(p) => {
                let ext = extension(&p);
                wanted.push((format!("{name}.{ext}"), p));
            }
            None => notes.push(format!(
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
            notes.push(format!(
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
        lines.push((Field::Attachments, attachments.join("、"), from));
    }
    // Everything else the file said, checked against the vocabularies.
    for f in &imported.fields {
        match f.field {
            Field::Title | Field::DocNo | Field::Summary | Field::RegNo => {
                lines.push((f.field, f.values[0].clone(), f.from.clone()))
            }
            Field::Written | Field::Effective | Field::Expires => {
                if Date::parse(&f.values[0]).is_ok() {
                    lines.push((f.field, f.values[0].clone(), f.from.clone()));
                } else {
                    notes.push(format!(
                        "{} `{}` 不是日期，未采用",
                        f.field.chinese(),
                        f.values[0]
                    ));
                }
            }
            Field::Keywords => lines.push((f.field, f.values.join("、"), f.from.clone())),
            Field::Validity => match validity(&f.values[0]) {
                Some(v) => lines.push((f.field, v.label().to_string(), f.from.clone())),
                None => notes.push(format!("有效性 `{}` 无法识别，未采用", f.values[0])),
            },
            Field::DocType => match DocType::parse(f.values[0].trim()) {
                Some(t) => lines.push((f.field, t.label().to_string(), f.from.clone())),
                None => notes.push(format!("文件类型 `{}` 无法识别，未采用", f.values[0])),
            },
            _ => {}
        }
    }
    if lines.iter().all(|(f, _, _)| *f != Field::Title) {
        return Plan::Refuse("没有找到标题".into());
    }
    // Printed in the field table's order.
    lines.sort_by_key(|(f, _, _)| FIELDS.iter().position(|s| s.field == *f));
    let body = blocks::markdown(&imported.blocks);
    let reviewed = |file: &str| {
        (reviews.iter().find(|(n, _)| n == file))
            .map(|(_, sha)| (format!("{} {OLD_PORTAL}", given.today), sha.clone()))
    };
    let text =
        front_matter(cfg, category, &lines, &imported, source, hash, &reviewed) + "\n" + &body;
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
        lines,
        notes,
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

/// The first of the file's value and the command line's that `find` resolves, with where it
/// came from; else what was tried, for the message.
fn resolve(
    found: Option<&Found>,
    option: Option<&str>,
    name: &str,
    find: impl Fn(&str) -> Option<usize>,
) -> Result<(usize, String), String> {
    let mut tried = Vec::new();
    if let Some(f) = found {
        match find(&f.values[0]) {
            Some(i) => return Ok((i, f.from.clone())),
            None => tried.push(format!("`{}`（{}）", f.values[0], f.from)),
        }
    }
    if let Some(key) = option {
        match find(key) {
            Some(i) => return Ok((i, format!("--{name}"))),
            None => tried.push(format!("`{key}`（--{name}）")),
        }
    }
    if tried.is_empty() {
        Err(String::new())
    } else {
        Err(format!("：{}都不在 site.toml 中", tried.join("、")))
    }
}

/// A category by id or name, or by the last part of a path such as `法定主动公开内容 > 政策文件`.
fn category_of(cfg: &Config, key: &str) -> Option<usize> {
    let key = key.trim();
    cfg.category(key).or_else(|| {
        let last = key
            .rsplit(['>', '/', '\\', '》', '›', '-', '|'])
            .map(str::trim)
            .find(|s| !s.is_empty())?;
        cfg.category(last)
    })
}

/// An issuer named at the end of a line such as 示例县人民政府办公室: the longest name that
/// ends it.
pub fn issuer_in_line(cfg: &Config, line: &str) -> Option<usize> {
    let line = blocks::clean(line);
    cfg.issuers
        .iter()
        .enumerate()
        .flat_map(|(i, is)| {
            std::iter::once(is.name.as_str())
                .chain(is.aliases.iter().map(String::as_str))
                .map(move |n| (i, n))
        })
        .filter(|(_, n)| !n.is_empty() && line.ends_with(n))
        .max_by_key(|(_, n)| n.len())
        .map(|(i, _)| i)
}

fn validity(text: &str) -> Option<Validity> {
    let t = text.trim();
    Validity::parse(t).or(match t {
        "现行有效" | "有效文件" => Some(Validity::Valid),
        "已失效" | "失效文件" => Some(Validity::Expired),
        "已废止" => Some(Validity::Repealed),
        _ => None,
    })
}

/// A file stem in `dir` taken by nothing: `012`, else `012-2` ….
fn free_stem(
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
