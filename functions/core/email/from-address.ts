// The From header: the sender's display name and the verified address. A non-ASCII name (a Japanese
// company name) is written as an RFC 2047 encoded word, which SES requires for display names.

const PLAIN = /^[\x20-\x7e]*$/;

export function fromAddress(displayName: string, address: string): string {
  const name = displayName.replace(/[\r\n]/g, ' ').trim();
  if (name === '') return address;
  if (PLAIN.test(name)) return `"${name.replace(/(["\\])/g, '\\$1')}" <${address}>`;
  return `=?UTF-8?B?${Buffer.from(name, 'utf8').toString('base64')}?= <${address}>`;
}
