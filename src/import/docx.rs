//! A .docx read into blocks (zip + quick-xml): paragraphs with their alignment, colour, size
//! and automatic numbering written out (一、 （一） 1.), tables with merged cells, images with
//! their alt text. What Word does not show as the document's text is never read (SPEC §15):
//! tracked changes are taken as accepted (deletions and text moved away are left out,
//! insertions and text moved here kept), hidden text (`w:vanish`, directly or by its style)
//! is left out, field codes (`w:instrText`) are not text, and comments, footnotes, headers
//! and footers live in parts that are never opened. Bounded: the package's declared and
//! real inflated sizes, and the nesting of tables.

use super::blocks::{Block, Cell, Para, Table};
use crate::source::extract::push_reference;
use quick_xml::events::{BytesStart, Event};
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;

/// Most bytes one part (the body XML, an image) may inflate to.
const MAX_PART: u64 = 64 << 20;
/// Most bytes the whole package may say it inflates to.
const MAX_PACKAGE: u64 = 512 << 20;
/// Tables inside tables deeper than this are refused (a real 公文 has two levels at most).
const MAX_TABLE_DEPTH: usize = 16;

/// A Word file's body, and the images it holds (name in the package, bytes).
pub struct Docx {
    pub blocks: Vec<Block>,
    pub images: Vec<(String, Vec<u8>)>,
}

pub fn read(path: &Path) -> Result<Docx, String> {
    let file = std::fs::File::open(path).map_err(|e| format!("读取失败：{e}"))?;
    let mut zip = zip::ZipArchive::new(file)
        .map_err(|_| "不是有效的 .docx（不是 zip 包：也许是改了扩展名的 .doc 或其他文件，请在 Word/WPS 中另存为 .docx）".to_string())?;
    let mut declared = 0u64;
    for i in 0..zip.len() {
        let size = zip.by_index_raw(i).map_or(0, |f| f.size());
        declared = declared.saturating_add(size);
    }
    if declared > MAX_PACKAGE {
        return Err(format!(
            "解压后超过 {} MB，未读取（可能是压缩炸弹）",
            MAX_PACKAGE >> 20
        ));
    }
    let document = part(&mut zip, "word/document.xml")?
        .ok_or_else(|| "不是 Word 文件：包中没有 word/document.xml".to_string())?;
    let rels = part(&mut zip, "word/_rels/document.xml.rels")?.unwrap_or_default();
    let styles = part(&mut zip, "word/styles.xml")?.unwrap_or_default();
    let numbering = part(&mut zip, "word/numbering.xml")?.unwrap_or_default();
    let targets = relationships(&rels)?;
    let (headings, hidden_styles) = styles_of(&styles)?;
    let mut reader = Body {
        headings,
        hidden_styles,
        numbering: Numbering::parse(&numbering)?,
        targets: &targets,
        images: Vec::new(),
    };
    let blocks = reader.blocks(&document)?;
    let mut images = Vec::new();
    for target in reader.images {
        let name = format!("word/{}", target.trim_start_matches('/'));
        if let Some(bytes) = part(&mut zip, &name)? {
            images.push((target, bytes));
        }
    }
    Ok(Docx { blocks, images })
}

/// One part of the package, inflated under [`MAX_PART`]; `None` when it is absent.
fn part<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
) -> Result<Option<Vec<u8>>, String> {
    let Ok(file) = zip.by_name(name) else {
        return Ok(None);
    };
    let mut bytes = Vec::new();
    file.take(MAX_PART + 1)
        .read_to_end(&mut bytes)
        .map_err(|_| format!("{name} 损坏或已加密"))?;
    if bytes.len() as u64 > MAX_PART {
        return Err(format!(
            "{name} 解压后超过 {} MB，未读取（可能是压缩炸弹）",
            MAX_PART >> 20
        ));
    }
    Ok(Some(bytes))
}

fn attr(e: &BytesStart, name: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().into_inner() == name).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map(|v| v.into_owned())
                .unwrap_or_default()
        })
    })
}

fn invalid(part: &str) -> String {
    format!("{part} 不是有效的 XML")
}

/// Relationship id → target (`media/image1.png`).
fn relationships(xml: &[u8]) -> Result<HashMap<String, String>, String> {
    let mut out = HashMap::new();
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e) | Event::Empty(e))
                if e.local_name().into_inner() == "Relationship" =>
            {
                if let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    out.insert(id, target);
                }
            }
            Ok(Event::Eof) => return Ok(out),
            Err(_) => return Err(invalid("关系部分")),
            _ => {}
        }
        buf.clear();
    }
}

/// Style id → heading level (Title 1, heading 1 → 2 …), from the styles' English names,
/// which Word and WPS keep whatever the interface language; and the styles that hide their
/// text (`<w:vanish/>`).
type Styles = (HashMap<String, u8>, HashSet<String>);

fn styles_of(xml: &[u8]) -> Result<Styles, String> {
    let mut out = HashMap::new();
    let mut hidden = HashSet::new();
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut id = None;
    loop {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().into_inner() == "style" => {
                id = attr(&e, "styleId")
            }
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().into_inner() == "name" => {
                let name = attr(&e, "val").unwrap_or_default().to_lowercase();
                let level = match name.as_str() {
                    "title" => Some(1),
                    n => n
                        .strip_prefix("heading ")
                        .and_then(|d| d.parse::<u8>().ok())
                        .map(|d| d.saturating_add(1)),
                };
                if let (Some(id), Some(level)) = (&id, level) {
                    out.insert(id.clone(), level);
                }
            }
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().into_inner() == "vanish" => {
                if let Some(id) = &id
                    && switched_on(&e)
                {
                    hidden.insert(id.clone());
                }
            }
            Ok(Event::Eof) => return Ok((out, hidden)),
            Err(_) => return Err(invalid("样式部分")),
            _ => {}
        }
        buf.clear();
    }
}

/// Whether an on/off property (`<w:vanish/>`, `<w:vanish w:val="false"/>`) is on.
fn switched_on(e: &BytesStart) -> bool {
    !matches!(attr(e, "val").as_deref(), Some("false" | "0" | "off"))
}

/// Word's automatic numbering: each list's levels (format, text, start), and the counters
/// as the body is read.
#[derive(Default)]
struct Numbering {
    /// abstractNumId → level → (format, text like `%1、`, start).
    abstract_levels: HashMap<String, HashMap<u8, (String, String, u32)>>,
    /// numId → abstractNumId.
    lists: HashMap<String, String>,
    counters: HashMap<String, [u32; 9]>,
}

impl Numbering {
    fn parse(xml: &[u8]) -> Result<Numbering, String> {
        let mut n = Numbering::default();
        let mut reader = quick_xml::Reader::from_reader(xml);
        let mut buf = Vec::new();
        let (mut abs, mut num, mut lvl) = (None::<String>, None::<String>, None::<u8>);
        let mut cur = (String::from("decimal"), String::new(), 1u32);
        loop {
            match reader.read_event_into(&mut buf) {
                Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.local_name().into_inner() {
                    "abstractNum" => abs = attr(&e, "abstractNumId"),
                    "num" => num = attr(&e, "numId"),
                    "abstractNumId" => {
                        if let (Some(num), Some(val)) = (&num, attr(&e, "val")) {
                            n.lists.insert(num.clone(), val);
                        }
                    }
                    "lvl" => {
                        lvl = attr(&e, "ilvl").and_then(|v| v.parse().ok());
                        cur = (String::from("decimal"), String::new(), 1);
                    }
                    "start" => cur.2 = attr(&e, "val").and_then(|v| v.parse().ok()).unwrap_or(1),
                    "numFmt" => cur.0 = attr(&e, "val").unwrap_or_default(),
                    "lvlText" => cur.1 = attr(&e, "val").unwrap_or_default(),
                    _ => {}
                },
                Ok(Event::End(e)) if e.local_name().into_inner() == "lvl" => {
                    if let (Some(abs), Some(l)) = (&abs, lvl) {
                        n.abstract_levels
                            .entry(abs.clone())
                            .or_default()
                            .insert(l, cur.clone());
                    }
                }
                Ok(Event::Eof) => return Ok(n),
                Err(_) => return Err(invalid("编号部分")),
                _ => {}
            }
            buf.clear();
        }
    }

    /// The number a paragraph of list `num` at `level` shows, counting it.
    fn next(&mut self, num: &str, level: u8) -> String {
        let Some(abs) = self.lists.get(num) else {
            return String::new();
        };
        let Some(levels) = self.abstract_levels.get(abs) else {
            return String::new();
        };
        let level = level.min(8);
        let counters = self.counters.entry(abs.clone()).or_insert([0; 9]);
        counters[level as usize] += 1;
        for deeper in counters.iter_mut().skip(level as usize + 1) {
            *deeper = 0;
        }
        let Some((format, text, _)) = levels.get(&level) else {
            return String::new();
        };
        if format == "bullet" || format == "none" {
            return String::new();
        }
        let mut out = text.clone();
        for l in 0..=level {
            let (format, _, start) =
                levels
                    .get(&l)
                    .cloned()
                    .unwrap_or((String::from("decimal"), String::new(), 1));
            let value = counters[l as usize].max(1) + start - 1;
            out = out.replace(&format!("%{}", l + 1), &number(&format, value));
        }
        out
    }
}

/// `n` in one of Word's number formats.
fn number(format: &str, n: u32) -> String {
    match format {
        "chineseCounting" | "chineseCountingThousand" | "chineseLegalSimplified" => chinese(n),
        "ideographTraditional" => "甲乙丙丁戊己庚辛壬癸"
            .chars()
            .nth((n as usize).saturating_sub(1) % 10)
            .map_or(String::new(), String::from),
        "lowerLetter" => letter(n, b'a'),
        "upperLetter" => letter(n, b'A'),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1).map_or(n.to_string(), String::from)
        }
        _ => n.to_string(),
    }
}

fn letter(n: u32, base: u8) -> String {
    let n = n.saturating_sub(1) % 26;
    char::from(base + n as u8).to_string()
}

/// 1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五.
pub fn chinese(n: u32) -> String {
    const D: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    if n < 10 {
        return D[n as usize].to_string();
    }
    if n < 20 {
        return format!(
            "十{}",
            if n > 10 {
                D[(n % 10) as usize].to_string()
            } else {
                String::new()
            }
        );
    }
    if n < 100 {
        let ones = if !n.is_multiple_of(10) {
            D[(n % 10) as usize].to_string()
        } else {
            String::new()
        };
        return format!("{}十{ones}", D[(n / 10) as usize]);
    }
    n.to_string()
}

/// The reader of `word/document.xml`.
struct Body<'a> {
    headings: HashMap<String, u8>,
    /// Styles whose text is hidden.
    hidden_styles: HashSet<String>,
    numbering: Numbering,
    targets: &'a HashMap<String, String>,
    /// Image targets in the order the body shows them.
    images: Vec<String>,
}

/// A paragraph being read.
#[derive(Default)]
struct Open {
    para: Para,
    style: Option<String>,
    num: Option<(String, u8)>,
    /// Characters of red and of large text, to judge the paragraph by its majority.
    red: usize,
    large: usize,
    chars: usize,
    in_run_props: bool,
    run_red: bool,
    run_large: bool,
    /// The paragraph's style hides its text; the run's style does; the run says itself.
    style_hidden: bool,
    run_style_hidden: bool,
    run_vanish: Option<bool>,
    images: Vec<Block>,
}

impl Open {
    /// Whether the run being read is hidden text.
    fn hidden(&self) -> bool {
        self.run_vanish
            .unwrap_or(self.run_style_hidden || self.style_hidden)
    }
}

/// A table being read: its rows, and for each grid column the cell a vertical merge
/// continues.
#[derive(Default)]
struct OpenTable {
    rows: Vec<Vec<(Cell, u32, Merge)>>,
    cell_text: String,
    span: u32,
    merge: Merge,
}

#[derive(Clone, Copy, Default, PartialEq)]
enum Merge {
    #[default]
    None,
    Restart,
    Continue,
}

impl Body<'_> {
    fn blocks(&mut self, xml: &[u8]) -> Result<Vec<Block>, String> {
        let mut reader = quick_xml::Reader::from_reader(xml);
        let mut buf = Vec::new();
        let mut out = Vec::new();
        // A stack: a text box holds paragraphs inside a paragraph's run.
        let mut paras: Vec<Open> = Vec::new();
        let mut tables: Vec<OpenTable> = Vec::new();
        // `skipped`: how many open elements hold what Word does not show (a deletion, text
        // moved away, a drawing in hidden text); `drawings`: whether each open drawing is one.
        let (mut in_text, mut skipped) = (false, 0usize);
        let mut drawings: Vec<bool> = Vec::new();
        let mut drawing: Option<(String, Option<String>)> = None; // (alt, embed)
        loop {
            let event = reader
                .read_event_into(&mut buf)
                .map_err(|_| invalid("正文"))?;
            match event {
                Event::Start(e) => match e.local_name().into_inner() {
                    "tbl" => {
                        if tables.len() >= MAX_TABLE_DEPTH {
                            return Err(format!("表格嵌套超过 {MAX_TABLE_DEPTH} 层，未读取"));
                        }
                        tables.push(OpenTable::default());
                    }
                    "tr" => {
                        if let Some(t) = tables.last_mut() {
                            t.rows.push(Vec::new());
                        }
                    }
                    "tc" => {
                        if let Some(t) = tables.last_mut() {
                            t.cell_text.clear();
                            t.span = 1;
                            t.merge = Merge::None;
                        }
                    }
                    "p" => paras.push(Open::default()),
                    "rPr" => {
                        if let Some(p) = paras.last_mut() {
                            p.in_run_props = true;
                        }
                    }
                    "r" => {
                        if let Some(p) = paras.last_mut() {
                            p.run_style_hidden = false;
                            p.run_vanish = None;
                            p.run_red = false;
                            p.run_large = false;
                        }
                    }
                    "t" => in_text = true,
                    "del" | "moveFrom" => skipped += 1,
                    "drawing" | "pict" => {
                        let skip = skipped > 0 || paras.last().is_some_and(Open::hidden);
                        drawings.push(skip);
                        if skip {
                            skipped += 1;
                        } else {
                            drawing = Some((String::new(), None));
                        }
                    }
                    _ => self.empty(&e, paras.last_mut(), &mut tables, &mut drawing, skipped),
                },
                Event::Empty(e) => {
                    self.empty(&e, paras.last_mut(), &mut tables, &mut drawing, skipped)
                }
                Event::Text(t) if in_text && skipped == 0 => {
                    if let Some(p) = paras.last_mut().filter(|p| !p.hidden()) {
                        let text = t.xml10_content();
                        let n = text.chars().count();
                        p.chars += n;
                        if p.run_red {
                            p.red += n;
                        }
                        if p.run_large {
                            p.large += n;
                        }
                        p.para.text.push_str(&text);
                    }
                }
                Event::GeneralRef(r) if in_text && skipped == 0 => {
                    if let Some(p) = paras.last_mut().filter(|p| !p.hidden()) {
                        push_reference(&mut p.para.text, &r);
                    }
                }
                Event::End(e) => match e.local_name().into_inner() {
                    "t" => in_text = false,
                    "del" | "moveFrom" => skipped = skipped.saturating_sub(1),
                    "rPr" => {
                        if let Some(p) = paras.last_mut() {
                            p.in_run_props = false;
                        }
                    }
                    "drawing" | "pict" if drawings.pop() == Some(true) => {
                        skipped = skipped.saturating_sub(1);
                    }
                    "drawing" | "pict" => {
                        if let (Some((alt, Some(embed))), Some(p)) =
                            (drawing.take(), paras.last_mut())
                            && let Some(target) = self.targets.get(&embed)
                        {
                            self.images.push(target.clone());
                            p.images.push(Block::Image {
                                file: target.clone(),
                                alt,
                            });
                        }
                    }
                    "p" => {
                        if let Some(open) = paras.pop() {
                            let (text, images) = self.finish(open);
                            if let Some(outer) = paras.last_mut() {
                                // A text box's paragraph: its words join the paragraph
                                // that holds the box.
                                outer.para.text.push_str(&text.text);
                                outer.images.extend(images);
                                buf.clear();
                                continue;
                            }
                            match tables.last_mut() {
                                Some(t) => {
                                    if !t.cell_text.is_empty() && !text.text.trim().is_empty() {
                                        t.cell_text.push('\n');
                                    }
                                    t.cell_text.push_str(&text.text);
                                }
                                None => {
                                    out.push(Block::Para(text));
                                    out.extend(images);
                                }
                            }
                        }
                    }
                    "tc" => {
                        if let Some(t) = tables.last_mut() {
                            let cell = Cell {
                                text: std::mem::take(&mut t.cell_text),
                                colspan: t.span,
                                rowspan: 1,
                            };
                            let (span, merge) = (t.span, t.merge);
                            if let Some(row) = t.rows.last_mut() {
                                row.push((cell, span, merge));
                            }
                        }
                    }
                    "tbl" => {
                        if let Some(t) = tables.pop() {
                            let table = merged(t.rows);
                            match tables.last_mut() {
                                // A table inside a cell: its text joins the cell's.
                                Some(outer) => {
                                    for row in &table.rows {
                                        let line: Vec<&str> =
                                            row.iter().map(|c| c.text.as_str()).collect();
                                        outer.cell_text.push_str(&line.join(" "));
                                        outer.cell_text.push('\n');
                                    }
                                }
                                None => out.push(Block::Table(table)),
                            }
                        }
                    }
                    _ => {}
                },
                Event::Eof => return Ok(out),
                _ => {}
            }
            buf.clear();
        }
    }

    /// An element that carries its meaning in attributes (`<w:jc w:val="center"/>`).
    fn empty(
        &self,
        e: &BytesStart,
        para: Option<&mut Open>,
        tables: &mut [OpenTable],
        drawing: &mut Option<(String, Option<String>)>,
        skipped: usize,
    ) {
        let name = e.local_name();
        match name.into_inner() {
            "gridSpan" => {
                if let Some(t) = tables.last_mut() {
                    t.span = attr(e, "val")
                        .and_then(|v| v.parse().ok())
                        .unwrap_or(1)
                        .clamp(1, 64);
                }
            }
            "vMerge" => {
                if let Some(t) = tables.last_mut() {
                    t.merge = match attr(e, "val").as_deref() {
                        Some("restart") => Merge::Restart,
                        _ => Merge::Continue,
                    };
                }
            }
            "docPr" => {
                if let Some(d) = drawing {
                    d.0 = attr(e, "descr")
                        .filter(|s| !s.trim().is_empty())
                        .or_else(|| attr(e, "title"))
                        .unwrap_or_default();
                }
            }
            "blip" => {
                if let Some(d) = drawing {
                    d.1 = attr(e, "embed");
                }
            }
            "imagedata" => {
                if let Some(d) = drawing {
                    d.1 = attr(e, "id");
                    if d.0.is_empty() {
                        d.0 = attr(e, "title").unwrap_or_default();
                    }
                }
            }
            _ => {}
        }
        let Some(p) = para else { return };
        match name.into_inner() {
            "pStyle" => {
                p.style = attr(e, "val");
                p.style_hidden = p
                    .style
                    .as_ref()
                    .is_some_and(|s| self.hidden_styles.contains(s));
            }
            "rStyle" if p.in_run_props => {
                p.run_style_hidden =
                    attr(e, "val").is_some_and(|s| self.hidden_styles.contains(&s));
            }
            "vanish" if p.in_run_props => p.run_vanish = Some(switched_on(e)),
            "jc" if !p.in_run_props => match attr(e, "val").as_deref() {
                Some("center") => p.para.center = true,
                Some("right" | "end") => p.para.right = true,
                _ => {}
            },
            "ilvl" => {
                let level = attr(e, "val").and_then(|v| v.parse().ok()).unwrap_or(0);
                let num = p.num.take().map_or(String::new(), |n| n.0);
                p.num = Some((num, level));
            }
            "numId" => {
                let level = p.num.take().map_or(0, |n| n.1);
                p.num = Some((attr(e, "val").unwrap_or_default(), level));
            }
            "color" if p.in_run_props => {
                p.run_red = attr(e, "val").is_some_and(|v| is_red(&v));
            }
            "sz" if p.in_run_props => {
                // Half-points: 36 is 18 pt, above 公文 body text (三号, 16 pt).
                p.run_large = attr(e, "val")
                    .and_then(|v| v.parse::<u32>().ok())
                    .is_some_and(|s| s >= 36);
            }
            // A tab in a run (a tab stop in the paragraph's settings has a position).
            _ if skipped > 0 || p.hidden() => {}
            "tab" if attr(e, "pos").is_none() => p.para.text.push('\t'),
            "br" | "cr" => p.para.text.push('\n'),
            _ => {}
        }
    }

    fn finish(&mut self, open: Open) -> (Para, Vec<Block>) {
        let mut para = open.para;
        para.red = open.chars > 0 && open.red * 2 > open.chars;
        para.large = open.chars > 0 && open.large * 2 > open.chars;
        para.heading = open
            .style
            .as_ref()
            .and_then(|s| self.headings.get(s).copied());
        if let Some((num, level)) = open.num.filter(|(n, _)| !n.is_empty() && n != "0") {
            let label = self.numbering.next(&num, level);
            para.text = format!("{label}{}", para.text);
        }
        (para, open.images)
    }
}

/// A colour Word writes for red: strong red, little green and blue (FF0000, C00000, E60012…).
fn is_red(hex: &str) -> bool {
    let v = u32::from_str_radix(hex, 16).ok().filter(|_| hex.len() == 6);
    v.is_some_and(|v| {
        let (r, g, b) = (v >> 16, (v >> 8) & 0xff, v & 0xff);
        r >= 0xb0 && g < 0x50 && b < 0x50
    })
}

/// Rows read with Word's spans into cells with row spans: a cell that continues a vertical
/// merge is dropped and counted in the span of the cell that began it, found by grid column.
fn merged(rows: Vec<Vec<(Cell, u32, Merge)>>) -> Table {
    let mut out: Vec<Vec<Cell>> = Vec::new();
    // Grid column → (row, index in that row) of the cell a merge began at.
    let mut open: HashMap<u32, (usize, usize)> = HashMap::new();
    for row in rows {
        let mut cells = Vec::new();
        let mut col = 0u32;
        for (cell, span, merge) in row {
            match merge {
                Merge::Continue => {
                    if let Some(&(r, i)) = open.get(&col) {
                        out[r][i].rowspan += 1;
                    }
                }
                Merge::Restart => {
                    open.insert(col, (out.len(), cells.len()));
                    cells.push(cell);
                }
                Merge::None => {
                    open.remove(&col);
                    cells.push(cell);
                }
            }
            col += span;
        }
        out.push(cells);
    }
    Table { rows: out }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        assert_eq!(chinese(1), "一");
        assert_eq!(chinese(10), "十");
        assert_eq!(chinese(12), "十二");
        assert_eq!(chinese(20), "二十");
        assert_eq!(chinese(31), "三十一");
        assert_eq!(number("ideographTraditional", 2), "乙");
        assert_eq!(number("decimalEnclosedCircle", 3), "③");
    }

    #[test]
    fn red_is_red() {
        assert!(is_red("FF0000"));
        assert!(is_red("E60012"));
        assert!(!is_red("000000"));
        assert!(!is_red("auto"));
    }

    #[test]
    fn vertical_merges_become_row_spans() {
        let c = |t: &str| Cell {
            text: t.into(),
            colspan: 1,
            rowspan: 1,
        };
        let rows = vec![
            vec![(c("类别"), 1, Merge::Restart), (c("甲"), 1, Merge::None)],
            vec![(c(""), 1, Merge::Continue), (c("乙"), 1, Merge::None)],
        ];
        let t = merged(rows);
        assert_eq!(t.rows[0][0].rowspan, 2);
        assert_eq!(t.rows[1].len(), 1);
        assert_eq!(t.rows[1][0].text, "乙");
    }
}
