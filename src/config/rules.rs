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

/// What a rule declares that `[rules]` may set: its code and its level when site.toml says
/// nothing. Each rule declares itself in its own file (`rules::RULES`); whoever reads
/// site.toml passes the declarations in (`rules::declarations()`), so that this layer, below
/// the rules, never names one. Its settings are declared in [`settings!`] below.
#[derive(Clone, Copy, Debug)]
pub struct Declaration {
    pub code: &'static str,
    pub level: Level,
}

/// A `[rules]` setting besides the levels, as [`SETTINGS`] lists it.
#[derive(Debug)]
pub struct Setting {
    pub key: &'static str,
    /// The rule that reads it.
    pub rule: &'static str,
    /// Its default as site.toml would write it (`""`: none); the defaults are read by the
    /// same code as site.toml's values, so each is written once.
    pub default: &'static str,
    pub meaning: &'static str,
}

/// The file `sensitive-word` reads when `sensitive_words` is not set (and it exists).
pub const DEFAULT_WORD_LIST: &str = "sensitive_words.txt";

/// The `[rules]` settings, declared once: each one's key, the rule that reads it, its type,
/// its default as TOML text, how it is read, and (as its doc comment) what it means. The
/// typed members of [`RuleSettings`], their defaults, their reading, the keys `[rules]`
/// accepts and the settings in docs/editorial-rules.md all follow from this table.
macro_rules! settings {
    ($(
        $(#[doc = $meaning:literal])+
        $key:ident ($rule:literal): $ty:ty = $default:tt, $read:expr;
    )*) => {
        #[derive(Debug, Clone)]
        pub struct RuleSettings {
            /// Every declared rule's level: as site.toml sets it, else as the rule declares.
            levels: BTreeMap<&'static str, Level>,
            /// The rules whose level site.toml sets.
            set: BTreeMap<&'static str, ()>,
            $($(#[doc = $meaning])+ pub $key: $ty,)*
        }

        /// Every `[rules]` setting, in the order of the table.
        pub const SETTINGS: &[Setting] = &[$(
            Setting {
                key: stringify!($key),
                rule: $rule,
                default: $default,
                meaning: concat!($($meaning),+).trim_ascii(),
            },
        )*];

        impl RuleSettings {
            /// The settings when site.toml says nothing: each declared rule at its own level,
            /// each setting at its default.
            pub fn declared(rules: &[Declaration]) -> Self {
                RuleSettings {
                    levels: rules.iter().map(|r| (r.code, r.level)).collect(),
                    set: BTreeMap::new(),
                    $($key: default_value!($key, $default, $read),)*
                }
            }
        }

        impl super::reader::Reader<'_> {
            /// Each setting `t` gives, read into `settings`.
            fn settings(&mut self, t: &dyn toml_edit::TableLike, settings: &mut RuleSettings) {
                $(
                    if t.contains_key(stringify!($key))
                        && let Some(v) = read_with(self, t, stringify!($key), $read)
                    {
                        settings.$key = v;
                    }
                )*
            }
        }
    };
}

/// A setting's value when site.toml does not give it: none for an empty default, else its
/// default read as site.toml's value would be.
macro_rules! default_value {
    ($key:ident, "", $read:expr) => {
        None
    };
    ($key:ident, $default:literal, $read:expr) => {
        default_of(stringify!($key), $default, $read)
    };
}

type Read<T> = fn(&mut super::reader::Reader, &dyn toml_edit::TableLike, &str) -> Option<T>;

fn read_with<T>(
    r: &mut super::reader::Reader,
    t: &dyn toml_edit::TableLike,
    key: &str,
    read: Read<T>,
) -> Option<T> {
    read(r, t, key)
}

/// A setting's default: its TOML text read as site.toml's value would be.
fn default_of<T>(key: &str, default: &str, read: Read<T>) -> T {
    let text = format!("{key} = {default}\n");
    let doc = toml_edit::Document::parse(text.as_str()).expect("a declared default is TOML");
    let mut r = super::reader::Reader {
        index: crate::diag::position::LineIndex::new(&text),
        diags: Vec::new(),
    };
    let value = read(&mut r, doc.as_table(), key);
    assert!(
        r.diags.is_empty(),
        "the default of {key} reads: {:?}",
        r.diags
    );
    value.expect("a declared default reads")
}

settings! {
    /// more columns than this is a wide table (2–100)
    wide_table_columns ("wide-table"): usize = "8",
        |r, t, k| r.integer(t, k, 2..=100).map(|n| n as usize);
    /// the word list, relative to the site root (when unset, `sensitive_words.txt` is read if
    /// it exists)
    sensitive_words ("sensitive-word"): Option<String> = "",
        |r, t, k| r.string(t, k, false).map(Some);
    /// 0.5–1.0: how alike two bodies must be to be reported; 1.0 reports identical bodies only
    duplicate_similarity ("duplicate-content"): f64 = "0.8", |r, t, k| r.fraction(t, k);
    /// working days allowed between `written` and `published` (1–365)
    publication_days ("late-publication"): i64 = "20", |r, t, k| r.integer(t, k, 1..=365);
    /// an attachment larger than this many MiB is reported (1–2048)
    max_attachment_mb ("attachment-format"): u64 = "20",
        |r, t, k| r.integer(t, k, 1..=2048).map(|n| n as u64);
    /// how long before a term ends it is reported (`30 days`, `3个月`, `1 year`)
    expiry_notice ("expiring-soon"): super::duration::Every = "\"6 months\"",
        |r, t, k| r.every(t, k);
    /// the longest term of a 规范性文件, in years (1–50); 2 for 暂行 and 试行 ones
    max_term_years ("normative-no-term"): u32 = "5",
        |r, t, k| r.integer(t, k, 1..=50).map(|n| n as u32);
    /// a regular expression every `reg_no` must match, e.g. `'^XZFG\d{4}\d{3}$'`
    reg_no_pattern ("reg-no-format"): Option<regex::Regex> = "", |r, t, k| r.pattern(t, k);
    /// the column (id or name) of annual reports; its documents titled …Y年…年度报告 are
    /// checked
    annual_report_category ("annual-report-inconsistent"): String = "\"ndbg\"",
        |r, t, k| r.string(t, k, false);
    /// days `published` may precede the first commit (0–365)
    backdate_days ("published-backdated"): i64 = "2", |r, t, k| r.integer(t, k, 0..=365);
    /// make `published-backdated` an error
    strict_dates ("published-backdated"): bool = "false", |r, t, k| r.boolean(t, k);
    /// files first committed before this date are not judged by history (SPEC §12)
    history_from ("published-backdated"): Option<crate::date::Date> = "", |r, t, k| r.day(t, k);
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
        let allowed: Vec<&str> = codes
            .clone()
            .chain(SETTINGS.iter().map(|s| s.key))
            .collect();
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
        self.settings(t, &mut settings);
        settings
    }

    /// A duration (`expiry_notice`): `30 days`, `3个月`, `1 year`.
    fn every(&mut self, t: &dyn toml_edit::TableLike, key: &str) -> Option<super::duration::Every> {
        let s = self.string(t, key, false)?;
        let every = super::duration::Every::parse(&s);
        if every.is_none() {
            let pos = self.value_pos(t, key);
            self.error(
                crate::diag::codes::CONFIG,
                pos,
                key,
                format!("{key} `{s}` 不是可识别的时长 (not a duration)"),
                format!("例如 {key} = \"6 months\" 或 \"6个月\""),
            );
        }
        every
    }

    /// A regular expression (`reg_no_pattern`).
    fn pattern(&mut self, t: &dyn toml_edit::TableLike, key: &str) -> Option<Option<regex::Regex>> {
        let p = self.string(t, key, false)?;
        match regex::Regex::new(&p) {
            Ok(re) => Some(Some(re)),
            Err(e) => {
                let pos = self.value_pos(t, key);
                self.error(
                    crate::diag::codes::CONFIG,
                    pos,
                    key,
                    format!("{key} 不是有效的正则表达式：{e}"),
                    "使用单引号包住正则，例如 '^[A-Z]{3}-\\d{4}-\\d{4}$'".into(),
                );
                None
            }
        }
    }

    /// A day (`history_from`), written as a TOML date or a string.
    fn day(
        &mut self,
        t: &dyn toml_edit::TableLike,
        key: &str,
    ) -> Option<Option<crate::date::Date>> {
        let v = t.get(key)?;
        let text = v
            .as_datetime()
            .map(|d| d.to_string())
            .or_else(|| v.as_str().map(str::to_string))
            .unwrap_or_default();
        match crate::date::Date::parse(text.trim()) {
            Ok(d) => Some(Some(d)),
            Err(_) => {
                let pos = self.value_pos(t, key);
                self.error(
                    crate::diag::codes::CONFIG,
                    pos,
                    key,
                    format!("{key} `{text}` 不是日期 (expected a date)"),
                    format!("例如 {key} = 2026-01-01（采用 gongkai 或一次导入旧文件的那天）"),
                );
                None
            }
        }
    }

    /// A number from 0.5 to 1.0 (`duplicate_similarity`).
    fn fraction(&mut self, t: &dyn toml_edit::TableLike, key: &str) -> Option<f64> {
        let v = t.get(key)?;
        match v.as_float().or_else(|| v.as_integer().map(|i| i as f64)) {
            Some(x) if (0.5..=1.0).contains(&x) => Some(x),
            _ => {
                let pos = self.value_pos(t, key);
                self.error(
                    crate::diag::codes::CONFIG,
                    pos,
                    key,
                    format!("`{key}` 应为 0.5–1.0 之间的小数 (expected a number from 0.5 to 1.0)"),
                    format!("例如 {key} = 0.8（1.0 只报告完全相同的正文）"),
                );
                None
            }
        }
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
        }];
        let mut s = RuleSettings::declared(&declared);
        assert_eq!(s.level("wide-table"), Level::Warning);
        assert!(s.set_level("wide-table", Level::Off));
        assert!(!s.is_on("wide-table"));
        assert!(!s.set_level("no-such-rule", Level::Error));
        assert_eq!(Level::parse("错误"), Some(Level::Error));
        assert_eq!(Level::parse("loud"), None);
    }

    #[test]
    fn defaults_are_read_from_their_declared_text() {
        let s = RuleSettings::declared(&[]);
        assert_eq!(s.wide_table_columns, 8);
        assert_eq!(
            s.expiry_notice,
            super::super::duration::Every {
                n: 6,
                unit: super::super::duration::Unit::Month
            }
        );
        assert!((s.duplicate_similarity - 0.8).abs() < 1e-9);
        assert_eq!(s.annual_report_category, "ndbg");
        assert!(s.sensitive_words.is_none() && s.history_from.is_none() && !s.strict_dates);
        let keys: std::collections::BTreeSet<&str> = SETTINGS.iter().map(|s| s.key).collect();
        assert_eq!(keys.len(), SETTINGS.len(), "a key declared twice");
    }
}
