//! Links as the editor sees them (SPEC §14): a relative link or image in a body resolves
//! against the Markdown file's own folder, as a git forge's preview shows it, and is
//! rewritten on the page to where that file is published. `[附件1](附件1.pdf)` reaches the
//! attachment, `[另一文件](../2025/other.md)` the other document's page,
//! `![图](../../static/logo.png)` the site's asset.
//!
//! This module decides what a link in a body names ([`resolve`]) and where a page's links
//! stand ([`urls`]); `model::published` knows what each source file becomes in the output
//! and turns a body's HTML into the page's.

/// What a link in a body names.
#[derive(Debug, PartialEq, Eq)]
pub enum Link {
    /// A scheme (`https:`, `mailto:`) or `//host`: not followed.
    External,
    /// `#id` on the same page.
    Fragment(String),
    /// `/…`: a path from the domain's root, as a browser reads it.
    Rooted { path: String, fragment: String },
    /// A file of the site's folder, relative to the site root (`content/2025/other.md`).
    Source { path: String, fragment: String },
    /// A relative path that climbs above the site's folder.
    Above,
}

/// What `dest`, written in the body of `file` (relative to the site root), names.
pub fn resolve(file: &str, dest: &str) -> Link {
    let dest = dest.trim();
    let lower = dest.to_ascii_lowercase();
    let scheme = lower.split_once(':').is_some_and(|(s, _)| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
    });
    if scheme || dest.starts_with("//") {
        return Link::External;
    }
    let (path, fragment) = dest.split_once('#').unwrap_or((dest, ""));
    let path = path.split('?').next().unwrap_or_default();
    let fragment = percent_decode(fragment);
    if path.is_empty() {
        return Link::Fragment(fragment);
    }
    let path = percent_decode(path);
    if path.starts_with('/') {
        return Link::Rooted { path, fragment };
    }
    let dir = &file[..file.rfind('/').map_or(0, |i| i + 1)];
    match normalize(&format!("{dir}{path}")) {
        Some(path) => Link::Source { path, fragment },
        None => Link::Above,
    }
}

/// The relative path from the folder of `from` to `to` (both from the site root), as a
/// link in `from` would be written.
pub fn relative(from: &str, to: &str) -> String {
    let from_dir: Vec<&str> = from.split('/').collect();
    let from_dir = &from_dir[..from_dir.len().saturating_sub(1)];
    let to: Vec<&str> = to.split('/').collect();
    let shared = from_dir
        .iter()
        .zip(&to)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to.len().saturating_sub(1));
    let up = "../".repeat(from_dir.len() - shared);
    format!("{up}{}", to[shared..].join("/"))
}

/// `%XX` escapes decoded (invalid UTF-8 replaced).
pub fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = |c: u8| (c as char).to_digit(16);
        if b[i] == b'%'
            && let (Some(h), Some(l)) = (
                b.get(i + 1).and_then(|&c| hex(c)),
                b.get(i + 2).and_then(|&c| hex(c)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What a source file of the site is published as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A listed document's page (`docs/<slug>.html`).
    Page(String),
    /// A published file: an attachment, or an image a 主动公开 body shows.
    File(String),
}

impl Target {
    /// Its path from the site root.
    pub fn path(&self) -> &str {
        match self {
            Target::Page(p) | Target::File(p) => p,
        }
    }
}

/// Each `href` and `src` attribute of sanitized HTML, as (byte range of the value, whether it
/// is a `src` (an embedded image), the value unescaped). Only tags are read: in sanitized
/// HTML (pulldown-cmark's, or ammonia's when a body has raw HTML) every `<` of the text is
/// escaped, so each `<` opens a tag, and attribute values are quoted with no raw quote in
/// them. Text that looks like an attribute (`写 src="x"`) is text, never a link.
pub fn urls(html: &str) -> Vec<(std::ops::Range<usize>, bool, String)> {
    let b = html.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(open) = memchr::memchr(b'<', &b[i..]) {
        let mut k = i + open + 1;
        if matches!(b.get(k), Some(b'/' | b'!' | b'?')) {
            i = k + memchr::memchr(b'>', &b[k..]).unwrap_or(b.len() - k);
            continue;
        }
        while k < b.len() && b[k].is_ascii_alphanumeric() {
            k += 1;
        }
        // Attributes, until the tag ends.
        loop {
            while k < b.len() && (b[k].is_ascii_whitespace() || b[k] == b'/') {
                k += 1;
            }
            if k >= b.len() || b[k] == b'>' {
                break;
            }
            let name_start = k;
            while k < b.len() && !b[k].is_ascii_whitespace() && !b"=>/".contains(&b[k]) {
                k += 1;
            }
            let name = &html[name_start..k];
            if b.get(k) != Some(&b'=') {
                continue;
            }
            k += 1;
            let (start, end) = match b.get(k) {
                Some(&q @ (b'"' | b'\'')) => {
                    let start = k + 1;
                    let end = start + memchr::memchr(q, &b[start..]).unwrap_or(b.len() - start);
                    k = (end + 1).min(b.len());
                    (start, end)
                }
                _ => {
                    let start = k;
                    while k < b.len() && !b[k].is_ascii_whitespace() && b[k] != b'>' {
                        k += 1;
                    }
                    (start, k)
                }
            };
            if name.eq_ignore_ascii_case("href") || name.eq_ignore_ascii_case("src") {
                let value = html[start..end].replace("&amp;", "&");
                out.push((start..end, name.eq_ignore_ascii_case("src"), value));
            }
        }
        i = k.min(b.len());
    }
    out
}

/// A `/`-separated path with `.` and `..` resolved; `None` when it climbs above its root.
pub fn normalize(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_resolve_against_the_markdown_file() {
        let f = "content/jyj/2026/001.md";
        assert_eq!(
            resolve(f, "附件1.pdf"),
            Link::Source {
                path: "content/jyj/2026/附件1.pdf".into(),
                fragment: String::new()
            }
        );
        assert_eq!(
            resolve(f, "../2025/other.md#di-er-tiao"),
            Link::Source {
                path: "content/jyj/2025/other.md".into(),
                fragment: "di-er-tiao".into()
            }
        );
        assert_eq!(
            resolve(f, "%E9%99%84%E4%BB%B6.pdf"),
            Link::Source {
                path: "content/jyj/2026/附件.pdf".into(),
                fragment: String::new()
            }
        );
        assert_eq!(resolve(f, "#x"), Link::Fragment("x".into()));
        assert_eq!(resolve(f, "https://a.cn/x"), Link::External);
        assert_eq!(resolve(f, "//a.cn/x"), Link::External);
        assert_eq!(resolve(f, "mailto:a@b.cn"), Link::External);
        assert_eq!(resolve(f, "../../../../x"), Link::Above);
        assert!(matches!(
            resolve(f, "/xxgk/index.html"),
            Link::Rooted { .. }
        ));
    }

    #[test]
    fn relative_paths_between_files() {
        assert_eq!(relative("content/a/1.md", "content/a/附件.pdf"), "附件.pdf");
        assert_eq!(relative("content/a/1.md", "content/b/2.md"), "../b/2.md");
        assert_eq!(relative("content/1.md", "content/a/b/2.md"), "a/b/2.md");
        assert_eq!(relative("content/a/b/1.md", "content/2.md"), "../../2.md");
    }

    #[test]
    fn urls_are_found_in_attributes_only() {
        let html = "<p>写 href=&quot;x&quot; 不算，正文f=\"x\" src=\"名单.xlsx\" 也不算</p><a href=\"a.md?x=1&amp;y=2\">a</a><img src=\"b.png\" alt=\"图>\"><a name=\"n\" data-href=\"c\">";
        let found: Vec<(bool, String)> =
            urls(html).into_iter().map(|(_, src, v)| (src, v)).collect();
        assert_eq!(
            found,
            [
                (false, "a.md?x=1&y=2".to_string()),
                (true, "b.png".to_string())
            ]
        );
    }
}
