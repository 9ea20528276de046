// Drops wasm-bindgen's closure shims (and js-sys's unused waker) from the wasm's function table,
// so that wasm-opt can remove them (~0.65 KB raw, ~0.3 KB gzip here).
//
// Every `#[wasm_bindgen]` import of js-sys that takes a Rust closure (`Array::for_each`,
// `Promise::then`, typed-array callbacks…) has a describe function that takes the address of an
// `invoke` shim; the linker keeps those exported describe functions, so the shims land in the
// table. wasm-bindgen runs and removes the describe functions but leaves the table as rustc laid
// it out: two dozen shims that nothing can call. A shim is only ever called by the JS glue, through
// the table wasm-bindgen exports for closures; when the wasm exports no table, no closure crosses
// to JS and no shim can run. Their slots then point at a function of type `() -> ()`, which no shim
// has (a shim takes at least the closure's data): an indirect call to a pruned slot would trap on
// the signature check, exactly as a wrong index always does.
//
// Runs on wasm-bindgen's output (which still has the name section), before wasm-opt.
// usage: node scripts/prune-table.mjs <x_bg.wasm>
import { readFileSync, writeFileSync } from "node:fs";
import { encodeLeb, importDesc, leb, readName, sections as sectionsOf } from "./wasm-bytes.mjs";

const path = process.argv[2];
if (!path) {
  console.error("usage: prune-table.mjs <x_bg.wasm>");
  process.exit(2);
}
const wasm = readFileSync(path);
const SHIM = /^wasm_bindgen(\[[0-9a-f]+\])?::convert::closures::/;
// js-sys's future executor puts its waker's vtable functions in the table too. A waker with that
// vtable is only made by the executor's spawn and poll code; when none of it is in the module
// (the package's calls are driven by JS, not by Rust futures), the vtable's functions are dead.
const WAKER = /^js_sys(\[[0-9a-f]+\])?::futures::jspi::task_waker::/;
const FUTURES = /\bjs_sys(\[[0-9a-f]+\])?::futures::/;
const WAKER_PARTS = /task_waker::|SpawnedTask>::wake$|::drop_slow$|drop_glue|rc::Weak<|__wbindgen_jspi_spawn_poll/;

// The sections, and what the pruning needs from them.
const sections = sectionsOf(wasm);
const section = (id) => sections.find((s) => s.id === id);

// Function types: which type indices are `() -> ()`.
const empty = new Set();
{
  const s = section(1);
  let [n, p] = leb(wasm, s.body);
  for (let t = 0; t < n; t++) {
    if (wasm[p++] !== 0x60) throw new Error("prune-table: unexpected type form");
    let params, results;
    [params, p] = leb(wasm, p);
    p += params;
    [results, p] = leb(wasm, p);
    p += results;
    if (params === 0 && results === 0) empty.add(t);
  }
}
// Each function's type index (imports first, then the function section).
const typeOf = [];
{
  const s = section(2);
  if (s) {
    let [n, p] = leb(wasm, s.body);
    for (let i = 0; i < n; i++) {
      [, p] = readName(wasm, p);
      [, p] = readName(wasm, p);
      let kind, type;
      [kind, p, type] = importDesc(wasm, p);
      if (kind === 0) typeOf.push(type);
    }
  }
  const f = section(3);
  let [n, p] = leb(wasm, f.body);
  for (let i = 0; i < n; i++) {
    let t;
    [t, p] = leb(wasm, p);
    typeOf.push(t);
  }
}
// A table export means closures may cross to JS: then every shim may be called. Leave it all.
{
  const s = section(7);
  let [n, p] = leb(wasm, s.body);
  for (let i = 0; i < n; i++) {
    let name;
    [name, p] = readName(wasm, p);
    const kind = wasm[p++];
    [, p] = leb(wasm, p);
    if (kind === 1) {
      console.log(`prune-table: the wasm exports a table (${name}): closures cross to JS, nothing pruned`);
      process.exit(0);
    }
  }
}
// Function names (the "name" custom section, subsection 1).
const names = new Map();
for (const s of sections.filter((s) => s.id === 0)) {
  const [title, p0] = readName(wasm, s.body);
  if (title !== "name") continue;
  for (let p = p0; p < s.end; ) {
    const sub = wasm[p];
    const [size, b] = leb(wasm, p + 1);
    if (sub === 1) {
      let [n, q] = leb(wasm, b);
      for (let i = 0; i < n; i++) {
        let idx, name;
        [idx, q] = leb(wasm, q);
        [name, q] = readName(wasm, q);
        names.set(idx, name);
      }
    }
    p = b + size;
  }
}
if (names.size === 0) throw new Error("prune-table: the wasm has no function names (run it on wasm-bindgen's output)");

const executor = [...names.values()].filter((n) => FUTURES.test(n) && !WAKER_PARTS.test(n));
const dead = (name) => SHIM.test(name) || (executor.length === 0 && WAKER.test(name));
if (executor.length) console.log(`prune-table: js-sys's executor is in the module (${executor[0]}): its waker stays`);

const stand = typeOf.findIndex((t) => empty.has(t));
const elem = section(9);
if (!elem || stand < 0) {
  console.log("prune-table: no table elements, or no () -> () function to stand in: nothing pruned");
  process.exit(0);
}
// Rewrite the active segments of table 0 (flag 0: offset expression, function indices); other
// segment kinds are copied as they are.
let [count, p] = leb(wasm, elem.body);
const body = [...encodeLeb(count)];
let pruned = 0;
for (let i = 0; i < count; i++) {
  const flag = wasm[p];
  if (flag !== 0) throw new Error(`prune-table: element segment kind ${flag} is not handled`);
  const exprStart = p + 1;
  // The offset: `i32.const n end` (the only form rustc emits).
  if (wasm[exprStart] !== 0x41) throw new Error("prune-table: element offset is not i32.const");
  let q = leb(wasm, exprStart + 1)[1];
  if (wasm[q++] !== 0x0b) throw new Error("prune-table: element offset is not a constant");
  body.push(0, ...wasm.subarray(exprStart, q));
  let n;
  [n, q] = leb(wasm, q);
  body.push(...encodeLeb(n));
  for (let k = 0; k < n; k++) {
    let f;
    [f, q] = leb(wasm, q);
    if (dead(names.get(f) ?? "")) {
      if (empty.has(typeOf[f])) throw new Error(`prune-table: ${names.get(f)} has type () -> ()`);
      f = stand;
      pruned++;
    }
    body.push(...encodeLeb(f));
  }
  p = q;
}
if (p !== elem.end) throw new Error("prune-table: element section not fully read");
const out = Buffer.concat([
  wasm.subarray(0, elem.start),
  Uint8Array.of(9, ...encodeLeb(body.length)),
  Uint8Array.from(body),
  wasm.subarray(elem.end),
]);
writeFileSync(path, out);
console.log(`prune-table: ${pruned} dead entries (closure shims, waker) dropped from the table`);
