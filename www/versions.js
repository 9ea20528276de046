// The two API versions as the sample pages use them: each page talks to one `Api` and never
// branches on the version itself. v2 and v4 name things differently (carrier/courier, status/
// delivery_status, checkpoint fields) and v4 lacks some calls (status counts, account info), so
// each version's object turns its answers into the same small shapes for the pages.
import { TrackingMore, TrackingMoreV4 } from "trackingmore-wasm";

/** The version a page runs: `?version=v4`, else v2. */
export function pageVersion() {
  return new URLSearchParams(location.search).get("version") === "v4" ? "v4" : "v2";
}

/** The Worker's base for `version`: `?api=` (a v2 base URL, for a Worker on another origin) with
 * the version's path, else this page's own origin. */
export function apiBase(version) {
  const given = new URLSearchParams(location.search).get("api");
  return given ? given.replace(/\/v[24]\/?$/, `/${version}`) : `${location.origin}/${version}`;
}

/** Statuses in the order the pages show them. */
export const STATUSES = {
  v2: ["pending", "notfound", "transit", "pickup", "delivered", "undelivered", "exception", "expired"],
  v4: ["pending", "notfound", "inforeceived", "transit", "pickup", "delivered", "undelivered", "exception", "expired"],
};

/** A leg's checkpoints as `{ date, text, where }` (v2 names them `Date`, `StatusDescription`,
 * `Details`; v4 `checkpoint_date`, `tracking_detail`, `location`). */
const checkpoints = (t, date, text, where) =>
  [t.origin_info, t.destination_info]
    .filter((leg) => leg && Array.isArray(leg.trackinfo))
    .flatMap((leg) => leg.trackinfo)
    .map((c) => ({ date: String(c[date] ?? ""), text: c[text] ?? "", where: c[where] ?? "" }));

/** The page's view of a tracking, whatever the version. */
const viewV2 = (t) => ({
  number: t.tracking_number, carrier: t.carrier_code, status: t.status || "pending", substatus: t.substatus,
  from: t.original_country, to: t.destination_country, latest: t.lastEvent || "",
  events: checkpoints(t, "Date", "StatusDescription", "Details"), stale: t.stale, cachedAt: t.cached_at,
});
const viewV4 = (t) => ({
  number: t.tracking_number, carrier: t.courier_code, status: t.delivery_status || "pending", substatus: t.substatus,
  from: t.origin_country, to: t.destination_country, latest: t.latest_event || "",
  events: checkpoints(t, "checkpoint_date", "tracking_detail", "location"), stale: t.stale, cachedAt: t.cached_at,
});

/** `createTrackings`' result for the console: one entry per input, keyed `carrier/number`: `null`
 * when added, else the error (`courier` names the result's carrier field). */
function results(result, courier) {
  const byKey = new Map();
  for (const t of result.trackings) byKey.set(`${t[courier]}/${t.tracking_number}`, null);
  for (const e of result.errors) byKey.set(`${e[courier]}/${e.tracking_number}`, e);
  return { added: result.added, failed: result.errors.length, results: byKey };
}

/** The API of `version` for a page: `options` as the package's (proxy mode: no key). */
export function api(version, options) {
  return version === "v4" ? new ApiV4(options) : new ApiV2(options);
}

class ApiV2 {
  constructor(options) {
    this.version = "v2";
    this.tm = new TrackingMore({ baseUrl: apiBase("v2"), ...options });
  }
  async couriers() {
    return (await this.tm.carriers()).map((c) => ({ code: c.code, name: c.name }));
  }
  async detect(number, opts) {
    return (await this.tm.detectCarrier(number, opts)).map((c) => c.code);
  }
  async tracking(carrier, number, opts) {
    return viewV2(await this.tm.getTracking(carrier, number, opts));
  }
  /** `rows` of `{ tracking_number, carrier, title? }`: `{ added, failed, results }` (see `results`). */
  async createTrackings(rows, onProgress) {
    const inputs = rows.map((r) => ({ tracking_number: r.tracking_number, carrier_code: r.carrier, ...(r.title ? { title: r.title } : {}) }));
    return results(await this.tm.createTrackings(inputs, { onProgress }), "carrier_code");
  }
  async counts() {
    return this.tm.statusCounts();
  }
  /** One page of the list: `{ items, total? , more }`. */
  async page(number, size, { status, numbers }) {
    const query = { page: number, limit: size, ...(status ? { status } : {}), ...(numbers ? { numbers } : {}) };
    const r = await this.tm.listTrackings(query);
    return { items: r.items.map(viewV2), total: r.total, more: number * size < r.total };
  }
  /** What the console says about the account. */
  async account() {
    const user = await this.tm.userInfo();
    return `Connected: ${user.email}, ${user.track_number ?? "?"} trackings left in the quota.`;
  }
  free() {
    this.tm.free();
  }
}

class ApiV4 {
  constructor(options) {
    this.version = "v4";
    this.tm = new TrackingMoreV4({ baseUrl: apiBase("v4"), ...options });
  }
  async couriers() {
    return (await this.tm.couriers()).map((c) => ({ code: c.courier_code, name: c.courier_name }));
  }
  async detect(number, opts) {
    return (await this.tm.detectCourier(number, opts)).map((c) => c.courier_code);
  }
  async tracking(courier, number, opts) {
    return viewV4(await this.tm.getTracking(courier, number, opts));
  }
  async createTrackings(rows, onProgress) {
    const inputs = rows.map((r) => ({ tracking_number: r.tracking_number, courier_code: r.carrier, ...(r.title ? { title: r.title } : {}) }));
    return results(await this.tm.createTrackings(inputs, { onProgress }), "courier_code");
  }
  /** v4 has no status counts: the trackings are counted here, page after page. */
  async counts() {
    const counts = {};
    for await (const t of this.tm.allTrackings({ items_amount: 500 })) counts[t.delivery_status] = (counts[t.delivery_status] ?? 0) + 1;
    return counts;
  }
  /** v4 pages carry no total: another page may follow a full one. */
  async page(number, size, { status, numbers }) {
    const query = { pages_amount: number, items_amount: size, ...(status ? { delivery_status: status } : {}), ...(numbers ? { tracking_numbers: numbers } : {}) };
    const items = await this.tm.listTrackings(query);
    return { items: items.map(viewV4), total: undefined, more: items.length === size };
  }
  /** v4 has no account call: the token is checked by a one-item list. */
  async account() {
    await this.tm.listTrackings({ items_amount: 1 });
    return "Connected (v4).";
  }
  free() {
    this.tm.free();
  }
}
