//! Word's automatic numbering (`word/numbering.xml`): each list's levels and the counters as
//! the body is read, so a numbered paragraph keeps the number a reader of the 公文 saw.

use super::{attr, invalid};
use quick_xml::events::Event;
use std::collections::HashMap;

/// Word's automatic numbering: each list's levels (format, text, start), and the counters
/// as the body is read.
#[derive(Default)]
pub(super) struct Numbering {
    /// abstractNumId → level → (format, text like `%1、`, start).
    abstract_levels: HashMap<String, HashMap<u8, (String, String, u32)>>,
    /// numId → abstractNumId.
    lists: HashMap<String, String>,
    counters: HashMap<String, [u32; 9]>,
}

impl Numbering {
    pub(super) fn parse(xml: &[u8]) -> Result<Numbering, String> {
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
    /// How far each list has counted.
    pub(super) fn counters(&self) -> HashMap<String, [u32; 9]> {
        self.counters.clone()
    }

    pub(super) fn set_counters(&mut self, counters: HashMap<String, [u32; 9]>) {
        self.counters = counters;
    }

    /// The label of the next paragraph of list `num` at `level`, counted.
    pub(super) fn next(&mut self, num: &str, level: u8) -> Label {
        let Some(abs) = self.lists.get(num) else {
            return Label::None;
        };
        let Some(levels) = self.abstract_levels.get(abs) else {
            return Label::None;
        };
        let level = level.min(8);
        let counters = self.counters.entry(abs.clone()).or_insert([0; 9]);
        counters[level as usize] += 1;
        for deeper in counters.iter_mut().skip(level as usize + 1) {
            *deeper = 0;
        }
        let Some((format, text, _)) = levels.get(&level) else {
            return Label::None;
        };
        match format.as_str() {
            "bullet" => return Label::Bullet,
            "none" => return Label::None,
            _ => {}
        }
        let own = format!("%{}", level + 1);
        if format == "decimal" && [".", ")"].iter().any(|end| *text == format!("{own}{end}")) {
            let start = levels[&level].2;
            return Label::Number(counters[level as usize].max(1) + start - 1);
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
        Label::Text(out)
    }
}

/// What a numbered paragraph's number is, as Markdown can say it.
#[derive(Debug, PartialEq)]
pub(super) enum Label {
    /// Not numbered after all (no such list, or a level without a number).
    None,
    /// A bullet.
    Bullet,
    /// `1.` or `1)` at its own level: an ordered list's number.
    Number(u32),
    /// Any other label (`一、`, `（一）`, `1.1`, `a)`), written before the text.
    Text(String),
}

/// `n` in one of Word's number formats.
pub(super) fn number(format: &str, n: u32) -> String {
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
