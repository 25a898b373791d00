use super::numbering::number;
use super::table::merged;
use super::*;
use crate::import::blocks::Cell;

#[test]
fn chinese_numerals() {
    assert_eq!(chinese(1), "一");
    assert_eq!(chinese(10), "十");
    assert_eq!(chinese(12), "十二");
    assert_eq!(chinese(20), "二十");
    assert_eq!(chinese(31), "三十一");
    assert_eq!(number("ideographTraditional", 2), "乙");
    assert_eq!(number("decimalEnclosedCircle", 3), "③");
}

#[test]
fn red_is_red() {
    assert!(is_red("FF0000"));
    assert!(is_red("E60012"));
    assert!(!is_red("000000"));
    assert!(!is_red("auto"));
}

#[test]
fn vertical_merges_become_row_spans() {
    let c = |t: &str| Cell {
        text: t.into(),
        colspan: 1,
        rowspan: 1,
    };
    let rows = vec![
        vec![(c("类别"), 1, Merge::Restart), (c("甲"), 1, Merge::None)],
        vec![(c(""), 1, Merge::Continue), (c("乙"), 1, Merge::None)],
    ];
    let t = merged(rows);
    assert_eq!(t.rows[0][0].rowspan, 2);
    assert_eq!(t.rows[1].len(), 1);
    assert_eq!(t.rows[1][0].text, "乙");
}
