// Browser tests of the default theme in Debian's Chromium. tests/browser.rs builds the demo
// site into SITE_DIR and runs `npx playwright test` with this configuration.
import { defineConfig } from "@playwright/test";
import { launchOptions } from "./chromium.mjs";

const port = Number(process.env.SITE_PORT || 8731);
const site = process.env.SITE_DIR;
if (!site) throw new Error("SITE_DIR is not set: run these tests through `cargo test --test browser`");

export default defineConfig({
  testDir: ".",
  testMatch: /.*\.spec\.mjs/,
  // The preview's own tests run against `gongkai serve` (playwright.serve.config.mjs).
  testIgnore: /serve\//,
  outputDir: process.env.PLAYWRIGHT_OUTPUT || "/tmp/gongkai-playwright",
  snapshotPathTemplate: "{testDir}/screenshots/{arg}{ext}",
  fullyParallel: true,
  workers: 2,
  reporter: [["list"]],
  expect: {
    // Reviewed baselines; a small tolerance absorbs anti-aliasing, not layout changes.
    toHaveScreenshot: { maxDiffPixelRatio: 0.01, threshold: 0.05, animations: "disabled" },
  },
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    browserName: "chromium",
    launchOptions,
    locale: "zh-CN",
  },
  webServer: {
    command: `python3 -m http.server --bind 127.0.0.1 --directory "${site}" ${port}`,
    url: `http://127.0.0.1:${port}/index.html`,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "ignore",
  },
});
