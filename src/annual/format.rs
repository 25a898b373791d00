//! The national format of the annual report (国办公开办函〔2021〕30号): its sections, and the
//! rows and columns of its tables, as the draft writes them and the checks read them back.

use crate::register::{APPLICANT_TYPES, OUTCOMES};

/// The format `--format` accepts: the current national one.
pub const FORMAT: u32 = 2021;
pub const FORMAT_NOTICE: &str = "国办公开办函〔2021〕30号";

/// The six sections, in order; 一, 五 and 六 are prose the office writes.
pub const SECTIONS: [&str; 6] = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
];

/// The prose sections (positions in [`SECTIONS`]): what reviewers compare year on year.
pub const PROSE: [usize; 3] = [0, 4, 5];

/// Table 二's columns for 第二十条第（一）项.
pub const MADE_COLUMNS: [&str; 3] = ["本年制发件数", "本年废止件数", "现行有效件数"];

/// Table 三's columns: the six applicant types, then 总计.
pub const APPLICANTS: usize = 7;

pub fn applicant_columns() -> [&'static str; APPLICANTS] {
    let mut out = ["总计"; APPLICANTS];
    out[..APPLICANT_TYPES.len()].copy_from_slice(APPLICANT_TYPES);
    out
}

/// Table 三's rows: 一 (new), 二 (carried over), the 21 outcomes of 三, 三(七) total, 四
/// (carried into next year).
pub const NEW: usize = 0;
pub const CARRIED: usize = 1;
pub const FIRST_OUTCOME: usize = 2;
pub const TOTAL: usize = FIRST_OUTCOME + OUTCOMES.len();
pub const PENDING: usize = TOTAL + 1;
pub const ROWS: usize = PENDING + 1;

/// One of table 三's numbers by row and column.
pub type Applications = [[u64; APPLICANTS]; ROWS];

/// How a row of table 三 is labelled.
pub struct RowLabel {
    /// The outcome group's cell (（三）不予公开) on a reason's row, shared by its reasons.
    pub group: Option<String>,
    /// The row's own label, the cell right before its numbers.
    pub label: String,
    /// What a label read back must say, without its ordinal (一、 （三） 1.).
    pub key: &'static str,
    /// How many reason rows the group cell spans (on the group's first reason only).
    pub group_span: usize,
}

const GROUP_ORDINALS: [&str; 7] = ["一", "二", "三", "四", "五", "六", "七"];

/// The outcome groups as the table words them, the register's label before the `/`.
fn group_label(group: &str) -> String {
    match group {
        "部分公开" => "部分公开（区分处理的，只计这一情形，不计其他情形）".to_string(),
        other => other.to_string(),
    }
}

/// Table 三's rows, in order.
pub fn rows() -> Vec<RowLabel> {
    let head = |label: &str, key: &'static str| RowLabel {
        group: None,
        label: label.to_string(),
        key,
        group_span: 0,
    };
    let mut out = vec![
        head(
            "一、本年新收政府信息公开申请数量",
            "本年新收政府信息公开申请数量",
        ),
        head(
            "二、上年结转政府信息公开申请数量",
            "上年结转政府信息公开申请数量",
        ),
    ];
    let mut groups: Vec<&str> = Vec::new();
    for o in OUTCOMES {
        let (group, reason) = match o.split_once('/') {
            Some((g, r)) => (g, Some(r)),
            None => (*o, None),
        };
        if groups.last() != Some(&group) {
            groups.push(group);
        }
        let g = groups.len() - 1;
        let group_cell = format!("（{}）{}", GROUP_ORDINALS[g], group_label(group));
        match reason {
            None => out.push(RowLabel {
                group: None,
                label: group_cell,
                key: group,
                group_span: 0,
            }),
            Some(reason) => {
                let n = OUTCOMES
                    .iter()
                    .filter(|x| x.split_once('/').is_some_and(|(h, _)| h == group))
                    .count();
                let k = OUTCOMES
                    .iter()
                    .take_while(|x| **x != *o)
                    .filter(|x| x.split_once('/').is_some_and(|(h, _)| h == group))
                    .count();
                out.push(RowLabel {
                    group: Some(group_cell),
                    label: format!("{}.{reason}", k + 1),
                    key: reason,
                    group_span: if k == 0 { n } else { 0 },
                });
            }
        }
    }
    out.push(head(
        &format!("（{}）总计", GROUP_ORDINALS[groups.len()]),
        "总计",
    ));
    out.push(head("四、结转下年度继续办理", "结转下年度继续办理"));
    out
}

/// Table 四's columns: 行政复议, then 行政诉讼 未经复议直接起诉 and 复议后起诉, each with these
/// five.
pub const REVIEW_RESULTS: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
pub const REVIEW_GROUPS: [&str; 3] = ["行政复议", "未经复议直接起诉", "复议后起诉"];

/// Table 四's numbers: per group, the four results and their total.
pub type Reviews = [[u64; 5]; 3];

/// A label as it is compared: without white space and without its ordinal (`一、`, `（三）`,
/// `1.`).
pub fn bare(label: &str) -> String {
    let s: String = label.chars().filter(|c| !c.is_whitespace()).collect();
    let ordinal = |c: char| GROUP_ORDINALS.iter().any(|o| o.starts_with(c)) || c.is_ascii_digit();
    let rest = s.trim_start_matches(['（', '(']);
    let after = rest.trim_start_matches(ordinal);
    if after.len() == rest.len() {
        return s;
    }
    after
        .trim_start_matches(['）', ')', '、', '.', '．'])
        .to_string()
}

/// The row of table 三 a label names, if any.
pub fn row_of(label: &str) -> Option<usize> {
    let bare = bare(label);
    rows()
        .iter()
        .position(|r| bare == r.key || bare.starts_with(&format!("{}（", r.key)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_outcome_has_a_row_and_the_labels_read_back() {
        let rows = rows();
        assert_eq!(rows.len(), ROWS);
        for (i, r) in rows.iter().enumerate() {
            assert_eq!(row_of(&r.label), Some(i), "{}", r.label);
        }
        assert_eq!(rows[FIRST_OUTCOME].label, "（一）予以公开");
        assert_eq!(rows[FIRST_OUTCOME + 2].label, "1.属于国家秘密");
        assert_eq!(rows[FIRST_OUTCOME + 2].group_span, 8);
        assert_eq!(rows[TOTAL].label, "（七）总计");
        assert_eq!(row_of("（二）部分公开"), Some(FIRST_OUTCOME + 1));
        assert_eq!(row_of("总 计"), Some(TOTAL));
        assert_eq!(row_of("自然人"), None);
    }
}
