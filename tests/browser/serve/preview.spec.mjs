// A site broken from the start, as an editor meets it: open the preview, read the finding
// (file, line, fix) in the overlay, fix the file, and the site appears by itself.
import { test, expect } from "@playwright/test";
import fs from "node:fs";

const BROKEN = process.env.PREVIEW_BROKEN; // the file with the error, absolute
const GOOD = process.env.PREVIEW_GOOD; // its corrected text, absolute
const FILE = process.env.PREVIEW_FILE; // its path from the site root, as findings name it

test("a site broken at start shows its finding, then the site once fixed", async ({ page }) => {
  await page.goto("/");
  const overlay = page.getByRole("alertdialog", { name: "构建错误" });
  await expect(overlay).toBeVisible();
  await expect(overlay).toContainText(FILE);
  await expect(overlay).toContainText("invalid-date");
  await expect(overlay).toContainText("修改建议");

  fs.copyFileSync(GOOD, BROKEN);
  // The page reloads by itself when the round succeeds: the home page, no overlay.
  await expect(page.getByRole("alertdialog", { name: "构建错误" })).toHaveCount(0, { timeout: 20000 });
  await expect(page.getByRole("link", { name: "公开目录" }).first()).toBeVisible({ timeout: 20000 });
  await expect(page.getByRole("heading", { name: "预览尚未生成" })).toHaveCount(0);
});
