// The Worker's settings, read from its vars and secrets (wrangler.toml, `.dev.vars`,
// `wrangler secret put`); the Worker and the account's Durable Object read the same ones.

const DEFAULT_BASE = "https://api.trackingmore.com/v2";

const num = (v, fallback) => (v === undefined || v === "" || !Number.isFinite(Number(v)) ? fallback : Number(v));

/** The Worker's settings from its environment. */
export function settings(env) {
  const baseUrl = (env.TRACKINGMORE_BASE_URL || DEFAULT_BASE).replace(/\/+$/, "");
  return {
    baseUrl,
    // The v4 API: its own setting, else the v2 base URL with /v4 for /v2.
    v4BaseUrl: (env.TRACKINGMORE_V4_BASE_URL || baseUrl.replace(/\/v2$/, "/v4")).replace(/\/+$/, ""),
    apiKey: env.TRACKINGMORE_API_KEY || "",
    adminToken: env.ADMIN_TOKEN || "",
    webhookEmail: env.WEBHOOK_EMAIL || "",
    webhookSecret: env.WEBHOOK_SECRET || "",
    cacheTtl: num(env.CACHE_TTL_SECONDS, 300),
    webhookFresh: num(env.WEBHOOK_FRESH_SECONDS, 3600),
    webhookMaxAge: num(env.WEBHOOK_MAX_AGE_SECONDS, 600),
    shopperMaxWaitMs: num(env.SHOPPER_MAX_WAIT_MS, 3000),
    shopperTimeoutMs: num(env.SHOPPER_TIMEOUT_MS, 10000),
    staleIfErrorSeconds: num(env.STALE_IF_ERROR_SECONDS, 86400),
    adminMaxWaitMs: num(env.ADMIN_MAX_WAIT_MS, 25000),
    dailyCreateBudget: num(env.DAILY_CREATE_BUDGET, 500),
    corsOrigins: (env.CORS_ORIGINS || "").split(",").map((s) => s.trim()).filter(Boolean),
  };
}
