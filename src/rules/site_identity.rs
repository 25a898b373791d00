//! The `site-identity` rule; its documentation is the doc comment of [`RULE`].

use super::registry::{Check, rule};
use crate::diag::Diagnostic;
use crate::model::visibility::Catalogue;

rule! {
    /// `site-identity` (网站标识不全): a government site (`base_url` under `.gov.cn`) whose
    /// `[identity]` lacks one of the marks every page's footer must carry — 网站标识码
    /// (`site_code`), ICP备案号 (`icp`), 公安机关备案号 (`psb`), 党政机关标识 (`conac_id` and
    /// `conac_image`) and the national 找错 entry (`jiucuo = true`) (《政府网站发展指引》,
    /// 国办发〔2017〕47号; SPEC §14).
    ///
    /// The starter site's placeholder address (`xxgk.example.gov.cn`) is not checked: the
    /// rule waits until `base_url` names the office's real domain.
    ///
    /// It points at site.toml and names what is missing. The footer shows each mark as a plain
    /// link to its registry (no third-party script); the 找错 link carries the site code and
    /// the page's own address.
    pub const RULE = Rule {
        code: "site-identity",
        label: "网站标识不全",
        level: crate::config::Level::Warning,
        checks: &[Check::Site(|ctx, _| check(ctx.cat))],
    };
}

/// The starter site's address (`xxgk.example.gov.cn`): the office has not put in its own
/// domain yet, so the footer's marks are not asked for (a new site's `check` passes).
fn placeholder(domain: &str) -> bool {
    domain == "example.gov.cn" || domain.ends_with(".example.gov.cn")
}

pub fn check(cat: &Catalogue) -> Vec<Diagnostic> {
    let c = cat.config;
    let domain = c.domain().split(':').next().unwrap_or_default();
    if !(domain.ends_with(".gov.cn") || domain == "gov.cn") || placeholder(domain) {
        return Vec::new();
    }
    let missing = c.identity.missing();
    if missing.is_empty() {
        return Vec::new();
    }
    vec![
        Diagnostic::warning(
            RULE.code,
            format!(
                "政府网站 {domain} 的页脚缺少：{} (site identity incomplete)",
                missing.join("、")
            ),
        )
        .in_file(crate::config::FILE)
        .field("identity")
        .help("在 site.toml 中写 [identity]：site_code、icp、psb、conac_id 和 conac_image、jiucuo = true"),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_starter_address_waits_and_a_real_one_is_checked() {
        assert!(placeholder("xxgk.example.gov.cn"));
        assert!(placeholder("example.gov.cn"));
        assert!(!placeholder("xxgk.qinghe.gov.cn"));
        assert!(!placeholder("notexample.gov.cn"));
    }
}
