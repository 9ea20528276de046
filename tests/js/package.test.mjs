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
  for (const f of ["package.json", "index.d.ts", "node.js", "workerd.js", "browser.js", "trackingmore_wasm_bg.wasm", "trackingmore_wasm.d.ts", "README.md", "LICENSE"]) {
    assert.ok(existsSync(join(pkgDir, f)), f);
  }
  // One module per runtime: each entry carries the glue, and imports nothing but the wasm.
  for (const f of ["node.js", "workerd.js", "browser.js"]) {
    const imports = [...readFileSync(join(pkgDir, f), "utf8").matchAll(/\bimport\s*(?:[\w*{}\s,]+from\s*)?["']([^"']+)["']/g)].map((m) => m[1]);
    assert.deepEqual(imports, f === "workerd.js" ? ["./trackingmore_wasm_bg.wasm"] : [], f);
  }
  const pj = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
  assert.equal(pj.dependencies, undefined);
  assert.deepEqual(Object.keys(pj.exports["."]), ["types", "workerd", "node", "browser", "default"]);
});

test("the tarball lists only what users need, and its README is the user's (npm pack --dry-run)", () => {
  const [packed] = JSON.parse(execFileSync("npm", ["pack", "--dry-run", "--json", join(root, "pkg")], { encoding: "utf8" }));
  const files = packed.files.map((f) => f.path).sort();
  assert.deepEqual(files, ["LICENSE", "README.md", "browser.js", "index.d.ts", "node.js", "package.json",
    "trackingmore_wasm.d.ts", "trackingmore_wasm_bg.wasm", "workerd.js"]);
  const readme = packed.files.find((f) => f.path === "README.md");
  const lines = readFileSync(join(root, "README.md"), "utf8").split("\n").length - 1;
  assert.ok(lines <= 300, `README.md has ${lines} lines`);
  assert.ok(readme.size < 30_000, `README.md is ${readme.size} B`);
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

// The Node entry has no top-level await, so CommonJS code can require() it where Node loads ES
// modules that way (unflagged since Node 20.19 and 22.12).
const [major, minor] = process.versions.node.split(".").map(Number);
test("Node: CommonJS require() of the package", { skip: major < 20 || (major === 20 && minor < 19) || (major === 22 && minor < 12) }, () => {
  const out = node(["-e", `
    const { TrackingMore } = require("trackingmore-wasm");
    new TrackingMore({ apiKey: "demo-key", baseUrl: ${JSON.stringify(sb.baseUrl)}, requestsPerSecond: 0 })
      .userInfo().then((u) => console.log(u.email));`], { stdio: ["ignore", "pipe", "pipe"] });
  assert.equal(out, "demo@sandbox.example");
});

test("Node: a Node without process.getBuiltinModule (before 20.16 / 22.3) gets a clear error", () => {
  const out = node(["--input-type=module", "-e", `
    delete process.getBuiltinModule;
    try { await import("trackingmore-wasm"); console.log("loaded"); } catch (e) { console.log(e.message); }`]);
  assert.match(out, /^trackingmore-wasm needs Node \^20\.16 or >= 22\.3 \(process\.getBuiltinModule\); this is v\d+/);
});

// The glue's loader is ours (scripts/slim-glue.mjs): every argument form the generated .d.ts
// declares, in a fresh module instance each (a query string), and a failed load that can be
// retried. The glue module as built in pkg/ (each shipped entry bundles it).
test("the wasm loader takes every form its declaration names, and a failed load can be retried", () => {
  const out = node(["--input-type=module", "-e", `
    const glueUrl = new URL(${JSON.stringify("file://" + join(root, "pkg/trackingmore_wasm.js"))});
    const wasmUrl = new URL("./trackingmore_wasm_bg.wasm", glueUrl);
    const { readFileSync } = await import("node:fs");
    const bytes = readFileSync(wasmUrl);
    let n = 0;
    const fresh = () => import(glueUrl.href + "?" + ++n);
    const { api } = await import(${JSON.stringify("file://" + join(root, "pkg/entries/api.js"))});
    const works = (g) => typeof new (api(g).TrackingMore)({ apiKey: "k" }).getTracking === "function";
    const served = (type) => new Response(bytes, { headers: { "Content-Type": type } });
    const seen = [];
    for (const [name, arg] of [
      ["bytes", { module_or_path: bytes }],
      ["module", { module_or_path: new WebAssembly.Module(bytes) }],
      ["response", { module_or_path: served("application/wasm") }],
      ["response, other MIME type", { module_or_path: served("application/octet-stream") }],
      ["promise of a response", { module_or_path: Promise.resolve(served("application/wasm")) }],
      ["bare argument", bytes],
    ]) {
      const g = await fresh();
      const exports = await g.default(arg);
      seen.push(name + ":" + (works(g) && exports === await g.default()));
    }
    for (const [name, arg] of [["sync bytes", { module: bytes }], ["sync module", { module: new WebAssembly.Module(bytes) }], ["sync bare", bytes]]) {
      const g = await fresh();
      const exports = g.initSync(arg);
      seen.push(name + ":" + (works(g) && exports === g.initSync(arg)));
    }
    const g = await fresh();
    const failed = await g.default({ module_or_path: new Response("nope", { status: 404 }) }).then(() => "loaded", (e) => e.message);
    await g.default({ module_or_path: bytes });
    seen.push("retry:" + works(g));
    console.log(failed);
    console.log(seen.join("|"));`]);
  const [failed, seen] = out.split("\n");
  assert.match(failed, /404/);
  for (const entry of seen.split("|")) assert.match(entry, /:true$/, entry);
  assert.equal(seen.split("|").length, 10);
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

const EXPECTED = { carriers: 629, total: 32, firstEmails: true, notFound: "TRACKING_NOT_FOUND", invalid: "INVALID_INPUT" };

/** Opens `page` of a directory served on loopback in headless Chromium; returns what it wrote. */
async function runInChromium(root, page) {
  const { chromium } = await import("playwright-core");
  const server = await serve(root);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage"],
  });
  try {
    const tab = await browser.newPage();
    const errors = [];
    tab.on("pageerror", (e) => errors.push(e.message));
    const { port } = server.address();
    await tab.goto(`http://127.0.0.1:${port}/${page}?base=${encodeURIComponent(sb.baseUrl)}`);
    await tab.waitForFunction(() => document.title === "done", null, { timeout: 20000 }).catch(() => {
      throw new Error(`the page did not finish: ${errors.join("; ")}`);
    });
    return JSON.parse(await tab.textContent("#out"));
  } finally {
    await browser.close();
    server.close();
  }
}

test("browser: a plain <script type=module> with an import map, in headless Chromium", async () => {
  assert.deepEqual(await runInChromium(dir, "page.html"), EXPECTED);
});

// Bundlers as users have them: each builds browser-app.js (which imports "trackingmore-wasm")
// and the result runs in Chromium. The README says what each one needs.
test("Vite: no configuration", async () => {
  const { build } = await import(join(here, "node_modules/vite/dist/node/index.js"));
  await build({ root: dir, logLevel: "silent", configFile: false, build: { outDir: join(dir, "dist-vite"), emptyOutDir: true, rollupOptions: { input: join(dir, "bundled.html") } } });
  assert.ok(readdirSync(join(dir, "dist-vite/assets")).some((f) => f.endsWith(".wasm")), "the wasm is emitted as an asset");
  assert.deepEqual(await runInChromium(join(dir, "dist-vite"), "bundled.html"), EXPECTED);
});

test("webpack 5: no configuration beyond entry and output", async () => {
  const { default: webpack } = await import(join(here, "node_modules/webpack/lib/index.js"));
  const out = join(dir, "dist-webpack");
  const stats = await new Promise((resolve, reject) => webpack({
    mode: "production", context: dir, entry: "./browser-app.js", target: "web",
    output: { path: out, filename: "browser-app.js", clean: true },
  }, (err, st) => (err ? reject(err) : resolve(st))));
  assert.ok(!stats.hasErrors(), stats.toString("errors-only"));
  assert.ok(readdirSync(out).some((f) => f.endsWith(".wasm")), "the wasm is emitted as an asset");
  cpSync(join(dir, "bundled.html"), join(out, "bundled.html"));
  assert.deepEqual(await runInChromium(out, "bundled.html"), EXPECTED);
});

test("esbuild: --format=esm, with the .wasm copied next to the bundle; iife is refused (top-level await)", async () => {
  const esbuild = await import(join(here, "node_modules/esbuild/lib/main.js"));
  const out = join(dir, "dist-esbuild");
  await esbuild.build({ entryPoints: [join(dir, "browser-app.js")], bundle: true, format: "esm", platform: "browser", outdir: out, logLevel: "silent" });
  // esbuild leaves `new URL("./trackingmore_wasm_bg.wasm", import.meta.url)` as it is: the file goes
  // next to the bundle by hand (or with a copy plugin).
  cpSync(join(dir, "node_modules/trackingmore-wasm/trackingmore_wasm_bg.wasm"), join(out, "trackingmore_wasm_bg.wasm"));
  cpSync(join(dir, "bundled.html"), join(out, "bundled.html"));
  assert.deepEqual(await runInChromium(out, "bundled.html"), EXPECTED);
  await assert.rejects(
    esbuild.build({ entryPoints: [join(dir, "browser-app.js")], bundle: true, format: "iife", platform: "browser", outdir: join(dir, "dist-iife"), logLevel: "silent" }),
    /Top-level await is not available in the configured target environment \("iife"|top-level await/i,
  );
});
