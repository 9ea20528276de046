// "Track your order": the package in the browser, in proxy mode against the shop's Worker, over
// the API version the shop uses (`?version=v4`, else v2).
import { explain, el } from "./common.js";
import { api, pageVersion } from "./versions.js";

// No key: the base URL is the Worker, which adds it. Fail fast rather than make a shopper wait.
const tm = api(pageVersion(), { requestsPerSecond: 0, maxRetries: 1, maxWaitMs: 5000, timeoutMs: 15000 });

const STATUS_WORDS = {
  pending: "Waiting for the carrier",
  notfound: "Not found yet",
  inforeceived: "Info received",
  transit: "In transit",
  pickup: "Out for delivery",
  delivered: "Delivered",
  undelivered: "Delivery attempt failed",
  exception: "Problem with the delivery",
  expired: "Tracking expired",
};

// The v2 substatus codes in words (TrackingMore's logistics status page).
const SUBSTATUS_WORDS = {
  notfound001: "The shipper has told the carrier about your parcel; it awaits pickup.",
  notfound002: "The carrier has no information about this parcel yet.",
  inforeceived001: "The shipper has told the carrier about your parcel; it awaits pickup.",
  transit001: "Your parcel is on its way.",
  transit002: "Your parcel arrived at a hub or sorting center.",
  transit003: "Your parcel arrived at the delivery facility.",
  transit004: "Your parcel arrived in the destination country.",
  transit005: "Customs clearance is complete.",
  delivered001: "Your parcel was delivered.",
  delivered002: "Your parcel was picked up.",
  delivered003: "Your parcel was signed for.",
  delivered004: "Your parcel was left at the door or with a neighbour.",
  exception004: "Your parcel is waiting to be claimed.",
  exception005: "There was a problem with the delivery.",
  exception006: "Your parcel is held by customs.",
  exception007: "Your parcel was damaged, lost or discarded.",
  exception008: "The delivery was cancelled.",
  exception009: "The delivery was refused.",
  exception010: "Your parcel was returned to the sender.",
  exception011: "Your parcel is on its way back to the sender.",
};

const MILESTONES = ["Info received", "In transit", "Out for delivery", "Delivered"];
const REACHED = { pending: 0, notfound: 0, inforeceived: 0, transit: 1, pickup: 2, undelivered: 2, delivered: 3 };

const $ = (id) => document.getElementById(id);
const form = $("track");
const button = $("go");

// Carriers for the optional picker (cached by the Worker; a failure leaves "Detect automatically"),
// and their names for the parcel's card (the code until the list is here).
const carrierNames = new Map();
tm.couriers().then((list) => {
  const select = $("carrier");
  for (const c of list.sort((a, b) => a.name.localeCompare(b.name))) {
    // A carrier already chosen from the link (`?carrier=`) gets its name, not a second option.
    const given = [...select.options].find((o) => o.value === c.code);
    if (given) given.textContent = c.name;
    else select.append(el("option", { value: c.code, text: c.name }));
    carrierNames.set(c.code, c.name);
  }
}, () => {});

/** Every checkpoint of both legs, newest first. */
const events = (t) => [...t.events].sort((a, b) => b.date.localeCompare(a.date));

/** Renders a tracking (versions.js's view of it). */
function render(t, carrierName) {
  const status = t.status;
  // How far it got: exceptions and expiries stop at the last step reached (in transit, if scanned).
  const step = REACHED[status] ?? (events(t).length ? 1 : 0);
  const problem = ["exception", "undelivered", "expired"].includes(status);
  const card = el("article", { class: "card", "aria-labelledby": "parcel" });
  card.append(
    el("div", { class: "summary" },
      el("h2", { id: "parcel", text: "Your parcel" }),
      el("span", { class: `badge ${status}`, text: STATUS_WORDS[status] || status }),
      el("span", { class: "number", text: t.number }),
      el("span", { text: carrierName || t.carrier })),
  );
  const words = (t.substatus && SUBSTATUS_WORDS[t.substatus]) || (status === "pending" ? "We have your tracking number and are waiting for the carrier's first scan." : "");
  if (words) card.append(el("p", { text: words }));
  // The Worker served its last answer because the tracking service is failing right now.
  if (t.stale && t.cachedAt) {
    card.append(el("p", { class: "stale", role: "status", text: `Last updated ${new Date(t.cachedAt).toLocaleString()}: the tracking service is not answering right now.` }));
  }
  const { from, to } = t;
  if (from || to) card.append(el("p", { class: "route", text: `From ${from || "?"} to ${to || "?"}` }));
  const bar = el("ol", { class: "milestones", "aria-label": "Delivery progress" });
  MILESTONES.forEach((name, i) => {
    const li = el("li", { class: i <= step ? "done" : "", text: name });
    if (i === step) {
      li.setAttribute("aria-current", "step");
      if (problem) li.classList.add("problem");
    }
    bar.append(li);
  });
  card.append(bar);

  const list = events(t);
  const history = el("section", { class: "card", "aria-labelledby": "history" }, el("h2", { id: "history", text: "History" }));
  if (list.length === 0) {
    history.append(el("p", { class: "empty", text: "No scans yet. The carrier usually scans a parcel within a day of receiving it." }));
  } else {
    const ol = el("ol", { class: "timeline" });
    for (const e of list) {
      ol.append(el("li", {},
        el("time", { datetime: e.date.replace(" ", "T"), text: e.date.replace("T", " ") }),
        el("div", {}, el("div", { text: e.text }), el("div", { class: "where", text: e.where }))));
    }
    history.append(ol);
  }
  $("result").replaceChildren(card, history);
}

async function track(number, carrier, signal) {
  if (!carrier) {
    const matches = await tm.detect(number, { signal });
    if (!matches.length) throw { code: "CARRIER_NOT_DETECTED" };
    carrier = matches[0];
  }
  return tm.tracking(carrier, number, { signal });
}

let running;
form.addEventListener("submit", async (event) => {
  event.preventDefault();
  running?.abort();
  const ctl = (running = new AbortController());
  const number = $("number").value.trim();
  const carrier = $("carrier").value;
  $("error").textContent = "";
  $("status").replaceChildren(el("span", { class: "spinner", "aria-hidden": "true" }), "Looking up your parcel…");
  button.disabled = true;
  $("number").setAttribute("aria-invalid", "false");
  try {
    const t = await track(number, carrier, ctl.signal);
    render(t, carrierNames.get(t.carrier));
    $("status").textContent = `Status: ${STATUS_WORDS[t.status] || t.status}.`;
  } catch (e) {
    if (e && e.code === "ABORTED") return;
    $("status").textContent = "";
    $("result").replaceChildren(el("p", { class: "empty", text: "No parcel to show." }));
    $("error").textContent = explain(e);
    if (e && (e.code === "INVALID_INPUT" || e.code === "CARRIER_NOT_DETECTED")) {
      $("number").setAttribute("aria-invalid", "true");
      $("number").focus();
    }
  } finally {
    if (running === ctl) button.disabled = false;
  }
});

// `?number=…&carrier=…` (e.g. from an order e-mail) tracks at once.
const params = new URLSearchParams(location.search);
if (params.get("number")) {
  $("number").value = params.get("number");
  if (params.get("carrier")) {
    const select = $("carrier");
    if (![...select.options].some((o) => o.value === params.get("carrier"))) select.append(el("option", { value: params.get("carrier"), text: params.get("carrier") }));
    select.value = params.get("carrier");
  }
  form.requestSubmit();
}
