// The package's types: the classes, the functions and the data types are generated from the Rust
// code (wasm-bindgen + tsify, in trackingmore_wasm.d.ts); this file only picks the public ones and
// declares the error class, which the entry files export.
import type { ErrorCode } from "./trackingmore_wasm.js";

export {
  TrackingMore, verifyWebhook, parseWebhook, TrackingMoreV4, verifyWebhookV4, parseWebhookV4,
} from "./trackingmore_wasm.js";
export type {
  BatchItemError, BatchOptions, BatchProgress, BatchResult, CallOptions, Carrier, CarrierInfo,
  CarrierMatch, Checkpoint, ErrorCode, LangOptions, ListQuery, ManyResult, NewTracking,
  RealtimeQuery, RemoteArea, RemoteQuery, RemoteResult, StatusCounts, StatusCountsQuery, Tracking,
  TrackingMoreOptions, ClientOptions, TrackingPage, TrackingRef, TrackingStatus, TrackingUpdate,
  TrackingUpdateItem, TransitQuery, UserInfo, WaitInfo, WebhookOptions, TransitTime, AirCargo,
  AirCargoEvent,
  TrackingMoreV4Options, NewTrackingV4, TrackingFieldsV4, TrackingUpdateV4, ListQueryV4, TrackingV4, TrackingStatusV4,
  Courier, CheckpointV4, CourierInfoV4, MilestoneDates, BatchItemV4, BatchItemErrorV4, BatchResultV4,
  UpdatedTrackingV4, DeletedTrackingV4, AirWaybill, FlightV4, WebhookV4Request, WebhookV4Options,
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
