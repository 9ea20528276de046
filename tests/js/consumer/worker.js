// A Cloudflare Worker that uses the package; wrangler bundles it (picking the `workerd` entry).
import { TrackingMore, TrackingMoreError } from "trackingmore-wasm";

export default {
  async fetch(request, env) {
    const tm = new TrackingMore({ apiKey: env.TM_KEY, baseUrl: env.TM_BASE, requestsPerSecond: 0 });
    const url = new URL(request.url);
    try {
      if (url.pathname === "/bad") await tm.getTracking("DHL", "x");
      const [user, page] = await Promise.all([tm.userInfo(), tm.listTrackings({ limit: 3 })]);
      return Response.json({ email: user.email, total: page.total, count: page.items.length });
    } catch (e) {
      return Response.json({ error: e instanceof TrackingMoreError, code: e.code, message: e.message }, { status: 500 });
    }
  },
};
