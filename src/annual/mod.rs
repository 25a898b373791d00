//! The annual report (政府信息公开工作年度报告, SPEC §11): the national format's tables
//! (`format.rs`), their numbers from the catalogue, the application register and
//! `reports/Y.toml` (`figures.rs`, `inputs.rs`), the draft `gongkai report annual` writes
//! (`draft.rs`), and a published report read back for the checks (`read.rs`).

pub mod draft;
pub mod figures;
pub mod format;
pub mod inputs;
pub mod read;

use crate::config::Config;
use crate::model::visibility::Listed;

/// The year a document reports on, when it is an annual report: in the site's annual-report
/// category (`[rules] annual_report_category`) with a title `…Y年…年度报告`.
pub fn report_year(doc: &Listed, config: &Config) -> Option<i32> {
    let category = config.category(&config.rules.annual_report_category)?;
    if doc.category() != category {
        return None;
    }
    year_of_title(doc.title())
}

/// `…2025年政府信息公开工作年度报告` → 2025.
pub fn year_of_title(title: &str) -> Option<i32> {
    if !title.contains("年度报告") {
        return None;
    }
    let (before, _) = title.split_once('年')?;
    let digits: String = before
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect();
    let year: String = digits.chars().rev().collect();
    (year.len() == 4).then(|| year.parse().ok()).flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_year_comes_from_the_title() {
        assert_eq!(
            year_of_title("示例县人民政府2025年政府信息公开工作年度报告"),
            Some(2025)
        );
        assert_eq!(
            year_of_title("县教育局2024年度政府信息公开工作年度报告"),
            Some(2024)
        );
        assert_eq!(year_of_title("2025年工作总结"), None);
        assert_eq!(year_of_title("关于年度报告的通知"), None);
    }
}
