// The package's public API over an instantiated wasm-bindgen module (`glue`: each entry passes
// its own once the wasm is instantiated): the `TrackingMore` class, a thin layer over the wasm's
// `CoreHandle` with one method per operation the wasm names (src/endpoints.rs), and the functions
// and error class the wasm exports. Argument checks, requests and results are all the wasm's.
// `defaults`: option values this runtime's entry sets where the caller gives none.
export function api(glue, defaults = {}) {
  const { CoreHandle, errorClass, verifyWebhook, webhookTracking, shapeTracking } = glue;
  const handles = new WeakMap();
  const withDefaults = (options) => {
    const missing = Object.keys(defaults).filter((k) => options[k] === undefined);
    return missing.length ? { ...options, ...Object.fromEntries(missing.map((k) => [k, defaults[k]])) } : options;
  };
  const handle = (client) => {
    const h = handles.get(client);
    if (h === undefined) throw new TypeError("this TrackingMore client was freed");
    return h;
  };
  class TrackingMore {
    constructor(options) {
      const given = options !== null && typeof options === "object";
      handles.set(this, new CoreHandle(given ? withDefaults(options) : options));
    }
    allTrackings(query, opts) {
      return handle(this).allTrackings(query, opts);
    }
    // Lets go of the wasm side now (wasm-bindgen's finalizer does it when the client is collected).
    free() {
      handles.get(this)?.free();
      handles.delete(this);
    }
  }
  const define = (name, value) =>
    Object.defineProperty(TrackingMore.prototype, name, { value, writable: true, configurable: true });
  for (const name of CoreHandle.operations()) {
    define(name, { [name](...args) { return handle(this).call(name, args); } }[name]);
  }
  if (Symbol.dispose) define(Symbol.dispose, TrackingMore.prototype.free);
  // A verified webhook's tracking, shaped like API answers.
  async function parseWebhook(body, accountEmail, opts) {
    return shapeTracking(await webhookTracking(body, accountEmail, opts));
  }
  return { TrackingMore, TrackingMoreError: errorClass(), verifyWebhook, parseWebhook };
}
