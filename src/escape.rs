//! Text escaped for XML and HTML: the functions the feeds, the sitemap, the pages' own
//! markup, the templates' values and import's tables write text with.

/// Escape text for HTML content and attributes, handed to `write` in pieces: runs without
/// `& < > " '` as they are, and each of those as its entity (`'` as `&#39;`). The five are
/// ASCII, so a cut at one is always a character boundary.
pub fn html_escape_with<E>(
    text: &str,
    mut write: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    let mut rest = text;
    while let Some(i) = rest
        .bytes()
        .position(|b| matches!(b, b'&' | b'<' | b'>' | b'"' | b'\''))
    {
        write(&rest[..i])?;
        write(match rest.as_bytes()[i] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            _ => "&#39;",
        })?;
        rest = &rest[i + 1..];
    }
    write(rest)
}

/// Escape text for XML content and attributes.
pub fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Not allowed in XML 1.0 at all: dropped, whatever let them through.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t' | '\r') => {}
            '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_the_five_and_keeps_the_rest() {
        let mut out = String::new();
        html_escape_with::<()>("公开 <b>&\"'</b> 目录", |s| {
            out.push_str(s);
            Ok(())
        })
        .unwrap();
        assert_eq!(out, "公开 &lt;b&gt;&amp;&quot;&#39;&lt;/b&gt; 目录");
    }

    #[test]
    fn xml_escapes_markup() {
        assert_eq!(
            xml_escape("<a href='x'>&</a>"),
            "&lt;a href=&apos;x&apos;&gt;&amp;&lt;/a&gt;"
        );
    }
}
