//! The `personal-data` rule; its documentation is the doc comment of [`RULE`].

use super::body::Body;
use super::field_warning;
use super::registry::{Check, rule};
use crate::diag::Diagnostic;
use crate::frontmatter::{FIELDS, Field};
use crate::model::document::{Attachment, Value};
use crate::model::visibility::Listed;
use crate::source::extract::Reading;

rule! {
    /// `personal-data` (个人信息未去标识化): personal information left in a published body — an
    /// 18-digit resident ID number with a plausible birth date and a valid GB 11643 check
    /// digit, an 11-digit mainland mobile number (also written `138-1234-5678` or
    /// `138 1234 5678`), or a bank-card number: 16 to 19 digits (also in groups of four) with
    /// a card scheme's prefix (UnionPay 62, Visa 4, Mastercard 51–55, JCB 35) and a valid
    /// Luhn check digit.
    ///
    /// The same numbers are looked for in every front-matter field a page shows as text
    /// (联系人, 内容概述, 文号 …, from the field table), on-request documents included, and in
    /// the attachments of 主动公开 documents that can be
    /// read as text (`.docx`, `.odt`, `.xlsx`, `.xlsm`, `.ods`, the text layer of `.pdf`,
    /// `.ofd`, and `.csv` or `.txt` in UTF-8 or GBK); such a finding names the attachment and
    /// the sheet and cell, the paragraph, the page or the line where the number stands — the
    /// 低保 or 补贴 name list published with full ID numbers is the most reported leak of
    /// county portals.
    ///
    /// A resident ID number and a bank-card number are errors (SPEC §15: personal data is not
    /// published by default); a mobile number stays a warning, since offices publish contact
    /// numbers. A site may lower the rule in `[rules]` (`personal-data = "warning"`), and must
    /// then say why in a `#` comment on that line or the line above, or site.toml is refused.
    /// Whatever the level, search never indexes a number of these kinds.
    ///
    /// Each occurrence is one finding. Messages show the number masked (`530102********0012`,
    /// `138****5678`, `6222***********0123`), so CI logs do not repeat it. Numbers inside
    /// longer runs of digits or letters are ignored.
    pub const RULE = Rule {
        code: "personal-data",
        label: "个人信息未去标识化",
        level: crate::config::Level::Warning,
        checks: &[
            Check::Document(|_, e| check_fields(e)),
            Check::Body(|_, b| check(b)),
            Check::Attachment(check_attachment),
        ],
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

/// Whether 16 to 19 digits form a bank-card number: a card scheme's prefix and the Luhn
/// check digit.
pub fn is_bank_card(s: &[u8]) -> bool {
    if !(16..=19).contains(&s.len()) || !s.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let scheme = matches!(
        (s[0], s[1]),
        (b'6', b'2') | (b'4', _) | (b'5', b'1'..=b'5') | (b'3', b'5')
    );
    scheme && luhn(s)
}

/// The Luhn check over ASCII digits.
fn luhn(s: &[u8]) -> bool {
    let sum: u32 = s
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &b)| {
            let d = u32::from(b - b'0');
            match (i % 2 == 1, d * 2) {
                (true, x) if x > 9 => x - 9,
                (true, x) => x,
                (false, _) => d,
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

pub fn is_mobile(s: &[u8]) -> bool {
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

/// What a personal number is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Kind {
    ResidentId,
    Mobile,
    BankCard,
}

/// Findings listed one by one per attachment; the rest are counted.
const SHOWN_PER_FILE: usize = 20;

/// Personal numbers in `text`: (byte offset, kind, the digits), in order.
pub fn find(text: &str) -> Vec<(usize, Kind, String)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        let letter_before = start > 0 && bytes[start - 1].is_ascii_alphanumeric();
        let alone =
            |end: usize| !letter_before && !bytes.get(end).is_some_and(u8::is_ascii_alphanumeric);
        // As a phone number is typed (3-4-4), or digits alone; else as a card number is
        // typed, in groups of four.
        let (end, mut digits) = run(bytes, start, |n| matches!(n, 3 | 7));
        let (end, digits, kind) = match classify(bytes, start, end, &mut digits) {
            Some((end, kind)) if alone(end) => (end, digits, Some(kind)),
            _ => {
                let (card_end, card) = run(bytes, start, |n| n % 4 == 0 && n <= 16);
                let kind = (card_end > end && is_bank_card(&card) && alone(card_end))
                    .then_some(Kind::BankCard);
                match kind {
                    Some(_) => (card_end, card, kind),
                    None => (end, digits, None),
                }
            }
        };
        if let Some(kind) = kind {
            out.push((start, kind, String::from_utf8_lossy(&digits).into_owned()));
        }
        i = end.max(start + 1);
    }
    out
}

/// The digits from `start`, allowing a single `-` or space after `n` digits when `sep(n)`,
/// as long as every separator so far came where `sep` allows; returns the end and the digits.
fn run(bytes: &[u8], start: usize, sep: impl Fn(usize) -> bool) -> (usize, Vec<u8>) {
    let mut digits = Vec::with_capacity(19);
    let mut i = start;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_digit() {
            digits.push(b);
            i += 1;
        } else if (b == b'-' || b == b' ')
            && sep(digits.len())
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit)
        {
            i += 1;
        } else {
            break;
        }
    }
    (i, digits)
}

/// What the digits `start..end` of `bytes` are (an ID number may end in `X`, taken here).
fn classify(
    bytes: &[u8],
    start: usize,
    mut end: usize,
    digits: &mut Vec<u8>,
) -> Option<(usize, Kind)> {
    if digits.len() == 17 && matches!(bytes.get(end), Some(b'X' | b'x')) {
        digits.push(b'X');
        end += 1;
    }
    let contiguous = end - start == digits.len();
    let kind = if contiguous && is_resident_id(digits) {
        Kind::ResidentId
    } else if is_mobile(digits) {
        Kind::Mobile
    } else if contiguous && is_bank_card(digits) {
        Kind::BankCard
    } else {
        return None;
    };
    Some((end, kind))
}

/// What a number of this kind is called, how it is shown masked, and the fix.
fn describe(kind: Kind, digits: &str) -> (&'static str, String, &'static str) {
    match kind {
        Kind::ResidentId => ("居民身份证号码", mask(digits, 6, 4), "隐去出生日期等中间位"),
        Kind::Mobile => (
            "手机号码",
            mask(digits, 3, 4),
            "隐去中间四位，或改为单位办公电话",
        ),
        Kind::BankCard => ("银行卡号", mask(digits, 4, 4), "隐去中间各位"),
    }
}

pub fn check(b: &Body) -> Vec<Diagnostic> {
    find(b.text)
        .into_iter()
        .map(|(at, kind, digits)| {
            let (what, shown, fix) = describe(kind, &digits);
            severity(
                kind,
                b.warning(
                    RULE.code,
                    at,
                    format!("正文含有{what} {shown}，个人信息未去标识化 (personal data)"),
                )
                .help(format!("公开前{fix}，例如写成 {shown}")),
            )
        })
        .collect()
}

/// Personal numbers in the text of each field a page shows (the field table's), at the field.
fn check_fields(e: &Listed) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for spec in FIELDS {
        let texts: Vec<&str> = match e.value(spec.field) {
            Value::Text(t) => vec![t],
            Value::List(items) => items.iter().map(String::as_str).collect(),
            _ => continue,
        };
        for (_, kind, digits) in texts.into_iter().flat_map(find) {
            let (what, shown, fix) = describe(kind, &digits);
            let msg = format!(
                "{}含有{what} {shown}，个人信息未去标识化 (personal data)",
                spec.alias
            );
            let d = field_warning(e, spec.field, RULE.code, msg);
            out.push(severity(
                kind,
                d.help(format!("公开前{fix}，例如写成 {shown}")),
            ));
        }
    }
    out
}

/// An ID or bank-card number is an error of its own (a lowered `[rules]` level makes it a
/// warning again); a mobile number a warning.
fn severity(kind: Kind, mut d: Diagnostic) -> Diagnostic {
    if kind != Kind::Mobile {
        d.severity = crate::diag::Severity::Error;
    }
    d
}

/// Whether a search word (ASCII letters and digits, lower case) is a personal number: such a
/// word is never indexed.
pub fn is_personal_number(word: &str) -> bool {
    let b = word.as_bytes();
    (b.len() >= 11 && b.len() <= 19)
        && (is_mobile(b)
            || is_bank_card(b)
            || is_resident_id(&word.to_ascii_uppercase().into_bytes()))
}

/// Personal numbers in a readable attachment of a 主动公开 document: where each stands, what
/// it is and its digits (derived once per file content).
fn check_attachment(
    _: &super::Context,
    e: &Listed,
    a: &Attachment,
    reading: &Reading,
) -> Vec<Diagnostic> {
    // A name list holds thousands: the first few are shown, the rest counted by kind, so
    // the list stays a to-do list (and a crafted file cannot make millions of findings).
    type Found = (Vec<(String, Kind, String)>, Vec<(Kind, usize)>);
    let (found, more): Found = reading.derive("personal-data-2", |text| {
        let Ok(text) = text else {
            return (Vec::new(), Vec::new());
        };
        let (mut out, mut more): Found = (Vec::new(), Vec::new());
        for (i, piece) in text.pieces() {
            for (_, kind, digits) in find(piece) {
                if out.len() < SHOWN_PER_FILE {
                    out.push((text.place(i), kind, digits));
                } else if let Some(m) = more.iter_mut().find(|(k, _)| *k == kind) {
                    m.1 += 1;
                } else {
                    more.push((kind, 1));
                }
            }
        }
        (out, more)
    });
    let rest = more.into_iter().map(|(kind, n)| {
        let (what, _, fix) = describe(kind, "");
        severity(
            kind,
            field_warning(
                e,
                Field::Attachments,
                RULE.code,
                format!(
                    "附件 `{}` 另有 {n} 处{what}（上面只列出前 {SHOWN_PER_FILE} 处），个人信息未去标识化",
                    a.file_name
                ),
            )
            .help(format!("公开前在附件中{fix}")),
        )
    });
    found
        .into_iter()
        .map(|(place, kind, digits)| {
            let (what, shown, fix) = describe(kind, &digits);
            severity(kind, field_warning(
                e,
                Field::Attachments,
                RULE.code,
                format!(
                    "附件 `{}` {place}含有{what} {shown}，个人信息未去标识化 (personal data in an attachment)",
                    a.file_name
                ),
            )
            .help(format!("公开前在附件中{fix}，例如写成 {shown}")))
        })
        .chain(rest)
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
        let kinds: Vec<(Kind, &str)> = found.iter().map(|(_, k, d)| (*k, d.as_str())).collect();
        assert_eq!(
            kinds,
            [
                (Kind::ResidentId, id.as_str()),
                (Kind::Mobile, "13812345678"),
                (Kind::Mobile, "13912345678")
            ]
        );
        assert_eq!(&text[found[0].0..found[0].0 + 18], id);
    }

    #[test]
    fn index_numbers_and_dates_are_not_personal_data() {
        assert!(find("索引号 01526376-X/2026-00012，2026年11月22日，文号〔2026〕12号").is_empty());
        assert!(find("abc13812345678").is_empty());
    }

    /// A card number built here with its Luhn digit, so the test holds no real card.
    fn valid_card(prefix: &str) -> String {
        (0..10)
            .map(|d| format!("{prefix}{d}"))
            .find(|c| is_bank_card(c.as_bytes()))
            .unwrap()
    }

    #[test]
    fn bank_cards_need_a_scheme_and_the_luhn_digit() {
        let card = valid_card("622202123456789012");
        assert_eq!(card.len(), 19);
        let grouped = format!(
            "{} {} {} {} {}",
            &card[..4],
            &card[4..8],
            &card[8..12],
            &card[12..16],
            &card[16..]
        );
        let text = format!("补贴发放至银行卡{card}，或卡号 {grouped}。");
        let found = find(&text);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(
            found
                .iter()
                .all(|(_, k, d)| *k == Kind::BankCard && *d == card)
        );
        // Same digits, a wrong check digit; a number without a card scheme's prefix.
        let mut wrong = card.clone().into_bytes();
        wrong[18] = if wrong[18] == b'0' { b'1' } else { b'0' };
        assert!(!is_bank_card(&wrong));
        let no_scheme = (0..10)
            .map(|d| format!("900000000000000{d}"))
            .find(|c| luhn(c.as_bytes()))
            .unwrap();
        assert!(!is_bank_card(no_scheme.as_bytes()));
        assert!(find(&format!("统计编号 {no_scheme}")).is_empty());
        // A date and a mobile number are not joined into a card number.
        let with_year = find("2026 13812345678");
        assert_eq!(with_year.len(), 1);
        assert_eq!(with_year[0].1, Kind::Mobile);
    }

    #[test]
    fn messages_mask_the_number() {
        assert_eq!(mask("13812345678", 3, 4), "138****5678");
    }
}
