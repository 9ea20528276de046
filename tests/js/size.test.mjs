// The size budget: what a page downloads of the package (the wasm and pkg/browser.js, each gzip -9,
// as a server sends them) stays within BUDGET. Raise it only deliberately, in the change that
// needs it, and update the README's figures table with it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";

export const BUDGET = 38_000;

const gzipped = (file) => gzipSync(readFileSync(new URL(`../../pkg/${file}`, import.meta.url)), { level: 9 }).length;

test(`the package's payload (wasm + JS, gzip -9) is within the ${BUDGET} B budget, which the README shows`, () => {
  const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
  assert.ok(readme.includes(`budget ${BUDGET.toLocaleString("en-US")} B`), "the README's figures table names the budget");
  const wasm = gzipped("trackingmore_wasm_bg.wasm");
  const js = gzipped("browser.js");
  assert.ok(wasm + js <= BUDGET, `wasm ${wasm} B + JS ${js} B = ${wasm + js} B gzip, over the ${BUDGET} B budget`);
});
