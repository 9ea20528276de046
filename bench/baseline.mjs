// The baseline: what a user writes instead of the package — a few lines of fetch, minimal but
// correct (the key header, the envelope, meta codes whatever the HTTP status, percent-encoded
// path segments and query values, batches of 40, departures spaced at R per second). No retries,
// no validation, no quirk fixes, no arrival pacing: that is the point of comparison.
export class PlainClient {
  // `timeoutMs` (off by default, as in most hand-written clients) aborts an attempt that takes
  // longer, the way the package's per-attempt timeout does; `fetch` replaces the global one.
  constructor({ apiKey, baseUrl = "https://api.trackingmore.com/v2", requestsPerSecond = 1, timeoutMs = 0, fetch: f = globalThis.fetch }) {
    this.apiKey = apiKey;
    this.timeoutMs = timeoutMs;
    this.fetch = f;
    this.baseUrl = baseUrl.replace(/\/+$/, "");
    this.interval = requestsPerSecond > 0 ? 1000 / requestsPerSecond : 0;
    this.next = 0;
  }

  async request(method, path, body) {
    if (this.interval) {
      const now = Date.now();
      const slot = Math.max(now, this.next);
      this.next = slot + this.interval;
      if (slot > now) await new Promise((r) => setTimeout(r, slot - now));
    }
    const init = {
      method,
      headers: { "Content-Type": "application/json", "Trackingmore-Api-Key": this.apiKey },
      body: body === undefined ? undefined : JSON.stringify(body),
    };
    let timer;
    if (this.timeoutMs) {
      const ctl = new AbortController();
      timer = setTimeout(() => ctl.abort(), this.timeoutMs);
      init.signal = ctl.signal;
    }
    let text, res;
    try {
      res = await this.fetch(this.baseUrl + path, init);
      text = await res.text();
    } finally {
      clearTimeout(timer);
    }
    const json = JSON.parse(text);
    const code = Number(json?.meta?.code);
    if (code < 200 || code > 202 || !Number.isFinite(code)) {
      const err = new Error(json?.meta?.message ?? `HTTP ${res.status}`);
      err.metaCode = code;
      throw err;
    }
    return json.data;
  }

  getTracking(carrier, number) {
    return this.request("GET", `/trackings/${encodeURIComponent(carrier)}/${encodeURIComponent(number)}`);
  }

  listTrackings(query = {}) {
    const q = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString();
    return this.request("GET", `/trackings/get${q ? `?${q}` : ""}`);
  }

  userInfo() {
    return this.request("GET", "/trackings/getuserinfo");
  }

  async createTrackings(inputs) {
    const out = { trackings: [], errors: [] };
    for (let i = 0; i < inputs.length; i += 40) {
      const data = await this.request("POST", "/trackings/batch", inputs.slice(i, i + 40));
      out.trackings.push(...(data.trackings ?? []));
      out.errors.push(...(data.errors ?? []));
    }
    return out;
  }
}
