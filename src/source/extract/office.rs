//! The parsers of Office, OpenDocument, PDF and OFD files; run only in the child process.

use super::child::MAX_XML_BYTES;
use super::{Place, Text, extension};
use std::path::Path;

/// Parse an Office file (in the child).
pub(super) fn read_office(path: &Path, file_name: &str) -> Result<Text, String> {
    match extension(file_name).as_str() {
        "docx" => paragraphs(path, "word/document.xml", "p", "t"),
        "odt" => paragraphs(path, "content.xml", "p", ""),
        "pdf" => pdf_pages(path),
        "ofd" => ofd_pages(path),
        _ => cells(path),
    }
}

/// The paragraphs of a word-processing file: the text of each `<…:p>` element of `part`
/// (`text_tag`: only the text inside such elements counts; empty: all text), numbered.
fn paragraphs(path: &Path, part: &str, para: &str, text_tag: &str) -> Result<Text, String> {
    use quick_xml::events::Event;
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("读取失败：{e}"))?;
    let mut zip =
        zip::ZipArchive::new(file).map_err(|_| "不是有效的文件（压缩结构损坏）".to_string())?;
    let mut xml = Vec::new();
    zip.by_name(part)
        .map_err(|_| "文件中没有正文部分".to_string())?
        .take(MAX_XML_BYTES)
        .read_to_end(&mut xml)
        .map_err(|_| "正文部分损坏或加密".to_string())?;
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let mut out = Text::default();
    let (mut text, mut n, mut inside) = (String::new(), 0, text_tag.is_empty());
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
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
        buf.clear();
    }
    Ok(out)
}

/// Append what an XML reference stands for: a character, or one of the five predefined
/// entities. A DTD's own entities are never expanded (no "billion laughs").
pub(crate) fn push_reference(text: &mut String, r: &quick_xml::events::BytesRef) {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        text.push(c);
    } else {
        text.push_str(match &**r {
            "lt" => "<",
            "gt" => ">",
            "amp" => "&",
            "quot" => "\"",
            "apos" => "'",
            _ => "",
        });
    }
}

/// Append a line of a page to its text: lines of Chinese join directly, Latin words and
/// numbers with a space (a word wrapped onto the next line is still whole).
fn join_line(page: &mut String, line: &str) {
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if latin(page.chars().last()) && latin(line.chars().next()) {
        page.push(' ');
    }
    page.push_str(line);
}

/// The text of each page of an OFD (GB/T 33190, the national fixed-layout format: a zip of
/// XML), as `第3页`: the `TextCode` elements of `Doc_N/Pages/Page_M/Content.xml`, pages in
/// the order of their numbers. A page whose text is only glyphs reads as nothing (a scan).
fn ofd_pages(path: &Path) -> Result<Text, String> {
    use quick_xml::events::Event;
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| format!("读取失败：{e}"))?;
    let mut zip =
        zip::ZipArchive::new(file).map_err(|_| "不是有效的文件（压缩结构损坏）".to_string())?;
    // (document, page, part name) of every page's content.
    let number = |s: &str, prefix: &str| s.strip_prefix(prefix)?.parse::<u32>().ok();
    let mut pages: Vec<(u32, u32, String)> = zip
        .file_names()
        .filter_map(|name| {
            let name = name.ok()?;
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
        let mut xml = Vec::new();
        zip.by_name(part)
            .map_err(|_| "页面部分损坏".to_string())?
            .take(MAX_XML_BYTES)
            .read_to_end(&mut xml)
            .map_err(|_| "页面部分损坏或加密".to_string())?;
        let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
        let (mut page, mut line, mut inside) = (String::new(), String::new(), false);
        let mut buf = Vec::new();
        loop {
            match reader.read_event_into(&mut buf) {
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
            buf.clear();
        }
        if !page.is_empty() {
            out.push(Place::Page(n as u32 + 1), &page);
        }
    }
    Ok(out)
}

/// The text layer of each page of a PDF, as `第3页`. A PDF with pages and no
/// text at all is a scan (image only): it reads as no pieces.
fn pdf_pages(path: &Path) -> Result<Text, String> {
    let doc = lopdf::Document::load(path).map_err(|_| "不是有效的 PDF，或已损坏".to_string())?;
    if doc.is_encrypted() {
        return Err("PDF 已加密".into());
    }
    let mut out = Text::default();
    for n in doc.get_pages().into_keys() {
        let text = doc
            .extract_text_with_limit(&[n], MAX_XML_BYTES as usize)
            .unwrap_or_default();
        // One piece a page: a word or a number wrapped onto the next line is still whole
        // (lines of Chinese join directly, Latin words with a space).
        let mut page = String::new();
        for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
            join_line(&mut page, line);
        }
        if !page.is_empty() {
            out.push(Place::Page(n), &page);
        }
    }
    Ok(out)
}

/// Every non-empty cell of every sheet of a spreadsheet, as `工作表「名」C3`.
fn cells(path: &Path) -> Result<Text, String> {
    use calamine::{Data, Reader, open_workbook_auto};
    let mut book =
        open_workbook_auto(path).map_err(|_| "不是有效的表格文件，或已加密".to_string())?;
    let mut out = Text::default();
    for name in book.sheet_names() {
        let sheet = out.sheets.len() as u16;
        let range = book
            .worksheet_range(&name)
            .map_err(|_| format!("工作表「{name}」无法读取"))?;
        out.sheets.push(name.clone());
        let (top, left) = range.start().unwrap_or((0, 0));
        for (r, row) in range.rows().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let text = match cell {
                    Data::Empty => continue,
                    Data::String(s) => s.clone(),
                    Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e17 => {
                        format!("{}", *f as i64)
                    }
                    other => other.to_string(),
                };
                if text.trim().is_empty() {
                    continue;
                }
                out.push(Place::Cell(sheet, top + r as u32, left + c as u32), &text);
            }
        }
    }
    Ok(out)
}
