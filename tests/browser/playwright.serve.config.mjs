// The preview (`gongkai serve`) in Debian's Chromium. tests/browser.rs starts the preview of
// a broken site at PREVIEW_URL and runs `npx playwright test` with this configuration.
import { defineConfig } from "@playwright/test";

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
    launchOptions: {
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      args: [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
      ],
    },
    locale: "zh-CN",
  },
});
