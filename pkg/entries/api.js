// The package's public API over an instantiated wasm-bindgen module (`glue`: each entry passes
// its own once the wasm is instantiated): the `TrackingMore` (v2) and `TrackingMoreV4` classes,
// each a thin layer over the wasm's `CoreHandle` with one method per operation the wasm names for
// its version (src/endpoints.rs), and the functions and error class the wasm exports. Argument
// checks, requests and results are all the wasm's.
// `defaults`: option values this runtime's entry sets where the caller gives none.
export function api(glue, defaults = {}) {
  const { CoreHandle, errorClass, verifyWebhook, webhookTracking, shapeTracking } = glue;
  const { verifyWebhookV4, parseWebhookV4 } = glue;
  const withDefaults = (options) => {
    const missing = Object.keys(defaults).filter((k) => options[k] === undefined);
    return missing.length ? { ...options, ...Object.fromEntries(missing.map((k) => [k, defaults[k]])) } : options;
  };

  // The class of one API version (`version`: the wasm's `ApiVersion`, "v2" or "v4"). `query` adapts a list query before the wasm checks it.
  function clientClass(name, version, query = (q) => q) {
    const handles = new WeakMap();
    const handle = (client) => {
      const h = handles.get(client);
      if (h === undefined) throw new TypeError(`this ${name} client was freed`);
      return h;
    };
    const Client = {
      [name]: class {
        constructor(options) {
          const given = options !== null && typeof options === "object";
          handles.set(this, new CoreHandle(version, given ? withDefaults(options) : options));
        }
        allTrackings(q, opts) {
          return handle(this).allTrackings(query(q), opts);
        }
        // Lets go of the wasm side now (wasm-bindgen's finalizer does it when the client is collected).
        free() {
          handles.get(this)?.free();
          handles.delete(this);
        }
      },
    }[name];
    const define = (key, value) =>
      Object.defineProperty(Client.prototype, key, { value, writable: true, configurable: true });
    for (const op of CoreHandle.operations(version)) {
      const method = op === "listTrackings"
        ? { [op](q, ...rest) { return handle(this).call(op, [query(q), ...rest]); } }[op]
        : { [op](...args) { return handle(this).call(op, args); } }[op];
      define(op, method);
    }
    if (Symbol.dispose) define(Symbol.dispose, Client.prototype.free);
    return Client;
  }

  // v4 date filters are ISO-8601 text: a `Date` is written as `toISOString()` does.
  const isoDates = (q) =>
    q !== null && typeof q === "object" && Object.values(q).some((v) => v instanceof Date)
      ? Object.fromEntries(Object.entries(q).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]))
      : q;

  // A verified webhook's tracking, shaped like API answers.
  async function parseWebhook(body, accountEmail, opts) {
    return shapeTracking(await webhookTracking(body, accountEmail, opts));
  }
  return {
    TrackingMore: clientClass("TrackingMore", "v2"),
    TrackingMoreV4: clientClass("TrackingMoreV4", "v4", isoDates),
    TrackingMoreError: errorClass(),
    verifyWebhook,
    parseWebhook,
    verifyWebhookV4,
    parseWebhookV4,
  };
}
