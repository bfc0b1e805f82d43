// An account state as the bytes of one DynamoDB binary attribute: a format byte, then the state's JSON
// deflated (raw, level 6) against a preset dictionary of the state's field names. DynamoDB bills a
// write per started KB of the whole item, and the state's JSON (4-8 KB after a few weeks) packs into
// about 1-1.5 KB, so an account write costs 1-2 write units instead of 5-8.
//
// Why deflate with a dictionary rather than gzip or brotli: measured on the sample world's accounts
// (6 KB of JSON after ten weeks, 8 KB after six months), raw deflate with the dictionary came out
// 13-26 % smaller than gzip (level 6) or brotli (quality 5-6); brotli needs quality 11, at 8-13 ms a
// state, to come near, and Node's brotli takes no custom dictionary. Packing takes 0.1-0.15 ms and
// unpacking, JSON.parse included, 0.05-0.08 ms: about what marshalling the state as a map cost.
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { PACKED_STATE_DICTIONARY_V1 } from './packed-state-dictionary.js';

/** The format written: 1 = raw deflate of the JSON against PACKED_STATE_DICTIONARY_V1. */
export const PACKED_STATE_FORMAT = 1;

/** zlib's own default: level 9 packs under 1 % smaller for more CPU on every write. */
const LEVEL = 6;

/**
 * A state inflating past this is not one we wrote: DynamoDB caps the item at 400 KB and JSON deflates
 * at most about 20 to 1, so a larger output can only be a damaged or foreign blob (or a zip bomb).
 */
export const MAX_UNPACKED_BYTES = 8 * 1024 * 1024;

export type Unpacked =
  | { readonly kind: 'unpacked'; readonly value: unknown }
  | { readonly kind: 'unreadable'; readonly what: string };

export function packState(body: unknown): Uint8Array {
  const deflated = deflateRawSync(JSON.stringify(body), { level: LEVEL, dictionary: PACKED_STATE_DICTIONARY_V1 });
  const packed = Buffer.allocUnsafe(deflated.length + 1);
  packed[0] = PACKED_STATE_FORMAT;
  deflated.copy(packed, 1);
  return packed;
}

function zlibCode(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : 'unknown zlib error';
}

/**
 * The JSON value packed in `bytes`, or what is wrong with them. Never echoes the content: a state
 * holds email addresses and names, and this message ends up in a log.
 */
export function unpackState(bytes: Uint8Array): Unpacked {
  if (bytes.length === 0) return { kind: 'unreadable', what: 'packed state is empty' };
  const format = bytes[0];
  if (format !== PACKED_STATE_FORMAT) {
    return {
      kind: 'unreadable',
      what: `packed state has format ${format}, this version reads format ${PACKED_STATE_FORMAT}`,
    };
  }
  let json: Buffer;
  try {
    json = inflateRawSync(bytes.subarray(1), {
      dictionary: PACKED_STATE_DICTIONARY_V1,
      maxOutputLength: MAX_UNPACKED_BYTES,
    });
  } catch (error) {
    if (error instanceof RangeError)
      return { kind: 'unreadable', what: `packed state inflates past ${MAX_UNPACKED_BYTES} bytes` };
    return { kind: 'unreadable', what: `packed state does not inflate (${zlibCode(error)})` };
  }
  try {
    return { kind: 'unpacked', value: JSON.parse(json.toString('utf8')) };
  } catch {
    // JSON.parse's own message quotes the text around the fault: it stays out.
    return { kind: 'unreadable', what: `packed state inflates to ${json.length} bytes that are not JSON` };
  }
}
