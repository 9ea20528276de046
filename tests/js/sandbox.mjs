// Starts the real sandbox binary on a free loopback port for one test file, and talks to its
// control API. Each test file gets its own sandbox, so faults and rate limits never leak between
// files that node --test runs in parallel.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { existsSync } from "node:fs";

const root = fileURLToPath(new URL("../../", import.meta.url));
// TM_SANDBOX_BIN: another build of it (`make bench` uses the release build: a benchmark should
// not time a debug build of the emulator).
const bin = process.env.TM_SANDBOX_BIN || `${root}target/debug/trackingmore-sandbox`;

export async function startSandbox(args = ["--no-rate-limit"]) {
  if (!existsSync(bin)) throw new Error(`build the sandbox first (cargo build -p trackingmore-sandbox): ${bin}`);
  const child = spawn(bin, ["--port", "0", "--quiet", ...args], { stdio: ["ignore", "pipe", "inherit"] });
  // A script that dies without stopping it (a failed benchmark) must not leave it running: it
  // would hold the caller's stderr open, and `make` would wait on it.
  const kill = () => child.kill();
  process.once("exit", kill);
  const line = await new Promise((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once("line", (l) => { rl.close(); resolve(l); });
    child.once("exit", (code) => reject(new Error(`sandbox exited with ${code}`)));
  });
  const origin = line.trim().split(" ").pop();
  const control = async (method, path, body) => {
    const r = await fetch(`${origin}/_sandbox/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    return r.json();
  };
  return {
    origin,
    baseUrl: `${origin}/v2`,
    control,
    fault: (rule) => control("POST", "faults", rule),
    requests: async () => (await control("GET", "requests")).data,
    stop: () => new Promise((resolve) => {
      process.removeListener("exit", kill);
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", resolve);
      child.kill();
    }),
  };
}

/** A tracking number nobody else in this run uses. */
let n = 0;
export function uniqueNumber(prefix = "TM") {
  n += 1;
  return `${prefix}${process.pid}${Date.now() % 100000}${n}`.slice(0, 30);
}

/** A `fetch` that records each request's `[sent, answered]` times (`performance.now()`, taken where
 * it leaves and where its answer is handed back) in `legs`: the pacing test and bench time the
 * gaps between an answer and the next request with it. */
export function timedFetch(legs) {
  return async (url, init) => {
    const sent = performance.now();
    const res = await fetch(url, init);
    legs.push([sent, performance.now()]);
    return res;
  };
}
