//! One document, validated: front-matter values checked and resolved against site.toml.
//!
//! The body stays inside [`Document`] and is readable only within `model`; what leaves for
//! the pages goes through `visibility`, which knows which documents may show it.

use super::validator::Validator;
use crate::config::Config;
use crate::date::Date;
use crate::diag::position::Position;
use crate::diag::{Diagnostic, codes};
use crate::frontmatter::{self, Field};
use crate::source::SourceFile;
use std::collections::BTreeMap;

pub use super::attachment::{Attachment, Resolver, Review};
pub use super::labels::{Attribute, Choice, DocType, Validity};

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
    let (images, links) = v.images(&file, &rendered.html, attachments);
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
