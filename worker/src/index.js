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
// Every upstream request goes through the account-wide pacer (a Durable Object, pacer.js), which
// also runs the shoppers' tracking lookups (account.js), so that shoppers asking for the same
// tracking at once cause one upstream flow; cache and KV hits never reach it. The Worker and the
// object run the package itself (its `workerd` entry) with the key.

import { parseWebhook, parseWebhookV4 } from "trackingmore-wasm";
import { AccountPacer } from "./account.js";
import { MAX_WAIT_HEADER } from "./pacer.js";
import { settings } from "./settings.js";
import { envelope, scrub, trim } from "./answers.js";
import { VERSIONS, errorAnswer, failureOf, isBusy, shopperClient } from "./versions.js";

export { AccountPacer };

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

const CACHE = "https://cache.trackingmore-worker.internal";

/** The couriers answer of `version`, cached. */
const couriersAnswer = (version, client, cfg) =>
  cached(`${CACHE}/${version.name}/carriers`, cfg.cacheTtl * 12, async () => version.ok(await version.couriers(client)));

/** The cached answer of `cacheKey` (marked `X-Cache: HIT`), or null. */
async function fromCache(cacheKey) {
  const hit = await caches.default.match(cacheKey);
  return hit && withHeaders(hit, { "X-Cache": "HIT" });
}

/** `response`, kept under `cacheKey` for `ttl` seconds when it is a success (marked `X-Cache: MISS`). */
async function store(cacheKey, ttl, response) {
  if (response.status === 200 && ttl > 0) {
    await caches.default.put(cacheKey, withHeaders(response.clone(), { "Cache-Control": `public, max-age=${ttl}` }));
  }
  return withHeaders(response, { "X-Cache": "MISS" });
}

async function cached(cacheKey, ttl, compute) {
  return (await fromCache(cacheKey)) ?? store(cacheKey, ttl, await compute());
}

/** A tracking lookup, run by the account's Durable Object (account.js): concurrent lookups of one
 * tracking, from any isolate, share one upstream flow. Resolves to `{ tracking }` or
 * `{ failure }`. */
async function lookupInAccount(env, cfg, route, visitor) {
  const { version, carrier, number, lang } = route;
  const query = { version: version.name, carrier, number, lang, visitor };
  try {
    const r = await accountObject(env).fetch("https://pacer.internal/_pacer/lookup", {
      method: "POST",
      body: JSON.stringify(query),
      signal: AbortSignal.timeout(cfg.shopperTimeoutMs),
    });
    return await r.json();
  } catch {
    // The account's object did not answer in time (too busy, or restarting): the busy answer.
    return { failure: { code: "TIMEOUT", message: "Busy: the lookup took too long." } };
  }
}

async function shopperTracking(request, env, cfg, route) {
  const { version, carrier, number, lang } = route;
  const stored = await env.TRACKINGS?.get(webhookKey(version, carrier, number), "json");
  if (stored && Date.now() - stored.at < cfg.webhookFresh * 1000 && !lang) {
    return withHeaders(version.ok(version.tracking(stored.tracking)), { "X-Cache": "WEBHOOK" });
  }
  const key = `${CACHE}/${version.name}/trackings/${encodeURIComponent(carrier)}/${encodeURIComponent(number)}/${lang ?? ""}`;
  const hit = await fromCache(key);
  if (hit) return hit;
  const { tracking, failure } = await lookupInAccount(env, cfg, route, request.headers.get("CF-Connecting-IP") || "unknown");
  if (failure) {
    // The API is failing or the account too busy: the last answer, marked stale, if there is one.
    return (isBusy(failure) && (await lastAnswer(version, key, cfg))) || errorAnswer(version, failure, cfg.apiKey);
  }
  await keepForErrors(key, tracking, cfg);
  return store(key, cfg.cacheTtl, version.ok(version.tracking(tracking)));
}

async function shopper(request, env, cfg, route) {
  const { version } = route;
  if (route.kind === "tracking") return shopperTracking(request, env, cfg, route);
  const client = shopperClient(version, cfg, pacedFetch(env, cfg.shopperMaxWaitMs));
  try {
    if (route.kind === "carriers") return await couriersAnswer(version, client, cfg);
    const body = await request.json().catch(() => ({}));
    const number = typeof body?.tracking_number === "string" ? body.tracking_number : "";
    const key = `${CACHE}/${version.name}/detect/${encodeURIComponent(number)}`;
    return await cached(key, cfg.cacheTtl * 12, async () => version.ok(await version.detect(client, number)));
  } catch (e) {
    return errorAnswer(version, failureOf(e), cfg.apiKey);
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
    // Operations' view of the account object: the shopper creations spent today against the
    // daily budget; the pacer's figures (pacer.js `stats`).
    const view = { [`/${version.name}/_proxy/creations`]: "creations", [`/${version.name}/_proxy/pacer`]: "stats" }[url.pathname];
    if (view) {
      const r = await accountObject(env).fetch(`https://pacer.internal/_pacer/${view}`);
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
