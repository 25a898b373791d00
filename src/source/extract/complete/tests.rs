//! Each hiding place, planted with a secret, is found; each unreadable file is unchecked.

use super::*;
use std::io::Write;

pub(super) const SECRET: &str = "县委关于内部人事调整的绝密安排意见";

/// Everything the complete reading hands over, joined with a separator.
pub(super) fn read_all(name: &str, bytes: &[u8]) -> (String, Result<Facts, Unchecked>) {
    let mut all = String::new();
    let r = read(name, bytes, None, &mut |f| {
        all.extend(f.chars.iter());
        all.push('\u{1}');
    });
    (all, r)
}

pub(super) fn finds(name: &str, bytes: &[u8]) -> bool {
    let (all, r) = read_all(name, bytes);
    assert!(r.is_ok(), "{name}: {r:?}");
    all.contains(&crate::matching::fold::folded(SECRET))
}

pub(super) fn zip(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in parts {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

pub(super) fn zlib(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

pub(super) fn docx_with(part: &str, xml: &str) -> Vec<u8> {
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
pub(super) fn pdf(objects: &[Vec<u8>]) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    for (i, o) in objects.iter().enumerate() {
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(o);
        out.extend_from_slice(b"\nendobj\n");
    }
    out.extend_from_slice(b"trailer\n<< /Size 1 >>\n%%EOF\n");
    out
}

pub(super) fn stream(dict: &str, data: &[u8]) -> Vec<u8> {
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

pub(super) fn png(chunks: &[(&[u8; 4], Vec<u8>)]) -> Vec<u8> {
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
