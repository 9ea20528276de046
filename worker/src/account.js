// The account's Durable Object: the pacer (pacer.js) running the shoppers' tracking lookups with
// the package. Every isolate of the Worker sends its lookups here, so shoppers who ask for the same
// tracking at the same moment share one flow — one upstream read, at most one create — and its
// answer.

import { TrackingMoreError } from "trackingmore-wasm";
import { Pacer, creatable } from "./pacer.js";
import { trim } from "./answers.js";
import { VERSIONS, failureOf, shopperClient } from "./versions.js";

/** The account's Durable Object: its pacer (pacer.js), with the shoppers' lookups run by the
 * package: read the tracking; create it when the API does not know it yet and it can be real. */
export class AccountPacer extends Pacer {
  constructor(ctx, env) {
    super(ctx, env);
    this.fetchPaced = (url, init) => this.forward(new Request(url, init), this.cfg.shopperMaxWaitMs);
    /** One client per version, made on first use (this object lives as long as the account's). */
    this.clients = {};
    /** Per version: `{ until, codes }`, the carrier codes the API knows (a promise of a Set). */
    this.carriers = {};
  }

  runLookup(query) {
    return this.run(VERSIONS[query.version], query).then((tracking) => ({ tracking }), (e) => ({ failure: failureOf(e) }));
  }

  client(version) {
    this.clients[version.name] ??= shopperClient(version, this.cfg, this.fetchPaced);
    return this.clients[version.name];
  }

  async run(version, { carrier, number, lang, visitor }) {
    const client = this.client(version);
    try {
      return trim(await version.get(client, carrier, number, lang));
    } catch (e) {
      if (!(e instanceof TrackingMoreError) || e.code !== "TRACKING_NOT_FOUND") throw e;
      // Not tracked yet: create it (the package's create is safe to retry), and show it — unless
      // it can not be a real one, which would only spend the account's quota, or the visitor or
      // the account has created enough for now.
      if (!creatable(number) || !(await this.knownCarrier(version, carrier))) throw e;
      return await this.creating(visitor, async (send) => {
        // A client of its own, so that what it sends is this creation's.
        const creator = shopperClient(version, this.cfg, (url, init) => send(new Request(url, init)));
        try {
          return trim(await version.create(creator, carrier, number));
        } finally {
          creator.free();
        }
      });
    }
  }

  /** Whether the API knows carrier `code` (its couriers list, read again every 12 cache TTLs). */
  async knownCarrier(version, code) {
    const known = this.carriers[version.name];
    if (!known || Date.now() > known.until) {
      const codes = version.couriers(this.client(version)).then((list) => new Set(list.map(version.courierCode)));
      const entry = { until: Date.now() + this.cfg.cacheTtl * 12_000, codes };
      this.carriers[version.name] = entry;
      // A failed read is not kept: the next lookup asks again.
      codes.catch(() => {
        if (this.carriers[version.name] === entry) delete this.carriers[version.name];
      });
    }
    return (await this.carriers[version.name].codes).has(code);
  }
}
