// trackingmore-wasm's Worker: keeps the API key off the page. A v2- and v4-shaped proxy, so the
// unchanged clients work against it in proxy mode (`new TrackingMore({ baseUrl: "https://…/v2" })`,
// `new TrackingMoreV4({ baseUrl: "https://…/v4" })`):
//
// - shopper scope (no credentials): the couriers, a detection, and one tracking — v2:
//   GET /v2/carriers, POST /v2/carriers/detect, GET /v2/trackings/{carrier}/{number}[/{lang}];
//   v4: GET /v4/couriers/all, POST /v4/couriers/detect, GET /v4/trackings/get with exactly one
//   `tracking_numbers` and a `courier_code` (and `lang`). A tracking is created server-side when it
//   does not exist yet and looks like a real one (a known carrier, a number without paths or
//   blanks; within a visitor's and the account's daily creation limits); answers are trimmed of
//   personal fields and cached (and, when the API fails, the last one served marked stale);
//   anything else is 403;
// - admin scope (`Authorization: Bearer <ADMIN_TOKEN>`): the whole v2 and v4 surfaces, the key
//   added here;
// - POST /webhook (v2, verified with WEBHOOK_EMAIL) and POST /webhook/v4 (verified with
//   WEBHOOK_SECRET): TrackingMore's webhooks, the latest state kept in KV.
//
// Every upstream request goes through the account-wide pacer (a Durable Object, pacer.js); cache
// and KV hits never do. The Worker runs the package itself (its `workerd` entry) with the key.

import { TrackingMore, TrackingMoreV4, TrackingMoreError, parseWebhook, parseWebhookV4 } from "trackingmore-wasm";
import { AccountPacer, MAX_WAIT_HEADER } from "./pacer.js";

export { AccountPacer };

const DEFAULT_BASE = "https://api.trackingmore.com/v2";
/** Fields a shopper never sees: whoever knows a tracking number could read them otherwise. */
export const PERSONAL_FIELDS = [
  "customer_name", "customer_email", "customer_phone", "order_id",
  // v4's names and fields
  "customer_sms", "order_number", "recipient_postcode",
];

const num = (v, fallback) => (v === undefined || v === "" || !Number.isFinite(Number(v)) ? fallback : Number(v));

/** The Worker's settings from its vars and secrets (wrangler.toml, `.dev.vars`, `wrangler secret`). */
export function settings(env) {
  return {
    baseUrl: (env.TRACKINGMORE_BASE_URL || DEFAULT_BASE).replace(/\/+$/, ""),
    // The v4 API: its own setting, else the v2 base URL with /v4 for /v2.
    v4BaseUrl: (env.TRACKINGMORE_V4_BASE_URL || (env.TRACKINGMORE_BASE_URL || DEFAULT_BASE).replace(/\/+$/, "").replace(/\/v2$/, "/v4")).replace(/\/+$/, ""),
    apiKey: env.TRACKINGMORE_API_KEY || "",
    adminToken: env.ADMIN_TOKEN || "",
    webhookEmail: env.WEBHOOK_EMAIL || "",
    webhookSecret: env.WEBHOOK_SECRET || "",
    cacheTtl: num(env.CACHE_TTL_SECONDS, 300),
    webhookFresh: num(env.WEBHOOK_FRESH_SECONDS, 3600),
    webhookMaxAge: num(env.WEBHOOK_MAX_AGE_SECONDS, 600),
    shopperMaxWaitMs: num(env.SHOPPER_MAX_WAIT_MS, 3000),
    staleIfErrorSeconds: num(env.STALE_IF_ERROR_SECONDS, 86400),
    adminMaxWaitMs: num(env.ADMIN_MAX_WAIT_MS, 25000),
    corsOrigins: (env.CORS_ORIGINS || "").split(",").map((s) => s.trim()).filter(Boolean),
  };
}

/** The v2 envelope. */
export function envelope(code, message, data = [], status = 200, headers = {}) {
  const type = status >= 500 ? "Service Unavailable" : status >= 400 ? "Bad Request" : "Success";
  return Response.json({ meta: { code, type, message }, data }, { status, headers });
}

/** The v4 envelope (no `meta.type`). */
export function envelopeV4(code, message, data = [], status = 200, headers = {}) {
  return Response.json({ meta: { code, message }, data }, { status, headers });
}

/** `text` without the key (an upstream that echoes it must not make this Worker echo it). */
function scrub(text, key) {
  if (!key || key.length < 4) return text;
  const enc = encodeURIComponent(key);
  const out = text.split(key).join("[redacted]");
  return enc === key ? out : out.split(enc).join("[redacted]");
}

/** A tracking as a shopper may see it. */
export function trim(tracking) {
  if (!tracking || typeof tracking !== "object") return tracking;
  const out = { ...tracking };
  for (const f of PERSONAL_FIELDS) delete out[f];
  delete out.verifyInfo;
  return out;
}

// ---- Auth ----

async function sha256(text) {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

/** Compares in constant time (hashes first, so the lengths match too). */
async function sameSecret(given, expected) {
  if (!expected) return false;
  const [a, b] = await Promise.all([sha256(given), sha256(expected)]);
  if (crypto.subtle.timingSafeEqual) return crypto.subtle.timingSafeEqual(a, b);
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i] ^ b[i];
  return diff === 0;
}

// ---- CORS ----

/** CORS headers for the request's origin: `{}` without one, `null` for an origin not allowed. */
function corsHeaders(request, cfg, url) {
  const origin = request.headers.get("Origin");
  if (!origin || origin === url.origin) return {};
  const allowed = cfg.corsOrigins.includes("*") || cfg.corsOrigins.includes(origin);
  if (!allowed) return null;
  return {
    "Access-Control-Allow-Origin": origin,
    "Access-Control-Expose-Headers": "Retry-After",
    Vary: "Origin",
  };
}

function withHeaders(response, headers) {
  const r = new Response(response.body, response);
  for (const [k, v] of Object.entries(headers)) r.headers.set(k, v);
  return r;
}

// ---- Upstream: the package, with the key, through the pacer ----

/** The account's Durable Object: its pacer, and the daily budget of shopper creations. */
const accountObject = (env) => env.PACER.get(env.PACER.idFromName("account"));

/** A `fetch` that sends through the account's pacer, which may hold a request up to `maxWaitMs`. */
function pacedFetch(env, maxWaitMs) {
  const stub = accountObject(env);
  return (url, init) => {
    const req = new Request(url, init);
    req.headers.set(MAX_WAIT_HEADER, String(maxWaitMs));
    return stub.fetch(req);
  };
}

/** The package's client of `version` for shopper lookups: pacing is the pacer's; a long wait
 * fails fast. */
function shopperClient(version, env, cfg) {
  return new version.Client({
    apiKey: cfg.apiKey,
    baseUrl: version.base(cfg),
    // Pacing is the account pacer's: the client's own lanes are off.
    requestsPerSecond: 0,
    [version.secondLaneOption]: 0,
    maxRetries: 1,
    maxWaitMs: cfg.shopperMaxWaitMs,
    timeoutMs: 10000,
    fetch: pacedFetch(env, cfg.shopperMaxWaitMs),
  });
}

/** What differs between the two API versions the Worker serves; the rest of it is shared. */
export const VERSIONS = {
  v2: {
    name: "v2",
    Client: TrackingMore,
    /** The option of the client's second pacing lane. */
    secondLaneOption: "realtimeRequestsPerSecond",
    base: (cfg) => cfg.baseUrl,
    keyHeader: "Trackingmore-Api-Key",
    envelope,
    ok: (data) => envelope(200, "Success", data),
    /** An API error as the client understands it: v2 answers HTTP 200 with the meta code. */
    apiError: (code, message) => envelope(code, message, [], 200),
    invalid: 4012,
    notFound: 4031,
    couriers: (c) => c.carriers(),
    courierCode: (courier) => courier.code,
    detect: (c, number) => c.detectCarrier(number),
    get: (c, carrier, number, lang) => c.getTracking(carrier, number, { lang }),
    create: (c, carrier, number) => c.createTracking({ tracking_number: number, carrier_code: carrier }),
    /** A tracking as its answer's `data`. */
    tracking: (t) => t,
    keyOf: (t) => [t.carrier_code, t.tracking_number],
  },
  v4: {
    name: "v4",
    Client: TrackingMoreV4,
    secondLaneOption: "createRequestsPerSecond",
    base: (cfg) => cfg.v4BaseUrl,
    keyHeader: "Tracking-Api-Key",
    envelope: envelopeV4,
    ok: (data) => envelopeV4(200, "Request response is successful", data),
    /** v4 sets the HTTP status too. */
    apiError: (code, message, status) => envelopeV4(code, message, [], status ?? 400),
    invalid: 400,
    notFound: 4102,
    couriers: (c) => c.couriers(),
    courierCode: (courier) => courier.courier_code,
    detect: (c, number) => c.detectCourier(number),
    get: (c, courier, number, lang) => c.getTracking(courier, number, { lang }),
    create: (c, courier, number) => c.createTracking({ tracking_number: number, courier_code: courier }),
    /** `GET /trackings/get` answers a list: the tracking in one. */
    tracking: (t) => [t],
    keyOf: (t) => [t.courier_code, t.tracking_number],
  },
};

/** A shopper's creation refused: the visitor's limit (429) or the account's daily budget. */
class CreationRefused extends Error {
  constructor(code, message, status, headers = {}) {
    super(message);
    Object.assign(this, { code, status, headers });
  }
}

/** Throws `CreationRefused` unless this visitor and the account's daily budget (kept by the
 * account's Durable Object, which no two isolates can overdraw) allow one more creation. */
async function mayCreate(request, env) {
  if (env.CREATIONS) {
    const visitor = request.headers.get("CF-Connecting-IP") || "unknown";
    const { success } = await env.CREATIONS.limit({ key: visitor });
    if (!success) {
      throw new CreationRefused(429, "Too many new tracking numbers from here; retry in a minute.", 429, { "Retry-After": "60" });
    }
  }
  const r = await accountObject(env).fetch("https://pacer.internal/_pacer/take-creation", { method: "POST" });
  if (!(await r.json()).taken) {
    throw new CreationRefused("notFound", "This number is not tracked yet, and no new numbers can be added today.");
  }
}

/** Whether a failure is the API's or the account's load (the busy answer), not the request's. */
const isBusy = (e) => e instanceof TrackingMoreError && ["RATE_LIMITED", "SERVER_ERROR", "TIMEOUT", "NETWORK"].includes(e.code);

const staleKey = (key) => key.replace("cache.trackingmore-worker.internal/", "cache.trackingmore-worker.internal/stale/");

/** Keeps a shopper answer for `STALE_IF_ERROR_SECONDS`, to be served when the API fails. */
async function keepForErrors(key, tracking, cfg) {
  if (cfg.staleIfErrorSeconds <= 0) return;
  const kept = Response.json({ at: Date.now(), tracking }, { headers: { "Cache-Control": `public, max-age=${cfg.staleIfErrorSeconds}` } });
  await caches.default.put(staleKey(key), kept);
}

/** The kept answer of `key`, as a stale answer: `stale: true` and `cached_at` in the tracking
 * (the page says "last updated …"), `X-Cache: STALE` and `Last-Modified`; or null. */
async function lastAnswer(version, key, cfg) {
  const hit = await caches.default.match(staleKey(key));
  if (!hit) return null;
  const { at, tracking } = await hit.json();
  if (Date.now() - at > cfg.staleIfErrorSeconds * 1000) return null;
  const when = new Date(at);
  const stale = version.ok(version.tracking({ ...tracking, stale: true, cached_at: when.toISOString() }));
  return withHeaders(stale, { "X-Cache": "STALE", "Last-Modified": when.toUTCString() });
}

/** A `TrackingMoreError` as the envelope of `version` that the page's client understands. */
function errorAnswer(version, e, key) {
  if (e instanceof CreationRefused) {
    if (e.code === "notFound") return version.apiError(version.notFound, e.message);
    return version.envelope(e.code, e.message, [], e.status, e.headers);
  }
  if (!(e instanceof TrackingMoreError)) {
    return version.envelope(500, "Internal error in the tracking proxy.", [], 500);
  }
  const message = scrub(e.message, key);
  // A busy answer always says when to come back (5 s when the failure itself did not say).
  if (isBusy(e)) {
    const retry = { "Retry-After": String(e.retryAfterMs ? Math.max(1, Math.ceil(e.retryAfterMs / 1000)) : 5) };
    return version.envelope(503, message.startsWith("Busy") ? message : `Busy: ${message}`, [], 503, retry);
  }
  const code = e.metaCode ?? { INVALID_INPUT: version.invalid, TRACKING_NOT_FOUND: version.notFound }[e.code] ?? 400;
  return version.apiError(code, message, e.status);
}

// ---- Shopper scope ----

const TRACKING_PATH = /^\/v2\/trackings\/([^/]+)\/([^/]+)(?:\/([^/]+))?\/?$/;

/** The shopper route a request is for (`version` one of VERSIONS), or null (→ 403). */
export function shopperRoute(method, pathname, search = "") {
  const v2 = VERSIONS.v2;
  const v4 = VERSIONS.v4;
  if (method === "GET" && /^\/v2\/carriers\/?$/.test(pathname)) return { version: v2, kind: "carriers" };
  if (method === "POST" && /^\/v2\/carriers\/detect\/?$/.test(pathname)) return { version: v2, kind: "detect" };
  if (method === "GET" && /^\/v4\/couriers\/all\/?$/.test(pathname)) return { version: v4, kind: "carriers" };
  if (method === "POST" && /^\/v4\/couriers\/detect\/?$/.test(pathname)) return { version: v4, kind: "detect" };
  if (method === "GET" && /^\/v4\/trackings\/get\/?$/.test(pathname)) {
    // Exactly one number of one courier (a list would read other shoppers' parcels).
    const q = new URLSearchParams(search);
    const known = ["tracking_numbers", "courier_code", "lang"];
    if ([...q.keys()].some((k) => !known.includes(k)) || known.some((k) => q.getAll(k).length > 1)) return null;
    const number = q.get("tracking_numbers") ?? "";
    const carrier = q.get("courier_code") ?? "";
    if (!number || !carrier || number.includes(",")) return null;
    return { version: v4, kind: "tracking", carrier, number, lang: q.get("lang") || undefined };
  }
  const m = method === "GET" && TRACKING_PATH.exec(pathname);
  if (m && !["get", "getuserinfo", "getstatusnumber"].includes(m[1])) {
    const dec = (s) => { try { return decodeURIComponent(s); } catch { return null; } };
    const [carrier, number, lang] = [dec(m[1]), dec(m[2]), m[3] && dec(m[3])];
    if (carrier === null || number === null || lang === null) return null;
    return { version: v2, kind: "tracking", carrier, number, lang: lang || undefined };
  }
  return null;
}

/** Whether a shopper's `number` may be created on the fly: it looks like a tracking number (4 to 50
 * letters, digits and dashes: no `/`, no dots, no blanks), so that junk never spends quota. */
export function creatable(number) {
  return /^[A-Za-z0-9][A-Za-z0-9-]{3,49}$/.test(number);
}

const CACHE = "https://cache.trackingmore-worker.internal";

/** The couriers answer of `version`, cached. */
const couriersAnswer = (version, client, cfg) =>
  cached(`${CACHE}/${version.name}/carriers`, cfg.cacheTtl * 12, async () => version.ok(await version.couriers(client)));

// The carrier codes the API knows, per version, from the cached couriers answer, kept in this
// isolate a while.
const carrierCodes = {};
async function knownCarrier(version, code, client, cfg) {
  const known = carrierCodes[version.name];
  if (!known || Date.now() > known.until) {
    const r = await couriersAnswer(version, client, cfg);
    const codes = new Set(((await r.json()).data ?? []).map(version.courierCode));
    carrierCodes[version.name] = { until: Date.now() + cfg.cacheTtl * 1000, codes };
  }
  return carrierCodes[version.name].codes.has(code);
}

async function cached(cacheKey, ttl, compute) {
  const cache = caches.default;
  const hit = await cache.match(cacheKey);
  if (hit) return withHeaders(hit, { "X-Cache": "HIT" });
  const response = await compute();
  if (response.status === 200 && ttl > 0) {
    const stored = withHeaders(response.clone(), { "Cache-Control": `public, max-age=${ttl}` });
    await cache.put(cacheKey, stored);
  }
  return withHeaders(response, { "X-Cache": "MISS" });
}

async function shopper(request, env, cfg, route) {
  const { version } = route;
  const client = shopperClient(version, env, cfg);
  try {
    if (route.kind === "carriers") return await couriersAnswer(version, client, cfg);
    if (route.kind === "detect") {
      const body = await request.json().catch(() => ({}));
      const number = typeof body?.tracking_number === "string" ? body.tracking_number : "";
      const key = `${CACHE}/${version.name}/detect/${encodeURIComponent(number)}`;
      return await cached(key, cfg.cacheTtl * 12, async () => version.ok(await version.detect(client, number)));
    }
    const { carrier, number, lang } = route;
    const stored = await env.TRACKINGS?.get(webhookKey(version, carrier, number), "json");
    if (stored && Date.now() - stored.at < cfg.webhookFresh * 1000 && !lang) {
      return withHeaders(version.ok(version.tracking(stored.tracking)), { "X-Cache": "WEBHOOK" });
    }
    const key = `${CACHE}/${version.name}/trackings/${encodeURIComponent(carrier)}/${encodeURIComponent(number)}/${lang ?? ""}`;
    const lookup = async () => {
      try {
        return trim(await version.get(client, carrier, number, lang));
      } catch (e) {
        if (!(e instanceof TrackingMoreError) || e.code !== "TRACKING_NOT_FOUND") throw e;
        // Not tracked yet: create it (the package's create is safe to retry), and show it —
        // unless it can not be a real one, which would only spend the account's quota, or the
        // visitor or the account has created enough for now.
        if (!creatable(number) || !(await knownCarrier(version, carrier, client, cfg))) throw e;
        await mayCreate(request, env);
        return trim(await version.create(client, carrier, number));
      }
    };
    try {
      return await cached(key, cfg.cacheTtl, async () => {
        const t = await lookup();
        await keepForErrors(key, t, cfg);
        return version.ok(version.tracking(t));
      });
    } catch (e) {
      // The API is failing or the account too busy: the last answer, marked stale, if there is one.
      const stale = isBusy(e) && (await lastAnswer(version, key, cfg));
      if (stale) return stale;
      throw e;
    }
  } catch (e) {
    return errorAnswer(version, e, cfg.apiKey);
  } finally {
    client.free();
  }
}

// ---- Admin scope: the whole v2 and v4 surfaces, the key added here ----

async function admin(request, env, cfg, url, version) {
  const headers = new Headers();
  for (const h of ["content-type", "lang"]) {
    const v = request.headers.get(h);
    if (v) headers.set(h, v);
  }
  headers.set(version.keyHeader, cfg.apiKey);
  const target = version.base(cfg) + url.pathname.replace(/^\/v[24]/, "") + url.search;
  const body = request.method === "GET" || request.method === "DELETE" ? undefined : await request.text();
  const upstream = await pacedFetch(env, cfg.adminMaxWaitMs)(target, { method: request.method, headers, body });
  const out = new Headers();
  for (const h of ["content-type", "retry-after"]) {
    const v = upstream.headers.get(h);
    if (v) out.set(h, v);
  }
  return new Response(scrub(await upstream.text(), cfg.apiKey), { status: upstream.status, headers: out });
}

// ---- Webhooks ----

/** Where a tracking's latest webhook state is kept. */
const webhookKey = (version, carrier, number) =>
  version.name === "v2" ? `t:${carrier}:${number}` : `t4:${carrier}:${number}`;

/** A webhook of `version` (v2: verified with the account e-mail; v4: with the webhook secret). */
async function webhook(request, env, cfg, version) {
  let tracking;
  try {
    tracking = version.name === "v2"
      ? await parseWebhook(await request.text(), cfg.webhookEmail, { maxAgeSeconds: cfg.webhookMaxAge })
      : await parseWebhookV4(request, cfg.webhookSecret, { maxAgeSeconds: cfg.webhookMaxAge });
  } catch {
    return version.envelope(401, "Invalid webhook signature.", [], 401);
  }
  const [carrier, number] = version.keyOf(tracking);
  if (env.TRACKINGS && carrier && number) {
    const value = JSON.stringify({ at: Date.now(), tracking: trim(tracking) });
    await env.TRACKINGS.put(webhookKey(version, carrier, number), value, {
      expirationTtl: Math.max(60, cfg.webhookFresh),
    });
  }
  return version.ok([]);
}

// ---- The entry ----

async function route(request, env, cfg, url) {
  if (request.method === "POST" && url.pathname === "/webhook") return webhook(request, env, cfg, VERSIONS.v2);
  if (request.method === "POST" && url.pathname === "/webhook/v4") return webhook(request, env, cfg, VERSIONS.v4);
  const version = VERSIONS[/^\/(v2|v4)(?:\/|$)/.exec(url.pathname)?.[1]];
  if (!version) return envelope(404, `No such endpoint: ${url.pathname}.`, [], 404);
  if (!cfg.apiKey) return version.envelope(500, "The proxy has no API key configured.", [], 500);
  const auth = request.headers.get("Authorization") || "";
  if (auth) {
    const token = auth.replace(/^Bearer\s+/i, "");
    if (!(await sameSecret(token, cfg.adminToken))) return version.envelope(401, "Authentication failed.", [], 401);
    if (url.pathname === `/${version.name}/_proxy/creations`) {
      // Operations' view of the shopper creations spent today against the daily budget.
      const r = await accountObject(env).fetch("https://pacer.internal/_pacer/creations");
      return version.ok(await r.json());
    }
    return admin(request, env, cfg, url, version);
  }
  const r = shopperRoute(request.method, url.pathname, url.search);
  if (!r) return version.envelope(403, "Not available without credentials.", [], 403);
  if (env.VISITORS) {
    const visitor = request.headers.get("CF-Connecting-IP") || "unknown";
    const { success } = await env.VISITORS.limit({ key: visitor });
    if (!success) return version.envelope(429, "Too many lookups; retry in a minute.", [], 429, { "Retry-After": "60" });
  }
  return shopper(request, env, cfg, r);
}

export default {
  async fetch(request, env) {
    const cfg = settings(env);
    const url = new URL(request.url);
    const cors = corsHeaders(request, cfg, url);
    if (request.method === "OPTIONS") {
      if (!cors || !request.headers.get("Origin")) return new Response(null, { status: 403 });
      return new Response(null, {
        status: 204,
        headers: {
          ...cors,
          "Access-Control-Allow-Methods": "GET, POST, PUT, DELETE, OPTIONS",
          "Access-Control-Allow-Headers": "Content-Type, Authorization, Lang",
          "Access-Control-Max-Age": "600",
        },
      });
    }
    // A page on an origin not in the allow-list gets nothing (not even a lookup that spends quota).
    if (!cors) return envelope(403, "This origin is not allowed.", [], 403);
    let response;
    try {
      response = await route(request, env, cfg, url);
    } catch (e) {
      // Never the key: only the error's kind goes to the log.
      console.error("proxy error:", e && e.name);
      response = envelope(500, "Internal error in the tracking proxy.", [], 500);
    }
    return cors ? withHeaders(response, cors) : response;
  },
};
