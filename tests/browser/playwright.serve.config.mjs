// The preview (`gongkai serve`) in Debian's Chromium. tests/browser.rs starts the preview of
// a broken site at PREVIEW_URL and runs `npx playwright test` with this configuration.
import { defineConfig } from "@playwright/test";
import { launchOptions } from "./chromium.mjs";

const url = process.env.PREVIEW_URL;
if (!url) throw new Error("PREVIEW_URL is not set: run these tests through `cargo test --test browser`");

export default defineConfig({
  testDir: "serve",
  testMatch: /.*\.spec\.mjs/,
  outputDir: process.env.PLAYWRIGHT_OUTPUT || "/tmp/gongkai-playwright-serve",
  workers: 1,
  reporter: [["list"]],
  use: {
    baseURL: url,
    browserName: "chromium",
    launchOptions,
    locale: "zh-CN",
  },
});
