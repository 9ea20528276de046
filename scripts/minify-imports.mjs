// Shortens the names of the wasm's imports from the JS glue ("./<crate>_bg.js": wasm-bindgen
// names them `__wbg_<name>_<16 hex digits>`) and of its exports (which the glue reads as
// `wasm.<name>`), in both the .wasm and the glue, consistently. Those names are the largest
// incompressible part of a small wasm-bindgen package (~3 KB raw). Imports from other modules
// (the crate's own JS snippets) keep their names: the glue hands the snippet modules to the wasm
// as they are; so does the `memory` export. The glue's module name itself becomes "_".
//
// usage: node scripts/minify-imports.mjs <x_bg.wasm> <x.js>
import { readFileSync, writeFileSync } from "node:fs";
import { encodeLeb, importDesc, leb, nameBytes, readName } from "./wasm-bytes.mjs";

const [wasmPath, gluePath] = process.argv.slice(2);
if (!wasmPath || !gluePath) {
  console.error("usage: minify-imports.mjs <x_bg.wasm> <x.js>");
  process.exit(2);
}
const wasm = readFileSync(wasmPath);
let glue = readFileSync(gluePath, "utf8");

const glueModule = "./" + gluePath.split("/").pop().replace(/\.js$/, "_bg.js");
// The glue's import module is named once per import (44 times): it becomes "_".
const SHORT_MODULE = "_";
// The n-th short name: one letter for the first 52, then two.
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const short = (n) => (n < 52 ? LETTERS[n] : LETTERS[Math.floor(n / 52) - 1] + LETTERS[n % 52]);
let pos = 8;
const out = [wasm.subarray(0, 8)];
const renamed = new Map();
const exported = new Map();
const dropped = [];
while (pos < wasm.length) {
  const id = wasm[pos];
  const [size, body] = leb(wasm, pos + 1);
  const end = body + size;
  if (id === 7) {
    out.push(renameExports(body, end));
    pos = end;
    continue;
  }
  if (id !== 2) {
    out.push(wasm.subarray(pos, end));
    pos = end;
    continue;
  }
  let [count, p] = leb(wasm, body);
  const entries = [...encodeLeb(count)];
  for (let i = 0; i < count; i++) {
    const [module, p1] = readName(wasm, p);
    const [field, p2] = readName(wasm, p1);
    const p3 = importDesc(wasm, p2)[1];
    let name = field;
    if (module === glueModule) {
      if (!renamed.has(field)) renamed.set(field, short(renamed.size));
      name = renamed.get(field);
    }
    entries.push(...nameBytes(module === glueModule ? SHORT_MODULE : module), ...nameBytes(name), ...wasm.subarray(p2, p3));
    p = p3;
  }
  if (p !== end) throw new Error("import section not fully read");
  out.push(Uint8Array.of(2, ...encodeLeb(entries.length)), Uint8Array.from(entries));
  pos = end;
}

// Export names the glue reads as `wasm.<name>` get short ones; `memory` keeps its name; the rest
// the glue names nowhere (wasm-bindgen's `__wbindgen_free` when no string is returned, the
// `__instance_terminated` and `__abort_handler` globals of an abort handler the glue does not
// install) are dropped (`dropped`, above), and wasm-opt, which runs after this, removes what only
// they kept.
function renameExports(body, end) {
  let [count, p] = leb(wasm, body);
  const entries = [];
  let kept = 0;
  for (let i = 0; i < count; i++) {
    const [name, p1] = readName(wasm, p);
    const p2 = leb(wasm, p1 + 1)[1];
    let next = name;
    if (name === "memory") {
      // kept as is: initSync's callers read `memory` by name
    } else if (new RegExp(`\\bwasm\\.${name}\\b`).test(glue)) {
      next = short(exported.size);
      exported.set(name, next);
    } else if (!glue.includes(name)) {
      // Named nowhere in the glue (not even spelled another way): nothing can read it.
      dropped.push(name);
      p = p2;
      continue;
    }
    entries.push(...nameBytes(next), ...wasm.subarray(p1, p2));
    kept++;
    p = p2;
  }
  if (p !== end) throw new Error("export section not fully read");
  const section = [...encodeLeb(kept), ...entries];
  return Uint8Array.from([7, ...encodeLeb(section.length), ...section]);
}
{
  const key = `"${glueModule}": import0,`;
  if (!glue.includes(key)) throw new Error(`the imports object of ${gluePath} has no ${key}`);
  glue = glue.replace(key, `"${SHORT_MODULE}": import0,`);
}
for (const [from, to] of exported) glue = glue.replace(new RegExp(`\\bwasm\\.${from}\\b`, "g"), `wasm.${to}`);
for (const [from, to] of renamed) {
  const re = new RegExp(`\\b${from}\\b`, "g");
  const hits = glue.match(re)?.length ?? 0;
  if (hits === 0) throw new Error(`${from} is not in ${gluePath}`);
  glue = glue.replace(re, to);
}
// wasm-bindgen imports a snippet module once per `extern` block that uses it (`import * as
// import1 …`, `import * as import2 …` of the same file) and lists each under the same key of the
// imports object: bundlers warn about the duplicate key. Keep the first, drop the repeats.
const namespaces = new Map();
const repeats = [];
glue = glue.replace(/^import \* as (\w+) from (["'])([^"']+)\2;?\n/gm, (line, alias, _q, path) => {
  if (!namespaces.has(path)) {
    namespaces.set(path, alias);
    return line;
  }
  const kept = namespaces.get(path);
  repeats.push([alias, kept, path]);
  return "";
});
for (const [alias, kept, path] of repeats) {
  const entry = new RegExp(`^\\s*(["'])${path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}\\1: ${alias},\\n`, "m");
  glue = glue.replace(entry, "");
  glue = glue.replace(new RegExp(`\\b${alias}\\b`, "g"), kept);
}

writeFileSync(wasmPath, Buffer.concat(out));
writeFileSync(gluePath, glue);
console.log(`minify-imports: ${renamed.size} imports and ${exported.size} exports renamed; exports nothing reads dropped: ${dropped.join(", ") || "none"}`);
