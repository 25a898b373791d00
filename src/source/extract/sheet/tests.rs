use super::super::listed;
use super::*;

#[test]
fn references_and_targets_are_read_as_excel_writes_them() {
    assert_eq!(cell_ref("A1"), Some((0, 0)));
    assert_eq!(cell_ref("c2"), Some((2, 1)));
    assert_eq!(cell_ref("AA10"), Some((26, 9)));
    assert_eq!(cell_ref("XFD1048576"), Some((16383, 1048575)));
    assert_eq!(cell_ref("A0"), None);
    assert_eq!(cell_ref("12"), None);
    assert_eq!(
        resolve("xl", "worksheets/sheet1.xml"),
        "xl/worksheets/sheet1.xml"
    );
    assert_eq!(resolve("xl", "/xl/sheets/a.xml"), "xl/sheets/a.xml");
    assert_eq!(
        resolve("xl/worksheets", "../sharedStrings.xml"),
        "xl/sharedStrings.xml"
    );
    assert_eq!(number("42"), "42");
    assert_eq!(number("1.5E+17"), "150000000000000000");
    assert_eq!(number("110101199003071234"), "110101199003071234");
    assert_eq!(number("007"), "7");
    assert_eq!(number("0"), "0");
    assert_eq!(number("0.25"), "0.25");
}

#[test]
fn cells_of_every_type_are_read_without_phonetic_guides() {
    let shared = r#"<sst><si><t>姓名</t></si><si><r><t>张</t></r><r><t>三</t></r><rPh><t>ZHANG</t></rPh></si></sst>"#.as_bytes();
    let shared = shared_strings(shared).unwrap();
    assert_eq!(shared, ["姓名", "张三"]);
    let sheet = r#"<worksheet><sheetData>
        <row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="inlineStr"><is><t>身份证号&amp;</t></is></c></row>
        <row><c t="s"><v>1</v></c><c><v>13800138000</v></c><c t="b"><v>1</v></c><c t="str"><f>A1</f><v>公式</v></c><c r="F2"/></row>
        <row r="5"><c r="B5" t="e"><v>#DIV/0!</v></c><c r="C5"><v>2.5</v></c></row>
    </sheetData></worksheet>"#.as_bytes();
    let mut out = Text::default();
    out.sheets.push("名单".into());
    cells(sheet, &shared, 0, &mut out).unwrap();
    let got = listed(&out);
    let want = [
        ("工作表「名单」A1", "姓名"),
        ("工作表「名单」C1", "身份证号&"),
        ("工作表「名单」A2", "张三"),
        ("工作表「名单」B2", "13800138000"),
        ("工作表「名单」C2", "true"),
        ("工作表「名单」D2", "公式"),
        ("工作表「名单」B5", "#DIV/0!"),
        ("工作表「名单」C5", "2.5"),
    ];
    let got: Vec<(&str, &str)> = got.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    assert_eq!(got, want);
}

/// A cell that names a long shared string, over and over, says more than the file's
/// bytes: the reading stops at its budget with an error, in the build's own memory.
#[test]
fn text_that_outgrows_its_bytes_stops_at_the_budget() {
    let shared = vec!["长".repeat(1 << 20)];
    let cell = r#"<c t="s"><v>0</v></c>"#;
    let sheet = format!(
        "<worksheet><sheetData><row>{}</row></sheetData></worksheet>",
        cell.repeat(40)
    );
    let mut out = Text::default();
    assert!(matches!(
        cells(sheet.as_bytes(), &shared, 0, &mut out),
        Err(Stop::TooMuch)
    ));
    assert!(out.text.len() < MAX_READING + (4 << 20));
    let spaces = r#"<text:s text:c="1000"/>"#.repeat(70_000);
    let ods_xml = format!(
        r#"<table:table table:name="a"><table:table-row><table:table-cell><text:p>{spaces}</text:p></table:table-cell></table:table-row></table:table>"#
    );
    assert_eq!(ods(ods_xml.as_bytes()).err(), Some(too_much()));
}

#[test]
fn ods_cells_count_their_repeats_and_leave_comments_out() {
    let xml = r#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x"><office:body><office:spreadsheet>
        <table:table table:name="低保">
          <table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="3"/></table:table-row>
          <table:table-row>
            <table:table-cell/>
            <table:table-cell office:value-type="string"><text:p>李<text:s text:c="2"/>四</text:p><text:p>第二行</text:p><office:annotation><text:p>批注里的字</text:p></office:annotation></table:table-cell>
            <table:table-cell office:value-type="float" office:value="13800138000"><text:p>1.38E+10</text:p></table:table-cell>
          </table:table-row>
        </table:table>
        <table:table table:name="二"><table:table-row><table:table-cell table:number-columns-repeated="2"><text:p>重复</text:p></table:table-cell><table:table-cell office:value-type="boolean" office:boolean-value="true"/></table:table-row></table:table>
    </office:spreadsheet></office:body></office:document-content>"#.as_bytes();
    let got = listed(&ods(xml).unwrap());
    let got: Vec<(&str, &str)> = got.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    assert_eq!(
        got,
        [
            ("工作表「低保」B3", "李  四\n第二行"),
            ("工作表「低保」C3", "13800138000"),
            ("工作表「二」A1", "重复"),
            ("工作表「二」C1", "true"),
        ]
    );
}
