// What one unsubscribe leaves behind: one change of the contact's state and one compliance entry,
// whatever is POSTed again; and the channel the form says (one-click only for the RFC 8058 body).
import { describe, expect, it } from 'vitest';
import { MemoryComplianceLog } from '../../functions/adapters/memory/compliance-log.js';
import { createUnsubscribe } from '../../functions/app/unsubscribe.js';
import type { ComplianceEntry } from '../../functions/core/compliance-record.js';
import { suppressContact } from '../../functions/core/contact-suppression.js';
import type { ComplianceLog } from '../../functions/core/ports.js';
import { unsubscribeWorld } from './worlds.js';

const T1 = '2026-02-02T00:00:00.000Z';
const T2 = '2026-02-02T00:00:05.000Z';
const T3 = '2026-02-03T09:00:00.000Z';
const ONE_CLICK = 'List-Unsubscribe=One-Click';
const PAGE_ALL = 'via=page';
const PAGE_TOPIC = 'scope=promotional&via=page';
const PAGE_SURVEY = 'scope=survey&via=page';

async function world(options: { compliance?: ComplianceLog } = {}) {
  const w = await unsubscribeWorld({ ...options, now: T1 });
  const unsubscribe = createUnsubscribe(w.deps);
  const post = (body: string | undefined, at: string) => {
    w.setNow(at);
    return unsubscribe({ method: 'POST', token: w.token, form: new URLSearchParams(body ?? '') });
  };
  return { ...w, post };
}

const optOut = (at: string, scope: 'all' | 'promotional' | 'survey', channel: string) => ({
  kind: 'opt-out',
  accountId: 'acc-1',
  contactId: 'c-1',
  at,
  scope,
  channel,
  expiresAt: null,
});

describe('a repeated unsubscribe', () => {
  it('writes nothing new: not the state, not the record, whether repeated by one-click or by the page', async () => {
    const { store, log, post } = await world();
    expect((await post(ONE_CLICK, T1)).status).toBe(200);
    const stored = JSON.stringify(store.all());
    for (const [body, at] of [
      [ONE_CLICK, T2],
      [PAGE_ALL, T3],
      [undefined, T3],
    ] as const) {
      const again = await post(body, at);
      expect(again.status).toBe(200);
      expect(again.html).toContain('配信を停止しました');
    }
    expect(JSON.stringify(store.all())).toBe(stored);
    expect(await log.list('acc-1')).toEqual([optOut(T1, 'all', 'one-click')]);
  });

  it('writes a topic choice once, and a later stop-all once more', async () => {
    const { log, post, contact } = await world();
    await post(PAGE_TOPIC, T1);
    await post(PAGE_TOPIC, T2);
    expect((await contact())?.topicOptOuts).toEqual({ promotional: T1 });
    await post(PAGE_ALL, T3);
    await post(ONE_CLICK, T3);
    expect(await log.list('acc-1')).toEqual([
      optOut(T1, 'promotional', 'unsubscribe-page'),
      optOut(T3, 'all', 'unsubscribe-page'),
    ]);
  });

  it('writes the survey choice once, apart from the promotional one, and a later stop-all once more', async () => {
    const { log, post, contact } = await world();
    const first = await post(PAGE_SURVEY, T1);
    expect(first.html).toContain('アンケートを停止しました');
    await post(PAGE_SURVEY, T2);
    await post(PAGE_TOPIC, T2);
    expect((await contact())?.topicOptOuts).toEqual({ survey: T1, promotional: T2 });
    expect((await contact())?.suppressed).toBeNull();
    await post(PAGE_ALL, T3);
    await post(PAGE_SURVEY, T3);
    expect(await log.list('acc-1')).toEqual([
      optOut(T1, 'survey', 'unsubscribe-page'),
      optOut(T2, 'promotional', 'unsubscribe-page'),
      optOut(T3, 'all', 'unsubscribe-page'),
    ]);
  });

  it('records a new choice after a resubscribe', async () => {
    const { store, log, post } = await world();
    await post(ONE_CLICK, T1);
    // No event resubscribes a contact yet; whatever does will clear the suppression like this.
    const state = (await store.load('acc-1'))!;
    await store.save({
      ...state,
      contacts: { ...state.contacts, 'c-1': { ...state.contacts['c-1']!, suppressed: null } },
    });
    await post(PAGE_ALL, T3);
    expect(await log.list('acc-1')).toEqual([optOut(T1, 'all', 'one-click'), optOut(T3, 'all', 'unsubscribe-page')]);
  });

  it('puts back the entry a failed write lost, with the time the opt-out took effect', async () => {
    const log = new MemoryComplianceLog();
    let failing = true;
    const flaky: ComplianceLog = {
      append: async (entries: readonly ComplianceEntry[]) =>
        failing ? Promise.reject(new Error('throttled')) : log.append(entries),
      list: (accountId) => log.list(accountId),
      retain: (accountId, contactId, until) => log.retain(accountId, contactId, until),
    };
    const { post, contact } = await world({ compliance: flaky });
    await expect(post(ONE_CLICK, T1)).rejects.toThrow('throttled');
    expect((await contact())?.suppressed).toEqual({ reason: 'unsubscribed', at: T1 });
    failing = false;
    await post(ONE_CLICK, T2);
    await post(ONE_CLICK, T3);
    expect(await log.list('acc-1')).toEqual([optOut(T1, 'all', 'one-click')]);
  });

  it('records once the opt-out of a contact a bounce suppressed, keeping the bounce as the reason', async () => {
    const { store, log, post, contact } = await world();
    await store.save(suppressContact((await store.load('acc-1'))!, 'c-1', 'bounced', '2026-02-01T00:00:00.000Z')!);
    await post(ONE_CLICK, T1);
    await post(ONE_CLICK, T2);
    expect(await log.list('acc-1')).toEqual([optOut(T1, 'all', 'one-click')]);
    expect((await contact())?.suppressed?.reason).toBe('bounced');
  });

  it('adds nothing for a contact whose complaint is on the record already', async () => {
    const { store, log, post } = await world();
    const at = '2026-02-01T00:00:00.000Z';
    await store.save(suppressContact((await store.load('acc-1'))!, 'c-1', 'complained', at)!);
    await log.append([
      { kind: 'opt-out', accountId: 'acc-1', contactId: 'c-1', at, scope: 'all', channel: 'complaint' },
    ]);
    await post(ONE_CLICK, T1);
    expect(await log.list('acc-1')).toEqual([optOut(at, 'all', 'complaint')]);
  });

  it('records one entry when two clicks arrive together', async () => {
    const { log, post, contact } = await world();
    await Promise.all([post(PAGE_ALL, T1), post(PAGE_ALL, T2)]);
    const entries = await log.list('acc-1');
    expect(entries).toHaveLength(1);
    expect(entries[0]?.at).toBe((await contact())?.suppressed?.at);
  });
});

describe('the channel of an opt-out', () => {
  it.each([
    ['the RFC 8058 one-click body', ONE_CLICK, 'one-click'],
    ['the RFC 8058 body among other fields', `${ONE_CLICK}&extra=1`, 'one-click'],
    ['the page’s stop-all form', PAGE_ALL, 'unsubscribe-page'],
    ['the stop-all form of an earlier release’s page', `${ONE_CLICK}&via=page`, 'unsubscribe-page'],
    ['an empty body', '', 'unsubscribe-page'],
    ['no body', undefined, 'unsubscribe-page'],
    ['another value of the header field', 'List-Unsubscribe=one-click', 'unsubscribe-page'],
  ])('is what the body says: %s', async (_name, body, channel) => {
    const { log, post } = await world();
    await post(body, T1);
    expect((await log.list('acc-1')).map((e) => e.channel)).toEqual([channel]);
  });
});
