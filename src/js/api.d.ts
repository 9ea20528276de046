/** The eight v2 statuses. */
export type TrackingStatus = "pending" | "notfound" | "transit" | "pickup" | "delivered" | "undelivered" | "exception" | "expired";
/** `TrackingMoreError.code`. */
export type ErrorCode = "INVALID_INPUT" | "UNAUTHORIZED" | "TRACKING_EXISTS" | "TRACKING_NOT_FOUND" | "CARRIER_NOT_DETECTED" | "QUOTA_EXCEEDED" | "BAD_REQUEST" | "RATE_LIMITED" | "SERVER_ERROR" | "TIMEOUT" | "ABORTED" | "NETWORK" | "DECODE" | "INVALID_WEBHOOK";
/** Options of `new TrackingMore(...)`: an `apiKey`, or a `baseUrl` (proxy mode), or both. */
export type TrackingMoreOptions = ClientOptions & (
  | {
      /** The account's API key. */
      apiKey: string;
      /** Default "https://api.trackingmore.com/v2". */
      baseUrl?: string;
    }
  | {
      /** Proxy mode: no key is sent (your proxy, e.g. the Worker, adds it). */
      apiKey?: undefined;
      /** Your proxy's v2 base: an http(s) URL, or in a page a path on its origin ("/v2"). */
      baseUrl: string;
    }
);
/** Options of `verifyWebhook` and `parseWebhook`. */
export interface WebhookOptions {
  /** Also reject a `timeStr` (unix seconds) further than this from now, either way: v2 signs only `timeStr`, so this is the only bound on a replayed body. */
  maxAgeSeconds?: number;
}
/** A wait the client is about to make (`onWait`). */
export interface WaitInfo {
  /** `pacing`: for a slot of the client's own spacing; `retry`: backing off after a failure; `rate_limited`: the lane is held after a 429. */
  reason: "pacing" | "retry" | "rate_limited";
  /** Milliseconds. */
  ms: number;
  /** The attempt it waits to make (1 = the first). */
  attempt: number;
  /** The error code behind a retry or a hold. */
  code?: ErrorCode;
}
/** Options every method takes last. */
export interface CallOptions { signal?: AbortSignal; }
/** Options with a language. */
export interface LangOptions extends CallOptions { lang?: string; }
/** Progress of a many-item call, after each chunk. */
export interface BatchProgress { done: number; total: number; added: number; failed: number; }
/** Options of `createTrackings`. */
export interface BatchOptions extends CallOptions {
  onProgress?: (progress: BatchProgress) => void;
  /** Chunks in flight at once (default 2; the pacing still applies). */
  concurrency?: number;
}
/**
 * Verifies a v2 webhook: `verifyInfo.signature` (top level or inside `data`) against hex
 * HMAC-SHA256 of `verifyInfo.timeStr` keyed by the account e-mail, in constant time. Malformed
 * bodies give `false`; with `{ maxAgeSeconds }`, so does a `timeStr` further than that from now
 * (v2 signs only `timeStr`: freshness is the only bound on a replayed body).
 */
export declare function verifyWebhook(body: string | object, accountEmail: string, opts?: WebhookOptions): Promise<boolean>;
/**
 * Verifies a v2 webhook like `verifyWebhook` and resolves with its tracking (`data`), normalised
 * exactly like API answers; rejects with `TrackingMoreError` `INVALID_WEBHOOK` (bad or stale
 * signature, malformed body).
 */
export declare function parseWebhook(body: string | object, accountEmail: string, opts?: WebhookOptions): Promise<Tracking>;
/** Options of `new TrackingMoreV4(...)`: an `apiKey`, or a `baseUrl` (proxy mode), or both. */
export type TrackingMoreV4Options = ClientOptions & (
  | {
      /** The account's API key (sent as `Tracking-Api-Key`). */
      apiKey: string;
      /** Default "https://api.trackingmore.com/v4". */
      baseUrl?: string;
    }
  | {
      /** Proxy mode: no key is sent (your proxy, e.g. the Worker, adds it). */
      apiKey?: undefined;
      /** Your proxy's v4 base: an http(s) URL, or in a page a path on its origin ("/v4"). */
      baseUrl: string;
    }
);
/** A v4 webhook as received: a `Request`, or its raw body and headers. */
export type WebhookV4Request = Request | { body: string; headers: Headers | Record<string, string> };
/** Options of `verifyWebhookV4` and `parseWebhookV4`. */
export interface WebhookV4Options {
  /** Reject a `timestamp` header further than this from now, either way (default 600; `Infinity` turns it off): a signature over the timestamp alone does not authenticate the body. */
  maxAgeSeconds?: number;
}
/**
 * Verifies a v4 webhook: the `signature` header (or `X-TrackingMore-Signature`), hex or base64
 * HMAC-SHA256 keyed by the webhook secret, over the `timestamp` header or over the raw body,
 * compared in constant time; the timestamp no older than `maxAgeSeconds`. Malformed requests give
 * `false`.
 */
export declare function verifyWebhookV4(request: WebhookV4Request, secret: string, opts?: WebhookV4Options): Promise<boolean>;
/**
 * Verifies a v4 webhook like `verifyWebhookV4` and resolves with its tracking (`data`); rejects
 * with `TrackingMoreError` `INVALID_WEBHOOK` (bad or stale signature, not a v4 webhook body).
 */
export declare function parseWebhookV4(request: WebhookV4Request, secret: string, opts?: WebhookV4Options): Promise<TrackingV4>;
