// Every sandbox fault × every kind of call, once and on every attempt: success after a retry, or
// the right typed error — in Node (a child process that must exit by itself: no timer left, no
// unhandled rejection) and in workerd (Miniflare).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { startSandbox } from "./sandbox.mjs";
import { miniflare } from "./worker.mjs";
import { V2_CALLS, V4_CALLS } from "./fault-matrix.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
let sb;
before(async () => { sb = await startSandbox(["--no-rate-limit"]); });
after(() => sb.stop());

function report(cases) {
  const bad = cases.filter((c) => !c.pass);
  return bad.map((c) => `${c.call} × ${c.fault} (${c.mode}): got ${c.got}, expected ${c.expected.join(" or ")}`).join("\n");
}

/** Runs the matrix's `calls` in a child Node process that must exit by itself. */
async function inNode(calls) {
  const script = `
    import * as pkg from ${JSON.stringify(join(here, "../../pkg/node.js"))};
    import { runMatrix, controlAt } from ${JSON.stringify(join(here, "fault-matrix.mjs"))};
    const cases = await runMatrix(pkg, process.argv[1], controlAt(new URL(process.argv[1]).origin), { calls: JSON.parse(process.argv[2]) });
    process.stdout.write(JSON.stringify(cases));
  `;
  const child = spawn(process.execPath, ["--unhandled-rejections=strict", "--input-type=module", "-e", script, sb.baseUrl, JSON.stringify(calls)], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "", err = "";
  child.stdout.on("data", (d) => { out += d; });
  child.stderr.on("data", (d) => { err += d; });
  const code = await new Promise((resolve) => {
    const timer = setTimeout(() => { child.kill("SIGKILL"); resolve("did not exit within 180 s (a timer or a socket left open)"); }, 180_000);
    child.once("exit", (c) => { clearTimeout(timer); resolve(c); });
  });
  assert.equal(code, 0, `exit ${code}\n${err}`);
  assert.equal(err, "", "no warning, no unhandled rejection");
  return JSON.parse(out);
}

/** Runs the matrix's `calls` in workerd, through the package's workerd entry. */
async function inWorkerd(calls) {
  const mf = await miniflare("fault-worker.mjs");
  try {
    const r = await mf.dispatchFetch(`http://worker/?base=${encodeURIComponent(sb.baseUrl)}&calls=${encodeURIComponent(calls.join(","))}`);
    return await r.json();
  } finally {
    await mf.dispose();
  }
}

// 11 faults, once and always; the every-attempt Retry-After case runs for "GET one" only.
const expectedCases = (calls) => calls.length * 11 * 2 - calls.filter((c) => c !== "GET one").length;

for (const [version, calls] of [["v2", V2_CALLS], ["v4", V4_CALLS]]) {
  test(`Node, ${version}: every fault × every call ends right, and the process then exits by itself`, async () => {
    const cases = await inNode(calls);
    assert.equal(cases.length, expectedCases(calls));
    assert.equal(report(cases), "");
  });

  test(`workerd, ${version}: the same matrix through the package's workerd entry`, async () => {
    const cases = await inWorkerd(calls);
    assert.equal(cases.length, expectedCases(calls));
    assert.equal(report(cases), "");
  });
}
