//! Reading an attachment as text, for the rules that must see inside it (SPEC §13,
//! "Attachments read"): where each piece of text stands (a line, a cell) and what it says.
//! Only the attachments of 主动公开 documents are ever opened.
//!
//! Read: `.txt` and `.csv` (UTF-8 or GBK) here; `.docx`, `.odt`, `.xlsx`, `.xlsm`, `.ods` and
//! `.pdf` (its text layer) in a
//! child process of their own (`gongkai read-attachment`), under limits on memory, CPU time
//! and output, and a wall-clock timeout: a third-party parser meeting a zip bomb or a
//! malformed file can only fail that one file, which the rules then report.

use std::path::Path;

/// Largest attachment read as text; a larger one is left unread, and said so.
const MAX_TEXT_BYTES: u64 = 32 << 20;

/// Where a piece of an attachment's text stands, as an editor finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Place {
    /// A line of a text file (from 1).
    Line(u32),
    /// A paragraph of a word-processing file.
    Para(u32),
    /// A page of a PDF.
    Page(u32),
    /// A CSV cell: row and column (from 1).
    Csv(u32, u32),
    /// A spreadsheet cell: the sheet (an index into [`Text`]'s sheet names), row and column
    /// (from 0).
    Cell(u16, u32, u32),
}

/// An attachment's text, compactly: all of it in one string, each piece's end and place
/// (a name list holds tens of thousands of cells; one string each would cost more than the
/// text).
#[derive(Debug, Default, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Text {
    text: String,
    pieces: Vec<(u32, Place)>,
    sheets: Vec<String>,
}

impl Text {
    fn push(&mut self, place: Place, piece: &str) {
        self.text.push_str(piece);
        self.pieces.push((self.text.len() as u32, place));
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.is_empty()
    }

    /// Each piece's text, with the number [`Text::place`] names it by.
    pub fn pieces(&self) -> impl Iterator<Item = (usize, &str)> {
        let starts = std::iter::once(0).chain(self.pieces.iter().map(|p| p.0 as usize));
        starts
            .zip(&self.pieces)
            .enumerate()
            .map(|(i, (start, (end, _)))| (i, &self.text[start..*end as usize]))
    }

    /// Where piece `i` stands: `第3行`, `第2段`, `第4页`, `第2行第3列`, `工作表「名单」C2`.
    pub fn place(&self, i: usize) -> String {
        match self.pieces[i].1 {
            Place::Line(n) => format!("第{n}行"),
            Place::Para(n) => format!("第{n}段"),
            Place::Page(n) => format!("第{n}页"),
            Place::Csv(r, c) => format!("第{r}行第{c}列"),
            Place::Cell(sheet, r, c) => format!(
                "工作表「{}」{}{}",
                self.sheets
                    .get(usize::from(sheet))
                    .map_or("", String::as_str),
                column_name(c as usize),
                r + 1
            ),
        }
    }
}

/// Whether [`read_text`] can read a file of this name.
pub fn readable(file_name: &str) -> bool {
    let ext = extension(file_name);
    matches!(ext.as_str(), "txt" | "csv") || office(&ext)
}

/// Formats read by a third-party parser, in a child process.
fn office(ext: &str) -> bool {
    matches!(ext, "docx" | "odt" | "xlsx" | "xlsm" | "ods" | "pdf")
}

fn extension(file_name: &str) -> String {
    file_name
        .rsplit_once('.')
        .map(|(_, x)| x.to_ascii_lowercase())
        .unwrap_or_default()
}

/// The text of an attachment, piece by piece; `Err` says in Chinese why it could not be
/// read. Files [`readable`] rejects give no pieces.
pub fn read_text(path: &Path, file_name: &str) -> Result<Text, String> {
    if !readable(file_name) {
        return Ok(Text::default());
    }
    if office(&extension(file_name)) {
        return in_child(path);
    }
    let size = std::fs::metadata(path)
        .map_err(|e| format!("读取失败：{e}"))?
        .len();
    if size > MAX_TEXT_BYTES {
        return Err(format!("超过 {} MB，未读取", MAX_TEXT_BYTES >> 20));
    }
    let bytes = std::fs::read(path).map_err(|e| format!("读取失败：{e}"))?;
    let text = decode(&bytes).ok_or_else(|| "不是 UTF-8 或 GBK 编码的文本".to_string())?;
    Ok(match extension(file_name).as_str() {
        "csv" => csv_cells(&text),
        _ => {
            let mut out = Text::default();
            for (i, l) in text.lines().enumerate() {
                if !l.trim().is_empty() {
                    out.push(Place::Line(i as u32 + 1), l);
                }
            }
            out
        }
    })
}

/// Limits on the child that reads one file.
const CHILD_MEMORY: u64 = 2 << 30;
const CHILD_CPU_SECONDS: u64 = 20;
const CHILD_WALL: std::time::Duration = std::time::Duration::from_secs(30);
/// Most text taken from one part of an Office file (its main XML), decompressed.
const MAX_XML_BYTES: u64 = 64 << 20;
/// An Office file whose parts claim more than this, decompressed, is not opened.
const MAX_INFLATED_BYTES: u64 = 256 << 20;

/// What the parts of a zip package say they inflate to (the central directory, read without
/// inflating anything); `None` when it is no zip.
fn declared_size(path: &Path) -> Option<u64> {
    let file = std::fs::File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(file).ok()?;
    let mut total = 0u64;
    for i in 0..zip.len() {
        total = total.saturating_add(zip.by_index_raw(i).ok()?.size());
    }
    Some(total)
}

/// The text of an attachment, from the cache under `root/.gongkai/attachments/` when this
/// file's bytes were read before: the child process is the cost of reading, and a rebuild
/// reads nothing again. Failures are kept too, so a bomb is not opened on every build.
pub fn read_text_cached(root: &Path, path: &Path, file_name: &str) -> Result<Text, String> {
    if !office(&extension(file_name)) {
        return read_text(path, file_name);
    }
    let Ok(bytes) = std::fs::read(path) else {
        return read_text(path, file_name);
    };
    // Two independent 64-bit hashes of the content, the limits' version, the format.
    let key = format!(
        "{:016x}{:016x}-{CACHE_VERSION}-{}",
        crate::hash::stable(&bytes),
        crate::hash::fast(&bytes[..]),
        extension(file_name)
    );
    let cached = root.join(CACHE_DIR).join(format!("{key}.json"));
    if let Some(answer) = std::fs::read(&cached)
        .ok()
        .and_then(|b| serde_json::from_slice::<Result<Text, String>>(&b).ok())
    {
        return answer;
    }
    let answer = read_text(path, file_name);
    let stored = &answer;
    // A cache that cannot be written costs a re-read next time, nothing else.
    if std::fs::create_dir_all(root.join(CACHE_DIR)).is_ok() {
        let json = serde_json::to_vec(&stored).expect("strings serialise");
        let partial = cached.with_extension("json.part");
        if std::fs::write(&partial, json).is_ok() {
            let _ = std::fs::rename(&partial, &cached);
        }
    }
    answer
}

/// Where read attachments are kept, under the site's folder.
pub const CACHE_DIR: &str = ".gongkai/attachments";
/// Changes when what is read, or the limits it is read under, change.
const CACHE_VERSION: u32 = 2;

/// Read `path` in a child process (`gongkai read-attachment PATH`), waiting at most
/// [`CHILD_WALL`].
fn in_child(path: &Path) -> Result<Text, String> {
    use std::io::Read;
    use std::process::{Command, Stdio};
    // A bomb announced as one is refused before anything is inflated; the child's limits
    // stop one that lies about its sizes.
    if declared_size(path).is_some_and(|n| n > MAX_INFLATED_BYTES) {
        return Err(format!(
            "解压后超过 {} MB，未读取",
            MAX_INFLATED_BYTES >> 20
        ));
    }
    let exe = std::env::current_exe().map_err(|e| format!("无法启动读取进程：{e}"))?;
    let mut child = Command::new(exe)
        .arg("read-attachment")
        .arg(path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("无法启动读取进程：{e}"))?;
    let mut stdout = child.stdout.take().expect("stdout is piped");
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = (&mut stdout).take(MAX_XML_BYTES * 2).read_to_end(&mut out);
        out
    });
    let started = std::time::Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() < CHILD_WALL => {
                std::thread::sleep(std::time::Duration::from_millis(5));
            }
            Ok(None) | Err(_) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("读取超过 {} 秒，已放弃", CHILD_WALL.as_secs()));
            }
        }
    };
    let out = reader.join().unwrap_or_default();
    if !status.success() {
        return Err("文件损坏、加密，或解压后过大（超出读取限制）".into());
    }
    serde_json::from_slice::<Result<Text, String>>(&out)
        .map_err(|_| "读取进程没有给出结果".to_string())?
}

/// The child: limits first, then the parser; the pieces (or why not) as JSON on stdout.
pub fn child(path: &Path) {
    use rustix::process::{Resource, Rlimit, setrlimit};
    let limit = |n: u64| Rlimit {
        current: Some(n),
        maximum: Some(n),
    };
    // If a limit cannot be set, the file is not read at all.
    let limited = setrlimit(Resource::As, limit(CHILD_MEMORY)).is_ok()
        && setrlimit(Resource::Cpu, limit(CHILD_CPU_SECONDS)).is_ok()
        && setrlimit(Resource::Fsize, limit(0)).is_ok();
    let answer: Result<Text, String> = if limited {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        read_office(path, &name.unwrap_or_default())
    } else {
        Err("无法限制读取进程".into())
    };
    println!(
        "{}",
        serde_json::to_string(&answer).expect("strings serialise")
    );
}

/// Parse an Office file (in the child).
fn read_office(path: &Path, file_name: &str) -> Result<Text, String> {
    match extension(file_name).as_str() {
        "docx" => paragraphs(path, "word/document.xml", "p", "t"),
        "odt" => paragraphs(path, "content.xml", "p", ""),
        "pdf" => pdf_pages(path),
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
            Ok(Event::GeneralRef(r)) if inside => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    text.push(c);
                } else {
                    // Only the predefined entities: a DTD's own are never expanded.
                    text.push_str(match &*r {
                        "lt" => "<",
                        "gt" => ">",
                        "amp" => "&",
                        "quot" => "\"",
                        "apos" => "'",
                        _ => "",
                    });
                }
            }
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

/// The text layer of each page of a PDF, line by line, as `第3页`. A PDF with pages and no
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
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            out.push(Place::Page(n), line.trim());
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

/// A spreadsheet column's letters: 0 → A, 25 → Z, 26 → AA.
fn column_name(mut c: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (c % 26) as u8);
        if c < 26 {
            break;
        }
        c = c / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).expect("ASCII letters")
}

/// UTF-8 (a BOM dropped), else GBK (GB18030, as Excel and WPS on Windows save a CSV).
fn decode(bytes: &[u8]) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Some(s.to_string());
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    (!had_errors).then(|| text.into_owned())
}

/// Each non-empty cell of a CSV (RFC 4180 quoting, `,` between cells), with its row and
/// column.
fn csv_cells(text: &str) -> Text {
    let mut out = Text::default();
    let (mut row, mut col) = (1, 1);
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut push = |row: u32, col: u32, cell: &mut String| {
        if !cell.trim().is_empty() {
            out.push(Place::Csv(row, col), cell);
        }
        cell.clear();
    };
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => {
                push(row, col, &mut cell);
                col += 1;
            }
            '\r' if !quoted => {}
            '\n' if !quoted => {
                push(row, col, &mut cell);
                row += 1;
                col = 1;
            }
            c => cell.push(c),
        }
    }
    push(row, col, &mut cell);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn listed(t: &Text) -> Vec<(String, String)> {
        t.pieces()
            .map(|(i, s)| (t.place(i), s.to_string()))
            .collect()
    }

    #[test]
    fn csv_cells_know_their_row_and_column() {
        let cells = listed(&csv_cells(
            "姓名,身份证号\r\n张三,\"1234,5\"\n\n李四,\"说\"\"明\"\"\"\n",
        ));
        let got: Vec<(&str, &str)> = cells
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("第1行第1列", "姓名"),
                ("第1行第2列", "身份证号"),
                ("第2行第1列", "张三"),
                ("第2行第2列", "1234,5"),
                ("第4行第1列", "李四"),
                ("第4行第2列", "说\"明\""),
            ]
        );
    }

    #[test]
    fn columns_are_named_as_spreadsheets_do() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn gbk_text_is_read_and_other_bytes_refused() {
        let dir = tempfile::tempdir().unwrap();
        let gbk = dir.path().join("名单.txt");
        let (bytes, _, _) = encoding_rs::GBK.encode("第一行\n\n低保名单\n");
        std::fs::write(&gbk, &bytes).unwrap();
        let pieces = listed(&read_text(&gbk, "名单.txt").unwrap());
        assert_eq!(pieces[1], ("第3行".to_string(), "低保名单".to_string()));
        let bad = dir.path().join("坏.csv");
        std::fs::write(&bad, [0x81u8, 0x20, 0xff, 0xfe, 0x00]).unwrap();
        assert!(read_text(&bad, "坏.csv").is_err());
        assert!(read_text(&bad, "图.png").unwrap().is_empty());
    }

    #[test]
    fn cells_are_named_by_sheet_column_and_row() {
        let mut t = Text::default();
        t.sheets.push("低保名单".into());
        t.push(Place::Cell(0, 1, 2), "身份证号");
        t.push(Place::Page(3), "第三页的字");
        assert_eq!(
            listed(&t),
            [
                ("工作表「低保名单」C2".to_string(), "身份证号".to_string()),
                ("第3页".to_string(), "第三页的字".to_string())
            ]
        );
    }
}
