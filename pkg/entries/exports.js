// The wasm's exported functions that the public class drives (src/js/mod.rs), re-exported as one
// module: each entry hands its namespace to `__api` once the wasm is instantiated.
export { engine, call, step } from "../trackingmore_wasm.js";
