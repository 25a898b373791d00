//! The `doc-no-brackets` rule; its documentation is the doc comment of [`RULE`].

use super::field_warning;
use super::registry::{Check, rule};
use crate::diag::Diagnostic;
use crate::frontmatter::Field;
use crate::model::visibility::Listed;

rule! {
    /// `doc-no-brackets`: a 文号 with `[]` `()` `【】` `（）` `［］` `﹝﹞` around its year instead of
    /// the 六角括号 〔〕 of GB/T 9704, or a year that differs from the year of `written`.
    ///
    /// It points at `doc_no`, and the hint gives the corrected number.
    pub const RULE = Rule {
        code: "doc-no-brackets",
        label: "文号括号或年份不规范",
        level: crate::config::Level::Warning,
        checks: &[Check::Document(|_, e| check(e))],
    };
}

const OPEN: &[char] = &['〔', '[', '(', '【', '（', '［', '﹝', '{', '<', '《'];
const CLOSE: &[char] = &['〕', ']', ')', '】', '）', '］', '﹞', '}', '>', '》'];

/// The year in brackets: (byte range of the bracketed part, open, close, year).
fn bracketed_year(no: &str) -> Option<(std::ops::Range<usize>, char, char, i32)> {
    for (i, open) in no.char_indices().filter(|(_, c)| OPEN.contains(c)) {
        let rest = &no[i + open.len_utf8()..];
        let inner = rest.trim_start();
        let digits: String = inner.chars().take_while(char::is_ascii_digit).collect();
        if digits.len() != 4 {
            continue;
        }
        let after = inner[4..].trim_start();
        let Some(close) = after.chars().next().filter(|c| CLOSE.contains(c)) else {
            continue;
        };
        let end = no.len() - after.len() + close.len_utf8();
        return Some((i..end, open, close, digits.parse().ok()?));
    }
    None
}

pub fn check(e: &Listed) -> Vec<Diagnostic> {
    let Some(no) = e.doc_no() else {
        return Vec::new();
    };
    let Some((range, open, close, year)) = bracketed_year(no) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if (open, close) != ('〔', '〕') {
        let fixed = format!("{}〔{year}〕{}", &no[..range.start], &no[range.end..]);
        out.push(
            field_warning(
                e,
                Field::DocNo,
                RULE.code,
                format!("文号 `{no}` 的年份用了 {open}{close}，应使用六角括号〔〕 (wrong brackets in document number)"),
            )
            .help(format!("改为 `{fixed}`")),
        );
    }
    if let Some(written) = e.written()
        && written.year() != year
    {
        out.push(
            field_warning(
                e,
                Field::DocNo,
                RULE.code,
                format!(
                    "文号 `{no}` 的年份 {year} 与成文日期 {written} 不一致 (document number year differs from written date)"
                ),
            )
            .help("核对文号年份或成文日期，其中一个填错了"),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::visibility::Catalogue;
    use crate::rules::testing::{SITE, doc, site};

    fn run(front: &str) -> Vec<Diagnostic> {
        let s = site(SITE, vec![doc(1, front, "")]);
        let cat = Catalogue::new(&s);
        check(cat.get(0))
    }

    #[test]
    fn six_corner_brackets_pass() {
        assert!(run("doc_no: 示政办发〔2026〕12号\nwritten: 2026-10-30").is_empty());
        assert!(run("doc_no: 示政办函 12号").is_empty());
    }

    #[test]
    fn every_wrong_bracket_is_reported_with_the_fix() {
        for no in [
            "示政办发[2026]12号",
            "示政办发(2026)12号",
            "示政办发【2026】12号",
            "示政办发（2026）12号",
            "示政办发﹝2026﹞12号",
            "示政办发［ 2026 ］12号",
        ] {
            let found = run(&format!("doc_no: \"{no}\""));
            assert_eq!(found.len(), 1, "{no}");
            assert!(
                found[0]
                    .help
                    .as_deref()
                    .unwrap()
                    .contains("示政办发〔2026〕12号"),
                "{no}: {:?}",
                found[0].help
            );
            assert_eq!(found[0].line, Some(8));
        }
    }

    #[test]
    fn year_must_match_written() {
        let found = run("doc_no: 示政办发〔2025〕12号\nwritten: 2026-01-05");
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("2025"));
        let both = run("doc_no: \"示政办发[2025]12号\"\nwritten: 2026-01-05");
        assert_eq!(both.len(), 2);
    }
}
