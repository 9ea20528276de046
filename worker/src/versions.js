// The two API versions the Worker serves, and how it answers in each: the package's client for
// shopper requests, and failures as answers. Used by the Worker (index.js)
// and by the account's Durable Object (pacer.js, account.js).

import { TrackingMore, TrackingMoreV4, TrackingMoreError } from "trackingmore-wasm";
import { envelope, envelopeV4, scrub } from "./answers.js";
import { CreationRefused } from "./pacer.js";

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

/** The package's client of `version` for shopper requests, sending through `fetch` (the account
 * pacer's): the client's own pacing lanes are off, and a long wait fails fast. */
export function shopperClient(version, cfg, fetch) {
  return new version.Client({
    apiKey: cfg.apiKey,
    baseUrl: version.base(cfg),
    requestsPerSecond: 0,
    [version.secondLaneOption]: 0,
    maxRetries: 1,
    maxWaitMs: cfg.shopperMaxWaitMs,
    timeoutMs: 10000,
    fetch,
  });
}

/** A failure as plain data (it crosses from the Durable Object to the Worker as JSON):
 * `{ code, message, status?, metaCode?, retryAfterMs?, headers? }`, `refused: true` for a
 * `CreationRefused`, code `INTERNAL` for anything that is not a `TrackingMoreError`. */
export function failureOf(e) {
  if (e instanceof CreationRefused) {
    return { refused: true, code: e.code, message: e.message, status: e.status, headers: e.headers };
  }
  if (e instanceof TrackingMoreError) {
    return { code: e.code, message: e.message, status: e.status, metaCode: e.metaCode, retryAfterMs: e.retryAfterMs };
  }
  return { code: "INTERNAL", message: "Internal error in the tracking proxy." };
}

/** Whether a failure is the API's or the account's load (the busy answer), not the request's. */
export const isBusy = (failure) =>
  !failure.refused && ["RATE_LIMITED", "SERVER_ERROR", "TIMEOUT", "NETWORK"].includes(failure.code);

/** A failure (`failureOf`) as the envelope of `version` that the page's client understands. */
export function errorAnswer(version, failure, key) {
  if (failure.refused) {
    if (failure.code === "notFound") return version.apiError(version.notFound, failure.message);
    return version.envelope(failure.code, failure.message, [], failure.status, failure.headers);
  }
  if (failure.code === "INTERNAL") return version.envelope(500, failure.message, [], 500);
  const message = scrub(failure.message, key);
  // A busy answer always says when to come back (5 s when the failure itself did not say).
  if (isBusy(failure)) {
    const seconds = failure.retryAfterMs ? Math.max(1, Math.ceil(failure.retryAfterMs / 1000)) : 5;
    return version.envelope(503, message.startsWith("Busy") ? message : `Busy: ${message}`, [], 503, { "Retry-After": String(seconds) });
  }
  const code = failure.metaCode ?? { INVALID_INPUT: version.invalid, TRACKING_NOT_FOUND: version.notFound }[failure.code] ?? 400;
  return version.apiError(code, message, failure.status);
}
