// Pure helpers for document text. The API's offsets count Unicode code points (the
// contract's `span`s, like Python's str indices), while JavaScript strings index UTF-16 code
// units: a character outside the Basic Multilingual Plane (an emoji, some symbols) is two
// units, so `text.slice(s, e)` would drift after the first one. Everything here goes
// through `Array.from(text)`, which splits by code point.

/** The text between code points s and e. */
export function cpSlice(text, s, e) {
  return Array.from(text).slice(s, e).join('');
}

/**
 * Cut `text` at every boundary of the given layers of spans and say, for each piece, which
 * spans of which layer cover it. Overlapping and nested spans are fine; spans outside the
 * text are clamped; empty or reversed ones are ignored.
 *   layers: [{ name: 'ev', spans: [[s, e], ...] }, ...]
 *   returns [{ s, e, text, covers: { ev: [indices of spans], ... } }, ...] in text order,
 *   with s/e in code points.
 */
export function segments(text, layers) {
  const cps = Array.from(text);
  const n = cps.length;
  const clamp = (x) => Math.max(0, Math.min(n, x));
  const valid = (sp) => Array.isArray(sp) && Number.isInteger(sp[0]) && Number.isInteger(sp[1])
    && clamp(sp[0]) < clamp(sp[1]);
  const cuts = new Set([0, n]);
  for (const layer of layers) {
    for (const sp of layer.spans) {
      if (valid(sp)) { cuts.add(clamp(sp[0])); cuts.add(clamp(sp[1])); }
    }
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const s = points[i];
    const e = points[i + 1];
    const covers = {};
    for (const layer of layers) {
      const hit = [];
      layer.spans.forEach((sp, k) => {
        if (valid(sp) && clamp(sp[0]) <= s && e <= clamp(sp[1])) hit.push(k);
      });
      if (hit.length) covers[layer.name] = hit;
    }
    out.push({ s, e, text: cps.slice(s, e).join(''), covers });
  }
  return out;
}

/** "10–15", "≥ 100", "≤ 5", "12" or "—" for a casualty range. */
export function formatRange(low, high) {
  if (low == null && high == null) return '—';
  if (high == null) return `≥ ${low}`;
  if (low == null) return `≤ ${high}`;
  return low === high ? `${low}` : `${low}–${high}`;
}
