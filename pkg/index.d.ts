// The package's types: the class, the function and the data types are generated from the Rust
// code (wasm-bindgen + tsify, in trackingmore_wasm.d.ts); this file only picks the public ones and
// declares the error class, which the entry files export.
import type { ErrorCode } from "./trackingmore_wasm.js";

export { TrackingMore, verifyWebhook, parseWebhook } from "./trackingmore_wasm.js";
export type {
  BatchItemError, BatchOptions, BatchProgress, BatchResult, CallOptions, Carrier, CarrierInfo,
  CarrierMatch, Checkpoint, ErrorCode, LangOptions, ListQuery, ManyResult, NewTracking,
  RealtimeQuery, RemoteArea, RemoteQuery, RemoteResult, StatusCounts, StatusCountsQuery, Tracking,
  TrackingMoreOptions, ClientOptions, TrackingPage, TrackingRef, TrackingStatus, TrackingUpdate,
  TrackingUpdateItem, TransitQuery, UserInfo, WaitInfo, WebhookOptions, TransitTime, AirCargo,
  AirCargoEvent,
} from "./trackingmore_wasm.js";

/** Every failure of the client: `instanceof TrackingMoreError`, branch on `code`. */
export declare class TrackingMoreError extends Error {
  readonly name: "TrackingMoreError";
  /** Stable code. */
  readonly code: ErrorCode;
  /** The API's `meta.code`, when the API answered with an envelope. */
  readonly metaCode?: number;
  /** The HTTP status, when there was a response. */
  readonly status?: number;
  /** Whether the client retries this kind of failure (it already did, up to `maxRetries`). */
  readonly retryable: boolean;
  /** The server's `Retry-After`, in milliseconds. */
  readonly retryAfterMs?: number;
}
