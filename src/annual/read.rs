//! A published report read back: the numbers of its tables 三 and 四 (from its sanitized
//! HTML, whether the tables were written as HTML or as Markdown), and the prose of sections
//! 一, 五 and 六 (from its published text).

use super::format::{self, APPLICANTS, Applications, PROSE, SECTIONS};
use crate::markdown::text::text_of;

/// What could be read of a report's tables.
#[derive(Debug, Default, PartialEq)]
pub struct Tables {
    /// Table 三, row by row; a row is `None` when it was not found with seven numbers.
    pub applications: Vec<Option<[u64; APPLICANTS]>>,
    /// Table 四: the fifteen numbers of its row, when found.
    pub reviews: Option<[u64; 15]>,
}

impl Tables {
    /// Table 三 when every row of it was read.
    pub fn applications(&self) -> Option<Applications> {
        let mut t: Applications = [[0; APPLICANTS]; format::ROWS];
        for (i, row) in self.applications.iter().enumerate() {
            t[i] = (*row)?;
        }
        Some(t)
    }
}

/// The rows of every table in `html`, each row its cells' text.
fn rows(html: &str) -> Vec<Vec<String>> {
    let lower = html.to_ascii_lowercase();
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = lower[at..].find("<tr") {
        let start = at + i;
        let end = lower[start..]
            .find("</tr")
            .map_or(html.len(), |j| start + j);
        out.push(cells(&html[start..end], &lower[start..end]));
        at = end.max(start + 3);
    }
    out
}

/// The text of each `<td>`/`<th>` of one row.
fn cells(row: &str, lower: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = find_cell(&lower[at..]) {
        let open = at + i;
        let Some(body) = lower[open..].find('>').map(|j| open + j + 1) else {
            break;
        };
        let end = find_cell(&lower[body..])
            .map_or(row.len(), |j| body + j)
            .min(lower[body..].find("</t").map_or(row.len(), |j| body + j));
        out.push(text_of(&row[body..end]).trim().to_string());
        at = end.max(open + 3);
    }
    out
}

fn find_cell(lower: &str) -> Option<usize> {
    [lower.find("<td"), lower.find("<th")]
        .into_iter()
        .flatten()
        .min()
}

/// A cell's number: digits only (thousands separators allowed).
fn number(cell: &str) -> Option<u64> {
    let digits: String = cell.chars().filter(|c| *c != ',' && *c != '，').collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Tables 三 and 四 as far as they can be read: a row of table 三 is the label cell followed
/// by seven numbers; table 四 is a row of fifteen numbers.
pub fn tables(html: &str) -> Tables {
    let mut out = Tables {
        applications: vec![None; format::ROWS],
        reviews: None,
    };
    for row in rows(html) {
        let numbers: Vec<u64> = row
            .iter()
            .rev()
            .map_while(|c| number(c))
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if numbers.len() == 15 && row.len() == 15 {
            out.reviews = numbers.try_into().ok();
            continue;
        }
        if numbers.len() != APPLICANTS || row.len() <= APPLICANTS {
            continue;
        }
        let label = &row[row.len() - APPLICANTS - 1];
        if let Some(r) = format::row_of(label)
            && out.applications[r].is_none()
        {
            out.applications[r] = numbers.try_into().ok();
        }
    }
    out
}

/// Sections 一, 五 and 六 of a report's published text, joined: what `duplicate-content`
/// compares between reports (the tables repeat by nature). Empty when the text has none of
/// the national headings.
pub fn prose(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    // Each heading's line: the first line that opens with its ordinal after the previous
    // heading (table 三's rows that open with 一、 and 二、 come after 三、).
    let mut starts = [None; 6];
    let mut from = 0;
    for (k, heading) in SECTIONS.iter().enumerate() {
        let ordinal = heading.split('、').next().unwrap_or_default();
        let found = (from..lines.len()).find(|&i| {
            let l = lines[i].trim_start();
            l.starts_with(&format!("{ordinal}、"))
        });
        if let Some(i) = found {
            starts[k] = Some(i);
            from = i + 1;
        }
    }
    let mut out = String::new();
    for &k in &PROSE {
        let Some(start) = starts[k] else { continue };
        let end = starts[k + 1..]
            .iter()
            .flatten()
            .next()
            .copied()
            .unwrap_or(lines.len());
        for l in &lines[start + 1..end] {
            out.push_str(l);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::annual::draft;
    use crate::annual::figures::Figures;

    fn figures() -> Figures {
        crate::annual::figures::sample(2025)
    }

    #[test]
    fn the_drafts_tables_read_back_through_the_renderer() {
        let f = figures();
        let html = crate::markdown::render(&draft::body(&f)).html;
        let t = tables(&html);
        assert_eq!(t.applications(), Some(f.applications));
        assert_eq!(
            t.reviews,
            Some([1, 2, 3, 4, 10, 0, 0, 0, 0, 0, 5, 0, 0, 0, 5])
        );
    }

    #[test]
    fn prose_is_sections_one_five_and_six() {
        let f = figures();
        let body = draft::body(&f)
            .replacen("【待填写】（主动公开", "总体情况正文（主动公开", 1)
            .replacen("【待填写】（上一年度", "问题正文（上一年度", 1);
        let text = crate::markdown::render(&body).text;
        let p = prose(&text);
        assert!(p.contains("总体情况正文"), "{p}");
        assert!(p.contains("问题正文"));
        assert!(p.contains("信息处理费"));
        assert!(!p.contains("本年新收"));
        assert!(!p.contains("结果维持"));
        assert!(!p.contains("统计期限"));
    }
}
