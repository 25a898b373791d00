// Measure, in headless Chromium, what a query costs with gongkai's index and with Pagefind's
// on the same built site: bytes fetched (cold cache) and time to the first result's data.
// usage: node bench/search_measure.mjs URL QUERY...
import { chromium } from "@playwright/test";

const [base, ...queries] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});
const rows = [];
for (const q of queries) {
  for (const tool of (process.env.TOOLS || "gongkai,pagefind").split(",")) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(base + "/404.html");
    // Count every response body from here on, workers included.
    let bytes = 0;
    const sizes = [];
    context.on("requestfinished", (req) => sizes.push(req.sizes().then((s) => { bytes += s.responseBodySize; })));
    const result = await page.evaluate(async ({ tool, q }) => {
      const t0 = performance.now();
      let title = "", n = 0;
      if (tool === "gongkai") {
        await new Promise((ok, bad) => {
          const s = document.createElement("script");
          s.src = "/assets/search.js"; s.onload = ok; s.onerror = bad;
          document.head.appendChild(s);
        });
        const idx = new window.GongkaiSearch.Index("/", "search/meta.json");
        const r = await idx.search({ q });
        n = r.total; title = r.results[0] ? r.results[0][0] : "";
      } else {
        const pagefind = await import("/pagefind/pagefind.js");
        await pagefind.init();
        const s = await pagefind.search(q);
        n = s.results.length;
        // Both tools show a first page of 20 results with their titles and snippets.
        const data = await Promise.all(s.results.slice(0, 20).map((r) => r.data()));
        if (data.length) title = data[0].meta.title || "";
      }
      return { ms: performance.now() - t0, n, title };
    }, { tool, q });
    await page.waitForTimeout(200);
    await Promise.all(sizes);
    rows.push({ q, tool, bytes, ...result });
    await context.close();
  }
}
await browser.close();
console.log(JSON.stringify(rows));
