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
    /// The site folder (holding site.toml and content/).
    #[arg(long, global = true, default_value = ".")]
    pub root: PathBuf,
    /// The date rules measure against, YYYY-MM-DD (default: today, China time).
    #[arg(long, global = true)]
    pub today: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build the site into a folder (default public/), atomically.
    Build {
        /// Output folder.
        #[arg(long, default_value = "public")]
        out: PathBuf,
    },
    /// Build, serve on 127.0.0.1, rebuild on every change and reload the browser.
    Serve {
        /// Port to listen on (0: any free port).
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// Address to listen on instead of 127.0.0.1 (reachable from other machines).
        #[arg(long)]
        bind: Option<String>,
        /// Output folder (default: a folder in the system's temporary directory).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Validate everything and report; writes nothing.
    Check {
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Treat warnings as errors (exit status 1).
        #[arg(long)]
        strict: bool,
    },
    /// Create a document with the next free index number for its issuer and year.
    New {
        /// The issuer's name, alias or id (site.toml [[issuers]]).
        #[arg(long)]
        issuer: String,
        /// The category's id or name (site.toml [[categories]]).
        #[arg(long)]
        category: String,
        /// 公开属性: 主动公开, 依申请公开 or 不予公开.
        #[arg(long, default_value = "主动公开")]
        attribute: String,
        /// 文件类型: 规章, 规范性文件 or 其他.
        #[arg(long)]
        doc_type: Option<String>,
        /// The document's title.
        title: String,
    },
    /// Create a new site with the standard catalogue a county must keep.
    Init {
        /// The folder to create (must not exist, or be empty).
        dir: std::path::PathBuf,
    },
    /// Count published documents per issuer or category in a date range, ranked.
    Stats {
        /// First day counted, YYYY-MM-DD (default: the first document).
        #[arg(long)]
        from: Option<String>,
        /// Last day counted, YYYY-MM-DD (default: --today).
        #[arg(long)]
        to: Option<String>,
        /// A calendar year: counts that year and adds the annual-report figures
        /// (规章 and 规范性文件 made, published, valid).
        #[arg(long)]
        year: Option<i32>,
        #[arg(long, value_enum, default_value_t = StatsBy::Issuer)]
        by: StatsBy,
        #[arg(long, value_enum, default_value_t = StatsFormat::Table)]
        format: StatsFormat,
        /// Summarise the application register (applications/*.csv) by quarter instead.
        #[arg(long)]
        applications: bool,
        /// The CSV header's language: zh (中文, for people) or en (for machines).
        #[arg(long, value_enum, default_value_t = Header::Zh)]
        header: Header,
    },
    /// Write a report as a draft document of the site.
    Report {
        #[command(subcommand)]
        report: Report,
    },
    /// Internal: read one attachment as text in a process of its own, under limits, and
    /// print its reading (what `build` runs for each Office file).
    #[command(hide = true)]
    ReadAttachment { path: std::path::PathBuf },
}

#[derive(Subcommand, Debug)]
pub enum Report {
    /// 政府信息公开工作年度报告: the draft of the report on a year in the national format,
    /// its tables counted from the catalogue, the application register and reports/Y.toml.
    Annual {
        /// The year reported on.
        #[arg(long)]
        year: i32,
        /// The issuer whose report it is (name, alias or id); without it, the government's
        /// report over every issuer (the issuer with kind = "government").
        #[arg(long)]
        issuer: Option<String>,
        /// The national format: 2021 (国办公开办函〔2021〕30号), the current one.
        #[arg(long, default_value_t = 2021)]
        format: u32,
        /// Where to write the document (default: content/<issuer>/<this year>/<number>.md).
        #[arg(long)]
        out: Option<PathBuf>,
    },
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

#[derive(Clone, Copy, Debug, ValueEnum, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}
