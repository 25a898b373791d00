//! The parsers of word-processing, spreadsheet and OFD files: our own code over zip and
//! quick-xml, run in the build's own process. Each part is inflated under a byte budget and
//! read as events borrowed from its bytes, in time linear in them; nothing here can hang.
//! (A PDF's text layer is read by lopdf, in a child process: `pdf.rs`, `child.rs`.)

use super::package::{Package, push_reference};
use super::{Place, Text, sheet};
use std::path::Path;

/// Read an Office, OpenDocument or OFD file (`ext`: its extension, lower case).
pub(super) fn read_office(path: &Path, ext: &str) -> Result<Text, String> {
    let mut package = Package::open(path)?;
    match ext {
        "docx" => {
            let main = package.main_document("word/document.xml")?;
            paragraphs(&package.main(&main)?, "p", "t")
        }
        "odt" => paragraphs(&package.main("content.xml")?, "p", ""),
        "ofd" => ofd_pages(&mut package),
        "ods" => sheet::ods(&package.main("content.xml")?),
        _ => sheet::xlsx(&mut package),
    }
}

/// The paragraphs of a word-processing file's main part: the text of each `<…:p>` element
/// (`text_tag`: only the text inside such elements counts; empty: all text), numbered.
fn paragraphs(xml: &[u8], para: &str, text_tag: &str) -> Result<Text, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = Text::default();
    let (mut text, mut n, mut inside) = (String::new(), 0, text_tag.is_empty());
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == text_tag => inside = true,
            Ok(Event::End(e)) if e.local_name().as_ref() == text_tag => inside = false,
            Ok(Event::Text(t)) if inside => text.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) if inside => push_reference(&mut text, &r),
            Ok(Event::End(e)) if e.local_name().as_ref() == para => {
                n += 1;
                if !text.trim().is_empty() {
                    out.push(Place::Para(n), &text);
                }
                text.clear();
            }
            Ok(Event::Eof) => break,
            Err(_) => return Err("正文部分不是有效的 XML".into()),
            _ => {}
        }
    }
    Ok(out)
}

/// Append a line of a page to its text: lines of Chinese join directly, Latin words and
/// numbers with a space (a word wrapped onto the next line is still whole).
pub(super) fn join_line(page: &mut String, line: &str) {
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if latin(page.chars().last()) && latin(line.chars().next()) {
        page.push(' ');
    }
    page.push_str(line);
}

/// The text of each page of an OFD (GB/T 33190, the national fixed-layout format: a zip of
/// XML), as `第3页`: the `TextCode` elements of `Doc_N/Pages/Page_M/Content.xml`, pages in
/// the order of their numbers. A page whose text is only glyphs reads as nothing (a scan).
fn ofd_pages(package: &mut Package) -> Result<Text, String> {
    use quick_xml::events::Event;
    // (document, page, part name) of every page's content.
    let number = |s: &str, prefix: &str| s.strip_prefix(prefix)?.parse::<u32>().ok();
    let mut pages: Vec<(u32, u32, String)> = (package.names().into_iter())
        .filter_map(|name| {
            let parts: Vec<&str> = name.split('/').collect();
            match parts.as_slice() {
                [doc, "Pages", page, "Content.xml"] => Some((
                    number(doc, "Doc_")?,
                    number(page, "Page_")?,
                    name.to_string(),
                )),
                _ => None,
            }
        })
        .collect();
    if pages.is_empty() {
        return Err("不是有效的 OFD 文件（没有页面）".into());
    }
    pages.sort();
    let mut out = Text::default();
    for (n, (_, _, part)) in pages.iter().enumerate() {
        let xml = package.main(part)?;
        let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
        let (mut page, mut line, mut inside) = (String::new(), String::new(), false);
        loop {
            match reader.read_event() {
                Ok(Event::Start(e)) if e.local_name().as_ref() == "TextCode" => inside = true,
                Ok(Event::End(e)) if e.local_name().as_ref() == "TextCode" => {
                    inside = false;
                    join_line(&mut page, line.trim());
                    line.clear();
                }
                Ok(Event::Text(t)) if inside => line.push_str(&t.xml10_content()),
                Ok(Event::GeneralRef(r)) if inside => push_reference(&mut line, &r),
                Ok(Event::Eof) => break,
                Err(_) => return Err("页面部分不是有效的 XML".into()),
                _ => {}
            }
        }
        if !page.is_empty() {
            out.push(Place::Page(n as u32 + 1), &page);
        }
    }
    Ok(out)
}
