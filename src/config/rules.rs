//! `[rules]` in site.toml: the level of each editorial rule and the few numbers rules need.
//!
//! ```toml
//! [rules]
//! late-publication = "error"     # off | warning | error (关闭 | 警告 | 错误)
//! empty-paragraphs = "off"
//! wide_table_columns = 8         # more columns than this is a wide table
//! sensitive_words = "sensitive_words.txt"
//! duplicate_similarity = 0.8     # 0.5–1.0: how alike two bodies must be to be reported
//! publication_days = 20          # working days allowed between `written` and `published`
//! max_attachment_mb = 20         # a larger attachment is reported (attachment-format)
//! expiry_notice = "6 months"     # how long before a term ends expiring-soon warns
//! max_term_years = 5             # the longest term of a 规范性文件 (2 for 暂行, 试行)
//! reg_no_pattern = '^示[A-Z]{2}\d{4}\d{3}$'   # what a 登记号 (reg_no) must look like
//! annual_report_category = "ndbg"   # the category of annual reports (年报)
//! history_from = 2026-01-01      # files first committed before this are not judged by history
//! strict_dates = true            # published-backdated is an error
//! backdate_days = 2              # days `published` may precede the first commit
//! ```

use std::collections::BTreeMap;

/// What a rule's findings become.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Level {
    Off,
    Warning,
    Error,
}

impl Level {
    pub fn parse(s: &str) -> Option<Level> {
        match s.trim() {
            "off" | "关闭" | "allow" => Some(Level::Off),
            "warning" | "warn" | "警告" => Some(Level::Warning),
            "error" | "deny" | "错误" => Some(Level::Error),
            _ => None,
        }
    }
}

/// What a rule declares that `[rules]` may set: its code, its level when site.toml says
/// nothing, and its settings. Each rule declares itself in its own file (`rules::RULES`);
/// whoever reads site.toml passes the declarations in (`rules::declarations()`), so that
/// this layer, below the rules, never names one.
#[derive(Clone, Copy, Debug)]
pub struct Declaration {
    pub code: &'static str,
    pub level: Level,
    pub options: &'static [RuleOption],
}

/// A `[rules]` setting a rule reads besides its level.
#[derive(Debug)]
pub struct RuleOption {
    pub key: &'static str,
    pub default: &'static str,
    pub meaning: &'static str,
}

/// The file `sensitive-word` reads when `sensitive_words` is not set (and it exists).
pub const DEFAULT_WORD_LIST: &str = "sensitive_words.txt";

#[derive(Debug, Clone)]
pub struct RuleSettings {
    /// Every declared rule's level: as site.toml sets it, else as the rule declares.
    levels: BTreeMap<&'static str, Level>,
    /// The rules whose level site.toml sets.
    set: BTreeMap<&'static str, ()>,
    pub wide_table_columns: usize,
    /// The word list, relative to the site root; `None` means the default file, if present.
    pub sensitive_words: Option<String>,
    pub duplicate_similarity: f64,
    pub publication_days: i64,
    /// Attachments larger than this many MiB are reported.
    pub max_attachment_mb: u64,
    /// How long before a 规范性文件's term ends `expiring-soon` reports it.
    pub expiry_notice: super::duration::Every,
    /// The longest term a 规范性文件 may have, in years (2 for 暂行 and 试行 ones).
    pub max_term_years: u32,
    /// What a 登记号 (`reg_no`) must look like, when the site says.
    pub reg_no_pattern: Option<regex::Regex>,
    /// The category (id or name) of annual reports (政府信息公开年报).
    pub annual_report_category: String,
    /// Files first committed before this day are not judged by the history rules (SPEC §12).
    pub history_from: Option<crate::date::Date>,
    /// `published-backdated` is an error.
    pub strict_dates: bool,
    /// Days `published` may precede the day a file entered the repository.
    pub backdate_days: i64,
}

impl RuleSettings {
    /// The settings when site.toml says nothing: each declared rule at its own level.
    pub fn declared(rules: &[Declaration]) -> Self {
        RuleSettings {
            levels: rules.iter().map(|r| (r.code, r.level)).collect(),
            set: BTreeMap::new(),
            wide_table_columns: 8,
            sensitive_words: None,
            duplicate_similarity: 0.8,
            publication_days: 20,
            max_attachment_mb: 20,
            expiry_notice: super::duration::Every {
                n: 6,
                unit: super::duration::Unit::Month,
            },
            max_term_years: 5,
            reg_no_pattern: None,
            annual_report_category: "ndbg".to_string(),
            history_from: None,
            strict_dates: false,
            backdate_days: 2,
        }
    }
}

impl RuleSettings {
    /// The level of a rule: as set in site.toml, else its declared default. A code that
    /// is no editorial rule (a security check) is a warning here: its own severity stands.
    pub fn level(&self, code: &str) -> Level {
        self.levels.get(code).copied().unwrap_or(Level::Warning)
    }

    /// Whether site.toml sets the rule's level.
    pub fn is_set(&self, code: &str) -> bool {
        self.set.contains_key(code)
    }

    pub fn is_on(&self, code: &str) -> bool {
        self.level(code) != Level::Off
    }

    /// Set a rule's level; `code` must be a rule's (`false` otherwise).
    pub fn set_level(&mut self, code: &str, level: Level) -> bool {
        match self.levels.get_key_value(code) {
            Some((&code, _)) => {
                self.levels.insert(code, level);
                self.set.insert(code, ());
                true
            }
            None => false,
        }
    }
}

impl super::reader::Reader<'_> {
    pub(super) fn rules(
        &mut self,
        root: &dyn toml_edit::TableLike,
        declared: &[Declaration],
    ) -> RuleSettings {
        let mut settings = RuleSettings::declared(declared);
        let Some(item) = root.get("rules") else {
            return settings;
        };
        let Some(t) = item.as_table_like() else {
            let pos = self.value_pos(root, "rules");
            self.error(
                crate::diag::codes::CONFIG,
                pos,
                "rules",
                "`rules` 应为表 [rules] (expected a table)".into(),
                "写成 [rules] 下的 late-publication = \"error\" 等".into(),
            );
            return settings;
        };
        let codes = declared.iter().map(|r| r.code);
        let options = declared
            .iter()
            .flat_map(|r| r.options.iter().map(|o| o.key));
        let allowed: Vec<&str> = codes.clone().chain(options).collect();
        self.check_keys(t, &allowed, "[rules]");
        for code in codes {
            let Some(v) = t.get(code) else { continue };
            match v.as_str().and_then(Level::parse) {
                Some(level) => {
                    settings.set_level(code, level);
                    if code == "personal-data" && level != Level::Error && !self.commented(t, code)
                    {
                        let pos = self.value_pos(t, code);
                        self.error(
                            crate::diag::codes::CONFIG,
                            pos,
                            code,
                            "降低 personal-data 的级别会让身份证号、银行卡号随文件公开，必须写明理由 (lowering personal-data needs a reason)".into(),
                            "在这一行末尾或上一行用 # 注释写明理由，例如 personal-data = \"warning\"  # 公示名单依《…》须公开完整号码".into(),
                        );
                    }
                }
                None => {
                    let pos = self.value_pos(t, code);
                    self.error(
                        crate::diag::codes::CONFIG,
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
        if let Some(n) = self.integer(t, "max_attachment_mb", 1..=2048) {
            settings.max_attachment_mb = n as u64;
        }
        if let Some(n) = self.integer(t, "max_term_years", 1..=50) {
            settings.max_term_years = n as u32;
        }
        if let Some(s) = self.string(t, "expiry_notice", false) {
            match super::duration::Every::parse(&s) {
                Some(every) => settings.expiry_notice = every,
                None => {
                    let pos = self.value_pos(t, "expiry_notice");
                    self.error(
                        crate::diag::codes::CONFIG,
                        pos,
                        "expiry_notice",
                        format!("expiry_notice `{s}` 不是可识别的时长 (not a duration)"),
                        "例如 expiry_notice = \"6 months\" 或 \"6个月\"".into(),
                    );
                }
            }
        }
        if let Some(p) = self.string(t, "reg_no_pattern", false) {
            match regex::Regex::new(&p) {
                Ok(re) => settings.reg_no_pattern = Some(re),
                Err(e) => {
                    let pos = self.value_pos(t, "reg_no_pattern");
                    self.error(
                        crate::diag::codes::CONFIG,
                        pos,
                        "reg_no_pattern",
                        format!("reg_no_pattern 不是有效的正则表达式：{e}"),
                        "使用单引号包住正则，例如 '^[A-Z]{3}-\\d{4}-\\d{4}$'".into(),
                    );
                }
            }
        }
        if let Some(n) = self.integer(t, "backdate_days", 0..=365) {
            settings.backdate_days = n;
        }
        if let Some(b) = self.boolean(t, "strict_dates") {
            settings.strict_dates = b;
        }
        if let Some(v) = t.get("history_from") {
            let text = v
                .as_datetime()
                .map(|d| d.to_string())
                .or_else(|| v.as_str().map(str::to_string))
                .unwrap_or_default();
            match crate::date::Date::parse(text.trim()) {
                Ok(d) => settings.history_from = Some(d),
                Err(_) => {
                    let pos = self.value_pos(t, "history_from");
                    self.error(
                        crate::diag::codes::CONFIG,
                        pos,
                        "history_from",
                        format!("history_from `{text}` 不是日期 (expected a date)"),
                        "例如 history_from = 2026-01-01（采用 gongkai 或一次导入旧文件的那天）"
                            .into(),
                    );
                }
            }
        }
        settings.sensitive_words = self.string(t, "sensitive_words", false);
        if let Some(c) = self.string(t, "annual_report_category", false) {
            settings.annual_report_category = c;
        }
        if let Some(v) = t.get("duplicate_similarity") {
            match v.as_float().or_else(|| v.as_integer().map(|i| i as f64)) {
                Some(x) if (0.5..=1.0).contains(&x) => settings.duplicate_similarity = x,
                _ => {
                    let pos = self.value_pos(t, "duplicate_similarity");
                    self.error(
                        crate::diag::codes::CONFIG,
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_default_to_warning() {
        let declared = [Declaration {
            code: "wide-table",
            level: Level::Warning,
            options: &[],
        }];
        let mut s = RuleSettings::declared(&declared);
        assert_eq!(s.level("wide-table"), Level::Warning);
        assert!(s.set_level("wide-table", Level::Off));
        assert!(!s.is_on("wide-table"));
        assert!(!s.set_level("no-such-rule", Level::Error));
        assert_eq!(Level::parse("错误"), Some(Level::Error));
        assert_eq!(Level::parse("loud"), None);
    }
}
