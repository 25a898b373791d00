//! The published text of a body (SPEC §9): what a reader sees on the page, taken from the
//! sanitized HTML itself, one line per block. Search terms and snippets, the page's
//! Description, duplicate sketches and the secret runs of withheld bodies are all made from
//! it, so nothing that is not on the page (a comment, a script, an attribute, a link target)
//! can reach them.
//!
//! The input is HTML this crate wrote (pulldown-cmark, or ammonia's serializer): tags are
//! well-formed and attribute values quoted. The reading is defensive anyway: comments,
//! `<script>`/`<style>` contents and everything inside a tag are skipped whatever they hold.

/// Elements whose start or end begins a new line of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "table",
    "thead",
    "tbody",
    "tr",
    "td",
    "th",
    "blockquote",
    "pre",
    "hr",
    "dl",
    "dt",
    "dd",
    "section",
    "article",
    "figure",
    "figcaption",
    "caption",
];

/// Elements whose contents are never text.
const HIDDEN: &[&str] = &["script", "style", "template", "noscript", "textarea"];

/// The text of `html`: entities decoded, white space inside a line collapsed to one space,
/// blocks on lines of their own, empty lines dropped.
pub fn text_of(html: &str) -> String {
    let mut out = Text {
        s: String::with_capacity(html.len() / 2),
        space: false,
    };
    let bytes = html.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'<' => i = tag(html, i, &mut out),
            b'&' => {
                let (c, len) = entity(&html[i..]);
                out.push(c);
                i += len;
            }
            _ => {
                let end = memchr::memchr2(b'<', b'&', &bytes[i..]).map_or(bytes.len(), |n| i + n);
                out.push_run(&html[i..end]);
                i = end;
            }
        }
    }
    out.finish()
}

/// The text as it is gathered.
#[derive(Default)]
struct Text {
    s: String,
    /// A space is owed before the next character (white space was met inside a line).
    space: bool,
}

impl Text {
    fn push(&mut self, c: char) {
        if c.is_whitespace() {
            self.space = !self.s.is_empty() && !self.s.ends_with('\n');
            return;
        }
        if self.space {
            self.s.push(' ');
            self.space = false;
        }
        self.s.push(c);
    }

    /// Push a run of text: its white space collapsed, the rest copied a piece at a time.
    fn push_run(&mut self, run: &str) {
        let mut from = 0;
        for (i, c) in run.char_indices() {
            if c.is_whitespace() {
                self.push_piece(&run[from..i]);
                self.push(c);
                from = i + c.len_utf8();
            }
        }
        self.push_piece(&run[from..]);
    }

    /// Push text that holds no white space.
    fn push_piece(&mut self, piece: &str) {
        if piece.is_empty() {
            return;
        }
        if self.space {
            self.s.push(' ');
            self.space = false;
        }
        self.s.push_str(piece);
    }

    fn newline(&mut self) {
        self.space = false;
        if !self.s.is_empty() && !self.s.ends_with('\n') {
            self.s.push('\n');
        }
    }

    fn finish(mut self) -> String {
        let end = self.s.trim_end().len();
        self.s.truncate(end);
        self.s
    }
}

/// Read the markup at `html[at..]` (which starts with `<`); returns where the text resumes.
fn tag(html: &str, at: usize, out: &mut Text) -> usize {
    let rest = &html[at..];
    if let Some(comment) = rest.strip_prefix("<!--") {
        return comment.find("-->").map_or(html.len(), |n| at + 4 + n + 3);
    }
    let bytes = rest.as_bytes();
    let closing = bytes.get(1) == Some(&b'/');
    let name_start = if closing { 2 } else { 1 };
    let name_len = bytes[name_start..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if name_len == 0 {
        // Not a tag (`<` in text is escaped by our writers, but be safe): text.
        if rest.starts_with("<!") || rest.starts_with("<?") || closing {
            return rest.find('>').map_or(html.len(), |n| at + n + 1);
        }
        out.push('<');
        return at + 1;
    }
    let name = &rest.as_bytes()[name_start..name_start + name_len];
    let end = tag_end(rest).map_or(html.len(), |n| at + n + 1);
    let is = |list: &[&str]| list.iter().any(|b| name.eq_ignore_ascii_case(b.as_bytes()));
    if is(BLOCKS) {
        out.newline();
    }
    if !closing && is(HIDDEN) {
        // Skip to the matching end tag, whatever lies between.
        let mut from = end;
        while let Some(n) = html[from..].find("</") {
            let close = from + n;
            let candidate = &html.as_bytes()[close + 2..];
            if candidate.len() >= name.len() && candidate[..name.len()].eq_ignore_ascii_case(name) {
                return tag_end(&html[close..]).map_or(html.len(), |m| close + m + 1);
            }
            from = close + 2;
        }
        return html.len();
    }
    end
}

/// The offset of the `>` that ends the tag at the start of `rest`, outside quoted values.
fn tag_end(rest: &str) -> Option<usize> {
    let bytes = rest.as_bytes();
    let mut i = 1;
    loop {
        i += memchr::memchr3(b'>', b'"', b'\'', bytes.get(i..)?)?;
        match bytes[i] {
            b'>' => return Some(i),
            q => i += 1 + memchr::memchr(q, &bytes[i + 1..])? + 1,
        }
    }
}

/// The character an entity at the start of `s` stands for, and the entity's length. An `&`
/// that starts no entity stands for itself.
pub fn entity(s: &str) -> (char, usize) {
    let Some(semi) = s.as_bytes().iter().take(12).position(|&b| b == b';') else {
        return ('&', 1);
    };
    let name = &s[1..semi];
    let c = match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => name.strip_prefix('#').and_then(|n| {
            let code = match n.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => n.parse().ok(),
            };
            code.and_then(char::from_u32)
        }),
    };
    match c {
        Some(c) => (c, semi + 1),
        None => ('&', 1),
    }
}

/// The first `chars` characters of a published text as one line (its lines joined by a
/// space), for a Description or a search snippet.
pub fn opening(text: &str, chars: usize) -> String {
    let mut out = String::new();
    for (n, c) in text.chars().enumerate() {
        if n >= chars {
            break;
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out.truncate(out.trim_end().len());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_become_lines_and_inline_markup_disappears() {
        let t = text_of(
            "<h2>一、总体要求</h2>\n<p>为进一步<strong>加强</strong>管理，\n制定本办法。</p>\n<ul>\n<li>甲</li>\n<li>乙</li>\n</ul>\n",
        );
        assert_eq!(t, "一、总体要求\n为进一步加强管理， 制定本办法。\n甲\n乙");
    }

    #[test]
    fn comments_scripts_attributes_and_link_targets_are_not_text() {
        let t = text_of(
            "<p>正文<!-- 内部意见：暂缓 --><a href=\"secret-target.html\" title=\"内部\">链接</a></p><script>var s = \"<p>内部脚本</p>\";</script><style>p{}</style><img alt=\"图\" src=\"x.png\"><p>完</p>",
        );
        assert_eq!(t, "正文链接\n完");
    }

    #[test]
    fn entities_are_decoded() {
        assert_eq!(
            text_of("<p>A &amp; B &lt;C&gt; &quot;D&quot; &#39;E&#x27; &copy F&nbsp;G</p>"),
            "A & B <C> \"D\" 'E' &copy F G"
        );
    }

    #[test]
    fn a_quote_inside_an_attribute_does_not_end_the_tag() {
        assert_eq!(text_of("<p title=\"a>b\">文字</p>"), "文字");
        assert_eq!(text_of("<p>未闭合<a href=\"x"), "未闭合");
    }

    #[test]
    fn the_opening_is_one_line() {
        assert_eq!(opening("第一行\n第二行", 5), "第一行 第");
        assert_eq!(opening("短", 10), "短");
    }
}
