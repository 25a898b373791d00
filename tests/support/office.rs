//! Real Office files written by the tests: the smallest .xlsx and .docx that Excel, Word,
//! WPS and LibreOffice open (the parts OOXML requires), and hostile ones built the same way.
#![allow(dead_code)]

use std::io::Write;
use std::path::Path;
use zip::write::SimpleFileOptions;

fn package(path: &Path, parts: &[(&str, &[u8])]) {
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
