//! Diagnostics as text for a terminal and as the JSON array of SPEC §4.

use super::{Diagnostic, Diagnostics, Severity};
use std::collections::BTreeMap;
use std::fmt::Write;

/// Human-readable report: findings grouped under their file (site-wide ones first), then a
/// count per code.
pub fn text(diags: &Diagnostics, colour: bool) -> String {
    let paint = |code: &str, s: &str| {
        if colour {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    };
    let mut out = String::new();
    let mut current: Option<Option<&str>> = None;
    for d in diags.iter() {
        if current != Some(d.file.as_deref()) {
            current = Some(d.file.as_deref());
            let n = diags.iter().filter(|x| x.file == d.file).count();
            let name = d.file.as_deref().unwrap_or("(site)");
            if !out.is_empty() {
                out.push('\n');
            }
            let _ = writeln!(out, "{} ({n})", paint("1", &format!("── {name}")));
        }
        let (label, tint) = match d.severity {
            Severity::Error => ("error", "1;31"),
            Severity::Warning => ("warning", "1;33"),
        };
        let _ = writeln!(
            out,
            "{}: {}",
            paint(tint, &format!("{label}[{}]", d.code)),
            d.message
        );
        let _ = writeln!(out, "  --> {}", location(d));
        if let Some(field) = &d.field {
            let _ = writeln!(out, "   = 字段 field: {field}");
        }
        if let Some(help) = &d.help {
            let _ = writeln!(out, "   = {} {help}", paint("1;36", "修改建议 help:"));
        }
    }
    if !diags.is_empty() {
        let mut per_code: BTreeMap<&str, usize> = BTreeMap::new();
        for d in diags.iter() {
            *per_code.entry(d.code).or_default() += 1;
        }
        let counts: Vec<String> = per_code.iter().map(|(c, n)| format!("{c} ×{n}")).collect();
        let (errors, warnings) = (diags.error_count(), diags.warning_count());
        let _ = writeln!(
            out,
            "错误 {errors} 个，警告 {warnings} 个 ({errors} error(s), {warnings} warning(s)): {}",
            counts.join(", ")
        );
    }
    out
}

fn location(d: &Diagnostic) -> String {
    let file = d.file.as_deref().unwrap_or("(site)");
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
                let _ = write!(message, " [字段 field: {field}]");
            }
            if let Some(help) = &d.help {
                let _ = write!(message, " 修改建议 help: {help}");
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
                .help("did you mean `title`?"),
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
        assert!(obj["message"].as_str().unwrap().contains("did you mean"));
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
        assert!(t.ends_with(
            "错误 1 个，警告 2 个 (1 error(s), 2 warning(s)): image-alt ×1, unknown-field ×1, wide-table ×1\n"
        ));
    }

    #[test]
    fn text_names_file_line_and_counts() {
        let t = text(&sample(), false);
        assert!(t.contains("error[unknown-field]"));
        assert!(t.contains("content/a.md:2:1"));
        assert!(t.contains("unknown-field ×1"));
        assert!(!t.contains("\x1b["));
    }
}
