//! A page saved from an old portal (TRS, 大汉, 开普云 … or a gongkai site) read with an HTML5
//! parser: the metadata from its label cells (索引号：… in a cell, a `<th>`, a `<b>`), the body
//! from its main content block without navigation, footer or share buttons, attachments and
//! images by their local paths. Linear in the page: labels are found among text nodes, and
//! the body is walked with a depth limit, deeper content read as plain text.

use super::Imported;
use super::blocks::{Block, Cell, Para, Table, clean};
use crate::frontmatter::{FIELDS, Field};
use scraper::{ElementRef, Html, Node, Selector};
use std::path::Path;

/// Pages larger than this are not portal pages.
const MAX_PAGE: u64 = 16 << 20;
/// Elements nested deeper than this inside the content block are read as their text.
const MAX_DEPTH: usize = 64;

/// Open elements a page may nest, estimated before parsing.
const MAX_NESTING: usize = 1000;

/// How deep a page's elements nest, estimated from its tags: elements that need no end tag
/// (and those pages often leave open) are not counted.
fn nesting(text: &str) -> usize {
    const FLAT: &[&str] = &[
        "p", "li", "td", "th", "tr", "br", "img", "input", "meta", "link", "hr", "option", "dt",
        "dd", "col", "area", "base", "wbr", "source", "!doctype", "!--",
    ];
    let (mut depth, mut max) = (0usize, 0usize);
    for tag in text.split('<').skip(1) {
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!' || *c == '-')
            .collect::<String>()
            .to_ascii_lowercase();
        if name.is_empty()
            || FLAT.contains(&name.as_str())
            || tag.split('>').next().is_some_and(|t| t.ends_with('/'))
        {
            continue;
        }
        if closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// Where portals put the body, most specific first; gongkai's own `.doc-body` among them.
const CONTENT: &[&str] = &[
    ".doc-body",
    ".TRS_Editor",
    "#zoom",
    ".zoom",
    "#UCAP-CONTENT",
    ".article-content",
    ".pages_content",
    "#content",
    ".content",
    "article",
    "main",
];

/// Labels portals print that are not the field table's Chinese names.
const SYNONYMS: &[(&str, Field)] = &[
    ("所属主题", Field::Category),
    ("主题分类", Field::Category),
    ("信息分类", Field::Category),
    ("所属栏目", Field::Category),
    ("发文机关", Field::Issuer),
    ("发布单位", Field::Issuer),
    ("发文日期", Field::Written),
    ("生成日期", Field::Written),
    ("发布时间", Field::Published),
    ("公开日期", Field::Published),
    ("发文字号", Field::DocNo),
    ("关键词", Field::Keywords),
    ("公开方式", Field::Attribute),
    ("信息名称", Field::Title),
    ("文件名称", Field::Title),
    ("内容概要", Field::Summary),
    ("摘要", Field::Summary),
];

/// File types a link names as an attachment, not as a page.
const ATTACHMENT_TYPES: &[&str] = &[
    "pdf", "doc", "docx", "xls", "xlsx", "wps", "et", "ofd", "odt", "ods", "csv", "txt", "zip",
    "rar", "7z",
];

/// The field a label cell names: `索引号：`, `【发布机构】`, `文　号`.
fn label(text: &str) -> Option<Field> {
    let key: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{3000}' && *c != '\u{a0}')
        .collect();
    let key = key
        .trim_start_matches(['【', '[', '〔'])
        .trim_end_matches([':', '：', '】', ']', '〕']);
    FIELDS
        .iter()
        .find(|s| s.alias == key)
        .map(|s| s.field)
        .or_else(|| SYNONYMS.iter().find(|(k, _)| *k == key).map(|(_, f)| *f))
        .filter(|f| *f != Field::Attachments)
}

/// Split `索引号：1133…` into the label's field and what follows the colon.
fn label_and_value(text: &str) -> Option<(Field, Option<String>)> {
    if let Some(f) = label(text) {
        return Some((f, None));
    }
    let (head, rest) = text.split_once(['：', ':'])?;
    let f = label(head)?;
    let rest = rest.trim();
    Some((f, (!rest.is_empty()).then(|| rest.to_string())))
}

/// The text of a saved page: UTF-8, else the charset its `<meta>` names (GBK is common).
fn decode(bytes: &[u8]) -> String {
    if let Ok(s) = std::str::from_utf8(bytes) {
        return s.to_string();
    }
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(2048)]).to_lowercase();
    let label = head
        .split("charset=")
        .nth(1)
        .map(|rest| {
            rest.trim_start_matches(['"', '\''])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect::<String>()
        })
        .unwrap_or_else(|| "gbk".into());
    let encoding = encoding_rs::Encoding::for_label(label.as_bytes()).unwrap_or(encoding_rs::GBK);
    encoding.decode(bytes).0.into_owned()
}

pub fn read(path: &Path) -> Result<Imported, String> {
    let size = std::fs::metadata(path)
        .map_err(|e| format!("读取失败：{e}"))?
        .len();
    if size > MAX_PAGE {
        return Err(format!("网页超过 {} MB，不像门户的文件页", MAX_PAGE >> 20));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("读取失败：{e}"))?;
    let text = decode(&bytes);
    // The HTML5 tree builder looks through the open elements at each tag: a page nested
    // tens of thousands deep would take minutes. No saved page comes near the limit.
    if nesting(&text) > MAX_NESTING {
        return Err(format!(
            "网页元素嵌套超过 {MAX_NESTING} 层，不像门户的文件页，未读取"
        ));
    }
    let html = Html::parse_document(&text);
    let folder = path.parent().unwrap_or(Path::new("."));
    let mut out = Imported::default();
    labels(&html, &mut out);
    let content = CONTENT
        .iter()
        .filter_map(|s| Selector::parse(s).ok())
        .find_map(|s| html.select(&s).next());
    let Some(content) = content else {
        return Err("没有找到正文区域（.TRS_Editor、#zoom、.content、article 等）".into());
    };
    if out.get(Field::Title).is_none() {
        let title = Selector::parse("h1")
            .ok()
            .and_then(|s| html.select(&s).next())
            .map(|h| clean(&h.text().collect::<String>()))
            .filter(|t| !t.is_empty())
            .map(|t| (t, "<h1>"))
            .or_else(|| {
                let s = Selector::parse("title").ok()?;
                let t = clean(&html.select(&s).next()?.text().collect::<String>());
                // "文件标题_示例县人民政府" → the part before the site's name.
                let t = t.split(['_', '|']).next().unwrap_or("").trim().to_string();
                (!t.is_empty()).then_some((t, "<title>"))
            });
        if let Some((t, from)) = title {
            out.found(Field::Title, t, from.into());
        }
    }
    let mut walk = Walk {
        folder,
        blocks: Vec::new(),
        line: String::new(),
        images: Vec::new(),
        attachments: Vec::new(),
        title: out.value(Field::Title).unwrap_or("").to_string(),
    };
    walk.children(content, 0);
    walk.flush();
    // Notes and marks standing alone in the body (SPEC §15); a note that only says whether
    // the page may be published leaves the body.
    for (k, note, line) in super::gongwen::notes_in(&walk.blocks) {
        out.notes.push(super::Marked {
            note,
            line,
            from: format!("正文第 {} 段", k + 1),
        });
    }
    walk.blocks.retain(|b| !super::gongwen::only_a_note(b));
    out.blocks = walk.blocks;
    for (src, alt, name) in walk.images {
        match local(folder, &src) {
            Some(p) => match std::fs::read(&p) {
                Ok(bytes) => out.images.push((name, bytes)),
                Err(_) => out.dropped.push(format!("图片 {src}（无法读取）")),
            },
            None => out
                .dropped
                .push(format!("图片 {src}（保存的文件夹中没有，alt：{alt}）")),
        }
    }
    // The images kept are those found; the others leave the body.
    let kept: Vec<&str> = out.images.iter().map(|(n, _)| n.as_str()).collect();
    let kept: std::collections::HashSet<String> = kept.into_iter().map(String::from).collect();
    out.blocks
        .retain(|b| !matches!(b, Block::Image { file, .. } if !kept.contains(file)));
    for (text, href) in walk.attachments {
        match local(folder, &href) {
            Some(p) => {
                let ext = super::plan::extension(&p);
                let mut name = clean(&text)
                    .chars()
                    .filter(|c| !"/\\:*?\"<>|".contains(*c))
                    .collect::<String>();
                let lower = name.to_lowercase();
                if name.is_empty() {
                    name = p
                        .file_name()
                        .map_or(String::new(), |n| n.to_string_lossy().into_owned());
                } else if !lower.ends_with(&format!(".{ext}")) {
                    name = format!("{name}.{ext}");
                }
                out.attachment_files.push((name, p));
            }
            None => out
                .dropped
                .push(format!("附件 {text}（{href} 不在保存的文件夹中）")),
        }
    }
    Ok(out)
}

/// The page's label cells, each label's value the text that follows it.
fn labels(html: &Html, out: &mut Imported) {
    let texts: Vec<String> = html
        .root_element()
        .descendants()
        .filter_map(|n| match n.value() {
            Node::Text(t) => {
                // Not a script's text, nor a search form's or a menu's labels (a few
                // ancestors up: enough for any portal, bounded for a hostile page).
                let hidden = n.ancestors().take(8).filter_map(ElementRef::wrap).any(|p| {
                    matches!(
                        p.value().name(),
                        "script"
                            | "style"
                            | "noscript"
                            | "title"
                            | "form"
                            | "select"
                            | "option"
                            | "label"
                            | "button"
                            | "nav"
                            | "header"
                            | "footer"
                    )
                });
                let t = t.trim();
                (!hidden && !t.is_empty()).then(|| t.to_string())
            }
            _ => None,
        })
        .collect();
    for (i, t) in texts.iter().enumerate() {
        if t.chars().count() > 200 {
            continue;
        }
        let Some((field, inline)) = label_and_value(t) else {
            continue;
        };
        let value = inline.or_else(|| {
            texts
                .get(i + 1)
                .filter(|next| label_and_value(next).is_none())
                .cloned()
        });
        let Some(value) = value else { continue };
        let name: String = t
            .split(['：', ':'])
            .next()
            .unwrap_or(t)
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{3000}')
            .collect();
        let from = format!("标签“{name}”");
        if field == Field::Keywords {
            let words: Vec<String> = value
                .split(|c: char| c.is_whitespace() || "、，,；;\u{3000}".contains(c))
                .filter(|w| !w.is_empty())
                .map(str::to_string)
                .collect();
            if !words.is_empty() {
                out.keywords(words, from);
            }
        } else {
            let value = match field {
                Field::Published | Field::Written | Field::Effective | Field::Expires => {
                    date(&value).unwrap_or(value)
                }
                _ => clean(&value),
            };
            out.found(field, value, from);
        }
    }
}

/// `2026-03-10`, `2026年03月10日`, `2026/3/10 09:30` → `2026-03-10`.
pub fn date(text: &str) -> Option<String> {
    let digits: Vec<u32> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .take(3)
        .filter_map(|s| s.parse().ok())
        .collect();
    let [y, m, d] = digits[..] else { return None };
    let date = crate::date::Date::new(y as i32, u8::try_from(m).ok()?, u8::try_from(d).ok()?)?;
    Some(date.to_string())
}

/// The file a link of the saved page points to, when the saved folder holds it.
fn local(folder: &Path, href: &str) -> Option<std::path::PathBuf> {
    if href.contains("://") || href.starts_with("//") || href.starts_with("data:") {
        return None;
    }
    let href = href.split(['?', '#']).next()?;
    let decoded = percent_decode(href);
    let p = folder.join(decoded.trim_start_matches('/'));
    // Only inside the saved page's own folder.
    let real = p.canonicalize().ok()?;
    let base = folder.canonicalize().ok()?;
    (real.starts_with(&base) && real.is_file()).then_some(real)
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..(i + 3).min(s.len())], 16)
        {
            out.push(b);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The walk over the content block.
struct Walk<'a> {
    folder: &'a Path,
    blocks: Vec<Block>,
    line: String,
    /// (src, alt, name in the body).
    images: Vec<(String, String, String)>,
    /// (link text, href).
    attachments: Vec<(String, String)>,
    title: String,
}

/// Elements whose content is no part of the document.
fn skipped(e: &scraper::node::Element) -> bool {
    if matches!(
        e.name(),
        "script"
            | "style"
            | "noscript"
            | "iframe"
            | "form"
            | "button"
            | "input"
            | "select"
            | "nav"
            | "header"
            | "footer"
            | "object"
            | "embed"
            | "svg"
            | "template"
    ) {
        return true;
    }
    let marks = e
        .id()
        .into_iter()
        .chain(e.classes())
        .map(str::to_lowercase)
        .collect::<Vec<_>>();
    marks.iter().any(|m| {
        [
            "share",
            "fenxiang",
            "bdshare",
            "print",
            "close",
            "breadcrumb",
            "crumb",
            "nav",
            "footer",
            "pager",
            "hidden",
        ]
        .iter()
        .any(|w| m.contains(w))
    })
}

const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "li",
    "ul",
    "ol",
    "blockquote",
    "center",
    "pre",
    "dl",
    "dt",
    "dd",
    "figure",
    "figcaption",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "tbody",
];

impl Walk<'_> {
    fn flush(&mut self) {
        let text = clean(&self.line);
        self.line.clear();
        // A line that only introduced the attachments taken out of it.
        let bare = matches!(
            text.as_str(),
            "附件" | "附件：" | "附件:" | "相关附件" | "附件下载"
        );
        if !text.is_empty() && !bare && text != clean(&self.title) {
            self.blocks.push(Block::Para(Para::plain(&text)));
        }
    }

    fn children(&mut self, e: ElementRef, depth: usize) {
        for child in e.children() {
            match child.value() {
                Node::Text(t) => self.line.push_str(t),
                Node::Element(_) => {
                    if let Some(el) = ElementRef::wrap(child) {
                        self.element(el, depth + 1);
                    }
                }
                _ => {}
            }
        }
    }

    fn element(&mut self, e: ElementRef, depth: usize) {
        let el = e.value();
        if skipped(el) {
            return;
        }
        let name = el.name();
        if depth > MAX_DEPTH {
            self.line.push_str(&e.text().collect::<String>());
            return;
        }
        match name {
            "br" => self.flush(),
            "img" => {
                self.flush();
                let src = el.attr("src").unwrap_or("").to_string();
                let alt = clean(el.attr("alt").or(el.attr("title")).unwrap_or(""));
                let ext =
                    super::plan::extension(Path::new(src.split(['?', '#']).next().unwrap_or("")));
                let ext = if ext.is_empty() {
                    "png".to_string()
                } else {
                    ext
                };
                let name = format!("图{}.{ext}", self.images.len() + 1);
                self.images.push((src, alt.clone(), name.clone()));
                self.blocks.push(Block::Image { file: name, alt });
            }
            "a" => {
                let href = el.attr("href").unwrap_or("");
                let path = href.split(['?', '#']).next().unwrap_or("");
                let ext = super::plan::extension(Path::new(path));
                if ATTACHMENT_TYPES.contains(&ext.as_str()) && local(self.folder, href).is_some() {
                    self.attachments
                        .push((e.text().collect::<String>(), href.to_string()));
                } else {
                    self.children(e, depth);
                }
            }
            "table" if !self.layout(e) => {
                self.flush();
                self.blocks.push(Block::Table(table(e)));
            }
            h if h.len() == 2 && h.starts_with('h') && h.as_bytes()[1].is_ascii_digit() => {
                self.flush();
                let level = h.as_bytes()[1] - b'0';
                let text = clean(&e.text().collect::<String>());
                if !text.is_empty() && text != clean(&self.title) {
                    self.blocks.push(Block::Para(Para {
                        text,
                        heading: Some(level.max(2)),
                        ..Para::default()
                    }));
                }
            }
            _ if BLOCKS.contains(&name) || name == "table" || name == "td" || name == "th" => {
                self.flush();
                self.children(e, depth);
                self.flush();
            }
            _ => self.children(e, depth),
        }
    }

    /// A table used for layout (cells holding tables or paragraphs), walked as blocks.
    fn layout(&self, e: ElementRef) -> bool {
        e.descendants().skip(1).any(|n| {
            ElementRef::wrap(n)
                .is_some_and(|x| matches!(x.value().name(), "table" | "p" | "div" | "img"))
        })
    }
}

/// A data table's rows and cells with their spans.
fn table(e: ElementRef) -> Table {
    let mut rows = Vec::new();
    for tr in e
        .descendants()
        .filter_map(ElementRef::wrap)
        .filter(|x| x.value().name() == "tr")
    {
        let cells: Vec<Cell> = tr
            .children()
            .filter_map(ElementRef::wrap)
            .filter(|c| matches!(c.value().name(), "td" | "th"))
            .map(|c| {
                let span = |a: &str| {
                    c.value()
                        .attr(a)
                        .and_then(|v| v.trim().parse::<u32>().ok())
                        .unwrap_or(1)
                        .clamp(1, 64)
                };
                Cell {
                    text: c.text().collect::<String>(),
                    colspan: span("colspan"),
                    rowspan: span("rowspan"),
                }
            })
            .collect();
        if !cells.is_empty() {
            rows.push(cells);
        }
    }
    Table { rows }
}

#[cfg(test)]
mod tests;
