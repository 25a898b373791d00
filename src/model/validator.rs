//! A document's front matter read field by field against site.toml: each value checked and
//! resolved (issuers, columns, closed lists, dates, attachments found beside the file), and
//! every problem collected as a positioned diagnostic. `document.rs` runs it over the field
//! table.

use super::attachment::{Attachment, Resolver, Review};
use super::labels::{Attribute, Choice};
use crate::config::Config;
use crate::date::{Date, DateError};
use crate::diag::position::Position;
use crate::diag::suggest::did_you_mean;
use crate::diag::{Diagnostic, codes};
use crate::frontmatter::{Entry, Field, RawValue};
use crate::source::attachments::{AttachmentError, Found};
use std::collections::BTreeMap;

/// The longest 内容概述, in characters (SPEC §14).
pub const SUMMARY_CHARS: usize = 300;

pub(super) struct Validator<'a> {
    pub(super) entries: &'a BTreeMap<Field, Entry>,
    pub(super) diags: &'a mut Vec<Diagnostic>,
    pub(super) config: &'a Config,
    /// The document's folder under `content/`, where its attachments are.
    pub(super) doc_dir: &'a str,
    pub(super) resolve: &'a Resolver<'a>,
}

impl Validator<'_> {
    /// 标题, white space inside collapsed to one space.
    pub(super) fn title(&mut self) -> Option<String> {
        let title = self.text(Field::Title)?;
        Some(title.split_whitespace().collect::<Vec<_>>().join(" "))
    }

    /// 内容概述, white space collapsed; longer than [`SUMMARY_CHARS`] is an error.
    pub(super) fn summary(&mut self) -> Option<String> {
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

    pub(super) fn key(&self, f: Field) -> String {
        self.entries
            .get(&f)
            .map_or_else(|| f.english().to_string(), |e| e.key.clone())
    }

    pub(super) fn error(&mut self, code: &'static str, f: Field, msg: String, help: String) {
        let pos = self.entries.get(&f).and_then(|e| e.value_pos.or(e.key_pos));
        let d = Diagnostic::error(code, msg)
            .at(pos)
            .field(self.key(f))
            .help(help);
        self.diags.push(d);
    }

    pub(super) fn missing(&mut self, f: Field) {
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
    pub(super) fn text(&mut self, f: Field) -> Option<String> {
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
    pub(super) fn flag(&mut self, f: Field) -> Option<bool> {
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
    pub(super) fn list(&mut self, f: Field) -> Vec<String> {
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

    pub(super) fn date(&mut self, f: Field) -> Option<Date> {
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

    pub(super) fn index_no(&mut self) -> Option<String> {
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

    pub(super) fn issuer(&mut self) -> Option<usize> {
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

    pub(super) fn category(&mut self) -> Option<usize> {
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

    pub(super) fn attribute(&mut self) -> Option<Attribute> {
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

    pub(super) fn choice<T: Choice>(&mut self, f: Field) -> Option<T> {
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
    pub(super) fn images(
        &mut self,
        file: &str,
        html: &str,
        attachments: &[Attachment],
    ) -> (Vec<Attachment>, Vec<String>) {
        let resolve = self.resolve;
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

    pub(super) fn attachments(&mut self) -> Vec<Attachment> {
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
