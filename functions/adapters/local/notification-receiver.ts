// A stand-in for Slack's chat.postMessage, a Teams workflow webhook and the CRM record updates
// (HubSpot's company and Salesforce's Account PATCH), on loopback only: it keeps every request it
// receives, in order, so a local run can write them out (notifications.jsonl) and a
// test can read them. A test may make it answer 429 or 500 to exercise the sender's retries.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const SLACK_PATH = '/slack/api/chat.postMessage';
export const TEAMS_PATH = '/teams/workflow';
/** Followed by the company id, as `PATCH /crm/v3/objects/companies/{id}`. */
export const HUBSPOT_PATH = '/hubspot/crm/v3/objects/companies/';
/** Followed by the account id, as `PATCH /services/data/vXX.X/sobjects/Account/{id}`. */
export const SALESFORCE_PATH = '/salesforce/services/data/v60.0/sobjects/Account/';
const RECORD_ID = /^[A-Za-z0-9._:@%-]{1,400}$/;

export type ReceiverDestination = 'slack' | 'teams' | 'hubspot' | 'salesforce';
/** The most a request body may hold; a notification is a few kilobytes. */
const MAX_BODY_BYTES = 256 * 1024;

export interface ReceivedNotification {
  readonly destination: ReceiverDestination;
  /** The CRM record a PATCH was for (HubSpot, Salesforce). */
  readonly recordId?: string;
  /** Whether the request carried an Authorization header (its value is never kept). */
  readonly authorized: boolean;
  readonly body: unknown;
  /** What the receiver answered. */
  readonly status: number;
}

export interface ReceiverAnswer {
  readonly status: number;
  readonly retryAfterSec?: number;
}

export interface NotificationReceiver {
  readonly slackUrl: string;
  readonly teamsUrl: string;
  /** Where the record id is appended. */
  readonly hubspotUrl: string;
  readonly salesforceUrl: string;
  /** Every request so far, answered with an error or not. */
  readonly received: readonly ReceivedNotification[];
  stop(): Promise<void>;
}

export interface ReceiverOptions {
  /** The answer to the `n`th request (from 0) of a destination; default 200. */
  readonly answer?: (destination: ReceiverDestination, n: number) => ReceiverAnswer;
}

async function bodyOf(request: IncomingMessage): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Which stand-in a request is for: POST to Slack or Teams, PATCH of a CRM record with its id. */
function routeOf(
  method: string | undefined,
  url: string | undefined,
): { readonly destination: ReceiverDestination; readonly recordId?: string } | null {
  if (method === 'POST' && url === SLACK_PATH) return { destination: 'slack' };
  if (method === 'POST' && url === TEAMS_PATH) return { destination: 'teams' };
  if (method !== 'PATCH' || url === undefined) return null;
  for (const [destination, prefix] of [
    ['hubspot', HUBSPOT_PATH],
    ['salesforce', SALESFORCE_PATH],
  ] as const) {
    const recordId = url.startsWith(prefix) ? url.slice(prefix.length) : null;
    if (recordId !== null && RECORD_ID.test(recordId)) return { destination, recordId };
  }
  return null;
}

export async function startNotificationReceiver(options: ReceiverOptions = {}): Promise<NotificationReceiver> {
  const received: ReceivedNotification[] = [];
  const counts = { slack: 0, teams: 0, hubspot: 0, salesforce: 0 };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const route = routeOf(request.method, request.url);
    if (route === null) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not a notification endpoint\n');
      return;
    }
    const { destination, recordId } = route;
    const text = await bodyOf(request);
    let body: unknown;
    try {
      body = text === null ? null : JSON.parse(text);
    } catch {
      body = null;
    }
    if (body === null) {
      response.writeHead(400, { 'content-type': 'text/plain' }).end('expected a JSON body of at most 256 KiB\n');
      return;
    }
    const answer = options.answer?.(destination, counts[destination]) ?? { status: 200 };
    counts[destination] += 1;
    received.push({
      destination,
      ...(recordId === undefined ? {} : { recordId }),
      authorized: request.headers.authorization !== undefined,
      body,
      status: answer.status,
    });
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (answer.retryAfterSec !== undefined) headers['retry-after'] = String(answer.retryAfterSec);
    response.writeHead(answer.status, headers).end(JSON.stringify({ ok: answer.status < 400 }));
  }

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500).end();
    });
  });
  // Loopback only: nothing outside this machine can post to it.
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    slackUrl: `${base}${SLACK_PATH}`,
    teamsUrl: `${base}${TEAMS_PATH}`,
    hubspotUrl: `${base}${HUBSPOT_PATH}`,
    salesforceUrl: `${base}${SALESFORCE_PATH}`,
    received,
    async stop() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
