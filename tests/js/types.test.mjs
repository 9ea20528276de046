// The published types tell the truth: every answer the sandbox gives through the package (every
// endpoint, every quirk variant of the seeded data, webhook bodies through parseWebhook) is
// written into a TypeScript file as a literal of its declared type and compiled with
// `tsc --strict`. A declared field whose value can be null, a number that arrives as text, a
// status outside the union: each fails the compile. Fields not declared are allowed here (they
// are kept at run time) but the published types have no catch-all, so a typo such as `t.Status`
// does not compile (checked too).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TrackingMore, TrackingMoreV4, parseWebhook, parseWebhookV4 } from "../../pkg/node.js";
import { startSandbox } from "./sandbox.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const pkgTypes = join(here, "../../pkg/index.js");
let sb, hooks;
const received = [];
before(async () => {
  hooks = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => { body += c; });
    req.on("end", () => { received.push(body); res.end("ok"); });
  });
  await new Promise((r) => hooks.listen(0, "127.0.0.1", r));
  sb = await startSandbox(["--no-rate-limit", "--seed-demo", "--webhook-url", `http://127.0.0.1:${hooks.address().port}/hook`]);
});
after(async () => {
  await sb.stop();
  hooks.close();
});

test("every sandbox answer type-checks against the published declarations (tsc --strict)", async () => {
  const tm = new TrackingMore({ apiKey: "demo-key", baseUrl: sb.baseUrl, requestsPerSecond: 0, realtimeRequestsPerSecond: 0 });
  const samples = []; // [type, value]
  const add = (type, value) => samples.push([type, value]);
  const stamp = Date.now() % 1e7;

  add("Carrier[]", await tm.carriers());
  add("CarrierMatch[]", await tm.detectCarrier("1Z999AA10123456784"));
  add("Tracking", await tm.createTracking({ tracking_number: `TY${stamp}A`, carrier_code: "dhl" }));
  add("Tracking", await tm.createTracking({ tracking_number: `TY${stamp}B`, carrier_code: "ups", title: "t", customer_email: "a@example.com", customer_name: "n", order_id: "#1", order_create_time: "2024/5/1 10:08", destination_code: "US" }));
  add("Tracking", await tm.updateTracking("dhl", `TY${stamp}A`, { title: "u", status: 4 }));
  add("Tracking", await tm.realtimeTracking({ tracking_number: "1Z999AA10123456784", carrier_code: "ups" }));
  for (let page = 1; page <= 3; page += 1) add("TrackingPage", await tm.listTrackings({ limit: 15, page }));
  const all = [];
  for await (const t of tm.allTrackings({ limit: 20 })) all.push(t);
  for (const t of all) add("Tracking", await tm.getTracking(t.carrier_code, t.tracking_number));
  add("BatchResult", await tm.createTrackings([{ tracking_number: `TY${stamp}A`, carrier_code: "dhl" }, { tracking_number: `TY${stamp}C`, carrier_code: "dhl" }]));
  add("ManyResult", await tm.updateTrackings([{ tracking_number: `TY${stamp}C`, carrier_code: "dhl", title: "x" }, { tracking_number: "NOPE", carrier_code: "dhl", title: "x" }]));
  add("ManyResult", await tm.stopUpdating([{ tracking_number: `TY${stamp}C`, carrier_code: "dhl" }]));
  add("ManyResult", await tm.deleteTrackings([{ tracking_number: `TY${stamp}C`, carrier_code: "dhl" }, { tracking_number: "NOPE", carrier_code: "dhl" }]));
  add("UserInfo", await tm.userInfo());
  add("StatusCounts", await tm.statusCounts());
  add("RemoteResult", await tm.checkRemote([{ country: "DE", postcode: "10115" }, { country: "AU", postcode: "0872", company: "dhl" }]));
  add("TransitTime[]", await tm.transitTimes([{ carrier_code: "dhl", original: "CN", destination: "US" }, { carrier_code: "ups", original: "DE", destination: "AU" }]));
  add("AirCargo[]", await tm.airCargo(["172-28891936", "618-12345675"]));
  // Webhook bodies: status changes make the sandbox post them.
  await sb.control("POST", "clock", { advance_secs: 5 * 86400 });
  for (let i = 0; i < 60 && received.length < 5; i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(received.length >= 5, `webhooks received: ${received.length}`);
  for (const body of received.slice(0, 20)) add("Tracking", await parseWebhook(body, "demo@sandbox.example"));
  tm.free();

  // v4: every endpoint's answer, through TrackingMoreV4.
  const tm4 = new TrackingMoreV4({ apiKey: "demo-key", baseUrl: `${sb.origin}/v4`, requestsPerSecond: 0, createRequestsPerSecond: 0 });
  add("Courier[]", await tm4.couriers());
  add("Courier[]", await tm4.detectCourier("1Z999AA10123456784"));
  const created = await tm4.createTracking({ tracking_number: `TV${stamp}A`, courier_code: "dhl", note: "n", customer_sms: "+15551234", order_date: "2024-05-01T10:00:00+00:00" });
  add("TrackingV4", created);
  add("TrackingV4", await tm4.getTracking("dhl", `TV${stamp}A`));
  for (let page = 1; page <= 3; page += 1) add("TrackingV4[]", await tm4.listTrackings({ items_amount: 15, pages_amount: page }));
  add("BatchResultV4", await tm4.createTrackings([{ tracking_number: `TV${stamp}A`, courier_code: "dhl" }, { tracking_number: `TV${stamp}B`, courier_code: "dhl" }, { tracking_number: `TV${stamp}C`, courier_code: "no-such" }]));
  add("UpdatedTrackingV4", await tm4.updateTracking(created.id, { title: "t", courier_code_new: "ups", archived_status: "archived" }));
  add("AirWaybill", await tm4.airWaybill("020-12345675"));
  const expired = (await tm4.listTrackings({ delivery_status: "expired", items_amount: 1 }))[0];
  if (expired) add("TrackingV4", await tm4.retrack(expired.id));
  add("DeletedTrackingV4", await tm4.deleteTracking(created.id));
  const hook = (await sb.control("GET", "webhook-v4")).data;
  // The sandbox signs with its virtual clock, advanced five days above: no age check here.
  const secret = "2e55b9a3-4dd1-4416-9897-c4bd1e3d738f";
  add("TrackingV4", await parseWebhookV4({ body: hook.body, headers: hook.headers }, secret, { maxAgeSeconds: Infinity }));
  tm4.free();
  assert.ok(samples.length > 40, `${samples.length} samples`);

  const dir = mkdtempSync(join(tmpdir(), "tm-types-"));
  try {
    const types = [...new Set([...samples.map(([t]) => t.replace("[]", "")), "TrackingV4"])];
    const lines = [
      `import type { ${types.join(", ")} } from ${JSON.stringify(pkgTypes)};`,
      // Undeclared fields are allowed in these literals (kept at run time); declared ones must match.
      "type Loose<T> = T extends readonly (infer U)[] ? Loose<U>[] : T extends object ? { [K in keyof T]: Loose<T[K]> } & { [k: string]: unknown } : T;",
      // One property a line, so that a diagnostic's line names the field.
      ...samples.map(([type, value], i) => `export const s${i}: Loose<${type}> = ${JSON.stringify(value, null, 1)};`),
      // The check can fail: a status outside the union, a null where a string is declared, a typo.
      `// @ts-expect-error status is a TrackingStatus\nexport const bad1: Loose<Tracking> = { ...s2, status: "shipped" };`,
      `// @ts-expect-error customer_email is always a list\nexport const bad2: Loose<Tracking> = { ...s2, customer_email: null };`,
      `declare const v4: TrackingV4;\n// @ts-expect-error status is a TrackingStatusV4\nexport const bad3: TrackingV4 = { ...v4, delivery_status: "shipped" };`,
      `declare const t: Tracking;\n// @ts-expect-error no catch-all: a typo does not compile\nexport const typo = t.Status;\n// @ts-expect-error the API's names are snake_case\nexport const camel = t.trackingNumber;`,
    ];
    writeFileSync(join(dir, "samples.ts"), lines.join("\n"));
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: "es2022", module: "esnext", moduleResolution: "bundler", skipLibCheck: false, lib: ["es2022", "dom", "esnext.disposable"] },
      files: ["samples.ts"],
    }));
    try {
      execFileSync(join(here, "node_modules/.bin/tsc"), ["-p", join(dir, "tsconfig.json")], { encoding: "utf8", stdio: "pipe" });
    } catch (e) {
      const src = readFileSync(join(dir, "samples.ts"), "utf8").split("\n");
      const diag = String(e.stdout || "").split("\n").filter(Boolean).slice(0, 40)
        .map((l) => { const m = /samples\.ts\((\d+),/.exec(l); return m ? `${l}\n    at: ${src[Number(m[1]) - 1].trim()}` : l; });
      assert.fail(`the answers do not match the declarations:\n${diag.join("\n")}`);
      assert.fail(`the answers do not match the declarations:\n${(e.stdout || "") + (e.stderr || "")}`.slice(0, 6000));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
