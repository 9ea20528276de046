// The package as users get it: `npm pack ./pkg`, installed into a fresh consumer, then used from
// Node, from workerd (wrangler bundle → Miniflare), from a page in headless Chromium, and from
// TypeScript (`tsc --strict`). Also: each conditional export resolves, and the shipped .d.ts
// matches the reviewed golden file.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, cpSync, readFileSync, writeFileSync, readdirSync, existsSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join, extname } from "node:path";
import { fileURLToPath } from "node:url";
import { startSandbox } from "./sandbox.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const root = join(here, "../..");
const bin = join(here, "node_modules/.bin");
let sb;
let dir;

before(async () => {
  sb = await startSandbox(["--no-rate-limit", "--seed-demo", "--cors-origin", "*"]);
  dir = mkdtempSync(join(tmpdir(), "tm-consumer-"));
  const tgz = execFileSync("npm", ["pack", join(root, "pkg"), "--pack-destination", dir, "--silent"], { encoding: "utf8" }).trim().split("\n").pop();
  cpSync(join(here, "consumer"), dir, { recursive: true });
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  execFileSync("npm", ["install", join(dir, tgz), "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir });
});
after(async () => {
  await sb.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const node = (args, opts = {}) => execFileSync(process.execPath, args, { cwd: dir, encoding: "utf8", ...opts }).trim();

test("the tarball holds the entry files, the wasm and the types, and no runtime dependencies", () => {
  const pkgDir = join(dir, "node_modules/trackingmore-wasm");
  for (const f of ["package.json", "index.d.ts", "node.js", "workerd.js", "browser.js", "trackingmore_wasm.js", "trackingmore_wasm_bg.wasm", "trackingmore_wasm.d.ts", "README.md", "LICENSE"]) {
    assert.ok(existsSync(join(pkgDir, f)), f);
  }
  const pj = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  assert.equal(pj.dependencies, undefined);
  assert.deepEqual(Object.keys(pj.exports["."]), ["types", "workerd", "node", "browser", "default"]);
});

test("conditional exports resolve per runtime", () => {
  const resolve = (conds) => node([...conds.map((c) => `--conditions=${c}`), "--input-type=module", "-e", "console.log(import.meta.resolve('trackingmore-wasm'))"]);
  assert.match(resolve([]), /trackingmore-wasm\/node\.js$/);
  assert.match(resolve(["workerd"]), /trackingmore-wasm\/workerd\.js$/);
  // Browsers: a bundler (esbuild, as in Vite and wrangler) with the browser platform picks browser.js.
  const out = execFileSync(process.execPath, ["-e", `
    const esbuild = require(${JSON.stringify(join(here, "node_modules/esbuild"))});
    esbuild.build({ stdin: { contents: "import { TrackingMore } from 'trackingmore-wasm'; console.log(TrackingMore)", resolveDir: ${JSON.stringify(dir)} },
      bundle: true, write: false, platform: "browser", format: "esm", metafile: true, loader: { ".wasm": "file" }, outdir: "out" })
      .then((r) => console.log(Object.keys(r.metafile.inputs).join("\\n")));`], { encoding: "utf8" });
  assert.match(out, /trackingmore-wasm\/browser\.js/);
  assert.doesNotMatch(out, /node\.js|workerd\.js/);
});

test("Node: import with no init call and use it", () => {
  const out = node(["--input-type=module", "-e", `
    import { TrackingMore, TrackingMoreError } from "trackingmore-wasm";
    const tm = new TrackingMore({ apiKey: "demo-key", baseUrl: ${JSON.stringify(sb.baseUrl)}, requestsPerSecond: 0 });
    const page = await tm.listTrackings({ limit: 2 });
    let code;
    try { await tm.getTracking("dhl", "0000000000"); } catch (e) { code = e instanceof TrackingMoreError && e.code; }
    console.log(JSON.stringify({ total: page.total, n: page.items.length, code }));`]);
  assert.deepEqual(JSON.parse(out), { total: 32, n: 2, code: "TRACKING_NOT_FOUND" });
});

test("TypeScript: a strict consumer type-checks against the shipped types", () => {
  execFileSync(join(bin, "tsc"), ["-p", join(dir, "tsconfig.json")], { cwd: dir, encoding: "utf8" });
});

test("the generated .d.ts matches the golden file (UPDATE_GOLDEN=1 to accept a change)", () => {
  // The public declarations only: what follows `InitInput` is wasm-bindgen's loader plumbing,
  // whose export names change with internal details.
  const full = readFileSync(join(root, "pkg/trackingmore_wasm.d.ts"), "utf8");
  const cut = full.indexOf("export type InitInput");
  assert.ok(cut > 0, "wasm-bindgen's loader section moved");
  const shipped = full.slice(0, cut);
  const golden = join(here, "golden/trackingmore_wasm.d.ts");
  if (process.env.UPDATE_GOLDEN) writeFileSync(golden, shipped);
  assert.equal(shipped, readFileSync(golden, "utf8"));
});

test("Cloudflare Workers: wrangler bundles it (workerd entry) and workerd runs it", async () => {
  const env = { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", CI: "true" };
  execFileSync(join(bin, "wrangler"), ["deploy", "--dry-run", "--outdir", "dist"], { cwd: dir, env, encoding: "utf8", stdio: "pipe" });
  const files = readdirSync(join(dir, "dist"));
  assert.ok(files.some((f) => f.endsWith(".wasm")), files.join(","));
  const bundled = readFileSync(join(dir, "dist/worker.js"), "utf8");
  assert.match(bundled, /node_modules\/trackingmore-wasm\/workerd\.js/, "the workerd entry was bundled");
  assert.doesNotMatch(bundled, /node_modules\/trackingmore-wasm\/(node|browser)\.js/);
  const { Miniflare } = await import(join(here, "node_modules/miniflare/dist/src/index.js"));
  const mf = new Miniflare({
    modules: true,
    modulesRoot: join(dir, "dist"),
    scriptPath: join(dir, "dist/worker.js"),
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2025-01-01",
    bindings: { TM_KEY: "demo-key", TM_BASE: sb.baseUrl },
  });
  try {
    const ok = await (await mf.dispatchFetch("http://worker/")).json();
    assert.deepEqual(ok, { email: "demo@sandbox.example", total: 32, count: 3 });
    const bad = await mf.dispatchFetch("http://worker/bad");
    assert.equal(bad.status, 500);
    assert.deepEqual(await bad.json(), { error: true, code: "INVALID_INPUT", message: 'carrier code "DHL" must be 1-50 lowercase letters, digits, \'-\' or \'_\'' });
  } finally {
    await mf.dispose();
  }
});

const types = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
function serve(root) {
  const server = createServer((req, res) => {
    const path = join(root, decodeURIComponent(new URL(req.url, "http://x").pathname));
    try {
      const body = readFileSync(path);
      res.writeHead(200, { "content-type": types[extname(path)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

test("browser: a plain <script type=module> with an import map, in headless Chromium", async () => {
  const { chromium } = await import("playwright-core");
  const server = await serve(dir);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
  });
  try {
    const page = await browser.newPage();
    const { port } = server.address();
    await page.goto(`http://127.0.0.1:${port}/page.html?base=${encodeURIComponent(sb.baseUrl)}`);
    await page.waitForFunction(() => document.title === "done", null, { timeout: 20000 });
    const out = JSON.parse(await page.textContent("#out"));
    assert.deepEqual(out, { carriers: 629, total: 32, firstEmails: true, notFound: "TRACKING_NOT_FOUND", invalid: "INVALID_INPUT" });
  } finally {
    await browser.close();
    server.close();
  }
});
