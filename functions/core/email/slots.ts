// A compiled part of an email (subject, HTML or text) as literal segments around variable slots:
// `literals[0] slot[0] literals[1] … slot[n-1] literals[n]`. Filling it is a loop of string
// concatenations, which is what makes a send cheap next to compiling MJML.
import { z } from 'zod';

/** `{{ name }}`: the only template syntax there is. No logic, no filters. */
export const SLOT_PATTERN = /\{\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}\}/g;

export const Slotted = z
  .strictObject({
    literals: z.array(z.string()).min(1),
    slots: z.array(z.string().regex(/^[A-Za-z][A-Za-z0-9]*$/)),
  })
  .refine((s) => s.literals.length === s.slots.length + 1, 'literals must be one more than slots');
export type Slotted = z.infer<typeof Slotted>;

/** Splits text with `{{ name }}` markers into literals and slot names. */
export function splitSlots(source: string): Slotted {
  const literals: string[] = [];
  const slots: string[] = [];
  let last = 0;
  for (const m of source.matchAll(SLOT_PATTERN)) {
    literals.push(source.slice(last, m.index));
    slots.push(m[1] as string);
    last = m.index + m[0].length;
  }
  literals.push(source.slice(last));
  return { literals, slots };
}

/** The slot names used, each once, in order of first use. */
export function slotNames(slotted: Slotted): string[] {
  return [...new Set(slotted.slots)];
}

/**
 * The literal after a value, without its leading full stop when the value already ends with one
 * (`{{ accountName }}.` with "Example Inc." must read "Example Inc.", not "Inc..").
 */
function withoutDoubledStop(value: string, literal: string): string {
  const stop = literal.charCodeAt(0);
  if (stop !== 0x2e && stop !== 0x3002) return literal;
  if (value.charCodeAt(value.length - 1) !== stop) return literal;
  // An ellipsis in the template ("{{ x }}...") is meant: keep it.
  return literal.charCodeAt(1) === 0x2e ? literal : literal.slice(1);
}

/**
 * Fills every slot with its value passed through `encode`; a name is looked up in each layer of
 * `values` in turn. A slot without a value is a bug in the caller (the build checks every slot
 * against its kind's variables), so it throws.
 */
export function fillSlots(
  slotted: Slotted,
  values: Readonly<Record<string, string>> | readonly Readonly<Record<string, string>>[],
  encode: (value: string) => string,
): string {
  const layers = Array.isArray(values)
    ? (values as readonly Readonly<Record<string, string>>[])
    : [values as Readonly<Record<string, string>>];
  const { literals, slots } = slotted;
  let out = literals[0] as string;
  for (let i = 0; i < slots.length; i++) {
    const name = slots[i] as string;
    let value: string | undefined;
    for (let l = 0; l < layers.length && value === undefined; l++)
      value = (layers[l] as Readonly<Record<string, string>>)[name];
    if (value === undefined) throw new Error(`no value for template variable "${name}"`);
    const encoded = encode(value);
    out += encoded + withoutDoubledStop(encoded, literals[i + 1] as string);
  }
  return out;
}
