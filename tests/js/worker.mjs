// Runs the real Worker (worker/) in workerd through `wrangler dev`, fully offline, with its
// Durable Object, KV namespace, rate-limit binding and the www/ assets, on a loopback port.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));
const wrangler = join(root, "worker/node_modules/.bin/wrangler");

/** `script` (a module of tests/js/ importing the package's workerd entry from pkg/) in workerd,
 * through Miniflare: `mf.dispatchFetch(…)`, then `mf.dispose()`. */
export async function miniflare(script) {
  const { Miniflare } = await import(join(root, "tests/js/node_modules/miniflare/dist/src/index.js"));
  return new Miniflare({
    modules: true,
    modulesRoot: root,
    scriptPath: join(root, "tests/js", script),
    modulesRules: [{ type: "ESModule", include: ["**/*.js", "**/*.mjs"] }, { type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2025-04-01",
  });
}

/** A free loopback port (to give the sandbox the Worker's webhook URL before the Worker starts). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/** Starts `wrangler dev` for worker/ (or the Worker in `dir`, relative to the repository) with
 * `vars` (secrets included, as `.dev.vars` would). */
export async function startWorker({ port, vars, dir = "worker" }) {
  const state = mkdtempSync(join(tmpdir(), "tm-worker-"));
  // Its own devtools port too: two Workers at once (test files run in parallel) must not collide.
  const args = ["dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(await freePort()),
    "--persist-to", state, "--log-level", "info"];
  for (const [k, v] of Object.entries(vars)) args.push("--var", `${k}:${v}`);
  const child = spawn(wrangler, args, {
    cwd: join(root, dir),
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", NO_COLOR: "1", FORCE_COLOR: "0" },
  });
  let log = "";
  const collect = (d) => { log += d; };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const stop = () => new Promise((resolve) => {
    child.once("exit", () => { rmSync(state, { recursive: true, force: true }); resolve(); });
    try { process.kill(-child.pid, "SIGTERM"); } catch { rmSync(state, { recursive: true, force: true }); resolve(); }
  });
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`wrangler dev did not start:\n${log}`)), 60000);
    const check = () => {
      if (log.includes("Ready on")) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on("data", check);
    child.stderr.on("data", check);
    child.once("exit", (code) => { clearTimeout(timer); reject(new Error(`wrangler dev exited with ${code}:\n${log}`)); });
  }).catch(async (e) => {
    // Nothing left behind: the process group and the state folder go with the failure.
    if (child.exitCode === null && child.signalCode === null) await stop();
    else rmSync(state, { recursive: true, force: true });
    throw e;
  });
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    baseUrl: `${origin}/v2`,
    /** wrangler's process (workerd runs under it). */
    pid: child.pid,
    /** Everything wrangler and the Worker printed so far (the Worker's console included). */
    log: () => log,
    stop,
  };
}
