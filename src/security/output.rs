//! An output file as the guard reads it: the texts a reader or a program could take from
//! it, each folded (`matching::fold`) and handed over one at a time.
//!
//! - HTML and XML: the text between tags, with entities decoded; inline elements (`<a>`,
//!   `<strong>` …) do not interrupt it, any other tag does. Every attribute value, comment
//!   and the contents of `<script>`/`<style>` are texts of their own: a template that put a
//!   secret in a `content=` or a comment is caught as surely as one that put it in a `<p>`.
//! - JSON: each string, escapes decoded.
//! - Anything else (CSV, plain text, CSS, scripts): each line.

use crate::markdown::text::entity;
use crate::matching::fold::Folded;

/// Copied files (attachments, the site's `root/` and `static/` files) that a browser or a
/// program shows as text: the guard reads them as it reads a written file. Others (PDF,
/// Office, images) are read by the quotation rules where they can be (a public document's
/// attachments, SPEC §13).
const TEXT: &[&str] = &[
    "html", "htm", "xhtml", "xml", "svg", "json", "txt", "csv", "tsv", "css", "js", "mjs", "md",
    "markdown", "ics", "rss", "atom",
];

/// Whether a copied file is read as text.
pub fn read_as_text(rel: &str) -> bool {
    let ext = rel.rsplit_once('.').map_or("", |(_, e)| e);
    TEXT.iter().any(|t| t.eq_ignore_ascii_case(ext))
}

/// Elements that do not interrupt the text around them.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins",
    "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
    "wbr",
];

thread_local! {
    /// The two texts being gathered, reused from file to file.
    static SCRATCH: std::cell::RefCell<(Folded, Folded)> = Default::default();
}

/// Whether `html` begins with the start tag and ends with the end tag of elements that
/// interrupt the text around them: read alone or within a page, its texts are the same.
pub fn whole_blocks(html: &str) -> bool {
    let html = html.trim();
    let name = |s: &str| -> String {
        s.bytes()
            .take_while(|b| b.is_ascii_alphanumeric())
            .map(|b| b.to_ascii_lowercase() as char)
            .collect()
    };
    let Some(first) = html.strip_prefix('<').map(name) else {
        return false;
    };
    let Some(last) = html
        .strip_suffix('>')
        .and_then(|h| h.rfind("</"))
        .map(|i| name(&html[i + 2..]))
    else {
        return false;
    };
    !first.is_empty()
        && !last.is_empty()
        && !is_inline(first.as_bytes())
        && !is_inline(last.as_bytes())
}

/// Hand each text of the file `rel`, but for the bytes in `skip`, to `each`, until it
/// returns `false`. The skipped bytes count as a tag that interrupts the text.
pub fn texts_outside(
    rel: &str,
    bytes: &[u8],
    skip: std::ops::Range<usize>,
    each: &mut dyn FnMut(&Folded) -> bool,
) {
    let mut go_on = true;
    texts(rel, &bytes[..skip.start], &mut |t| {
        go_on = each(t);
        go_on
    });
    if go_on {
        texts(rel, &bytes[skip.end..], each);
    }
}

/// Characters in the shortest secret: a text of fewer bytes cannot hold one.
const SHORTEST: usize = super::NAME_CHARS;

/// Hand each text of the file `rel` to `each`, until it returns `false`.
pub fn texts(rel: &str, bytes: &[u8], each: &mut dyn FnMut(&Folded) -> bool) {
    SCRATCH.with(|s| match s.try_borrow_mut() {
        Ok(mut s) => {
            let (seg, other) = &mut *s;
            seg.clear();
            other.clear();
            texts_with(rel, bytes, seg, other, each);
        }
        // Called again from inside `each` on this thread: fresh buffers.
        Err(_) => texts_with(
            rel,
            bytes,
            &mut Folded::default(),
            &mut Folded::default(),
            each,
        ),
    })
}

fn texts_with(
    rel: &str,
    bytes: &[u8],
    seg: &mut Folded,
    other: &mut Folded,
    each: &mut dyn FnMut(&Folded) -> bool,
) {
    let text = match simdutf8::basic::from_utf8(bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(_) => String::from_utf8_lossy(bytes),
    };
    let ext = rel.rsplit('.').next().unwrap_or("");
    match ext {
        "html" | "htm" | "xml" | "svg" => markup(&text, seg, other, each),
        "json" => json(&text, seg, each),
        _ => {
            for line in text.lines() {
                seg.clear();
                seg.push_str(line);
                if !each(seg) {
                    return;
                }
            }
        }
    }
}

/// Hand `seg` over (when it holds anything) and empty it; `false` to stop.
fn flush(seg: &mut Folded, each: &mut dyn FnMut(&Folded) -> bool) -> bool {
    let go_on = seg.is_empty() || each(seg);
    seg.clear();
    go_on
}

/// Push `s` to `seg` with entities decoded.
fn push_decoded(seg: &mut Folded, s: &str) {
    let mut rest = s;
    while let Some(i) = memchr::memchr(b'&', rest.as_bytes()) {
        seg.push_str(&rest[..i]);
        let (c, len) = entity(&rest[i..]);
        seg.push(c);
        rest = &rest[i + len..];
    }
    seg.push_str(rest);
}

fn markup(html: &str, seg: &mut Folded, other: &mut Folded, each: &mut dyn FnMut(&Folded) -> bool) {
    let mut i = 0;
    while i < html.len() {
        let Some(lt) = memchr::memchr(b'<', &html.as_bytes()[i..]) else {
            push_decoded(seg, &html[i..]);
            break;
        };
        push_decoded(seg, &html[i..i + lt]);
        let at = i + lt;
        let rest = &html[at..];
        if let Some(body) = rest.strip_prefix("<!--") {
            let end = body.find("-->").unwrap_or(body.len());
            other.push_str(&body[..end]);
            if !flush(other, each) {
                return;
            }
            i = (at + 4 + end + 3).min(html.len());
            continue;
        }
        if let Some(body) = rest.strip_prefix("<![CDATA[") {
            let end = body.find("]]>").unwrap_or(body.len());
            other.push_str(&body[..end]);
            if !flush(other, each) {
                return;
            }
            i = (at + 9 + end + 3).min(html.len());
            continue;
        }
        let closing = rest.as_bytes().get(1) == Some(&b'/');
        let name_start = 1 + usize::from(closing);
        let name_len = rest.as_bytes()[name_start.min(rest.len())..]
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-' || **b == b':')
            .count();
        if name_len == 0 && !rest.starts_with("<!") && !rest.starts_with("<?") && !closing {
            seg.push('<'); // a bare `<` in text
            i = at + 1;
            continue;
        }
        let name = &rest.as_bytes()[name_start..name_start + name_len];
        let end = tag(rest, other, each);
        let Some(end) = end else { return };
        i = at + end;
        if !is_inline(name) && !flush(seg, each) {
            return;
        }
        let hidden = [&b"script"[..], b"style"]
            .into_iter()
            .find(|h| name.eq_ignore_ascii_case(h));
        if !closing && let Some(hidden) = hidden {
            // Their contents are one text, whatever they hold.
            let close = find_ascii_ci(&html[i..], hidden).unwrap_or(html.len() - i);
            other.push_str(&html[i..i + close]);
            if !flush(other, each) {
                return;
            }
            i += close;
        }
    }
    flush(seg, each);
}

/// Read the tag at the start of `rest`, handing each quoted attribute value over as a text;
/// the length of the tag, or `None` when told to stop.
fn tag(rest: &str, value: &mut Folded, each: &mut dyn FnMut(&Folded) -> bool) -> Option<usize> {
    let bytes = rest.as_bytes();
    let mut i = 1;
    while i < bytes.len() {
        // Straight to the next quote or the end of the tag.
        match memchr::memchr3(b'>', b'"', b'\'', &bytes[i..]) {
            Some(n) => i += n,
            None => return Some(rest.len()),
        }
        match bytes[i] {
            b'>' => return Some(i + 1),
            q @ (b'"' | b'\'') => {
                let end = memchr::memchr(q, &bytes[i + 1..]).map_or(rest.len(), |n| i + 1 + n);
                // Fewer bytes than the shortest secret has characters: nothing to read.
                if end - (i + 1) >= SHORTEST {
                    let raw = &rest[i + 1..end];
                    push_decoded(value, raw);
                    if !flush(value, each) {
                        return None;
                    }
                    // A link's target as a browser shows it: `?q=%E5%8E%BF…` reads as text.
                    if let Some(shown) = percent_decoded(raw) {
                        push_decoded(value, &shown);
                        if !flush(value, each) {
                            return None;
                        }
                    }
                }
                i = end + 1;
            }
            _ => i += 1,
        }
    }
    Some(rest.len())
}

/// `s` with its `%XX` escapes decoded, when it has any.
fn percent_decoded(s: &str) -> Option<String> {
    memchr::memchr(b'%', s.as_bytes())?;
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push(h << 4 | l);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

/// Where the end tag `</name` first occurs in `hay`, ignoring ASCII case.
fn find_ascii_ci(hay: &str, name: &[u8]) -> Option<usize> {
    let h = hay.as_bytes();
    memchr::memmem::find_iter(h, b"</").find(|&i| {
        h.get(i + 2..i + 2 + name.len())
            .is_some_and(|n| n.eq_ignore_ascii_case(name))
    })
}

/// Whether a tag name is one of [`INLINE`], in any case: its bytes, lowered, packed into a
/// number and compared with theirs (a slice comparison per name was 12 % of the guard).
fn is_inline(name: &[u8]) -> bool {
    name.len() <= 6 && INLINE_KEYS.contains(&key(name, true))
}

/// Up to eight bytes of a tag name, lowered when `lower`, packed into a number.
const fn key(name: &[u8], lower: bool) -> u64 {
    let mut k = 0u64;
    let mut i = 0;
    while i < name.len() && i < 8 {
        let b = if lower {
            name[i].to_ascii_lowercase()
        } else {
            name[i]
        };
        k |= (b as u64) << (8 * i);
        i += 1;
    }
    k
}

const INLINE_KEYS: [u64; INLINE.len()] = {
    let mut keys = [0u64; INLINE.len()];
    let mut i = 0;
    while i < INLINE.len() {
        keys[i] = key(INLINE[i].as_bytes(), false);
        i += 1;
    }
    keys
};

fn json(text: &str, seg: &mut Folded, each: &mut dyn FnMut(&Folded) -> bool) {
    let b = text.as_bytes();
    let mut i = 0;
    while let Some(open) = memchr::memchr(b'"', &b[i..]) {
        i += open + 1;
        // The string's runs between escapes, each pushed whole.
        loop {
            let Some(n) = memchr::memchr2(b'"', b'\\', &b[i..]) else {
                seg.push_str(&text[i..]);
                i = b.len();
                break;
            };
            seg.push_str(&text[i..i + n]);
            i += n;
            if b[i] == b'"' {
                i += 1;
                break;
            }
            // An escape: `\` and the character after it (ASCII, or the string ends).
            match b.get(i + 1) {
                Some(b'u') => {
                    let hex = b
                        .get(i + 2..i + 6)
                        .filter(|h| h.iter().all(u8::is_ascii_hexdigit));
                    match hex {
                        Some(hex) => {
                            let unit = hex
                                .iter()
                                .fold(0, |u, &h| u << 4 | (h as char).to_digit(16).unwrap_or(0));
                            // A surrogate pair's halves decode to nothing alone; keep the
                            // text.
                            seg.push(char::from_u32(unit).unwrap_or('\u{fffd}'));
                            i += 6;
                        }
                        // Not an escape: what follows is read as text.
                        None => {
                            seg.push('\u{fffd}');
                            i += 2;
                        }
                    }
                }
                Some(b'n' | b'r' | b't' | b'b' | b'f') => i += 2,
                Some(&c) if c.is_ascii() => {
                    seg.push(c as char);
                    i += 2;
                }
                // A byte of a longer character: it is read as text from there.
                Some(_) => i += 1,
                None => {
                    i = b.len();
                    break;
                }
            }
        }
        if !flush(seg, each) {
            return;
        }
        if i >= b.len() {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(rel: &str, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        texts(rel, text.as_bytes(), &mut |s| {
            out.push(s.chars.iter().collect());
            true
        });
        out
    }

    #[test]
    fn html_texts_run_through_inline_tags_and_stop_at_others() {
        let t = all(
            "a.html",
            "<p>关于 <strong>加强</strong>&amp;管理</p><p>第二段</p><meta name=\"Description\" content=\"描述&quot;文字\"><!-- 注释 --><script>var s=\"脚本\";</script>尾",
        );
        assert_eq!(
            t,
            [
                "关于加强&管理",
                "第二段",
                "Description",
                "描述\"文字",
                "注释",
                "vars=\"脚本\";",
                "尾"
            ]
        );
    }

    #[test]
    fn a_link_target_is_also_read_as_a_browser_shows_it() {
        let t = all(
            "a.html",
            "<a href=\"https://example.com/?q=%E5%8E%BF%E9%A2%86%E5%AF%BC%e6%89%b9%G0&amp;%\">x</a>",
        );
        assert_eq!(
            t,
            [
                "https://example.com/?q=%E5%8E%BF%E9%A2%86%E5%AF%BC%e6%89%b9%G0&%",
                "https://example.com/?q=县领导批%G0&%",
                "x"
            ]
        );
    }

    #[test]
    fn whole_blocks_are_told_from_inline_fragments() {
        assert!(whole_blocks(
            "<p>一</p>\n<table><tr><td>二</td></tr></table>\n"
        ));
        assert!(whole_blocks("<h2 id=\"x\">标题</h2>"));
        assert!(!whole_blocks("<span>一</span><p>二</p>"));
        assert!(!whole_blocks("<p>一</p>尾"));
        assert!(!whole_blocks("文字"));
        assert!(!whole_blocks(""));
    }

    #[test]
    fn json_strings_are_decoded_one_by_one() {
        let t = all("d/0.json", r#"[{"t":"标题\"引号\u4e2d","s":"片段 文字"}]"#);
        assert_eq!(t, ["t", "标题\"引号中", "s", "片段文字"]);
        // Escapes of every kind; a `\u` that is no escape and an escaped non-ASCII
        // character are read as text; an unclosed string ends the file.
        let t = all(
            "d/0.json",
            "[\"一\\n二\\\\三\\/四\", \"\\uZZ五\\u4e2d\\六\", \"七\\u00",
        );
        assert_eq!(t, ["一二\\三/四", "\u{fffd}ZZ五中六", "七\u{fffd}00"]);
    }

    #[test]
    fn inline_tags_are_known_in_any_case() {
        let t = all(
            "a.html",
            "<P>关于<STRONG>加强</Strong><SPAN>管理</span><Div>下</DIV>",
        );
        assert_eq!(t, ["关于加强管理", "下"]);
    }

    #[test]
    fn other_files_are_read_by_line() {
        assert_eq!(
            all("catalogue.csv", "a,b\n标题 一,c\n"),
            ["a,b", "标题一,c"]
        );
    }
}
