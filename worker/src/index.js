// trackingmore-wasm's Worker: keeps the API key off the page. A v2-shaped proxy, so the unchanged
// client works against it in proxy mode (`new TrackingMore({ baseUrl: "https://…/v2" })`):
//
// - shopper scope (no credentials): GET /v2/carriers, POST /v2/carriers/detect and
//   GET /v2/trackings/{carrier}/{number}[/{lang}] (created server-side when it does not exist yet
//   and looks like a real one: a known carrier, a number without paths or blanks; within a
//   visitor's and the account's daily creation limits), answers trimmed of personal fields and
//   cached (and, when the API fails, the last one served marked stale); anything else is 403;
// - admin scope (`Authorization: Bearer <ADMIN_TOKEN>`): the whole v2 surface, the key added here;
// - POST /webhook: TrackingMore's webhooks, verified, the latest state kept in KV.
//
// Every upstream request goes through the account-wide pacer (a Durable Object, pacer.js); cache
// and KV hits never do. The Worker runs the package itself (its `workerd` entry) with the key.

import { TrackingMore, TrackingMoreError, parseWebhook } from "trackingmore-wasm";
import { AccountPacer, MAX_WAIT_HEADER } from "./pacer.js";

export { AccountPacer };

const DEFAULT_BASE = "https://api.trackingmore.com/v2";
const KEY_HEADER = "Trackingmore-Api-Key";
/** Fields a shopper never sees: whoever knows a tracking number could read them otherwise. */
export const PERSONAL_FIELDS = ["customer_name", "customer_email", "customer_phone", "order_id"];

const num = (v, fallback) => (v === undefined || v === "" || !Number.isFinite(Number(v)) ? fallback : Number(v));

/** The Worker's settings from its vars and secrets (wrangler.toml, `.dev.vars`, `wrangler secret`). */
export function settings(env) {
  return {
    baseUrl: (env.TRACKINGMORE_BASE_URL || DEFAULT_BASE).replace(/\/+$/, ""),
    apiKey: env.TRACKINGMORE_API_KEY || "",
    adminToken: env.ADMIN_TOKEN || "",
    webhookEmail: env.WEBHOOK_EMAIL || "",
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

/** The package's client for shopper lookups: pacing is the pacer's; a long wait fails fast. */
function shopperClient(env, cfg) {
  return new TrackingMore({
    apiKey: cfg.apiKey,
    baseUrl: cfg.baseUrl,
    requestsPerSecond: 0,
    realtimeRequestsPerSecond: 0,
    maxRetries: 1,
    maxWaitMs: cfg.shopperMaxWaitMs,
    timeoutMs: 10000,
    fetch: pacedFetch(env, cfg.shopperMaxWaitMs),
  });
}

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
    throw new CreationRefused(4031, "This number is not tracked yet, and no new numbers can be added today.", 200);
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
async function lastAnswer(key, cfg) {
  const hit = await caches.default.match(staleKey(key));
  if (!hit) return null;
  const { at, tracking } = await hit.json();
  if (Date.now() - at > cfg.staleIfErrorSeconds * 1000) return null;
  const when = new Date(at);
  return envelope(200, "Success", { ...tracking, stale: true, cached_at: when.toISOString() }, 200, {
    "X-Cache": "STALE",
    "Last-Modified": when.toUTCString(),
  });
}

/** A `TrackingMoreError` as the v2 envelope the page's client understands. */
function errorAnswer(e, key) {
  if (e instanceof CreationRefused) return envelope(e.code, e.message, [], e.status, e.headers);
  if (!(e instanceof TrackingMoreError)) {
    return envelope(500, "Internal error in the tracking proxy.", [], 500);
  }
  const message = scrub(e.message, key);
  // A busy answer always says when to come back (5 s when the failure itself did not say).
  if (isBusy(e)) {
    const retry = { "Retry-After": String(e.retryAfterMs ? Math.max(1, Math.ceil(e.retryAfterMs / 1000)) : 5) };
    return envelope(503, message.startsWith("Busy") ? message : `Busy: ${message}`, [], 503, retry);
  }
  const code = e.metaCode ?? (e.code === "INVALID_INPUT" ? 4012 : 400);
  return envelope(code, message, [], 200);
}

// ---- Shopper scope ----

const TRACKING_PATH = /^\/v2\/trackings\/([^/]+)\/([^/]+)(?:\/([^/]+))?\/?$/;

/** The shopper route a request is for, or null (→ 403). */
export function shopperRoute(method, pathname) {
  if (method === "GET" && /^\/v2\/carriers\/?$/.test(pathname)) return { kind: "carriers" };
  if (method === "POST" && /^\/v2\/carriers\/detect\/?$/.test(pathname)) return { kind: "detect" };
  const m = method === "GET" && TRACKING_PATH.exec(pathname);
  if (m && !["get", "getuserinfo", "getstatusnumber"].includes(m[1])) {
    const dec = (s) => { try { return decodeURIComponent(s); } catch { return null; } };
    const [carrier, number, lang] = [dec(m[1]), dec(m[2]), m[3] && dec(m[3])];
    if (carrier === null || number === null || lang === null) return null;
    return { kind: "tracking", carrier, number, lang: lang || undefined };
  }
  return null;
}

/** Whether a shopper's `number` may be created on the fly: it looks like a tracking number (4 to 50
 * letters, digits and dashes: no `/`, no dots, no blanks), so that junk never spends quota. */
export function creatable(number) {
  return /^[A-Za-z0-9][A-Za-z0-9-]{3,49}$/.test(number);
}

// The carrier codes the API knows, from the cached carriers answer, kept in this isolate a while.
let carrierCodes = { until: 0, codes: new Set() };
async function knownCarrier(code, client, cfg) {
  if (Date.now() > carrierCodes.until) {
    const r = await cached("https://cache.trackingmore-worker.internal/v2/carriers", cfg.cacheTtl * 12, async () =>
      envelope(200, "Success", await client.carriers()));
    const codes = new Set(((await r.json()).data ?? []).map((c) => c.code));
    carrierCodes = { until: Date.now() + cfg.cacheTtl * 1000, codes };
  }
  return carrierCodes.codes.has(code);
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
  const client = shopperClient(env, cfg);
  try {
    if (route.kind === "carriers") {
      return await cached("https://cache.trackingmore-worker.internal/v2/carriers", cfg.cacheTtl * 12, async () =>
        envelope(200, "Success", await client.carriers()));
    }
    if (route.kind === "detect") {
      const body = await request.json().catch(() => ({}));
      const number = typeof body?.tracking_number === "string" ? body.tracking_number : "";
      const key = `https://cache.trackingmore-worker.internal/v2/detect/${encodeURIComponent(number)}`;
      return await cached(key, cfg.cacheTtl * 12, async () => envelope(200, "Success", await client.detectCarrier(number)));
    }
    const { carrier, number, lang } = route;
    const stored = await env.TRACKINGS?.get(`t:${carrier}:${number}`, "json");
    if (stored && Date.now() - stored.at < cfg.webhookFresh * 1000 && !lang) {
      return withHeaders(envelope(200, "Success", stored.tracking), { "X-Cache": "WEBHOOK" });
    }
    const key = `https://cache.trackingmore-worker.internal/v2/trackings/${encodeURIComponent(carrier)}/${encodeURIComponent(number)}/${lang ?? ""}`;
    const lookup = async () => {
      try {
        return trim(await client.getTracking(carrier, number, { lang }));
      } catch (e) {
        if (!(e instanceof TrackingMoreError) || e.code !== "TRACKING_NOT_FOUND") throw e;
        // Not tracked yet: create it (the package's create is safe to retry), and show it —
        // unless it can not be a real one, which would only spend the account's quota, or the
        // visitor or the account has created enough for now.
        if (!creatable(number) || !(await knownCarrier(carrier, client, cfg))) throw e;
        await mayCreate(request, env);
        return trim(await client.createTracking({ tracking_number: number, carrier_code: carrier }));
      }
    };
    try {
      return await cached(key, cfg.cacheTtl, async () => {
        const t = await lookup();
        await keepForErrors(key, t, cfg);
        return envelope(200, "Success", t);
      });
    } catch (e) {
      // The API is failing or the account too busy: the last answer, marked stale, if there is one.
      const stale = isBusy(e) && (await lastAnswer(key, cfg));
      if (stale) return stale;
      throw e;
    }
  } catch (e) {
    return errorAnswer(e, cfg.apiKey);
  } finally {
    client.free();
  }
}

// ---- Admin scope: the whole v2 surface, the key added here ----

async function admin(request, env, cfg, url) {
  const headers = new Headers();
  for (const h of ["content-type", "lang"]) {
    const v = request.headers.get(h);
    if (v) headers.set(h, v);
  }
  headers.set(KEY_HEADER, cfg.apiKey);
  const target = cfg.baseUrl + url.pathname.replace(/^\/v2/, "") + url.search;
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

async function webhook(request, env, cfg) {
  const raw = await request.text();
  let tracking;
  try {
    tracking = await parseWebhook(raw, cfg.webhookEmail, { maxAgeSeconds: cfg.webhookMaxAge });
  } catch {
    return envelope(401, "Invalid webhook signature.", [], 401);
  }
  if (env.TRACKINGS && tracking.carrier_code && tracking.tracking_number) {
    const value = JSON.stringify({ at: Date.now(), tracking: trim(tracking) });
    await env.TRACKINGS.put(`t:${tracking.carrier_code}:${tracking.tracking_number}`, value, {
      expirationTtl: Math.max(60, cfg.webhookFresh),
    });
  }
  return envelope(200, "Success");
}

// ---- The entry ----

async function route(request, env, cfg, url) {
  if (request.method === "POST" && url.pathname === "/webhook") return webhook(request, env, cfg);
  if (!url.pathname.startsWith("/v2/") && url.pathname !== "/v2") {
    return envelope(404, `No such endpoint: ${url.pathname}.`, [], 404);
  }
  if (!cfg.apiKey) return envelope(500, "The proxy has no API key configured.", [], 500);
  const auth = request.headers.get("Authorization") || "";
  if (auth) {
    const token = auth.replace(/^Bearer\s+/i, "");
    if (!(await sameSecret(token, cfg.adminToken))) return envelope(401, "Authentication failed.", [], 401);
    if (url.pathname === "/v2/_proxy/creations") {
      // Operations' view of the shopper creations spent today against the daily budget.
      const r = await accountObject(env).fetch("https://pacer.internal/_pacer/creations");
      return envelope(200, "Success", await r.json());
    }
    return admin(request, env, cfg, url);
  }
  const r = shopperRoute(request.method, url.pathname);
  if (!r) return envelope(403, "Not available without credentials.", [], 403);
  if (env.VISITORS) {
    const visitor = request.headers.get("CF-Connecting-IP") || "unknown";
    const { success } = await env.VISITORS.limit({ key: visitor });
    if (!success) return envelope(429, "Too many lookups; retry in a minute.", [], 429, { "Retry-After": "60" });
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
