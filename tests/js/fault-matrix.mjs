// The fault matrix: every sandbox fault against each kind of call, once (the retry must succeed)
// and on every attempt (the call must end in the right typed error). Runtime-agnostic: Node runs
// it (fault.test.mjs, in a child process that must exit by itself) and so does workerd
// (fault-worker.mjs under Miniflare). Each case uses fresh trackings and clears its faults.

const FAULTS = {
  html500: { kind: "status", status: 500 },
  html502: { kind: "status", status: 502 },
  html503: { kind: "status", status: 503 },
  http429: { kind: "rate_limit" },
  http429RetryAfter: { kind: "rate_limit", retry_after: 1 },
  meta429: { kind: "meta", code: 429 },
  reset: { kind: "reset" },
  delay: { kind: "delay", ms: 1000 },
  truncate: { kind: "truncate" },
  nonJson: { kind: "non_json" },
  large: { kind: "large", bytes: 1 << 20 },
};

/** The error a call ends in when every attempt meets the fault ("ok": it succeeds anyway). */
const FINAL = {
  html500: "SERVER_ERROR", html502: "SERVER_ERROR", html503: "SERVER_ERROR",
  http429: "RATE_LIMITED", http429RetryAfter: "RATE_LIMITED", meta429: "RATE_LIMITED",
  reset: "NETWORK", delay: "TIMEOUT", truncate: "NETWORK", nonJson: "DECODE", large: "ok",
};
/** Not retried: the first failure is final. */
const NOT_RETRIED = new Set(["nonJson"]);

let n = 0;
const fresh = (p) => `${p}${Date.now() % 1e8}${(n += 1)}${Math.floor(Math.random() * 1e4)}`;

/** The calls: how to prepare, which requests the faults target, how to run (`tm` the client of
 * the call's version: v2 unless `v4`). */
const CALLS = {
  "GET one": {
    prepare: async (ok) => { const t = fresh("FG"); await ok.createTracking({ tracking_number: t, carrier_code: "dhl" }); return t; },
    rule: (t) => ({ path: `/v2/trackings/dhl/${t}`, method: "GET" }),
    run: (tm, t) => tm.getTracking("dhl", t),
  },
  "POST one": {
    prepare: async () => fresh("FP"),
    rule: () => ({ path: "/v2/trackings/post", method: "POST" }),
    run: (tm, t) => tm.createTracking({ tracking_number: t, carrier_code: "dhl" }),
  },
  PUT: {
    prepare: async (ok) => { const t = fresh("FU"); await ok.createTracking({ tracking_number: t, carrier_code: "dhl" }); return t; },
    rule: (t) => ({ path: `/v2/trackings/dhl/${t}`, method: "PUT" }),
    run: (tm, t) => tm.updateTracking("dhl", t, { title: "matrix" }),
  },
  DELETE: {
    prepare: async (ok) => { const t = fresh("FD"); await ok.createTracking({ tracking_number: t, carrier_code: "dhl" }); return t; },
    rule: (t) => ({ path: `/v2/trackings/dhl/${t}`, method: "DELETE" }),
    run: (tm, t) => tm.deleteTracking("dhl", t),
  },
  batch: {
    batch: true,
    prepare: async () => fresh("FB"),
    rule: () => ({ path: "/v2/trackings/batch", method: "POST" }),
    run: (tm, t) => tm.createTrackings([0, 1, 2].map((i) => ({ tracking_number: `${t}x${i}`, carrier_code: "dhl" }))),
  },
  list: {
    prepare: async () => "",
    rule: () => ({ path: "/v2/trackings/get", method: "GET" }),
    run: (tm) => tm.listTrackings({ limit: 2 }),
  },
  realtime: {
    prepare: async () => fresh("FR"),
    rule: () => ({ path: "/v2/trackings/realtime", method: "POST" }),
    run: (tm, t) => tm.realtimeTracking({ tracking_number: t, carrier_code: "dhl" }),
  },
  "v4 GET one": {
    v4: true,
    prepare: async (ok) => { const t = fresh("FG4"); await ok.createTracking({ tracking_number: t, courier_code: "dhl" }); return t; },
    rule: () => ({ path: "/v4/trackings/get", method: "GET" }),
    run: (tm, t) => tm.getTracking("dhl", t),
  },
  "v4 create": {
    v4: true,
    prepare: async () => fresh("FP4"),
    rule: () => ({ path: "/v4/trackings/create", method: "POST" }),
    run: (tm, t) => tm.createTracking({ tracking_number: t, courier_code: "dhl" }),
  },
  "v4 PUT": {
    v4: true,
    prepare: async (ok) => (await ok.createTracking({ tracking_number: fresh("FU4"), courier_code: "dhl" })).id,
    rule: (id) => ({ path: `/v4/trackings/update/${id}`, method: "PUT" }),
    run: (tm, id) => tm.updateTracking(id, { note: "matrix" }),
  },
  "v4 DELETE": {
    v4: true,
    prepare: async (ok) => (await ok.createTracking({ tracking_number: fresh("FD4"), courier_code: "dhl" })).id,
    rule: (id) => ({ path: `/v4/trackings/delete/${id}`, method: "DELETE" }),
    run: (tm, id) => tm.deleteTracking(id),
  },
  "v4 batch": {
    v4: true,
    batch: true,
    prepare: async () => fresh("FB4"),
    rule: () => ({ path: "/v4/trackings/batch", method: "POST" }),
    run: (tm, t) => tm.createTrackings([0, 1, 2].map((i) => ({ tracking_number: `${t}x${i}`, courier_code: "dhl" }))),
  },
  "v4 list": {
    v4: true,
    prepare: async () => "",
    rule: () => ({ path: "/v4/trackings/get", method: "GET" }),
    run: (tm) => tm.listTrackings({ items_amount: 2 }),
  },
};

/** The names of the v2 calls and of the v4 ones. */
export const V2_CALLS = Object.keys(CALLS).filter((c) => !CALLS[c].v4);
export const V4_CALLS = Object.keys(CALLS).filter((c) => CALLS[c].v4);

/** What a call ended in: "ok", an error code, or for a batch the codes its inputs carry. */
async function outcome(call, tm, t) {
  try {
    const r = await CALLS[call].run(tm, t);
    if (CALLS[call].batch) {
      const all = r.trackings.length + r.errors.length;
      if (all !== 3) return `LOST ${3 - all}`;
      if (r.errors.length === 0) return "ok";
      const codes = [...new Set(r.errors.map((e) => e.code))];
      // After an ambiguous failure a retried chunk may meet its own earlier success.
      return codes.length === 1 ? codes[0] : codes.join("+");
    }
    return "ok";
  } catch (e) {
    return e && e.code ? e.code : `THROWN ${e}`;
  }
}

/**
 * Runs the matrix with the package's classes (`{ TrackingMore, TrackingMoreV4 }`) against the
 * sandbox whose v2 base URL is `baseUrl`; `options.calls`/`options.faults` pick a subset. Returns
 * the cases, each with `pass`. `control(method, path, body)` talks to the sandbox's control API.
 */
export async function runMatrix({ TrackingMore, TrackingMoreV4 }, baseUrl, control, options = {}) {
  // A generous timeout, so that a loaded machine never turns a slow answer into a TIMEOUT; the
  // delay cases use a client whose timeout the 1 s delay exceeds.
  const common = { apiKey: "demo-key", requestsPerSecond: 0, timeoutMs: 5000, retryBaseDelayMs: 5, rateLimitCooldownMs: 50, maxRetries: 2 };
  const clients = (Class, settings) => ({ tm: new Class(settings), quick: new Class({ ...settings, timeoutMs: 500 }), ok: new Class(settings) });
  const versions = {
    v2: clients(TrackingMore, { ...common, baseUrl, realtimeRequestsPerSecond: 0 }),
    v4: clients(TrackingMoreV4, { ...common, baseUrl: baseUrl.replace(/\/v2$/, "/v4"), createRequestsPerSecond: 0 }),
  };
  const cases = [];
  for (const call of options.calls ?? Object.keys(CALLS)) {
    const { tm, quick, ok } = versions[CALLS[call].v4 ? "v4" : "v2"];
    for (const fault of options.faults ?? Object.keys(FAULTS)) {
      for (const mode of ["once", "always"]) {
        // Retry-After counts whole seconds: its every-attempt case (2 s a call, the same final
        // error as a plain 429) runs for one call only.
        if (fault === "http429RetryAfter" && mode === "always" && call !== "GET one") continue;
        await control("DELETE", "faults");
        const t = await CALLS[call].prepare(ok);
        const count = mode === "once" ? 1 : 3;
        await control("POST", "faults", { ...CALLS[call].rule(t), count, fault: FAULTS[fault] });
        const started = Date.now();
        const got = await outcome(call, fault === "delay" ? quick : tm, t);
        const final = FINAL[fault];
        const expected = mode === "once" && !NOT_RETRIED.has(fault) ? ["ok"] : [final];
        // A large body is a valid envelope without the fields some calls need.
        if (fault === "large") expected.push("DECODE");
        // A delayed create completes on the server after the client gave up: the retry meets it.
        if (fault === "delay" && CALLS[call].batch) expected.push("TRACKING_EXISTS");
        cases.push({ call, fault, mode, got, expected, ms: Date.now() - started, pass: expected.includes(got) });
      }
    }
  }
  await control("DELETE", "faults");
  for (const c of Object.values(versions)) for (const client of Object.values(c)) client.free();
  return cases;
}

/** `control` over fetch, for a sandbox at `origin`. */
export function controlAt(origin) {
  return async (method, path, body) => {
    const r = await fetch(`${origin}/_sandbox/${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    return r.json();
  };
}
