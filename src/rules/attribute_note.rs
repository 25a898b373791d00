//! The `attribute-note` rule; its documentation is the doc comment of [`RULE`].

use super::body::Body;
use super::field_warning;
use super::registry::{Check, rule};
use crate::diag::Diagnostic;
use crate::frontmatter::Field;
use crate::model::document::Attachment;
use crate::model::notes::{Note, may_close_a_note, may_open_a_note, note};
use crate::model::visibility::Listed;
use crate::source::extract::Reading;

rule! {
    /// `attribute-note` (an error by default): a 主动公开 document whose published body, or
    /// the text of one of its attachments, holds a line that says it may not be published as
    /// it is — a publication note other than （此件公开发布） or （此件主动公开）, or a 密级 or
    /// 内部 mark (SPEC §15).
    ///
    /// A publication note is a line that holds only a bracketed phrase — brackets （）, (),
    /// 【】, [] or 〔〕, an optional 此件 and an optional full stop — that speaks of 公开:
    /// （此件不予公开）, 【不公开】, (此件不对外公开)., 〔此件依申请公开〕, or one that says it in
    /// another way, such as （此件部分公开）. A mark is a line that is only `绝密`, `机密` or
    /// `秘密` (with an optional `★` and term, `秘密★1年`), or only `内部`, `内部资料`,
    /// `内部文件` or `内部使用`. `gongkai import` refuses such a file or takes the strictest
    /// attribute it states; this rule finds the same lines in documents written or pasted
    /// by hand. The grammar is one function, shared with `import`.
    ///
    /// Words inside a sentence are content, not a note: an annual report's `（二）依申请公开`
    /// heading (the bracket holds a numeral and the words follow it), a table row
    /// `属于国家秘密`, or a 保密审查 rule that speaks of 国家秘密 give no finding. Table rows are
    /// not lines of their own, and neither are the cells of an attachment's sheet.
    pub const RULE = Rule {
        code: "attribute-note",
        label: "主动公开的文件带有不予公开的附注或密级标识",
        level: crate::config::Level::Error,
        checks: &[Check::Body(|_, b| check(b)), Check::Attachment(check_attachment)],
    };
}

/// The text a line of Markdown shows when it is a line of its own: without a heading's,
/// quote's or list item's marker, emphasis, escapes and inline HTML tags. `None` for a row
/// of a table.
fn shown(line: &str) -> Option<String> {
    let mut t = line.trim();
    if t.starts_with('|') || ["<td", "<th", "<tr"].iter().any(|c| t.contains(c)) {
        return None;
    }
    loop {
        let before = t.len();
        t = t.trim_start_matches('>').trim_start();
        t = t.trim_start_matches('#').trim_start();
        for marker in ["- ", "* ", "+ "] {
            t = t.strip_prefix(marker).unwrap_or(t);
        }
        let digits = t.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && (t[digits..].starts_with(". ") || t[digits..].starts_with(") ")) {
            t = t[digits + 2..].trim_start();
        }
        if t.len() == before {
            break;
        }
    }
    // A link shows its text: the line is rendered as the page renders it.
    if t.contains("](") {
        return Some(crate::markdown::render(t).text.trim().to_string());
    }
    // Escapes and emphasis go; tags and entities are read as the page shows them.
    let mut plain = String::with_capacity(t.len());
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(char::is_ascii_punctuation) => {
                plain.extend(chars.next());
            }
            '*' | '_' | '~' | '`' => {}
            c => plain.push(c),
        }
    }
    // Only tags and entities need reading as the page shows them.
    if !plain.contains(['<', '&']) {
        return Some(plain);
    }
    Some(crate::markdown::text::text_of(&plain))
}

/// Whether `line` may show as a note. Its first character past what [`shown`] takes away
/// (markers, emphasis, escapes, a list item's number, white space and invisible characters)
/// can begin one, or is a tag, an entity or an image that may show as one; and its last
/// (past emphasis, escapes, full stops, white space and invisible characters) can end one,
/// or ends an entity, or the line holds a tag (whose end the page may not show). A superset of the lines [`shown`] and [`note`] find, read no
/// further than their two ends (a body's `（一）` headings are many).
fn may_show_a_note(line: &str) -> bool {
    let invisible = |c: char| {
        c.is_whitespace() || matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
    };
    let opens = line
        .chars()
        .find(|c| {
            !(invisible(*c)
                || c.is_ascii_digit()
                || matches!(
                    c,
                    '>' | '#' | '-' | '*' | '+' | '_' | '~' | '`' | '\\' | '.' | ')'
                ))
        })
        .is_some_and(|c| may_open_a_note(c) || matches!(c, '<' | '&' | '!'));
    // A tag or comment left open runs to the next line, and the page shows none of the
    // line's end: any line with a `<` is read as it shows.
    opens
        && (line.contains('<')
            || (line.chars().rev())
                .find(|c| {
                    !(invisible(*c) || matches!(c, '_' | '~' | '`' | '\\' | '。' | '.' | '．'))
                })
                .is_some_and(|c| may_close_a_note(c) || c == ';'))
}

/// What the finding says of a line, and its help.
fn describe(n: Note, line: &str) -> (String, &'static str) {
    let what = match n {
        Note::Withheld => format!("附注“{line}”说此件不予公开"),
        Note::OnRequest => format!("附注“{line}”说此件依申请公开"),
        Note::Unclear => format!("附注“{line}”没有说清能否公开"),
        Note::Classified => format!("密级标识“{line}”"),
        Note::Internal => format!("内部标识“{line}”"),
        Note::Public => String::new(),
    };
    let help = match n {
        Note::Classified | Note::Internal => {
            "涉密文件和内部文件不进入政府信息公开目录：撤下这份文件，按保密规定处理原件；标识有误时删去这一行"
        }
        Note::Unclear => "请人工确认公开属性：改为 不予公开 或 依申请公开，或把附注改写清楚",
        _ => "核实公开属性：附注说得对就改 attribute（公开属性），确可主动公开就删去这一行",
    };
    (what, help)
}

pub fn check(b: &Body) -> Vec<Diagnostic> {
    b.prose_lines()
        // A note or a mark is short and begins the line: other lines, nearly all, are not
        // read as they show.
        .filter(|(_, line)| line.len() <= 600 && may_show_a_note(line))
        .filter_map(|(at, line)| {
            let text = shown(line)?;
            let n = note(&text).filter(|n| n.contradicts_proactive())?;
            let (what, help) = describe(n, text.trim());
            Some(
                b.warning(
                    RULE.code,
                    at,
                    format!("主动公开的文件正文中有{what} (publication note or classification mark in a public document)"),
                )
                .help(help),
            )
        })
        .collect()
}

/// Notes and marks on a line of their own in a readable attachment of a 主动公开 document:
/// where each stands, what it says and the line (derived once per file content). A sheet's
/// or a CSV file's cells are not lines.
fn check_attachment(
    _: &super::Context,
    e: &Listed,
    a: &Attachment,
    reading: &Reading,
) -> Vec<Diagnostic> {
    let found: Vec<(String, Note, String)> = reading.derive("attribute-note-1", |text| {
        let Ok(text) = text else { return Vec::new() };
        let mut out = Vec::new();
        for (i, piece) in text.pieces() {
            if text.is_cell(i) {
                continue;
            }
            for line in piece.lines() {
                if let Some(n) = note(line).filter(|n| n.contradicts_proactive()) {
                    out.push((text.place(i), n, line.trim().to_string()));
                }
            }
        }
        out
    });
    found
        .into_iter()
        .map(|(place, n, line)| {
            let (what, help) = describe(n, &line);
            field_warning(
                e,
                Field::Attachments,
                RULE.code,
                format!(
                    "主动公开的文件的附件 `{}` {place}有{what} (publication note or classification mark in a public attachment)",
                    a.file_name
                ),
            )
            .help(help)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::testing::{BODY_LINE, lines, with_body};

    #[test]
    fn notes_and_marks_on_lines_of_their_own() {
        let md = "正文。\n\n**（此件不予公开）**\n\n## 秘密★1年\n\n> 【内部资料】\n\n\\[此件依申请公开\\]\n\n<p>（此件部分公开）</p>\n";
        let found = with_body(md, check);
        assert_eq!(
            lines(&found),
            [2, 4, 6, 8, 10].map(|n| format!("attribute-note@{}", BODY_LINE + n))
        );
        assert!(found[0].message.contains("说此件不予公开"));
        assert!(found[1].message.contains("密级标识“秘密★1年”"));
    }

    /// Lines that show a note though they do not begin with its bracket as written: a list
    /// item's number, an invisible character, an entity, emphasis, an open tag, a link. Each is read past its
    /// start (the rule looks no further than the start of other lines).
    #[test]
    fn notes_behind_markers_invisible_characters_and_entities() {
        let md = "1. （此件不予公开）\n\n\u{200b}（此件不予公开）\n\n&#xFF08;此件不予公开&#xFF09;\n\n_ _ 机密\n\n（此件不予公开）。__\n\n> 秘密★2030年1月1日  \n\n（此件不予公开）<span\nclass=\"x\">\n\n秘密★1年<!--\n-->\n\n[（此件不予公开）](a.html)\n";
        let found = with_body(md, check);
        assert_eq!(
            lines(&found),
            [0, 2, 4, 6, 8, 10, 12, 15, 18].map(|n| format!("attribute-note@{}", BODY_LINE + n))
        );
    }

    #[test]
    fn content_and_public_notes_are_quiet() {
        let md = "## （二）依申请公开\n\n（二）依申请公开。全年新收申请41件。\n\n| 1.属于国家秘密 | 0 |\n|---|---|\n| 内部 | 0 |\n\n<tr><th>秘密</th></tr>\n\n（此件公开发布）\n\n防止泄露国家秘密和工作秘密。\n\n```\n（此件不予公开）\n```\n";
        assert!(with_body(md, check).is_empty());
    }
}
