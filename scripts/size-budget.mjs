// Where the wasm's code bytes come from, by source file — inlined code included, which twiggy's
// per-function view cannot show (LTO and wasm-opt inline most of the core into the four exports).
//
// Reads the DWARF line table of a wasm built like the package's but with line tables
// (scripts/size-budget.sh does that), after wasm-bindgen and the table pruning: every code byte is
// attributed to the source line it came from. These are rustc's bytes, before wasm-opt (which
// shrinks them by ~15% and removes the pruned closure shims, which are left out here).
//
// usage: node scripts/size-budget.mjs x.wasm [--lines N]   (needs llvm-dwarfdump)
// --lines N also lists the N source lines of src/ with the most code (inlined std code is counted
// at the std line, not at the caller's); with ALL_LINES=1 in the environment, of every source.
import { execFileSync } from "node:child_process";

const wasm = process.argv[2];
if (!wasm || wasm.startsWith("--")) {
  console.error("usage: node scripts/size-budget.mjs x.wasm [--lines N]   (make size-budget builds one)");
  process.exit(2);
}
const dump = (what) => execFileSync("llvm-dwarfdump", [...what, wasm], { encoding: "utf8", maxBuffer: 1 << 28 });
// Each compile unit's directory (its line table's relative paths are relative to it), by the
// offset of its line table.
const compDir = new Map();
{
  let stmt = null;
  for (const line of dump(["--debug-info", "-r", "0"]).split("\n")) {
    let m;
    if ((m = /DW_AT_stmt_list\s+\((0x[0-9a-f]+)\)/.exec(line))) stmt = Number(m[1]);
    else if ((m = /DW_AT_comp_dir\s+\("(.*)"\)/.exec(line)) && stmt !== null) compDir.set(stmt, m[1]);
  }
}
const text = dump(["--debug-line"]);
const bytes = new Map();
const lineBytes = new Map();
let dirs = new Map(), files = new Map(), rows = [], file = null, base = "";
const flush = () => {
  for (let i = 0; i + 1 < rows.length; i++) {
    const [addr, f, end, line] = rows[i];
    const size = rows[i + 1][0] - addr;
    if (end || size <= 0 || size > 100000) continue;
    const [dir, name] = files.get(f) ?? [0, "?"];
    const d = dirs.get(dir) ?? "";
    const path = `${d.startsWith("/") ? d : `${base}/${d}`}/${name}`;
    bytes.set(path, (bytes.get(path) ?? 0) + size);
    const at = `${path}:${line}`;
    lineBytes.set(at, (lineBytes.get(at) ?? 0) + size);
  }
  dirs = new Map();
  files = new Map();
  rows = [];
};
for (const line of text.split("\n")) {
  let m;
  if (line.startsWith("debug_line[")) {
    flush();
    base = compDir.get(Number(/\[(0x[0-9a-f]+)\]/.exec(line)[1])) ?? "?";
  }
  else if ((m = /^include_directories\[\s*(\d+)\] = "(.*)"/.exec(line))) dirs.set(Number(m[1]), m[2]);
  else if ((m = /^file_names\[\s*(\d+)\]:/.exec(line))) files.set((file = Number(m[1])), [0, "?"]);
  else if ((m = /^\s+name: "(.*)"/.exec(line)) && file !== null) files.get(file)[1] = m[1];
  else if ((m = /^\s+dir_index: (\d+)/.exec(line)) && file !== null) files.get(file)[0] = Number(m[1]);
  else if ((m = /^0x([0-9a-f]+)\s+(\d+)\s+\d+\s+(\d+)\s/.exec(line))) rows.push([parseInt(m[1], 16), Number(m[3]), line.includes("end_sequence"), Number(m[2])]);
}
flush();

// Our files by name; std and the bindings grouped by what the code does.
const group = (path) => {
  if (path.startsWith(`${root}/src/`)) return path.slice(root.length + 1);
  if (/convert\/closures\.rs$/.test(path)) return null; // pruned shims: wasm-opt removes them
  if (/core\/src\/(result|option)\.rs$/.test(path)) return "std: Result / Option plumbing (`?`, map, unwrap_or)";
  if (/core\/src\/(ptr|mem)\//.test(path) || /core\/src\/ptr\/mod\.rs$/.test(path)) return "std: moves and drops (ptr::write/read, drop_in_place)";
  if (/alloc\/src\/(vec|raw_vec|slice|boxed)/.test(path) || /\/raw_vec\//.test(path)) return "std: Vec and Box (growth, collect, into_iter)";
  if (/alloc\/src\/(string|str|fmt)/.test(path) || /core\/src\/(str|char|unicode|fmt)/.test(path) || /slice\/memchr/.test(path)) return "std: strings and chars";
  if (/core\/src\/(iter|slice|array|ops|cmp|num|convert|clone|cell)/.test(path)) return "std: iterators, slices, numbers";
  if (/library\/(core|alloc|std)|compiler[-_]builtins|rustc-demangle|\/math\//.test(path)) return "std: other";
  if (/wasm-bindgen-[\d.]+\//.test(path)) return "wasm-bindgen (JsValue handles, conversions, exports)";
  if (/js-sys|web-sys/.test(path)) return "js-sys / web-sys";
  return `other: ${path}`;
};
const sums = new Map();
const root = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
for (const [path, n] of bytes) {
  const g = group(path);
  if (g) sums.set(g, (sums.get(g) ?? 0) + n);
}
const total = [...sums.values()].reduce((a, b) => a + b, 0);
console.log("code bytes by source (rustc's, before wasm-opt; inlined code counted where it comes from):");
for (const [g, n] of [...sums].sort((a, b) => b[1] - a[1])) {
  console.log(`${String(n).padStart(7)}  ${((100 * n) / total).toFixed(1).padStart(5)} %  ${g}`);
}
console.log(`${String(total).padStart(7)}  100.0 %  total`);

const top = process.argv.indexOf("--lines");
if (top > 0) {
  const n = Number(process.argv[top + 1] ?? 30);
  console.log(`\nthe ${n} lines of ${process.env.ALL_LINES ? "any source" : "src/"} with the most code:`);
  const ours = [...lineBytes].filter(([at]) => process.env.ALL_LINES || at.startsWith(`${root}/src/`)).sort((a, b) => b[1] - a[1]);
  for (const [at, b] of ours.slice(0, n)) console.log(`${String(b).padStart(7)}  ${at.slice(root.length + 1)}`);
}
