//! The document templates `gongkai new --template NAME` starts from: `templates/new/NAME.md`
//! of the site (which `init` writes and an office may change or add to), else the built-in
//! copy. A template is a body, optionally after a header of fields to preset (`doc_type:
//! 规范性文件`); its gaps are 【待填写】, which `placeholder-left` stops until they are filled.

use crate::frontmatter::{FIELDS, Field};
use crate::pipeline::RunError;
use std::path::Path;

/// Where a site keeps its document templates (not page templates: the loader skips it).
pub const DIR: &str = "templates/new";

/// The built-in templates, by name: `init` writes them into a new site.
pub const BUILTIN: &[(&str, &str)] = &[
    ("通知", include_str!("../scaffold/new/通知.md")),
    ("公示", include_str!("../scaffold/new/公示.md")),
    ("规范性文件", include_str!("../scaffold/new/规范性文件.md")),
    ("政策解读", include_str!("../scaffold/new/政策解读.md")),
];

/// A template read: the fields it presets (each a value as YAML writes it) and its body.
pub struct Template {
    pub presets: Vec<(Field, String)>,
    pub body: String,
}

/// Fields `new` works out itself, which a template may not preset.
const NOT_PRESET: &[Field] = &[
    Field::Title,
    Field::IndexNo,
    Field::Issuer,
    Field::Category,
    Field::Published,
    Field::Draft,
];

/// The template `name` of the site at `root`, or why there is none.
pub fn read(root: &Path, name: &str) -> Result<Template, RunError> {
    let file = root.join(DIR).join(format!("{name}.md"));
    let text = if name.contains(['/', '\\']) || name.starts_with('.') {
        None
    } else if file.is_file() {
        Some(
            std::fs::read_to_string(&file)
                .map_err(|e| RunError(format!("无法读取模板 {DIR}/{name}.md：{e}")))?,
        )
    } else {
        BUILTIN
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, t)| t.to_string())
    };
    let Some(text) = text else {
        return Err(RunError(format!(
            "没有名为「{name}」的模板。可用的模板：{}；也可以在 {DIR}/ 中新建「{name}.md」作为本单位的模板",
            names(root).join("、")
        )));
    };
    parse(name, &text)
}

/// Every template a site can use: its own, then the built-in ones it has not replaced.
pub fn names(root: &Path) -> Vec<String> {
    let mut out: Vec<String> = std::fs::read_dir(root.join(DIR))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.strip_suffix(".md").map(str::to_string)
        })
        .collect();
    out.sort();
    for (n, _) in BUILTIN {
        if !out.iter().any(|o| o == n) {
            out.push(n.to_string());
        }
    }
    out
}

fn parse(name: &str, text: &str) -> Result<Template, RunError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let Some(rest) = text.strip_prefix("---\n") else {
        return Ok(Template {
            presets: Vec::new(),
            body: text.to_string(),
        });
    };
    let Some((header, body)) = rest.split_once("\n---\n") else {
        return Err(RunError(format!("模板 {name} 的开头信息栏没有以 --- 结束")));
    };
    let mut presets = Vec::new();
    for line in header.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line.split_once(':').unwrap_or((line, ""));
        let (key, value) = (key.trim(), value.trim());
        let spec = FIELDS.iter().find(|s| s.key == key || s.alias == key);
        match spec {
            Some(s) if !NOT_PRESET.contains(&s.field) && !value.is_empty() => {
                presets.push((s.field, value.to_string()))
            }
            Some(s) => {
                return Err(RunError(format!(
                    "模板 {name} 不能预设 {}（{}）：它由 gongkai new 填写",
                    s.alias, s.key
                )));
            }
            None => {
                return Err(RunError(format!(
                    "模板 {name} 的开头信息栏中有不认识的项 `{key}`"
                )));
            }
        }
    }
    Ok(Template {
        presets,
        body: body.trim_start_matches('\n').to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_template_parses_and_leaves_its_gaps_to_fill() {
        for (name, text) in BUILTIN {
            let t = parse(name, text).unwrap_or_else(|e| panic!("{name}: {}", e.0));
            assert!(t.body.contains(crate::model::PLACEHOLDER), "{name}");
            assert!(!t.body.starts_with("---"), "{name}");
        }
        let normative = parse("规范性文件", BUILTIN[2].1).unwrap();
        assert_eq!(
            normative.presets,
            [(Field::DocType, "规范性文件".to_string())]
        );
    }

    #[test]
    fn a_template_may_not_preset_what_new_works_out() {
        let e = parse("坏", "---\nindex_no: 1\n---\n正文").err().unwrap();
        assert!(e.0.contains("不能预设 索引号"), "{}", e.0);
        let e = parse("坏", "---\nfoo: 1\n---\n正文").err().unwrap();
        assert!(e.0.contains("不认识的项 `foo`"), "{}", e.0);
    }
}
