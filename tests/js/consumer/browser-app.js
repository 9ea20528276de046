// The browser consumer: used as is by page.html (an import map) and as the entry of the Vite,
// esbuild and webpack builds in package.test.mjs. Writes what it saw into #out, then the title.
import { TrackingMore, TrackingMoreError } from "trackingmore-wasm";
const base = new URLSearchParams(location.search).get("base");
const tm = new TrackingMore({ apiKey: "demo-key", baseUrl: base, requestsPerSecond: 0 });
const out = {};
try {
  out.carriers = (await tm.carriers()).length;
  const page = await tm.listTrackings({ limit: 5 });
  out.total = page.total;
  out.firstEmails = Array.isArray(page.items[0].customer_email);
  try { await tm.getTracking("dhl", "0000000000"); } catch (e) { out.notFound = e instanceof TrackingMoreError && e.code; }
  try { await tm.getTracking("dhl", ""); } catch (e) { out.invalid = e.code; }
} catch (e) { out.error = String(e); }
document.getElementById("out").textContent = JSON.stringify(out);
document.title = "done";
