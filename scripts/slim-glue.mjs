// Replaces the loader at the end of wasm-bindgen's `--target web` glue (`__wbg_load`,
// `__wbg_init`, `initSync` and their deprecation warnings: ~2.5 KB of JS, ~0.45 KB gzip) with a
// compact one that accepts the same arguments (`initSync({ module })` with bytes or a
// `WebAssembly.Module`; `init({ module_or_path })` with a URL, a path, a `Request`, a `Response`,
// bytes, a module or a promise of one), so the generated `.d.ts` stays true. The package's entry
// files are its only callers (the glue is not an export of the package). A smaller glue is what
// workerd's cold start spends on (see the README's benchmark notes).
//
// wasm-bindgen is pinned (Cargo.toml); if its loader changes, this fails the build rather than
// guess.
//
// usage: node scripts/slim-glue.mjs <x.js>
import { readFileSync, writeFileSync } from "node:fs";

const path = process.argv[2];
if (!path) {
  console.error("usage: slim-glue.mjs <x.js>");
  process.exit(2);
}
const glue = readFileSync(path, "utf8");
const START = "let wasmModule, wasmInstance, wasm;";
const END = "export { initSync, __wbg_init as default };";
const from = glue.indexOf(START);
const to = glue.indexOf(END);
const wasmName = glue.match(/new URL\('([\w-]+_bg\.wasm)', import\.meta\.url\)/);
if (from < 0 || to < from || !wasmName || !glue.slice(from, to).includes("function __wbg_finalize_init(")) {
  throw new Error(`slim-glue: ${path} does not end with the loader this script knows (wasm-bindgen changed?)`);
}

// wasm-bindgen's own finalize step, minus the module and instance it keeps for nobody: the
// exports, the memory views reset, and the start function when the build has one (a build with
// reference types fills its externref table there). Only statements known here are carried over.
const finalize = /function __wbg_finalize_init\(instance, module\) \{\n([\s\S]*?)\n\}/.exec(glue.slice(from, to));
const KNOWN = /^(wasmInstance = instance;|wasmModule = module;|wasm = instance\.exports;|cached\w+ = null;|wasm\.__wbindgen_start\(\);|return wasm;)$/;
const steps = finalize ? finalize[1].split("\n").map((l) => l.trim()).filter(Boolean) : [];
const unknown = steps.filter((l) => !KNOWN.test(l));
if (!finalize || unknown.length || !steps.includes("return wasm;")) {
  throw new Error(`slim-glue: wasm-bindgen's __wbg_finalize_init is not the one this script knows: ${unknown.join(" ") || "not found"}`);
}
const kept = steps.filter((l) => !/^wasm(Instance|Module) = /.test(l));

const loader = `let wasm;
function __wbg_finalize_init(instance) {
${kept.map((l) => `  ${l}`).join("\n")}
}
// \`{ key: value }\` or the value itself.
const __wbg_arg = (o, key) => (o && Object.getPrototypeOf(o) === Object.prototype ? o[key] : o);
function initSync(module) {
  if (wasm !== undefined) return wasm;
  module = __wbg_arg(module, "module");
  if (!(module instanceof WebAssembly.Module)) module = new WebAssembly.Module(module);
  return __wbg_finalize_init(new WebAssembly.Instance(module, __wbg_get_imports()));
}
let __wbg_init_promise;
function __wbg_init(source) {
  if (wasm !== undefined) return Promise.resolve(wasm);
  return (__wbg_init_promise ||= __wbg_load(__wbg_arg(source, "module_or_path")).catch((e) => {
    __wbg_init_promise = undefined;
    throw e;
  }));
}
async function __wbg_load(source) {
  let src = await (source === undefined ? new URL(${JSON.stringify(wasmName[1])}, import.meta.url) : source);
  const imports = __wbg_get_imports();
  if (typeof src === "string" || src instanceof URL || (typeof Request === "function" && src instanceof Request)) {
    src = await fetch(src);
  }
  if (typeof Response === "function" && src instanceof Response) {
    if (!src.ok) throw new Error(\`failed to fetch the wasm: HTTP \${src.status} \${src.url}\`);
    // Streaming compilation needs the wasm MIME type; a server that sends another gets the bytes
    // compiled whole instead of an error.
    if (/^application\\/wasm\\b/i.test(src.headers.get("Content-Type") || "")) {
      return __wbg_finalize_init((await WebAssembly.instantiateStreaming(src, imports)).instance);
    }
    src = await src.arrayBuffer();
  }
  const made = await WebAssembly.instantiate(src, imports);
  return __wbg_finalize_init(made instanceof WebAssembly.Instance ? made : made.instance);
}
`;
let out = glue.slice(0, from) + loader + glue.slice(to);

// Two generated helpers for runtimes the package does not run on, dropped when they are exactly
// the code known here (left in place otherwise: they are correct, only larger):
// - `TextEncoder.encodeInto` filled in where it is missing: every runtime the package supports
//   has it (Node ^20.16, workerd, browsers since 2018-2021);
// - the branch of `passStringToWasm0` for a call without `realloc`: the glue passes it at every
//   call (checked below).
const dropped = [];
const POLYFILL = `if (!('encodeInto' in cachedTextEncoder)) {
    cachedTextEncoder.encodeInto = function (arg, view) {
        const buf = cachedTextEncoder.encode(arg);
        view.set(buf);
        return {
            read: arg.length,
            written: buf.length
        };
    };
}
`;
if (out.includes(POLYFILL)) {
  out = out.replace(POLYFILL, "");
  dropped.push("the encodeInto polyfill");
}
const NO_REALLOC = `    if (realloc === undefined) {
        const buf = cachedTextEncoder.encode(arg);
        const ptr = malloc(buf.length, 1) >>> 0;
        getUint8ArrayMemory0().subarray(ptr, ptr + buf.length).set(buf);
        WASM_VECTOR_LEN = buf.length;
        return ptr;
    }
`;
const calls = [...out.matchAll(/passStringToWasm0\(([^()]*)\)/g)].map((m) => m[1]).filter((a) => a !== "arg, malloc, realloc");
if (out.includes(NO_REALLOC) && calls.length > 0 && calls.every((a) => /, wasm\.__wbindgen_realloc$/.test(a))) {
  out = out.replace(NO_REALLOC, "");
  dropped.push("passStringToWasm0's branch without realloc");
}
// The imports wasm-bindgen wraps in `handleError` (those declared `catch`) are functions of no
// declared parameters that pass on `arguments`. V8 compiles each import's wasm-to-JS wrapper when
// it compiles the module, for a function of as many parameters as the import has; a function of
// another count gets a wrapper of its own, compiled while instantiating, on the main thread:
// ~0.2 ms each here (instantiation 0.76 → 0.35 ms, medians of 30 fresh processes, with the two
// there are). So they declare the parameters they are given.
let declared = 0;
out = out.replace(/: function\(\) \{ return handleError\(function \(([\w, ]*)\) \{/g, (_, params) => {
  declared += 1;
  return `: function(${params}) { return handleError(function (${params}) {`;
});
writeFileSync(path, out);
console.log(`slim-glue: loader replaced (${to - from} → ${loader.length} characters)${dropped.length ? `; dropped ${dropped.join(", ")}` : ""}${declared ? `; ${declared} handleError imports declare their parameters` : ""}`);
