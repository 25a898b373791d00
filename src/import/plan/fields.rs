//! The fields of an imported file, resolved against site.toml: 发布机构 and 公开目录 (the
//! file's own when it names one of the site's, else the command line's), 公开属性 (the
//! strictest statement), 发布日期, and the rest checked against the vocabularies.

use super::super::{Found, Imported};
use super::{Draft, Given, blocks};
use crate::config::Config;
use crate::date::Date;
use crate::frontmatter::Field;
use crate::model::labels::{Attribute, Choice, DocType, Validity};
use crate::model::notes::Note;

fn listing(values: Vec<&str>) -> String {
    values.join("、")
}

/// 发布机构: what the file says when it names one of the site's, else the command line's.
pub(super) fn issuer(
    cfg: &Config,
    imported: &Imported,
    given: &Given,
    d: &mut Draft,
) -> Option<usize> {
    let issuer = resolve(imported.get(Field::Issuer), given.issuer, "issuer", |key| {
        cfg.issuer(key)
            .or_else(|| cfg.issuers.iter().position(|i| i.slug == key))
            .or_else(|| issuer_in_line(cfg, key))
    });
    match issuer {
        Ok((i, from)) => {
            d.lines
                .push((Field::Issuer, cfg.issuers[i].name.clone(), from));
            Some(i)
        }
        Err(tried) => {
            let seen = imported
                .unknown_issuer
                .as_ref()
                .map_or(String::new(), |l| format!("落款“{l}”不是本站的发布机构；"));
            d.problems.push(format!(
                "{seen}无法确定发布机构{tried}；用 --issuer 指定，可用的有：{}",
                listing(cfg.issuer_names().collect())
            ));
            None
        }
    }
}

/// 公开目录, likewise.
pub(super) fn category(
    cfg: &Config,
    imported: &Imported,
    given: &Given,
    d: &mut Draft,
) -> Option<usize> {
    match resolve(
        imported.get(Field::Category),
        given.category,
        "category",
        |key| category_of(cfg, key),
    ) {
        Ok((c, from)) => {
            d.lines
                .push((Field::Category, cfg.categories[c].name.clone(), from));
            Some(c)
        }
        Err(tried) => {
            d.problems.push(format!(
                "无法确定栏目（公开目录）{tried}；用 --category 指定，可用的有：{}",
                listing(cfg.categories.iter().map(|c| c.name.as_str()).collect())
            ));
            None
        }
    }
}

/// 公开属性: the most restrictive of what the command line, the page and a 公文's 附注 say;
/// a portal page that says nothing was public. A Word file must be given one.
pub(super) fn attribute(
    imported: &Imported,
    given: &Given,
    docx: bool,
    d: &mut Draft,
) -> Option<Attribute> {
    let mut stated: Vec<(Attribute, String)> = Vec::new();
    if let Some(a) = given.attribute {
        match Attribute::parse(a.trim()) {
            Some(v) => stated.push((v, "--attribute".into())),
            None => d.problems.push(format!(
                "公开属性 `{a}`（--attribute）无效，应为 {}",
                Attribute::one_of()
            )),
        }
    }
    if let Some(f) = imported.get(Field::Attribute) {
        match Attribute::parse(f.values[0].trim()) {
            Some(v) => stated.push((v, f.from.clone())),
            None => d.notes.push(format!(
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
    match &attribute {
        Some((a, from)) => {
            if let Some((other, other_from)) = stated.iter().find(|(o, _)| o != a) {
                d.notes.push(format!(
                    "{other_from} 说{}，{from} 说{}：取更严格的{}",
                    other.label(),
                    a.label(),
                    a.label()
                ));
            }
            d.lines
                .push((Field::Attribute, a.label().to_string(), from.clone()));
        }
        None if d.problems.is_empty() || given.attribute.is_none() => d.problems.push(format!(
            "Word 文件没有写明能否公开：用 --attribute 指定 {}",
            Attribute::one_of()
        )),
        None => {}
    }
    attribute.map(|(a, _)| a)
}

/// 发布日期: a portal page's, else the day the document enters the catalogue.
pub(super) fn published(imported: &Imported, given: &Given, d: &mut Draft) -> Date {
    let published = match imported
        .get(Field::Published)
        .and_then(|f| Date::parse(&f.values[0]).ok().map(|d| (d, f.from.clone())))
    {
        Some(p) => p,
        None => (given.today, "--today（进入目录之日）".to_string()),
    };
    d.lines.push((
        Field::Published,
        published.0.to_string(),
        published.1.clone(),
    ));
    published.0
}

/// Everything else the file said, checked against the vocabularies.
pub(super) fn others(imported: &Imported, d: &mut Draft) {
    for f in &imported.fields {
        match f.field {
            // The title is chosen by `title`.
            Field::Title => {}
            Field::DocNo | Field::Summary | Field::RegNo => {
                d.lines.push((f.field, f.values[0].clone(), f.from.clone()))
            }
            Field::Written | Field::Effective | Field::Expires => {
                if Date::parse(&f.values[0]).is_ok() {
                    d.lines.push((f.field, f.values[0].clone(), f.from.clone()));
                } else {
                    d.notes.push(format!(
                        "{} `{}` 不是日期，未采用",
                        f.field.chinese(),
                        f.values[0]
                    ));
                }
            }
            Field::Keywords => d.lines.push((f.field, f.values.join("、"), f.from.clone())),
            Field::Validity => match validity(&f.values[0]) {
                Some(v) => d
                    .lines
                    .push((f.field, v.label().to_string(), f.from.clone())),
                None => d
                    .notes
                    .push(format!("有效性 `{}` 无法识别，未采用", f.values[0])),
            },
            Field::DocType => match DocType::parse(f.values[0].trim()) {
                Some(t) => d
                    .lines
                    .push((f.field, t.label().to_string(), f.from.clone())),
                None => d
                    .notes
                    .push(format!("文件类型 `{}` 无法识别，未采用", f.values[0])),
            },
            _ => {}
        }
    }
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

/// 标题: the command line's, else the file's own, else, for a Word file, its name (offices
/// name files by their titles), unless that is a name Windows or Word makes up
/// (`新建 Microsoft Word 文档 (2)`, `文档1`, `副本`): then the file is refused with the
/// `--title` hint.
pub(super) fn title(
    imported: &Imported,
    given: &Given,
    source: &std::path::Path,
    docx: bool,
    d: &mut Draft,
) -> Result<(), String> {
    let (title, from) = if let Some(t) = given.title.map(str::trim).filter(|t| !t.is_empty()) {
        (t.to_string(), "命令行 --title".to_string())
    } else if let Some(f) = imported.fields.iter().find(|f| f.field == Field::Title) {
        (f.values[0].clone(), f.from.clone())
    } else {
        let name = super::files::name_of(source).filter(|_| docx);
        match name.as_deref().and_then(title_of_name) {
            Some(n) => (n, "文件名（文件中没有找到标题）".to_string()),
            None => {
                return Err(
                    "没有找到标题，文件名也不是标题：请用 --title \"标题\" 指定 (no title found)"
                        .into(),
                );
            }
        }
    };
    d.lines.push((Field::Title, title, from));
    Ok(())
}

/// The title a file's name gives: the name without a copy's ` (2)` or ` - 副本`; none when
/// it is a name Windows, Word or WPS gives a file nobody named (`新建 Microsoft Word 文档`,
/// `文档1`, `Document1`, `未命名`, `副本`), or has no letter or Chinese character in it.
pub(super) fn title_of_name(name: &str) -> Option<String> {
    static MADE_UP: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?ix)^(
                新建\s*(microsoft\s*)?(office\s*)?(word|docx?|wps)?\s*(文字)?\s*文档
              | 文字文稿\s*\d*
              | 新建\s*文件
              | 新文档
              | 文档\s*\d*
              | document\s*\d*
              | 未命名\S*
              | 无标题\S*
              | untitled\S*
              | 副本
              | copy
            )$",
        )
        .expect("a valid pattern")
    });
    static COPY: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(?i)(\s*[-－—_]?\s*(副本|copy)|\s*[(（]\d+[)）])+$")
            .expect("a valid pattern")
    });
    let bare = COPY.replace(name.trim(), "");
    let bare = bare.trim();
    let named =
        !bare.is_empty() && !MADE_UP.is_match(bare) && bare.chars().any(char::is_alphabetic);
    named.then(|| bare.to_string())
}

#[cfg(test)]
mod tests {
    use super::title_of_name;

    #[test]
    fn a_made_up_name_is_no_title_and_a_copy_s_mark_is_dropped() {
        for made_up in [
            "新建 Microsoft Word 文档",
            "新建 Microsoft Word 文档 (3)",
            "新建 DOCX 文档",
            "新建WPS文字文档",
            "新建 DOC 文档",
            "文字文稿1",
            "文档1",
            "Document12 - 副本",
            "副本",
            "未命名1",
            "Untitled",
            "2026-05-01",
            "  ",
        ] {
            assert_eq!(title_of_name(made_up), None, "{made_up}");
        }
        for (name, title) in [
            ("关于做好防汛工作的通知", "关于做好防汛工作的通知"),
            ("关于做好防汛工作的通知 - 副本", "关于做好防汛工作的通知"),
            ("关于做好防汛工作的通知（2）", "关于做好防汛工作的通知"),
            ("县文档管理办法", "县文档管理办法"),
            ("Annual report 2025", "Annual report 2025"),
        ] {
            assert_eq!(title_of_name(name).as_deref(), Some(title), "{name}");
        }
    }
}
