//! What a Word file and a portal page are both read into — paragraphs, tables and images —
//! and the Markdown written from it: no indentation, no empty paragraphs, no inline style
//! (SPEC §13), tables as pipe tables, or as sanitized HTML when a cell spans.

/// One block of a document's body, in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Para(Para),
    Table(Table),
    /// An image (`file`: its name beside the document once written).
    Image {
        file: String,
        alt: String,
    },
}

/// A paragraph and what its look says about its role in a 公文.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Para {
    pub text: String,
    pub center: bool,
    pub right: bool,
    /// Red text (the 发文机关标志) or a large size (a title).
    pub red: bool,
    pub large: bool,
    /// A heading level the source gave (Word's 标题 1…, or `<h2>`), 1 = the document's title.
    pub heading: Option<u8>,
    /// An item of a bulleted or numbered list the source made.
    pub list: Option<ListItem>,
}

/// A list item: its nesting level (0 = outermost) and its number, none for a bullet.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ListItem {
    pub level: u8,
    pub number: Option<u32>,
}

impl Para {
    pub fn plain(text: &str) -> Para {
        Para {
            text: text.to_string(),
            ..Para::default()
        }
    }
}

/// A table: rows of cells, a spanned-over position holding no cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub text: String,
    pub colspan: u32,
    pub rowspan: u32,
}

impl Table {
    fn spans(&self) -> bool {
        self.rows
            .iter()
            .flatten()
            .any(|c| c.colspan > 1 || c.rowspan > 1)
    }
}

/// A paragraph's text as it should read: white space Word used for layout (full-width
/// indentation, no-break spaces, runs of spaces, tabs) gone, the words kept.
pub fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        if c.is_whitespace() || c == '\u{a0}' || c == '\u{3000}' || c.is_control() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            // Between Chinese characters a layout space means nothing; between Latin words
            // and numbers it separates them.
            let prev = out.chars().next_back().is_some_and(|p| p.is_ascii());
            if prev || c.is_ascii() {
                out.push(' ');
            }
        }
        space = false;
        out.push(c);
    }
    out
}

/// Markdown for the body: a block per paragraph, `##`/`###` for the short numbered headings
/// of a 公文 (一、 and （一）) and for the headings the source marked.
pub fn markdown(blocks: &[Block]) -> String {
    let mut out = String::new();
    // The run of list items being written: the level of its first item and of its last.
    let mut list: Option<(u8, u8)> = None;
    for block in blocks {
        let item = match block {
            Block::Para(p) if !clean(&p.text).is_empty() && p.heading.is_none() => p.list,
            _ => None,
        };
        // Never deeper than one below the item before, nor above the run's first.
        let (base, last) = match (list, item) {
            (Some(run), _) => run,
            (None, Some(i)) => (i.level, i.level),
            (None, None) => (0, 0),
        };
        let depth = item.map_or(0, |i| {
            i.level
                .saturating_sub(base)
                .min(last.saturating_sub(base).saturating_add(1))
        });
        let piece = match (block, item) {
            (Block::Para(p), Some(item)) => list_item(p, item, depth),
            (Block::Para(p), None) => paragraph(p),
            (Block::Table(t), _) => table(t),
            (Block::Image { file, alt }, _) => format!("![{}]({})", escape_inline(alt), file),
        };
        if piece.is_empty() {
            continue;
        }
        if !out.is_empty() {
            // The items of one list follow each other line by line.
            let tight = item.is_some() && list.is_some();
            out.push_str(if tight { "\n" } else { "\n\n" });
        }
        out.push_str(&piece);
        list = item.map(|_| (base, base + depth));
    }
    out.push('\n');
    out
}

/// Where a paragraph cites footnote `n`: two of Unicode's noncharacters, which no text
/// interchanged holds (private use is no choice: offices encode their own rare characters
/// there, in names), written as `[^n]` once the text around it is escaped. A file's own
/// text is read through [`without_mark_chars`], so a crafted file cannot forge one.
pub fn note_mark(n: usize) -> String {
    format!("{NOTE_OPEN}{n}{NOTE_CLOSE}")
}

const NOTE_OPEN: char = '\u{fdd0}';
const NOTE_CLOSE: char = '\u{fdd1}';

/// A file's text with the characters of note marks replaced by U+FFFD.
pub fn without_mark_chars(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains([NOTE_OPEN, NOTE_CLOSE]) {
        text.replace([NOTE_OPEN, NOTE_CLOSE], "\u{fffd}").into()
    } else {
        text.into()
    }
}

/// `text` with each note mark written as a Markdown footnote reference.
fn with_note_refs(text: String) -> String {
    if !text.contains(NOTE_OPEN) {
        return text;
    }
    text.replace(NOTE_OPEN, "[^").replace(NOTE_CLOSE, "]")
}

/// `text` without note marks (a field's value: a title that cites a note).
pub fn without_note_marks(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for c in text.chars() {
        match c {
            NOTE_OPEN => inside = true,
            NOTE_CLOSE => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// The footnotes' definitions, `[^n]: text`, numbered from 1, after the body.
pub fn footnotes(notes: &[String]) -> String {
    notes
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let text = with_note_refs(escape_inline(&clean(text)));
            format!("\n[^{}]: {text}\n", i + 1)
        })
        .collect()
}

/// A list item as Markdown: `- ` or `N. ` after four spaces for each level of nesting.
fn list_item(p: &Para, item: ListItem, depth: u8) -> String {
    let marker = item
        .number
        .map_or_else(|| "-".to_string(), |n| format!("{n}."));
    let text = with_note_refs(escape_start(&escape_inline(&clean(&p.text))));
    format!("{}{marker} {text}", "    ".repeat(depth as usize))
}

fn paragraph(p: &Para) -> String {
    let text = clean(&p.text);
    if text.is_empty() {
        return String::new();
    }
    let level = p
        .heading
        .map(|l| l.clamp(2, 4))
        .or_else(|| numbered_heading(&text));
    with_note_refs(match level {
        Some(l) => format!("{} {}", "#".repeat(l as usize), escape_inline(&text)),
        None => escape_start(&escape_inline(&text)),
    })
}

/// A short line opening with 一、 (level 2) or （一） (level 3) and ending without a full
/// stop is a heading of a 公文's structure; a long one is a paragraph that starts so.
fn numbered_heading(text: &str) -> Option<u8> {
    const NUMERALS: &str = "一二三四五六七八九十";
    if text.chars().count() > 30 || text.ends_with('。') || text.ends_with('；') {
        return None;
    }
    let lead: String = text.chars().take_while(|c| NUMERALS.contains(*c)).collect();
    if !lead.is_empty() && text[lead.len()..].starts_with('、') {
        return Some(2);
    }
    let inner = text.strip_prefix('（')?;
    let lead: String = inner
        .chars()
        .take_while(|c| NUMERALS.contains(*c))
        .collect();
    (!lead.is_empty() && inner[lead.len()..].starts_with('）')).then_some(3)
}

/// Characters Markdown would read as markup anywhere in a line.
fn escape_inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '`' | '|') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A line that Markdown would read as a heading, list or quote at its start.
fn escape_start(text: &str) -> String {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let after = &text[digits..];
    let list = (digits > 0 && (after.starts_with(". ") || after.starts_with(") ")))
        || text.starts_with("- ")
        || text.starts_with("+ ")
        || text.starts_with('#')
        || text.starts_with("=");
    if list {
        let (head, rest) = text.split_at(if digits > 0 { digits } else { 0 });
        if digits > 0 {
            format!("{head}\\{rest}")
        } else {
            format!("\\{text}")
        }
    } else {
        text.to_string()
    }
}

fn table(t: &Table) -> String {
    with_note_refs(table_of(t))
}

fn table_of(t: &Table) -> String {
    if t.rows.is_empty() {
        return String::new();
    }
    if t.spans() {
        return html_table(t);
    }
    let width = t.rows.iter().map(Vec::len).max().unwrap_or(0);
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    for (i, row) in t.rows.iter().enumerate() {
        out.push('|');
        for c in 0..width {
            let text = row
                .get(c)
                .map_or(String::new(), |c| escape_inline(&clean(&c.text)));
            out.push_str(&format!(" {text} |"));
        }
        out.push('\n');
        if i == 0 {
            out.push('|');
            out.push_str(&" --- |".repeat(width));
            out.push('\n');
        }
    }
    out.pop();
    out
}

/// A table Markdown cannot hold (merged cells) as plain HTML: rows, cells and their spans,
/// the first row as header cells; nothing else (SPEC §14: the sanitizer keeps these).
fn html_table(t: &Table) -> String {
    let mut out = String::from("<table>\n");
    for (i, row) in t.rows.iter().enumerate() {
        out.push_str("<tr>");
        let tag = if i == 0 { "th" } else { "td" };
        for c in row {
            out.push('<');
            out.push_str(tag);
            if c.colspan > 1 {
                out.push_str(&format!(" colspan=\"{}\"", c.colspan));
            }
            if c.rowspan > 1 {
                out.push_str(&format!(" rowspan=\"{}\"", c.rowspan));
            }
            out.push('>');
            out.push_str(&crate::escape::xml_escape(&clean(&c.text)));
            out.push_str(&format!("</{tag}>"));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(text: &str, level: u8, number: Option<u32>) -> Block {
        Block::Para(Para {
            list: Some(ListItem { level, number }),
            ..Para::plain(text)
        })
    }

    #[test]
    fn list_items_nest_one_level_at_a_time_from_the_run_s_first() {
        let md = markdown(&[
            Block::Para(Para::plain("说明")),
            // A run that starts at level 2 starts at the margin; a jump of three levels is one.
            item("甲", 2, Some(1)),
            item("乙", 5, None),
            item("丙", 6, None),
            item("丁", 2, Some(2)),
            Block::Para(Para::plain("结尾")),
            item("戊", 0, None),
        ]);
        assert_eq!(
            md,
            "说明\n\n1. 甲\n    - 乙\n        - 丙\n2. 丁\n\n结尾\n\n- 戊\n"
        );
    }

    fn cell(text: &str, colspan: u32, rowspan: u32) -> Cell {
        Cell {
            text: text.into(),
            colspan,
            rowspan,
        }
    }

    #[test]
    fn layout_space_goes_words_stay() {
        assert_eq!(clean("\u{3000}\u{3000}为进一步　加强"), "为进一步加强");
        assert_eq!(clean("  Word  2026\u{a0}版 "), "Word 2026 版");
    }

    #[test]
    fn numbered_structure_becomes_headings_when_short() {
        let md = markdown(&[
            Block::Para(Para::plain("一、总体要求")),
            Block::Para(Para::plain("（二）工作目标")),
            Block::Para(Para::plain(
                "（一）主动公开。全年通过目录主动公开政府信息。",
            )),
            Block::Para(Para::plain("1. 按时报送")),
            Block::Para(Para::plain("   ")),
        ]);
        assert_eq!(
            md,
            "## 一、总体要求\n\n### （二）工作目标\n\n（一）主动公开。全年通过目录主动公开政府信息。\n\n1\\. 按时报送\n"
        );
    }

    #[test]
    fn a_merged_cell_makes_an_html_table() {
        let plain = Table {
            rows: vec![
                vec![cell("乡镇", 1, 1), cell("人数", 1, 1)],
                vec![cell("城关镇", 1, 1), cell("12", 1, 1)],
            ],
        };
        assert_eq!(
            table(&plain),
            "| 乡镇 | 人数 |\n| --- | --- |\n| 城关镇 | 12 |"
        );
        let merged = Table {
            rows: vec![
                vec![cell("项目", 1, 2), cell("金额", 2, 1)],
                vec![cell("预算", 1, 1), cell("决算<", 1, 1)],
            ],
        };
        assert_eq!(
            table(&merged),
            "<table>\n<tr><th rowspan=\"2\">项目</th><th colspan=\"2\">金额</th></tr>\n<tr><td>预算</td><td>决算&lt;</td></tr>\n</table>"
        );
    }
}
