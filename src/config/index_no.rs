//! Index numbers (索引号) as `gongkai new` issues them: the site's `index_no_format` with the
//! issuer's `code`, the year and a sequence number, e.g. `{code}/{year}-{seq:5}` →
//! `01526376-X/2026-00012`. The next number is one past the highest already in `content/`
//! for that issuer and year, so numbers are never reused while their documents exist.

/// `index_no_format` when site.toml does not set one (the form of SPEC §3's pattern).
pub const DEFAULT_FORMAT: &str = "{code}/{year}-{seq:5}";

#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    Text(String),
    Code,
    Year,
    Seq(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Format {
    parts: Vec<Part>,
}

impl Format {
    /// Parse a format; it needs exactly one `{seq}` (or `{seq:N}`, zero-padded to N digits).
    pub fn parse(s: &str) -> Result<Format, String> {
        let mut parts = Vec::new();
        let mut rest = s;
        while let Some(open) = rest.find('{') {
            if open > 0 {
                parts.push(Part::Text(rest[..open].to_string()));
            }
            let close = rest[open..]
                .find('}')
                .map(|c| open + c)
                .ok_or_else(|| format!("`{{` without `}}` in `{s}`"))?;
            let name = &rest[open + 1..close];
            parts.push(match name.split_once(':') {
                None if name == "code" => Part::Code,
                None if name == "year" => Part::Year,
                None if name == "seq" => Part::Seq(1),
                Some(("seq", w)) => Part::Seq(
                    w.parse()
                        .ok()
                        .filter(|w| (1..=12).contains(w))
                        .ok_or_else(|| format!("`{{seq:{w}}}`: width must be 1–12"))?,
                ),
                _ => {
                    return Err(format!(
                        "unknown placeholder `{{{name}}}`; use {{code}}, {{year}}, {{seq:N}}"
                    ));
                }
            });
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(Part::Text(rest.to_string()));
        }
        match parts.iter().filter(|p| matches!(p, Part::Seq(_))).count() {
            1 => Ok(Format { parts }),
            _ => Err(format!("`{s}` needs exactly one {{seq}} placeholder")),
        }
    }

    pub fn render(&self, code: &str, year: i32, seq: u64) -> String {
        self.parts
            .iter()
            .map(|p| match p {
                Part::Text(t) => t.clone(),
                Part::Code => code.to_string(),
                Part::Year => year.to_string(),
                Part::Seq(w) => format!("{seq:0w$}"),
            })
            .collect()
    }

    /// The sequence number of `index_no` if it has this format for `code` and `year`.
    pub fn seq_of(&self, index_no: &str, code: &str, year: i32) -> Option<u64> {
        let mut rest = index_no;
        let mut seq = None;
        for p in &self.parts {
            match p {
                Part::Text(t) => rest = rest.strip_prefix(t.as_str())?,
                Part::Code => rest = rest.strip_prefix(code)?,
                Part::Year => rest = rest.strip_prefix(&year.to_string())?,
                Part::Seq(_) => {
                    let digits =
                        rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
                    if digits == 0 {
                        return None;
                    }
                    seq = rest[..digits].parse().ok();
                    rest = &rest[digits..];
                }
            }
        }
        rest.is_empty().then_some(seq).flatten()
    }

    /// The `{code}` part of an index number of this format (the prefix `new` continues
    /// when an issuer has no `code` of its own), if the number has the format.
    pub fn code_of(&self, index_no: &str) -> Option<String> {
        let at = self.parts.iter().position(|p| matches!(p, Part::Code))?;
        let mut rest = index_no;
        for p in &self.parts[..at] {
            let digits =
                |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            rest = match p {
                Part::Text(t) => rest.strip_prefix(t.as_str())?,
                Part::Year | Part::Seq(_) => rest.get(digits(rest).max(1)..)?,
                Part::Code => return None,
            };
        }
        let code = match self.parts.get(at + 1) {
            Some(Part::Text(t)) => &rest[..rest.find(t.as_str())?],
            None => rest,
            Some(_) => return None,
        };
        (!code.is_empty()).then(|| code.to_string())
    }

    /// The next free number for `code` and `year`, given every index number in use.
    pub fn next<'a>(
        &self,
        in_use: impl IntoIterator<Item = &'a str>,
        code: &str,
        year: i32,
    ) -> String {
        let last = in_use
            .into_iter()
            .filter_map(|n| self.seq_of(n, code, year))
            .max()
            .unwrap_or(0);
        self.render(code, year, last + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_of_a_number_is_what_precedes_its_separator() {
        let f = Format::parse(DEFAULT_FORMAT).unwrap();
        assert_eq!(
            f.code_of("01526376-X/2026-00012").as_deref(),
            Some("01526376-X")
        );
        assert_eq!(f.code_of("no-separator"), None);
        let g = Format::parse("SL-{year}-{code}-{seq:4}").unwrap();
        assert_eq!(g.code_of("SL-2026-JYJ-0003").as_deref(), Some("JYJ"));
    }

    #[test]
    fn default_format_round_trips() {
        let f = Format::parse(DEFAULT_FORMAT).unwrap();
        assert_eq!(f.render("01526376-X", 2026, 12), "01526376-X/2026-00012");
        assert_eq!(
            f.seq_of("01526376-X/2026-00012", "01526376-X", 2026),
            Some(12)
        );
        assert_eq!(f.seq_of("01526376-X/2025-00012", "01526376-X", 2026), None);
        assert_eq!(f.seq_of("01526377-1/2026-00012", "01526376-X", 2026), None);
    }

    #[test]
    fn next_is_one_past_the_highest_in_use() {
        let f = Format::parse(DEFAULT_FORMAT).unwrap();
        let used = [
            "A/2026-00001",
            "A/2026-00007",
            "A/2025-00090",
            "B/2026-00100",
            "A/2026-x",
        ];
        assert_eq!(f.next(used, "A", 2026), "A/2026-00008");
        assert_eq!(f.next(used, "A", 2027), "A/2027-00001");
        assert_eq!(f.next(["A/2026-99999"], "A", 2026), "A/2026-100000");
    }

    #[test]
    fn other_formats_and_bad_ones() {
        let f = Format::parse("{code}-/{year}-{seq:7}").unwrap();
        assert_eq!(
            f.render("01526376-X", 2018, 1204001),
            "01526376-X-/2018-1204001"
        );
        assert!(Format::parse("{code}/{year}").is_err());
        assert!(Format::parse("{code}/{yr}-{seq}").is_err());
        assert!(Format::parse("{code}/{seq:0}").is_err());
    }
}
