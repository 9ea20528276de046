// Reading and writing the parts of a wasm binary the build scripts touch (minify-imports.mjs,
// prune-table.mjs): LEB128 numbers, names, import descriptions, the section list.

/** The unsigned LEB128 number at `pos`: `[value, position after it]`. */
export function leb(buf, pos) {
  let value = 0, shift = 0, byte;
  do {
    byte = buf[pos++];
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
  } while (byte & 0x80);
  return [value, pos];
}
/** `n` as unsigned LEB128 bytes. */
export function encodeLeb(n) {
  const out = [];
  do {
    let byte = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) byte |= 0x80;
    out.push(byte);
  } while (n);
  return out;
}
const utf8 = new TextDecoder();
const enc = new TextEncoder();
/** The name (length-prefixed UTF-8) at `pos`: `[name, position after it]`. */
export function readName(buf, pos) {
  const [len, p] = leb(buf, pos);
  return [utf8.decode(buf.subarray(p, p + len)), p + len];
}
/** A name's bytes, length first. */
export function nameBytes(s) {
  const b = enc.encode(s);
  return [...encodeLeb(b.length), ...b];
}
/**
 * Skips an import's description (function, table, memory, global or tag) at `pos`:
 * `[kind, position after it, type index for a function]`.
 */
export function importDesc(buf, pos) {
  const kind = buf[pos++];
  const limits = (p) => {
    const flags = buf[p++];
    [, p] = leb(buf, p);
    if (flags & 1) [, p] = leb(buf, p);
    return p;
  };
  switch (kind) {
    case 0: {
      const [type, p] = leb(buf, pos);
      return [kind, p, type];
    }
    case 1: return [kind, limits(pos + 1)];
    case 2: return [kind, limits(pos)];
    case 3: return [kind, pos + 2];
    case 4: return [kind, leb(buf, pos + 1)[1]];
    default: throw new Error(`unknown import kind ${kind}`);
  }
}
/** The sections after the 8-byte header: `{ id, start, body, end }` each. */
export function sections(wasm) {
  const out = [];
  for (let pos = 8; pos < wasm.length; ) {
    const id = wasm[pos];
    const [size, body] = leb(wasm, pos + 1);
    out.push({ id, start: pos, body, end: body + size });
    pos = body + size;
  }
  return out;
}
