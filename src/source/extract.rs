//! Reading an attachment as text, for the rules that must see inside it (SPEC §13,
//! "Attachments read"): where each piece of text stands (a line, a cell) and what it says.
//! Only the attachments of 主动公开 documents are ever opened.
//!
//! Read so far: `.txt` and `.csv`, in UTF-8 or GBK. Other formats are not opened (yet).

use std::path::Path;

/// Largest attachment read as text; a larger one is left unread, and said so.
const MAX_TEXT_BYTES: u64 = 32 << 20;

/// A piece of an attachment's text and where it stands, as an editor finds it: `第3行`,
/// `第3行第2列`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Piece {
    pub place: String,
    pub text: String,
}

/// Whether [`read_text`] can read a file of this name.
pub fn readable(file_name: &str) -> bool {
    let ext = extension(file_name);
    matches!(ext.as_str(), "txt" | "csv")
}

fn extension(file_name: &str) -> String {
    file_name
        .rsplit_once('.')
        .map(|(_, x)| x.to_ascii_lowercase())
        .unwrap_or_default()
}

/// The text of an attachment, piece by piece; `Err` says in Chinese why it could not be
/// read. Files [`readable`] rejects give no pieces.
pub fn read_text(path: &Path, file_name: &str) -> Result<Vec<Piece>, String> {
    if !readable(file_name) {
        return Ok(Vec::new());
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
        _ => text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(i, l)| Piece {
                place: format!("第{}行", i + 1),
                text: l.to_string(),
            })
            .collect(),
    })
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
fn csv_cells(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let (mut row, mut col) = (1, 1);
    let mut cell = String::new();
    let mut quoted = false;
    let mut chars = text.chars().peekable();
    let mut push = |row: usize, col: usize, cell: &mut String| {
        if !cell.trim().is_empty() {
            out.push(Piece {
                place: format!("第{row}行第{col}列"),
                text: std::mem::take(cell),
            });
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

    #[test]
    fn csv_cells_know_their_row_and_column() {
        let cells = csv_cells("姓名,身份证号\r\n张三,\"1234,5\"\n\n李四,\"说\"\"明\"\"\"\n");
        let got: Vec<(&str, &str)> = cells
            .iter()
            .map(|p| (p.place.as_str(), p.text.as_str()))
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
    fn gbk_text_is_read_and_other_bytes_refused() {
        let dir = tempfile::tempdir().unwrap();
        let gbk = dir.path().join("名单.txt");
        let (bytes, _, _) = encoding_rs::GBK.encode("第一行\n\n低保名单\n");
        std::fs::write(&gbk, &bytes).unwrap();
        let pieces = read_text(&gbk, "名单.txt").unwrap();
        assert_eq!(pieces[1].place, "第3行");
        assert_eq!(pieces[1].text, "低保名单");
        let bad = dir.path().join("坏.csv");
        std::fs::write(&bad, [0x81u8, 0x20, 0xff, 0xfe, 0x00]).unwrap();
        assert!(read_text(&bad, "坏.csv").is_err());
        assert!(read_text(&bad, "图.png").unwrap().is_empty());
    }
}
