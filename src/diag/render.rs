//! Diagnostics as text for a terminal and as the JSON array of SPEC §4.

use super::{Diagnostic, Diagnostics, Severity};
use std::collections::BTreeMap;
use std::fmt::Write;

/// How findings are written for a person.
pub struct Style<'a> {
    pub colour: bool,
    /// Many alike findings about the site as a whole (one code, in site.toml or in no file)
    /// as one entry that lists what they are about; `check --verbose` writes each.
    pub fold: bool,
    /// The site's settings file, where site-wide findings point.
    pub settings: &'a str,
    /// A rule's Chinese label, by its code.
    pub label: &'a dyn Fn(&str) -> Option<&'static str>,
    /// A field's Chinese name, by the key as written.
    pub field: &'a dyn Fn(&str) -> Option<String>,
}

impl Style<'_> {
    /// Each finding written out, nothing named beyond what it carries.
    pub fn plain(colour: bool) -> Style<'static> {
        Style {
            colour,
            fold: false,
            settings: "",
            label: &|_| None,
            field: &|_| None,
        }
    }
}

/// Alike findings about the whole site folded into one entry from this many on.
pub const FOLD_AT: usize = 3;

/// Human-readable report: findings grouped under their file (site-wide ones first), then a
/// count per code.
pub fn text(diags: &Diagnostics, colour: bool) -> String {
    let mut out = findings(diags, &Style::plain(colour));
    out.push_str(&summary(diags));
    out
}

/// The findings, grouped under their file (site-wide ones first): what `check` writes to
/// standard output, a to-do list.
pub fn findings(diags: &Diagnostics, style: &Style) -> String {
    let paint = |code: &str, s: &str| {
        if style.colour {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let site_wide = |d: &Diagnostic| d.file.as_deref().is_none_or(|f| f == style.settings);
    let alike = |a: &Diagnostic, b: &Diagnostic| {
        a.code == b.code && a.severity == b.severity && a.file == b.file
    };
    let all: Vec<&Diagnostic> = diags.iter().collect();
    let mut out = String::new();
    let mut current: Option<Option<&str>> = None;
    let mut folded: Vec<bool> = vec![false; all.len()];
    for (i, d) in all.iter().enumerate() {
        if folded[i] {
            continue;
        }
        if current != Some(d.file.as_deref()) {
            current = Some(d.file.as_deref());
            let n = all.iter().filter(|x| x.file == d.file).count();
            let name = d.file.as_deref().unwrap_or("（全站）");
            if !out.is_empty() {
                out.push('\n');
            }
            let _ = writeln!(out, "{} ({n})", paint("1", &format!("── {name}")));
        }
        let (label, tint) = match d.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let head = paint(tint, &format!("{label}[{}]", d.code));
        let group: Vec<usize> = if style.fold && site_wide(d) {
            (i..all.len()).filter(|&j| alike(d, all[j])).collect()
        } else {
            vec![i]
        };
        if group.len() >= FOLD_AT {
            for &j in &group {
                folded[j] = true;
            }
            let names: Vec<String> = group
                .iter()
                .map(|&j| match (&all[j].subject, all[j].line) {
                    (Some(s), _) => s.clone(),
                    (None, Some(l)) => format!("第 {l} 行"),
                    (None, None) => all[j].message.clone(),
                })
                .collect();
            let what = (style.label)(d.code).unwrap_or(d.code);
            let _ = writeln!(
                out,
                "{head}: {what} {} 个：{}",
                group.len(),
                names.join("、")
            );
            let _ = writeln!(out, "  --> {}", d.file.as_deref().unwrap_or("（全站）"));
            if let Some(help) = &d.help {
                let _ = writeln!(out, "   = {}{help}", paint("1;36", "修改建议："));
            }
            let _ = writeln!(out, "   = 逐条列出：gongkai check --verbose");
            continue;
        }
        let _ = writeln!(out, "{head}: {}", d.message);
        let _ = writeln!(out, "  --> {}", location(d));
        if let Some(field) = &d.field {
            let _ = match (style.field)(field) {
                Some(name) if name != *field => writeln!(out, "   = 字段：{name} ({field})"),
                _ => writeln!(out, "   = 字段：{field}"),
            };
        }
        if let Some(help) = &d.help {
            let _ = writeln!(out, "   = {}{help}", paint("1;36", "修改建议："));
        }
    }
    out
}

/// The count of errors and warnings, and of each code: what `check` writes to standard error.
pub fn summary(diags: &Diagnostics) -> String {
    if diags.is_empty() {
        return String::new();
    }
    let mut per_code: BTreeMap<&str, usize> = BTreeMap::new();
    for d in diags.iter() {
        *per_code.entry(d.code).or_default() += 1;
    }
    let counts: Vec<String> = per_code.iter().map(|(c, n)| format!("{c} ×{n}")).collect();
    let (errors, warnings) = (diags.error_count(), diags.warning_count());
    format!(
        "错误 {errors} 个，警告 {warnings} 个：{}\n",
        counts.join(", ")
    )
}

fn location(d: &Diagnostic) -> String {
    let file = d.file.as_deref().unwrap_or("（全站）");
    match (d.line, d.column) {
        (Some(l), Some(c)) => format!("{file}:{l}:{c}"),
        (Some(l), None) => format!("{file}:{l}"),
        _ => file.to_string(),
    }
}

/// The JSON array of SPEC §4. The field and hint are folded into `message`, so the object
/// keeps exactly the documented keys.
pub fn json(diags: &Diagnostics) -> String {
    let items: Vec<serde_json::Value> = diags
        .iter()
        .map(|d| {
            let mut message = d.message.clone();
            if let Some(field) = &d.field {
                let _ = write!(message, " [字段：{field}]");
            }
            if let Some(help) = &d.help {
                let _ = write!(message, " 修改建议：{help}");
            }
            serde_json::json!({
                "severity": d.severity,
                "code": d.code,
                "file": d.file,
                "line": d.line,
                "column": d.column,
                "message": message,
            })
        })
        .collect();
    serde_json::to_string_pretty(&items).unwrap_or_else(|_| "[]".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::position::Position;

    fn sample() -> Diagnostics {
        let mut ds = Diagnostics::default();
        ds.push(
            Diagnostic::error("unknown-field", "未知字段 `titel`")
                .in_file("content/a.md")
                .at(Some(Position::new(2, 1)))
                .field("titel")
                .help("是不是 `title`？"),
        );
        ds
    }

    #[test]
    fn json_has_exactly_the_documented_keys() {
        let v: serde_json::Value = serde_json::from_str(&json(&sample())).unwrap();
        let obj = v[0].as_object().unwrap();
        let mut keys: Vec<&str> = obj.keys().map(String::as_str).collect();
        keys.sort();
        assert_eq!(
            keys,
            ["code", "column", "file", "line", "message", "severity"]
        );
        assert_eq!(obj["severity"], "error");
        assert_eq!(obj["line"], 2);
        assert!(obj["message"].as_str().unwrap().contains("是不是 `title`"));
    }

    #[test]
    fn text_groups_by_file() {
        let mut ds = sample();
        ds.push(Diagnostic::warning("image-alt", "图片没有替代文字").in_file("content/b.md"));
        ds.push(Diagnostic::warning("wide-table", "表格太宽").in_file("content/a.md"));
        ds.sort();
        let t = text(&ds, false);
        assert_eq!(t.matches("── content/a.md (2)").count(), 1, "{t}");
        assert_eq!(t.matches("── content/b.md (1)").count(), 1);
        assert!(t.find("表格太宽").unwrap() < t.find("── content/b.md").unwrap());
        assert!(
            t.ends_with("错误 1 个，警告 2 个：image-alt ×1, unknown-field ×1, wide-table ×1\n")
        );
    }

    #[test]
    fn text_names_file_line_and_counts() {
        let t = text(&sample(), false);
        assert!(t.contains("error[unknown-field]"));
        assert!(t.contains("content/a.md:2:1"));
        assert!(t.contains("unknown-field ×1"));
        assert!(!t.contains("\x1b["));
    }

    fn empty_columns(n: usize) -> Diagnostics {
        let mut ds = Diagnostics::default();
        for i in 0..n {
            ds.push(
                Diagnostic::warning("empty-category", format!("栏目 c{i} 没有任何公开的信息"))
                    .in_file("site.toml")
                    .at(Some(Position::new(10 + i, 1)))
                    .about(format!("栏目{i}"))
                    .help("发布信息"),
            );
        }
        ds.push(
            Diagnostic::error("date-invalid", "日期不存在")
                .in_file("content/a.md")
                .at(Some(Position::new(3, 1)))
                .field("written"),
        );
        ds.sort();
        ds
    }

    fn folding(fold: bool) -> Style<'static> {
        Style {
            colour: false,
            fold,
            settings: "site.toml",
            label: &|code| (code == "empty-category").then_some("空白栏目"),
            field: &|key| (key == "written").then(|| "成文日期".to_string()),
        }
    }

    #[test]
    fn many_alike_site_findings_fold_into_one_entry_with_their_names() {
        let t = findings(&empty_columns(14), &folding(true));
        assert_eq!(t.matches("warning[empty-category]").count(), 1, "{t}");
        assert!(t.contains("空白栏目 14 个：栏目0、栏目1、"), "{t}");
        assert!(t.contains("栏目13"), "{t}");
        assert!(t.contains("gongkai check --verbose"), "{t}");
        // A document's findings are never folded, and name the field in Chinese first.
        assert!(t.contains("error[date-invalid]: 日期不存在"), "{t}");
        assert!(t.contains("字段：成文日期 (written)"), "{t}");
        // Unfolded, each is its own entry; two alike are never folded.
        let all = findings(&empty_columns(14), &folding(false));
        assert_eq!(all.matches("warning[empty-category]").count(), 14, "{all}");
        let two = findings(&empty_columns(2), &folding(true));
        assert_eq!(two.matches("warning[empty-category]").count(), 2, "{two}");
    }

    #[test]
    fn no_english_is_left_in_what_a_person_reads() {
        let mut ds = empty_columns(1);
        ds.extend(sample().iter().cloned());
        ds.sort();
        let t = format!("{}{}", findings(&ds, &folding(true)), summary(&ds));
        for leftover in ["field:", "help:", "(site)", "error(s)", "front matter"] {
            assert!(!t.contains(leftover), "{leftover} in {t}");
        }
    }
}
