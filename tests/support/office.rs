//! Real Office files written by the tests: the smallest .xlsx and .docx that Excel, Word,
//! WPS and LibreOffice open (the parts OOXML requires), and hostile ones built the same way.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use zip::write::SimpleFileOptions;

pub fn package(path: &Path, parts: &[(&str, &[u8])]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    // A fixed time, so that the same parts make the same bytes (the demo's files are
    // checked against what these helpers write).
    let time = zip::DateTime::from_date_and_time(2026, 1, 1, 0, 0, 0).unwrap();
    let options = SimpleFileOptions::default().last_modified_time(time);
    for (name, bytes) in parts {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A workbook with one sheet named `sheet`; each row's cells as inline strings.
pub fn xlsx(path: &Path, sheet: &str, rows: &[&[&str]]) {
    let mut data = String::new();
    for (r, row) in rows.iter().enumerate() {
        data += &format!("<row r=\"{}\">", r + 1);
        for (c, cell) in row.iter().enumerate() {
            let col = (b'A' + c as u8) as char;
            data += &format!(
                "<c r=\"{col}{}\" t=\"inlineStr\"><is><t>{}</t></is></c>",
                r + 1,
                escape(cell)
            );
        }
        data += "</row>";
    }
    let sheet_xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{data}</sheetData></worksheet>"
    );
    xlsx_parts(path, sheet, sheet_xml.as_bytes());
}

fn xlsx_parts(path: &Path, sheet: &str, sheet_xml: &[u8]) {
    let workbook = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><sheets><sheet name=\"{}\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>",
        escape(sheet)
    );
    package(
        path,
        &[
            ("[Content_Types].xml", b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>"),
            ("_rels/.rels", b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"),
            ("xl/workbook.xml", workbook.as_bytes()),
            ("xl/_rels/workbook.xml.rels", b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"),
            ("xl/worksheets/sheet1.xml", sheet_xml),
        ],
    );
}

/// A small .xlsx whose sheet inflates to `mib` MiB (a cell of that much text).
pub fn xlsx_bomb(path: &Path, mib: usize) {
    let mut sheet = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>".to_vec();
    sheet.resize(sheet.len() + (mib << 20), b'9');
    sheet.extend_from_slice(b"</t></is></c></row></sheetData></worksheet>");
    xlsx_parts(path, "Sheet1", &sheet);
}

/// A document whose paragraphs are `paragraphs`.
pub fn docx(path: &Path, paragraphs: &[&str]) {
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", escape(p)))
        .collect();
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    docx_parts(path, document.as_bytes());
}

fn docx_parts(path: &Path, document: &[u8]) {
    package(
        path,
        &[
            ("[Content_Types].xml", b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"),
            ("_rels/.rels", b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>"),
            ("word/document.xml", document),
        ],
    );
}

/// A .docx whose body declares an entity that expands a billion times (the "billion
/// laughs"), then uses it.
pub fn docx_entities(path: &Path) {
    let mut dtd = String::from("<!DOCTYPE w:document [<!ENTITY l0 \"哈\">");
    for i in 1..10 {
        let prev = format!("&l{};", i - 1).repeat(10);
        dtd += &format!("<!ENTITY l{i} \"{prev}\">");
    }
    dtd += "]>";
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>{dtd}<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p></w:body></w:document>"
    );
    docx_parts(path, document.as_bytes());
}

/// A PDF whose pages show `pages` (lines of Chinese or Latin text, `\n` between them), with a correct
/// cross-reference table. An empty line makes a page with no text layer, as a scan has.
///
/// The text is in the Adobe-GB1 font every PDF reader has (`STSong-Light`, not embedded),
/// coded as UCS-2 (`UniGB-UCS2-H`), with a `ToUnicode` map so that its text can be copied
/// and searched, as a PDF saved from WPS or Word has.
pub fn pdf(path: &Path, pages: &[&str]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, pdf_bytes(pages, Pdf::Plain)).unwrap();
}

/// The same PDF with its cross-reference table pointing nowhere.
pub fn pdf_broken_xref(path: &Path, pages: &[&str]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, pdf_bytes(pages, Pdf::BrokenXref)).unwrap();
}

/// The same PDF marked as encrypted with a password (the standard security handler): its
/// text cannot be read without the password.
pub fn pdf_encrypted(path: &Path, pages: &[&str]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, pdf_bytes(pages, Pdf::Encrypted)).unwrap();
}

#[derive(PartialEq)]
enum Pdf {
    Plain,
    BrokenXref,
    Encrypted,
}

/// A CMap from the UCS-2 codes the pages use to Unicode: the same numbers.
fn to_unicode() -> String {
    let ranges: String = (0..=0xffu32)
        .filter(|hi| !(0xd8..=0xdf).contains(hi))
        .map(|hi| format!("<{hi:02X}00> <{hi:02X}FF> <{hi:02X}00>\n"))
        .collect();
    let count = ranges.lines().count();
    // At most 100 ranges a block, as the CMap format asks.
    let blocks: String = ranges
        .lines()
        .collect::<Vec<_>>()
        .chunks(100)
        .map(|c| format!("{} beginbfrange\n{}\nendbfrange\n", c.len(), c.join("\n")))
        .collect();
    assert!(count > 200);
    format!(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n{blocks}endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    )
}

fn pdf_bytes(pages: &[&str], kind: Pdf) -> Vec<u8> {
    let n = pages.len();
    // Objects: 1 catalog, 2 pages, 3 font, then per page: the page, its content; then the
    // font's CID font, its ToUnicode map and its descriptor.
    let cid_font = 4 + 2 * n;
    let mut objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        format!(
            "<< /Type /Pages /Kids [{}] /Count {n} >>",
            (0..n)
                .map(|i| format!("{} 0 R", 4 + 2 * i))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        format!(
            "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [{cid_font} 0 R] /ToUnicode {} 0 R >>",
            cid_font + 1
        ),
    ];
    for (i, text) in pages.iter().enumerate() {
        let content = if text.is_empty() {
            String::new()
        } else {
            // Each line below the one before (`T*`), as a word processor sets them.
            let lines: Vec<String> = text
                .lines()
                .map(|l| {
                    let hex: String = l.encode_utf16().map(|u| format!("{u:04X}")).collect();
                    format!("<{hex}> Tj")
                })
                .collect();
            format!("BT /F1 11 Tf 18 TL 72 720 Td {} ET", lines.join(" T* "))
        };
        objects.push(format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
            5 + 2 * i
        ));
        objects.push(format!(
            "<< /Length {} >>\nstream\n{content}\nendstream",
            content.len()
        ));
    }
    objects.push(format!(
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor {} 0 R >>",
        cid_font + 2
    ));
    let cmap = to_unicode();
    objects.push(format!(
        "<< /Length {} >>\nstream\n{cmap}\nendstream",
        cmap.len()
    ));
    objects.push("<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>".into());
    if kind == Pdf::Encrypted {
        objects.push("<< /Filter /Standard /V 1 /R 2 /O <8F3B7C2A1D5E6F70819203A4B5C6D7E8F90A1B2C3D4E5F60718293A4B5C6D7E8> /U <1A2B3C4D5E6F708192A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C5D6E7F809> /P -44 >>".into());
    }
    let good_xref = kind != Pdf::BrokenXref;
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes(),
    );
    for off in offsets {
        let off = if good_xref { off } else { off * 7 + 13 };
        out.extend_from_slice(format!("{off:010} 00000 n \n").as_bytes());
    }
    let encrypt = if kind == Pdf::Encrypted {
        format!(
            " /Encrypt {} 0 R /ID [<0123456789ABCDEF0123456789ABCDEF> <0123456789ABCDEF0123456789ABCDEF>]",
            objects.len()
        )
    } else {
        String::new()
    };
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R{encrypt} >>\nstartxref\n{}\n%%EOF\n",
            objects.len() + 1,
            if good_xref { xref } else { xref + 99 }
        )
        .as_bytes(),
    );
    out
}

/// An OFD (GB/T 33190) whose pages show `pages`, each line a `TextCode`, as a 数科 or
/// 福昕 OFD writer lays them out: `OFD.xml`, the document, and one content part per page.
pub fn ofd(path: &Path, pages: &[&str]) {
    const NS: &str = "xmlns:ofd=\"http://www.ofdspec.org/2016\"";
    let page_list: String = (0..pages.len())
        .map(|i| {
            format!(
                "<ofd:Page ID=\"{}\" BaseLoc=\"Pages/Page_{i}/Content.xml\"/>",
                10 + i
            )
        })
        .collect();
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:Document {NS}><ofd:CommonData><ofd:MaxUnitID>999</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>{page_list}</ofd:Pages></ofd:Document>"
    );
    let contents: Vec<(String, String)> = pages
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let codes: String = text
                .lines()
                .enumerate()
                .map(|(n, line)| {
                    format!(
                        "<ofd:TextObject ID=\"{}\" Boundary=\"20 {} 170 6\" Font=\"2\" Size=\"4.2\"><ofd:TextCode X=\"0\" Y=\"4.2\">{}</ofd:TextCode></ofd:TextObject>",
                        100 + n,
                        30 + 8 * n,
                        escape(line)
                    )
                })
                .collect();
            (
                format!("Doc_0/Pages/Page_{i}/Content.xml"),
                format!(
                    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:Page {NS}><ofd:Content><ofd:Layer ID=\"{}\">{codes}</ofd:Layer></ofd:Content></ofd:Page>",
                    50 + i
                ),
            )
        })
        .collect();
    let ofd_xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ofd:OFD {NS} Version=\"1.0\" DocType=\"OFD\"><ofd:DocBody><ofd:DocInfo><ofd:DocID>0123456789abcdef</ofd:DocID></ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
    );
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("OFD.xml", ofd_xml.as_bytes()),
        ("Doc_0/Document.xml", document.as_bytes()),
    ];
    for (name, xml) in &contents {
        parts.push((name, xml.as_bytes()));
    }
    package(path, &parts);
}

/// A 公文 as Word and WPS save one (GB/T 9704): the red 发文机关标志, the 发文字号, the
/// title in large type, the body with full-width indentation and empty paragraphs pasted
/// in, Word's automatic numbering (`@1 ` opens a 一、 paragraph, `@2 ` a （一）), bold runs,
/// a table with a merged cell, an image, the 附件说明, the 落款, the 附注, a page number and
/// the 版记.
pub struct Gongwen<'a> {
    /// Lines above the 发文机关标志: 份号, 密级 (`秘密★1年`), 紧急程度.
    pub top: &'a [&'a str],
    pub header: &'a str,
    pub doc_no: &'a str,
    pub title: &'a [&'a str],
    pub to: &'a str,
    pub body: &'a [&'a str],
    /// A table after this many body paragraphs: rows of cells; a cell `<3` spans three
    /// columns, `^` continues the cell above (a vertical merge), `v` starts one.
    pub table: Option<(usize, &'a [&'a [&'a str]])>,
    /// An image after the body, with this alt text (`""`: none).
    pub image: Option<&'a str>,
    pub attachments: &'a [&'a str],
    pub signer: &'a str,
    pub date: &'a str,
    pub note: &'a str,
    pub cc: &'a str,
    pub printed: &'a str,
}

/// The smallest PNG: one grey pixel.
pub const PNG: &[u8] = &[
    0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3a, 0x7e, 0x9b,
    0x55, 0x00, 0x00, 0x00, 0x0a, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9c, 0x63, 0x68, 0x00, 0x00, 0x00,
    0x82, 0x00, 0x81, 0x77, 0xcd, 0x72, 0xb6, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4e, 0x44, 0xae,
    0x42, 0x60, 0x82,
];

fn run(text: &str, props: &str) -> String {
    format!(
        "<w:r><w:rPr><w:rFonts w:ascii=\"仿宋_GB2312\" w:eastAsia=\"仿宋_GB2312\"/>{props}</w:rPr><w:t xml:space=\"preserve\">{}</w:t></w:r>",
        escape(text)
    )
}

fn para(ppr: &str, runs: &str) -> String {
    format!("<w:p><w:pPr>{ppr}</w:pPr>{runs}</w:p>")
}

pub fn gongwen(path: &Path, g: &Gongwen) {
    gongwen_with(path, g, "", "", &[]);
}

/// A 公文 as [`gongwen`] writes it, with `raw` (WordprocessingML paragraphs) after the body
/// and `styles` (`<w:style>` elements) in its styles part; when `raw` refers to comments, a
/// comments part holds them (`comments`, the `<w:comment>` elements).
pub fn gongwen_with(path: &Path, g: &Gongwen, raw: &str, styles: &str, comments: &[&str]) {
    let red = "<w:color w:val=\"FF0000\"/><w:sz w:val=\"72\"/>";
    let center = "<w:jc w:val=\"center\"/>";
    let right = "<w:jc w:val=\"right\"/>";
    let mut body = String::new();
    for line in g.top {
        body += &para("", &run(line, "<w:b/>"));
    }
    body += &para(center, &run(g.header, red));
    body += &para("", "");
    body += &para(center, &run(g.doc_no, ""));
    // The red line under the 发文字号: a bottom border.
    body += &para(
        "<w:pBdr><w:bottom w:val=\"single\" w:sz=\"12\" w:color=\"FF0000\"/></w:pBdr>",
        "",
    );
    for line in g.title {
        body += &para(
            center,
            &run(line, "<w:b/><w:sz w:val=\"44\"/><w:szCs w:val=\"44\"/>"),
        );
    }
    body += &para("", "");
    body += &para("", &run(g.to, ""));
    for (i, p) in g.body.iter().enumerate() {
        if let Some((after, rows)) = g.table
            && after == i
        {
            body += &table(rows);
        }
        if let Some(text) = p.strip_prefix("@1 ") {
            body += &para(
                "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>",
                &run(text, "<w:rFonts w:eastAsia=\"黑体\"/>"),
            );
        } else if let Some(text) = p.strip_prefix("@2 ") {
            body += &para(
                "<w:numPr><w:ilvl w:val=\"1\"/><w:numId w:val=\"1\"/></w:numPr>",
                &run(text, "<w:b/>"),
            );
        } else if let Some((bold, rest)) = p.split_once('。').filter(|_| p.starts_with('（')) {
            // 「（一）主动公开。」 in bold, the rest plain, indented by full-width spaces.
            body += &para(
                "",
                &(run(&format!("\u{3000}\u{3000}{bold}。"), "<w:b/>") + &run(rest, "")),
            );
        } else {
            body += &para(
                "<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/>",
                &run(&format!("\u{3000}\u{3000}{p}"), ""),
            );
        }
        body += &para("", "");
    }
    body += raw;
    if let Some(alt) = g.image {
        body += &para(
            center,
            &format!(
                "<w:r><w:drawing><wp:inline><wp:extent cx=\"952500\" cy=\"952500\"/><wp:docPr id=\"1\" name=\"图片 1\" descr=\"{}\"/><a:graphic><a:graphicData><pic:pic><pic:blipFill><a:blip r:embed=\"rIdImg1\"/></pic:blipFill></pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>",
                escape(alt)
            ),
        );
    }
    body += &para("", &run("— 1 —", ""));
    if let Some((first, rest)) = g.attachments.split_first() {
        body += &para("", "");
        body += &para("", &run(&format!("\u{3000}\u{3000}附件：1．{first}"), ""));
        for (i, a) in rest.iter().enumerate() {
            body += &para(
                "",
                &run(
                    &format!("\u{3000}\u{3000}\u{3000}\u{3000}\u{3000}{}．{a}", i + 2),
                    "",
                ),
            );
        }
    }
    body += &para("", "");
    body += &para("", "");
    body += &para(right, &run(g.signer, ""));
    body += &para(right, &run(g.date, ""));
    body += &para("", &run(&format!("\u{3000}\u{3000}{}", g.note), ""));
    body += &para("", "");
    body += &para(
        "<w:pBdr><w:top w:val=\"single\" w:sz=\"4\"/></w:pBdr>",
        &run(&format!("抄送：{}", g.cc), ""),
    );
    body += &para("", &run(g.printed, ""));
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><w:body>{body}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr></w:body></w:document>"
    );
    let numbering = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"%1、\"/></w:lvl><w:lvl w:ilvl=\"1\"><w:start w:val=\"1\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"（%2）\"/></w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>";
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Default Extension=\"png\" ContentType=\"image/png\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/numbering.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/></Types>"),
        ("_rels/.rels", b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>"),
        ("word/document.xml", document.as_bytes()),
    ];
    // A styles part and a comments part only when asked for, so that the examples stay as
    // they were.
    let styles_xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">{styles}</w:styles>"
    );
    if !styles.is_empty() {
        parts.push(("word/styles.xml", styles_xml.as_bytes()));
    }
    let (rels, comments_xml);
    if comments.is_empty() {
        parts.push(("word/_rels/document.xml.rels", RELS.as_bytes()));
    } else {
        rels = RELS.replace("</Relationships>", "<Relationship Id=\"rIdCom\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments\" Target=\"comments.xml\"/></Relationships>");
        comments_xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:comments xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">{}</w:comments>",
            comments.concat()
        );
        parts.push(("word/_rels/document.xml.rels", rels.as_bytes()));
        parts.push(("word/comments.xml", comments_xml.as_bytes()));
    }
    parts.push(("word/numbering.xml", numbering.as_bytes()));
    parts.push(("word/media/image1.png", PNG));
    package(path, &parts);
}

const RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rIdNum\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/><Relationship Id=\"rIdImg1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/image1.png\"/></Relationships>";

/// A Word table: `<N` spans N columns, `v` starts a vertical merge (its text follows) and
/// `^` continues one.
fn table(rows: &[&[&str]]) -> String {
    let mut out = String::from(
        "<w:tbl><w:tblPr><w:tblBorders><w:top w:val=\"single\"/></w:tblBorders></w:tblPr>",
    );
    for row in rows {
        out += "<w:tr>";
        for cell in *row {
            let (props, text) = if let Some(rest) = cell.strip_prefix('<') {
                let (n, text) = rest.split_once(' ').unwrap_or((rest, ""));
                (format!("<w:gridSpan w:val=\"{n}\"/>"), text.to_string())
            } else if *cell == "^" {
                ("<w:vMerge/>".to_string(), String::new())
            } else if let Some(text) = cell.strip_prefix("v ") {
                (
                    "<w:vMerge w:val=\"restart\"/>".to_string(),
                    text.to_string(),
                )
            } else {
                (String::new(), cell.to_string())
            };
            out += &format!(
                "<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>{}</w:p></w:tc>",
                run(&text, "<w:sz w:val=\"24\"/>")
            );
        }
        out += "</w:tr>";
    }
    out + "</w:tbl>"
}

/// A long 公文 (about `pages` A4 pages of 三号 text: 28 lines of 22 characters a page), for
/// the import benchmark.
pub fn long_gongwen(path: &Path, pages: usize) {
    let sentence = "各乡镇、各部门要按照县政府统一部署，进一步完善政府信息公开工作机制，严格落实保密审查制度，做到先审查、后公开，确保公开内容准确规范。";
    let paragraphs: Vec<String> = (0..pages * 9)
        .map(|i| {
            if i % 12 == 0 {
                format!("@1 第{}部分工作安排", i / 12 + 1)
            } else {
                format!("{sentence}（第{i}段）")
            }
        })
        .collect();
    let body: Vec<&str> = paragraphs.iter().map(String::as_str).collect();
    let rows: &[&[&str]] = &[
        &["乡镇", "<2 人数", "备注"],
        &["v 城关镇", "12", "8", "按月"],
        &["^", "3", "2", "按季"],
    ];
    gongwen(
        path,
        &Gongwen {
            top: &[],
            header: "示例县人民政府文件",
            doc_no: "示政发〔2026〕30号",
            title: &["示例县人民政府关于印发", "示例县政务公开工作规程的通知"],
            to: "各乡镇人民政府，县直各部门：",
            body: &body,
            table: Some((5, rows)),
            image: Some("工作流程图"),
            attachments: &[],
            signer: "示例县人民政府",
            date: "2026年3月10日",
            note: "（此件公开发布）",
            cc: "县委办公室，县人大常委会办公室。",
            printed: "示例县人民政府办公室 2026年3月10日印发",
        },
    );
}

/// A .docx whose body inflates to `mib` MiB (one paragraph of that much text).
pub fn docx_bomb(path: &Path, mib: usize) {
    let mut document = b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>".to_vec();
    document.resize(document.len() + (mib << 20), b'9');
    document.extend_from_slice(b"</w:t></w:r></w:p></w:body></w:document>");
    docx_parts(path, &document);
}

/// A .docx with tables nested `depth` deep.
pub fn docx_nested_tables(path: &Path, depth: usize) {
    let open = "<w:tbl><w:tr><w:tc>".repeat(depth);
    let close = "<w:p/></w:tc></w:tr></w:tbl>".repeat(depth);
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{open}<w:p><w:r><w:t>深处</w:t></w:r></w:p>{close}</w:body></w:document>"
    );
    docx_parts(path, document.as_bytes());
}

/// A .docx whose body is `paragraphs`, with more parts beside it (a header, comments,
/// properties, custom XML …): where a reader of the main text looks no further.
pub fn docx_with(path: &Path, paragraphs: &[&str], extra: &[(&str, String)]) {
    let body: String = paragraphs
        .iter()
        .map(|p| format!("<w:p><w:r><w:t>{}</w:t></w:r></w:p>", escape(p)))
        .collect();
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"
    );
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"),
        ("_rels/.rels", b"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>"),
        ("word/document.xml", document.as_bytes()),
    ];
    // A part of the same name replaces the usual one (the main part, the package's
    // relationships).
    for (name, xml) in extra {
        match parts.iter_mut().find(|(n, _)| n == name) {
            Some(part) => part.1 = xml.as_bytes(),
            None => parts.push((name, xml.as_bytes())),
        }
    }
    package(path, &parts);
}

/// A .zip package of exactly `parts` (an .odt, an .xlsx with parts of one's choosing).
pub fn zip_of(path: &Path, parts: &[(&str, String)]) {
    let parts: Vec<(&str, &[u8])> = parts.iter().map(|(n, x)| (*n, x.as_bytes())).collect();
    package(path, &parts);
}

/// A PDF whose pages show `pages`, with `object` appended as an incremental update that no
/// page and no cross-reference table names.
pub fn pdf_with_object(path: &Path, pages: &[&str], object: &[u8]) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let mut bytes = pdf_bytes(pages, Pdf::Plain);
    bytes.extend_from_slice(b"99 0 obj\n");
    bytes.extend_from_slice(object);
    bytes.extend_from_slice(b"\nendobj\n%%EOF\n");
    std::fs::write(path, bytes).unwrap();
}

/// A 1×1 PNG with a compressed text chunk (`zTXt`) holding `text`.
pub fn png_with_text(path: &Path, text: &str) {
    use std::io::Write;
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        out.extend_from_slice(kind);
        out.extend_from_slice(data);
        let mut crc = flate2::Crc::new();
        crc.update(kind);
        crc.update(data);
        out.extend_from_slice(&crc.sum().to_be_bytes());
    }
    let zlib = |b: &[u8]| {
        let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(b).unwrap();
        e.finish().unwrap()
    };
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut png, b"IHDR", &[0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0]);
    let mut ztxt = b"Comment\0\0".to_vec();
    ztxt.extend_from_slice(&zlib(text.as_bytes()));
    chunk(&mut png, b"zTXt", &ztxt);
    chunk(&mut png, b"IDAT", &zlib(&[0, 0, 0, 0, 0]));
    chunk(&mut png, b"IEND", &[]);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, png).unwrap();
}
