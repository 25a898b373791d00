// The search page in a real browser, against the demo site: Chinese words, index and document
// numbers in every bracket style, facets, the URL, and nothing withheld ever found.
import { test, expect } from "@playwright/test";
import { createRequire } from "node:module";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");
const HERE = path.dirname(fileURLToPath(import.meta.url));
const CONTENT = path.join(HERE, "..", "..", "content");

/** Every demo document: front matter fields (English or Chinese keys) and body. */
function demoDocuments() {
  const out = [];
  const walk = (dir) => {
    for (const name of fs.readdirSync(dir)) {
      const p = path.join(dir, name);
      if (fs.statSync(p).isDirectory()) walk(p);
      else if (name.endsWith(".md")) {
        const text = fs.readFileSync(p, "utf8");
        const [, front, body] = text.split(/^---$/m);
        const field = (en, zh) => {
          const m = front.match(new RegExp(`^(?:${en}|${zh}):\\s*(.*)$`, "m"));
          return m ? m[1].trim().replace(/^"|"$/g, "") : "";
        };
        out.push({
          file: p, title: field("title", "标题"), index: field("index_no", "索引号"),
          docNo: field("doc_no", "文号"), attribute: field("attribute", "公开属性"), body,
        });
      }
    }
  };
  walk(CONTENT);
  return out;
}
const DOCS = demoDocuments();

async function search(page, q) {
  await page.goto("/search/index.html");
  const box = page.getByRole("searchbox", { name: "关键词、索引号或文号" });
  await box.fill(q);
  await box.press("Enter");
  await expect(page.locator("#search-status")).not.toHaveText("正在检索……");
  await expect(page.locator("#search-status")).not.toHaveText(/输入关键词/);
  return page.locator(".search-results > li > a");
}

test("a Chinese word finds its document first, highlighted", async ({ page }) => {
  const results = await search(page, "招生入学");
  await expect(results.first()).toHaveText("示例县义务教育阶段学校招生入学管理办法");
  await expect(results.first().locator("mark").first()).toHaveText("招生入学");
  expect(page.url()).toContain("q=%E6%8B%9B%E7%94%9F%E5%85%A5%E5%AD%A6");
  // Title, issuer, index number, document number, date and snippet.
  const first = page.locator(".search-results > li").first();
  await expect(first.locator(".doc-meta")).toHaveText("县教育局 · 01526376-X/2026-00001 · 示教发〔2026〕8号 · 2026-03-16");
  // The document has a 内容概述 (SPEC §14): it is the snippet.
  await expect(first.locator(".snippet")).toContainText("规定义务教育阶段学校招生范围的划分");
});

test("every number in every bracket style finds its document first", async ({ page }) => {
  const withNo = DOCS.filter((d) => d.attribute === "主动公开" && /〔\d{4}〕/.test(d.docNo)).slice(0, 4);
  expect(withNo.length).toBeGreaterThan(2);
  for (const d of withNo) {
    const variants = ["〔〕", "[]", "()", "【】", "（）"].map(([o, c]) => d.docNo.replace("〔", o).replace("〕", c));
    variants.push(d.docNo.replace(/〔(\d{4})〕/, " $1 "), d.index);
    for (const v of variants) {
      const results = await search(page, v);
      await expect(results.first(), `${v} → ${d.title}`).toHaveText(d.title);
    }
  }
});

test("any Chinese word of two or more characters from a document finds it", async ({ page }) => {
  // Deterministic samples: 2–4 characters from runs of Chinese text in titles and bodies.
  let seed = 20261122;
  const rand = (n) => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; };
  const listed = DOCS.filter((d) => d.attribute === "主动公开");
  let checked = 0;
  for (let i = 0; i < 24; i++) {
    const d = listed[rand(listed.length)];
    const runs = (d.title + "\n" + d.body).match(/[\u4e00-\u9fff]{4,}/g) || [];
    if (!runs.length) continue;
    const run = runs[rand(runs.length)];
    const len = 2 + rand(3);
    const start = rand(run.length - len + 1);
    const word = run.slice(start, start + len);
    await search(page, word);
    // The document is among the results (all pages: follow the pager if needed).
    const titles = [];
    for (;;) {
      titles.push(...(await page.locator(".search-results > li > a").allTextContents()));
      const next = page.locator(".search-pager a[rel=next]");
      if (!(await next.count())) break;
      await next.click();
      await expect(page.locator("#search-status")).not.toHaveText("正在检索……");
    }
    expect(titles, `“${word}” from ${d.title}`).toContain(d.title);
    checked++;
  }
  expect(checked).toBeGreaterThan(15);
});

test("filters narrow the results, show counts, live in the URL and follow the back button", async ({ page }) => {
  await search(page, "工作");
  const status = page.locator("#search-status");
  const total = Number((await status.textContent()).match(/找到 (\d+) 条/)[1]);
  expect(total).toBeGreaterThan(10);
  const issuer = page.locator(".facets a[href*='issuer=']").first();
  const label = await issuer.textContent();
  const count = Number(label.match(/（(\d+)）$/)[1]);
  await issuer.click();
  await expect(status).toContainText(`找到 ${count} 条`);
  expect(page.url()).toContain("issuer=");
  const name = label.replace(/（\d+）$/, "");
  await expect(page.locator(".facets a[aria-current=true]")).toHaveText(label);
  // A column filter includes its sub-columns.
  await page.goBack();
  await expect(status).toContainText(`找到 ${total} 条`);
  const parent = page.locator(".facets a[href*='category=fdzdgk']");
  if (await parent.count()) {
    const n = Number((await parent.textContent()).match(/（(\d+)）$/)[1]);
    await parent.click();
    await expect(status).toContainText(`找到 ${n} 条`);
  }
  // Years: the counts add up to the total, and a year's results are all dated in it (the
  // dates come from the facet table, the shown dates from the result lines).
  await page.goBack();
  await expect(status).toContainText(`找到 ${total} 条`);
  const years = page.locator(".facets a[href*='year=']");
  const labels = await years.allTextContents();
  expect(labels.length).toBeGreaterThan(1);
  const sum = labels.reduce((n, l) => n + Number(l.match(/（(\d+)）$/)[1]), 0);
  expect(sum).toBe(total);
  const oldest = labels[labels.length - 1];
  await years.last().click();
  await expect(status).toContainText(`找到 ${oldest.match(/（(\d+)）$/)[1]} 条`);
  for (const d of await page.locator(".search-results time").allTextContents()) {
    expect(d.slice(0, 4)).toBe(oldest.slice(0, 4));
  }
  // Sorting by date.
  await page.goto("/search/index.html?q=%E5%B7%A5%E4%BD%9C&sort=date");
  await expect(status).toContainText("找到");
  const dates = await page.locator(".search-results time").allTextContents();
  expect([...dates].sort().reverse()).toEqual(dates);
  expect(name.length).toBeGreaterThan(0);
});

test("nothing withheld is ever found; on-request documents only by their metadata", async ({ page }) => {
  const withheld = DOCS.filter((d) => d.attribute === "不予公开");
  expect(withheld.length).toBe(3);
  for (const d of withheld) {
    await search(page, d.title);
    await expect(page.locator(".search-results")).not.toContainText(d.title);
  }
  const onRequest = DOCS.find((d) => d.title === "民办学校办学许可审查材料汇编");
  let results = await search(page, "办学许可审查");
  await expect(results.first()).toHaveText(onRequest.title);
  await search(page, "校舍安全鉴定");
  await expect(page.locator(".search-results")).not.toContainText(onRequest.title);
});

test("a word only inside a public PDF attachment finds its document and names the attachment", async ({ page, request }) => {
  const results = await search(page, "过渡安置费");
  await expect(results).toHaveCount(1);
  await expect(results.first()).toHaveText("县城西片区土地征收补偿安置方案公告");
  const found = page.locator(".search-results > li").first().locator(".found-in");
  await expect(found).toHaveText("在附件中找到：征收补偿安置方案.pdf");
  const href = await found.getByRole("link", { name: "征收补偿安置方案.pdf" }).getAttribute("href");
  const file = await request.get(new URL(href, page.url()).href);
  expect(file.status()).toBe(200);
  expect((await file.body()).subarray(0, 5).toString()).toBe("%PDF-");
  await page.addScriptTag({ path: AXE });
  const result = await page.evaluate(async () => window.axe.run(document));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(bad.map((v) => v.id)).toEqual([]);
  // Found by its own text, a document names no attachment.
  await search(page, "补偿安置方案公告");
  await expect(page.locator(".search-results > li").first().locator(".found-in")).toHaveCount(0);
  // A spreadsheet's cells are searched too.
  const cells = await search(page, "龙潭镇");
  await expect(cells.first()).toHaveText("2026年第三季度城乡低保资金发放情况公示");
  await expect(page.locator(".search-results > li").first().locator(".found-in"))
    .toHaveText("在附件中找到：2026年第三季度城乡低保对象名单.xlsx");
});

test("a word inside an on-request document's attachment is found nowhere", async ({ page }) => {
  await search(page, "异议户名册");
  await expect(page.locator("#search-status")).toContainText("没有找到");
  await expect(page.locator(".search-results > li")).toHaveCount(0);
});

test("a 有效性 facet tells the policies in force from those that ended", async ({ page }) => {
  const results = await search(page, "信息公开工作考核办法");
  await expect(results).toHaveCount(2);
  const facet = page.locator(".facets div").filter({ has: page.getByRole("heading", { name: "有效性" }) });
  await expect(facet.getByRole("link")).toHaveText(["有效（1）", "失效（1）"]);
  await facet.getByRole("link", { name: "失效（1）" }).click();
  await expect(results).toHaveCount(1);
  await expect(results.first()).toHaveText("示例县政府信息公开工作考核办法");
  expect(page.url()).toContain("validity=4");
});

test("no match says so clearly", async ({ page }) => {
  await search(page, "量子纠缠通信卫星");
  await expect(page.locator("#search-status")).toContainText("没有找到");
  await expect(page.locator(".search-results > li")).toHaveCount(0);
});

for (const mode of ["", "#large-text"]) {
  test(`axe: search results${mode ? " (large)" : ""}`, async ({ page }) => {
    await page.goto("/search/index.html?q=%E5%B7%A5%E4%BD%9C" + mode);
    await expect(page.locator("#search-status")).toContainText("找到");
    await page.addScriptTag({ path: AXE });
    const result = await page.evaluate(async (large) => window.axe.run(document, {
      rules: { "color-contrast-enhanced": { enabled: large } },
    }), mode !== "");
    const bad = result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical" || (mode && v.id === "color-contrast-enhanced"))
      .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
    expect(bad, bad.join("\n")).toEqual([]);
  });
}

test("the browser's tokenizer agrees with the indexer's", async ({ page }) => {
  const cases = JSON.parse(fs.readFileSync(path.join(HERE, "tokenizer-cases.json"), "utf8"));
  await page.goto("/search/index.html");
  const got = await page.evaluate((cases) => cases.map(([text]) => [
    window.GongkaiSearch.terms(text), window.GongkaiSearch.numberKey(text),
  ]), cases);
  cases.forEach(([text, terms, key], i) => {
    expect(got[i][0], text).toEqual(terms);
    expect(got[i][1], text).toEqual(key);
  });
  // The shard hash too: FNV-1a over UTF-8, as src/search/index.rs computes it.
  expect(await page.evaluate(() => window.GongkaiSearch.shardOf("a", 1 << 30))).toBe(0xe40c292c % (1 << 30));
});
