// The fields of a small HTML form POST, in either encoding RFC 8058 allows for the one-click body:
// `multipart/form-data` (which it says a mail client SHOULD send) or
// `application/x-www-form-urlencoded` (what browsers send from the page's forms). Text fields only;
// a body past `maxBytes` counts as empty.
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export const MAX_FORM_BYTES = 4096;

function headerOf(event: APIGatewayProxyEventV2, name: string): string | undefined {
  // Function URLs lower-case header names; a test or another front door may not.
  return Object.entries(event.headers ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];
}

function multipartFields(text: string, boundary: string): URLSearchParams {
  const fields = new URLSearchParams();
  for (const part of text.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const name = /content-disposition:\s*form-data;[^\r\n]*?\bname="([^"\r\n]*)"/i.exec(part.slice(0, split))?.[1];
    if (name !== undefined) fields.append(name, part.slice(split + 4).replace(/\r\n$/, ''));
  }
  return fields;
}

export function formBody(event: APIGatewayProxyEventV2, maxBytes: number = MAX_FORM_BYTES): URLSearchParams {
  const raw = event.body ?? '';
  const text = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  if (Buffer.byteLength(text, 'utf8') > maxBytes) return new URLSearchParams();
  const type = headerOf(event, 'content-type') ?? '';
  const boundary = /^multipart\/form-data;.*?\bboundary="?([^";\s]{1,70})"?/i.exec(type)?.[1];
  return boundary === undefined ? new URLSearchParams(text) : multipartFields(text, boundary);
}
