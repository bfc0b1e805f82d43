import { GetAccountCommand, PutConfigurationSetSendingOptionsCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemoryAccountStore } from '../../functions/adapters/memory/account-store.js';
import { MemorySendingGuard } from '../../functions/adapters/memory/sending-guard.js';
import { createConfigurationSetSwitch } from '../../functions/adapters/ses-configuration-set.js';
import { createSesSendQuota, QuotaUnreadableError } from '../../functions/adapters/ses-send-quota.js';
import { createSqsSendDeferrer } from '../../functions/adapters/sqs-send-deferrer.js';
import { createSendGate } from '../../functions/app/send-gate.js';
import { createStoreTopicOptOutRecorder } from '../../functions/app/topic-opt-out.js';
import {
  createSenderAddresses,
  isKnownIdentity,
  UnknownSenderIdentityError,
} from '../../functions/core/sender-address.js';
import { pauseSending } from '../../functions/core/sending-guard.js';
import { anAccount, aPlannedTouch } from '../fixtures/builders.js';

const ses = mockClient(SESv2Client);
const sqs = mockClient(SQSClient);
beforeEach(() => {
  ses.reset();
  sqs.reset();
});

const touch = aPlannedTouch();

describe('SES quota, configuration set switch and the deferring queue', () => {
  it('reads the 24-hour quota, the maximum rate and the sends of the last 24 hours from GetAccount', async () => {
    ses.on(GetAccountCommand).resolves({ SendQuota: { Max24HourSend: 200, MaxSendRate: 1, SentLast24Hours: 12 } });
    expect(await createSesSendQuota(new SESv2Client({ region: 'ap-northeast-1' })).read()).toEqual({
      max24HourSend: 200,
      maxSendRate: 1,
      sentLast24Hours: 12,
    });
    ses.on(GetAccountCommand).resolves({});
    await expect(createSesSendQuota(new SESv2Client({ region: 'ap-northeast-1' })).read()).rejects.toBeInstanceOf(
      QuotaUnreadableError,
    );
  });

  it('turns the configuration set off by name', async () => {
    ses.on(PutConfigurationSetSendingOptionsCommand).resolves({});
    await createConfigurationSetSwitch(new SESv2Client({ region: 'ap-northeast-1' }), 'teichaku-set').setSendingEnabled(
      false,
    );
    expect(ses.commandCalls(PutConfigurationSetSendingOptionsCommand)[0]?.args[0].input).toEqual({
      ConfigurationSetName: 'teichaku-set',
      SendingEnabled: false,
    });
  });

  it('puts a deferred job back on the queue as it was, delayed at most the 15 minutes SQS allows', async () => {
    sqs.on(SendMessageCommand).resolves({});
    const deferrer = createSqsSendDeferrer(new SQSClient({ region: 'ap-northeast-1' }), {
      queueUrl: 'https://sqs.example/q',
    });
    await deferrer.defer(touch, 4000);
    await deferrer.defer(touch, 12.2);
    const [long, short] = sqs.commandCalls(SendMessageCommand).map((c) => c.args[0].input);
    expect(long).toMatchObject({ QueueUrl: 'https://sqs.example/q', DelaySeconds: 900 });
    expect(JSON.parse(long?.MessageBody ?? '')).toEqual(touch);
    expect(short?.DelaySeconds).toBe(13);
  });
});

describe('sender addresses', () => {
  const addresses = createSenderAddresses({
    addressFor: (locale) => (locale === 'ja' ? 'success@mail.example.jp' : 'success@mail.example.com'),
    nameFor: (locale) => (locale === 'ja' ? 'サンプル CS' : 'Sample CS'),
    identities: ['mail.example.jp', 'success@mail.example.com'],
  });

  it('sends from the program sender of the locale by default', () => {
    expect(addresses('en')).toEqual({ from: '"Sample CS" <success@mail.example.com>' });
    expect(addresses('ja').from).toMatch(/^=\?UTF-8\?B\?.+\?= <success@mail\.example\.jp>$/);
  });

  it('sends in the CS owner’s name from their mailbox name at the verified domain, with replies to the owner', () => {
    const sent = addresses('ja', { name: 'Taro Yamada', email: 'taro.yamada@vendor.example.com' });
    expect(sent).toEqual({
      from: '"Taro Yamada" <taro.yamada@mail.example.jp>',
      replyTo: 'taro.yamada@vendor.example.com',
    });
  });

  it('keeps the program address when only that address, not its domain, is verified', () => {
    expect(addresses('en', { name: 'Ann', email: 'ann@vendor.example.com' })).toEqual({
      from: '"Ann" <success@mail.example.com>',
      replyTo: 'ann@vendor.example.com',
    });
  });

  it('refuses a From address on no identity it knows, naming the locale and not the address', () => {
    const stray = createSenderAddresses({
      addressFor: () => 'x@elsewhere.example.org',
      nameFor: () => 'X',
      identities: ['mail.example.jp'],
    });
    expect(() => stray('en')).toThrow(UnknownSenderIdentityError);
    expect(() => stray('en')).toThrow(/locale en/);
    expect(() => stray('en')).not.toThrow(/elsewhere/);
    expect(isKnownIdentity('A@Mail.Example.JP', ['mail.example.jp'])).toBe(true);
  });
});

describe('topic opt-out recorder', () => {
  it('records the first opt-out of promotional email and keeps the contact reachable', async () => {
    const store = new MemoryAccountStore();
    await store.save(anAccount('acc-1').withProfile().withContact('c-1').state());
    const recorder = createStoreTopicOptOutRecorder(store);
    await recorder.optOut('acc-1', 'c-1', 'promotional', '2026-03-01T00:00:00.000Z');
    await recorder.optOut('acc-1', 'c-1', 'promotional', '2026-03-05T00:00:00.000Z');
    const contact = (await store.load('acc-1'))?.contacts['c-1'];
    expect(contact?.topicOptOuts).toEqual({ promotional: '2026-03-01T00:00:00.000Z' });
    expect(contact?.suppressed).toBeNull();
  });
});

describe('send gate', () => {
  const NOW = '2026-03-10T03:00:00.000Z';
  const quota = (sent: number) => ({
    read: async () => ({ max24HourSend: 200, maxSendRate: 1, sentLast24Hours: sent }),
  });

  it('holds every job while sending is paused, for the longest delay SQS allows', async () => {
    const guard = new MemorySendingGuard();
    const gate = createSendGate({ guard, quota: null, senders: 2, warmUp: [], ratePerSecond: 5 });
    expect(await gate.check(NOW)).toEqual({ kind: 'send' });
    await guard.update((s) =>
      pauseSending(s, { pausedAt: NOW, cause: { kind: 'ses-refused', sesError: 'SendingPausedException' } }),
    );
    expect(await gate.check(NOW)).toEqual({ kind: 'wait', reason: 'paused', delaySec: 900 });
  });

  it('reads the quota at the first job and again after the refresh interval, counting its own sends between', async () => {
    let reads = 0;
    let sentAtSes = 190;
    const gate = createSendGate({
      guard: new MemorySendingGuard(),
      quota: { read: async () => (reads++, quota(sentAtSes).read()) },
      senders: 1,
      warmUp: [],
      ratePerSecond: 5,
      refreshSec: 300,
    });
    for (let i = 0; i < 10; i++) {
      expect((await gate.check(NOW)).kind).toBe('send');
      gate.sent();
    }
    expect(await gate.check(NOW)).toMatchObject({ kind: 'wait', reason: 'quota' });
    expect(reads).toBe(1);
    sentAtSes = 150;
    expect((await gate.check('2026-03-10T03:05:00.000Z')).kind).toBe('send');
    expect(reads).toBe(2);
    // Never faster than SES's maximum rate.
    expect(gate.ratePerSecond()).toBe(1);
  });

  it('holds a new domain to its warm-up cap, counting this deployment’s own sends from the guard', async () => {
    const guard = new MemorySendingGuard();
    for (let i = 0; i < 4; i++) await guard.countOutcome('acc-1', `t-${i}`, 'send', '2026-03-10T01:00:00.000Z');
    await guard.noteFirstSend('2026-03-10T01:00:00.000Z');
    const gate = createSendGate({ guard, quota: quota(0), senders: 1, warmUp: [5, 50], ratePerSecond: 5 });
    expect((await gate.check(NOW)).kind).toBe('send');
    gate.sent();
    expect(await gate.check(NOW)).toMatchObject({ kind: 'wait', reason: 'warm-up' });
    // The next day of the schedule allows more.
    expect(
      (
        await createSendGate({ guard, quota: quota(0), senders: 1, warmUp: [5, 50], ratePerSecond: 5 }).check(
          '2026-03-11T02:00:00.000Z',
        )
      ).kind,
    ).toBe('send');
  });

  it('records a pause when SES refuses to send, once', async () => {
    const guard = new MemorySendingGuard();
    const gate = createSendGate({ guard, quota: null, senders: 1, warmUp: [], ratePerSecond: 5 });
    expect(await gate.sesRefused('SendingPausedException', NOW)).toMatchObject({
      pausedAt: NOW,
      cause: { kind: 'ses-refused' },
    });
    expect(await gate.sesRefused('SendingPausedException', '2026-03-10T04:00:00.000Z')).toBeNull();
    expect((await guard.load()).status).toBe('paused');
  });
});
