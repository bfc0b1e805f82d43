// The preview's "send test": a local SES (aws-ses-v2-local) reached on loopback only, started in this
// process when none is running, and one SendEmail with the same headers the real sender sets.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import * as sesLocal from 'aws-ses-v2-local';
import type { RenderedEmail } from '../core/ports.js';

export const DEFAULT_SES_ENDPOINT = 'http://127.0.0.1:8005';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** The endpoint as a URL, or an error saying why it is refused: the preview never mails beyond this machine. */
export function loopbackEndpoint(endpoint: string): URL {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new Error(`--ses-endpoint must be a URL such as ${DEFAULT_SES_ENDPOINT}`);
  }
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new Error(
      `--ses-endpoint must be an http URL on this machine (127.0.0.1 or localhost), such as ${DEFAULT_SES_ENDPOINT}`,
    );
  }
  return url;
}

export interface LocalSes {
  /** Where SendEmail goes, and whose root page shows the mail to a person. */
  readonly endpoint: string;
  /** True when this process started the local SES (and stops it on close). */
  readonly startedHere: boolean;
  close(): Promise<void>;
}

async function answers(endpoint: string): Promise<boolean> {
  try {
    const response = await fetch(new URL('/health-check', endpoint), { signal: AbortSignal.timeout(800) });
    return response.ok;
  } catch {
    return false;
  }
}

type StartServer = (config?: { host?: string; port?: number }) => Promise<Server>;

/** The package is CommonJS with an `exports.default`: tsx and plain Node see its default differently. */
function starter(): StartServer {
  const exported = sesLocal.default as unknown as StartServer | { default: StartServer };
  return typeof exported === 'function' ? exported : exported.default;
}

/** Starts aws-ses-v2-local in this process on 127.0.0.1 (port 0 picks a free one). */
export async function startLocalSes(port: number): Promise<LocalSes> {
  const server = await starter()({ host: '127.0.0.1', port });
  const { port: bound } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${bound}`,
    startedHere: true,
    close: () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      return closed;
    },
  };
}

/**
 * The local SES to send tests to: the given endpoint as it is; with none given, the default one when
 * it answers, else one started here on the default port.
 */
export async function ensureLocalSes(endpoint: string | undefined): Promise<LocalSes> {
  if (endpoint !== undefined) {
    const url = loopbackEndpoint(endpoint);
    return { endpoint: url.origin, startedHere: false, close: async () => {} };
  }
  if (await answers(DEFAULT_SES_ENDPOINT))
    return { endpoint: DEFAULT_SES_ENDPOINT, startedHere: false, close: async () => {} };
  return startLocalSes(Number(new URL(DEFAULT_SES_ENDPOINT).port));
}

export function localSesClient(endpoint: string): SESv2Client {
  // aws-ses-v2-local wants some credentials (any will do) and a region; nothing leaves loopback.
  return new SESv2Client({
    endpoint: loopbackEndpoint(endpoint).origin,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

export interface TestMail {
  readonly from: string;
  readonly to: string;
  readonly email: RenderedEmail;
  readonly unsubscribeUrl: string;
}

export async function sendTestMail(client: SESv2Client, mail: TestMail): Promise<string> {
  const result = await client.send(
    new SendEmailCommand({
      FromEmailAddress: mail.from,
      Destination: { ToAddresses: [mail.to] },
      Content: {
        Simple: {
          Subject: { Data: mail.email.subject, Charset: 'UTF-8' },
          Body: {
            Html: { Data: mail.email.html, Charset: 'UTF-8' },
            Text: { Data: mail.email.text, Charset: 'UTF-8' },
          },
          // The one-click unsubscribe pair (RFC 8058), as every real send carries it.
          Headers: [
            { Name: 'List-Unsubscribe', Value: `<${mail.unsubscribeUrl}>` },
            { Name: 'List-Unsubscribe-Post', Value: 'List-Unsubscribe=One-Click' },
          ],
        },
      },
    }),
  );
  return result.MessageId ?? '(no message id)';
}
