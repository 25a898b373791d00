//! site.toml: read as written (with positions), then validated into [`Config`].
//!
//! The only module that knows the TOML library. Every problem in site.toml is collected, not
//! just the first; the result is `None` only when something the rest of the build needs is
//! missing or broken.

pub mod calendar;
mod categories;
pub mod duration;
pub mod identity;
pub mod index_no;
mod issuers;
mod reader;
pub mod rules;
mod security;

use crate::diag::position::{LineIndex, Position};
use crate::diag::{Diagnostic, codes};
pub use calendar::Calendar;
use duration::Every;
pub use identity::Identity;
use index_no::Format as IndexFormat;
pub use rules::{Declaration, Level, RuleSettings, Setting};
use std::collections::HashMap;

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
    "history",
    "search",
    "categories",
    "issuers",
    "calendar",
    "rules",
    "security",
    "identity",
];

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
    /// `[identity]`: the footer's marks (SPEC §14).
    pub identity: Identity,
    pub organizer: Option<String>,
    pub report: bool,
    /// Whether document pages show their 更新记录 from git (SPEC §12; `history = false` hides it).
    pub history: bool,
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
    /// What kind of column it is for the national inspection (SPEC §14), if the site says.
    pub kind: Option<CategoryKind>,
    /// Where the category's `[[categories]]` table starts, for findings about it.
    pub position: Option<Position>,
}

/// The kinds of column 国办秘函〔2019〕19号 judges differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CategoryKind {
    /// 动态、要闻: stale after 2 weeks.
    Dynamic,
    /// 通知公告: stale after 6 months.
    Notice,
    /// 政策文件: stale after 6 months.
    Policy,
    /// 人事、规划计划: stale after 1 year.
    Plan,
    /// 机构职能 and the like: never stale.
    Static,
}

impl CategoryKind {
    pub const KEYS: [&str; 5] = ["dynamic", "notice", "policy", "plan", "static"];

    pub fn parse(s: &str) -> Option<CategoryKind> {
        Some(match s.trim() {
            "dynamic" | "动态" => CategoryKind::Dynamic,
            "notice" | "通知公告" => CategoryKind::Notice,
            "policy" | "政策文件" => CategoryKind::Policy,
            "plan" | "规划计划" => CategoryKind::Plan,
            "static" | "静态" => CategoryKind::Static,
            _ => return None,
        })
    }

    /// How long the inspection lets such a column go without an update.
    pub fn limit(self) -> Option<Every> {
        use duration::Unit;
        let (n, unit) = match self {
            CategoryKind::Dynamic => (2, Unit::Week),
            CategoryKind::Notice | CategoryKind::Policy => (6, Unit::Month),
            CategoryKind::Plan => (1, Unit::Year),
            CategoryKind::Static => return None,
        };
        Some(Every { n, unit })
    }
}

impl Category {
    /// Its update limit: `update_every`, else its kind's.
    pub fn limit(&self) -> Option<Every> {
        self.update_every
            .or_else(|| self.kind.and_then(CategoryKind::limit))
    }
}

#[derive(Debug, Clone)]
pub struct Issuer {
    pub name: String,
    pub code: Option<String>,
    pub aliases: Vec<String>,
    /// URL segment of the issuer's pages: `id`, else `code`, else a hash of the name.
    pub slug: String,
    /// A government (人民政府) reports by 31 March, a department by 31 January (条例
    /// 第四十九、五十条).
    pub kind: IssuerKind,
    /// 政府信息公开工作机构: the office that answers applications (SPEC §14).
    pub office: Option<Office>,
    pub position: Option<Position>,
}

/// `[issuers.office]`: who answers an issuer's applications, and how to reach them.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Office {
    pub name: Option<String>,
    pub address: Option<String>,
    pub hours: Option<String>,
    pub phone: Option<String>,
    pub fax: Option<String>,
    pub email: Option<String>,
    pub postcode: Option<String>,
    /// 网上申请 address.
    pub online_url: Option<String>,
    /// The 申请表 file, from the site root; published under `assets/`.
    pub form: Option<String>,
}

impl Office {
    pub const KEYS: [&str; 9] = [
        "name",
        "address",
        "hours",
        "phone",
        "fax",
        "email",
        "postcode",
        "online_url",
        "form",
    ];
}

/// What kind of body an issuer is, for the annual report's deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IssuerKind {
    #[default]
    Department,
    Government,
}

impl IssuerKind {
    pub fn parse(s: &str) -> Option<IssuerKind> {
        match s.trim() {
            "department" | "部门" => Some(IssuerKind::Department),
            "government" | "政府" | "人民政府" => Some(IssuerKind::Government),
            _ => None,
        }
    }

    /// The last day to publish the report on `year`: 31 January of the next year for a
    /// department, 31 March for a government.
    pub fn report_deadline(self, year: i32) -> Option<crate::date::Date> {
        let month = match self {
            IssuerKind::Department => 1,
            IssuerKind::Government => 3,
        };
        crate::date::Date::new(year + 1, month, 31)
    }
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

/// Parse and validate site.toml text against the rules' declarations (`rules::declarations()`).
/// Returns the config (when usable) and every finding.
pub fn parse(
    text: &str,
    theme_exists: &dyn Fn(&str) -> bool,
    rules: &[Declaration],
) -> (Option<Config>, Vec<Diagnostic>) {
    let mut r = reader::Reader {
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
    let apply_url = r.url(root, "apply_url");
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
    let index_no_format = r.index_no_format(root);
    let page_size = r.integer(root, "page_size", 1..=1000).unwrap_or(20) as usize;
    let identity = r.identity(root);
    let organizer = r.string(root, "organizer", false);
    let report = r.boolean(root, "report").unwrap_or(false);
    let history = r.boolean(root, "history").unwrap_or(true);
    let search = r.boolean(root, "search").unwrap_or(true);
    let categories = r.categories(root);
    let issuers = r.issuers(root);
    let calendar = r.calendar(root);
    let rules = r.rules(root, rules);
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
            identity,
            organizer,
            report,
            history,
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

impl reader::Reader<'_> {
    /// `index_no_format`, or the default when site.toml does not set it.
    fn index_no_format(&mut self, root: &dyn toml_edit::TableLike) -> Option<IndexFormat> {
        match self.string(root, "index_no_format", false) {
            None => IndexFormat::parse(index_no::DEFAULT_FORMAT).ok(),
            Some(f) => IndexFormat::parse(&f)
                .map_err(|e| {
                    let pos = self.value_pos(root, "index_no_format");
                    self.error(
                        codes::CONFIG,
                        pos,
                        "index_no_format",
                        format!("index_no_format 无效：{e}"),
                        "例如 index_no_format = \"{code}/{year}-{seq:5}\"".into(),
                    );
                })
                .ok(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_ok(text: &str) -> Config {
        let (c, diags) = parse(text, &|_| true, &crate::rules::declarations());
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
        let (c, diags) = parse(&text, &|_| true, &crate::rules::declarations());
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
        let (_, diags) = parse(&bad, &|_| true, &crate::rules::declarations());
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
        let (_, diags) = parse(&text, &|_| true, &crate::rules::declarations());
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
        let (c, diags) = parse(
            "title = \"x\nbase_url = 3\n",
            &|_| true,
            &crate::rules::declarations(),
        );
        assert!(c.is_none());
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, codes::CONFIG);
        assert!(diags[0].line.is_some());
    }
}
