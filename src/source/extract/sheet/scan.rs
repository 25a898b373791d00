//! A worksheet's cells by a scan of its bytes. SpreadsheetML's `sheetData` is a flat run of
//! `row`, `c`, `v` and `is`/`t` elements, and a name list holds tens of thousands of cells:
//! found with `memchr` and compared where they stand, they read several times faster than
//! as an XML parser's events. Only plain, well-formed markup is taken. Anything else (a
//! document type, an entity or a character it does not know, a carriage return, a tag left
//! open) gives `None`, and the sheet is read by the parser instead (`super::cells`), whose
//! reading the tests hold this one to.

use super::{Stored, cell_ref, finish};
use crate::source::extract::{MAX_READING, Place, Text};

/// White space as XML (and the parser) knows it: not a form feed.
const XML_SPACE: &[char] = &[' ', '\t', '\r', '\n'];
/// Elements open at once; a worksheet nests four or five deep.
const MAX_DEPTH: usize = 64;

/// What the scan is inside of.
#[derive(Default)]
struct At {
    row: u32,
    next_row: u32,
    col: u32,
    next_col: u32,
    stored: Option<Stored>,
    in_v: bool,
    in_t: bool,
    phonetic: u32,
}

pub(super) fn cells(xml: &[u8], shared: &[String], sheet: u16, out: &mut Text) -> Option<()> {
    let s = std::str::from_utf8(xml).ok()?;
    let b = s.as_bytes();
    let mut at = At::default();
    let (mut value, mut inline) = (String::new(), String::new());
    // The elements open: an end tag must close the last (as the parser requires).
    let mut open: Vec<&str> = Vec::new();
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &b[i..]) {
        if lt > 0 && at.stored.is_some() {
            let text = &s[i..i + lt];
            if at.in_v {
                push_text(&mut value, text)?;
            } else if at.in_t && at.phonetic == 0 {
                push_text(&mut inline, text)?;
            }
        }
        i += lt + 1;
        match *b.get(i)? {
            b'!' if b[i..].starts_with(b"!--") => {
                i += 3 + memchr::memmem::find(&b[i + 3..], b"-->")? + 3;
            }
            b'!' if b[i..].starts_with(b"![CDATA[") => {
                let end = memchr::memmem::find(&b[i + 8..], b"]]>")?;
                let raw = &s[i + 8..i + 8 + end];
                if at.in_v {
                    value.push_str(raw);
                } else if at.stored.is_some() && at.in_t && at.phonetic == 0 {
                    inline.push_str(raw);
                }
                i += 8 + end + 3;
            }
            b'!' => return None,
            // A processing instruction has a target: `<?>` is the parser's to refuse.
            b'?' if b.get(i + 1) == Some(&b'>') => return None,
            b'?' => i += memchr::memmem::find(&b[i..], b"?>")? + 2,
            b'/' => {
                let end = memchr::memchr(b'>', &b[i..])?;
                let full = s[i + 1..i + end].trim_end_matches(XML_SPACE);
                if open.pop() != Some(full) {
                    return None;
                }
                let name = local(full);
                i += end + 1;
                match name {
                    "v" => at.in_v = false,
                    "t" if at.stored.is_some() => at.in_t = false,
                    "rPh" if at.stored.is_some() => at.phonetic = at.phonetic.saturating_sub(1),
                    "c" => {
                        if let Some(stored) = at.stored.take() {
                            let place = Place::Cell(sheet, at.row, at.col);
                            finish(out, place, stored, &value, &inline, shared);
                            // Past the budget: the caller says so.
                            if out.text.len() > MAX_READING {
                                return None;
                            }
                        }
                    }
                    _ => {}
                }
            }
            _ => {
                let (end, name, empty) = start_tag(s, i, &mut at, &mut value, &mut inline)?;
                if !empty {
                    // Deeper than any sheet is nested: the parser's business.
                    if open.len() >= MAX_DEPTH {
                        return None;
                    }
                    open.push(name);
                }
                i = end;
            }
        }
    }
    // A tag left open: the parser says so.
    (open.is_empty() && at.stored.is_none()).then_some(())
}

/// The start tag at `i` (just after its `<`): what it opens. Returns where it ends, its
/// name and whether it is empty (`<…/>`).
fn start_tag<'s>(
    s: &'s str,
    mut i: usize,
    at: &mut At,
    value: &mut String,
    inline: &mut String,
) -> Option<(usize, &'s str, bool)> {
    let b = s.as_bytes();
    let name_len = b[i..]
        .iter()
        .position(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'/' | b'>'))?;
    let full = &s[i..i + name_len];
    if full.is_empty() {
        return None;
    }
    let name = local(full);
    i += name_len;
    let (mut r, mut t) = (None, None);
    let space = |c: &&u8| matches!(c, b' ' | b'\t' | b'\r' | b'\n');
    let empty = loop {
        i += b[i..].iter().take_while(space).count();
        match *b.get(i)? {
            b'>' => {
                i += 1;
                break false;
            }
            b'/' if b.get(i + 1) == Some(&b'>') => {
                i += 2;
                break true;
            }
            b'/' => return None,
            _ => {
                let eq = memchr::memchr(b'=', &b[i..])?;
                let key = s[i..i + eq].trim_end_matches(XML_SPACE);
                // An attribute without a value, or markup where a name belongs: the
                // parser's reading.
                if key.is_empty() || key.bytes().any(|c| b" \t\r\n<>/\"'&".contains(&c)) {
                    return None;
                }
                i += eq + 1;
                i += b[i..].iter().take_while(space).count();
                let quote = *b.get(i)?;
                if quote != b'"' && quote != b'\'' {
                    return None;
                }
                let len = memchr::memchr(quote, &b[i + 1..])?;
                let v = &s[i + 1..i + 1 + len];
                i += len + 2;
                // Only the unprefixed `r` and `t` count, each once, as plain text.
                let slot = match key {
                    "r" => &mut r,
                    "t" => &mut t,
                    _ => continue,
                };
                if slot.is_some() || v.contains(['&', '<']) {
                    return None;
                }
                *slot = Some(v);
            }
        }
    };
    match name {
        "row" => {
            at.row = r
                .and_then(|r| r.parse::<u32>().ok())
                .and_then(|r| r.checked_sub(1))
                .unwrap_or(at.next_row);
            at.next_row = at.row.saturating_add(1);
            at.next_col = 0;
        }
        "c" => {
            (at.col, at.row) = r.and_then(cell_ref).unwrap_or((at.next_col, at.row));
            at.next_col = at.col.saturating_add(1);
            value.clear();
            inline.clear();
            (at.in_t, at.phonetic) = (false, 0);
            at.stored = (!empty).then(|| t.map_or(Stored::Number, Stored::of));
        }
        "v" if at.stored.is_some() => at.in_v = !empty,
        "t" if at.stored.is_some() && !empty => at.in_t = true,
        "rPh" if at.stored.is_some() && !empty => at.phonetic += 1,
        _ => {}
    }
    Some((i, full, empty))
}

/// A name without its namespace prefix.
#[inline]
fn local(name: &str) -> &str {
    // The first colon ends the prefix, as the parser reads a name.
    match name.bytes().position(|b| b == b':') {
        Some(colon) => &name[colon + 1..],
        None => name,
    }
}

/// Text between tags, its references resolved: the five predefined entities and characters
/// that XML allows. Anything else is left to the parser.
fn push_text(out: &mut String, text: &str) -> Option<()> {
    if memchr::memchr(b'\r', text.as_bytes()).is_some() {
        return None;
    }
    let mut rest = text;
    while let Some(amp) = memchr::memchr(b'&', rest.as_bytes()) {
        out.push_str(&rest[..amp]);
        let semi = memchr::memchr(b';', &rest.as_bytes()[amp..])?;
        let name = &rest[amp + 1..amp + semi];
        let c = match name {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                // Digits only: `&#+49;` parses as a number but is no reference.
                let (digits, radix) = match name.strip_prefix("#x") {
                    Some(hex) => (hex, 16),
                    None => (name.strip_prefix('#')?, 10),
                };
                if digits.is_empty() || !digits.bytes().all(|b| (b as char).is_digit(radix)) {
                    return None;
                }
                let n = u32::from_str_radix(digits, radix).ok()?;
                char::from_u32(n).filter(|c| {
                    matches!(c, '\t' | '\n') || (' '..='\u{d7ff}').contains(c) || *c >= '\u{e000}'
                })?
            }
        };
        out.push(c);
        rest = &rest[amp + semi + 1..];
    }
    out.push_str(rest);
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The parser's reading of a sheet, and the scan's (`None` when it declined).
    fn both(xml: &str, shared: &[String]) -> (Option<Text>, Option<Text>) {
        let mut parsed = Text::default();
        let parsed = super::super::cells(xml.as_bytes(), shared, 0, &mut parsed)
            .ok()
            .map(|()| parsed);
        let mut scanned = Text::default();
        let scanned = cells(xml.as_bytes(), shared, 0, &mut scanned).map(|()| scanned);
        (parsed, scanned)
    }

    /// Pieces of a worksheet as Excel, WPS and LibreOffice write them, and as an attacker
    /// might: prefixes, comments, CDATA, phonetic guides, entities, empty elements.
    fn piece() -> impl Strategy<Value = String> {
        let words = prop_oneof![
            Just("张三".to_string()),
            Just("110101199003071234".to_string()),
            Just(" 12.50 ".to_string()),
            Just("a&amp;b&lt;c&#x4E2D;&#22269;".to_string()),
            Just("&#0;".to_string()),
            Just("&nbsp;".to_string()),
            Just("&#+49;".to_string()),
            Just("行\r\n二".to_string()),
            Just(String::new()),
        ];
        let r = prop_oneof![
            Just(String::new()),
            Just(" r=\"C7\"".to_string()),
            Just(" r='AB12'".to_string()),
            Just(" r=\"A0\"".to_string()),
            Just(" r = \"B2\"".to_string()),
            Just(" r=\"C7\" r=\"\"".to_string()),
            Just(" x:r=\"D4\"".to_string()),
        ];
        let t = prop_oneof![
            Just(String::new()),
            Just(" t=\"s\"".to_string()),
            Just(" t=\"inlineStr\"".to_string()),
            Just(" t=\"b\"".to_string()),
            Just(" t=\"str\"".to_string()),
            Just(" s=\"3\" t=\"e\"".to_string()),
            Just(" t=\"&#115;\"".to_string()),
            Just(" t=\"str\" x:t=\"s\"".to_string()),
            Just(" t=\"s\" x t=\"str\"".to_string()),
            Just(" t=\"str\"\u{c}t=\"s\"".to_string()),
        ];
        (2..14usize, words, r, t).prop_map(|(k, w, r, t)| match k {
            2 => format!("<c{r}{t}><v>{w}</v></c>"),
            3 => format!("<c{r}{t}><is><t>{w}</t></is></c>"),
            4 => format!("<c{r}{t}><is><r><t xml:space=\"preserve\">{w}</t></r><rPh sb=\"0\"><t>{w}</t></rPh></is></c>"),
            5 => format!("<x:c{r}{t}><x:v>{w}</x:v></x:c>"),
            6 => format!("<c{r}{t}/>"),
            7 => format!("<!-- <c r=\"A1\"><v>{w}</v></c> -->"),
            8 => format!("<c{r}{t}><v><![CDATA[{w}]]></v></c>"),
            9 => format!("<c{r}{t}><f>SUM(A1)</f><v>{w}</v></c >"),
            10 => "<?mso-application progid=\"Excel.Sheet\"?><a:b:c/>".to_string(),
            11 => format!("<c{r}{t}><v/>{w}</c>"),
            12 => format!("<row{r} spans=\"1:6\"/>"),
            _ => format!("<c{r}{t}><is><t/>{w}</is></c>"),
        })
    }

    proptest! {
        #[test]
        fn the_scan_reads_what_the_parser_reads(
            rows in proptest::collection::vec(
                (proptest::option::of(1..9u32), proptest::collection::vec(piece(), 0..8)),
                0..8,
            )
        ) {
            let rows: String = rows
                .iter()
                .map(|(r, cells)| {
                    let r = r.map_or(String::new(), |r| format!(" r=\"{r}\""));
                    format!("<row{r}>{}</row>", cells.concat())
                })
                .collect();
            let xml = format!("<?xml version=\"1.0\"?><worksheet><sheetData>{rows}</sheetData></worksheet>");
            let shared: Vec<String> = ["零", "一", "二", "三"].map(String::from).to_vec();
            let (parsed, scanned) = both(&xml, &shared);
            // Only a carriage return or a reference it does not know sends a sheet to the
            // parser; everything else is scanned, and reads as the parser reads it.
            let unusual = ["\r", "&nbsp;", "&#0;", "&#+", "r=\"\"", "=\"&", " x t=", "\u{c}"]
                .iter()
                .any(|u| xml.contains(u));
            prop_assert!(unusual || scanned.is_some(), "{}", xml);
            if let Some(scanned) = scanned {
                prop_assert_eq!(Some(scanned), parsed, "{}", xml);
            }
        }
    }

    #[test]
    fn plain_sheets_are_scanned_and_the_rest_left_to_the_parser() {
        let shared = vec!["姓名".to_string()];
        let plain = r#"<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>李&amp;四</t></is></c></row></sheetData></worksheet>"#;
        let (parsed, scanned) = both(plain, &shared);
        assert!(parsed.as_ref().is_some_and(|t| !t.is_empty()));
        assert_eq!(scanned, parsed);
        for declined in [
            "<!DOCTYPE w><worksheet/>",
            "<worksheet><c><v>&foo;</v></c></worksheet>",
            "<worksheet><c><v>1\r\n</v></c></worksheet>",
            "<worksheet><c><v>1</v>",
        ] {
            let mut t = Text::default();
            assert!(
                cells(declined.as_bytes(), &shared, 0, &mut t).is_none(),
                "{declined}"
            );
        }
    }
}
