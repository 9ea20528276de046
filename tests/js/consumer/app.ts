// A TypeScript consumer of the package, compiled with `tsc --noEmit --strict` by the package
// test: it must type-check against the shipped .d.ts exactly as a user would write it.
import { TrackingMore, TrackingMoreError, verifyWebhook, parseWebhook } from "trackingmore-wasm";
import type { Tracking, TrackingPage, BatchResult, ErrorCode, NewTracking, TrackingStatus, UserInfo, WaitInfo } from "trackingmore-wasm";

export async function demo(baseUrl: string): Promise<string[]> {
  const waits: WaitInfo[] = [];
  const tm = new TrackingMore({ apiKey: "demo-key", baseUrl, requestsPerSecond: 0, timeoutMs: 5000, maxWaitMs: 20000, onWait: (w) => waits.push(w) });
  const input: NewTracking = { tracking_number: "RN123456789CN", carrier_code: "china-post", title: "Shoes" };
  const out: string[] = [];
  try {
    const t: Tracking = await tm.createTracking(input);
    const s: TrackingStatus = t.status;
    const emails: string[] = t.customer_email;
    out.push(`${t.tracking_number} ${s} ${emails.length}`);
  } catch (e) {
    if (e instanceof TrackingMoreError) {
      const code: ErrorCode = e.code;
      const meta: number | undefined = e.metaCode;
      const retry: boolean = e.retryable;
      out.push(`${code} ${meta ?? "-"} ${retry}`);
    } else {
      throw e;
    }
  }
  const page: TrackingPage = await tm.listTrackings({ limit: 10, status: "delivered" });
  const total: number = page.total;
  out.push(`total ${total} first ${page.items[0]?.tracking_number ?? "none"}`);
  for await (const t of tm.allTrackings({ limit: 50 })) {
    out.push(t.carrier_code);
    break;
  }
  const batch: BatchResult = await tm.createTrackings([input], { onProgress: (p) => out.push(`${p.done}/${p.total}`), concurrency: 1 });
  out.push(`${batch.added + batch.errors.length}`);
  const user: UserInfo = await tm.userInfo({ signal: new AbortController().signal });
  out.push(user.email);
  const ok: boolean = await verifyWebhook("{}", user.email);
  out.push(String(ok));
  const fresh: boolean = await verifyWebhook("{}", user.email, { maxAgeSeconds: 300 });
  out.push(String(fresh));
  try {
    const hooked: Tracking = await parseWebhook("{}", user.email, { maxAgeSeconds: 300 });
    out.push(hooked.tracking_number);
  } catch (e) {
    if (e instanceof TrackingMoreError && e.code === "INVALID_WEBHOOK") out.push(e.code);
  }
  out.push(waits.map((w) => `${w.reason}:${w.ms}:${w.attempt}:${w.code ?? ""}`).join(","));
  // Proxy mode (a page): a baseUrl and no key. One of the two is required.
  const proxy = new TrackingMore({ baseUrl: "/v2", maxWaitMs: 5000 });
  proxy.free();
  // @ts-expect-error neither apiKey nor baseUrl
  const neither = () => new TrackingMore({ timeoutMs: 1000 });
  void neither;
  return out;
}
