//! `reports/Y.toml`: what neither the catalogue nor the register knows, per issuer (SPEC §11).
//!
//! ```toml
//! ["县市场监督管理局"]            # an issuer's name or alias; "site" for the government's report
//! licensing = 561                 # 行政许可 本年处理决定数量
//! penalty = 92                    # 行政处罚
//! coercion = 3                    # 行政强制
//! fees_wan = 12.5                 # 行政事业性收费 本年收费金额（万元）
//! review = [1, 0, 0, 0]           # 行政复议: 结果维持, 结果纠正, 其他结果, 尚未审结
//! suit_direct = [0, 0, 0, 0]      # 行政诉讼 未经复议直接起诉, the same four
//! suit_after_review = [0, 0, 0, 0]  # 行政诉讼 复议后起诉, the same four
//! ```
//!
//! Only `report` and `check` read it; `build` never does.

use crate::config::Config;
use crate::diag::{Diagnostic, codes};
use crate::source;
use std::path::Path;
use toml_edit::{DocumentMut, Item, TableLike};

/// Where the files live, under the site root.
pub const DIR: &str = "reports";

/// The key of the government's own report (all issuers).
pub const SITE: &str = "site";

const KEYS: [&str; 7] = [
    "licensing",
    "penalty",
    "coercion",
    "fees_wan",
    "review",
    "suit_direct",
    "suit_after_review",
];

/// One issuer's (or the site's) figures; `None` where the file does not say.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures {
    pub licensing: Option<u64>,
    pub penalty: Option<u64>,
    pub coercion: Option<u64>,
    pub fees_wan: Option<f64>,
    /// 行政复议, 未经复议直接起诉, 复议后起诉: each 结果维持, 结果纠正, 其他结果, 尚未审结.
    pub reviews: [Option<[u64; 4]>; 3],
}

/// The figures of one year, by issuer (position in site.toml) and for the site.
#[derive(Debug, Default)]
pub struct Inputs {
    pub site: Option<Figures>,
    pub issuers: Vec<(usize, Figures)>,
}

impl Inputs {
    /// The figures of the site (`None`) or of one issuer.
    pub fn of(&self, issuer: Option<usize>) -> Option<&Figures> {
        match issuer {
            None => self.site.as_ref(),
            Some(i) => self.issuers.iter().find(|(j, _)| *j == i).map(|(_, f)| f),
        }
    }
}

/// The file of a year, relative to the site root.
pub fn file(year: i32) -> String {
    format!("{DIR}/{year}.toml")
}

/// The figures of `year` (none when `reports/Y.toml` does not exist), and what is wrong
/// with the file.
pub fn read(root: &Path, config: &Config, year: i32) -> (Inputs, Vec<Diagnostic>) {
    let want = file(year);
    for (rel, text) in source::read_texts(root, DIR, ".toml") {
        if rel != want {
            continue;
        }
        return match text {
            Ok(text) => parse(&rel, &text, config),
            Err(why) => (Inputs::default(), vec![unreadable(&rel, &why)]),
        };
    }
    (Inputs::default(), Vec::new())
}

/// What is wrong with any file of `reports/` (what `check` reports).
pub fn check(root: &Path, config: &Config) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (rel, text) in source::read_texts(root, DIR, ".toml") {
        let year = rel
            .strip_prefix(&format!("{DIR}/"))
            .and_then(|n| n.strip_suffix(".toml"))
            .filter(|y| y.len() == 4 && y.chars().all(|c| c.is_ascii_digit()));
        if year.is_none() {
            out.push(
                Diagnostic::error(
                    codes::REPORT_DATA_INVALID,
                    format!(
                        "年度报告数据文件应以年份命名，如 {DIR}/2025.toml (report-data-invalid)"
                    ),
                )
                .in_file(&rel),
            );
            continue;
        }
        match text {
            Ok(text) => out.extend(parse(&rel, &text, config).1),
            Err(why) => out.push(unreadable(&rel, &why)),
        }
    }
    out
}

fn unreadable(rel: &str, why: &str) -> Diagnostic {
    Diagnostic::error(
        codes::REPORT_DATA_INVALID,
        format!("无法读取年度报告数据：{why} (report-data-invalid)"),
    )
    .in_file(rel)
}

/// Parse one year's file; `file` names it in findings (`report-data-invalid`).
pub fn parse(file: &str, text: &str, config: &Config) -> (Inputs, Vec<Diagnostic>) {
    let mut out = Inputs::default();
    let mut diags = Vec::new();
    let invalid = |msg: String| {
        Diagnostic::error(codes::REPORT_DATA_INVALID, msg)
            .in_file(file)
            .help("每个发布机构一节：[\"县市场监督管理局\"]，政府本级写 [site]；键见 docs/annual-report.md")
    };
    let doc = match text.parse::<DocumentMut>() {
        Ok(d) => d,
        Err(e) => {
            diags.push(invalid(format!(
                "年度报告数据不是有效的 TOML：{} (invalid TOML)",
                e.message()
            )));
            return (out, diags);
        }
    };
    for (key, item) in doc.iter() {
        let Some(t) = item.as_table_like() else {
            diags.push(invalid(format!(
                "`{key}` 应为一节 [\"{key}\"] (expected a table)"
            )));
            continue;
        };
        let mut problems = Vec::new();
        let figures = figures(t, &mut problems);
        let whose = (key != SITE).then(|| config.issuer(key));
        if whose == Some(None) {
            problems.push(format!("发布机构 `{key}` 未在 site.toml 中定义"));
        }
        if !problems.is_empty() {
            diags.push(invalid(format!(
                "年度报告数据 [\"{key}\"]：{} (report-data-invalid)",
                problems.join("；")
            )));
            continue;
        }
        match whose.flatten() {
            None => out.site = Some(figures),
            Some(i) => out.issuers.push((i, figures)),
        }
    }
    (out, diags)
}

fn figures(t: &dyn TableLike, problems: &mut Vec<String>) -> Figures {
    for (k, _) in t.iter() {
        if !KEYS.contains(&k) {
            problems.push(format!("未知的键 `{k}`，可用：{}", KEYS.join("、")));
        }
    }
    let count = |k: &str, problems: &mut Vec<String>| -> Option<u64> {
        let v = t.get(k)?;
        let n = v.as_integer().filter(|n| *n >= 0);
        if n.is_none() {
            problems.push(format!("`{k}` 应为非负整数"));
        }
        n.map(|n| n as u64)
    };
    let four = |k: &str, problems: &mut Vec<String>| -> Option<[u64; 4]> {
        let v: &Item = t.get(k)?;
        let nums: Option<Vec<u64>> = v.as_array().map(|a| {
            a.iter()
                .filter_map(|x| x.as_integer().filter(|n| *n >= 0).map(|n| n as u64))
                .collect()
        });
        match nums {
            Some(n) if n.len() == 4 && v.as_array().is_some_and(|a| a.len() == 4) => {
                Some([n[0], n[1], n[2], n[3]])
            }
            _ => {
                problems.push(format!(
                    "`{k}` 应为四个非负整数 [结果维持, 结果纠正, 其他结果, 尚未审结]"
                ));
                None
            }
        }
    };
    let fees_wan = t.get("fees_wan").and_then(|v| {
        let x = v
            .as_float()
            .or_else(|| v.as_integer().map(|i| i as f64))
            .filter(|x| x.is_finite() && *x >= 0.0);
        if x.is_none() {
            problems.push("`fees_wan` 应为非负的数（万元）".to_string());
        }
        x
    });
    Figures {
        licensing: count("licensing", problems),
        penalty: count("penalty", problems),
        coercion: count("coercion", problems),
        fees_wan,
        reviews: [
            four("review", problems),
            four("suit_direct", problems),
            four("suit_after_review", problems),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::SITE as SITE_TOML;

    fn config() -> Config {
        crate::config::parse(SITE_TOML, &|_| true, &crate::rules::declarations())
            .0
            .unwrap()
    }

    #[test]
    fn figures_by_issuer_and_for_the_site() {
        let cfg = config();
        let issuer = cfg.issuers[0].name.clone();
        let text = format!(
            "[site]\nlicensing = 561\nfees_wan = 12.5\nreview = [1, 0, 0, 2]\n\n[\"{issuer}\"]\npenalty = 3\n"
        );
        let (inputs, diags) = parse("reports/2025.toml", &text, &cfg);
        assert!(diags.is_empty(), "{diags:?}");
        let site = inputs.of(None).unwrap();
        assert_eq!(site.licensing, Some(561));
        assert_eq!(site.fees_wan, Some(12.5));
        assert_eq!(site.reviews[0], Some([1, 0, 0, 2]));
        assert_eq!(site.reviews[1], None);
        assert_eq!(inputs.of(Some(0)).unwrap().penalty, Some(3));
    }

    #[test]
    fn unknown_issuers_keys_and_bad_numbers_are_reported() {
        let cfg = config();
        let text =
            "[site]\nlicense = 1\npenalty = -2\nreview = [1, 2]\n\n[\"不存在的局\"]\npenalty = 1\n";
        let (inputs, diags) = parse("reports/2025.toml", text, &cfg);
        assert!(inputs.site.is_none());
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert!(diags[0].message.contains("license"));
        assert!(diags[0].message.contains("penalty"));
        assert!(diags[0].message.contains("review"));
        assert!(diags[1].message.contains("不存在的局"));
        assert!(diags.iter().all(|d| d.code == codes::REPORT_DATA_INVALID));
    }
}
