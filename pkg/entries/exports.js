// The wasm's exported functions that the public class drives (src/js/mod.rs), as one object:
// each entry hands it to `__api` once the wasm is instantiated. A plain object, not a module
// namespace (`import * as`), for which a bundler adds a helper.
import { engine, call, step } from "../trackingmore_wasm.js";

export const exported = { engine, call, step };
