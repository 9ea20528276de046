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

const here = fileURLToPath(new URL(".", import.meta.url));
let sb;
before(async () => { sb = await startSandbox(["--no-rate-limit"]); });
after(() => sb.stop());

function report(cases) {
  const bad = cases.filter((c) => !c.pass);
  return bad.map((c) => `${c.call} × ${c.fault} (${c.mode}): got ${c.got}, expected ${c.expected.join(" or ")}`).join("\n");
}

test("Node: every fault × every call ends right, and the process then exits by itself", async () => {
  const script = `
    import { TrackingMore } from ${JSON.stringify(join(here, "../../pkg/node.js"))};
    import { runMatrix, controlAt } from ${JSON.stringify(join(here, "fault-matrix.mjs"))};
    const cases = await runMatrix(TrackingMore, process.argv[1], controlAt(new URL(process.argv[1]).origin));
    process.stdout.write(JSON.stringify(cases));
  `;
  const child = spawn(process.execPath, ["--unhandled-rejections=strict", "--input-type=module", "-e", script, sb.baseUrl], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "", err = "";
  child.stdout.on("data", (d) => { out += d; });
  child.stderr.on("data", (d) => { err += d; });
  const started = Date.now();
  const code = await new Promise((resolve) => {
    const timer = setTimeout(() => { child.kill("SIGKILL"); resolve("did not exit within 180 s (a timer or a socket left open)"); }, 180_000);
    child.once("exit", (c) => { clearTimeout(timer); resolve(c); });
  });
  assert.equal(code, 0, `exit ${code}\n${err}`);
  assert.equal(err, "", "no warning, no unhandled rejection");
  const cases = JSON.parse(out);
  assert.equal(cases.length, 7 * 11 * 2 - 6);
  assert.equal(report(cases), "");
  // It exited by itself right after its last case: no timer kept it alive.
  assert.ok(Date.now() - started < 180_000);
});

test("workerd: the same matrix through the package's workerd entry", async () => {
  const mf = await miniflare("fault-worker.mjs");
  try {
    const r = await mf.dispatchFetch(`http://worker/?base=${encodeURIComponent(sb.baseUrl)}`);
    const cases = await r.json();
    assert.equal(cases.length, 7 * 11 * 2 - 6);
    assert.equal(report(cases), "");
  } finally {
    await mf.dispose();
  }
});
