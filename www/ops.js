// The operations console: the package in proxy mode with an admin token (in memory only), over
// the API version chosen at sign-in (v2 or v4), for bulk imports with live progress, the status
// chart and the tracking list.
import { explain, el } from "./common.js";
import { STATUSES, api, apiBase, pageVersion } from "./versions.js";

const $ = (id) => document.getElementById(id);
let tm = null;
let token = ""; // the admin token, in memory only
const COLORS = { pending: "#8a94a6", notfound: "#b0b7c4", inforeceived: "#7d8fb3", transit: "#2f5bea", pickup: "#5b7cf0", delivered: "#1f8a4c", undelivered: "#d9822b", exception: "#c0392b", expired: "#b86e00" };

$("version").value = pageVersion();

function fail(e) {
  $("error").textContent = explain(e);
}

$("auth").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("error").textContent = "";
  token = $("token").value.trim();
  tm?.free();
  // The token goes in an Authorization header to the Worker; the API key never reaches the page.
  tm = api($("version").value, { headers: { Authorization: `Bearer ${token}` }, maxWaitMs: 30000 });
  const filter = $("status-filter");
  filter.replaceChildren(el("option", { value: "", text: "Any" }), ...STATUSES[tm.version].map((s) => el("option", { text: s })));
  $("connect").disabled = true;
  try {
    await account();
    $("token").value = "";
    for (const id of ["import", "apply"]) $(id).disabled = false;
    await Promise.all([chart(), list(1)]);
  } catch (e) {
    tm.free();
    tm = null;
    $("account").textContent = "";
    fail(e);
  } finally {
    $("connect").disabled = false;
  }
});

async function account() {
  $("account").textContent = await tm.account();
  // The Worker's own figure: trackings that shoppers' lookups created today, against its budget.
  const r = await fetch(`${apiBase(tm.version)}/_proxy/creations`, { headers: { Authorization: `Bearer ${token}` } });
  const c = r.ok ? (await r.json()).data : null;
  if (c) $("account").textContent += ` Shopper lookups created ${c.used} of ${c.limit} today.`;
}

// ---- Import ----

$("file").addEventListener("change", async () => {
  const f = $("file").files[0];
  if (f) $("csv").value = await f.text();
});

/** Rows of `tracking_number,carrier[,title]` (a header line and blank lines are skipped). */
export function parseCsv(text) {
  const rows = [];
  for (const line of text.split(/\r?\n/)) {
    const cells = line.split(",").map((c) => c.trim().replace(/^"(.*)"$/, "$1"));
    if (!cells[0] || /^tracking[_ ]?number$/i.test(cells[0])) continue;
    const row = { tracking_number: cells[0], carrier: (cells[1] || "").toLowerCase() };
    if (cells[2]) row.title = cells[2];
    rows.push(row);
  }
  return rows;
}

$("import").addEventListener("click", async () => {
  $("error").textContent = "";
  const inputs = parseCsv($("csv").value);
  if (!inputs.length) return fail({ code: "INVALID_INPUT", message: "no rows to import" });
  $("import").disabled = true;
  $("progress-wrap").hidden = false;
  $("progress").value = 0;
  $("progress").max = inputs.length;
  $("progress-text").textContent = `0 of ${inputs.length} done`;
  $("rows").replaceChildren();
  try {
    const result = await tm.createTrackings(inputs, ({ done, total, added, failed }) => {
      $("progress").value = done;
      $("progress-text").textContent = `${done} of ${total} done: ${added} added, ${failed} failed`;
    });
    // Every input is in the result: one row each, in input order.
    const body = $("rows");
    inputs.forEach((input, i) => {
      const key = `${input.carrier}/${input.tracking_number}`;
      const e = result.results.get(key);
      const cell = e === null
        ? el("td", { class: "ok", text: "Added" })
        : el("td", { class: "fail", text: e ? `${e.code}${e.metaCode ? ` (${e.metaCode})` : ""}: ${e.message}` : "unaccounted" });
      body.append(el("tr", { "data-result": e === null ? "ok" : "failed" },
        el("td", { text: String(i + 1) }), el("td", { class: "mono", text: input.tracking_number }),
        el("td", { text: input.carrier }), cell));
    });
    $("rows-wrap").hidden = false;
    $("progress-text").textContent = `Finished: ${result.added} added, ${result.failed} failed, of ${inputs.length}.`;
    await Promise.all([chart(), list(1), account()]);
  } catch (e) {
    fail(e);
  } finally {
    $("import").disabled = false;
  }
});

// ---- Chart ----

async function chart() {
  const counts = await tm.counts();
  const statuses = STATUSES[tm.version];
  const max = Math.max(1, ...statuses.map((s) => counts[s] ?? 0));
  const w = 640, h = 220, pad = 28, bw = (w - pad * 2) / statuses.length;
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", statuses.map((s) => `${s}: ${counts[s] ?? 0}`).join(", "));
  svg.style.width = "100%";
  const add = (tag, attrs, text) => {
    const n = document.createElementNS(ns, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
    if (text !== undefined) n.textContent = text;
    svg.append(n);
  };
  statuses.forEach((s, i) => {
    const v = counts[s] ?? 0;
    const bh = ((h - pad * 2.2) * v) / max;
    const x = pad + i * bw + 6, y = h - pad - bh;
    add("rect", { x, y, width: bw - 12, height: Math.max(bh, 1), rx: 3, fill: COLORS[s], "data-status": s });
    add("text", { x: x + (bw - 12) / 2, y: y - 6, "text-anchor": "middle", "font-size": 13 }, String(v));
    add("text", { x: x + (bw - 12) / 2, y: h - 8, "text-anchor": "middle", "font-size": 12, fill: "#5b6475", class: "label" }, s);
  });
  $("chart").replaceChildren(svg);
  // A long status name (v4's nine bars are narrower) is squeezed into its bar's width.
  for (const label of svg.querySelectorAll("text.label")) {
    if (label.getComputedTextLength() > bw - 4) {
      label.setAttribute("textLength", bw - 4);
      label.setAttribute("lengthAdjust", "spacingAndGlyphs");
    }
  }
}

// ---- List ----

let page = 1;
const LIMIT = 20;

async function list(p) {
  const result = await tm.page(p, LIMIT, { status: $("status-filter").value, numbers: $("numbers-filter").value.trim() });
  page = p;
  const rows = result.items.map((t) => el("tr", {},
    el("td", { class: "mono", text: t.number }), el("td", { text: t.carrier }),
    el("td", {}, el("span", { class: `badge ${t.status}`, text: t.status })), el("td", { text: t.latest })));
  $("list").replaceChildren(...(rows.length ? rows : [el("tr", {}, el("td", { colspan: "4", class: "empty", text: "No trackings match." }))]));
  // v4 pages carry no total: the page number, and whether a full page may have a next one.
  $("page-info").textContent = result.total === undefined
    ? `Page ${page}`
    : `Page ${page} of ${Math.max(1, Math.ceil(result.total / LIMIT))} (${result.total} trackings)`;
  $("prev").disabled = page <= 1;
  $("next").disabled = !result.more;
}

$("filter").addEventListener("submit", (event) => {
  event.preventDefault();
  $("error").textContent = "";
  list(1).catch(fail);
});
$("prev").addEventListener("click", () => list(page - 1).catch(fail));
$("next").addEventListener("click", () => list(page + 1).catch(fail));
