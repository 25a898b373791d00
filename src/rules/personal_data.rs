//! The `personal-data` rule; its documentation is the doc comment of [`RULE`].

use super::body::Body;
use super::registry::{Check, rule};
use crate::diag::Diagnostic;

rule! {
    /// `personal-data` (个人信息未去标识化): personal information left in a published body — an
    /// 18-digit resident ID number with a plausible birth date and a valid GB 11643 check
    /// digit, or an 11-digit mainland mobile number (also written `138-1234-5678` or
    /// `138 1234 5678`).
    ///
    /// Each occurrence is one finding. Messages show the number masked (`530102********0012`,
    /// `138****5678`), so CI logs do not repeat it. Numbers inside longer runs of digits or
    /// letters are ignored.
    pub const RULE = Rule {
        code: "personal-data",
        label: "个人信息未去标识化",
        level: crate::config::Level::Warning,
        options: &[],
        checks: &[Check::Body(|_, b| check(b))],
    };
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: &[u8; 11] = b"10X98765432";

/// Whether 18 characters form a resident ID number: birth date and check digit.
pub fn is_resident_id(s: &[u8]) -> bool {
    if s.len() != 18 || !s[..17].iter().all(u8::is_ascii_digit) {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> u32 {
        s[r].iter().fold(0, |n, &b| n * 10 + u32::from(b - b'0'))
    };
    let (year, month, day) = (num(6..10), num(10..12), num(12..14));
    if !(1900..=2100).contains(&year) || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return false;
    }
    let sum: u32 = s[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(&b, w)| u32::from(b - b'0') * w)
        .sum();
    CHECK[(sum % 11) as usize] == s[17].to_ascii_uppercase()
}

fn is_mobile(s: &[u8]) -> bool {
    s.len() == 11 && s[0] == b'1' && (b'3'..=b'9').contains(&s[1])
}

fn mask(s: &str, keep_front: usize, keep_back: usize) -> String {
    let n = s.chars().count();
    s.chars()
        .enumerate()
        .map(|(i, c)| {
            if i < keep_front || i + keep_back >= n {
                c
            } else {
                '*'
            }
        })
        .collect()
}

/// Personal numbers in `text`: (byte offset, is an ID number, the digits).
pub fn find(text: &str) -> Vec<(usize, bool, String)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        // A run of digits, allowing the 3-4-4 separators people type in phone numbers.
        let mut digits = Vec::with_capacity(18);
        while i < bytes.len() {
            let b = bytes[i];
            if b.is_ascii_digit() {
                digits.push(b);
                i += 1;
            } else if (b == b'-' || b == b' ')
                && matches!(digits.len(), 3 | 7)
                && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
            {
                i += 1;
            } else {
                break;
            }
        }
        if digits.len() == 17 && matches!(bytes.get(i), Some(b'X' | b'x')) {
            digits.push(b'X');
            i += 1;
        }
        let letter_before = start > 0 && bytes[start - 1].is_ascii_alphanumeric();
        let letter_after = bytes.get(i).is_some_and(u8::is_ascii_alphanumeric);
        if letter_before || letter_after {
            continue;
        }
        let len = i - start;
        if len == 18 && is_resident_id(&digits) {
            out.push((start, true, String::from_utf8_lossy(&digits).into_owned()));
        } else if is_mobile(&digits) {
            out.push((start, false, String::from_utf8_lossy(&digits).into_owned()));
        }
    }
    out
}

pub fn check(b: &Body) -> Vec<Diagnostic> {
    find(b.text)
        .into_iter()
        .map(|(at, id, digits)| {
            let (what, shown, fix) = if id {
                (
                    "居民身份证号码",
                    mask(&digits, 6, 4),
                    "隐去出生日期等中间位",
                )
            } else {
                (
                    "手机号码",
                    mask(&digits, 3, 4),
                    "隐去中间四位，或改为单位办公电话",
                )
            };
            b.warning(
                RULE.code,
                at,
                format!("正文含有{what} {shown}，个人信息未去标识化 (personal data)"),
            )
            .help(format!("公开前{fix}，例如写成 {shown}"))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid ID number built here, so the test holds no real person's number.
    fn valid_id(prefix17: &str) -> String {
        let sum: u32 = prefix17
            .bytes()
            .zip(WEIGHTS)
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        format!("{prefix17}{}", CHECK[(sum % 11) as usize] as char)
    }

    #[test]
    fn id_numbers_need_a_valid_check_digit_and_date() {
        let id = valid_id("53290019800101123");
        assert!(is_resident_id(id.as_bytes()));
        let mut wrong = id.clone().into_bytes();
        wrong[17] = if wrong[17] == b'1' { b'2' } else { b'1' };
        assert!(!is_resident_id(&wrong));
        assert!(!is_resident_id(valid_id("53290019801301123").as_bytes()));
    }

    #[test]
    fn finds_ids_and_mobiles_in_chinese_text() {
        let id = valid_id("53290019800101123");
        let text = format!(
            "申请人张某，身份证号{id}，电话13812345678；联系人李某（139-1234-5678），办公电话0871-1234567，编号12345678901234567890X"
        );
        let found = find(&text);
        let kinds: Vec<(bool, &str)> = found.iter().map(|(_, k, d)| (*k, d.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (true, id.as_str()),
                (false, "13812345678"),
                (false, "13912345678")
            ]
        );
        assert_eq!(&text[found[0].0..found[0].0 + 18], id);
    }

    #[test]
    fn index_numbers_and_dates_are_not_personal_data() {
        assert!(find("索引号 01526376-X/2026-00012，2026年11月22日，文号〔2026〕12号").is_empty());
        assert!(find("abc13812345678").is_empty());
    }

    #[test]
    fn messages_mask_the_number() {
        assert_eq!(mask("13812345678", 3, 4), "138****5678");
    }
}
