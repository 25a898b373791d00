//! `[identity]`: the marks an inspector looks for in every page's footer (SPEC §14) — the
//! 网站标识码, ICP备案号, 公安机关备案号, 党政机关标识 and the national 找错 entry.

use super::reader::Reader;
use crate::diag::codes;
use toml_edit::TableLike;

const IDENTITY_KEYS: &[&str] = &[
    "site_code",
    "icp",
    "psb",
    "conac_id",
    "conac_image",
    "jiucuo",
    "icp_url",
    "psb_url",
    "conac_url",
    "jiucuo_url",
];

pub const ICP_URL: &str = "https://beian.miit.gov.cn/";
pub const PSB_URL: &str = "https://beian.mps.gov.cn/#/query/webSearch?code=";
pub const CONAC_URL: &str = "https://bszs.conac.cn/sitename?method=show&id=";
pub const JIUCUO_URL: &str = "https://zfwzgl.www.gov.cn/exposure/jiucuo.html";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// 网站标识码 (formerly the top-level `site_id_code`).
    pub site_code: Option<String>,
    /// ICP备案号, e.g. `黔ICP备12345678号`.
    pub icp: Option<String>,
    /// 公安机关备案号, e.g. `黔公网安备52000002000001号`.
    pub psb: Option<String>,
    /// 党政机关标识: the id on bszs.conac.cn and the local image file (from the site root).
    pub conac_id: Option<String>,
    pub conac_image: Option<String>,
    /// Whether the footer carries the national 找错 entry.
    pub jiucuo: bool,
    pub icp_url: String,
    pub psb_url: String,
    pub conac_url: String,
    pub jiucuo_url: String,
}

impl Default for Identity {
    fn default() -> Self {
        Identity {
            site_code: None,
            icp: None,
            psb: None,
            conac_id: None,
            conac_image: None,
            jiucuo: false,
            icp_url: ICP_URL.into(),
            psb_url: PSB_URL.into(),
            conac_url: CONAC_URL.into(),
            jiucuo_url: JIUCUO_URL.into(),
        }
    }
}

impl Identity {
    /// What a `.gov.cn` site lacks of the marks (`site-identity`).
    pub fn missing(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        for (given, what) in [
            (self.site_code.is_some(), "网站标识码 site_code"),
            (self.icp.is_some(), "ICP备案号 icp"),
            (self.psb.is_some(), "公安机关备案号 psb"),
            (
                self.conac_id.is_some() && self.conac_image.is_some(),
                "党政机关标识 conac_id 和 conac_image",
            ),
            (self.jiucuo, "找错入口 jiucuo = true"),
        ] {
            if !given {
                out.push(what);
            }
        }
        out
    }

    /// The 公安备案 number's digits, as its query address takes them.
    pub fn psb_digits(&self) -> Option<String> {
        let digits: String = self
            .psb
            .as_deref()?
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        (!digits.is_empty()).then_some(digits)
    }
}

impl Reader<'_> {
    /// `[identity]`, and the old top-level `site_id_code` (read, with a warning).
    pub(super) fn identity(&mut self, root: &dyn TableLike) -> Identity {
        let mut out = Identity::default();
        if let Some(code) = self.string(root, "site_id_code", false) {
            let pos = self.value_pos(root, "site_id_code");
            self.warning(
                codes::CONFIG,
                pos,
                "site_id_code",
                "site_id_code 已移到 [identity] 的 site_code (moved to [identity])".into(),
                format!("改写为：\n[identity]\nsite_code = \"{code}\""),
            );
            out.site_code = Some(code);
        }
        let Some(item) = root.get("identity") else {
            return out;
        };
        let Some(t) = item.as_table_like() else {
            let pos = self.value_pos(root, "identity");
            self.error(
                codes::CONFIG,
                pos,
                "identity",
                "`identity` 应为表 [identity] (expected a table)".into(),
                "写成 [identity] 下的 site_code = \"…\"、icp = \"…\" 等".into(),
            );
            return out;
        };
        self.check_keys(t, IDENTITY_KEYS, "[identity]");
        if let Some(code) = self.string(t, "site_code", false) {
            out.site_code = Some(code);
        }
        out.icp = self.string(t, "icp", false);
        out.psb = self.string(t, "psb", false);
        out.conac_id = self.string(t, "conac_id", false);
        out.conac_image = self.string(t, "conac_image", false);
        out.jiucuo = self.boolean(t, "jiucuo").unwrap_or(false);
        for (key, slot) in [
            ("icp_url", &mut out.icp_url),
            ("psb_url", &mut out.psb_url),
            ("conac_url", &mut out.conac_url),
            ("jiucuo_url", &mut out.jiucuo_url),
        ] {
            if let Some(url) = self.url(t, key) {
                *slot = url;
            }
        }
        if out.psb.is_some() && out.psb_digits().is_none() {
            let pos = self.value_pos(t, "psb");
            self.error(
                codes::CONFIG,
                pos,
                "psb",
                "公安机关备案号 psb 中没有数字 (psb has no number)".into(),
                "例如 psb = \"黔公网安备52000002000001号\"".into(),
            );
        }
        out
    }
}
