// What goes into the Worker's answers, without the package (a plain-JS Worker measured against
// this one uses the same: bench/plain-worker): the two envelopes, trimming, and key scrubbing.

/** Fields a shopper never sees: whoever knows a tracking number could read them otherwise. */
export const PERSONAL_FIELDS = [
  "customer_name", "customer_email", "customer_phone", "order_id",
  // v4's names and fields
  "customer_sms", "order_number", "recipient_postcode",
];

/** The v2 envelope. */
export function envelope(code, message, data = [], status = 200, headers = {}) {
  const type = status >= 500 ? "Service Unavailable" : status >= 400 ? "Bad Request" : "Success";
  return Response.json({ meta: { code, type, message }, data }, { status, headers });
}

/** The v4 envelope (no `meta.type`). */
export function envelopeV4(code, message, data = [], status = 200, headers = {}) {
  return Response.json({ meta: { code, message }, data }, { status, headers });
}

/** `text` without the key (an upstream that echoes it must not make this Worker echo it). */
export function scrub(text, key) {
  if (!key || key.length < 4) return text;
  const enc = encodeURIComponent(key);
  const out = text.split(key).join("[redacted]");
  return enc === key ? out : out.split(enc).join("[redacted]");
}

/** A tracking as a shopper may see it. */
export function trim(tracking) {
  if (!tracking || typeof tracking !== "object") return tracking;
  const out = { ...tracking };
  for (const f of PERSONAL_FIELDS) delete out[f];
  delete out.verifyInfo;
  return out;
}
