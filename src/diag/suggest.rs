//! "Did you mean": the nearest valid name to what an editor typed.

/// The candidate closest to `typed` by edit distance, if it is close enough to be a typo.
pub fn did_you_mean<'a>(
    typed: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    let typed_lower = typed.to_lowercase();
    let limit = (typed.chars().count() / 3).max(1) + usize::from(typed.chars().count() > 6);
    candidates
        .into_iter()
        .map(|c| (distance(&typed_lower, &c.to_lowercase()), c))
        .filter(|&(d, _)| d <= limit)
        .min_by_key(|&(d, c)| (d, c))
        .map(|(_, c)| c)
}

/// Edit distance over characters, counting a swap of neighbours as one edit (`titel`): the
/// optimal string alignment distance.
fn distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_names_only() {
        let fields = ["title", "index_no", "issuer", "published"];
        assert_eq!(did_you_mean("titel", fields), Some("title"));
        assert_eq!(did_you_mean("publshed", fields), Some("published"));
        assert_eq!(did_you_mean("colour", fields), None);
        assert_eq!(distance("titel", "title"), 1, "a swap is one edit");
        assert_eq!(distance("发布机关", "发布机构"), 1);
    }

    #[test]
    fn works_for_chinese_aliases() {
        assert_eq!(
            did_you_mean("发布机关", ["发布机构", "发布日期"]),
            Some("发布机构")
        );
    }
}
