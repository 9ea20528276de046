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
