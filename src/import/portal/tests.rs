use super::*;

#[test]
fn labels_in_their_usual_dresses() {
    assert_eq!(label("索引号："), Some(Field::IndexNo));
    assert_eq!(label("【发布机构】"), Some(Field::Issuer));
    assert_eq!(label("文　号"), Some(Field::DocNo));
    assert_eq!(label("所属主题:"), Some(Field::Category));
    assert_eq!(label("附件"), None);
    assert_eq!(
        label_and_value("成文日期：2026年03月10日"),
        Some((Field::Written, Some("2026年03月10日".into())))
    );
    assert_eq!(label_and_value("关于做好政务公开工作的通知"), None);
}

#[test]
fn dates_in_portal_spellings() {
    assert_eq!(date("2026-03-10 09:30:00").as_deref(), Some("2026-03-10"));
    assert_eq!(date("2026年3月10日").as_deref(), Some("2026-03-10"));
    assert_eq!(date("2026/13/10"), None);
}

#[test]
fn gbk_pages_are_read() {
    let (bytes, _, _) = encoding_rs::GBK.encode("<meta charset=\"gb2312\"><p>示例县</p>");
    assert!(decode(&bytes).contains("示例县"));
    assert_eq!(percent_decode("%E9%99%84%E4%BB%B6.pdf"), "附件.pdf");
}
