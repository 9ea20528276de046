// The fault matrix inside workerd: the package's workerd entry, driven by the same cases as in
// Node. GET /?base=<sandbox v2 URL>&calls=a,b answers the cases as JSON.
import * as pkg from "../../pkg/workerd.js";
import { runMatrix, controlAt } from "./fault-matrix.mjs";

export default {
  async fetch(request) {
    const url = new URL(request.url);
    const base = url.searchParams.get("base");
    const calls = url.searchParams.get("calls")?.split(",");
    const cases = await runMatrix(pkg, base, controlAt(new URL(base).origin), { calls });
    return Response.json(cases);
  },
};
