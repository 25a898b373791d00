//! site.toml read as written: every value with its position, and every problem collected
//! as a positioned `config` diagnostic. The sections' own parsers (`categories.rs`,
//! `issuers.rs`, `calendar.rs`, `rules.rs`, `security.rs`) are `impl Reader` blocks beside
//! the types they make.

use super::FILE;
use crate::diag::position::{LineIndex, Position};
use crate::diag::suggest::did_you_mean;
use crate::diag::{Diagnostic, codes};
use std::ops::Range;
use toml_edit::{Item, TableLike};

pub(super) struct Reader<'a> {
    pub(super) index: LineIndex<'a>,
    pub(super) diags: Vec<Diagnostic>,
}

impl Reader<'_> {
    pub(super) fn pos(&self, span: Option<Range<usize>>) -> Option<Position> {
        span.map(|s| self.index.position(s.start))
    }

    pub(super) fn key_pos(&self, t: &dyn TableLike, key: &str) -> Option<Position> {
        self.pos(t.key(key).and_then(|k| k.span()))
    }

    /// Whether the setting `key` of `t` carries a `#` comment with words in it, at the end of
    /// its line or on the line above (a reason written beside it).
    pub(super) fn commented(&self, t: &dyn TableLike, key: &str) -> bool {
        let Some(line) = self.value_pos(t, key).map(|p| p.line) else {
            return false;
        };
        let said = |l: Option<&str>, whole: bool| {
            l.and_then(|l| l.split_once('#'))
                .is_some_and(|(before, after)| {
                    (!whole || before.trim().is_empty()) && !after.trim().is_empty()
                })
        };
        said(self.index.line_text(line), false) || said(self.index.line_text(line - 1), true)
    }

    pub(super) fn value_pos(&self, t: &dyn TableLike, key: &str) -> Option<Position> {
        self.pos(t.get(key).and_then(Item::span))
            .or_else(|| self.key_pos(t, key))
    }

    pub(super) fn error(
        &mut self,
        code: &'static str,
        pos: Option<Position>,
        field: &str,
        msg: String,
        help: String,
    ) {
        self.push(Diagnostic::error(code, msg), pos, field, help);
    }

    pub(super) fn warning(
        &mut self,
        code: &'static str,
        pos: Option<Position>,
        field: &str,
        msg: String,
        help: String,
    ) {
        self.push(Diagnostic::warning(code, msg), pos, field, help);
    }

    /// A finding about site.toml at `pos`.
    fn push(&mut self, d: Diagnostic, pos: Option<Position>, field: &str, help: String) {
        self.diags
            .push(d.in_file(FILE).at(pos).field(field).help(help));
    }

    pub(super) fn check_keys(&mut self, t: &dyn TableLike, allowed: &[&str], ctx: &str) {
        let unknown: Vec<String> = t
            .iter()
            .map(|(k, _)| k.to_string())
            .filter(|k| !allowed.contains(&k.as_str()))
            .collect();
        for key in unknown {
            let pos = self.key_pos(t, &key);
            let help = match did_you_mean(&key, allowed.iter().copied()) {
                Some(s) => format!("是不是 `{s}`？"),
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

    pub(super) fn string(
        &mut self,
        t: &dyn TableLike,
        key: &str,
        required: bool,
    ) -> Option<String> {
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

    /// A link written in site.toml (`apply_url`, an office's `online_url`, identity links):
    /// `http:`, `https:` or a relative address (SPEC §15); anything else (`javascript:`,
    /// `data:`, `file:`) is a `config` error, read as a browser reads it (white space and
    /// control characters inside the scheme ignored).
    pub(super) fn url(&mut self, t: &dyn TableLike, key: &str) -> Option<String> {
        let url = self.string(t, key, false)?;
        if link_is_safe(&url) {
            return Some(url);
        }
        let pos = self.value_pos(t, key);
        self.error(
            codes::CONFIG,
            pos,
            key,
            format!("`{key}` 只能是 http:、https: 开头的网址或站内相对地址 (unsafe URL scheme)"),
            format!("例如 {key} = \"https://…\" 或 \"guide/apply.html\""),
        );
        None
    }

    pub(super) fn string_list(
        &mut self,
        t: &dyn TableLike,
        key: &str,
    ) -> Vec<(String, Option<Position>)> {
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

    pub(super) fn integer(
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

    pub(super) fn boolean(&mut self, t: &dyn TableLike, key: &str) -> Option<bool> {
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

    /// Tables of an array-of-tables key, with the position of each table.
    pub(super) fn tables<'t>(
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

    pub(super) fn base_url(&mut self, root: &dyn TableLike, url: String) -> Option<String> {
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
}

/// Whether a link is `http:`, `https:` or relative, as a browser parses it.
pub(super) fn link_is_safe(url: &str) -> bool {
    let cleaned: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect();
    let scheme_end = cleaned.find([':', '/', '?', '#']);
    match scheme_end {
        Some(i) if cleaned[i..].starts_with(':') => {
            let scheme = cleaned[..i].to_ascii_lowercase();
            scheme == "http" || scheme == "https"
        }
        _ => true,
    }
}

#[cfg(test)]
mod url_tests {
    #[test]
    fn only_web_and_relative_links_pass() {
        for ok in [
            "https://a.cn/x",
            "HTTP://a.cn",
            "guide/apply.html",
            "/x?y=1:2",
            "#a",
            "../x",
        ] {
            assert!(super::link_is_safe(ok), "{ok}");
        }
        for bad in [
            "javascript:alert(1)",
            " JavaScript:x",
            "java\tscript:x",
            "data:text/html,x",
            "file:///etc/passwd",
            "vbscript:x",
        ] {
            assert!(!super::link_is_safe(bad), "{bad}");
        }
    }
}
