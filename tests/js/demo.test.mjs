// `make demo` as a new user meets it when something is in its way: one clear line, nothing left
// behind.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../../", import.meta.url));

test("make demo with its Worker port taken: a one-line message naming the port and WORKER_PORT", async () => {
  const taken = createServer();
  await new Promise((resolve) => taken.listen(0, "127.0.0.1", resolve));
  const { port } = taken.address();
  // The demo's own temporary folder, so that other suites' files do not count.
  const tmp = mkdtempSync(join(tmpdir(), "tm-demo-test-"));
  try {
    const r = spawnSync(process.execPath, ["scripts/demo.mjs"], {
      cwd: root,
      env: { ...process.env, WORKER_PORT: String(port), DEMO_EXIT: "1", TMPDIR: tmp },
      encoding: "utf8",
      timeout: 60_000,
    });
    assert.equal(r.status, 1, r.stdout + r.stderr);
    const lines = r.stderr.trim().split("\n");
    assert.equal(lines.length, 1, `one line, no stack trace:\n${r.stderr}`);
    assert.match(lines[0], new RegExp(`port ${port} is in use.*WORKER_PORT`));
    assert.deepEqual(readdirSync(tmp), [], "nothing left behind");
  } finally {
    taken.close();
    rmSync(tmp, { recursive: true, force: true });
  }
});
