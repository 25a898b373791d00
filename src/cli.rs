//! Command-line arguments (SPEC §4). Definitions only; `cmd/` does the work.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "gongkai",
    version,
    about = "政府信息公开目录静态站点生成器 — build a disclosure catalogue from Markdown"
)]
pub struct Cli {
    /// 站点文件夹（含 site.toml 和 content/） — the site folder.
    #[arg(long, global = true, default_value = ".")]
    pub root: PathBuf,
    /// 检查所依据的日期 YYYY-MM-DD（默认今天，北京时间；也可用环境变量 GONGKAI_TODAY） — the date rules measure against.
    #[arg(long, global = true, env = "GONGKAI_TODAY")]
    pub today: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// 生成站点到文件夹（默认 public/），整体替换 — build the site, atomically.
    Build(BuildArgs),
    /// 本地预览：保存即更新并刷新浏览器 — serve on 127.0.0.1, rebuild on every change.
    Serve(ServeArgs),
    /// 检查全部内容并报告，不写任何文件 — validate everything; writes nothing.
    Check(CheckArgs),
    /// 新建文件，自动编下一个索引号 — a document with the next free index number.
    New(NewArgs),
    /// 新建站点，含县级标准公开目录 — a new site with the standard catalogue.
    Init(InitArgs),
    /// 导入 Word 公文（.docx）和旧门户保存的网页（.html） — import Word files and saved portal pages.
    Import(ImportArgs),
    /// 记录人工审核：无法完整检查的附件（如加密 PDF）经人打开确认可以公开 — record a person's review of an attachment the guard cannot read completely.
    Review(ReviewArgs),
    /// 按发布机构或栏目统计发布数量并排名 — count and rank published documents.
    Stats(StatsArgs),
    /// 生成报告草稿 — write a report as a draft document.
    Report {
        #[command(subcommand)]
        report: Report,
    },
    /// Internal: read one attachment as text in a process of its own, under limits, and
    /// print its reading (what `build` runs for each PDF).
    #[command(hide = true)]
    ReadAttachment { path: std::path::PathBuf },
    /// Internal: print the manual page (roff) made from these definitions; the .deb ships it.
    #[command(hide = true)]
    Manpage,
}

#[derive(Subcommand, Debug)]
pub enum Report {
    /// 政府信息公开工作年度报告草稿（全国统一格式） — the annual report, as a draft.
    Annual(AnnualArgs),
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum StatsBy {
    Issuer,
    Category,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Header {
    Zh,
    En,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum StatsFormat {
    Table,
    Csv,
    Json,
}

/// The least serious findings `check` shows.
#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum ShowLevel {
    Error,
    Warning,
}

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// The arguments of `gongkai build`.
#[derive(clap::Args, Debug)]
pub struct BuildArgs {
    /// 输出文件夹 — output folder.
    #[arg(long, default_value = "public")]
    pub out: PathBuf,
    /// 生成后列出各阶段用时、CPU 时间和读写字节数 — print each stage's wall and CPU time and bytes read and written.
    #[arg(long)]
    pub timings: bool,
}

/// The arguments of `gongkai serve`.
#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    /// 端口（0：任一空闲端口） — port to listen on.
    #[arg(long, default_value_t = 8000)]
    pub port: u16,
    /// 监听地址，代替 127.0.0.1（其他机器可访问） — address to listen on.
    #[arg(long)]
    pub bind: Option<String>,
    /// 输出文件夹（默认在站点的 .gongkai/serve 中，停止预览时删除） — output folder.
    #[arg(long)]
    pub out: Option<PathBuf>,
    /// 每轮重建后打印各阶段的用时和读写字节数 — print each round's stage times and bytes.
    #[arg(long)]
    pub timings: bool,
}

/// The arguments of `gongkai check`.
#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// 警告也按错误处理（退出码 1） — treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
    /// 只报告自 REV（默认 HEAD：已暂存和未暂存的修改）以来改动的文件，及其引起的全站问题 — only files changed since REV (pre-commit hook).
    #[arg(long, value_name = "REV", num_args = 0..=1, default_missing_value = "")]
    pub changed: Option<String>,
    /// 检查提交说明（commit-msg 钩子）：说明会显示在更新记录中，不得含有不公开文件的内容 — check a commit message (the commit-msg hook).
    #[arg(long, value_name = "FILE")]
    pub commit_msg: Option<std::path::PathBuf>,
    /// 只显示这一级及更重的问题：error 只显示错误 — show only findings of this level or worse.
    #[arg(long, value_enum, default_value_t = ShowLevel::Warning)]
    pub level: ShowLevel,
    /// 逐条列出全站的同类问题（默认合并为一行） — list alike site-wide findings one by one.
    #[arg(long, short)]
    pub verbose: bool,
    /// 只检查这些文件或文件夹，及与它们有关的全站问题 — check only these files or folders.
    #[arg(value_name = "PATH")]
    pub paths: Vec<std::path::PathBuf>,
}

/// The arguments of `gongkai new`.
#[derive(clap::Args, Debug)]
pub struct NewArgs {
    /// 发布机构的名称、别名或 id — the issuer (site.toml [[issuers]]).
    #[arg(long)]
    pub issuer: String,
    /// 栏目的 id 或名称 — the category (site.toml [[categories]]).
    #[arg(long)]
    pub category: String,
    /// 公开属性：主动公开、依申请公开或不予公开 — the public attribute.
    #[arg(long, default_value = "主动公开")]
    pub attribute: String,
    /// 文件类型：规章、规范性文件或其他 — the document type.
    #[arg(long)]
    pub doc_type: Option<String>,
    /// 标题 — the document's title.
    pub title: String,
    /// 成文日期（默认今天），YYYY-MM-DD — the date the document was made.
    #[arg(long)]
    pub written: Option<String>,
    /// 文号，例如 示政办发〔2026〕5号 — the document number.
    #[arg(long)]
    pub doc_no: Option<String>,
    /// 被解读的政策文件的索引号（政策解读用） — the policy this interpretation explains.
    #[arg(long)]
    pub interprets: Option<String>,
    /// 正文模板：通知、公示、规范性文件、政策解读，或站点 templates/new/ 中的其他模板 — start the body from a template.
    #[arg(long)]
    pub template: Option<String>,
}

/// The arguments of `gongkai init`.
#[derive(clap::Args, Debug)]
pub struct InitArgs {
    /// 要创建的文件夹（不存在或为空） — the folder to create.
    pub dir: std::path::PathBuf,
}

/// The arguments of `gongkai import`.
#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// 文件或文件夹（文件夹中的每个 .docx / .html 都导入） — files or folders to import.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// 标题（文件中没有标题或标题不对时；只用于单个文件） — the title, for one file.
    #[arg(long)]
    pub title: Option<String>,
    /// 发布机构（覆盖文件中的落款或页面的发布机构） — the issuer, for every file.
    #[arg(long)]
    pub issuer: Option<String>,
    /// 栏目的 id 或名称（覆盖页面的公开目录） — the category, for every file.
    #[arg(long)]
    pub category: Option<String>,
    /// 公开属性；.docx 必须写明（Word 文件不说明能否公开） — the public attribute.
    #[arg(long)]
    pub attribute: Option<String>,
    /// 只显示会导入什么，不写任何文件 — show what would be imported; write nothing.
    #[arg(long)]
    pub dry_run: bool,
}

/// The arguments of `gongkai review`.
#[derive(clap::Args, Debug)]
pub struct ReviewArgs {
    /// 附件文件 — the attachment.
    pub file: Option<PathBuf>,
    /// 审核人姓名 — who opened and checked it.
    #[arg(long)]
    pub by: String,
    /// 审核全部当前无法检查的附件（启用 gongkai 时用） — every unchecked attachment at once.
    #[arg(long)]
    pub unchecked: bool,
}

/// The arguments of `gongkai stats`.
#[derive(clap::Args, Debug)]
pub struct StatsArgs {
    /// 统计起始日 YYYY-MM-DD — first day counted.
    #[arg(long)]
    pub from: Option<String>,
    /// 统计截止日 YYYY-MM-DD（默认 --today） — last day counted.
    #[arg(long)]
    pub to: Option<String>,
    /// 统计年度，并给出年度报告表二的数字 — a year, with the annual-report figures.
    #[arg(long)]
    pub year: Option<i32>,
    #[arg(long, value_enum, default_value_t = StatsBy::Issuer)]
    pub by: StatsBy,
    #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
    pub format: StatsFormat,
    /// 按季度统计依申请公开登记台账 — the application register by quarter.
    #[arg(long)]
    pub applications: bool,
    /// CSV 表头语言：zh 中文，en 英文（供程序读取） — the CSV header's language.
    #[arg(long, value_enum, default_value_t = Header::Zh)]
    pub header: Header,
}

/// The arguments of `gongkai report annual`.
#[derive(clap::Args, Debug)]
pub struct AnnualArgs {
    /// 报告年度 — the year reported on.
    #[arg(long)]
    pub year: i32,
    /// 发布机构；不写则为本级政府的报告（kind = "government"） — whose report.
    #[arg(long)]
    pub issuer: Option<String>,
    /// 格式：2021（国办公开办函〔2021〕30号） — the national format.
    #[arg(long, default_value_t = 2021)]
    pub format: u32,
    /// 写到哪个文件（默认 content/<机构>/<今年>/<编号>.md） — where to write it.
    #[arg(long)]
    pub out: Option<PathBuf>,
}
