//! site.toml: read as written (with positions), then validated into [`Config`].
//!
//! The only module that knows the TOML library. Every problem in site.toml is collected, not
//! just the first; the result is `None` only when something the rest of the build needs is
//! missing or broken.

pub mod calendar;
pub mod duration;
pub mod rules;

use crate::diag::position::{LineIndex, Position};
use crate::diag::suggest::did_you_mean;
use crate::diag::{Diagnostic, codes};
use crate::model::date::Date;
use crate::model::index_no::{self, Format as IndexFormat};
pub use calendar::Calendar;
use duration::Every;
pub use rules::{Level, RuleSettings};
use std::collections::HashMap;
use std::ops::Range;
use toml_edit::{Item, TableLike};

pub const FILE: &str = "site.toml";

const TOP_KEYS: &[&str] = &[
    "title",
    "base_url",
    "theme",
    "apply_url",
    "index_no_pattern",
    "index_no_format",
    "page_size",
    "site_id_code",
    "organizer",
    "report",
    "search",
    "categories",
    "issuers",
    "calendar",
    "rules",
    "security",
];
const CATEGORY_KEYS: &[&str] = &[
    "id",
    "name",
    "parent",
    "owner",
    "update_every",
    "empty_note",
];
const ISSUER_KEYS: &[&str] = &["name", "code", "aliases", "id"];
const CALENDAR_KEYS: &[&str] = &["holidays", "workdays"];
const SECURITY_KEYS: &[&str] = &["shared_text"];
/// Shortest `[security] shared_text` entry, in characters.
const SHARED_TEXT_CHARS: usize = 8;

/// Validated site settings.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: String,
    pub base_url: String,
    pub theme: String,
    pub apply_url: Option<String>,
    pub index_no_pattern: Option<regex::Regex>,
    /// How `gongkai new` writes index numbers.
    pub index_no_format: IndexFormat,
    pub page_size: usize,
    pub site_id_code: Option<String>,
    pub organizer: Option<String>,
    pub report: bool,
    /// Write the search index (default true).
    pub search: bool,
    pub categories: Vec<Category>,
    pub issuers: Vec<Issuer>,
    pub calendar: Calendar,
    pub rules: RuleSettings,
    /// `[security] shared_text`: text that withheld or on-request bodies share with published
    /// ones and that is not secret (SPEC §9).
    pub shared_text: Vec<String>,
    category_lookup: HashMap<String, usize>,
    issuer_lookup: HashMap<String, usize>,
}

#[derive(Debug, Clone)]
pub struct Category {
    pub id: String,
    pub name: String,
    pub parent: Option<usize>,
    pub children: Vec<usize>,
    pub owner: Option<String>,
    pub update_every: Option<Every>,
    pub empty_note: Option<String>,
    /// Where the category's `[[categories]]` table starts, for findings about it.
    pub position: Option<Position>,
}

#[derive(Debug, Clone)]
pub struct Issuer {
    pub name: String,
    pub code: Option<String>,
    pub aliases: Vec<String>,
    /// URL segment of the issuer's pages: `id`, else `code`, else a hash of the name.
    pub slug: String,
    pub position: Option<Position>,
}

impl Config {
    /// A category by id or name.
    pub fn category(&self, key: &str) -> Option<usize> {
        self.category_lookup.get(key).copied()
    }

    /// An issuer by name or alias.
    pub fn issuer(&self, key: &str) -> Option<usize> {
        self.issuer_lookup.get(key).copied()
    }

    pub fn category_names(&self) -> impl Iterator<Item = &str> {
        self.categories
            .iter()
            .flat_map(|c| [c.id.as_str(), c.name.as_str()])
    }

    pub fn issuer_names(&self) -> impl Iterator<Item = &str> {
        self.issuers.iter().flat_map(|i| {
            std::iter::once(i.name.as_str()).chain(i.aliases.iter().map(String::as_str))
        })
    }

    /// The category and its ancestors, root first.
    pub fn category_path(&self, idx: usize) -> Vec<usize> {
        let mut path = vec![idx];
        let mut cur = idx;
        while let Some(p) = self.categories[cur].parent {
            if path.contains(&p) {
                break;
            }
            path.push(p);
            cur = p;
        }
        path.reverse();
        path
    }

    /// Domain part of `base_url`, for the SiteDomain meta tag.
    pub fn domain(&self) -> &str {
        let rest = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, r)| r);
        rest.split('/').next().unwrap_or(rest)
    }
}

/// Parse and validate site.toml text. Returns the config (when usable) and every finding.
pub fn parse(text: &str, theme_exists: &dyn Fn(&str) -> bool) -> (Option<Config>, Vec<Diagnostic>) {
    let mut r = Reader {
        index: LineIndex::new(text),
        diags: Vec::new(),
    };
    let doc = match toml_edit::Document::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let pos = e.span().map(|s| r.index.position(s.start));
            let d = Diagnostic::error(
                codes::CONFIG,
                format!("site.toml 不是有效的 TOML：{}", e.message()),
            )
            .in_file(FILE)
            .at(pos)
            .help("检查引号、方括号和等号是否成对、完整 (check quotes, brackets and `=`)");
            return (None, vec![d]);
        }
    };
    let root = doc.as_table();
    r.check_keys(root, TOP_KEYS, "site.toml");
    let title = r.string(root, "title", true);
    let base_url = r
        .string(root, "base_url", true)
        .and_then(|u| r.base_url(root, u));
    let theme = r
        .string(root, "theme", false)
        .unwrap_or_else(|| "default".into());
    if !theme_exists(&theme) {
        let pos = r.key_pos(root, "theme");
        r.diags.push(
            Diagnostic::error(
                codes::CONFIG,
                format!("主题 `{theme}` 不存在 (theme not found)"),
            )
            .in_file(FILE)
            .at(pos)
            .field("theme")
            .help(format!(
                "在 themes/{theme}/templates/ 放入模板，或改为 theme = \"default\""
            )),
        );
    }
    let apply_url = r.string(root, "apply_url", false);
    let index_no_pattern = r.string(root, "index_no_pattern", false).and_then(|p| {
        regex::Regex::new(&p)
            .map_err(|e| {
                let pos = r.value_pos(root, "index_no_pattern");
                r.diags.push(
                    Diagnostic::error(
                        codes::CONFIG,
                        format!("index_no_pattern 不是有效的正则表达式：{e}"),
                    )
                    .in_file(FILE)
                    .at(pos)
                    .field("index_no_pattern")
                    .help("使用单引号包住正则，例如 '^[0-9A-Z-]+/\\d{4}-\\d{5}$'"),
                )
            })
            .ok()
    });
    let index_no_format = match r.string(root, "index_no_format", false) {
        None => IndexFormat::parse(index_no::DEFAULT_FORMAT).ok(),
        Some(f) => IndexFormat::parse(&f)
            .map_err(|e| {
                let pos = r.value_pos(root, "index_no_format");
                r.error(
                    codes::CONFIG,
                    pos,
                    "index_no_format",
                    format!("index_no_format 无效：{e}"),
                    "例如 index_no_format = \"{code}/{year}-{seq:5}\"".into(),
                );
            })
            .ok(),
    };
    let page_size = r.integer(root, "page_size", 1..=1000).unwrap_or(20) as usize;
    let site_id_code = r.string(root, "site_id_code", false);
    let organizer = r.string(root, "organizer", false);
    let report = r.boolean(root, "report").unwrap_or(false);
    let search = r.boolean(root, "search").unwrap_or(true);
    let categories = r.categories(root);
    let issuers = r.issuers(root);
    let calendar = r.calendar(root);
    let rules = r.rules(root);
    let shared_text = r.security(root);

    let category_lookup = r.category_lookup(&categories);
    let issuer_lookup = r.issuer_lookup(&issuers);
    let failed = r.diags.iter().any(Diagnostic::is_error);
    let config = match (title, base_url, index_no_format, failed) {
        (Some(title), Some(base_url), Some(index_no_format), false) => Some(Config {
            title,
            base_url,
            theme,
            apply_url,
            index_no_pattern,
            index_no_format,
            page_size,
            site_id_code,
            organizer,
            report,
            search,
            categories,
            issuers,
            calendar,
            rules,
            shared_text,
            category_lookup,
            issuer_lookup,
        }),
        _ => None,
    };
    (config, r.diags)
}

struct Reader<'a> {
    index: LineIndex<'a>,
    diags: Vec<Diagnostic>,
}

impl Reader<'_> {
    fn pos(&self, span: Option<Range<usize>>) -> Option<Position> {
        span.map(|s| self.index.position(s.start))
    }

    fn key_pos(&self, t: &dyn TableLike, key: &str) -> Option<Position> {
        self.pos(t.key(key).and_then(|k| k.span()))
    }

    fn value_pos(&self, t: &dyn TableLike, key: &str) -> Option<Position> {
        self.pos(t.get(key).and_then(Item::span))
            .or_else(|| self.key_pos(t, key))
    }

    fn error(
        &mut self,
        code: &'static str,
        pos: Option<Position>,
        field: &str,
        msg: String,
        help: String,
    ) {
        self.diags.push(
            Diagnostic::error(code, msg)
                .in_file(FILE)
                .at(pos)
                .field(field)
                .help(help),
        );
    }

    fn check_keys(&mut self, t: &dyn TableLike, allowed: &[&str], ctx: &str) {
        let unknown: Vec<String> = t
            .iter()
            .map(|(k, _)| k.to_string())
            .filter(|k| !allowed.contains(&k.as_str()))
            .collect();
        for key in unknown {
            let pos = self.key_pos(t, &key);
            let help = match did_you_mean(&key, allowed.iter().copied()) {
                Some(s) => format!("是不是 `{s}`？(did you mean `{s}`?)"),
                None => format!("{ctx} 可用的键 (allowed keys): {}", allowed.join(", ")),
            };
            self.error(
                codes::UNKNOWN_FIELD,
                pos,
                &key,
                format!("{ctx} 中有未知的键 `{key}` (unknown key)"),
                help,
            );
        }
    }

    fn string(&mut self, t: &dyn TableLike, key: &str, required: bool) -> Option<String> {
        match t.get(key) {
            None if required => {
                let pos = self.pos(None);
                self.error(
                    codes::CONFIG,
                    pos,
                    key,
                    format!("site.toml 缺少必填项 `{key}` (missing required key)"),
                    format!("添加一行 {key} = \"…\""),
                );
                None
            }
            None => None,
            Some(item) => match item.as_str() {
                Some(s) if s.chars().any(crate::frontmatter::bounds::is_control) => {
                    let pos = self.value_pos(t, key);
                    self.error(
                        codes::CONTROL_CHARACTER,
                        pos,
                        key,
                        format!("`{key}` 含有控制字符，会破坏网页和订阅源 (control character)"),
                        "删去这个字符（多由 \\u 转义写成）".into(),
                    );
                    None
                }
                Some(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
                Some(_) if !required => None,
                _ => {
                    let pos = self.value_pos(t, key);
                    self.error(
                        codes::CONFIG,
                        pos,
                        key,
                        format!(
                            "`{key}` 应为非空字符串，实际为 {} (expected a string)",
                            item.type_name()
                        ),
                        format!("写成 {key} = \"…\""),
                    );
                    None
                }
            },
        }
    }

    fn string_list(&mut self, t: &dyn TableLike, key: &str) -> Vec<(String, Option<Position>)> {
        let Some(item) = t.get(key) else {
            return Vec::new();
        };
        let Some(arr) = item.as_array() else {
            let pos = self.value_pos(t, key);
            self.error(
                codes::CONFIG,
                pos,
                key,
                format!("`{key}` 应为字符串列表 (expected a list of strings)"),
                format!("写成 {key} = [\"…\", \"…\"]"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for v in arr.iter() {
            let pos = self.pos(v.span());
            match v.as_str() {
                Some(s) if s.chars().any(crate::frontmatter::bounds::is_control) => self.error(
                    codes::CONTROL_CHARACTER,
                    pos,
                    key,
                    format!("`{key}` 的元素含有控制字符，会破坏网页和订阅源 (control character)"),
                    "删去这个字符（多由 \\u 转义写成）".into(),
                ),
                Some(s) => out.push((s.trim().to_string(), pos)),
                None => self.error(
                    codes::CONFIG,
                    pos,
                    key,
                    format!(
                        "`{key}` 的元素应为字符串，实际为 {} (expected a string)",
                        v.type_name()
                    ),
                    "给每个元素加上双引号".into(),
                ),
            }
        }
        out
    }

    fn integer(
        &mut self,
        t: &dyn TableLike,
        key: &str,
        range: std::ops::RangeInclusive<i64>,
    ) -> Option<i64> {
        let item = t.get(key)?;
        match item.as_integer() {
            Some(n) if range.contains(&n) => Some(n),
            _ => {
                let pos = self.value_pos(t, key);
                self.error(
                    codes::CONFIG,
                    pos,
                    key,
                    format!(
                        "`{key}` 应为 {}–{} 之间的整数 (expected an integer)",
                        range.start(),
                        range.end()
                    ),
                    format!("例如 {key} = 20"),
                );
                None
            }
        }
    }

    fn boolean(&mut self, t: &dyn TableLike, key: &str) -> Option<bool> {
        let item = t.get(key)?;
        let b = item.as_bool();
        if b.is_none() {
            let pos = self.value_pos(t, key);
            self.error(
                codes::CONFIG,
                pos,
                key,
                format!("`{key}` 应为 true 或 false (expected a boolean)"),
                format!("例如 {key} = true"),
            );
        }
        b
    }

    fn base_url(&mut self, root: &dyn TableLike, url: String) -> Option<String> {
        if !(url.starts_with("https://") || url.starts_with("http://"))
            || url.contains(char::is_whitespace)
        {
            let pos = self.value_pos(root, "base_url");
            self.error(
                codes::CONFIG,
                pos,
                "base_url",
                format!("base_url `{url}` 不是 http(s) 网址 (not an http(s) URL)"),
                "例如 base_url = \"https://xxgk.example.gov.cn/\"".into(),
            );
            return None;
        }
        Some(if url.ends_with('/') { url } else { url + "/" })
    }

    /// Tables of an array-of-tables key, with the position of each table.
    fn tables<'t>(
        &mut self,
        root: &'t dyn TableLike,
        key: &str,
    ) -> Vec<(&'t dyn TableLike, Option<Position>)> {
        let Some(item) = root.get(key) else {
            return Vec::new();
        };
        if let Some(aot) = item.as_array_of_tables() {
            return aot
                .iter()
                .map(|t| (t as &dyn TableLike, self.pos(t.span())))
                .collect();
        }
        if let Some(arr) = item.as_array()
            && arr.iter().all(|v| v.as_inline_table().is_some())
        {
            return arr
                .iter()
                .filter_map(|v| {
                    v.as_inline_table()
                        .map(|t| (t as &dyn TableLike, self.pos(v.span())))
                })
                .collect();
        }
        let pos = self.value_pos(root, key);
        self.error(
            codes::CONFIG,
            pos,
            key,
            format!("`{key}` 应写成 [[{key}]] 表格数组 (expected an array of tables)"),
            format!("每一项以一行 [[{key}]] 开头"),
        );
        Vec::new()
    }

    fn categories(&mut self, root: &dyn TableLike) -> Vec<Category> {
        let tables = self.tables(root, "categories");
        let mut cats = Vec::new();
        let mut parents: Vec<Option<(String, Option<Position>)>> = Vec::new();
        for (t, pos) in tables {
            self.check_keys(t, CATEGORY_KEYS, "[[categories]]");
            let id = self.string(t, "id", true);
            let name = self.string(t, "name", true);
            if let Some(id) = &id
                && !id
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
            {
                let p = self.value_pos(t, "id");
                self.error(
                    codes::CONFIG,
                    p,
                    "id",
                    format!("栏目 id `{id}` 只能包含小写字母、数字、- 和 _，因为它用在网址中 (id is used in URLs)"),
                    "例如 id = \"zcwj\"（政策文件的拼音首字母）".into(),
                );
            }
            let parent = self
                .string(t, "parent", false)
                .map(|p| (p, self.value_pos(t, "parent")));
            let owner = self.string(t, "owner", false);
            let update_every = self.string(t, "update_every", false).and_then(|s| {
                let every = Every::parse(&s);
                if every.is_none() {
                    let p = self.value_pos(t, "update_every");
                    self.error(
                        codes::CONFIG,
                        p,
                        "update_every",
                        format!("update_every `{s}` 不是可识别的时长 (not a duration)"),
                        "写成 \"2 weeks\"、\"6 months\"、\"1 year\"、\"30 days\" 或 \"6个月\""
                            .into(),
                    );
                }
                every
            });
            let empty_note = self.string(t, "empty_note", false);
            if let (Some(id), Some(name)) = (id, name) {
                cats.push(Category {
                    id,
                    name,
                    parent: None,
                    children: Vec::new(),
                    owner,
                    update_every,
                    empty_note,
                    position: pos,
                });
                parents.push(parent);
            }
        }
        self.link_tree(&mut cats, parents);
        cats
    }

    fn link_tree(
        &mut self,
        cats: &mut [Category],
        parents: Vec<Option<(String, Option<Position>)>>,
    ) {
        let by_id: HashMap<&str, usize> = cats
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let mut links = Vec::new();
        for (i, parent) in parents.into_iter().enumerate() {
            let Some((pid, pos)) = parent else { continue };
            match by_id.get(pid.as_str()) {
                Some(&p) => links.push((i, p)),
                None => {
                    let ids: Vec<&str> = by_id.keys().copied().collect();
                    let help = match did_you_mean(&pid, ids) {
                        Some(s) => format!("是不是 `{s}`？(did you mean `{s}`?)"),
                        None => "parent 应为另一个栏目的 id".into(),
                    };
                    self.error(
                        codes::CONFIG,
                        pos,
                        "parent",
                        format!(
                            "栏目 `{}` 的上级栏目 `{pid}` 不存在 (parent does not exist)",
                            cats[i].id
                        ),
                        help,
                    );
                }
            }
        }
        for &(i, p) in &links {
            cats[i].parent = Some(p);
        }
        for i in 0..cats.len() {
            let mut seen = vec![i];
            let mut cur = i;
            while let Some(p) = cats[cur].parent {
                if p == i {
                    let path: Vec<&str> = seen.iter().map(|&k| cats[k].id.as_str()).collect();
                    let (pos, id) = (cats[i].position, cats[i].id.clone());
                    self.error(
                        codes::CONFIG,
                        pos,
                        "parent",
                        format!(
                            "栏目 `{id}` 的上级关系成环：{} → {id} (parent cycle)",
                            path.join(" → ")
                        ),
                        "去掉环中某个栏目的 parent".into(),
                    );
                    break;
                }
                if seen.contains(&p) {
                    break;
                }
                seen.push(p);
                cur = p;
            }
        }
        if !self
            .diags
            .iter()
            .any(|d| d.message.contains("parent cycle"))
        {
            for &(i, p) in &links {
                cats[p].children.push(i);
            }
        } else {
            for c in cats.iter_mut() {
                c.parent = None;
            }
        }
    }

    fn issuers(&mut self, root: &dyn TableLike) -> Vec<Issuer> {
        let tables = self.tables(root, "issuers");
        let mut out = Vec::new();
        for (t, pos) in tables {
            self.check_keys(t, ISSUER_KEYS, "[[issuers]]");
            let name = self.string(t, "name", true);
            let code = self.string(t, "code", false);
            let aliases = self
                .string_list(t, "aliases")
                .into_iter()
                .map(|(s, _)| s)
                .collect();
            let id = self.string(t, "id", false);
            if let Some(id) = &id
                && !id
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                let p = self.value_pos(t, "id");
                self.error(
                    codes::CONFIG,
                    p,
                    "id",
                    format!("发布机构 id `{id}` 只能包含字母、数字、- 和 _ (id is used in URLs)"),
                    "例如 id = \"jyj\"".into(),
                );
            }
            if let Some(name) = name {
                let slug = id
                    .or_else(|| code.as_ref().map(|c| c.to_lowercase()))
                    .filter(|s| {
                        s.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
                    })
                    .unwrap_or_else(|| {
                        format!("i{:08x}", crate::hash::stable(name.as_bytes()) as u32)
                    });
                out.push(Issuer {
                    name,
                    code,
                    aliases,
                    slug,
                    position: pos,
                });
            }
        }
        out
    }

    fn calendar(&mut self, root: &dyn TableLike) -> Calendar {
        let mut cal = Calendar::default();
        let Some(item) = root.get("calendar") else {
            return cal;
        };
        let Some(t) = item.as_table_like() else {
            let pos = self.value_pos(root, "calendar");
            self.error(
                codes::CONFIG,
                pos,
                "calendar",
                "`calendar` 应为表 [calendar] (expected a table)".into(),
                "写成 [calendar] 下的 holidays = [...] 和 workdays = [...]".into(),
            );
            return cal;
        };
        self.check_keys(t, CALENDAR_KEYS, "[calendar]");
        for key in ["holidays", "workdays"] {
            for (s, pos) in self.string_list(t, key) {
                match Date::parse(&s) {
                    Ok(d) => {
                        if key == "holidays" {
                            cal.holidays.insert(d);
                        } else {
                            cal.workdays.insert(d);
                        }
                    }
                    Err(_) => self.error(
                        codes::INVALID_DATE,
                        pos,
                        key,
                        format!("`{s}` 不是有效日期 (not a real YYYY-MM-DD date)"),
                        "日期写成 \"2026-10-01\"".into(),
                    ),
                }
            }
        }
        cal
    }

    /// `[security]`: the texts exempt from the secret definition.
    fn security(&mut self, root: &dyn TableLike) -> Vec<String> {
        let Some(item) = root.get("security") else {
            return Vec::new();
        };
        let Some(t) = item.as_table_like() else {
            let pos = self.value_pos(root, "security");
            self.error(
                codes::CONFIG,
                pos,
                "security",
                "`security` 应为表 [security] (expected a table)".into(),
                "写成 [security] 下的 shared_text = [\"…\"]".into(),
            );
            return Vec::new();
        };
        self.check_keys(t, SECURITY_KEYS, "[security]");
        let mut out = Vec::new();
        for (text, pos) in self.string_list(t, "shared_text") {
            // A short entry would cut every secret line into harmless pieces ("的").
            let chars = text.chars().filter(|c| !c.is_whitespace()).count();
            if chars < SHARED_TEXT_CHARS {
                self.error(
                    codes::CONFIG,
                    pos,
                    "shared_text",
                    format!(
                        "shared_text 的每一项至少 {SHARED_TEXT_CHARS} 个字，`{text}` 只有 {chars} 个：过短的文字会把所有保密内容切碎 (shared text too short)"
                    ),
                    "写出完整的通用语句，例如 \"各乡（镇）人民政府，县直各部门：\"".into(),
                );
                continue;
            }
            out.push(text);
        }
        out
    }

    fn rules(&mut self, root: &dyn TableLike) -> RuleSettings {
        let mut settings = RuleSettings::default();
        let Some(item) = root.get("rules") else {
            return settings;
        };
        let Some(t) = item.as_table_like() else {
            let pos = self.value_pos(root, "rules");
            self.error(
                codes::CONFIG,
                pos,
                "rules",
                "`rules` 应为表 [rules] (expected a table)".into(),
                "写成 [rules] 下的 late-publication = \"error\" 等".into(),
            );
            return settings;
        };
        let allowed: Vec<&str> = rules::codes().chain(rules::option_keys()).collect();
        self.check_keys(t, &allowed, "[rules]");
        for code in rules::codes() {
            let Some(v) = t.get(code) else { continue };
            match v.as_str().and_then(Level::parse) {
                Some(level) => {
                    settings.set_level(code, level);
                }
                None => {
                    let pos = self.value_pos(t, code);
                    self.error(
                        codes::CONFIG,
                        pos,
                        code,
                        format!("规则 `{code}` 的级别应为 \"off\"、\"warning\" 或 \"error\" (invalid rule level)"),
                        format!("例如 {code} = \"error\"（关闭写 \"off\"）"),
                    );
                }
            }
        }
        if let Some(n) = self.integer(t, "wide_table_columns", 2..=100) {
            settings.wide_table_columns = n as usize;
        }
        if let Some(n) = self.integer(t, "publication_days", 1..=365) {
            settings.publication_days = n;
        }
        settings.sensitive_words = self.string(t, "sensitive_words", false);
        if let Some(v) = t.get("duplicate_similarity") {
            match v.as_float().or_else(|| v.as_integer().map(|i| i as f64)) {
                Some(x) if (0.5..=1.0).contains(&x) => settings.duplicate_similarity = x,
                _ => {
                    let pos = self.value_pos(t, "duplicate_similarity");
                    self.error(
                        codes::CONFIG,
                        pos,
                        "duplicate_similarity",
                        "`duplicate_similarity` 应为 0.5–1.0 之间的小数 (expected a number from 0.5 to 1.0)".into(),
                        "例如 duplicate_similarity = 0.8（1.0 只报告完全相同的正文）".into(),
                    );
                }
            }
        }
        settings
    }

    fn category_lookup(&mut self, cats: &[Category]) -> HashMap<String, usize> {
        let mut map: HashMap<String, usize> = HashMap::new();
        for (i, c) in cats.iter().enumerate() {
            for key in [&c.id, &c.name] {
                if let Some(&prev) = map.get(key.as_str())
                    && prev != i
                {
                    self.error(
                        codes::CONFIG,
                        c.position,
                        "categories",
                        format!("栏目 `{key}` 重复定义 (duplicate category id or name)"),
                        format!(
                            "与第 {} 个栏目（{}）重名，改用不同的 id 和名称",
                            prev + 1,
                            cats[prev].id
                        ),
                    );
                }
                map.entry(key.clone()).or_insert(i);
            }
        }
        map
    }

    fn issuer_lookup(&mut self, issuers: &[Issuer]) -> HashMap<String, usize> {
        let mut map: HashMap<String, usize> = HashMap::new();
        let mut slugs: HashMap<&str, usize> = HashMap::new();
        for (i, is) in issuers.iter().enumerate() {
            for key in std::iter::once(&is.name).chain(&is.aliases) {
                if let Some(&prev) = map.get(key.as_str())
                    && prev != i
                {
                    self.error(
                        codes::CONFIG,
                        is.position,
                        "issuers",
                        format!("发布机构名称或别名 `{key}` 重复 (duplicate issuer name or alias)"),
                        format!("已由 `{}` 使用", issuers[prev].name),
                    );
                }
                map.entry(key.clone()).or_insert(i);
            }
            if let Some(&prev) = slugs.get(is.slug.as_str()) {
                self.error(
                    codes::CONFIG,
                    is.position,
                    "code",
                    format!(
                        "发布机构 `{}` 与 `{}` 的网址标识 `{}` 相同 (duplicate issuer URL id)",
                        is.name, issuers[prev].name, is.slug
                    ),
                    "给其中一个加上不同的 id = \"…\"".into(),
                );
            }
            slugs.entry(is.slug.as_str()).or_insert(i);
        }
        map
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Config {
        let (c, diags) = parse(text, &|_| true);
        assert!(diags.is_empty(), "{diags:?}");
        c.unwrap()
    }

    const MINIMAL: &str = "title = \"示例\"\nbase_url = \"https://x.example.cn\"\n";

    #[test]
    fn minimal_site_gets_defaults() {
        let c = parse_ok(MINIMAL);
        assert_eq!(c.base_url, "https://x.example.cn/");
        assert_eq!(c.page_size, 20);
        assert_eq!(c.theme, "default");
        assert_eq!(c.domain(), "x.example.cn");
    }

    #[test]
    fn all_problems_reported_with_positions() {
        let text = format!(
            "{MINIMAL}pagesize = 3\n[[categories]]\nid = \"a\"\nname = \"甲\"\nparent = \"zz\"\nupdate_every = \"soon\"\n[[categories]]\nid = \"a\"\nname = \"乙\"\n"
        );
        let (c, diags) = parse(&text, &|_| true);
        assert!(c.is_none());
        let unknown = diags
            .iter()
            .find(|d| d.code == codes::UNKNOWN_FIELD)
            .unwrap();
        assert_eq!(unknown.line, Some(3));
        assert!(unknown.help.as_deref().unwrap().contains("page_size"));
        assert!(
            diags
                .iter()
                .any(|d| d.message.contains("`zz`") && d.line == Some(7))
        );
        assert!(diags.iter().any(|d| d.message.contains("soon")));
        assert!(diags.iter().any(|d| d.message.contains("重复定义")));
    }

    #[test]
    fn rules_table_sets_levels_and_options() {
        let text = format!(
            "{MINIMAL}[rules]\nlate-publication = \"error\"\nimage-alt = \"off\"\nwide_table_columns = 6\nduplicate_similarity = 0.9\n"
        );
        let c = parse_ok(&text);
        assert_eq!(c.rules.level("late-publication"), Level::Error);
        assert_eq!(c.rules.level("image-alt"), Level::Off);
        assert_eq!(c.rules.level("wide-table"), Level::Warning);
        assert_eq!(c.rules.wide_table_columns, 6);
        assert!((c.rules.duplicate_similarity - 0.9).abs() < 1e-9);
        let bad = format!("{MINIMAL}[rules]\nlate-publicaton = \"error\"\nimage-alt = \"loud\"\n");
        let (_, diags) = parse(&bad, &|_| true);
        assert!(diags.iter().any(|d| d.code == codes::UNKNOWN_FIELD
            && d.help.as_deref().unwrap().contains("late-publication")));
        assert!(
            diags
                .iter()
                .any(|d| d.code == codes::CONFIG && d.line == Some(5))
        );
    }

    #[test]
    fn cycle_is_an_error() {
        let text = format!(
            "{MINIMAL}[[categories]]\nid = \"a\"\nname = \"甲\"\nparent = \"b\"\n[[categories]]\nid = \"b\"\nname = \"乙\"\nparent = \"a\"\n"
        );
        let (_, diags) = parse(&text, &|_| true);
        assert!(diags.iter().any(|d| d.message.contains("parent cycle")));
    }

    #[test]
    fn tree_and_lookup() {
        let text = format!(
            "{MINIMAL}[[categories]]\nid = \"xxgk\"\nname = \"信息公开\"\n[[categories]]\nid = \"zcwj\"\nname = \"政策文件\"\nparent = \"xxgk\"\n[[issuers]]\nname = \"县教育局\"\ncode = \"01526376-X\"\naliases = [\"示例县教育局\"]\n"
        );
        let c = parse_ok(&text);
        assert_eq!(c.category("政策文件"), Some(1));
        assert_eq!(c.category_path(1), vec![0, 1]);
        assert_eq!(c.categories[0].children, vec![1]);
        assert_eq!(c.issuer("示例县教育局"), Some(0));
        assert_eq!(c.issuers[0].slug, "01526376-x");
    }

    #[test]
    fn bad_toml_is_one_positioned_error() {
        let (c, diags) = parse("title = \"x\nbase_url = 3\n", &|_| true);
        assert!(c.is_none());
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, codes::CONFIG);
        assert!(diags[0].line.is_some());
    }
}
