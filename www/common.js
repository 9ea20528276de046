// What both sample pages share: how a typed error reads to a person, and building elements.
// The pages run the package in proxy mode (versions.js): no API key anywhere in them; the Worker
// adds it.

/** Words for a `TrackingMoreError` (by its stable `code`) that a shopper or an operator can act on. */
export function explain(err) {
  const seconds = err && err.retryAfterMs ? Math.max(1, Math.ceil(err.retryAfterMs / 1000)) : 0;
  const later = seconds ? ` Please try again in ${seconds} s.` : " Please try again in a moment.";
  switch (err && err.code) {
    case "INVALID_INPUT":
      return `Please check what you typed: ${err.message}.`;
    case "TRACKING_NOT_FOUND":
      return "We could not find a shipment with this number for that carrier.";
    case "CARRIER_NOT_DETECTED":
      return "We could not recognise this tracking number. Check it, or choose the carrier yourself.";
    case "RATE_LIMITED":
      return "Many people are tracking parcels right now." + later;
    case "SERVER_ERROR":
      return "The tracking service is busy." + later;
    case "TIMEOUT":
    case "NETWORK":
      return "We could not reach the tracking service. Check your connection and try again.";
    case "UNAUTHORIZED":
      // 403: the Worker refuses the call without credentials (a shopper page asking for more).
      return err.metaCode === 403 ? "This lookup is not available here." : "Not authorised: check the admin token.";
    case "QUOTA_EXCEEDED":
      return "The shop's tracking quota is used up.";
    case "BAD_REQUEST":
      return `The request was refused: ${err.message}`;
    default:
      return "Something went wrong. Please try again.";
  }
}

/** Plain text into an element, never HTML. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}
