/* tslint:disable */
/* eslint-disable */

/** The eight v2 statuses. */
export type TrackingStatus = "pending" | "notfound" | "transit" | "pickup" | "delivered" | "undelivered" | "exception" | "expired";
/** `TrackingMoreError.code`. */
export type ErrorCode = "INVALID_INPUT" | "UNAUTHORIZED" | "TRACKING_EXISTS" | "TRACKING_NOT_FOUND" | "CARRIER_NOT_DETECTED" | "QUOTA_EXCEEDED" | "BAD_REQUEST" | "RATE_LIMITED" | "SERVER_ERROR" | "TIMEOUT" | "ABORTED" | "NETWORK" | "DECODE" | "INVALID_WEBHOOK";
/** Options of `new TrackingMore(...)`. */
export interface TrackingMoreOptions {
    /** The account's API key. Required unless `baseUrl` is given (proxy mode: no key is sent). */
    apiKey?: string;
    /** Default "https://api.trackingmore.com/v2". */
    baseUrl?: string;
    /** Per attempt; default 10000. */
    timeoutMs?: number;
    /** Retries after the first attempt; default 2. */
    maxRetries?: number;
    /** First backoff delay; default 500 (exponential, jittered). */
    retryBaseDelayMs?: number;
    /** Wait after a 429 without Retry-After; default 120000. */
    rateLimitCooldownMs?: number;
    /** Client-side pacing of all calls; default 1; 0 = off. */
    requestsPerSecond?: number;
    /** Pacing of realtimeTracking; default 3; 0 = off. */
    realtimeRequestsPerSecond?: number;
    /** A fetch to use instead of the global one. */
    fetch?: typeof fetch;
    /** Extra headers on every request. */
    headers?: Record<string, string>;
    /** Told before every wait the client makes (pacing, backoff, a 429 hold): no wait is silent. A throwing hook never breaks the call. */
    onWait?: (wait: WaitInfo) => void;
    /** Longest single wait a call accepts; a longer one rejects at once with the error that caused it (`RATE_LIMITED` for a hold or the client's own pacing) and `retryAfterMs` set. Default: no limit. */
    maxWaitMs?: number;
}
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
/** The TrackingMore v2 client. Every method checks its input before any request and rejects with `TrackingMoreError`. See the README for each. */
export declare class TrackingMore {
    /** Creates a client. Throws `TrackingMoreError` (`INVALID_INPUT`) for bad options. */
    constructor(options: TrackingMoreOptions);
    /** `GET /carriers`: every courier. */
    carriers(opts?: LangOptions): Promise<Carrier[]>;
    /** `POST /carriers/detect`: couriers whose numbers look like this one. */
    detectCarrier(trackingNumber: string, opts?: CallOptions): Promise<CarrierMatch[]>;
    /** `POST /trackings/post`: creates one tracking. */
    createTracking(input: NewTracking, opts?: CallOptions): Promise<Tracking>;
    /** `GET /trackings/{carrier}/{number}[/{lang}]`: one tracking with its results. */
    getTracking(carrierCode: string, trackingNumber: string, opts?: LangOptions): Promise<Tracking>;
    /** `PUT /trackings/{carrier}/{number}`: edits a tracking (`status` only 4, 7 or 8). */
    updateTracking(carrierCode: string, trackingNumber: string, fields: TrackingUpdate, opts?: CallOptions): Promise<Tracking>;
    /** `DELETE /trackings/{carrier}/{number}`. */
    deleteTracking(carrierCode: string, trackingNumber: string, opts?: CallOptions): Promise<void>;
    /** `POST /trackings/realtime`: asks the carrier now; resolves with the first of `data.items`. */
    realtimeTracking(input: RealtimeQuery, opts?: CallOptions): Promise<Tracking>;
    /** `POST /trackings/update`: moves a tracking to another carrier code. */
    changeCarrier(carrierCode: string, trackingNumber: string, newCarrierCode: string, opts?: CallOptions): Promise<void>;
    /** `POST /trackings/batch` in chunks of 40; every input ends up in `trackings` or `errors`. */
    createTrackings(inputs: NewTracking[], opts?: BatchOptions): Promise<BatchResult>;
    /** `GET /trackings/get`: one page (`total` as a number). */
    listTrackings(query?: ListQuery, opts?: CallOptions): Promise<TrackingPage>;
    /** Every tracking matching `query`, page after page, as an async iterable. Throws for a bad query. */
    allTrackings(query?: ListQuery, opts?: CallOptions): AsyncIterable<Tracking>;
    /** `POST /trackings/updatemore`, chunked. */
    updateTrackings(items: TrackingUpdateItem[], opts?: CallOptions): Promise<ManyResult>;
    /** `POST /trackings/delete`, chunked. */
    deleteTrackings(refs: TrackingRef[], opts?: CallOptions): Promise<ManyResult>;
    /** `POST /trackings/notupdate`, chunked: stops auto-refresh. */
    stopUpdating(refs: TrackingRef[], opts?: CallOptions): Promise<ManyResult>;
    /** `GET /trackings/getuserinfo`. */
    userInfo(opts?: CallOptions): Promise<UserInfo>;
    /** `GET /trackings/getstatusnumber`: trackings per status. */
    statusCounts(query?: StatusCountsQuery, opts?: CallOptions): Promise<StatusCounts>;
    /** `POST /trackings/remote`: are these destinations remote areas? */
    checkRemote(queries: RemoteQuery[], opts?: CallOptions): Promise<RemoteResult>;
    /** `POST /trackings/costtime`: transit-time statistics, as returned. */
    transitTimes(queries: TransitQuery[], opts?: CallOptions): Promise<unknown>;
    /** `POST /trackings/aircargo`: air waybills, as returned. */
    airCargo(awbNumbers: string[], opts?: LangOptions): Promise<unknown>;
    /** Releases the wasm memory of this client now (it is also released when garbage-collected). */
    free(): void;
    [Symbol.dispose](): void;
}


/**
 * A `checkRemote()` query.
 */
export interface RemoteQuery {
    /**
     * Country name or two-letter code.
     */
    country: string;
    /**
     * Postcode (or city where the country has none).
     */
    postcode: string;
    /**
     * Express company, e.g. `"DHL"`.
     */
    company?: string;
}

/**
 * A `transitTimes()` query.
 */
export interface TransitQuery {
    /**
     * Carrier code.
     */
    carrier_code: string;
    /**
     * Origin country code.
     */
    original: string;
    /**
     * Destination country code.
     */
    destination: string;
}

/**
 * A courier, from `carriers()`.
 */
export type Carrier = { name: string; code: string; phone?: string; homepage?: string; type?: string; picture?: string } & Record<string, unknown>;

/**
 * A failed item of a many-item call.
 */
export interface BatchItemError {
    /**
     * The item's number.
     */
    tracking_number: string;
    /**
     * The item's carrier code.
     */
    carrier_code: string;
    /**
     * A `TrackingMoreError` code (`TRACKING_EXISTS`, `SERVER_ERROR`, …).
     */
    code: ErrorCode;
    /**
     * The API's meta code, when the API said it.
     */
    metaCode?: number;
    /**
     * What went wrong.
     */
    message: string;
}

/**
 * A page of `listTrackings()`.
 */
export interface TrackingPage {
    /**
     * Page number (from 1).
     */
    page: number;
    /**
     * Page size.
     */
    limit: number;
    /**
     * All matches over all pages (a string in the API; a number here).
     */
    total: number;
    /**
     * Items on this page.
     */
    count: number;
    /**
     * The trackings.
     */
    items: Tracking[];
}

/**
 * A remote area hit.
 */
export interface RemoteArea {
    /**
     * The company that counts it as remote.
     */
    far_express_company?: string;
    /**
     * Two-letter country code.
     */
    two_code?: string;
    /**
     * Country name.
     */
    far_country?: string;
    /**
     * The postcode or city.
     */
    far_city_postcode?: string;
}

/**
 * A tracking with its results (`getTracking()`, list items, realtime, webhooks).
 */
export type Tracking = { id: string; tracking_number: string; carrier_code: string; status: TrackingStatus; substatus?: string; track_update?: boolean; created_at: string; updated_at?: string; order_create_time?: string; customer_email: string[]; customer_name?: string; customer_phone?: string; title?: string; order_id?: string; comment?: string; logistics_channel?: string; archived?: boolean; original_country?: string; destination_country?: string; itemTimeLength?: number; stayTimeLength?: number; origin_info?: CarrierInfo; destination_info?: CarrierInfo; lastEvent?: string; lastUpdateTime?: string } & Record<string, unknown>;

/**
 * An item of `updateTrackings()`.
 */
export interface TrackingUpdateItem extends TrackingUpdate {
    /**
     * The parcel's number.
     */
    tracking_number: string;
    /**
     * Carrier code.
     */
    carrier_code: string;
}

/**
 * Editable fields of `updateTracking()` (and of `updateTrackings()` items).
 */
export interface TrackingUpdate {
    /**
     * Product title.
     */
    title?: string;
    /**
     * Logistics channel text.
     */
    logistics_channel?: string;
    /**
     * Customer name.
     */
    customer_name?: string;
    /**
     * Customer e-mail.
     */
    customer_email?: string;
    /**
     * Customer phone.
     */
    customer_phone?: string;
    /**
     * Order id.
     */
    order_id?: string;
    /**
     * Two-letter destination country code.
     */
    destination_code?: string;
    /**
     * `"true"` archives, `"false"` unarchives.
     */
    archived?: "true" | "false";
    /**
     * 4 = delivered, 7 = exception, 8 = back to the tracked status.
     */
    status?: 4 | 7 | 8;
}

/**
 * Filters of `listTrackings()` / `allTrackings()` (times are unix seconds).
 */
export interface ListQuery {
    /**
     * Page, from 1.
     */
    page?: number;
    /**
     * Page size, 1..2000 (default 100).
     */
    limit?: number;
    /**
     * Only this status.
     */
    status?: TrackingStatus;
    /**
     * Created at or after.
     */
    created_at_min?: number;
    /**
     * Created at or before.
     */
    created_at_max?: number;
    /**
     * Updated at or after.
     */
    update_time_min?: number;
    /**
     * Updated at or before.
     */
    update_time_max?: number;
    /**
     * Order time at or after.
     */
    order_created_time_min?: number;
    /**
     * Order time at or before.
     */
    order_created_time_max?: number;
    /**
     * Answer language.
     */
    lang?: string;
    /**
     * Up to 40 tracking numbers, comma-separated.
     */
    numbers?: string;
    /**
     * Up to 40 order ids, comma-separated.
     */
    orders?: string;
    /**
     * `"true"` or `"false"`.
     */
    archived?: "true" | "false";
}

/**
 * Filters of `statusCounts()` (unix seconds).
 */
export interface StatusCountsQuery {
    /**
     * Created at or after.
     */
    created_at_min?: number;
    /**
     * Created at or before.
     */
    created_at_max?: number;
    /**
     * Order time at or after.
     */
    order_created_time_min?: number;
    /**
     * Order time at or before.
     */
    order_created_time_max?: number;
}

/**
 * Input of `createTracking()` / items of `createTrackings()` (the API's own field names).
 */
export interface NewTracking {
    /**
     * The parcel's number (required).
     */
    tracking_number: string;
    /**
     * Carrier code (required), from `carriers()` or `detectCarrier()`.
     */
    carrier_code: string;
    /**
     * Two-letter destination country code.
     */
    destination_code?: string;
    /**
     * Product title.
     */
    title?: string;
    /**
     * Logistics channel text.
     */
    logistics_channel?: string;
    /**
     * Customer name.
     */
    customer_name?: string;
    /**
     * Customer e-mail.
     */
    customer_email?: string;
    /**
     * Customer phone.
     */
    customer_phone?: string;
    /**
     * Order id, e.g. `"#123"`.
     */
    order_id?: string;
    /**
     * Order time, e.g. `"2017/8/27 16:51"`.
     */
    order_create_time?: string;
    /**
     * Ship date `YYYYMMDD` (some carriers need it).
     */
    tracking_ship_date?: string;
    /**
     * Receiver's postcode (some carriers need it).
     */
    tracking_postal_code?: string;
    /**
     * Account number (some carriers need it).
     */
    tracking_account_number?: string;
    /**
     * Destination country (some carriers need it).
     */
    tracking_destination_country?: string;
    /**
     * Destination for certain carriers (camelCase in the API).
     */
    specialNumberDestination?: string;
    /**
     * Answer language, e.g. `"en"`.
     */
    lang?: string;
    /**
     * Free comment.
     */
    comment?: string;
}

/**
 * Input of `realtimeTracking()`.
 */
export interface RealtimeQuery {
    /**
     * The parcel's number.
     */
    tracking_number: string;
    /**
     * Carrier code.
     */
    carrier_code: string;
    /**
     * Two-letter destination country code.
     */
    destination_code?: string;
    /**
     * Ship date `YYYYMMDD`.
     */
    tracking_ship_date?: string;
    /**
     * Receiver's postcode.
     */
    tracking_postal_code?: string;
    /**
     * Account number.
     */
    tracking_account_number?: string;
    /**
     * Destination for certain carriers.
     */
    specialNumberDestination?: string;
    /**
     * Order id (the API calls it `order` here).
     */
    order?: string;
    /**
     * Order time.
     */
    order_create_time?: string;
    /**
     * Answer language.
     */
    lang?: string;
}

/**
 * One checkpoint of a timeline (newest first; note the API's mixed casing).
 */
export type Checkpoint = { Date?: string; StatusDescription?: string; Details?: string; checkpoint_status?: string; ItemNode?: string; substatus?: string } & Record<string, unknown>;

/**
 * One guess of `detectCarrier()`.
 */
export interface CarrierMatch {
    /**
     * Display name.
     */
    name: string;
    /**
     * Carrier code.
     */
    code: string;
}

/**
 * The merged result of `createTrackings()`: every input is in `trackings` or in `errors`.
 */
export interface BatchResult {
    /**
     * Inputs submitted (all chunks).
     */
    submitted: number;
    /**
     * Trackings created.
     */
    added: number;
    /**
     * The created trackings (short form).
     */
    trackings: Tracking[];
    /**
     * The inputs that were not created, and why.
     */
    errors: BatchItemError[];
}

/**
 * The merged result of `updateTrackings()`, `deleteTrackings()` and `stopUpdating()`: counters
 * summed, `trackings` and `errors` concatenated over chunks.
 */
export type ManyResult = { submitted: number; trackings: Array<Record<string, unknown>>; errors: BatchItemError[] } & Record<string, unknown>;

/**
 * `checkRemote()`.
 */
export interface RemoteResult {
    /**
     * Queries submitted.
     */
    submitted: number;
    /**
     * Queries that are not remote.
     */
    other?: Array<Record<string, unknown>>;
    /**
     * Remote hits.
     */
    remote: RemoteArea[];
}

/**
 * `origin_info` / `destination_info` of a tracking.
 */
export type CarrierInfo = { ReferenceNumber?: string | undefined; ItemReceived?: string | undefined; ItemDispatched?: string | undefined; DepartfromAirport?: string | undefined; ArrivalfromAbroad?: string | undefined; CustomsClearance?: string | undefined; DestinationArrived?: string | undefined; weblink?: string | undefined; phone?: string | undefined; carrier_code?: string | undefined; trackinfo: Checkpoint[] } & Record<string, unknown>;

/**
 * `statusCounts()`: trackings per status.
 */
export type StatusCounts = { pending?: number; notfound?: number; transit?: number; pickup?: number; delivered?: number; undelivered?: number; exception?: number; expired?: number } & Record<string, unknown>;

/**
 * `userInfo()`.
 */
export type UserInfo = { email: string; regtime?: string; phone?: string; money?: number; track_number: number } & Record<string, unknown>;

/**
 * `{ tracking_number, carrier_code }`: names one tracking.
 */
export interface TrackingRef {
    /**
     * The parcel's number.
     */
    tracking_number: string;
    /**
     * Carrier code.
     */
    carrier_code: string;
}


/**
 * Verifies a v2 webhook like `verifyWebhook` and resolves with its tracking (`data`), normalised
 * exactly like API answers; rejects with `TrackingMoreError` `INVALID_WEBHOOK` (bad or stale
 * signature, malformed body).
 */
export function parseWebhook(body: string | object, accountEmail: string, opts?: WebhookOptions | null): Promise<Tracking>;

/**
 * Verifies a v2 webhook: `verifyInfo.signature` (top level or inside `data`) against
 * hex HMAC-SHA256 of `verifyInfo.timeStr` keyed by the account e-mail, in constant time.
 * Malformed bodies give `false`; with `{ maxAgeSeconds }`, so does a `timeStr` further than that
 * from now (v2 signs only `timeStr`: freshness is the only bound on a replayed body).
 */
export function verifyWebhook(body: string | object, accountEmail: string, opts?: WebhookOptions | null): Promise<boolean>;

