//! What the editorial rules need to know about a body's Markdown structure, found in one
//! parse: links, images, tables and raw HTML, each with its byte offset in the body.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use std::ops::Range;

#[derive(Debug, Default)]
pub struct Image {
    pub alt: String,
    pub dest: String,
    pub at: usize,
}

#[derive(Debug, Default)]
pub struct Facts {
    /// `[text](dest)` links, with the offset of the link.
    pub links: Vec<(String, usize)>,
    /// Images: alt text (empty when missing), source and offset.
    pub images: Vec<Image>,
    /// Markdown tables: number of columns and offset.
    pub tables: Vec<(usize, usize)>,
    /// Byte ranges of raw HTML (blocks and inline tags) in the body.
    pub html: Vec<Range<usize>>,
    /// Anchor ids a link can target: heading `{#id}` attributes.
    pub ids: Vec<String>,
    /// Byte ranges of code (fenced, indented and inline), which rules about prose skip.
    pub code: Vec<Range<usize>>,
}

/// Parse `markdown` once and collect its [`Facts`].
pub fn inspect(markdown: &str) -> Facts {
    let mut facts = Facts::default();
    let mut image: Option<Image> = None;
    for (event, range) in Parser::new_ext(markdown, super::OPTIONS).into_offset_iter() {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                facts.links.push((dest_url.into_string(), range.start));
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                image = Some(Image {
                    alt: String::new(),
                    dest: dest_url.into_string(),
                    at: range.start,
                });
            }
            Event::Start(Tag::Heading { id: Some(id), .. }) => facts.ids.push(id.into_string()),
            Event::End(TagEnd::Image) => facts.images.extend(image.take()),
            Event::Text(t) | Event::Code(t) if image.is_some() => {
                if let Some(img) = image.as_mut() {
                    img.alt.push_str(&t);
                }
            }
            Event::Start(Tag::Table(align)) => facts.tables.push((align.len(), range.start)),
            Event::Html(_) | Event::InlineHtml(_) => facts.html.push(range),
            Event::Start(Tag::CodeBlock(_)) | Event::Code(_) => facts.code.push(range),
            _ => {}
        }
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_links_images_tables_and_html_with_offsets() {
        let md = "见[通知](a.html)。\n\n## 二、要求 {#yq}\n\n![](x.png) ![图一](y.png)\n\n| a | b | c |\n|---|---|---|\n| 1 | 2 | 3 |\n\n<p style=\"x\">字</p>\n\n```\n<font>\n```\n";
        let f = inspect(md);
        assert_eq!(f.links, vec![("a.html".to_string(), 3)]);
        assert_eq!(f.images.len(), 2);
        assert_eq!(f.images[0].alt, "");
        assert_eq!(f.images[0].dest, "x.png");
        assert_eq!(f.images[1].alt, "图一");
        assert_eq!(f.ids, ["yq"]);
        assert_eq!(f.tables.len(), 1);
        assert_eq!(f.tables[0].0, 3);
        assert_eq!(f.html.len(), 1);
        assert!(md[f.html[0].clone()].contains("style="));
        assert_eq!(f.code.len(), 1);
        assert!(md[f.code[0].clone()].contains("<font>"));
    }
}
