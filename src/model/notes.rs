//! Publication notes and 密级 marks in a document's own text (SPEC §15): the one reading of
//! such a line, for `import` (which refuses or restricts by it) and for the `attribute-note`
//! rule alike.

use regex::Regex;
use std::sync::LazyLock;

/// What a line standing alone says about publication (SPEC §15): a publication note — a
/// line that holds only a bracketed phrase, （此件不予公开）, 【此件依申请公开】。 — or a 密级
/// or 内部 mark. [`note`] is the one reading of such a line, for `import` and for the
/// `attribute-note` rule alike.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Note {
    /// （此件不予公开）, （不公开）, （此件不对外公开）.
    Withheld,
    /// （此件依申请公开）.
    OnRequest,
    /// （此件公开发布）, （此件主动公开）.
    Public,
    /// A 密级 mark: `绝密`, `机密` or `秘密`, with an optional `★` and term (`秘密★1年`).
    Classified,
    /// `内部`, `内部资料`, `内部文件` or `内部使用`, bracketed or not.
    Internal,
    /// A bracketed line that speaks of 公开 in any other way: （此件部分公开）, 【暂缓公开】.
    Unclear,
}

impl Note {
    /// Whether a 主动公开 document holding this line says something other than 主动公开.
    pub fn contradicts_proactive(self) -> bool {
        self != Note::Public
    }

    /// What the line is, in a message.
    pub fn name(self) -> &'static str {
        match self {
            Note::Classified => "密级标识",
            Note::Internal => "内部标识",
            _ => "公开附注",
        }
    }
}

const OPENING: &[char] = &['（', '(', '【', '[', '〔', '［'];
const CLOSING: &[char] = &['）', ')', '】', ']', '〕', '］'];
const FULL_STOPS: &[char] = &['。', '.', '．'];

static CLASSIFIED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^(?:绝密|机密|秘密)(?:[★☆*＊](?:长期|[0-9０-９一二三四五六七八九十〇零两]{1,4}(?:年|个月|月|天|日)|\d{4}年\d{1,2}月\d{1,2}日)?)?$",
    )
    .expect("a valid pattern")
});

/// What `line` says when it stands alone (see [`Note`]); `None` for anything else, such as
/// an annual report's `（二）依申请公开` heading (the bracket holds a numeral and the words
/// follow it) or a table row `属于国家秘密`. White space anywhere in the line is ignored.
pub fn note(line: &str) -> Option<Note> {
    // Most lines are long or begin with neither a bracket nor a mark: no work for them (the
    // attribute-note rule asks of every line of every body), and no scan of the line.
    if line.len() > 160
        || !line
            .chars()
            .find(|c| !ignored(*c))
            .is_some_and(may_open_a_note)
        || !(line.chars().rev())
            .find(|c| !ignored(*c) && !FULL_STOPS.contains(c))
            .is_some_and(may_close_a_note)
    {
        return None;
    }
    let t: String = line.chars().filter(|c| !ignored(*c)).collect();
    let t = t.trim_end_matches(FULL_STOPS);
    let inner = bracketed(t);
    let phrase = inner.unwrap_or(t).trim_end_matches(FULL_STOPS);
    if CLASSIFIED.is_match(phrase) {
        return Some(Note::Classified);
    }
    if matches!(phrase, "内部" | "内部资料" | "内部文件" | "内部使用") {
        return Some(Note::Internal);
    }
    inner?;
    let phrase = phrase.strip_prefix("此件").unwrap_or(phrase);
    match phrase {
        "不予公开" | "不公开" | "不对外公开" => Some(Note::Withheld),
        "依申请公开" => Some(Note::OnRequest),
        "公开发布" | "主动公开" => Some(Note::Public),
        p if p.contains("公开") => Some(Note::Unclear),
        _ => None,
    }
}

/// What [`note`] does not read: white space and invisible characters.
fn ignored(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// Whether a note can begin with `c`: a bracket, or a mark's first character.
pub fn may_open_a_note(c: char) -> bool {
    OPENING.contains(&c) || matches!(c, '绝' | '机' | '秘' | '内')
}

/// Whether a note can end with `c` (before its full stop): a bracket, or the last
/// character of a mark (`秘密`, `秘密★`, `秘密★1年`, `★6个月`, `★长期`, `★2030年1月1日`,
/// `内部资料` …).
pub fn may_close_a_note(c: char) -> bool {
    CLOSING.contains(&c)
        || matches!(
            c,
            '密' | '★'
                | '☆'
                | '*'
                | '＊'
                | '年'
                | '月'
                | '天'
                | '日'
                | '期'
                | '部'
                | '料'
                | '件'
                | '用'
        )
}

/// The phrase inside a line that is one bracketed phrase (any of the brackets [`note`]
/// knows, opening and closing, with no other bracket inside).
pub fn bracketed(t: &str) -> Option<&str> {
    let first = t.chars().next().filter(|c| OPENING.contains(c))?;
    let last = t.chars().next_back().filter(|c| CLOSING.contains(c))?;
    let inner = t.get(first.len_utf8()..t.len().checked_sub(last.len_utf8())?)?;
    let clean = !inner.is_empty()
        && !inner
            .chars()
            .any(|c| OPENING.contains(&c) || CLOSING.contains(&c));
    clean.then_some(inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publication_notes_in_every_bracket() {
        for line in [
            "(此件不予公开)",
            "（此件不予公开）。",
            "（此件不予公开。）",
            "【此件不予公开】",
            "（不予公开）",
            "（此件不对外公开）",
            "[此件不公开]",
            "〔不公开〕.",
            "　　（ 此件不予公开 ）",
        ] {
            assert_eq!(note(line), Some(Note::Withheld), "{line}");
        }
        assert_eq!(note("〔此件依申请公开〕"), Some(Note::OnRequest));
        assert_eq!(note("(依申请公开)。"), Some(Note::OnRequest));
        assert_eq!(note("（此件公开发布）"), Some(Note::Public));
        assert_eq!(note("【此件主动公开】"), Some(Note::Public));
        for line in [
            "（此件部分公开）",
            "【暂缓公开】",
            "（此件不予公开发布）",
            "(此件公开)",
        ] {
            assert_eq!(note(line), Some(Note::Unclear), "{line}");
        }
    }

    #[test]
    fn classified_and_internal_marks() {
        for line in [
            "秘密★1年",
            "机密",
            "绝密★长期",
            "秘密 ★ 6个月",
            "机密★",
            "【秘密】",
        ] {
            assert_eq!(note(line), Some(Note::Classified), "{line}");
        }
        for line in [
            "内部资料",
            "（内部资料）",
            "内部",
            "【内部文件】",
            " 内部使用 ",
        ] {
            assert_eq!(note(line), Some(Note::Internal), "{line}");
        }
    }

    #[test]
    fn words_inside_a_sentence_are_content() {
        for line in [
            "（二）依申请公开",
            "（二）依申请公开。严格执行申请登记制度。",
            "属于国家秘密",
            "1.属于国家秘密",
            "（三）不予公开",
            "秘密文件管理办法",
            "内部控制",
            "（此件发至乡镇）",
            "（联系人：李明，电话：0851-87221234）",
            "防止泄露国家秘密和工作秘密。",
            "（一）（此件不予公开）",
            "",
        ] {
            assert_eq!(note(line), None, "{line}");
        }
    }
}
