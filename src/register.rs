//! The application register (依申请公开登记台账, SPEC §11): `applications/*.csv` under the
//! site root, one row per application — `id, received, issuer, channel, applicant_type,
//! outcome, answered, extended`. It is validated (`register-invalid`), and each reply is
//! measured against its deadline on the site calendar (`late-reply`, `reply-overdue`).
//!
//! Only `check`, `stats` and `report` read it; `build` never does, so nothing of it can reach
//! the output (the leak harness plants markers in every column to hold that).

use crate::config::Config;
use crate::date::Date;
use crate::diag::{Diagnostic, codes, position::Position};
use crate::source;
use std::path::Path;

/// Where the register lives, under the site root.
pub const DIR: &str = "applications";

/// The columns, in the order `init` writes them.
pub const COLUMNS: [&str; 8] = [
    "id",
    "received",
    "issuer",
    "channel",
    "applicant_type",
    "outcome",
    "answered",
    "extended",
];

/// 申请人类型, as table 三's columns name them.
pub const APPLICANT_TYPES: &[&str] = &[
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
];

/// 办理结果, as table 三's rows name them (SPEC §11); the part after `/` is accepted alone
/// where it is unambiguous.
pub const OUTCOMES: &[&str] = &[
    "予以公开",
    "部分公开",
    "不予公开/属于国家秘密",
    "不予公开/其他法律行政法规禁止公开",
    "不予公开/危及“三安全一稳定”",
    "不予公开/保护第三方合法权益",
    "不予公开/属于三类内部事务信息",
    "不予公开/属于四类过程性信息",
    "不予公开/属于行政执法案卷",
    "不予公开/属于行政查询事项",
    "无法提供/本机关不掌握相关政府信息",
    "无法提供/没有现成信息需要另行制作",
    "无法提供/补正后申请内容仍不明确",
    "不予处理/信访举报投诉类申请",
    "不予处理/重复申请",
    "不予处理/要求提供公开出版物",
    "不予处理/无正当理由大量反复申请",
    "不予处理/要求行政机关确认或重新出具已获取信息",
    "其他处理/申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "其他处理/申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "其他处理/其他",
];

/// Working days to reply (条例 第三十三条), and with an extension.
pub const REPLY_DAYS: i64 = 20;
pub const EXTENDED_REPLY_DAYS: i64 = 40;

/// One application, as its row says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Application {
    /// The register file (from the site root) and the row's line.
    pub file: String,
    pub line: usize,
    pub id: String,
    pub received: Date,
    /// The issuer that received it (position in site.toml).
    pub issuer: usize,
    pub channel: String,
    /// Position in [`APPLICANT_TYPES`].
    pub applicant_type: usize,
    /// Position in [`OUTCOMES`]; `None` while still open.
    pub outcome: Option<usize>,
    pub answered: Option<Date>,
    pub extended: bool,
}

impl Application {
    /// The reply's deadline in working days.
    pub fn allowed_days(&self) -> i64 {
        if self.extended {
            EXTENDED_REPLY_DAYS
        } else {
            REPLY_DAYS
        }
    }
}

/// An outcome label (or its part after `/`, when only one outcome has it).
pub fn outcome(label: &str) -> Option<usize> {
    if let Some(i) = OUTCOMES.iter().position(|o| *o == label) {
        return Some(i);
    }
    let mut short = OUTCOMES
        .iter()
        .enumerate()
        .filter(|(_, o)| o.split_once('/').is_some_and(|(_, tail)| tail == label));
    match (short.next(), short.next()) {
        (Some((i, _)), None) => Some(i),
        _ => None,
    }
}

/// Every application of the register, and what is wrong with its rows.
pub fn read(root: &Path, config: &Config) -> (Vec<Application>, Vec<Diagnostic>) {
    let mut apps = Vec::new();
    let mut diags = Vec::new();
    for (file, read) in source::read_texts(root, DIR, ".csv") {
        match read {
            Ok(text) => parse(&file, &text, config, &mut apps, &mut diags),
            Err(why) => diags.push(
                Diagnostic::error(codes::REGISTER_INVALID, format!("无法读取登记台账：{why}"))
                    .in_file(&file)
                    .help("另存为 UTF-8 或 GBK 编码的 CSV"),
            ),
        }
    }
    let mut seen: crate::hash::FastMap<&str, &Application> = crate::hash::FastMap::default();
    for a in &apps {
        if let Some(first) = seen.insert(&a.id, a) {
            diags.push(
                invalid(
                    &a.file,
                    a.line,
                    format!(
                        "申请编号 `{}` 重复，已见于 {}:{} (duplicate id)",
                        a.id, first.file, first.line
                    ),
                )
                .help("每件申请一个编号"),
            );
        }
    }
    (apps, diags)
}

fn invalid(file: &str, line: usize, msg: String) -> Diagnostic {
    Diagnostic::error(codes::REGISTER_INVALID, msg)
        .in_file(file)
        .at(Some(Position::new(line, 1)))
}

/// Where each of [`COLUMNS`] stands in the register's first row; a column missing, or one
/// the schema does not define, is an error.
fn columns(file: &str, header: &[String]) -> Result<Vec<Option<usize>>, Diagnostic> {
    let at: Vec<Option<usize>> = COLUMNS
        .iter()
        .map(|c| header.iter().position(|h| h.trim() == *c))
        .collect();
    // The register holds no names (SPEC §11, §15): a column the schema does not define (an
    // applicant's name or phone number) is refused, not carried along.
    if let Some(extra) = (header.iter())
        .map(|h| h.trim())
        .find(|h| !h.is_empty() && !COLUMNS.contains(h))
    {
        let message = format!(
            "登记台账有未定义的列 `{extra}`；台账不记录申请人的姓名、电话等个人信息 (unknown column)"
        );
        return Err(invalid(file, 1, message)
            .help(format!("删去这一列；台账只有这些列：{}", COLUMNS.join(","))));
    }
    if let Some(missing) = COLUMNS.iter().zip(&at).find(|(_, p)| p.is_none()) {
        return Err(invalid(
            file,
            1,
            format!("登记台账缺少 `{}` 列 (missing column)", missing.0),
        )
        .help(format!("第一行写列名：{}", COLUMNS.join(","))));
    }
    Ok(at)
}

/// The rows of one register file.
fn parse(
    file: &str,
    text: &str,
    config: &Config,
    apps: &mut Vec<Application>,
    diags: &mut Vec<Diagnostic>,
) {
    let mut rows = source::csv::rows(text).into_iter();
    let Some((_, header)) = rows.next() else {
        return;
    };
    let at = match columns(file, &header) {
        Ok(at) => at,
        Err(d) => {
            diags.push(d);
            return;
        }
    };
    for (line, row) in rows {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let cell = |k: usize| {
            at[k]
                .and_then(|p| row.get(p))
                .map(|c| c.trim())
                .unwrap_or("")
        };
        let mut problems = Vec::new();
        let mut date = |k: usize| -> Option<Date> {
            let s = cell(k);
            if s.is_empty() {
                return None;
            }
            let d = Date::parse(s).ok();
            if d.is_none() {
                problems.push(format!(
                    "`{}` 的日期 `{s}` 无效，应为 YYYY-MM-DD",
                    COLUMNS[k]
                ));
            }
            d
        };
        let received = date(1);
        let answered = date(6);
        if cell(1).is_empty() {
            problems.push("没有填写收到日期 received".to_string());
        }
        let issuer = config.issuer(cell(2));
        if issuer.is_none() {
            problems.push(format!("受理机关 `{}` 未在 site.toml 中定义", cell(2)));
        }
        let applicant_type = APPLICANT_TYPES.iter().position(|t| *t == cell(4));
        if applicant_type.is_none() {
            problems.push(format!(
                "申请人类型 `{}` 不是：{}",
                cell(4),
                APPLICANT_TYPES.join("、")
            ));
        }
        let outcome_label = cell(5);
        let outcome = (!outcome_label.is_empty()).then(|| outcome(outcome_label));
        if outcome == Some(None) {
            problems.push(format!(
                "办理结果 `{outcome_label}` 不是年度报告表三的结果（如 予以公开、部分公开、不予公开/属于国家秘密）"
            ));
        }
        if let (Some(r), Some(a)) = (received, answered)
            && a < r
        {
            problems.push(format!("答复日期 {a} 早于收到日期 {r}"));
        }
        if outcome.is_some() != answered.is_some() && problems.is_empty() {
            problems.push("办理结果和答复日期要么都填，要么都空（仍在办理）".to_string());
        }
        let extended = match cell(7) {
            "" | "否" => false,
            "是" => true,
            other => {
                problems.push(format!("延期 `{other}` 应为“是”或留空"));
                false
            }
        };
        if cell(0).is_empty() {
            problems.push("没有填写申请编号 id".to_string());
        }
        if !problems.is_empty() {
            diags.push(
                invalid(
                    file,
                    line,
                    format!("登记台账第 {line} 行：{} (register-invalid)", problems.join("；")),
                )
                .help("按 SPEC 的列填写：id, received, issuer, channel, applicant_type, outcome, answered, extended"),
            );
            continue;
        }
        apps.push(Application {
            file: file.to_string(),
            line,
            id: cell(0).to_string(),
            received: received.expect("checked above"),
            issuer: issuer.expect("checked above"),
            channel: cell(3).to_string(),
            applicant_type: applicant_type.expect("checked above"),
            outcome: outcome.flatten(),
            answered,
            extended,
        });
    }
}

/// Replies measured against their deadlines on the site calendar: `late-reply` for an
/// answer after it, `reply-overdue` for an open application past it on `today`.
pub fn deadlines(apps: &[Application], config: &Config, today: Date) -> Vec<Diagnostic> {
    let cal = &config.calendar;
    apps.iter()
        .filter_map(|a| {
            let allowed = a.allowed_days();
            let at = Some(Position::new(a.line, 1));
            match a.answered {
                Some(answered) => {
                    let took = cal.working_days_between(a.received, answered);
                    (took > allowed).then(|| {
                        Diagnostic::warning(
                            codes::LATE_REPLY,
                            format!(
                                "申请 `{}` 收到于 {}，{answered} 才答复，用了 {took} 个工作日，超过 {allowed} 个工作日的期限 (late reply)",
                                a.id, a.received
                            ),
                        )
                        .in_file(&a.file)
                        .at(at)
                        .help("条例第三十三条：20 个工作日内答复，延期的不超过 40 个工作日；需要延期的在 extended 列写“是”")
                    })
                }
                None => {
                    let passed = cal.working_days_between(a.received, today);
                    (passed > allowed).then(|| {
                        Diagnostic::warning(
                            codes::REPLY_OVERDUE,
                            format!(
                                "申请 `{}` 收到于 {}，至今 {passed} 个工作日仍未答复，已超过 {allowed} 个工作日的期限 (reply overdue)",
                                a.id, a.received
                            ),
                        )
                        .in_file(&a.file)
                        .at(at)
                        .help("尽快答复，并在台账中填写 outcome 和 answered")
                    })
                }
            }
        })
        .collect()
}
