// A Worker as a new user writes it: a client per request, made where the key is (in `fetch`).
// GET /?base=<sandbox v2 URL>&rps=R answers { ok } or { ok: false, code, retryAfterMs }.
import { TrackingMore } from "../../pkg/workerd.js";

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const tm = new TrackingMore({ apiKey: "demo-key", baseUrl: url.searchParams.get("base"), requestsPerSecond: Number(url.searchParams.get("rps")) });
    try {
      await tm.userInfo();
      return Response.json({ ok: true });
    } catch (e) {
      return Response.json({ ok: false, code: e.code, retryAfterMs: e.retryAfterMs ?? null });
    } finally {
      tm.free();
    }
  },
};
