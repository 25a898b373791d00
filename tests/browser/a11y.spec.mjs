// Accessibility of every page type in both reading modes: axe-core (no serious or critical
// violation; in large-text mode also the 7:1 contrast rule), and the structure GB/T 37668 and
// the MIIT 适老化 rules ask for.
import { test, expect } from "@playwright/test";
import { createRequire } from "node:module";
import { PAGES, MODES } from "./pages.mjs";

const require = createRequire(import.meta.url);
const AXE = require.resolve("axe-core/axe.min.js");

for (const page of PAGES) {
  for (const mode of MODES) {
    test(`axe: ${page.name} (${mode.name})`, async ({ page: p }) => {
      await p.goto(page.path + mode.hash);
      await p.addScriptTag({ path: AXE });
      const large = mode.name === "large";
      const result = await p.evaluate(async (large) => {
        // The sitewide 404 page links from the site root, which under a static file server
        // is the same as here.
        return await window.axe.run(document, {
          rules: { "color-contrast-enhanced": { enabled: large } },
        });
      }, large);
      const bad = result.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical" || (large && v.id === "color-contrast-enhanced"))
        .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
      expect(bad, bad.join("\n")).toEqual([]);
    });
  }

  test(`structure: ${page.name}`, async ({ page: p }) => {
    await p.goto(page.path);
    await expect(p.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(p.locator("h1")).toHaveCount(1);
    for (const landmark of ["header", "nav", "main", "footer"]) {
      expect(await p.locator(landmark).count(), landmark).toBeGreaterThan(0);
    }
    // The first Tab reaches the skip link, which leads to the main content.
    await p.keyboard.press("Tab");
    const focused = await p.evaluate(() => [document.activeElement.className, document.activeElement.getAttribute("href")]);
    expect(focused).toEqual(["skip", "#main"]);
    // Focus is visible.
    const outline = await p.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    expect(outline).not.toBe("none");
    // Every form control has a name a screen reader can read.
    const unlabelled = await p.evaluate(() =>
      [...document.querySelectorAll("input, select, textarea")].filter(
        (el) => !(el.labels && el.labels.length) && !el.getAttribute("aria-label"),
      ).length,
    );
    expect(unlabelled).toBe(0);
  });
}

test("large-text mode: at least 18 px, remembered across pages, works without JavaScript", async ({ page, browser }) => {
  await page.goto("/index.html");
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector("main")).fontSize));
  expect(await size()).toBeLessThan(18);
  await page.getByRole("link", { name: "切换到大字版（适老化）" }).click();
  expect(await size()).toBeGreaterThanOrEqual(18);
  await page.goto("/docs/01526376-x-2026-00001.html");
  expect(await size(), "remembered on the next page").toBeGreaterThanOrEqual(18);
  const body = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector(".doc-body p")).fontSize));
  expect(await body()).toBeGreaterThanOrEqual(18);
  await page.getByRole("link", { name: "切换到标准版" }).click();
  expect(await size()).toBeLessThan(18);

  const context = await browser.newContext({ javaScriptEnabled: false });
  const noJs = await context.newPage();
  await noJs.goto("/index.html");
  await noJs.getByRole("link", { name: "切换到大字版（适老化）" }).click();
  expect(await noJs.evaluate(() => parseFloat(getComputedStyle(document.querySelector("main")).fontSize))).toBeGreaterThanOrEqual(18);
  await context.close();
});

test("large-text mode scales to 200 % without horizontal scrolling", async ({ browser }) => {
  // 200 % zoom of a 1280 px window is a 640 px layout viewport at twice the pixel density.
  const context = await browser.newContext({ viewport: { width: 640, height: 800 }, deviceScaleFactor: 2 });
  const p = await context.newPage();
  for (const page of PAGES) {
    await p.goto(page.path + "#large-text");
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, page.name).toBeLessThanOrEqual(0);
  }
  await context.close();
});

test("phones: every page fits 360 px; the metadata block stacks", async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const p = await context.newPage();
  for (const page of PAGES) {
    for (const mode of MODES) {
      await p.goto(page.path + mode.hash);
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${page.name} ${mode.name}`).toBeLessThanOrEqual(0);
    }
  }
  await p.goto("/docs/01526376-x-2026-00001.html");
  const display = await p.evaluate(() => getComputedStyle(document.querySelector(".meta-table tr")).display);
  expect(display).toBe("grid");
  await context.close();
});

test("print: the official page without navigation, attachments with their addresses", async ({ page }) => {
  const withAttachment = "/docs/01526383-3-2026-00001.html";
  await page.goto(withAttachment);
  await page.emulateMedia({ media: "print" });
  for (const hidden of [".site-nav", ".site-header", ".crumbs", ".site-footer", ".reading-mode"]) {
    expect(await page.evaluate((s) => getComputedStyle(document.querySelector(s)).display, hidden), hidden).toBe("none");
  }
  await expect(page.locator(".meta-table")).toBeVisible();
  await expect(page.locator(".doc-body")).toBeVisible();
  const url = await page.locator(".attachments .print-url").first().textContent();
  expect(url).toContain("https://xxgk.shili.gov.cn/docs/");
});

test("the annual report: national tables that scroll on a phone and fit the printed page", async ({ browser }) => {
  const report = "/docs/00952631-7-2026-00002.html";
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true });
  const p = await phone.newPage();
  await p.goto(report);
  const tables = p.locator("table.ndbg");
  await expect(tables).toHaveCount(3);
  // Each table is a named region a keyboard can scroll; the labels stay legible.
  for (const label of ["表二 主动公开政府信息情况", "表三 收到和处理政府信息公开申请情况", "表四 政府信息公开行政复议、行政诉讼情况"]) {
    await expect(p.getByRole("region", { name: label })).toHaveAttribute("tabindex", "0");
  }
  await expect(p.getByRole("rowheader", { name: "1.属于国家秘密" })).toBeVisible();
  const size = await p.evaluate(() => parseFloat(getComputedStyle(document.querySelector("table.ndbg td")).fontSize));
  expect(size).toBeGreaterThanOrEqual(13);
  await phone.close();
  // On A4 paper (about 680 px between the margins) every table fits, headers repeat.
  const paper = await browser.newContext({ viewport: { width: 680, height: 1000 } });
  const q = await paper.newPage();
  await q.goto(report);
  await q.emulateMedia({ media: "print" });
  const fits = await q.evaluate(() =>
    [...document.querySelectorAll("table.ndbg")].map((t) => t.scrollWidth - t.closest(".doc-body").clientWidth),
  );
  for (const over of fits) expect(over).toBeLessThanOrEqual(0);
  expect(await q.evaluate(() => getComputedStyle(document.querySelector("table.ndbg thead")).display)).toBe("table-header-group");
  await paper.close();
});

test("the report page names a veto risk in a red banner, readable on a phone and in print", async ({ browser }) => {
  for (const viewport of [{ width: 1280, height: 900 }, { width: 360, height: 740 }]) {
    const context = await browser.newContext({ viewport });
    const p = await context.newPage();
    await p.goto("/veto/report/index.html");
    const banner = p.getByRole("alert");
    await expect(banner).toContainText("单项否决风险");
    await expect(banner.locator("li")).toHaveCount(2);
    await expect(banner).toContainText("已达到单项否决的 5 个");
    const colors = await banner.evaluate((el) => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]);
    expect(colors).toEqual(["rgb(142, 27, 21)", "rgb(255, 255, 255)"]);
    const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await p.addScriptTag({ path: AXE });
    const result = await p.evaluate(async () => await window.axe.run(document));
    const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id);
    expect(bad).toEqual([]);
    await p.emulateMedia({ media: "print" });
    expect(await banner.isVisible()).toBe(true);
    await p.emulateMedia({ media: "screen" });
    // The large-text mode, with its 7:1 contrast rule.
    await p.goto("/veto/report/index.html#large-text");
    await p.addScriptTag({ path: AXE });
    const large = await p.evaluate(async () => await window.axe.run(document, { rules: { "color-contrast-enhanced": { enabled: true } } }));
    const badLarge = large.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical" || v.id === "color-contrast-enhanced")
      .map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
    expect(badLarge, badLarge.join("\n")).toEqual([]);
    await context.close();
  }
});

test("print: an on-request page keeps the office that answers", async ({ page }) => {
  await page.goto("/docs/01526376-x-2026-00009.html");
  await page.emulateMedia({ media: "print" });
  const office = page.getByRole("region", { name: "政府信息公开工作机构" });
  await expect(office).toBeVisible();
  await expect(office).toContainText("0851-87161234");
});

test("print and reading: an ended policy says so first, and links what replaced it", async ({ page }) => {
  await page.goto("/docs/00952632-5-2025-00001.html");
  const banner = page.getByRole("note", { name: "有效性" });
  await expect(banner).toContainText("失效：本文件已于2026-11-15被《示例县政府信息公开工作考核办法（2026年修订）》（示府办发〔2026〕28号）替代。");
  // Before the title, so a reader meets it first.
  const before = await page.evaluate(() => {
    const b = document.querySelector(".life-banner"), h = document.querySelector("h1");
    return !!(b.compareDocumentPosition(h) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  expect(before).toBe(true);
  await banner.getByRole("link").click();
  await expect(page.locator("h1")).toHaveText("示例县政府信息公开工作考核办法（2026年修订）");
  await expect(page.locator("#h-life")).toHaveText("有效性相关文件");
  await page.goto("/docs/00952632-5-2025-00001.html");
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".life-banner")).toBeVisible();
  // Both lists print as the official list, without the site's navigation.
  for (const list of ["/validity/current.html", "/validity/ended.html"]) {
    await page.goto(list);
    await expect(page.locator("main .doc-list").first()).toBeVisible();
    expect(await page.evaluate(() => getComputedStyle(document.querySelector(".site-nav")).display)).toBe("none");
  }
  await page.emulateMedia({ media: "screen" });
  await page.goto("/index.html");
  await page.getByRole("link", { name: "现行有效的规章和规范性文件" }).click();
  await expect(page.locator("h1")).toHaveText("现行有效的规章和规范性文件");
});

test("speed: one HTML, one CSS, one small JS; nothing external; no layout shift", async ({ page }) => {
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto("/docs/01526376-x-2026-00001.html");
  await page.waitForLoadState("networkidle");
  const external = requests.filter((u) => !u.startsWith("http://127.0.0.1"));
  expect(external).toEqual([]);
  const kinds = requests.map((u) => u.split("?")[0].split(".").pop());
  expect(kinds.filter((k) => k === "css").length).toBe(1);
  expect(kinds.filter((k) => k === "js").length).toBe(1);
  const shift = await page.evaluate(() => new Promise((resolve) => {
    let total = 0;
    new PerformanceObserver((list) => { for (const e of list.getEntries()) total += e.value; })
      .observe({ type: "layout-shift", buffered: true });
    setTimeout(() => resolve(total), 300);
  }));
  expect(shift).toBeLessThan(0.01);
});
