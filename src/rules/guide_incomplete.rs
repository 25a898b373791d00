//! The `guide-incomplete` rule; its documentation is the doc comment of [`RULE`].

use super::field_warning;
use super::registry::{Check, rule};
use crate::diag::Diagnostic;
use crate::frontmatter::Field;
use crate::model::visibility::Catalogue;

/// The column `init` creates for the 政府信息公开指南.
pub const GUIDE_CATEGORY: &str = "xxgkzn";

/// The parts 条例 第十二条 asks of a guide, each with the words that show it is there.
pub const PARTS: &[(&str, &[&str])] = &[
    ("政府信息的分类", &["分类"]),
    ("编排体系", &["编排"]),
    ("获取方式", &["获取方式", "获取"]),
    ("工作机构的名称", &["工作机构"]),
    ("办公地址", &["办公地址", "地址"]),
    ("办公时间", &["办公时间"]),
    ("联系电话", &["联系电话", "电话"]),
    ("传真号码", &["传真"]),
    (
        "互联网联系方式",
        &["电子邮箱", "邮箱", "网址", "互联网", "网上申请"],
    ),
];

rule! {
    /// `guide-incomplete` (政府信息公开指南要素不全): the site's 政府信息公开指南 — the documents
    /// of the column `xxgkzn`, which `gongkai init` creates — lacks a part that 条例 第十二条
    /// requires: the classification (分类), arrangement (编排体系) and ways of obtaining
    /// (获取方式) of government information, and the disclosure office's name (工作机构),
    /// address, hours, telephone, fax and internet contact (e-mail or address).
    ///
    /// It points at the newest guide and lists what is missing. The published guides are read
    /// together: a part may be in any of them. `init` writes a guide with every part.
    pub const RULE = Rule {
        code: "guide-incomplete",
        label: "政府信息公开指南要素不全",
        level: crate::config::Level::Warning,
        checks: &[Check::Site(|ctx, _| check(ctx.cat))],
    };
}

pub fn check(cat: &Catalogue) -> Vec<Diagnostic> {
    let Some(column) = cat.config.category(GUIDE_CATEGORY) else {
        return Vec::new();
    };
    let guides: Vec<_> = (cat.by_category[column].iter())
        .map(|&k| cat.get(k))
        .filter(|e| !e.is_draft() && e.is_full_text())
        .collect();
    let Some(newest) = guides.first() else {
        return Vec::new();
    };
    let text: String = guides.iter().filter_map(|e| e.text()).collect();
    let missing: Vec<&str> = PARTS
        .iter()
        .filter(|(_, words)| !words.iter().any(|w| text.contains(w)))
        .map(|(part, _)| *part)
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    vec![
        field_warning(
            newest,
            Field::Title,
            RULE.code,
            format!(
                "政府信息公开指南缺少条例第十二条要求的内容：{} (guide incomplete)",
                missing.join("、")
            ),
        )
        .help("补充这些内容；gongkai init 生成的指南包含全部要素，可作参照"),
    ]
}
