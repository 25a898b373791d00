//! Spreadsheets as their cells, read by our own code (SPEC §13): every non-empty cell of every
//! worksheet, as `工作表「名单」C3`, in the order of the workbook.
//!
//! - .xlsx/.xlsm: the workbook's sheets in order, each found through the workbook's
//!   relationships; a cell's text is its shared string, its inline string or its value, as
//!   the file stores it (a number as a number, a date as its serial number: what search and
//!   the personal-data rule need is the characters, not the cell's format). Phonetic guides
//!   (`rPh`) are not the cell's text.
//! - .ods: each `table:table`, rows and cells counted with their repeats; a cell's text is its
//!   paragraphs, or its value for numbers, booleans and dates. A cell repeated over many rows
//!   or columns is read once, at its first place.

mod scan;

use super::package::{Package, push_reference};
use super::{MAX_READING, Place, Text, too_much};
use quick_xml::events::{BytesStart, Event};

/// The cells of an .xlsx or .xlsm.
pub(super) fn xlsx(package: &mut Package) -> Result<Text, String> {
    let book = office_document(package)?.unwrap_or_else(|| "xl/workbook.xml".to_string());
    let bad_book = || "不是有效的表格文件（没有工作簿），或已加密".to_string();
    let sheets = sheet_list(&package.part(&book)?.ok_or_else(bad_book)?)?;
    let rels = relationships(package, &book)?;
    let shared = match rels.iter().find(|r| r.kind.ends_with("/sharedStrings")) {
        Some(r) => match package.part(&r.target)? {
            Some(xml) => shared_strings(&xml)?,
            None => Vec::new(),
        },
        None => Vec::new(),
    };
    if sheets.len() > MAX_SHEETS {
        return Err(format!("工作表超过 {MAX_SHEETS} 个，未读取"));
    }
    let by_id: crate::hash::FastMap<&str, &Relationship> =
        rels.iter().map(|r| (r.id.as_str(), r)).collect();
    let mut out = Text::default();
    for (name, id) in sheets {
        let unreadable = || format!("工作表「{name}」无法读取");
        let rel = by_id.get(id.as_str()).ok_or_else(unreadable)?;
        // A chart sheet or a dialog sheet holds no cells.
        if !rel.kind.ends_with("/worksheet") {
            continue;
        }
        let xml = package.part(&rel.target)?.ok_or_else(unreadable)?;
        let sheet = u16::try_from(out.sheets.len()).map_err(|_| "工作表过多".to_string())?;
        out.sheets.push(sheet_name(&name));
        let (text, pieces) = (out.text.len(), out.pieces.len());
        if scan::cells(&xml, &shared, sheet, &mut out).is_none() {
            if out.text.len() > MAX_READING {
                return Err(too_much());
            }
            // Something the scanner does not take (a document type, an unknown entity,
            // damage): the XML parser reads the sheet again, and says what is wrong.
            out.text.truncate(text);
            out.pieces.truncate(pieces);
            cells(&xml, &shared, sheet, &mut out).map_err(|e| match e {
                Stop::TooMuch => too_much(),
                Stop::Bad => unreadable(),
            })?;
        }
    }
    Ok(out)
}

/// Most sheets one workbook is read with (an office's workbook has a handful).
const MAX_SHEETS: usize = 4096;
/// A sheet's name as findings show it, at most this many characters (Excel allows 31).
const MAX_SHEET_NAME: usize = 64;

/// A sheet's name, cut to [`MAX_SHEET_NAME`]: every finding repeats it.
fn sheet_name(name: &str) -> String {
    name.chars().take(MAX_SHEET_NAME).collect()
}

/// An attribute's value as the XML means it: references resolved when it has any.
fn value_of<'a>(a: &'a quick_xml::events::attributes::Attribute<'a>) -> std::borrow::Cow<'a, str> {
    if a.value.contains('&') {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .unwrap_or_else(|_| a.value.clone())
    } else {
        std::borrow::Cow::Borrowed(&a.value)
    }
}

/// One relationship of a part: its id, its type and the part it points to (a path in the
/// package).
struct Relationship {
    id: String,
    kind: String,
    target: String,
}

/// The package's main part, from `_rels/.rels`.
fn office_document(package: &mut Package) -> Result<Option<String>, String> {
    let rels = relationships(package, "")?;
    Ok(rels
        .into_iter()
        .find(|r| r.kind.ends_with("/officeDocument"))
        .map(|r| r.target))
}

/// The relationships of the part `of` (`""`: of the package), targets resolved against the
/// part's folder; external ones left out.
fn relationships(package: &mut Package, of: &str) -> Result<Vec<Relationship>, String> {
    let (folder, file) = of.rsplit_once('/').unwrap_or(("", of));
    let path = if folder.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{folder}/_rels/{file}.rels")
    };
    let Some(xml) = package.part(&path)? else {
        return Ok(Vec::new());
    };
    let mut reader = quick_xml::Reader::from_reader(xml.as_slice());
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                if attribute(&e, "TargetMode").is_some_and(|m| m == "External") {
                    continue;
                }
                if let (Some(id), Some(kind), Some(target)) = (
                    attribute(&e, "Id"),
                    attribute(&e, "Type"),
                    attribute(&e, "Target"),
                ) {
                    let target = resolve(folder, &target);
                    out.push(Relationship { id, kind, target });
                }
            }
            Ok(Event::Eof) => break,
            Err(_) => return Err(format!("部件 {path} 不是有效的 XML")),
            _ => {}
        }
    }
    Ok(out)
}

/// A relationship's target as a path in the package: absolute (`/xl/…`) as it stands,
/// relative against `folder`, `..` taken back.
fn resolve(folder: &str, target: &str) -> String {
    let mut parts: Vec<&str> = match target.strip_prefix('/') {
        Some(_) => Vec::new(),
        None => folder.split('/').filter(|s| !s.is_empty()).collect(),
    };
    for seg in target.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The value of the attribute `name` (its local name), unescaped.
fn attribute(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref() == name)
        .and_then(|a| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .ok()
                .map(|v| v.into_owned())
        })
}

/// The workbook's sheets in order: each one's name and relationship id.
fn sheet_list(xml: &[u8]) -> Result<Vec<(String, String)>, String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "sheet" => {
                if let (Some(name), Some(id)) = (attribute(&e, "name"), attribute(&e, "id")) {
                    out.push((name, id));
                }
            }
            Ok(Event::Eof) => break,
            Err(_) => return Err("工作簿不是有效的 XML".into()),
            _ => {}
        }
    }
    Ok(out)
}

/// The shared strings, in order: each `si`'s text, its phonetic guides left out.
fn shared_strings(xml: &[u8]) -> Result<Vec<String>, String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = Vec::new();
    let mut run = Runs::default();
    loop {
        let event = reader
            .read_event()
            .map_err(|_| "共享字符串部件不是有效的 XML".to_string())?;
        match &event {
            Event::Start(e) if e.local_name().as_ref() == "si" => run = Runs::default(),
            Event::End(e) if e.local_name().as_ref() == "si" => {
                out.push(std::mem::take(&mut run.text));
            }
            Event::Eof => break,
            _ => run.event(&event),
        }
    }
    Ok(out)
}

/// The text of rich-text runs (`t` elements), outside phonetic guides (`rPh`).
#[derive(Default)]
struct Runs {
    text: String,
    in_t: bool,
    phonetic: u32,
}

impl Runs {
    fn event(&mut self, event: &Event) {
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "t" => self.in_t = true,
                "rPh" => self.phonetic += 1,
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "t" => self.in_t = false,
                "rPh" => self.phonetic = self.phonetic.saturating_sub(1),
                _ => {}
            },
            Event::Text(t) if self.shown() => self.text.push_str(&t.xml10_content()),
            Event::CData(t) if self.shown() => {
                self.text.push_str(&String::from_utf8_lossy(t.as_bytes()));
            }
            Event::GeneralRef(r) if self.shown() => push_reference(&mut self.text, r),
            _ => {}
        }
    }

    fn shown(&self) -> bool {
        self.in_t && self.phonetic == 0
    }
}

/// A cell reference's column and row from 0: `C2` → (2, 1).
fn cell_ref(r: &str) -> Option<(u32, u32)> {
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = r.as_bytes()[..letters].iter().fold(0u32, |n, b| {
        n * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
    });
    let row: u32 = r[letters..].parse().ok()?;
    Some((col - 1, row.checked_sub(1)?))
}

/// A number as a person wrote it: a whole number without a decimal point. Digits alone are
/// kept as they are (an 18-digit ID number typed as a number is exact in the file; a float
/// would round its last digits away).
fn number(v: &str) -> String {
    let t = v.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        let digits = t.trim_start_matches('0');
        return if digits.is_empty() { "0" } else { digits }.to_string();
    }
    match t.parse::<f64>() {
        Ok(f) if f.fract() == 0.0 && f.abs() < 1e17 => format!("{}", f as i64),
        Ok(f) => format!("{f}"),
        Err(_) => v.to_string(),
    }
}

/// What a cell's `t` says its value is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Stored {
    Number,
    Shared,
    Inline,
    Bool,
    /// A formula's string, an error, an ISO date: the value as it stands.
    AsIs,
}

impl Stored {
    fn of(t: &str) -> Stored {
        match t {
            "s" => Stored::Shared,
            "inlineStr" => Stored::Inline,
            "b" => Stored::Bool,
            "str" | "e" | "d" => Stored::AsIs,
            _ => Stored::Number,
        }
    }
}

/// Why a sheet's reading stopped.
#[derive(Debug)]
enum Stop {
    Bad,
    TooMuch,
}

/// Every non-empty cell of one worksheet. A name list holds tens of thousands of cells, so
/// attributes are compared where they stand and nothing is allocated per cell.
fn cells(xml: &[u8], shared: &[String], sheet: u16, out: &mut Text) -> Result<(), Stop> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let (mut row, mut next_row, mut col, mut next_col) = (0u32, 0u32, 0u32, 0u32);
    // The cell being read: its type (`t`), its value (`v`), its inline string (`is`).
    let (mut stored, mut value, mut in_cell, mut in_v) =
        (Stored::Number, String::new(), false, false);
    let mut inline = Runs::default();
    loop {
        let event = reader.read_event().map_err(|_| Stop::Bad)?;
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "row" => {
                    row = next_row;
                    for a in e.attributes().with_checks(false).flatten() {
                        // Only the unprefixed attribute is the row's number (an ignorable
                        // namespace's `x:r` is not).
                        if a.key.as_ref() == "r"
                            && let Some(r) = value_of(&a)
                                .parse::<u32>()
                                .ok()
                                .and_then(|r| r.checked_sub(1))
                        {
                            row = r;
                        }
                    }
                    next_row = row.saturating_add(1);
                    next_col = 0;
                }
                "c" => {
                    (col, stored) = (next_col, Stored::Number);
                    for a in e.attributes().with_checks(false).flatten() {
                        match a.key.as_ref() {
                            "r" => {
                                if let Some((c, r)) = cell_ref(&value_of(&a)) {
                                    (col, row) = (c, r);
                                }
                            }
                            "t" => stored = Stored::of(&value_of(&a)),
                            _ => {}
                        }
                    }
                    next_col = col.saturating_add(1);
                    value.clear();
                    inline.text.clear();
                    (inline.in_t, inline.phonetic) = (false, 0);
                    in_cell = matches!(event, Event::Start(_));
                }
                "v" if in_cell => in_v = matches!(event, Event::Start(_)),
                _ if in_cell => inline.event(&event),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "v" => in_v = false,
                "c" if in_cell => {
                    in_cell = false;
                    let place = Place::Cell(sheet, row, col);
                    finish(out, place, stored, &value, &inline.text, shared);
                    if out.text.len() > MAX_READING {
                        return Err(Stop::TooMuch);
                    }
                }
                _ if in_cell => inline.event(&event),
                _ => {}
            },
            Event::Text(t) if in_v => value.push_str(&t.xml10_content()),
            Event::CData(t) if in_v => value.push_str(&String::from_utf8_lossy(t.as_bytes())),
            Event::GeneralRef(r) if in_v => push_reference(&mut value, r),
            Event::Eof => break,
            _ if in_cell => inline.event(&event),
            _ => {}
        }
    }
    Ok(())
}

/// A cell read: its text, by what its `t` says it is, kept unless blank.
fn finish(
    out: &mut Text,
    place: Place,
    stored: Stored,
    value: &str,
    inline: &str,
    shared: &[String],
) {
    let number;
    let text: &str = match stored {
        Stored::Shared => value
            .trim()
            .parse::<usize>()
            .ok()
            .and_then(|i| shared.get(i))
            .map_or("", String::as_str),
        Stored::Inline => inline,
        Stored::Bool => match value.trim() {
            "1" => "true",
            "0" => "false",
            v => v,
        },
        Stored::AsIs => value,
        Stored::Number => {
            number = self::number(value);
            &number
        }
    };
    if !text.trim().is_empty() {
        out.push(place, text);
    }
}

/// The cells of an .ods (its `content.xml`).
pub(super) fn ods(xml: &[u8]) -> Result<Text, String> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let bad = || "表格内容不是有效的 XML".to_string();
    let mut out = Text::default();
    let (mut sheet, mut row, mut col) = (None::<u16>, 0u32, 0u32);
    let (mut row_repeat, mut col_repeat) = (1u32, 1u32);
    // The cell being read: its value when it has one, else its paragraphs.
    let (mut in_cell, mut value, mut text, mut paragraphs) = (false, None, String::new(), 0u32);
    // Comments in a cell (`office:annotation`) are not its text.
    let mut annotation = 0u32;
    let repeat = |e: &BytesStart, name: &str| {
        attribute(e, name)
            .and_then(|n| n.parse::<u32>().ok())
            .unwrap_or(1)
            .max(1)
    };
    loop {
        let event = reader.read_event().map_err(|_| bad())?;
        let start = matches!(event, Event::Start(_));
        match &event {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                "table" if annotation == 0 && !in_cell => {
                    let n =
                        u16::try_from(out.sheets.len()).map_err(|_| "工作表过多".to_string())?;
                    out.sheets
                        .push(sheet_name(&attribute(e, "name").unwrap_or_default()));
                    (sheet, row) = (Some(n), 0);
                }
                "table-row" if !in_cell => {
                    row_repeat = repeat(e, "number-rows-repeated");
                    col = 0;
                    if !start {
                        row = row.saturating_add(row_repeat);
                    }
                }
                "table-cell" | "covered-table-cell" if !in_cell => {
                    col_repeat = repeat(e, "number-columns-repeated");
                    value = match attribute(e, "value-type").as_deref() {
                        Some("float" | "percentage" | "currency") => {
                            attribute(e, "value").map(|v| number(&v))
                        }
                        Some("boolean") => attribute(e, "boolean-value"),
                        Some("date") => attribute(e, "date-value"),
                        Some("time") => attribute(e, "time-value"),
                        _ => None,
                    };
                    (text, paragraphs) = (String::new(), 0);
                    if start {
                        in_cell = true;
                    } else {
                        emit(&mut out, sheet, row, col, value.take().unwrap_or_default());
                        col = col.saturating_add(col_repeat);
                    }
                }
                "annotation" if start => annotation += 1,
                "p" | "h" if in_cell && annotation == 0 && start => {
                    if paragraphs > 0 {
                        text.push('\n');
                    }
                    paragraphs += 1;
                }
                "s" if in_cell && annotation == 0 => {
                    let n = attribute(e, "c").and_then(|n| n.parse::<usize>().ok());
                    text.extend(std::iter::repeat_n(' ', n.unwrap_or(1).min(1000)));
                    if text.len() > MAX_READING {
                        return Err(too_much());
                    }
                }
                "tab" if in_cell && annotation == 0 => text.push('\t'),
                "line-break" if in_cell && annotation == 0 => text.push('\n'),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "annotation" => annotation = annotation.saturating_sub(1),
                "table-cell" | "covered-table-cell" if in_cell && annotation == 0 => {
                    in_cell = false;
                    let cell = value.take().unwrap_or_else(|| std::mem::take(&mut text));
                    emit(&mut out, sheet, row, col, cell);
                    col = col.saturating_add(col_repeat);
                    if out.text.len() > MAX_READING {
                        return Err(too_much());
                    }
                }
                "table-row" if !in_cell => row = row.saturating_add(row_repeat),
                _ => {}
            },
            Event::Text(t) if in_cell && annotation == 0 => text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_cell && annotation == 0 => push_reference(&mut text, r),
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(out)
}

/// One cell of an .ods, if it holds anything.
fn emit(out: &mut Text, sheet: Option<u16>, row: u32, col: u32, text: String) {
    if let Some(sheet) = sheet
        && !text.trim().is_empty()
    {
        out.push(Place::Cell(sheet, row, col), &text);
    }
}

#[cfg(test)]
mod tests;
