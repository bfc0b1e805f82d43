// The preview's HTTP server, on 127.0.0.1 only: the page, each rendered email, a server-sent event
// stream announcing new builds, and "send test".
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { z } from 'zod';
import { LOCALES } from '../build/build-content.js';
import { formatProblem } from '../build/problems.js';
import { renderEmail } from '../core/email/render.js';
import { pickedSampleInput, sampleEntries, sampleInput } from '../core/email/samples.js';
import { ContactRole, Email, Id, Locale } from '../core/events.js';
import type { RenderedEmail } from '../core/ports.js';
import { TOUCH_KINDS, TouchKind } from '../core/program.js';
import { ensureLocalSes, type LocalSes, localSesClient, sendTestMail } from './preview-mail.js';
import { type PreviewCard, previewPage } from './preview-page.js';
import { type PreviewBuild, watchTemplates } from './preview-watch.js';

/** The picker's query: which email, for whom. */
const SamplePickQuery = z.strictObject({
  kind: TouchKind,
  locale: Locale,
  entry: Id.optional(),
  owner: z.enum(['0', '1']).optional(),
  role: ContactRole.optional(),
});

export interface PreviewOptions {
  readonly templates: string;
  /** 0 picks a free port. */
  readonly port: number;
  /** A local SES endpoint; none means the default one, started here if it does not answer. */
  readonly sesEndpoint?: string;
  readonly from: string;
  readonly defaultTo: string;
}

export interface PreviewServer {
  readonly url: string;
  readonly sesEndpoint: string;
  close(): Promise<void>;
}

interface Rendered {
  readonly version: number;
  readonly cards: PreviewCard[];
  readonly emails: Map<string, { email: RenderedEmail; unsubscribeUrl: string }>;
  readonly problems: string[];
}

/** Renders every kind × locale of a build with sample data; a template's problems take its place. */
function renderBuild(build: PreviewBuild, dir: string): Rendered {
  const emails = new Map<string, { email: RenderedEmail; unsubscribeUrl: string }>();
  const show = (p: Parameters<typeof formatProblem>[0]) => formatProblem(p, dir);
  const report = build.report;
  const problems = build.failure !== null ? [show(build.failure)] : (report?.problems ?? []).map(show);
  const now = new Date().toISOString();
  const cards = TOUCH_KINDS.flatMap((kind) =>
    LOCALES.map((locale): PreviewCard => {
      const key = `${kind}/${locale}`;
      const own = report?.templates[key]?.problems ?? [];
      if (report === null || own.length > 0)
        return { key, ok: false, problems: own.length > 0 ? own.map(show) : problems };
      const content = report.partial;
      if (content === null || content.templates[key] === undefined) {
        const shared = report.sharedProblems.filter((p) => content === null || p.file.endsWith(`${key}.mjml`));
        return { key, ok: false, problems: (shared.length > 0 ? shared : report.problems).map(show) };
      }
      const sample = sampleInput(content, kind, locale, now);
      if (!sample.ok) return { key, ok: false, problems: [`${key}: ${sample.problem}`] };
      try {
        const email = renderEmail(content, sample.input);
        emails.set(key, { email, unsubscribeUrl: sample.input.unsubscribeUrl });
        return { key, ok: true, subject: email.subject, text: email.text, html: email.html };
      } catch (error) {
        return { key, ok: false, problems: [`${key}: ${error instanceof Error ? error.message : String(error)}`] };
      }
    }),
  );
  return { version: build.version, cards, emails, problems };
}

const SendRequest = z.strictObject({ template: z.string().max(64), to: Email });

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 10_000) throw new Error('request too large');
    chunks.push(chunk as Buffer);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function reply(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

export async function startPreview(options: PreviewOptions): Promise<PreviewServer> {
  const dir = resolve(options.templates);
  const ses: LocalSes = await ensureLocalSes(options.sesEndpoint);
  const client = localSesClient(ses.endpoint);
  const templates = await watchTemplates(dir);
  let rendered = renderBuild(templates.current(), dir);
  const streams = new Set<ServerResponse>();
  const announce = (res: ServerResponse) =>
    res.write(`event: build\ndata: ${JSON.stringify({ version: rendered.version })}\n\n`);
  const stopListening = templates.onBuilt((build) => {
    rendered = renderBuild(build, dir);
    for (const res of streams) announce(res);
  });

  let allowedHosts = new Set<string>();
  const server = createServer((req, res) => {
    // Only this machine's names: a web page elsewhere cannot reach the preview by DNS rebinding.
    if (!allowedHosts.has(req.headers.host ?? '')) return reply(res, 403, 'text/plain', 'forbidden host');
    const url = new URL(req.url ?? '/', 'http://preview.invalid');
    const build = templates.current();
    if (req.method === 'GET' && url.pathname === '/') {
      const view = {
        version: rendered.version,
        templatesDir: options.templates,
        builtAt: build.builtAt,
        durationMs: build.durationMs,
        problems: rendered.problems,
        cards: rendered.cards,
        sesEndpoint: ses.endpoint,
        defaultTo: options.defaultTo,
      };
      return reply(res, 200, 'text/html; charset=utf-8', previewPage(view));
    }
    const email = /^\/email\/([a-z-]+)\/([a-z]+)\.html$/.exec(url.pathname);
    if (req.method === 'GET' && email !== null) {
      const found = rendered.emails.get(`${email[1]}/${email[2]}`);
      return found === undefined
        ? reply(res, 404, 'text/plain', 'not rendered')
        : reply(res, 200, 'text/html; charset=utf-8', found.email.html);
    }
    // The picker: an email as one person would get it (?kind=&locale=&entry=&owner=1&role=).
    if (req.method === 'GET' && (url.pathname === '/pick.html' || url.pathname === '/entries.json')) {
      const content = build.report?.partial ?? null;
      // The page's form sends an empty field for "the sample's" entry or role.
      const fields = [...url.searchParams].filter(([, value]) => value !== '');
      const pick = SamplePickQuery.safeParse(Object.fromEntries(fields));
      if (!pick.success || content === null)
        return reply(
          res,
          400,
          'text/plain',
          content === null ? 'no content built' : 'bad pick: kind, locale, role or entry',
        );
      if (url.pathname === '/entries.json')
        return reply(
          res,
          200,
          'application/json',
          JSON.stringify(sampleEntries(content, pick.data.kind, pick.data.locale)),
        );
      const { owner, ...rest } = pick.data;
      const sample = pickedSampleInput(content, { ...rest, csOwner: owner === '1' }, new Date().toISOString());
      if (!sample.ok) return reply(res, 404, 'text/plain', sample.problem);
      try {
        return reply(res, 200, 'text/html; charset=utf-8', renderEmail(content, sample.input).html);
      } catch (error) {
        return reply(res, 422, 'text/plain', error instanceof Error ? error.message : String(error));
      }
    }
    if (req.method === 'GET' && url.pathname === '/state.json') {
      return reply(
        res,
        200,
        'application/json',
        JSON.stringify({ version: rendered.version, problems: rendered.problems }),
      );
    }
    if (req.method === 'GET' && url.pathname === '/events') {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      streams.add(res);
      announce(res);
      req.on('close', () => streams.delete(res));
      return;
    }
    if (req.method === 'POST' && url.pathname === '/send') {
      if (!(req.headers['content-type'] ?? '').startsWith('application/json'))
        return reply(res, 415, 'application/json', '{"error":"send JSON"}');
      void handleSend(req, res);
      return;
    }
    reply(res, 404, 'text/plain', 'not found');
  });

  const handleSend = async (req: IncomingMessage, res: ServerResponse) => {
    const fail = (status: number, error: string) => reply(res, status, 'application/json', JSON.stringify({ error }));
    let body: unknown;
    try {
      body = await readJson(req);
    } catch {
      return fail(400, 'the request is not JSON');
    }
    const parsed = SendRequest.safeParse(body);
    if (!parsed.success) return fail(400, `expected { template, to } with an email address in "to"`);
    const found = rendered.emails.get(parsed.data.template);
    if (found === undefined) return fail(409, `${parsed.data.template} does not build right now; fix it first`);
    try {
      const messageId = await sendTestMail(client, {
        from: options.from,
        to: parsed.data.to,
        email: found.email,
        unsubscribeUrl: found.unsubscribeUrl,
      });
      reply(
        res,
        200,
        'application/json',
        JSON.stringify({ messageId, to: parsed.data.to, readAt: `${ses.endpoint}/` }),
      );
    } catch (error) {
      fail(
        502,
        `the local SES at ${ses.endpoint} did not take it (${error instanceof Error ? error.name : 'error'}); is it running?`,
      );
    }
  };

  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const heartbeat = setInterval(() => {
    for (const res of streams) res.write(': keep-alive\n\n');
  }, 15_000);

  return {
    url: `http://127.0.0.1:${port}/`,
    sesEndpoint: ses.endpoint,
    close: async () => {
      clearInterval(heartbeat);
      stopListening();
      for (const res of streams) res.end();
      streams.clear();
      const closed = new Promise<void>((done) => server.close(() => done()));
      server.closeAllConnections();
      await closed;
      await templates.close();
      client.destroy();
      await ses.close();
    },
  };
}
