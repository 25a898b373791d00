//! A 公文's parts recognised in its paragraphs (GB/T 9704 党政机关公文格式): the 版头
//! (份号, 密级, 紧急程度, the red 发文机关标志, the 发文字号 line), the title, the body, the
//! 附件说明, the 落款 (issuer and date), the 附注, and the 版记 (抄送, 印发) with page numbers —
//! which are dropped, their facts becoming front matter.

use super::blocks::{Block, clean};
use super::{Imported, Marked};
use crate::date::Date;
use crate::frontmatter::Field;
use crate::model::notes::{Note, bracketed, note};
use regex::Regex;
use std::sync::LazyLock;

static DOC_NO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^([\p{Han}A-Za-z]{1,20})\s*[〔\[［(（【]\s*(\d{4})\s*[〕\]］)）】]\s*(\d{1,5})\s*号",
    )
    .expect("a valid pattern")
});
static PAGE_NO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:[-—－–]\s*\d{1,4}\s*[-—－–]|第\s*\d{1,4}\s*页(?:\s*[，,]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})$")
        .expect("a valid pattern")
});
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日$|([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日$")
        .expect("a valid pattern")
});
static ATTACHMENT_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:附件\s*\d*\s*[:：]?\s*)?(\d{1,2})\s*[.．、]\s*(.+)$").expect("a valid pattern")
});

/// A date written at the end of `text` (`2026年3月10日`, `二〇二六年三月十日`), and where
/// it starts.
pub fn date_at_end(text: &str) -> Option<(Date, usize)> {
    let c = DATE.captures(text)?;
    let start = c.get(0)?.start();
    let date = if let Some(y) = c.get(1) {
        Date::new(
            y.as_str().parse().ok()?,
            c[2].parse().ok()?,
            c[3].parse().ok()?,
        )?
    } else {
        let year: String = c[4]
            .chars()
            .map(|ch| match ch {
                '〇' | '○' | '零' => '0',
                other => char::from_digit(
                    "一二三四五六七八九"
                        .chars()
                        .position(|d| d == other)
                        .map_or(0, |p| p as u32 + 1),
                    10,
                )
                .unwrap_or('0'),
            })
            .collect();
        Date::new(year.parse().ok()?, small(&c[5])?, small(&c[6])?)?
    };
    Some((date, start))
}

/// 一 … 三十一.
fn small(s: &str) -> Option<u8> {
    let digit = |c: char| {
        "一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| p as u8 + 1)
    };
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => Some(10),
        ['十', d] => Some(10 + digit(*d)?),
        [t, '十'] => Some(digit(*t)? * 10),
        [t, '十', d] => Some(digit(*t)? * 10 + digit(*d)?),
        [d] => digit(*d),
        _ => None,
    }
}

/// A 发文字号 with its brackets made 〔〕 (SPEC §6 `doc-no-brackets`).
pub fn doc_no(text: &str) -> Option<String> {
    let c = DOC_NO.captures(text)?;
    Some(format!("{}〔{}〕{}号", &c[1], &c[2], &c[3]))
}

/// Every line of the paragraphs of `blocks` that `note` reads as a note or a mark: the
/// block's index, what it says and the line. A paragraph's lines are those Word broke.
pub fn notes_in(blocks: &[Block]) -> Vec<(usize, Note, String)> {
    let mut out = Vec::new();
    for (i, b) in blocks.iter().enumerate() {
        let Block::Para(p) = b else { continue };
        for line in p.text.split('\n') {
            if let Some(n) = note(line) {
                out.push((i, n, clean(line)));
            }
        }
    }
    out
}

/// Whether a paragraph is nothing but one note saying whether it may be published (dropped
/// from the body: its fact becomes the attribute).
pub(super) fn only_a_note(block: &Block) -> bool {
    matches!(block, Block::Para(p)
        if matches!(note(&p.text), Some(Note::Withheld | Note::OnRequest | Note::Public)))
}

fn is_header_line(text: &str, red: bool) -> bool {
    red || text.ends_with("文件")
        || (text.chars().count() <= 8
            && ["特急", "加急", "平急", "特提", "秘密", "机密", "绝密", "★"]
                .iter()
                .any(|w| text.contains(w)))
        || (text.len() == 6 && text.chars().all(|c| c.is_ascii_digit()))
}

/// A 公文's fields and body from its blocks; `issuer_of` names the issuer a 落款 line
/// stands for, if any.
pub fn infer(blocks: Vec<Block>, issuer_of: &dyn Fn(&str) -> Option<String>) -> Imported {
    let mut out = Imported::default();
    let text_of = |b: &Block| match b {
        Block::Para(p) => clean(&p.text),
        _ => String::new(),
    };
    // Page numbers typed into the body, and empty paragraphs, go first.
    let pages_before = blocks
        .iter()
        .filter(|b| matches!(b, Block::Para(p) if !clean(&p.text).is_empty()))
        .count()
        + blocks
            .iter()
            .filter(|b| !matches!(b, Block::Para(_)))
            .count();
    let mut blocks: Vec<Block> = blocks
        .into_iter()
        .filter(|b| match b {
            Block::Para(p) => {
                let t = clean(&p.text);
                !t.is_empty() && !PAGE_NO.is_match(&t)
            }
            _ => true,
        })
        .collect();
    let page_numbers = pages_before - blocks.len();
    let texts: Vec<String> = blocks.iter().map(text_of).collect();
    let n = blocks.len();
    let start = head(&blocks, &texts, &mut out);
    if start > 0 {
        out.dropped.push(format!("版头 {start} 段"));
    }
    if page_numbers > 0 {
        out.dropped.push(format!("页码 {page_numbers} 处"));
    }
    let body_start = title(&blocks, &texts, start, &mut out);
    // A document of its title alone (a one-paragraph notice): the paragraph is its body too.
    let body_start = if body_start >= n { start } else { body_start };
    let end = tail(&texts, body_start, &mut out);
    let mut drop = vec![false; n];
    let annotation = signature(
        &blocks,
        &texts,
        (body_start, end),
        issuer_of,
        &mut out,
        &mut drop,
    );
    // Notes and marks wherever they stand alone: in the 版头, the body, the 附注 (SPEC §15).
    // A note that only says whether the file may be published leaves the body.
    for (k, note, line) in notes_in(&blocks) {
        let from = if Some(k) == annotation {
            "附注".to_string()
        } else if k < start {
            format!("版头第 {} 段", k + 1)
        } else {
            format!("第 {} 段", k + 1)
        };
        if only_a_note(&blocks[k]) {
            drop[k] = true;
        }
        out.notes.push(Marked { note, line, from });
    }
    out.blocks = blocks
        .drain(..)
        .enumerate()
        .filter(|(i, _)| *i >= body_start && *i < end && !drop[*i])
        .map(|(_, b)| b)
        .collect();
    out
}

/// The 版头: everything before the 发文字号 line among the first few paragraphs, or the red
/// lines and 份号/密级 at the very top when there is none. Returns where it ends.
fn head(blocks: &[Block], texts: &[String], out: &mut Imported) -> usize {
    let n = blocks.len();
    let mut start = 0;
    let head = texts.iter().take(12).position(|t| DOC_NO.is_match(t));
    if let Some(i) = head {
        let value = doc_no(&texts[i]).unwrap_or_default();
        out.found(Field::DocNo, value, format!("第 {} 段（发文字号）", i + 1));
        start = i + 1;
    } else {
        while start < n
            && matches!(&blocks[start], Block::Para(p) if is_header_line(&texts[start], p.red))
        {
            start += 1;
        }
    }
    start
}

/// The title: the first paragraph after the 版头, with the centred lines that continue it.
/// Returns where the body starts.
fn title(blocks: &[Block], texts: &[String], start: usize, out: &mut Imported) -> usize {
    let mut body_start = start;
    if let Some(Block::Para(first)) = blocks.get(start) {
        let mut title = texts[start].clone();
        body_start = start + 1;
        while let Some(Block::Para(p)) = blocks.get(body_start) {
            let t = &texts[body_start];
            let continues = first.center
                && p.center
                && !t.ends_with('：')
                && !t.ends_with(':')
                && t.chars().count() <= 40
                && !DATE.is_match(t);
            if !continues {
                break;
            }
            title.push_str(t);
            body_start += 1;
        }
        out.found(Field::Title, title, format!("第 {} 段（标题）", start + 1));
    }
    body_start
}

/// The 版记 at the end: from the first 抄送 / 印发 / 主题词 line on (its 主题词 are
/// keywords). Returns where it starts.
fn tail(texts: &[String], body_start: usize, out: &mut Imported) -> usize {
    let n = texts.len();
    let end = texts[body_start.min(n)..]
        .iter()
        .position(|t| {
            t.starts_with("抄送")
                || t.starts_with("主题词")
                || (t.ends_with("印发") && t.contains('年'))
        })
        .map_or(n, |i| body_start + i);
    if let Some(words) = texts[end..].iter().find_map(|t| t.strip_prefix("主题词")) {
        let words: Vec<String> = words
            .trim_start_matches(['：', ':'])
            .split(|c: char| c.is_whitespace() || "、，,；;".contains(c))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        if !words.is_empty() {
            out.keywords(words, "版记（主题词）".into());
        }
    }
    if end < n {
        out.dropped.push(format!("版记 {} 段", n - end));
    }
    end
}

/// The 落款: the last date line before the 版记, with the issuer line above it; a 附注
/// such as （此件公开发布） right after it; the 附件说明 above it. Marks the lines it takes
/// in `drop`; returns the 附注's place.
fn signature(
    blocks: &[Block],
    texts: &[String],
    (body_start, end): (usize, usize),
    issuer_of: &dyn Fn(&str) -> Option<String>,
    out: &mut Imported,
    drop: &mut [bool],
) -> Option<usize> {
    let mut signature = None;
    for i in (body_start..end).rev() {
        if let Some((date, at)) = date_at_end(&texts[i])
            && texts[i].chars().count() <= 40
            && matches!(blocks[i], Block::Para(_))
        {
            signature = Some((i, date, at));
            break;
        }
    }
    let mut annotation = None;
    if let Some((i, date, at)) = signature {
        out.found(
            Field::Written,
            date.to_string(),
            format!("第 {} 段（落款日期）", i + 1),
        );
        drop[i] = true;
        let same_line = texts[i][..at].trim().to_string();
        let (line, from) = if !same_line.is_empty() {
            (Some(same_line), i)
        } else if i > body_start
            && texts[i - 1].chars().count() <= 30
            && !texts[i - 1].ends_with('。')
        {
            (Some(texts[i - 1].clone()), i - 1)
        } else {
            (None, i)
        };
        if let Some(line) = line {
            if let Some(issuer) = issuer_of(&line) {
                out.found(Field::Issuer, issuer, format!("第 {} 段（落款）", from + 1));
                drop[from] = true;
            } else if from != i {
                out.unknown_issuer = Some(line);
                drop[from] = true;
            }
        }
        // The 附注 under the date: a bracketed line, such as （此件公开发布） or （联系人：…）.
        if i + 1 < end && bracketed(&texts[i + 1].replace(' ', "")).is_some() {
            annotation = Some(i + 1);
            drop[i + 1] = true;
        }
        attachment_names(texts, body_start, i, out, drop);
    }
    annotation
}

/// The 附件说明 above the 落款 at `i`: 附件：1．名称 and the numbered lines under it.
fn attachment_names(
    texts: &[String],
    body_start: usize,
    i: usize,
    out: &mut Imported,
    drop: &mut [bool],
) {
    if let Some(a) = (body_start..i)
        .rev()
        .find(|&k| texts[k].starts_with("附件"))
    {
        let mut names = Vec::new();
        let first = texts[a]
            .trim_start_matches("附件")
            .trim_start_matches(['：', ':'])
            .trim();
        for (k, line) in
            std::iter::once((a, first.to_string())).chain((a + 1..i).map(|k| (k, texts[k].clone())))
        {
            // Lines after the first are items only when numbered.
            let item = ATTACHMENT_ITEM.captures(&line);
            if k != a && item.is_none() {
                break;
            }
            let name = item.map_or(line.clone(), |c| c[2].trim().to_string());
            if name.is_empty() || name.chars().count() > 60 || name.ends_with('。') {
                break;
            }
            names.push(name);
            drop[k] = true;
        }
        if !names.is_empty() {
            out.attachment_names = names;
            out.attachments_from = format!("第 {} 段（附件说明）", a + 1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::Found;
    use crate::import::blocks::Para;

    fn paras(lines: &[&str]) -> Vec<Block> {
        lines.iter().map(|l| Block::Para(Para::plain(l))).collect()
    }

    #[test]
    fn notes_are_found_where_they_stand_alone() {
        let blocks = paras(&[
            "秘密★1年",
            "示例县人民政府文件",
            "示政发〔2026〕3号",
            "关于某事的通知",
            "正文。",
            "【此件依申请公开】",
            "示例县人民政府",
            "2026年3月10日",
            "（此件不予公开）",
        ]);
        let got = infer(blocks, &|_| None);
        let said: Vec<(Note, &str, &str)> = got
            .notes
            .iter()
            .map(|m| (m.note, m.line.as_str(), m.from.as_str()))
            .collect();
        assert_eq!(
            said,
            [
                (Note::Classified, "秘密★1年", "版头第 1 段"),
                (Note::OnRequest, "【此件依申请公开】", "第 6 段"),
                (Note::Withheld, "（此件不予公开）", "附注"),
            ]
        );
        // The notes leave the body; the facts become the attribute.
        assert_eq!(got.blocks, paras(&["正文。"]));
    }

    #[test]
    fn dates_in_either_numerals() {
        assert_eq!(
            date_at_end("2026年3月10日").unwrap().0.to_string(),
            "2026-03-10"
        );
        assert_eq!(
            date_at_end("二〇二六年三月十日").unwrap().0.to_string(),
            "2026-03-10"
        );
        assert_eq!(
            date_at_end("二〇二五年十二月三十一日")
                .unwrap()
                .0
                .to_string(),
            "2025-12-31"
        );
        assert_eq!(date_at_end("示例县人民政府 2026年1月2日").unwrap().1, 22);
        assert!(date_at_end("2026年2月30日").is_none());
    }

    #[test]
    fn doc_numbers_get_the_right_brackets() {
        assert_eq!(
            doc_no("示政发[2026]3号").as_deref(),
            Some("示政发〔2026〕3号")
        );
        assert_eq!(
            doc_no("示政办发（2026）12号  签发人：张三").as_deref(),
            Some("示政办发〔2026〕12号")
        );
        assert_eq!(doc_no("关于印发"), None);
    }

    #[test]
    fn a_plain_gongwen_falls_apart_into_its_parts() {
        let mut blocks = paras(&[
            "示例县人民政府文件",
            "示政发〔2026〕3号",
            "示例县人民政府关于做好",
            "政务公开工作的通知",
            "各乡镇人民政府，县直各部门：",
            "一、总体要求",
            "现将有关事项通知如下。",
            "— 1 —",
            "附件：1．示例县政务公开任务分工表",
            "2．示例县政务公开考核办法",
            "示例县人民政府",
            "2026年3月10日",
            "（此件公开发布）",
            "抄送：县委办公室。",
            "示例县人民政府办公室 2026年3月10日印发",
        ]);
        for i in [2, 3] {
            if let Block::Para(p) = &mut blocks[i] {
                p.center = true;
            }
        }
        let got = infer(blocks, &|l| {
            l.ends_with("县人民政府").then(|| "县人民政府".into())
        });
        let value = |f| {
            got.fields
                .iter()
                .find(|x: &&Found| x.field == f)
                .map(|x| x.values[0].clone())
        };
        assert_eq!(
            value(Field::Title).as_deref(),
            Some("示例县人民政府关于做好政务公开工作的通知")
        );
        assert_eq!(value(Field::DocNo).as_deref(), Some("示政发〔2026〕3号"));
        assert_eq!(value(Field::Written).as_deref(), Some("2026-03-10"));
        assert_eq!(value(Field::Issuer).as_deref(), Some("县人民政府"));
        assert_eq!(
            got.attachment_names,
            ["示例县政务公开任务分工表", "示例县政务公开考核办法"]
        );
        assert_eq!(
            got.notes,
            [Marked {
                note: Note::Public,
                line: "（此件公开发布）".into(),
                from: "附注".into()
            }]
        );
        let body: Vec<String> = got
            .blocks
            .iter()
            .map(|b| match b {
                Block::Para(p) => p.text.clone(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(
            body,
            [
                "各乡镇人民政府，县直各部门：",
                "一、总体要求",
                "现将有关事项通知如下。"
            ]
        );
    }
}
