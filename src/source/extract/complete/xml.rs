//! An XML part read completely: its text nodes joined into one text (a line Word split over
//! runs is whole again), and beside it every attribute value, comment, processing instruction
//! and the document type, with character and predefined references resolved (a DTD's own
//! entities are never expanded).

use super::{Reader, SHORTEST, Unchecked};

/// Read the XML `data` (the part `name`) into the reader's sink: every text node joined;
/// beside it, when the part hides some of its text (Word's deletions, moved-away text, field
/// codes, hidden runs), the text a reader sees joined without it, so that hidden characters
/// put between visible ones cut nothing; every attribute value (a `data:` URI's content read
/// as a file), comment, processing instruction and the document type.
pub(super) fn read(r: &mut Reader, name: &str, data: &[u8]) -> Result<(), Unchecked> {
    use quick_xml::events::Event;
    let decoded = decode(data);
    let data = decoded.as_ref().map_or(data, |s| s.as_bytes());
    let bad = || Unchecked::Corrupt(format!("部件 {name} 不是有效的 XML"));
    let mut reader = quick_xml::Reader::from_reader(data);
    reader.config_mut().check_end_names = false;
    let mut text = String::new();
    let mut visible = String::new();
    let (mut hidden_depth, mut in_run, mut run_hidden, mut saw_hidden) =
        (0usize, false, false, false);
    let mut embedded: Vec<(String, Vec<u8>)> = Vec::new();
    let hides = |local: &str| matches!(local, "del" | "moveFrom" | "instrText" | "delText");
    // Attribute values, comments and the like: each a text of its own, handed over at once.
    // One shorter than the shortest secret holds none, and is not read.
    let other = |r: &mut Reader, raw: &[u8]| {
        if raw.len() < SHORTEST {
            return;
        }
        if memchr::memchr(b'&', raw).is_some() {
            r.sink.push_str(&resolved(raw));
        } else {
            r.sink.push_str(&String::from_utf8_lossy(raw));
        }
        r.sink.end();
    };
    loop {
        // Borrowed from `data`: nothing is copied.
        let event = reader.read_event().map_err(|_| bad())?;
        let shown = |hidden_depth: usize, run_hidden: bool| hidden_depth == 0 && !run_hidden;
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name();
                let local: &str = name.as_ref();
                if hides(local) {
                    saw_hidden = true;
                    hidden_depth += 1;
                }
                if local == "r" {
                    in_run = true;
                    run_hidden = false;
                }
                for a in e.attributes().with_checks(false) {
                    let a = a.map_err(|_| bad())?;
                    other(r, a.value.as_bytes());
                    if let Some(file) = data_uri(&a.value) {
                        embedded.push(file);
                    }
                }
                if local == "vanish" && in_run {
                    let off = e.attributes().with_checks(false).flatten().any(|a| {
                        AsRef::<str>::as_ref(&a.key.local_name()) == "val"
                            && matches!(&*a.value, "0" | "false" | "off")
                    });
                    if !off {
                        run_hidden = true;
                        saw_hidden = true;
                    }
                }
            }
            Event::End(e) => {
                let name = e.local_name();
                let local: &str = name.as_ref();
                if hides(local) {
                    hidden_depth = hidden_depth.saturating_sub(1);
                }
                if local == "r" {
                    in_run = false;
                    run_hidden = false;
                }
            }
            Event::Text(t) => {
                // References come as their own events: the text is as it stands.
                let t: &str = &t;
                if shown(hidden_depth, run_hidden) {
                    visible.push_str(t);
                }
                text.push_str(t);
            }
            Event::CData(t) => {
                let t = String::from_utf8_lossy(t.as_bytes());
                if shown(hidden_depth, run_hidden) {
                    visible.push_str(&t);
                }
                text.push_str(&t);
            }
            Event::GeneralRef(g) => {
                let mut c = String::new();
                crate::source::extract::push_reference(&mut c, &g);
                if shown(hidden_depth, run_hidden) {
                    visible.push_str(&c);
                }
                text.push_str(&c);
            }
            Event::Comment(t) | Event::DocType(t) => other(r, t.as_bytes()),
            Event::PI(t) => {
                r.sink.push_str(&String::from_utf8_lossy(t.as_bytes()));
                r.sink.end();
            }
            Event::Decl(_) => {}
            Event::Eof => break,
        }
    }
    r.sink.push_str(&text);
    r.sink.end();
    if saw_hidden {
        r.sink.push_str(&visible);
        r.sink.end();
    }
    for (name, bytes) in embedded {
        r.spend(bytes.len() as u64)?;
        r.any(&name, &bytes, r.depth + 1)?;
    }
    Ok(())
}

/// The part as UTF-8 when it is in another encoding: a UTF-16 byte-order mark, UTF-16 text
/// without one, or an XML declaration naming another encoding (GB18030, GBK …).
fn decode(data: &[u8]) -> Option<String> {
    let encoding = match data {
        [0xff, 0xfe, ..] | [b'<', 0, b'?', 0, ..] => Some(encoding_rs::UTF_16LE),
        [0xfe, 0xff, ..] | [0, b'<', 0, b'?', ..] => Some(encoding_rs::UTF_16BE),
        _ => {
            let head = &data[..data.len().min(200)];
            let decl_end = memchr::memmem::find(head, b"?>")?;
            let decl = &head[..decl_end];
            let at = memchr::memmem::find(decl, b"encoding")?;
            let rest = &decl[at + 8..];
            let q = rest.iter().position(|b| *b == b'"' || *b == b'\'')?;
            let label_end = rest[q + 1..].iter().position(|b| *b == rest[q])?;
            let label = &rest[q + 1..q + 1 + label_end];
            encoding_rs::Encoding::for_label(label).filter(|e| *e != encoding_rs::UTF_8)
        }
    }?;
    Some(encoding.decode_without_bom_handling(data).0.into_owned())
}

/// A `data:` URI's content, base64 or percent-encoded, with a name its media type gives.
fn data_uri(value: &str) -> Option<(String, Vec<u8>)> {
    let rest = value.trim().strip_prefix("data:")?;
    let (head, payload) = rest.split_once(',')?;
    let mime = head.split(';').next().unwrap_or("").to_ascii_lowercase();
    let bytes = if head.to_ascii_lowercase().ends_with(";base64") {
        base64(payload)?
    } else {
        percent_decoded(payload)
    };
    let ext = match mime.as_str() {
        "image/svg+xml" => "svg",
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        "text/html" => "html",
        _ => "bin",
    };
    Some((format!("data.{ext}"), bytes))
}

/// Base64 (standard or URL alphabet, white space ignored); `None` when it is not.
fn base64(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let (mut acc, mut bits) = (0u32, 0u32);
    for b in s.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            b if b.is_ascii_whitespace() => continue,
            _ => return None,
        };
        acc = acc << 6 | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}

fn percent_decoded(s: &str) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok());
        match (b[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Raw XML text with its character references and the five predefined entities resolved;
/// any other reference is kept as written.
pub(super) fn resolved(raw: &[u8]) -> String {
    let raw = String::from_utf8_lossy(raw);
    if memchr::memchr(b'&', raw.as_bytes()).is_none() {
        return raw.into_owned();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw.as_ref();
    while let Some(at) = memchr::memchr(b'&', rest.as_bytes()) {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.as_bytes()[..rest.len().min(16)]
            .iter()
            .position(|b| *b == b';')
        else {
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

/// Why an SVG is not a picture only: a script, an event handler, an embedded foreign object,
/// or a reference to another host or file (a tracking pixel, a stylesheet).
pub(super) fn active(data: &[u8]) -> Option<String> {
    use quick_xml::events::Event;
    let decoded = decode(data);
    let data = decoded.as_ref().map_or(data, |s| s.as_bytes());
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
                    let raster = [
                        "data:image/png",
                        "data:image/jpeg",
                        "data:image/gif",
                        "data:image/webp",
                    ]
                    .iter()
                    .any(|p| value.starts_with(p));
                    if key == "href" && !value.starts_with('#') && !raster {
                        return Some("引用了外部文件、网址或另一幅 SVG".into());
                    }
                    if value.contains("url(") && !value.contains("url(#") {
                        return Some("样式引用了外部文件或网址".into());
                    }
                }
            }
            Ok(Event::Text(t)) if loads(t.as_bytes()) => {
                return Some("样式引用了外部文件或网址".into());
            }
            Ok(Event::CData(t)) if loads(t.as_bytes()) => {
                return Some("样式引用了外部文件或网址".into());
            }
            Ok(Event::DocType(t))
                if t.as_bytes()
                    .windows(8)
                    .any(|w| w.eq_ignore_ascii_case(b"<!ENTITY")) =>
            {
                return Some("定义了实体（DTD），浏览器会展开它们".into());
            }
            Ok(Event::Eof) => return None,
            Err(_) => return Some("不是有效的 XML".into()),
            _ => {}
        }
        buf.clear();
    }
}

/// Whether style text loads something: `@import`, or `url(…)` not pointing into the file.
fn loads(text: &[u8]) -> bool {
    let lower = text.to_ascii_lowercase();
    memchr::memmem::find(&lower, b"@import").is_some()
        || memchr::memmem::find_iter(&lower, b"url(").any(|i| {
            let rest = &lower[i + 4..];
            let rest = &rest[rest
                .iter()
                .take_while(|b| b.is_ascii_whitespace() || **b == b'"' || **b == b'\'')
                .count()..];
            !rest.starts_with(b"#")
        })
}
