//! An XML part read completely: its text nodes joined into one text (a line Word split over
//! runs is whole again), and beside it every attribute value, comment, processing instruction
//! and the document type, with character and predefined references resolved (a DTD's own
//! entities are never expanded).

use super::{Reader, Unchecked};

/// Read the XML `data` (the part `name`) into the reader's sink.
pub(super) fn read(r: &mut Reader, name: &str, data: &[u8]) -> Result<(), Unchecked> {
    use quick_xml::events::Event;
    let utf8;
    let data = match data {
        [0xff, 0xfe, ..] | [0xfe, 0xff, ..] => {
            utf8 = utf16_to_utf8(data);
            utf8.as_bytes()
        }
        _ => data,
    };
    let bad = || Unchecked::Corrupt(format!("部件 {name} 不是有效的 XML"));
    let mut reader = quick_xml::Reader::from_reader(data);
    reader.config_mut().check_end_names = false;
    let mut text = String::new();
    let mut others: Vec<String> = Vec::new();
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).map_err(|_| bad())? {
            Event::Start(e) | Event::Empty(e) => {
                for a in e.attributes().with_checks(false) {
                    let a = a.map_err(|_| bad())?;
                    others.push(resolved(a.value.as_bytes()));
                }
            }
            Event::Text(t) => text.push_str(&resolved(t.as_bytes())),
            Event::CData(t) => text.push_str(&String::from_utf8_lossy(t.as_bytes())),
            Event::GeneralRef(g) => crate::source::extract::push_reference(&mut text, &g),
            Event::Comment(t) => others.push(resolved(t.as_bytes())),
            Event::PI(t) => others.push(String::from_utf8_lossy(t.as_bytes()).into_owned()),
            Event::DocType(t) => others.push(resolved(t.as_bytes())),
            Event::Decl(_) | Event::End(_) => {}
            Event::Eof => break,
        }
        buf.clear();
    }
    r.sink.push_str(&text);
    r.sink.end();
    for other in &others {
        r.sink.push_str(other);
        r.sink.end();
    }
    Ok(())
}

/// Raw XML text with its character references and the five predefined entities resolved;
/// any other reference is kept as written.
pub(super) fn resolved(raw: &[u8]) -> String {
    let raw = String::from_utf8_lossy(raw);
    if !raw.contains('&') {
        return raw.into_owned();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw.as_ref();
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest[..rest.len().min(16)].find(';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let c = match name {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn utf16_to_utf8(data: &[u8]) -> String {
    let (text, _, _) = encoding_rs::UTF_16LE.decode(data);
    text.into_owned()
}

/// Why an SVG is not a picture only: a script, an event handler, an embedded foreign object,
/// or a reference to another host or file (a tracking pixel, a stylesheet).
pub(super) fn active(data: &[u8]) -> Option<String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_reader(data);
    reader.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => {
                let tag = String::from_utf8_lossy(AsRef::<str>::as_ref(&e.local_name()).as_bytes())
                    .to_ascii_lowercase();
                if matches!(
                    tag.as_str(),
                    "script" | "foreignobject" | "iframe" | "object"
                ) {
                    return Some(format!("含有 <{tag}> 元素"));
                }
                for a in e.attributes().with_checks(false).flatten() {
                    let key = String::from_utf8_lossy(
                        AsRef::<str>::as_ref(&a.key.local_name()).as_bytes(),
                    )
                    .to_ascii_lowercase();
                    let value = resolved(a.value.as_bytes());
                    let value = value.trim().to_ascii_lowercase();
                    if key.starts_with("on") {
                        return Some(format!("含有事件属性 {key}"));
                    }
                    if key == "href" && !value.starts_with('#') && !value.starts_with("data:image/")
                    {
                        return Some("引用了外部文件或网址".into());
                    }
                    if value.contains("url(") && !value.contains("url(#") {
                        return Some("样式引用了外部文件或网址".into());
                    }
                }
            }
            Ok(Event::Text(t))
                if t.as_bytes()
                    .windows(7)
                    .any(|w| w.eq_ignore_ascii_case(b"@import")) =>
            {
                return Some("样式引用了外部文件或网址".into());
            }
            Ok(Event::Eof) => return None,
            Err(_) => return Some("不是有效的 XML".into()),
            _ => {}
        }
        buf.clear();
    }
}
