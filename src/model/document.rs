//! One document, validated: front-matter values checked and resolved against site.toml.
//!
//! The body stays inside [`Document`] and is readable only within `model`; what leaves for
//! the pages goes through `visibility`, which knows which documents may show it.

use crate::config::Config;
use crate::date::{Date, DateError};
use crate::diag::position::Position;
use crate::diag::suggest::did_you_mean;
use crate::diag::{Diagnostic, codes};
use crate::frontmatter::{self, Entry, Field, RawValue};
use crate::source::SourceFile;
use crate::source::attachments::{AttachmentError, Found};
use std::collections::BTreeMap;
use std::path::PathBuf;

pub use super::labels::{Attribute, Choice, DocType, Validity};

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

/// `Document` with a member for each field of the field table, the fields' parsing and
/// `Document::value`, made from the rows of `frontmatter::fields::field_table` (SPEC §2).
macro_rules! document_fields {
    ($(
        $(#[$doc:meta])*
        $variant:ident { $($declaration:tt)* } => $member:ident : $ty:ty = $parse:expr; $value:expr;
    )*) => {
        #[derive(Debug)]
        pub struct Document {
            /// Path relative to the site root, e.g. `content/jyj/2026/1.md`.
            pub file: String,
            /// URL segment derived from the index number.
            pub slug: String,
            $($(#[$doc])* pub $member: $ty,)*
            /// Images the body shows that are files beside it and not attachments: published
            /// with the page, like attachments (SPEC §14).
            pub images: Vec<Attachment>,
            /// Every source file the body links to or shows (paths from the site root), so
            /// `serve` knows which pages a change elsewhere moves.
            pub links: Vec<String>,
            /// Position of each field's key, for findings about it.
            pub positions: BTreeMap<Field, Position>,
            /// Key as the editor wrote it (English or Chinese), for messages.
            pub keys: BTreeMap<Field, String>,
            /// 1-based line where the body starts.
            pub body_line: usize,
            text: String,
            body_offset: usize,
            /// The body rendered once: its sanitized HTML and its published text (SPEC §9),
            /// made from that HTML.
            rendered: crate::markdown::Rendered,
        }

        /// Every field as read from the front matter; `None` where the document cannot be
        /// built (an error says why).
        struct Fields {
            $($member: Option<$ty>,)*
        }

        impl Fields {
            fn read(v: &mut Validator) -> Fields {
                Fields {
                    $($member: parse_with(v, $parse),)*
                }
            }

            /// The document, when every field could be read.
            fn document(self, rest: Rest) -> Option<Document> {
                Some(Document {
                    $($member: self.$member?,)*
                    file: rest.file,
                    slug: rest.slug,
                    images: rest.images,
                    links: rest.links,
                    positions: rest.positions,
                    keys: rest.keys,
                    body_line: rest.body_line,
                    text: rest.text,
                    body_offset: rest.body_offset,
                    rendered: rest.rendered,
                })
            }
        }

        impl Document {
            /// The value of a field: the one match that knows every field (SPEC §2).
            pub fn value(&self, f: Field) -> Value<'_> {
                match f {
                    $(Field::$variant => value_of(self, $value),)*
                }
            }
        }
    };
}

crate::frontmatter::fields::field_table!(document_fields);

/// A field's parse from the table, given the validator's type.
fn parse_with<T>(v: &mut Validator, parse: impl FnOnce(&mut Validator) -> Option<T>) -> Option<T> {
    parse(v)
}

/// A field's value from the table, given the document's type and lifetime.
fn value_of<'a>(d: &'a Document, value: impl FnOnce(&'a Document) -> Value<'a>) -> Value<'a> {
    value(d)
}

/// What a document holds besides its fields.
struct Rest {
    file: String,
    slug: String,
    images: Vec<Attachment>,
    links: Vec<String>,
    positions: BTreeMap<Field, Position>,
    keys: BTreeMap<Field, String>,
    body_line: usize,
    text: String,
    body_offset: usize,
    rendered: crate::markdown::Rendered,
}

/// The longest 内容概述, in characters (SPEC §14).
pub const SUMMARY_CHARS: usize = 300;

fn text(t: &Option<String>) -> Value<'_> {
    t.as_deref().map_or(Value::Absent, Value::Text)
}

fn date(d: Option<Date>) -> Value<'static> {
    d.map_or(Value::Absent, Value::Date)
}

/// A field's value as `serve` compares it and the exports write it.
#[derive(Debug, PartialEq, Eq)]
pub enum Value<'a> {
    /// Not given.
    Absent,
    Text(&'a str),
    Date(Date),
    List(&'a [String]),
    /// A value of a closed list (`Choice::label`).
    Label(&'static str),
    /// An issuer of site.toml, by position.
    Issuer(usize),
    /// A column of site.toml, by position.
    Category(usize),
    /// Attachments, as written.
    Paths(Vec<&'a str>),
}

impl Document {
    /// The Markdown body. Only `model` reads it; pages get it through `visibility`.
    pub(in crate::model) fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// The body's published text, whatever the document's attribute. Only `model` reads it.
    pub(in crate::model) fn published_text(&self) -> &str {
        &self.rendered.text
    }

    /// The body's sanitized HTML, whatever the document's attribute. Only `model` reads it.
    pub(in crate::model) fn published_html(&self) -> &str {
        &self.rendered.html
    }

    /// The field name as written in this document, for messages.
    pub fn key(&self, f: Field) -> &str {
        self.keys.get(&f).map_or(f.english(), String::as_str)
    }
}

/// Resolves an attachment path (document folder relative to `content/`, path as written).
pub type Resolver<'a> = dyn Fn(&str, &str) -> Result<Found, AttachmentError> + Sync + 'a;

/// Validate one source file against the site settings.
/// Control characters written into the file itself, with their positions (SPEC §9).
fn control_characters(text: &str) -> Vec<Diagnostic> {
    use crate::frontmatter::bounds;
    let found = bounds::control_characters(text, 5);
    if found.is_empty() {
        return Vec::new();
    }
    let index = crate::diag::position::LineIndex::new(text);
    found
        .into_iter()
        .map(|(at, c)| {
            Diagnostic::error(
                codes::CONTROL_CHARACTER,
                format!(
                    "文件含有控制字符 {}（常见于从 Word 或网页粘贴），会破坏网页和订阅源 (control character)",
                    bounds::describe(c)
                ),
            )
            .at(Some(index.position(at)))
            .help("删去这个字符；Word 的软回车（Shift+Enter）改为正常换行")
        })
        .collect()
}

pub fn validate(
    src: SourceFile,
    config: &Config,
    resolve: &Resolver,
) -> (Option<Document>, Vec<Diagnostic>) {
    let (fm, mut diags) = frontmatter::parse(&src.text);
    diags.extend(control_characters(&src.text));
    let file = src.rel.clone();
    let Some(fm) = fm else {
        return (None, diags.into_iter().map(|d| d.in_file(&file)).collect());
    };
    let doc_dir = src.rel.strip_prefix("content/").unwrap_or(&src.rel);
    let doc_dir = doc_dir.rsplit_once('/').map_or("", |(d, _)| d);
    let mut v = Validator {
        entries: &fm.entries,
        diags: &mut diags,
        config,
        doc_dir,
        resolve,
    };
    let fields = Fields::read(&mut v);
    if let (Some(Some(from)), Some(Some(to))) = (fields.effective, fields.expires)
        && to < from
    {
        v.error(
            codes::INVALID_DATE,
            Field::Expires,
            format!("有效期至 {to} 早于施行日期 {from} (term ends before it begins)"),
            "有效期至是有效期的最后一天，应晚于施行日期".into(),
        );
    }
    if let (Some(p), Some(Some(w))) = (fields.published, fields.written)
        && w > p
    {
        v.error(
            codes::INVALID_DATE,
            Field::Written,
            format!("成文日期 {w} 晚于发布日期 {p} (written after published)"),
            "成文日期是文件形成的日期，应早于或等于发布日期".into(),
        );
    }
    let body = &src.text[fm.body_offset..];
    // Raw HTML nested too deep is refused before the sanitizer sees it (SPEC §15): 150,000
    // nested elements took the sanitizer's tree more than 15 s.
    let rendered = match crate::markdown::too_deep(body) {
        Some(at) => {
            let index = crate::diag::position::LineIndex::new(&src.text);
            diags.push(
                Diagnostic::error(
                    codes::NESTING_TOO_DEEP,
                    format!(
                        "正文的 HTML 标签嵌套超过 {} 层，不予处理 (raw HTML nested too deeply)",
                        crate::markdown::MAX_HTML_DEPTH
                    ),
                )
                .at(Some(index.position(fm.body_offset + at)))
                .help("正文用 Markdown 书写；从网页粘贴的 HTML 先去掉多余的 <div> 嵌套"),
            );
            crate::markdown::render("")
        }
        None => crate::markdown::render(body),
    };
    let mut v = Validator {
        entries: &fm.entries,
        diags: &mut diags,
        config,
        doc_dir,
        resolve,
    };
    let no_attachments = Vec::new();
    let attachments = fields.attachments.as_ref().unwrap_or(&no_attachments);
    let (images, links) = v.images(&file, &rendered.html, attachments, resolve);
    for d in diags.iter_mut() {
        d.file = Some(file.clone());
    }
    let doc = if diags.iter().any(Diagnostic::is_error) {
        None
    } else {
        let slug = fields.index_no.as_deref().map(slug).unwrap_or_default();
        fields.document(Rest {
            file,
            slug,
            images,
            links,
            positions: fm
                .entries
                .iter()
                .filter_map(|(f, e)| e.key_pos.map(|p| (*f, p)))
                .collect(),
            keys: fm
                .entries
                .iter()
                .map(|(f, e)| (*f, e.key.clone()))
                .collect(),
            body_line: fm.body_line,
            rendered,
            body_offset: fm.body_offset,
            text: src.text,
        })
    };
    (doc, diags)
}

/// URL segment for an index number: lower-case letters and digits kept, anything else `-`.
pub fn slug(index_no: &str) -> String {
    let s: String = index_no
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                '-'
            }
        })
        .collect();
    if s.chars().all(|c| c == '-') {
        format!("doc{s}")
    } else {
        s
    }
}

struct Validator<'a> {
    entries: &'a BTreeMap<Field, Entry>,
    diags: &'a mut Vec<Diagnostic>,
    config: &'a Config,
    /// The document's folder under `content/`, where its attachments are.
    doc_dir: &'a str,
    resolve: &'a Resolver<'a>,
}

impl Validator<'_> {
    /// 标题, white space inside collapsed to one space.
    fn title(&mut self) -> Option<String> {
        let title = self.text(Field::Title)?;
        Some(title.split_whitespace().collect::<Vec<_>>().join(" "))
    }

    /// 内容概述, white space collapsed; longer than [`SUMMARY_CHARS`] is an error.
    fn summary(&mut self) -> Option<String> {
        let summary = self.text(Field::Summary)?;
        let summary = summary.split_whitespace().collect::<Vec<_>>().join(" ");
        let chars = summary.chars().count();
        if chars > SUMMARY_CHARS {
            self.error(
                codes::INVALID_VALUE,
                Field::Summary,
                format!("内容概述有 {chars} 个字，超过 {SUMMARY_CHARS} 个字 (summary too long)"),
                "概述只写文件的主要内容；全文放在正文".into(),
            );
        }
        Some(summary)
    }

    fn key(&self, f: Field) -> String {
        self.entries
            .get(&f)
            .map_or_else(|| f.english().to_string(), |e| e.key.clone())
    }

    fn error(&mut self, code: &'static str, f: Field, msg: String, help: String) {
        let pos = self.entries.get(&f).and_then(|e| e.value_pos.or(e.key_pos));
        let d = Diagnostic::error(code, msg)
            .at(pos)
            .field(self.key(f))
            .help(help);
        self.diags.push(d);
    }

    fn missing(&mut self, f: Field) {
        // A misspelt key (`publised:`) is one mistake: the unknown key's error, at its own
        // line, says which required field it was meant to be, and no second error says the
        // field is missing at the top of the file.
        let meant = self.diags.iter_mut().find(|d| {
            d.code == codes::UNKNOWN_FIELD
                && d.field.as_deref().is_some_and(|k| {
                    crate::diag::suggest::did_you_mean(k, [f.english(), f.chinese()]).is_some()
                })
        });
        if let Some(d) = meant {
            let key = d.field.clone().unwrap_or_default();
            d.message = format!(
                "字段 `{key}` 写错了：是不是必填字段 `{}`（{}）？写错的字段会被忽略，等于没写 (misspelt required field)",
                f.english(),
                f.chinese()
            );
            d.help = Some(format!("把 `{key}:` 改成 `{}:`", f.english()));
            return;
        }
        let d = Diagnostic::error(
            codes::MISSING_FIELD,
            format!(
                "缺少必填字段 `{}`（{}）(missing required field)",
                f.english(),
                f.chinese()
            ),
        )
        .at(self
            .entries
            .get(&f)
            .and_then(|e| e.key_pos)
            .or(Some(Position::new(1, 1))))
        .field(f.english())
        .help(format!(
            "在文件开头的信息栏（两行 `---` 之间）加一行 `{}: …`（或 `{}: …`）",
            f.chinese(),
            f.english()
        ));
        self.diags.push(d);
    }

    /// A single text value; lists and mappings are an error.
    fn text(&mut self, f: Field) -> Option<String> {
        let value = match self.entries.get(&f) {
            None => {
                if f.required() {
                    self.missing(f);
                }
                return None;
            }
            Some(e) => e.value.clone(),
        };
        match value {
            RawValue::Text(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            RawValue::Text(_) | RawValue::Null => {
                if f.required() {
                    self.missing(f);
                }
                None
            }
            RawValue::List(_) | RawValue::Other(_) => {
                let key = self.key(f);
                self.error(
                    codes::INVALID_VALUE,
                    f,
                    format!("`{key}` 应为一段文字，而不是列表或嵌套结构 (expected text)"),
                    format!("写成 `{key}: …` 的一行文字"),
                );
                None
            }
        }
    }

    /// Yes or no: `true`/`false`, `是`/`否`, `yes`/`no`.
    fn flag(&mut self, f: Field) -> Option<bool> {
        let s = self.text(f)?;
        match s.to_lowercase().as_str() {
            "true" | "yes" | "是" => Some(true),
            "false" | "no" | "否" => Some(false),
            _ => {
                let key = self.key(f);
                self.error(
                    codes::INVALID_VALUE,
                    f,
                    format!("`{key}` 的值 `{s}` 无效 (expected true or false)"),
                    format!("写成 `{key}: true`（是）或 `{key}: false`（否）"),
                );
                None
            }
        }
    }

    /// A list; a single text is split on Chinese and Latin separators.
    fn list(&mut self, f: Field) -> Vec<String> {
        let Some(e) = self.entries.get(&f) else {
            return Vec::new();
        };
        match &e.value {
            RawValue::List(items) => items
                .iter()
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            RawValue::Text(s) => s
                .split([',', '，', '、', ';', '；'])
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect(),
            RawValue::Null => Vec::new(),
            RawValue::Other(_) => {
                let key = self.key(f);
                self.error(
                    codes::INVALID_VALUE,
                    f,
                    format!("`{key}` 应为列表 (expected a list)"),
                    format!("写成 `{key}: [甲, 乙]`"),
                );
                Vec::new()
            }
        }
    }

    fn date(&mut self, f: Field) -> Option<Date> {
        let s = self.text(f)?;
        match Date::parse(&s) {
            Ok(d) => Some(d),
            Err(err) => {
                let key = self.key(f);
                let why = match err {
                    DateError::Format => "格式应为 YYYY-MM-DD (not in YYYY-MM-DD form)",
                    DateError::NotOnCalendar => "日历上没有这一天 (not a real calendar date)",
                };
                self.error(
                    codes::INVALID_DATE,
                    f,
                    format!("`{key}` 的值 `{s}` 不是有效日期：{why}"),
                    crate::date::hint(&s),
                );
                None
            }
        }
    }

    fn index_no(&mut self) -> Option<String> {
        let s = self.text(Field::IndexNo)?;
        if s.chars().any(char::is_whitespace) || s.chars().count() > 100 {
            self.error(
                codes::INVALID_VALUE,
                Field::IndexNo,
                format!("索引号 `{s}` 含有空白或过长 (index number has spaces or is too long)"),
                "索引号形如 01526376-X/2026-00001，不含空格".into(),
            );
            return None;
        }
        if let Some(re) = &self.config.index_no_pattern
            && !re.is_match(&s)
        {
            self.error(
                codes::INVALID_VALUE,
                Field::IndexNo,
                format!("索引号 `{s}` 不符合本站规则 `{}` (index number does not match index_no_pattern)", re.as_str()),
                "按 site.toml 中 index_no_pattern 的格式填写，或用 `gongkai new` 生成".into(),
            );
            return None;
        }
        Some(s)
    }

    fn issuer(&mut self) -> Option<usize> {
        let s = self.text(Field::Issuer)?;
        let found = self.config.issuer(&s);
        if found.is_none() {
            let help = match did_you_mean(&s, self.config.issuer_names()) {
                Some(n) => format!("是不是 `{n}`？ 或在 site.toml 的 [[issuers]] 中登记它"),
                None => "在 site.toml 中用 [[issuers]] 登记该机构，或在已有机构的 aliases 中加入这个名称".into(),
            };
            self.error(
                codes::UNKNOWN_ISSUER,
                Field::Issuer,
                format!("发布机构 `{s}` 未在 site.toml 中登记 (unknown issuer)"),
                help,
            );
        }
        found
    }

    fn category(&mut self) -> Option<usize> {
        let s = self.text(Field::Category)?;
        let found = self.config.category(&s);
        if found.is_none() {
            let help = match did_you_mean(&s, self.config.category_names()) {
                Some(n) => format!("是不是 `{n}`？"),
                None => "填写 site.toml 中某个 [[categories]] 的 id 或 name".into(),
            };
            self.error(
                codes::UNKNOWN_CATEGORY,
                Field::Category,
                format!("公开目录 `{s}` 未在 site.toml 中定义 (unknown category)"),
                help,
            );
        }
        found
    }

    fn attribute(&mut self) -> Option<Attribute> {
        let s = self.text(Field::Attribute)?;
        let a = Attribute::parse(&s);
        if a.is_none() {
            let key = self.key(Field::Attribute);
            self.error(
                codes::INVALID_VALUE,
                Field::Attribute,
                format!("公开属性 `{s}` 无效 (invalid public attribute)"),
                format!("`{key}` 只能是 {}", Attribute::one_of()),
            );
        }
        a
    }

    fn choice<T: Choice>(&mut self, f: Field) -> Option<T> {
        let s = self.text(f)?;
        let found = T::parse(&s);
        if found.is_none() {
            let key = self.key(f);
            self.error(
                codes::INVALID_VALUE,
                f,
                format!("`{key}` 的值 `{s}` 无效 (invalid value)"),
                format!("只能是：{}", T::labels().join("、")),
            );
        }
        found
    }

    /// The images the body shows from beside it (not attachments already), and every
    /// source file it links to. An image that is missing or outside `content/` is left to
    /// the link rules.
    fn images(
        &mut self,
        file: &str,
        html: &str,
        attachments: &[Attachment],
        resolve: &Resolver,
    ) -> (Vec<Attachment>, Vec<String>) {
        let mut images: Vec<Attachment> = Vec::new();
        let mut links = Vec::new();
        for (_, embedded, value) in crate::links::urls(html) {
            let crate::links::Link::Source { path, .. } = crate::links::resolve(file, &value)
            else {
                continue;
            };
            let in_content = path.strip_prefix("content/").map(str::to_string);
            links.push(path.clone());
            let Some(written) = in_content.filter(|_| embedded) else {
                continue;
            };
            if path.ends_with(".md") || attachments.iter().chain(&images).any(|a| a.rel == path) {
                continue;
            }
            let Ok(Found {
                path: source,
                bytes,
            }) = resolve("", &written)
            else {
                continue;
            };
            let file_name = source
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            if attachments
                .iter()
                .chain(&images)
                .any(|a| a.file_name == file_name)
            {
                self.error(
                    codes::INVALID_VALUE,
                    Field::Attachments,
                    format!("正文图片 `{written}` 与本文件的附件或其他图片重名 `{file_name}` (image name clash)"),
                    "图片与附件都发布在文档页面旁边，文件名必须各不相同".into(),
                );
                continue;
            }
            images.push(Attachment {
                written,
                rel: path,
                file_name,
                source,
                bytes,
                review: None,
            });
        }
        links.sort();
        links.dedup();
        (images, links)
    }

    fn attachments(&mut self) -> Vec<Attachment> {
        let (doc_dir, resolve) = (self.doc_dir, self.resolve);
        let written = self.list(Field::Attachments);
        let reviews = (self.entries.get(&Field::Attachments))
            .map(|e| e.reviews.clone())
            .unwrap_or_default();
        let mut out: Vec<Attachment> = Vec::new();
        for w in written {
            match resolve(doc_dir, &w) {
                Ok(Found {
                    path: source,
                    bytes,
                }) => {
                    let file_name = source
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    if file_name == "index.html" || out.iter().any(|a| a.file_name == file_name) {
                        self.error(
                            codes::INVALID_VALUE,
                            Field::Attachments,
                            format!("附件文件名 `{file_name}` 与本文件的其他附件或页面重名 (attachment name clash)"),
                            "附件会复制到文档页面旁边，文件名必须各不相同，且不能叫 index.html".into(),
                        );
                        continue;
                    }
                    let rel = crate::links::normalize(&format!("content/{doc_dir}/{w}"))
                        .unwrap_or_default();
                    let review = reviews.iter().find(|r| r.file.trim() == w).map(|r| Review {
                        by: r.reviewed.clone().unwrap_or_default(),
                        sha256: r.sha256.clone().unwrap_or_default().trim().to_lowercase(),
                    });
                    out.push(Attachment {
                        written: w,
                        rel,
                        file_name,
                        source,
                        bytes,
                        review,
                    });
                }
                Err(AttachmentError::Escapes) => self.error(
                    codes::PATH_ESCAPE,
                    Field::Attachments,
                    format!(
                        "附件路径 `{w}` 指向 content/ 文件夹之外 (path leaves the content folder)"
                    ),
                    "附件放在文档旁边，用相对路径，例如 `附件1.pdf` 或 `files/附件1.pdf`".into(),
                ),
                Err(AttachmentError::Missing) => self.error(
                    codes::MISSING_ATTACHMENT,
                    Field::Attachments,
                    format!("附件 `{w}` 不存在 (attachment file not found)"),
                    "检查文件名和大小写，附件路径相对于本文档所在文件夹".into(),
                ),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_url_safe_and_stable() {
        assert_eq!(slug("01526376-X/2018-1204001"), "01526376-x-2018-1204001");
        assert_eq!(slug("../.."), "doc-----");
        assert_eq!(slug("示府办/2026-1"), "示府办-2026-1");
    }
}
