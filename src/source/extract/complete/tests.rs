//! Each hiding place, planted with a secret, is found; each unreadable file is unchecked.

use super::*;
use std::io::Write;

const SECRET: &str = "县委关于内部人事调整的绝密安排意见";

/// Everything the complete reading hands over, joined with a separator.
fn read_all(name: &str, bytes: &[u8]) -> (String, Result<Facts, Unchecked>) {
    let mut all = String::new();
    let r = read(name, bytes, None, &mut |f| {
        all.extend(f.chars.iter());
        all.push('\u{1}');
    });
    (all, r)
}

fn finds(name: &str, bytes: &[u8]) -> bool {
    let (all, r) = read_all(name, bytes);
    assert!(r.is_ok(), "{name}: {r:?}");
    all.contains(&crate::matching::fold::folded(SECRET))
}

fn zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

fn zlib(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn docx_with(part: &str, xml: &str) -> Vec<u8> {
    if part == "word/document.xml" {
        return zip(&[(part, xml.as_bytes())]);
    }
    zip(&[
        (
            "word/document.xml",
            "<w:document><w:body><w:p><w:r><w:t>正文</w:t></w:r></w:p></w:body></w:document>"
                .as_bytes(),
        ),
        (part, xml.as_bytes()),
    ])
}

#[test]
fn every_part_of_an_office_package_is_read() {
    let (a, b) = SECRET.split_at(12);
    let cases = [
        (
            "word/header1.xml",
            format!("<w:hdr><w:p><w:r><w:t>{a}</w:t></w:r><w:r><w:t>{b}</w:t></w:r></w:p></w:hdr>"),
        ),
        (
            "word/comments.xml",
            format!(
                "<w:comments><w:comment><w:p><w:r><w:t>{SECRET}</w:t></w:r></w:p></w:comment></w:comments>"
            ),
        ),
        (
            "word/document.xml",
            format!(
                "<w:document><w:del><w:r><w:delText>{SECRET}</w:delText></w:r></w:del></w:document>"
            ),
        ),
        (
            "word/document.xml",
            format!(
                "<w:document><w:r><w:instrText> HYPERLINK \"{SECRET}\" </w:instrText></w:r></w:document>"
            ),
        ),
        (
            "word/document.xml",
            format!("<w:document><wp:docPr descr=\"{SECRET}\"/></w:document>"),
        ),
        (
            "docProps/core.xml",
            format!("<cp:coreProperties><dc:title>{SECRET}</dc:title></cp:coreProperties>"),
        ),
        (
            "customXml/item1.xml",
            format!(
                "<root><v>{}</v></root>",
                SECRET
                    .chars()
                    .map(|c| format!("&#x{:x};", c as u32))
                    .collect::<String>()
            ),
        ),
        (
            "xl/comments1.xml",
            format!("<comments><comment><text><t>{SECRET}</t></text></comment></comments>"),
        ),
        (
            "xl/workbook.xml",
            format!(
                "<workbook><definedNames><definedName name=\"x\">\"{SECRET}\"</definedName></definedNames></workbook>"
            ),
        ),
        (
            "xl/worksheets/sheet1.xml",
            format!(
                "<worksheet><dataValidations><dataValidation><formula1>\"{SECRET},甲\"</formula1></dataValidation></dataValidations><c><f>\"{SECRET}\"&amp;A1</f></c><headerFooter><oddHeader>&amp;C{SECRET}</oddHeader></headerFooter></worksheet>"
            ),
        ),
        (
            "meta.xml",
            format!("<office:meta><dc:title>{SECRET}</dc:title></office:meta>"),
        ),
        (
            "word/charts/chart1.xml",
            format!("<c:chart><c:v>{SECRET}</c:v></c:chart>"),
        ),
    ];
    for (part, xml) in &cases {
        assert!(finds("a.docx", &docx_with(part, xml)), "{part}: {xml}");
    }
    // A package inside a package (an embedded workbook), and a part that is no XML.
    let inner = docx_with(
        "docProps/app.xml",
        &format!("<Properties><Company>{SECRET}</Company></Properties>"),
    );
    let outer = zip(&[
        ("word/document.xml", b"<w:document/>"),
        ("word/embeddings/x.docx", &inner),
    ]);
    assert!(finds("a.docx", &outer));
    let utf16: Vec<u8> = SECRET.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let bin = zip(&[
        ("word/document.xml", b"<w:document/>"),
        ("word/embeddings/oleObject1.bin", &utf16),
    ]);
    assert!(finds("a.docx", &bin));
    // The names of parts.
    let named = zip(&[
        ("word/document.xml", b"<w:document/>"),
        (&format!("word/{SECRET}.xml"), b"<a/>"),
    ]);
    assert!(finds("a.docx", &named));
}

#[test]
fn bytes_outside_parts_are_read_in_every_encoding() {
    let base = docx_with("docProps/core.xml", "<cp:coreProperties/>");
    let encodings: Vec<Vec<u8>> = vec![
        SECRET.as_bytes().to_vec(),
        SECRET.encode_utf16().flat_map(u16::to_le_bytes).collect(),
        SECRET.encode_utf16().flat_map(u16::to_be_bytes).collect(),
        encoding_rs::GB18030.encode(SECRET).0.into_owned(),
    ];
    for (i, secret) in encodings.iter().enumerate() {
        // Trailing data after the zip, and (odd offset) one byte in.
        for pad in [0usize, 1] {
            let mut bytes = base.clone();
            bytes.extend(std::iter::repeat_n(0x20u8, pad));
            bytes.extend_from_slice(secret);
            assert!(finds("a.docx", &bytes), "encoding {i}, offset {pad}");
        }
        // Plain text, and a format nobody parses.
        assert!(finds("a.txt", secret), "txt {i}");
        let mut doc = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".to_vec();
        doc.extend_from_slice(&[0; 100]);
        doc.extend_from_slice(secret);
        assert!(finds("a.doc", &doc), "doc {i}");
    }
}

/// A PDF of the given objects, with an xref that names none of them (unreachable).
fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    for (i, o) in objects.iter().enumerate() {
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    out.extend_from_slice(b"trailer\n<< /Size 1 >>\n%%EOF\n");
    out
}

fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
    let mut o = format!("<< {dict} /Length {} >>\nstream\n", data.len()).into_bytes();
    o.extend_from_slice(data);
    o.extend_from_slice(b"\nendstream");
    o
}

#[test]
fn every_object_of_a_pdf_is_read() {
    let utf16be: Vec<u8> = [0xfe, 0xff]
        .into_iter()
        .chain(SECRET.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    let octal: String = utf16be.iter().map(|b| format!("\\{b:03o}")).collect();
    let hex: String = utf16be.iter().map(|b| format!("{b:02X}")).collect();
    let (a, b) = SECRET.split_at(12);
    let content = format!("BT ({a}) Tj ({b}) Tj ET");
    let cases: Vec<Vec<u8>> = vec![
        format!("<< /Title ({octal}) >>").into_bytes(),
        format!("<< /Type /Annot /Contents <{hex}> >>").into_bytes(),
        stream("/Filter /FlateDecode", &zlib(content.as_bytes())),
        stream(
            "/Filter [/ASCIIHexDecode /FlateDecode]",
            format!(
                "{}>",
                zlib(format!("({octal})").as_bytes())
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>()
            )
            .as_bytes(),
        ),
        stream(
            "/Type /Metadata /Subtype /XML",
            format!(
                "<x:xmpmeta><dc:title>{}</dc:title></x:xmpmeta>",
                SECRET
                    .chars()
                    .map(|c| format!("&#{};", c as u32))
                    .collect::<String>()
            )
            .as_bytes(),
        ),
        stream(
            "/Type /EmbeddedFile /Filter /FlateDecode",
            &zlib(&docx_with("docProps/core.xml", &format!("<t>{SECRET}</t>"))),
        ),
        stream(
            "/Type /ObjStm /Filter /FlateDecode",
            &zlib(format!("<< /T ({octal}) >>").as_bytes()),
        ),
    ];
    for (i, object) in cases.iter().enumerate() {
        assert!(
            finds(
                "a.pdf",
                &pdf(&[b"<< /Type /Catalog >>".to_vec(), object.clone()])
            ),
            "case {i}"
        );
    }
    // After the last %%EOF.
    let mut after = pdf(&[b"<< >>".to_vec()]);
    after.extend_from_slice(&encoding_rs::GB18030.encode(SECRET).0);
    assert!(finds("a.pdf", &after));
}

#[test]
fn unreadable_is_unchecked_never_skipped() {
    let encrypted = pdf(&[b"<< /Filter /Standard /V 2 >>".to_vec()])
        .into_iter()
        .chain(b"trailer << /Encrypt 1 0 R >>".iter().copied())
        .collect::<Vec<_>>();
    assert!(matches!(
        read_all("a.pdf", &encrypted).1,
        Err(Unchecked::Encrypted(_))
    ));
    let unknown = pdf(&[stream("/Filter /Weird9Decode", b"xx")]);
    assert!(matches!(
        read_all("a.pdf", &unknown).1,
        Err(Unchecked::Filter(_))
    ));
    let corrupt = pdf(&[stream("/Filter /FlateDecode", b"not zlib at all")]);
    assert!(matches!(
        read_all("a.pdf", &corrupt).1,
        Err(Unchecked::Corrupt(_))
    ));
    let mut truncated = docx_with("word/x.xml", "<a/>");
    truncated.truncate(truncated.len() - 30);
    assert!(read_all("a.docx", &truncated).1.is_err());
    let bad_xml = docx_with("docProps/core.xml", "<a><b></a");
    let _ = read_all("a.docx", &bad_xml);
    let mut cfb = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1".to_vec();
    cfb.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    assert!(matches!(
        read_all("a.docx", &cfb).1,
        Err(Unchecked::Encrypted(_))
    ));
    assert!(matches!(
        read_all("a.rar", b"Rar!\x1a\x07\x01\x00rest").1,
        Err(Unchecked::Filter(_))
    ));
    // A zip part that claims to need a password (general purpose flag bit 0).
    let mut locked = zip(&[("a.txt", SECRET.as_bytes())]);
    for sig in [&b"PK\x03\x04"[..], &b"PK\x01\x02"[..]] {
        for at in memchr::memmem::find_iter(&locked.clone(), sig).collect::<Vec<_>>() {
            let flag = if sig == b"PK\x03\x04" { at + 6 } else { at + 8 };
            locked[flag] |= 1;
        }
    }
    assert!(
        matches!(read_all("a.zip", &locked).1, Err(Unchecked::Encrypted(_))),
        "{:?}",
        read_all("a.zip", &locked).1
    );
    // Past the part limit: a zip bomb of many parts is refused, not read for ever.
    let big = vec![0u8; (MAX_FILE_BYTES + 1) as usize];
    assert!(read_all("a.bin", &big).1.unwrap_err().is_limit());
}

fn png(chunks: &[(&[u8; 4], Vec<u8>)]) -> Vec<u8> {
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    for (kind, data) in chunks {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend_from_slice(*kind);
        out.extend_from_slice(data);
        out.extend_from_slice(&[0; 4]);
    }
    out
}

#[test]
fn image_metadata_is_read() {
    let ztxt = [b"Comment\0\0".as_slice(), &zlib(SECRET.as_bytes())].concat();
    let itxt = [
        b"Description\0\x01\0zh\0\0".as_slice(),
        &zlib(SECRET.as_bytes()),
    ]
    .concat();
    assert!(finds(
        "a.png",
        &png(&[(b"IHDR", vec![0; 13]), (b"zTXt", ztxt), (b"IEND", vec![])])
    ));
    assert!(finds("a.png", &png(&[(b"iTXt", itxt), (b"IEND", vec![])])));
    // XMP in a JPEG, written with character references.
    let xmp = format!(
        "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta><dc:title>{}</dc:title></x:xmpmeta>",
        SECRET
            .chars()
            .map(|c| format!("&#x{:x};", c as u32))
            .collect::<String>()
    );
    let mut jpeg = b"\xff\xd8".to_vec();
    jpeg.extend_from_slice(&[0xff, 0xe1]);
    jpeg.extend_from_slice(&((xmp.len() + 2) as u16).to_be_bytes());
    jpeg.extend_from_slice(xmp.as_bytes());
    jpeg.extend_from_slice(b"\xff\xda\x00\x02pixels\xff\xd9");
    assert!(finds("a.jpg", &jpeg));
    // A GIF comment cut into sub-blocks of 7 bytes.
    let mut gif = b"GIF89a\x01\x00\x01\x00\x00\x00\x00".to_vec();
    gif.extend_from_slice(&[0x21, 0xfe]);
    for piece in SECRET.as_bytes().chunks(7) {
        gif.push(piece.len() as u8);
        gif.extend_from_slice(piece);
    }
    gif.extend_from_slice(&[0, 0x3b]);
    assert!(finds("a.gif", &gif));
    // An SVG's text, and what makes it more than a picture.
    let svg = format!("<svg><text>{SECRET}</text></svg>");
    assert!(finds("a.svg", svg.as_bytes()));
    assert_eq!(read_all("a.svg", svg.as_bytes()).1.unwrap().active, None);
    for active in [
        "<svg><script>x()</script></svg>",
        "<svg onload=\"x()\"/>",
        "<svg><image href=\"https://t.example/p.gif\"/></svg>",
    ] {
        assert!(
            read_all("a.svg", active.as_bytes())
                .1
                .unwrap()
                .active
                .is_some(),
            "{active}"
        );
    }
}

#[test]
fn gps_in_a_photo_is_noticed() {
    // EXIF: little-endian TIFF, IFD0 with one entry (GPS IFD at 26), the GPS IFD with a
    // latitude.
    let mut tiff = b"II\x2a\x00\x08\x00\x00\x00".to_vec();
    tiff.extend_from_slice(&1u16.to_le_bytes());
    tiff.extend_from_slice(&[0x25, 0x88, 4, 0, 1, 0, 0, 0, 26, 0, 0, 0]);
    tiff.extend_from_slice(&[0, 0, 0, 0]);
    tiff.extend_from_slice(&1u16.to_le_bytes());
    tiff.extend_from_slice(&[2, 0, 5, 0, 3, 0, 0, 0, 0, 0, 0, 0]);
    let body = [b"Exif\0\0".as_slice(), &tiff].concat();
    let mut jpeg = b"\xff\xd8\xff\xe1".to_vec();
    jpeg.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
    jpeg.extend_from_slice(&body);
    jpeg.extend_from_slice(b"\xff\xd9");
    assert!(read_all("a.jpg", &jpeg).1.unwrap().gps);
    tiff[10] = 0x26; // another tag
    let body = [b"Exif\0\0".as_slice(), &tiff].concat();
    let mut plain = b"\xff\xd8\xff\xe1".to_vec();
    plain.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
    plain.extend_from_slice(&body);
    assert!(!read_all("a.jpg", &plain).1.unwrap().gps);
}

#[test]
fn reading_time_grows_linearly() {
    // The worst inputs we know for each reader: nested brackets in a PDF, open tags in XML.
    fn cost(n: usize) -> std::time::Duration {
        let pdf = [
            b"%PDF-1.4\n".as_slice(),
            &b"(".repeat(n / 2),
            &b"<".repeat(n / 2),
        ]
        .concat();
        let xml = docx_with("word/document.xml", &"<a x=\"&#x4e00;\">".repeat(n / 16));
        let t = std::time::Instant::now();
        let _ = read_all("a.pdf", &pdf);
        let _ = read_all("a.docx", &xml);
        t.elapsed()
    }
    let small = (0..3).map(|_| cost(256 << 10)).min().unwrap();
    let large = (0..3).map(|_| cost(1 << 20)).min().unwrap();
    assert!(
        large.as_secs_f64() <= 6.0 * small.as_secs_f64().max(1e-3),
        "{small:?} → {large:?}"
    );
}

#[test]
fn a_real_png_reads() {
    let png = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/sites/links/static/logo.png"
    ))
    .unwrap();
    assert_eq!(read_all("logo.png", &png).1, Ok(Facts::default()));
}

/// The cases a stranger's attack found open (session 13), each now read or refused.
#[test]
fn what_an_attack_found_is_read_now() {
    let sec = format!("{SECRET}\n").repeat(3);
    let zipped = zip(&[("s.txt", sec.as_bytes())]);
    let gz = {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(sec.as_bytes()).unwrap();
        e.finish().unwrap()
    };
    assert!(finds("a.txt.gz", &gz), "gzip");
    assert!(matches!(
        read_all("a.xz", b"\xfd7zXZ\x00rest").1,
        Err(Unchecked::Filter(_))
    ));
    // A zip behind a stub, and one appended to an image.
    assert!(
        finds("a.zip", &[b"MZ".as_slice(), &[0; 200], &zipped].concat()),
        "stub"
    );
    let png_then_zip = [png(&[(b"IEND", vec![])]).as_slice(), &zipped].concat();
    assert!(finds("a.png", &png_then_zip), "appended");
    // An orphan local entry before a zip whose directory does not list it, and the first of
    // two entries with one name.
    let orphan = [
        zipped.split(|_| false).next().unwrap(),
        &zip(&[("t.txt", b"public")]),
    ]
    .concat();
    assert!(finds("a.zip", &orphan), "orphan");
    let dup = {
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let o = zip::write::SimpleFileOptions::default();
        z.start_file("s1.txt", o).unwrap();
        z.write_all(sec.as_bytes()).unwrap();
        z.start_file("s2.txt", o).unwrap();
        z.write_all("公开内容".repeat(20).as_bytes()).unwrap();
        let mut bytes = z.finish().unwrap().into_inner();
        // Rename the second to the first's name, in its local header and the directory.
        for at in memchr::memmem::find_iter(&bytes.clone(), b"s2.txt").collect::<Vec<_>>() {
            bytes[at + 1] = b'1';
        }
        bytes
    };
    let (all, read) = read_all("a.zip", &dup);
    assert!(
        read.is_err() || all.contains(&crate::matching::fold::folded(SECRET)),
        "duplicate names"
    );
    // A PNG colour profile, and a JPEG profile cut over segments of 20 bytes.
    let iccp = [b"icc\0\0".as_slice(), &zlib(sec.as_bytes())].concat();
    assert!(
        finds("a.png", &png(&[(b"iCCP", iccp), (b"IEND", vec![])])),
        "iCCP"
    );
    let mut jpeg = b"\xff\xd8".to_vec();
    for (n, piece) in sec.as_bytes().chunks(20).enumerate() {
        let body = [b"ICC_PROFILE\0".as_slice(), &[n as u8 + 1, 99], piece].concat();
        jpeg.extend_from_slice(&[0xff, 0xe2]);
        jpeg.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
        jpeg.extend_from_slice(&body);
    }
    jpeg.extend_from_slice(b"\xff\xd9");
    assert!(finds("a.jpg", &jpeg), "ICC in APP2 pieces");
    // `/Encrypt` written with a name escape.
    let escaped = pdf(&[b"<< >>".to_vec()])
        .into_iter()
        .chain(b"trailer << /Encr#79pt 1 0 R >>".iter().copied())
        .collect::<Vec<_>>();
    assert!(matches!(
        read_all("a.pdf", &escaped).1,
        Err(Unchecked::Encrypted(_))
    ));
    // Text drawn piece by piece from five streams.
    let pieces: Vec<Vec<u8>> = SECRET
        .chars()
        .collect::<Vec<_>>()
        .chunks(4)
        .map(|c| {
            stream(
                "/Filter /FlateDecode",
                &zlib(format!("BT ({}) Tj ET", c.iter().collect::<String>()).as_bytes()),
            )
        })
        .collect();
    assert!(finds("a.pdf", &pdf(&pieces)), "XObjects");
    // Hidden runs between every few visible characters.
    let runs: String = SECRET
        .chars()
        .collect::<Vec<_>>()
        .chunks(5)
        .map(|c| {
            format!(
                "<w:r><w:t>{}</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>X</w:t></w:r>",
                c.iter().collect::<String>()
            )
        })
        .collect();
    let doc = format!("<w:document><w:body><w:p>{runs}</w:p></w:body></w:document>");
    assert!(
        finds("a.docx", &zip(&[("word/document.xml", doc.as_bytes())])),
        "hidden runs"
    );
    // A main part not named .xml, and an altChunk, in character references.
    let refs: String = SECRET.chars().map(|c| format!("&#{};", c as u32)).collect();
    let body = format!("<w:document><w:t>{refs}</w:t></w:document>");
    assert!(
        finds("a.docx", &zip(&[("word/body", body.as_bytes())])),
        "unnamed part"
    );
    let html = format!("<html><body><p>{refs}</p></body></html>");
    assert!(
        finds("a.docx", &zip(&[("word/afchunk.htm", html.as_bytes())])),
        "altChunk"
    );
    // RTF as Word saves Chinese: GBK bytes as \'hh, or \uN.
    let gbk: String = encoding_rs::GB18030
        .encode(SECRET)
        .0
        .iter()
        .map(|b| format!("\\'{b:02x}"))
        .collect();
    assert!(
        finds(
            "a.rtf",
            format!("{{\\rtf1\\ansi\\ansicpg936 {gbk}\\par}}").as_bytes()
        ),
        "rtf gbk"
    );
    let u: String = SECRET
        .chars()
        .map(|c| format!("\\u{}?", c as u32 as i16))
        .collect();
    assert!(
        finds("a.rtf", format!("{{\\rtf1 {u}}}").as_bytes()),
        "rtf unicode"
    );
    // An HTML page joined by CSS, and CSS escapes.
    let split: String = SECRET
        .chars()
        .collect::<Vec<_>>()
        .chunks(3)
        .map(|c| format!("<p>{}</p>", c.iter().collect::<String>()))
        .collect();
    assert!(
        finds(
            "a.html",
            format!("<style>p{{display:inline}}</style>{split}").as_bytes()
        ),
        "css join"
    );
    let css: String = SECRET
        .chars()
        .map(|c| format!("\\{:X} ", c as u32))
        .collect();
    assert!(
        finds(
            "a.html",
            format!("<style>#a::before{{content:\"{css}\"}}</style>").as_bytes()
        ),
        "css escapes"
    );
    // SVG: entities are refused; an SVG inside an SVG is read and refused.
    let dtd = "<!DOCTYPE svg [<!ENTITY a \"x\">]><svg><text>&a;</text></svg>";
    assert!(
        read_all("a.svg", dtd.as_bytes())
            .1
            .unwrap()
            .active
            .is_some()
    );
    let inner = format!("<svg><text>{SECRET}</text></svg>");
    let b64 = {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        inner
            .as_bytes()
            .chunks(3)
            .map(|c| {
                let n = (u32::from(c[0]) << 16)
                    | (u32::from(*c.get(1).unwrap_or(&0)) << 8)
                    | u32::from(*c.get(2).unwrap_or(&0));
                (0..4)
                    .map(|i| {
                        if i <= c.len() {
                            A[(n >> (18 - 6 * i) & 63) as usize] as char
                        } else {
                            '='
                        }
                    })
                    .collect::<String>()
            })
            .collect::<String>()
    };
    let outer = format!("<svg><image href=\"data:image/svg+xml;base64,{b64}\"/></svg>");
    let (all, facts) = read_all("a.svg", outer.as_bytes());
    assert!(
        all.contains(&crate::matching::fold::folded(SECRET)),
        "svg in svg"
    );
    assert!(facts.unwrap().active.is_some());
    for style in [
        "<svg><style><![CDATA[@import url(https://t.example/a.css);]]></style></svg>",
        "<svg><style>rect{fill:url(https://t.example/p.svg#g)}</style></svg>",
    ] {
        assert!(
            read_all("a.svg", style.as_bytes())
                .1
                .unwrap()
                .active
                .is_some(),
            "{style}"
        );
    }
}

/// Files the attack showed refused for no reason, read now.
#[test]
fn legitimate_files_are_not_refused() {
    let gb = encoding_rs::GB18030
        .encode("<?xml version=\"1.0\" encoding=\"GB18030\"?><svg><text>中文说明</text></svg>")
        .0
        .into_owned();
    assert_eq!(
        read_all("a.svg", &gb).1,
        Ok(Facts::default()),
        "GB18030 SVG"
    );
    let svgz = {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(b"<svg><text>x</text></svg>").unwrap();
        e.finish().unwrap()
    };
    assert_eq!(read_all("a.svgz", &svgz).1, Ok(Facts::default()), "svgz");
    let mut no_adler = zlib(b"BT (text) Tj ET");
    no_adler.truncate(no_adler.len() - 4);
    assert!(
        read_all("a.pdf", &pdf(&[stream("/Filter /FlateDecode", &no_adler)]))
            .1
            .is_ok(),
        "no Adler-32"
    );
    let raw = {
        let mut e = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(b"BT (text) Tj ET").unwrap();
        e.finish().unwrap()
    };
    assert!(
        read_all("a.pdf", &pdf(&[stream("/Filter /FlateDecode", &raw)]))
            .1
            .is_ok(),
        "raw deflate"
    );
}

/// A .doc whose text runs across sectors stored out of order: the stream is put back
/// together before it is read.
#[test]
fn a_compound_files_streams_are_read_whole() {
    use std::io::{Seek, SeekFrom};
    let secret: Vec<u8> = SECRET.encode_utf16().flat_map(u16::to_le_bytes).collect();
    // Past the mini stream's 4,096 bytes, across a sector boundary (5,120).
    let mut text = vec![b'a'; 5100];
    text.extend_from_slice(&secret);
    text.resize(8192, b'a');
    let mut comp =
        cfb::CompoundFile::create_with_version(cfb::Version::V3, std::io::Cursor::new(Vec::new()))
            .unwrap();
    comp.create_stream("/WordDocument").unwrap();
    comp.create_stream("/Data").unwrap();
    // Grown 512 bytes at a time, in turn: their sectors interleave.
    for piece in text.chunks(512) {
        for (name, bytes) in [("/WordDocument", piece), ("/Data", &[b'b'; 512][..])] {
            let mut s = comp.open_stream(name).unwrap();
            s.seek(SeekFrom::End(0)).unwrap();
            s.write_all(bytes).unwrap();
        }
    }
    comp.flush().unwrap();
    let file = comp.into_inner().into_inner();
    assert!(
        memchr::memmem::find(&file, &secret).is_none(),
        "the text is cut in the file"
    );
    assert!(finds("a.doc", &file));
}

/// Found by the attachment fuzzer: a broken chunk just before the text `zTXt` sent the PNG
/// reader back where it was, for ever.
#[test]
fn a_broken_png_chunk_never_loops() {
    let _ = read_all("a.png", b"\x89PNG\r\n\x1a\n\x00zTXtzzzz\x00\x00\x00");
    let _ = read_all("a.png", b"\x89PNG\r\n\x1a\nzTXt\xff\xff\xff\xffzTXt");
}

/// Not a test: what each reading costs, on real files (`GK_BENCH_FILES`, paths separated by
/// newlines) against the characters of a text (`GK_BENCH_SECRETS`, a file). Run with
/// `cargo test --release -- --ignored --nocapture complete_reading_costs`.
#[test]
#[ignore]
fn complete_reading_costs() {
    use std::time::Instant;
    let files = std::env::var("GK_BENCH_FILES").unwrap_or_default();
    let secrets = std::fs::read_to_string(std::env::var("GK_BENCH_SECRETS").unwrap()).unwrap();
    let keep = crate::matching::matcher::CharSet::of_text(&secrets);
    let all: Vec<(String, Vec<u8>)> = files
        .lines()
        .map(|p| (p.to_string(), std::fs::read(p).unwrap()))
        .collect();
    let total: usize = all.iter().map(|(_, b)| b.len()).sum();
    let mut handed = 0usize;
    let t = Instant::now();
    for (name, bytes) in &all {
        let _ = read(name, bytes, Some(&keep), &mut |f| handed += f.chars.len());
    }
    eprintln!(
        "read: {:?} for {} files, {} MB; {handed} chars handed over",
        t.elapsed(),
        all.len(),
        total >> 20
    );
    let mut count = 0usize;
    let mut each = |f: &Folded| count += f.chars.len();
    let mut sink = Sink::new(&keep, &mut each);
    let t = Instant::now();
    for (_, bytes) in &all {
        bytes::scan(bytes, &mut sink);
    }
    eprintln!("scan of the files' own bytes: {:?}", t.elapsed());
    let t = Instant::now();
    for (_, bytes) in &all {
        bytes::markup(bytes, &mut sink);
    }
    eprintln!("markup of the files' own bytes: {:?}", t.elapsed());
}
