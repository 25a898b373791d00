//! Markdown to safe HTML, and the published text made from it (`text.rs`). The only module that knows pulldown-cmark.
//!
//! Safety: Markdown text is escaped by the renderer; link and image URLs are limited to safe
//! schemes here; and when a body contains raw HTML, the whole result goes through ammonia,
//! which drops `<script>`, event handlers, `style=` and `javascript:` URLs. Bodies without raw
//! HTML (nearly all) skip that second pass.

pub mod inspect;
pub mod text;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use std::sync::LazyLock;

/// A rendered body: its sanitized HTML, and its published text made from that HTML
/// ([`text::text_of`]), the only text of a body that anything published may use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub html: String,
    pub text: String,
}

/// The Markdown dialect of bodies: CommonMark, tables, strikethrough, footnotes, and `{#id}` on
/// headings so a body can link to its own sections.
const OPTIONS: Options = Options::ENABLE_TABLES
    .union(Options::ENABLE_STRIKETHROUGH)
    .union(Options::ENABLE_HEADING_ATTRIBUTES)
    // `[^1]` and `[^1]: …`, as GitHub reads them: a Word file's footnotes, imported.
    .union(Options::ENABLE_FOOTNOTES);

static SANITIZER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.add_allowed_classes("div", ["table-wrap", "footnote-definition"]);
    b.add_allowed_classes("sup", ["footnote-reference", "footnote-definition-label"]);
    // The annual report's national-format tables (SPEC §11), styled for phones and print.
    b.add_allowed_classes("table", ["ndbg"]);
    b.add_tag_attributes("div", ["tabindex", "role", "aria-label", "id"]);
    // Anchors a body may link to: heading ids and named anchors.
    for tag in ["h2", "h3", "h4", "h5", "h6", "p", "span", "table"] {
        b.add_tag_attributes(tag, ["id"]);
    }
    b.add_tag_attributes("a", ["id", "name"]);
    b.link_rel(None);
    // A title attribute is text a reader does not see on the page (SPEC §9): an internal
    // remark hidden in one would still be published.
    b.rm_generic_attributes(["title"]);
    b
});

/// Deepest nesting of raw HTML elements a body may have (SPEC §15, `nesting-too-deep`).
pub const MAX_HTML_DEPTH: usize = 256;

/// Where the body's raw HTML first nests deeper than [`MAX_HTML_DEPTH`] elements (a byte
/// offset), by one linear scan of its tags: an opening tag of an element that is not void and
/// not self-closed goes one level in, a closing tag one out.
pub fn too_deep(body: &str) -> Option<usize> {
    const VOID: &[&str] = &[
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr",
    ];
    let b = body.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(lt) = memchr::memchr(b'<', &b[i..]) {
        let at = i + lt;
        i = at + 1;
        let closing = b.get(i) == Some(&b'/');
        let start = if closing { i + 1 } else { i };
        let name_len = b[start.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric())
            .count();
        if name_len == 0 || !b[start].is_ascii_alphabetic() {
            continue;
        }
        let name = body[start..start + name_len].to_ascii_lowercase();
        if closing {
            depth = depth.saturating_sub(1);
            continue;
        }
        // The tag's end, to see a self-closing `/>`; a `<` first means no end here.
        let rest = &b[start + name_len..];
        let end = rest.iter().position(|c| *c == b'>' || *c == b'<');
        let self_closed = end.is_some_and(|e| rest[e] == b'>' && e > 0 && rest[e - 1] == b'/');
        if VOID.contains(&name.as_str()) || self_closed {
            continue;
        }
        depth += 1;
        if depth > MAX_HTML_DEPTH {
            return Some(at);
        }
    }
    None
}

/// Render a document body.
pub fn render(markdown: &str) -> Rendered {
    // The body's own top heading level goes straight under the page's title. It is guessed
    // from the lines, and the body rendered again in the rare case the parser saw another
    // (a `#` line in a code block, a setext or a list item's heading): one pass, no list of
    // events held.
    let guess = top_heading_guess(markdown);
    let (mut out, mut raw_html, seen) = render_under(markdown, guess);
    if let Some(top) = seen.filter(|top| *top != guess) {
        (out, raw_html, _) = render_under(markdown, top);
    }
    if raw_html {
        out = SANITIZER.clean(&out).to_string();
    }
    let text = text::text_of(&out);
    Rendered { html: out, text }
}

/// The least level of the lines that open with `#`s (after spaces and quote markers), or
/// `<h1>` when none does: what the parser will most likely find the top heading to be. Only
/// the `#`s are visited, not every line.
fn top_heading_guess(markdown: &str) -> HeadingLevel {
    let b = markdown.as_bytes();
    let mut least = 7;
    let mut i = 0;
    while let Some(at) = memchr::memchr(b'#', &b[i..]).map(|p| i + p) {
        let n = b[at..].iter().take_while(|c| **c == b'#').count();
        i = at + n;
        // Only spaces and quote markers between the line's start and the `#`s (read back no
        // further than they go: linear however many `#`s a line holds).
        let before = b[..at].iter().rev().find(|c| !matches!(c, b' ' | b'>'));
        let opens = before.is_none_or(|c| *c == b'\n');
        let ends = b
            .get(i)
            .is_none_or(|c| matches!(c, b' ' | b'\t' | b'\r' | b'\n'));
        if opens && ends && n <= 6 {
            least = least.min(n);
        }
    }
    HeadingLevel::try_from(if least == 7 { 1 } else { least }).unwrap_or(HeadingLevel::H1)
}

/// The body's HTML with its headings placed under a title as if `top` were its top level;
/// whether it held raw HTML; and the top heading level the parser saw, if any.
fn render_under(markdown: &str, top: HeadingLevel) -> (String, bool, Option<HeadingLevel>) {
    let mut raw_html = false;
    let mut seen: Option<HeadingLevel> = None;
    let demote = |level| under_title(level, top);
    // Each event becomes itself, changed, or wrapped: (before, event, after).
    let events = Parser::new_ext(markdown, OPTIONS).flat_map(|event| {
        let (mut before, mut after) = (None, None);
        let event = match event {
            Event::Html(_) | Event::InlineHtml(_) => {
                raw_html = true;
                event
            }
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => {
                seen = Some(seen.map_or(level, |s| s.min(level)));
                Event::Start(Tag::Heading {
                    level: demote(level),
                    id,
                    classes,
                    attrs,
                })
            }
            Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(demote(level))),
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: safe_url(dest_url),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                dest_url,
                title,
                id,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: safe_url(dest_url),
                title,
                id,
            }),
            Event::Start(Tag::Table(_)) => {
                before = Some(Event::Html(CowStr::Borrowed(
                    "<div class=\"table-wrap\" tabindex=\"0\" role=\"region\" aria-label=\"表格\">",
                )));
                event
            }
            Event::End(TagEnd::Table) => {
                after = Some(Event::Html(CowStr::Borrowed("</div>\n")));
                event
            }
            other => other,
        };
        before.into_iter().chain(Some(event)).chain(after)
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    (out, raw_html, seen)
}

/// Body headings sit under the page's own `<h1>` title, levels following it: the body's
/// top level (`#` or, as most bodies write, `##`) becomes `<h2>`, the next `<h3>` … (WCAG's
/// and Lighthouse's heading order).
fn under_title(level: HeadingLevel, top: HeadingLevel) -> HeadingLevel {
    let n = (level as usize).saturating_sub(top as usize) + 2;
    HeadingLevel::try_from(n.min(6)).unwrap_or(HeadingLevel::H6)
}

/// Relative URLs, fragments and http(s)/mailto/tel pass; any other scheme becomes `#`.
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    let lower: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(16)
        .collect::<String>()
        .to_lowercase();
    let scheme = lower
        .split_once(':')
        .map(|(s, _)| s)
        .filter(|s| !s.contains(['/', '?', '#']));
    match scheme {
        None | Some("http" | "https" | "mailto" | "tel") => url,
        Some(_) => CowStr::Borrowed("#"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_wrapped_for_scrolling() {
        let r = render("| a | b |\n|---|---|\n| 1 | 2 |\n");
        assert!(
            r.html.starts_with("<div class=\"table-wrap\""),
            "{}",
            r.html
        );
        assert!(r.html.contains("<th>a</th>"));
    }

    #[test]
    fn footnotes_are_linked_whether_or_not_the_body_holds_html() {
        let md = "正文[^1]。\n\n[^1]: 第一注。\n";
        for body in [md.to_string(), format!("{md}\n<span>另</span>\n")] {
            let r = render(&body);
            assert!(
                r.html
                    .contains("<sup class=\"footnote-reference\"><a href=\"#1\">1</a></sup>"),
                "{}",
                r.html
            );
            assert!(
                r.html
                    .contains("<div class=\"footnote-definition\" id=\"1\">"),
                "{}",
                r.html
            );
            assert!(r.text.contains("第一注。"), "{}", r.text);
        }
    }

    #[test]
    fn scripts_and_handlers_are_removed() {
        let r = render(
            "正文<script>alert(1)</script>\n\n<div onclick=\"x()\" style=\"font-size:30px\">字</div>\n\n<a href=\"javascript:alert(1)\">链接</a>\n",
        );
        assert!(!r.html.contains("<script"), "{}", r.html);
        assert!(!r.html.contains("onclick"));
        assert!(!r.html.contains("javascript:"));
        assert!(!r.html.contains("style="));
        assert!(r.html.contains("字"));
    }

    #[test]
    fn markdown_links_with_bad_schemes_are_neutralised() {
        let r = render(
            "[点我](javascript:alert(1)) [图](JaVaScRiPt:x) ![x](data:text/html,1) [好](../a.html) [外](https://a.cn)",
        );
        assert!(!r.html.to_lowercase().contains("javascript"), "{}", r.html);
        assert!(!r.html.contains("data:"));
        assert!(r.html.contains("href=\"../a.html\""));
        assert!(r.html.contains("href=\"https://a.cn\""));
    }

    #[test]
    fn headings_are_demoted_and_the_text_is_plain() {
        let r = render("# 一、总体要求\n\n为进一步**加强**管理，制定本办法。\n");
        assert!(r.html.contains("<h2>一、总体要求</h2>"));
        assert_eq!(r.text, "一、总体要求\n为进一步加强管理，制定本办法。");
    }

    /// Heading levels follow the page's `<h1>`: a body written with `##` starts at `<h2>`,
    /// and one written with `#` too; a deeper level stays one deeper.
    #[test]
    fn the_body_top_heading_goes_straight_under_the_title() {
        let r = render("## 一、总体要求\n\n正文。\n\n### （一）目标\n\n正文。\n");
        assert!(r.html.contains("<h2>一、总体要求</h2>"), "{}", r.html);
        assert!(r.html.contains("<h3>（一）目标</h3>"), "{}", r.html);
        let r = render("# 一\n\n## 二\n\n###### 六\n");
        assert!(r.html.contains("<h2>一</h2>") && r.html.contains("<h3>二</h3>"));
        assert!(r.html.contains("<h6>六</h6>"), "{}", r.html);
        let r = render("### 三\n\n#### 四\n");
        assert!(r.html.contains("<h2>三</h2>") && r.html.contains("<h3>四</h3>"));
    }

    /// The top level guessed from the lines yields to what the parser saw: a `#` line in a
    /// code block, or a setext heading, does not move the body's headings.
    #[test]
    fn the_top_heading_is_the_parsers_not_the_lines() {
        let r = render("```\n# 注释\n```\n\n## 一、总体\n\n### （一）目标\n");
        assert!(r.html.contains("<h2>一、总体</h2>"), "{}", r.html);
        assert!(r.html.contains("<h3>（一）目标</h3>"), "{}", r.html);
        let r = render("总体要求\n====\n\n## 目标\n");
        assert!(r.html.contains("<h2>总体要求</h2>") && r.html.contains("<h3>目标</h3>"));
        let r = render("- ## 列表中的标题\n\n### 三\n");
        assert!(r.html.contains("<h2>列表中的标题</h2>") && r.html.contains("<h3>三</h3>"));
    }

    /// SPEC §9: what is not on the page is not in the text.
    #[test]
    fn the_text_holds_only_what_the_page_shows() {
        let r = render(
            "正文开始<!-- 内部意见：领导批示暂缓 -->继续。\n\n<script>alert('脚本文字')</script>\n\n行内<script>x('行内脚本')</script>文字 [链接文字](secret-target.html) <span title=\"属性文字\">可见</span>\n\n<style>.a{}</style>\n",
        );
        for hidden in [
            "内部意见",
            "脚本文字",
            "行内脚本",
            "secret-target",
            "属性文字",
            ".a{}",
        ] {
            assert!(!r.text.contains(hidden), "{hidden} in {:?}", r.text);
            assert!(
                !r.html.contains(hidden) || hidden == "secret-target",
                "{hidden} in page"
            );
        }
        assert!(r.text.contains("正文开始继续。"));
        assert!(r.text.contains("链接文字"));
        assert!(r.text.contains("可见"));
    }
}
