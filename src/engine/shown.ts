/**
 * How a correction message quotes the value it corrected: strings, list items and objects clipped to
 * SHOWN_CHARS, lists cut after SHOWN_ITEMS, so a 100,000-character value or a 10,000-item list in a link or
 * a file gives a notice of readable length (src/engine/config.fuzz.test.ts holds it to that).
 */
const SHOWN_CHARS = 40;
const SHOWN_ITEMS = 8;
const clip = (t: string) => (t.length > SHOWN_CHARS ? t.slice(0, SHOWN_CHARS) + '…' : t);
export const show = (v: unknown): string => {
  if (typeof v === 'string') return JSON.stringify(clip(v));
  if (Array.isArray(v)) {
    const items = v.slice(0, SHOWN_ITEMS).map((x) => clip(x !== null && typeof x === 'object' ? (JSON.stringify(x) ?? String(x)) : String(x)));
    return `[${items.join(',')}${v.length > SHOWN_ITEMS ? `,… ${v.length} items` : ''}]`;
  }
  if (v !== null && typeof v === 'object') return clip(JSON.stringify(v) ?? String(v));
  return clip(String(v));
};
