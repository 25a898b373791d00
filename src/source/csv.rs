//! CSV as Excel and WPS write it (RFC 4180: `,` between cells, `"` quoting, `""` inside
//! quotes): the rows, each with the line it starts on. Attachments and the application
//! register read it.

/// Every row of `text` (blank ones too, so a row's position is its row number), each with the
/// line it starts on (from 1; a quoted cell may span lines).
pub fn rows(text: &str) -> Vec<(usize, Vec<String>)> {
    let mut rows = Vec::new();
    let (mut row, mut cell, mut quoted) = (Vec::new(), String::new(), false);
    let (mut line, mut start) = (1, 1);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                cell.push('"');
            }
            '"' => quoted = !quoted,
            ',' if !quoted => row.push(std::mem::take(&mut cell)),
            '\r' if !quoted => {}
            '\n' => {
                line += 1;
                if quoted {
                    cell.push('\n');
                } else {
                    row.push(std::mem::take(&mut cell));
                    rows.push((start, std::mem::take(&mut row)));
                    start = line;
                }
            }
            c => cell.push(c),
        }
    }
    if !cell.is_empty() || !row.is_empty() {
        row.push(cell);
        rows.push((start, row));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_commas_and_lines() {
        let got = rows("a,\"b,c\"\r\n\"x\"\"y\",\"多\n行\"\n\nlast");
        assert_eq!(
            got,
            [
                (1, vec!["a".to_string(), "b,c".into()]),
                (2, vec!["x\"y".into(), "多\n行".into()]),
                (4, vec![String::new()]),
                (5, vec!["last".into()]),
            ]
        );
    }
}
