// No event field can add markup, a header or a recipient. Hostile names and addresses go in through
// the real ingest; every kind of touch is rendered with the shipped templates by the real sender and
// handed to the real SES mailer on a mocked client; what would reach SES is checked.
import { SESv2Client, SendEmailCommand, type SendEmailCommandInput } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createRenderer } from '../../functions/adapters/content-file.js';
import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { MemorySignalPublisher } from '../../functions/adapters/memory/signal-publisher.js';
import { MemoryTouchLedger } from '../../functions/adapters/memory/touch-ledger.js';
import { createSesMailer } from '../../functions/adapters/ses-mailer.js';
import { createSurveyTokens } from '../../functions/adapters/survey-token.js';
import { createUnsubscribeTokens } from '../../functions/adapters/unsubscribe-token.js';
import type { PlannedTouch } from '../../functions/core/decisions.js';
import type { Content } from '../../functions/core/email/content.js';
import { escapeHtml } from '../../functions/core/email/escape.js';
import { sampleInputs } from '../../functions/core/email/samples.js';
import type { AccountState } from '../../functions/core/state.js';
import { createIngestHandler } from '../../functions/handlers/ingest.js';
import { createSenderHandler } from '../../functions/handlers/sender.js';
import { defaultProgram } from '../fixtures/builders.js';
import { recordingLogger, sqsEvent } from '../handlers/helpers.js';
import { shippedContent } from '../reliability/content.js';
import { goodEvents, legalNameArb, SOURCE } from './bad-events.js';

const FROM = 'cs@example.com';
const UNSUBSCRIBE_BASE = 'https://unsubscribe.example.com/';
const NOW = '2026-03-02T01:00:00.000Z';
const tokens = createUnsubscribeTokens(async () => 'injection-test-secret-0123456789abcdef');
const ses = mockClient(SESv2Client);
let content: Content;

beforeAll(async () => {
  content = await shippedContent();
});
beforeEach(() => {
  ses.reset();
  ses.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });
});

/** Markup made to break out of text, of an attribute, of a comment, of a template slot. */
const hostileNameArb = fc.oneof(
  legalNameArb,
  fc.constantFrom(
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    '</td></tr></table><a href="https://evil.example">click</a>',
    '<!--',
    ']]>',
    '{{ unsubscribeUrl }}',
    '&lt;b&gt;',
    'javascript:alert(1)',
  ),
  fc.tuple(legalNameArb, fc.constantFrom('<', '>', '"', "'", '&', '</p>', '<br>')).map(([a, b]) => `${a}${b}${a}`),
);

/** The document's shape: tags and attribute names in order, with the text and attribute values left out. */
function shapeOf(html: string): string[] {
  const shape: string[] = [];
  for (const [, tag, attrs] of html.matchAll(
    /<(\/?[A-Za-z][\w:-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?)*)\s*\/?>/g,
  )) {
    const names = [...(attrs ?? '').matchAll(/\s+([^\s=>/]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>"']+))?/g)].map(
      ([, name]) => name,
    );
    shape.push([tag, ...names].join(' '));
  }
  return shape;
}

/** Every touch kind in both locales, for contact c-1 of acc-1. */
function touchesFor(): PlannedTouch[] {
  return sampleInputs(content, NOW).flatMap((s) =>
    s.ok
      ? [
          {
            ...s.input.touch,
            accountId: 'acc-1',
            contactId: 'c-1',
            touchId: `${s.input.touch.kind}.${s.input.touch.locale}0000000000000000000000000000`,
          },
        ]
      : [],
  );
}

async function sendAll(accountName: string, contactName: string, email: string, state?: AccountState) {
  ses.resetHistory();
  const store = new MemoryAccountStore();
  const logger = recordingLogger();
  if (state !== undefined) await store.save(state);
  else {
    const events = goodEvents('acc-1', accountName, contactName, 1).map((e) =>
      e['detail-type'] === 'Contact Upserted' ? { ...e, detail: { ...e.detail, email } } : e,
    );
    const ingest = createIngestHandler({
      store,
      publisher: new MemorySignalPublisher(),
      program: defaultProgram(),
      eventSource: SOURCE,
      logger,
    });
    const { batchItemFailures } = await ingest(sqsEvent(events));
    if (batchItemFailures.length > 0) return { accepted: false as const, calls: [] as SendEmailCommandInput[] };
  }
  const sender = createSenderHandler({
    store,
    ledger: new MemoryTouchLedger(),
    mailer: createSesMailer(new SESv2Client({ region: 'us-east-1' }), {
      configurationSetName: 'teichaku',
      limiter: { take: async () => undefined },
    }),
    publisher: new MemorySignalPublisher(),
    renderer: createRenderer(content),
    tokens,
    surveyTokens: createSurveyTokens(async () => 'injection-test-secret-0123456789abcdef'),
    fromFor: () => FROM,
    unsubscribeBaseUrl: UNSUBSCRIBE_BASE,
    clock: () => NOW,
    logger,
  });
  await sender(sqsEvent(touchesFor().map((t) => JSON.stringify(t))));
  return { accepted: true as const, calls: ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input) };
}

const LINE_BREAK = /[\r\n\u0085\u2028\u2029]/;

describe('no event field can inject markup, a header or a recipient', () => {
  let benign: Map<string, string[]>;
  beforeAll(async () => {
    const { calls } = await sendAll('Acme Trading', 'Mio Ito', 'mio@customer.example.jp');
    benign = new Map(
      calls.map((c) => [
        c.EmailTags?.find((t) => t.Name === 'touch')?.Value ?? '',
        shapeOf(c.Content?.Simple?.Body?.Html?.Data ?? ''),
      ]),
    );
  });

  it('renders hostile account and contact names as text in every template, subject and header intact (300 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(hostileNameArb, hostileNameArb, async (accountName, contactName) => {
        const { calls } = await sendAll(accountName, contactName, 'mio@customer.example.jp');
        expect(calls).toHaveLength(touchesFor().length);
        for (const input of calls) {
          const simple = input.Content?.Simple;
          const html = simple?.Body?.Html?.Data ?? '';
          const touchId = input.EmailTags?.find((t) => t.Name === 'touch')?.Value ?? '';
          expect(input.Destination).toEqual({ ToAddresses: ['mio@customer.example.jp'] });
          expect(input.FromEmailAddress).toBe(FROM);
          expect(input.ReplyToAddresses).toBeUndefined();
          expect(simple?.Subject?.Data).not.toMatch(LINE_BREAK);
          expect(simple?.Headers?.map((h) => h.Name)).toEqual(['List-Unsubscribe', 'List-Unsubscribe-Post']);
          for (const header of simple?.Headers ?? []) expect(header.Value).not.toMatch(LINE_BREAK);
          expect(shapeOf(html)).toEqual(benign.get(touchId));
          expect(html).toContain(`${escapeHtml(contactName.trim()).slice(0, 20)}`);
        }
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('lets through only addresses that make exactly one plain recipient (500 runs)', async () => {
    const plainEmailArb = fc
      .tuple(
        fc.stringMatching(/^[a-z0-9]([a-z0-9._+-]{0,20}[a-z0-9])?$/),
        fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?$/),
        fc.constantFrom('jp', 'com', 'co.jp'),
      )
      .map(([local, domain, tld]) => `${local}@${domain}.${tld}`);
    const hostileEmailArb = fc.oneof(
      plainEmailArb,
      fc.emailAddress(),
      fc.constantFrom(
        'a@example.com, b@example.org',
        'a@example.com;b@example.org',
        'a@example.com\r\nBcc: b@example.org',
        'a@example.com\nCc: b@example.org',
        '"Eve" <eve@example.org>',
        'a@example.com>, <b@example.org',
        'a@example.com b@example.org',
        'a@example.com%0d%0aBcc:b@example.org',
        'a@example.com\u2028Bcc: b@example.org',
      ),
    );
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(hostileEmailArb, async (email) => {
        const { accepted, calls } = await sendAll('Acme', 'Mio', email);
        if (!accepted) return;
        sent++;
        expect(email).not.toMatch(/[\s,;<>"\r\n]/);
        for (const input of calls) expect(input.Destination).toEqual({ ToAddresses: [email] });
      }),
      { numRuns: 500 },
    );
    expect(sent).toBeGreaterThan(100);
  }, 120_000);

  it('keeps subject and headers to one line even for a name with line breaks that reached the store', async () => {
    const { calls: clean } = await sendAll('Acme', 'Mio', 'mio@customer.example.jp');
    const state = (await (async () => {
      const store = new MemoryAccountStore();
      const ingest = createIngestHandler({
        store,
        publisher: new MemorySignalPublisher(),
        program: defaultProgram(),
        eventSource: SOURCE,
        logger: recordingLogger(),
      });
      await ingest(sqsEvent(goodEvents('acc-1', 'Acme', 'Mio', 1)));
      return store.load('acc-1');
    })()) as AccountState;
    const smuggled: AccountState = {
      ...state,
      version: 0,
      profile: state.profile === null ? null : { ...state.profile, name: 'Acme\r\nBcc: victim@example.org' },
      contacts: {
        ...state.contacts,
        'c-1': {
          ...(state.contacts['c-1'] as AccountState['contacts'][string]),
          name: 'Mio\r\nBcc: victim@example.org\r\n\r\n<script>',
        },
      },
    };
    const { calls } = await sendAll('', '', '', smuggled);
    expect(calls).toHaveLength(clean.length);
    for (const input of calls) {
      expect(input.Content?.Simple?.Subject?.Data).not.toMatch(LINE_BREAK);
      expect(input.Destination).toEqual({ ToAddresses: [state.contacts['c-1']?.email] });
      expect(JSON.stringify(input.Content?.Simple?.Headers)).not.toContain('victim');
      expect(input.Content?.Simple?.Body?.Html?.Data).not.toContain('<script>');
    }
  });
});
