//! Reading an attachment as text, for the rules that must see inside it (SPEC §13,
//! "Attachments read"): where each piece of text stands (a line, a cell) and what it says.
//! Only the attachments of 主动公开 documents are ever opened.
//!
//! Read: `.txt` and `.csv` (UTF-8 or GBK) here; `.docx`, `.odt`, `.ofd` by our own parsers
//! (`office.rs`) and `.xlsx`, `.xlsm`, `.ods` (`sheet.rs`), in process; a `.pdf`'s text layer
//! by lopdf, only ever in a child process under limits (`pdf.rs`, `child.rs`). What was read
//! is kept by content (`cache.rs`), whose [`Reader`] the rules and the search index share.

mod cache;
mod child;
pub mod complete;
mod office;
mod package;
mod pdf;
mod sheet;
/// A character or predefined entity of Office XML, never a DTD's own (`gongkai import` too).
pub(crate) use package::{Package, Unopened, push_reference, resolve};
mod wire;

pub use cache::{CACHE_DIR, GUARD_DIR, Reader, Reading, keep_verdict, kept_verdict};
pub use child::child;

use std::path::Path;

/// Largest attachment read as text; a larger one is left unread, and said so.
const MAX_TEXT_BYTES: u64 = 32 << 20;
/// Most text one file reads as. A spreadsheet can say more than its bytes (a cell that
/// names a long shared string, an .ods space repeated a thousand times), so the readers in
/// the build's process stop here rather than at the end of memory.
pub(super) const MAX_READING: usize = 64 << 20;

/// Why a reading stopped at [`MAX_READING`].
pub(super) fn too_much() -> String {
    format!("读出的文字超过 {} MB，未读取", MAX_READING >> 20)
}

/// Where a piece of an attachment's text stands, as an editor finds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
#[derive(Debug, Default, Clone, PartialEq, Eq)]
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

    /// Plain text, piece by piece: each line that is not blank, as `第3行`.
    pub fn lines(text: &str) -> Text {
        let mut out = Text::default();
        for (i, l) in text.lines().enumerate() {
            if !l.trim().is_empty() {
                out.push(Place::Line(i as u32 + 1), l);
            }
        }
        out
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

    /// Whether piece `i` is a cell (of a sheet or a CSV file) rather than a line, a
    /// paragraph or a page.
    pub fn is_cell(&self, i: usize) -> bool {
        matches!(self.pieces[i].1, Place::Csv(..) | Place::Cell(..))
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
                u64::from(r) + 1
            ),
        }
    }
}

/// Whether [`read_text`] can read a file of this name.
pub fn readable(file_name: &str) -> bool {
    let ext = extension(file_name);
    matches!(ext.as_str(), "txt" | "csv") || office(&ext)
}

/// Formats read by a parser, whose readings are kept in the cache.
pub(super) fn office(ext: &str) -> bool {
    matches!(
        ext,
        "docx" | "odt" | "xlsx" | "xlsm" | "ods" | "pdf" | "ofd"
    )
}

pub(super) fn extension(file_name: &str) -> String {
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
    match extension(file_name).as_str() {
        "pdf" => return child::in_child(path),
        ext if office(ext) => return office::read_office(path, ext),
        _ => {}
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
        _ => Text::lines(&text),
    })
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
pub(crate) fn decode(bytes: &[u8]) -> Option<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Some(s.to_string());
    }
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    (!had_errors).then(|| text.into_owned())
}

/// Each non-empty cell of a CSV, with its row and column.
fn csv_cells(text: &str) -> Text {
    let mut out = Text::default();
    for (r, (_, row)) in super::csv::rows(text).iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            if !cell.trim().is_empty() {
                out.push(Place::Csv(r as u32 + 1, c as u32 + 1), cell);
            }
        }
    }
    out
}

/// Each piece as (its place, its text), for the readers' tests.
#[cfg(test)]
fn listed(t: &Text) -> Vec<(String, String)> {
    t.pieces()
        .map(|(i, s)| (t.place(i), s.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

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
