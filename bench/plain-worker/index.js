// The Worker's shopper routes without the package: a plain-JS Worker that `bench/edge.mjs` runs
// beside worker/ under the same load, so that what the package costs at the edge is a ratio. It
// shares what is not the package's — the account pacer with its coalescing and creation rules
// (worker/src/pacer.js), the envelopes and trimming (answers.js), the settings — and does the
// rest as a short Worker would: `fetch`, `JSON`, the same cache, KV and visitor-limit steps.
// Not a product: no admin scope, no webhooks, v2 errors read from `meta.code` only.

import { CreationRefused, MAX_WAIT_HEADER, Pacer, creatable } from "../../worker/src/pacer.js";
import { envelope, envelopeV4, trim } from "../../worker/src/answers.js";
import { settings } from "../../worker/src/settings.js";

const CACHE = "https://cache.trackingmore-plain.internal";
const NOT_FOUND = { v2: 4031, v4: 4102 };

/** One upstream exchange through the pacer: `{ status, body }` (body the parsed JSON or null). */
async function call(send, url, init) {
  const r = await send(new Request(url, init));
  return { status: r.status, retryAfter: r.headers.get("retry-after"), body: await r.json().catch(() => null) };
}

/** A failure for an answer that is not a success: busy (503 + Retry-After) or the API's code. */
function failure({ status, retryAfter, body }) {
  const code = body?.meta?.code;
  if (!body || status === 429 || status >= 500 || code === 429 || (code >= 500 && code < 600)) {
    return { busy: true, retryAfter: Number(retryAfter) || 5, message: body?.meta?.message ?? "upstream failed" };
  }
  return { code, status, message: body.meta.message };
}

/** The account's pacer, its lookups with `fetch` and `JSON`. */
export class PlainPacer extends Pacer {
  constructor(ctx, env) {
    super(ctx, env);
    this.send = (request) => this.forward(request, this.cfg.shopperMaxWaitMs);
    this.codes = {};
  }

  async runLookup({ version, carrier, number, lang, visitor }) {
    const v2 = version === "v2";
    const headers = v2 ? { "Trackingmore-Api-Key": this.cfg.apiKey } : { "Tracking-Api-Key": this.cfg.apiKey };
    const base = v2 ? this.cfg.baseUrl : this.cfg.v4BaseUrl;
    const get = async () => {
      const url = v2
        ? `${base}/trackings/${encodeURIComponent(carrier)}/${encodeURIComponent(number)}${lang ? `/${lang}` : ""}`
        : `${base}/trackings/get?tracking_numbers=${encodeURIComponent(number)}&courier_code=${encodeURIComponent(carrier)}${lang ? `&lang=${lang}` : ""}`;
      const r = await call(this.send, url, { headers });
      if (r.body?.meta?.code !== 200) return { failure: failure(r) };
      const t = v2 ? r.body.data : r.body.data?.find?.((x) => x.tracking_number === number);
      return t ? { tracking: trim(t) } : { failure: { code: NOT_FOUND[version], status: 404, message: "Tracking not found." } };
    };
    try {
      const found = await get();
      if (found.tracking || found.failure.code !== NOT_FOUND[version]) return found;
      if (!creatable(number) || !(await this.knownCarrier(version, base, headers, carrier))) return found;
      return await this.creating(visitor, async (send) => {
        const body = JSON.stringify(v2 ? { tracking_number: number, carrier_code: carrier } : { tracking_number: number, courier_code: carrier });
        const r = await call(send, `${base}/trackings/${v2 ? "post" : "create"}`, { method: "POST", headers: { ...headers, "Content-Type": "application/json" }, body });
        const code = r.body?.meta?.code;
        if (code === 200 || code === 201) return { tracking: trim(r.body.data) };
        // Already there (another lookup made it): read it.
        if (code === 4016 || code === 4101) return await get();
        return { failure: failure(r) };
      });
    } catch (e) {
      if (e instanceof CreationRefused) return { failure: { refused: true, code: e.code, status: e.status, headers: e.headers, message: e.message } };
      return { failure: { busy: true, retryAfter: 5, message: "upstream failed" } };
    }
  }

  async knownCarrier(version, base, headers, code) {
    if (!this.codes[version] || Date.now() > this.codes[version].until) {
      const r = await call(this.send, version === "v2" ? `${base}/carriers` : `${base}/couriers/all`, { headers });
      if (r.body?.meta?.code !== 200) return false;
      const codes = new Set(r.body.data.map((c) => (version === "v2" ? c.code : c.courier_code)));
      this.codes[version] = { until: Date.now() + this.cfg.cacheTtl * 12_000, codes };
    }
    return this.codes[version].codes.has(code);
  }
}

const account = (env) => env.PACER.get(env.PACER.idFromName("account"));

function withHeaders(response, headers) {
  const r = new Response(response.body, response);
  for (const [k, v] of Object.entries(headers)) r.headers.set(k, v);
  return r;
}

async function cached(key, ttl, compute) {
  const hit = await caches.default.match(key);
  if (hit) return withHeaders(hit, { "X-Cache": "HIT" });
  const response = await compute();
  if (response.status === 200 && ttl > 0) {
    await caches.default.put(key, withHeaders(response.clone(), { "Cache-Control": `public, max-age=${ttl}` }));
  }
  return withHeaders(response, { "X-Cache": "MISS" });
}

const ok = (version, data) => (version === "v2" ? envelope(200, "Success", data) : envelopeV4(200, "Request response is successful", data));

function answerOf(version, f) {
  const env = version === "v2" ? envelope : envelopeV4;
  if (f.busy) return env(503, `Busy: ${f.message}`, [], 503, { "Retry-After": String(Math.max(1, Math.ceil(f.retryAfter))) });
  if (f.refused && f.code !== "notFound") return env(f.code, f.message, [], f.status, f.headers);
  const code = f.refused ? NOT_FOUND[version] : f.code;
  return version === "v2" ? envelope(code, f.message, [], 200) : envelopeV4(code, f.message, [], f.status ?? 400);
}

async function tracking(request, env, cfg, version, carrier, number, lang) {
  const stored = await env.TRACKINGS?.get(`${version === "v2" ? "t" : "t4"}:${carrier}:${number}`, "json");
  if (stored && Date.now() - stored.at < cfg.webhookFresh * 1000 && !lang) {
    return withHeaders(ok(version, version === "v2" ? stored.tracking : [stored.tracking]), { "X-Cache": "WEBHOOK" });
  }
  const key = `${CACHE}/${version}/trackings/${encodeURIComponent(carrier)}/${encodeURIComponent(number)}/${lang ?? ""}`;
  const hit = await caches.default.match(key);
  if (hit) return withHeaders(hit, { "X-Cache": "HIT" });
  const visitor = request.headers.get("CF-Connecting-IP") || "unknown";
  const query = { version, carrier, number, lang, visitor };
  const outcome = await account(env)
    .fetch("https://pacer.internal/_pacer/lookup", { method: "POST", body: JSON.stringify(query), signal: AbortSignal.timeout(cfg.shopperTimeoutMs) })
    .then((r) => r.json())
    .catch(() => ({ failure: { busy: true, retryAfter: 5, message: "the lookup took too long" } }));
  if (outcome.failure) return answerOf(version, outcome.failure);
  const answer = ok(version, version === "v2" ? outcome.tracking : [outcome.tracking]);
  await caches.default.put(key, withHeaders(answer.clone(), { "Cache-Control": `public, max-age=${cfg.cacheTtl}` }));
  return withHeaders(answer, { "X-Cache": "MISS" });
}

/** A request to the API through the pacer, as the shopper routes for carriers and detection send. */
async function upstream(env, cfg, version, path, init = {}) {
  const headers = new Headers(init.headers);
  headers.set(version === "v2" ? "Trackingmore-Api-Key" : "Tracking-Api-Key", cfg.apiKey);
  headers.set(MAX_WAIT_HEADER, String(cfg.shopperMaxWaitMs));
  const base = version === "v2" ? cfg.baseUrl : cfg.v4BaseUrl;
  const send = (req) => account(env).fetch(req, { signal: AbortSignal.timeout(cfg.shopperTimeoutMs) });
  const r = await call(send, base + path, { ...init, headers }).catch(() => ({ status: 503, retryAfter: "5", body: null }));
  if (r.body?.meta?.code !== 200) return answerOf(version, failure(r));
  return ok(version, r.body.data);
}

async function shopper(request, env, cfg, url) {
  const p = url.pathname;
  const v2Tracking = request.method === "GET" && /^\/v2\/trackings\/([^/]+)\/([^/]+)(?:\/([^/]+))?\/?$/.exec(p);
  if (v2Tracking && !["get", "getuserinfo", "getstatusnumber"].includes(v2Tracking[1])) {
    const [, carrier, number, lang] = v2Tracking.map((s) => s && decodeURIComponent(s));
    return tracking(request, env, cfg, "v2", carrier, number, lang);
  }
  if (request.method === "GET" && p === "/v4/trackings/get") {
    const q = url.searchParams;
    const [number, carrier] = [q.get("tracking_numbers") ?? "", q.get("courier_code") ?? ""];
    if (!number || !carrier || number.includes(",")) return null;
    return tracking(request, env, cfg, "v4", carrier, number, q.get("lang") || undefined);
  }
  const version = p.startsWith("/v4/") ? "v4" : "v2";
  if (request.method === "GET" && (p === "/v2/carriers" || p === "/v4/couriers/all")) {
    return cached(`${CACHE}/${version}/carriers`, cfg.cacheTtl * 12, () => upstream(env, cfg, version, p.slice(3)));
  }
  if (request.method === "POST" && (p === "/v2/carriers/detect" || p === "/v4/couriers/detect")) {
    const body = await request.json().catch(() => ({}));
    const number = typeof body?.tracking_number === "string" ? body.tracking_number : "";
    return cached(`${CACHE}/${version}/detect/${encodeURIComponent(number)}`, cfg.cacheTtl * 12, () =>
      upstream(env, cfg, version, p.slice(3), { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ tracking_number: number }) }));
  }
  return null;
}

export default {
  async fetch(request, env) {
    const cfg = settings(env);
    const url = new URL(request.url);
    if (url.pathname === "/v4/_proxy/pacer") return Response.json({ data: await (await account(env).fetch("https://pacer.internal/_pacer/stats")).json() });
    if (env.VISITORS) {
      const { success } = await env.VISITORS.limit({ key: request.headers.get("CF-Connecting-IP") || "unknown" });
      if (!success) return envelope(429, "Too many lookups; retry in a minute.", [], 429, { "Retry-After": "60" });
    }
    try {
      return (await shopper(request, env, cfg, url)) ?? envelope(403, "Not available without credentials.", [], 403);
    } catch {
      return envelope(500, "Internal error in the tracking proxy.", [], 500);
    }
  },
};
