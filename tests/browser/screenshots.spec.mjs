// Screenshots of every page type at 1280 px and 360 px, in both reading modes, compared with
// reviewed baselines in screenshots/. After an intended change to the theme, look at the new
// images, then update them with `UPDATE_SCREENSHOTS=1 cargo test --test browser`.
import { test, expect } from "@playwright/test";
import { PAGES, MODES } from "./pages.mjs";

const WIDTHS = [
  { name: "desktop", viewport: { width: 1280, height: 900 } },
  { name: "phone", viewport: { width: 360, height: 740 } },
];

for (const width of WIDTHS) {
  test.describe(width.name, () => {
    test.use({ viewport: width.viewport });
    for (const page of PAGES) {
      for (const mode of MODES) {
        test(`${page.name} ${mode.name}`, async ({ page: p }) => {
          await p.goto(page.path + mode.hash);
          await p.evaluate(() => document.fonts.ready);
          await expect(p).toHaveScreenshot(`${page.name}-${width.name}-${mode.name}.png`, { fullPage: true });
        });
      }
    }
  });
}
