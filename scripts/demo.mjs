// `make demo`: the whole stack on loopback, as a shop would run it.
//
//   sandbox (the API, demo data, its real 1 req/s limiter, no CORS: pages can not reach it)
//     ↑ every upstream request, paced account-wide by the Worker's Durable Object
//   Worker in workerd (wrangler dev): holds the key, serves www/ and the v2 proxy, gets webhooks
//     ↑ proxy mode: no key
//   the pages (www/) in your browser, and the console tour below, using the package
//
// Keeps serving until Ctrl-C, then stops everything.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { TrackingMore, TrackingMoreV4, TrackingMoreError } from "../pkg/node.js";
import { freePort, startWorker } from "../tests/js/worker.mjs";

const root = fileURLToPath(new URL("../", import.meta.url));
const say = (...a) => console.log(...a);
const KEY = "demo-key";
const ADMIN = process.env.ADMIN_TOKEN || "demo-admin-token";
const port = Number(process.env.WORKER_PORT || 8787);

// Whether `port` can be listened on at 127.0.0.1 (it is free).
const canListen = (p) => new Promise((resolve) => {
  const probe = createServer();
  probe.once("error", () => resolve(false));
  probe.listen(p, "127.0.0.1", () => probe.close(() => resolve(true)));
});
if (!(await canListen(port))) {
  console.error(`make demo: port ${port} is in use; choose another with WORKER_PORT (e.g. WORKER_PORT=${port + 1} make demo)`);
  process.exit(1);
}
const sandboxPort = Number(process.env.SANDBOX_PORT || (await freePort()));

const sandbox = spawn(`${root}target/debug/trackingmore-sandbox`, [
  "--port", String(sandboxPort), "--quiet", "--seed-demo", "--clock-speed", "60",
  "--webhook-url", `http://127.0.0.1:${port}/webhook`,
], { stdio: ["ignore", "pipe", "inherit"] });
const sandboxUrl = await new Promise((resolve, reject) => {
  createInterface({ input: sandbox.stdout }).once("line", (l) => resolve(l.trim().split(" ").pop()));
  sandbox.once("exit", (c) => reject(new Error(`the sandbox exited with ${c}`)));
});
let worker;
try {
  worker = await startWorker({
    port,
    vars: {
      TRACKINGMORE_BASE_URL: `${sandboxUrl}/v2`,
      TRACKINGMORE_API_KEY: KEY,
      ADMIN_TOKEN: ADMIN,
      WEBHOOK_EMAIL: "demo@sandbox.example",
      // The demo's sandbox clock runs 60x faster: its webhooks are stamped ahead of real time.
      WEBHOOK_MAX_AGE_SECONDS: String(30 * 86400),
    },
  });
} catch (e) {
  sandbox.kill();
  console.error(`make demo: the Worker did not start: ${e.message.split("\n")[0]}`);
  process.exit(1);
}
let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  say("\nstopping the Worker and the sandbox…");
  await worker.stop();
  sandbox.kill("SIGTERM");
  process.exit(0);
}
process.on("SIGINT", stop);
process.on("SIGTERM", stop);

say(`sandbox  ${sandboxUrl}/v2 and /v4   (the API; key "${KEY}"; no CORS, like the real one)`);
say(`worker   ${worker.origin}          (holds the key; paces the account; serves the pages)\n`);

// ---- The console tour, through the Worker, in proxy mode: no key here either ----
const shopper = new TrackingMore({ baseUrl: worker.baseUrl, requestsPerSecond: 0, maxWaitMs: 5000 });
const ops = new TrackingMore({ baseUrl: worker.baseUrl, headers: { Authorization: `Bearer ${ADMIN}` } });
try {
  say("as a shopper (no credentials):");
  const carriers = await shopper.carriers();
  say(`  carriers: ${carriers.length} (e.g. ${carriers.slice(0, 4).map((c) => c.name).join(", ")})`);
  const guess = await shopper.detectCarrier("1Z999AA10123456784");
  say(`  detectCarrier("1Z999AA10123456784") → ${guess.map((g) => g.code).join(", ")}`);
  const page = await ops.listTrackings({ status: "transit", limit: 1 });
  const seeded = page.items[0];
  const t = await shopper.getTracking(seeded.carrier_code, seeded.tracking_number);
  say(`  ${t.tracking_number} (${t.carrier_code}) is ${t.status}; personal fields hidden: order_id ${t.order_id === undefined ? "absent" : "SHOWN"}`);
  for (const c of t.origin_info.trackinfo.slice(0, 3)) say(`    ${c.Date}  ${c.StatusDescription} — ${c.Details}`);
  const fresh = `DEMO${Date.now() % 1e8}`;
  const created = await shopper.getTracking("dhl", fresh);
  say(`  an unknown number (${fresh}) is created by the Worker and shown: ${created.status}`);
  try {
    await shopper.listTrackings();
  } catch (e) {
    if (!(e instanceof TrackingMoreError)) throw e;
    say(`  listing everything is not for shoppers: ${e.code} (meta ${e.metaCode})`);
  }

  say("\nas operations (admin token; the key stays in the Worker):");
  const user = await ops.userInfo();
  say(`  account ${user.email}, quota left ${user.track_number}`);
  const counts = await ops.statusCounts();
  say(`  status counts: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(", ")}`);
  const n = 100;
  say(`  importing ${n} numbers (chunks of 40, paced account-wide at 1 request/s):`);
  const inputs = Array.from({ length: n }, (_, i) => ({ tracking_number: `DEMO${Date.now() % 1e7}${String(i).padStart(3, "0")}`, carrier_code: "dhl" }));
  inputs[7] = { tracking_number: seeded.tracking_number, carrier_code: seeded.carrier_code }; // already there
  const r = await ops.createTrackings(inputs, { onProgress: (p) => say(`    ${p.done}/${p.total} done, ${p.added} added, ${p.failed} failed`) });
  say(`    → added ${r.added}; errors: ${r.errors.map((e) => `${e.tracking_number} ${e.code} (${e.metaCode})`).join("; ")}`);
  try {
    await ops.listTrackings({ limit: 5000 });
  } catch (e) {
    say(`  checked before any request: ${e.code}: ${e.message}`);
  }

  say("\nthe same through v4 (TrackingMoreV4, the Worker's /v4):");
  const shopper4 = new TrackingMoreV4({ baseUrl: `${worker.origin}/v4`, requestsPerSecond: 0, maxWaitMs: 5000 });
  const ops4 = new TrackingMoreV4({ baseUrl: `${worker.origin}/v4`, headers: { Authorization: `Bearer ${ADMIN}` } });
  try {
    const couriers = await shopper4.couriers();
    say(`  couriers: ${couriers.length}; detectCourier("1Z999AA10123456784") → ${(await shopper4.detectCourier("1Z999AA10123456784"))[0].courier_code}`);
    const t4 = await shopper4.getTracking(seeded.carrier_code, seeded.tracking_number);
    say(`  the same parcel in v4: ${t4.tracking_number} (${t4.courier_code}) is ${t4.delivery_status}, id ${t4.id}`);
    const inputs4 = Array.from({ length: 45 }, (_, i) => ({ tracking_number: `DEMO4${Date.now() % 1e7}${String(i).padStart(3, "0")}`, courier_code: "ups" }));
    const r4 = await ops4.createTrackings(inputs4, { onProgress: (p) => say(`    ${p.done}/${p.total} done, ${p.added} added`) });
    const first = r4.trackings[0];
    const updated = await ops4.updateTracking(first.id, { note: "gift wrap", archived_status: "archived" });
    say(`  imported ${r4.added} through v4; ${first.tracking_number} updated by id: note "${updated.note}", ${updated.archived_status}`);
  } finally {
    shopper4.free();
    ops4.free();
  }
} catch (e) {
  say(`\nthe tour failed: ${e && e.code ? `${e.code}: ${e.message}` : e}`);
  process.exitCode = 1;
}
shopper.free();
ops.free();

say(`
The pages (served by the Worker, the package in proxy mode):
  ${worker.origin}/                                  track your order (try a number from the list on the ops page)
  ${worker.origin}/?number=${encodeURIComponent("9400685934844284100935")}&carrier=usps
  ${worker.origin}/?version=v4&number=${encodeURIComponent("9400685934844284100935")}&carrier=usps   (the same, over v4)
  ${worker.origin}/ops                               operations console (admin token: ${ADMIN}; v2 or v4)
`);
if (process.env.DEMO_EXIT) {
  await stop();
} else {
  say("serving until Ctrl-C…");
}
