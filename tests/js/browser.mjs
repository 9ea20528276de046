// Headless Chromium for the end-to-end tests of the pages (edge.test.mjs, edge-v4.test.mjs).
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The system Chromium, through playwright-core. */
export async function browser() {
  const { chromium } = await import("playwright-core");
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
  });
}

/** Records in `leaks` every page request or response that carries `key` (URL, headers or body). */
export function watchForKey(page, key, leaks) {
  page.on("request", (req) => {
    const all = req.url() + JSON.stringify(req.headers()) + (req.postData() ?? "");
    if (all.includes(key)) leaks.push(req.url());
  });
  page.on("response", async (res) => {
    try {
      const text = await res.text();
      if (text.includes(key)) leaks.push(`response ${res.url()}`);
    } catch { /* no body */ }
  });
}

/** Fails unless `file` is a PNG with something rendered in it. */
export function notBlank(file) {
  const png = readFileSync(file);
  assert.equal(png.subarray(1, 4).toString(), "PNG");
  // A blank page compresses to a few KB; a rendered one with text and colour is far larger.
  assert.ok(statSync(file).size > 25_000, `${file} looks blank (${statSync(file).size} B)`);
}

/** Where screenshots go: SCREENSHOT_DIR (`make screenshots` passes docs/), else a temporary
 * folder, so that a test run leaves the committed ones alone. `temporary` says which. */
export function screenshotDir() {
  const given = process.env.SCREENSHOT_DIR;
  return given
    ? { dir: `${given.replace(/\/$/, "")}/`, temporary: false }
    : { dir: `${mkdtempSync(join(tmpdir(), "tm-screenshots-"))}/`, temporary: true };
}
