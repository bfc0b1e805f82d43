// A stand-in for Slack's chat.postMessage and a Teams workflow webhook, on loopback only: it keeps
// every request it receives, in order, so a local run can write them out (notifications.jsonl) and a
// test can read them. A test may make it answer 429 or 500 to exercise the sender's retries.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const SLACK_PATH = '/slack/api/chat.postMessage';
export const TEAMS_PATH = '/teams/workflow';
/** The most a request body may hold; a notification is a few kilobytes. */
const MAX_BODY_BYTES = 256 * 1024;

export interface ReceivedNotification {
  readonly destination: 'slack' | 'teams';
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
  /** Every request so far, answered with an error or not. */
  readonly received: readonly ReceivedNotification[];
  stop(): Promise<void>;
}

export interface ReceiverOptions {
  /** The answer to the `n`th request (from 0) of a destination; default 200. */
  readonly answer?: (destination: 'slack' | 'teams', n: number) => ReceiverAnswer;
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

export async function startNotificationReceiver(options: ReceiverOptions = {}): Promise<NotificationReceiver> {
  const received: ReceivedNotification[] = [];
  const counts = { slack: 0, teams: 0 };

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const destination = request.url === SLACK_PATH ? 'slack' : request.url === TEAMS_PATH ? 'teams' : null;
    if (request.method !== 'POST' || destination === null) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not a notification endpoint\n');
      return;
    }
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
    received,
    async stop() {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
