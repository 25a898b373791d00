// Recall on a built site: words drawn at random from published document bodies, each looked
// up with gongkai's index and with Pagefind's; a word counts as found when its document is
// among the matches (anywhere, not just on the first page).
// usage: node bench/search_recall.mjs URL SITE_DIR [SAMPLES] [SEED]
// SITE_DIR is the served folder (read from disk to map each page to its id in both indexes).
import { chromium } from "@playwright/test";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

const [base, site, samples = "300", seed = "7"] = process.argv.slice(2);
let state = Number(seed) >>> 0;
function random() {
  // mulberry32: a seeded sequence, so every run asks the same words.
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

// Page → document number in gongkai's index (from the result-line files).
const meta = JSON.parse(fs.readFileSync(path.join(site, "search", "meta.json"), "utf8"));
const ours = new Map();
for (const name of fs.readdirSync(path.join(site, "search", "d"))) {
  const g = Number(name.replace(".json", ""));
  JSON.parse(fs.readFileSync(path.join(site, "search", "d", name), "utf8"))
    .forEach((line, j) => ours.set("/" + line[1], g * meta.group + j));
}
// Page → Pagefind result id (from its fragments), when Pagefind indexed the site.
const theirs = new Map();
const fragments = path.join(site, "pagefind", "fragment");
const withPagefind = fs.existsSync(fragments);
for (const name of withPagefind ? fs.readdirSync(fragments) : []) {
  const text = zlib.gunzipSync(fs.readFileSync(path.join(fragments, name))).toString("utf8");
  theirs.set(JSON.parse(text.slice(text.indexOf("{"))).url, name.replace(".pf_fragment", ""));
}

// Words: a document with a published body, a run of Han characters in it, 2–4 characters of it.
const pages = fs.readdirSync(path.join(site, "docs")).filter((n) => n.endsWith(".html")).sort();
const words = [];
while (words.length < Number(samples)) {
  const name = pages[Math.floor(random() * pages.length)];
  const html = fs.readFileSync(path.join(site, "docs", name), "utf8");
  const start = html.indexOf('<div class="doc-body">');
  if (start < 0) continue; // an on-request document: its body is not published
  const text = html.slice(start, html.indexOf("</article>", start)).replace(/<[^>]*>/g, " ");
  const runs = text.match(/[\u3400-\u4dbf\u4e00-\u9fff]{2,}/g) || [];
  if (!runs.length) continue;
  const run = runs[Math.floor(random() * runs.length)];
  const len = Math.min(run.length, 2 + Math.floor(random() * 3));
  const at = Math.floor(random() * (run.length - len + 1));
  const url = "/docs/" + name;
  words.push({ word: run.slice(at, at + len), doc: ours.get(url), pf: theirs.get(url) });
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu"],
});
const page = await browser.newPage();
await page.goto(base + "/404.html");
const found = await page.evaluate(async ({ words, withPagefind }) => {
  await new Promise((ok, bad) => {
    const s = document.createElement("script");
    s.src = "/assets/search.js"; s.onload = ok; s.onerror = bad;
    document.head.appendChild(s);
  });
  const idx = new window.GongkaiSearch.Index("/", "search/meta.json");
  const pagefind = withPagefind ? await import("/pagefind/pagefind.js") : null;
  if (pagefind) await pagefind.init();
  const out = [];
  for (const w of words) {
    const m = await idx.match(w.word);
    const s = pagefind ? await pagefind.search(w.word) : { results: [] };
    out.push({ ours: m.docs.includes(w.doc), theirs: s.results.some((r) => r.id === w.pf) });
  }
  return out;
}, { words, withPagefind });
await browser.close();
const misses = (tool) => words.filter((_, i) => !found[i][tool]).map((w) => w.word);
const report = {
  samples: words.length,
  gongkai: found.filter((f) => f.ours).length,
  pagefind: withPagefind ? found.filter((f) => f.theirs).length : null,
  gongkai_misses: misses("ours").slice(0, 20),
  pagefind_misses: withPagefind ? misses("theirs").slice(0, 20) : null,
};
console.log(JSON.stringify(report));
