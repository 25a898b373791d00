//! Files that attacks on the complete reading made (SPEC §15), each read now; legitimate
//! files that must not be refused; and what a complete reading costs.

use super::tests::*;
use super::*;
use std::io::Write;

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
