// The notifications in the CS team's language: every notified signal in Japanese and in English, the
// setting that chooses, and Slack's escaping whatever the language.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { japaneseAmount, japaneseDate, NOTIFICATION_LOCALES } from '../../functions/core/notification-words.js';
import { NotificationSettings, notificationOf, type SignalAccount } from '../../functions/core/notifications.js';
import { GuardrailThresholds } from '../../functions/core/sending-rates.js';
import type { Signal } from '../../functions/core/signals.js';
import { programWith } from '../fixtures/builders.js';

const AT = '2026-12-07T01:00:00.000Z';
const account: SignalAccount = {
  name: '株式会社クモ物流 <東京> & Co',
  csOwner: { name: '佐藤 愛子', email: 'aiko@example.com' },
  crmId: '9876543210',
  program: 'small-business-ja',
  group: 'treatment',
  phase: 'retention',
  healthScore: 38,
};
const settingsIn = (locale: 'ja' | 'en') =>
  NotificationSettings.parse({
    csOwnerSlackIds: { 'aiko@example.com': 'U0AIKO0001' },
    crmRecordUrl: 'https://app.hubspot.com/contacts/4242/record/0-2/{crmId}',
    notificationLocale: locale,
  });
const ja = settingsIn('ja');
const en = settingsIn('en');

const atRisk: Signal = { type: 'Account At Risk', accountId: 'acc-1', at: AT, score: 38, reasons: ['usage-drop'] };
const renewal: Signal = {
  type: 'Renewal Approaching',
  accountId: 'acc-1',
  at: AT,
  renewalDate: '2027-02-05',
  daysToRenewal: 60,
  termStartedAt: '2026-02-05T00:00:00.000Z',
  score: 41,
  atRisk: true,
  activePeople: 4,
  milestonesReached: 5,
  arr: 1_200_000,
  currency: 'JPY',
};
const paused = (cause: Extract<Signal, { type: 'Sending Paused' }>['pause']['cause']): Signal => ({
  type: 'Sending Paused',
  accountId: '',
  at: AT,
  pause: { pausedAt: AT, cause },
});
const rates = paused({
  kind: 'rates',
  breach: { metric: 'complaint', window: 'sends', rate: 0.0042, threshold: 0.003, sends: 2400, count: 10 },
  windows: [],
  thresholds: GuardrailThresholds.parse({ lastSends: 2400 }),
});

describe('notifications in Japanese', () => {
  it.each<[string, Signal, string, readonly string[]]>([
    ['at risk, for each reason', atRisk, '【解約リスク】', ['利用が直前の30日間より落ちています。']],
    [
      'at risk, both reasons',
      { ...atRisk, reasons: ['usage-drop', 'low-health'] } as Signal,
      '【解約リスク】',
      ['利用が直前の30日間より落ちています。ヘルススコアがプログラムのしきい値を下回っています。'],
    ],
    [
      'a last owner who left',
      { type: 'Key Contact Changed', accountId: 'acc-1', at: AT, change: 'last-owner-left', contactId: 'c-1' },
      '【キーパーソンの交代】',
      ['オーナーがいなくなりました'],
    ],
    [
      'a new owner',
      { type: 'Key Contact Changed', accountId: 'acc-1', at: AT, change: 'owner-added', contactId: 'c-2' },
      '【キーパーソンの交代】',
      ['新しいオーナー', '再オンボーディング'],
    ],
    [
      'expansion-ready',
      { type: 'Phase Changed', accountId: 'acc-1', at: AT, from: 'adoption', to: 'expansion-ready' },
      '【利用拡大のチャンス】',
      ['定着期から'],
    ],
    [
      'renewal approaching',
      renewal,
      '【契約更新が近づいています】',
      ['2027年2月5日', 'あと60日', '¥1,200,000', '4人', '5件', '解約リスク'],
    ],
    [
      'a detractor with a comment',
      {
        type: 'Detractor',
        accountId: 'acc-1',
        at: AT,
        contactId: 'c-1',
        survey: 'nps',
        score: 3,
        channel: 'email',
        comment: '画面が重い',
      },
      '【低評価の回答】',
      ['NPSアンケートに3点', 'コメント：「画面が重い」', 'プロモーションメールは止めています'],
    ],
    [
      'a detractor without a comment',
      { type: 'Detractor', accountId: 'acc-1', at: AT, contactId: 'c-1', survey: 'csat', score: 1, channel: 'email' },
      '【低評価の回答】',
      ['CSATアンケートに1点', 'コメントはありません。'],
    ],
    [
      'a support surge',
      { type: 'Support Surge', accountId: 'acc-1', at: AT, lastWeek: 6, weeklyMean: 1.25 },
      '【問い合わせの急増】',
      ['直近7日間', '6件', '週平均1.3件'],
    ],
    [
      'a recovery',
      { type: 'Account Recovered', accountId: 'acc-1', at: AT, score: 70, atRiskSince: '2026-07-01T00:00:00.000Z' },
      '【ヘルスの回復】',
      ['2026年7月1日', 'ヘルススコアが70に戻り'],
    ],
  ])('words %s, with the account, health, owner mention and CRM link', (_, signal, heading, words) => {
    const n = notificationOf(signal, account, ja);
    expect(n?.title).toBe(`${heading}株式会社クモ物流 <東京> & Co`);
    for (const word of words) expect(n?.reason).toContain(word);
    expect(n?.facts).toEqual([
      { label: 'アカウントID', value: 'acc-1' },
      { label: 'ヘルススコア', value: '38/100' },
      { label: 'フェーズ', value: '継続期' },
      { label: 'プログラム', value: 'small-business-ja' },
      { label: 'CS担当', value: '佐藤 愛子' },
    ]);
    expect(n?.text).toContain('<@U0AIKO0001>');
    expect(n?.text).toContain('<https://app.hubspot.com/contacts/4242/record/0-2/9876543210|CRMで開く>');
    expect(n?.slackBlocks.at(-1)).toEqual({
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: '<https://app.hubspot.com/contacts/4242/record/0-2/9876543210|CRMでアカウントを開く>' },
      ],
    });
    expect(n?.teams.attachments[0].content.actions).toEqual([
      {
        type: 'Action.OpenUrl',
        title: 'CRMで開く',
        url: 'https://app.hubspot.com/contacts/4242/record/0-2/9876543210',
      },
    ]);
    expect(n?.teams.attachments[0].content.body[1]).toMatchObject({ text: n?.reason });
  });

  it('tells of a pause for all accounts with the rate, the threshold and the count', () => {
    const n = notificationOf(rates, null, ja);
    expect(n?.title).toBe('【自動メールの送信停止】全アカウント');
    expect(n?.reason).toBe(
      '自動メールの送信を止めました。直近2400通の苦情率が0.42%になりました（しきい値0.30%、2400通中10通）。送信の再開には担当者の操作が必要です。',
    );
    expect(n?.facts).toEqual([]);
  });

  it.each<[string, Signal, string, string]>([
    [
      'an SES alarm',
      paused({
        kind: 'ses-alarm',
        alarm: 'teichaku-bounce',
        metric: 'Reputation.BounceRate',
        value: 0.06,
        threshold: 0.05,
      }),
      'SESの送信評価アラーム teichaku-bounce が Reputation.BounceRate で発報しました。',
      'the SES reputation alarm teichaku-bounce fired on Reputation.BounceRate',
    ],
    [
      'a refusal by SES',
      paused({ kind: 'ses-refused', sesError: 'AccountSendingPausedException' }),
      'SESが送信を拒否しました（AccountSendingPausedException）。',
      'SES refused to send (AccountSendingPausedException)',
    ],
  ])('words a pause on %s in both languages', (_, signal, japanese, english) => {
    expect(notificationOf(signal, null, ja)?.reason).toContain(japanese);
    expect(notificationOf(signal, null, en)?.reason).toContain(english);
  });

  it('says the health is not assessed yet, and falls back to the account id without a profile', () => {
    const n = notificationOf(atRisk, { ...account, name: null, healthScore: null }, ja);
    expect(n?.title).toBe('【解約リスク】acc-1');
    expect(n?.facts).toContainEqual({ label: 'ヘルススコア', value: '未評価' });
  });

  it('keeps the English words when the setting says en or nothing', () => {
    const n = notificationOf(renewal, account, en);
    expect(n?.title).toBe('Renewal approaching: 株式会社クモ物流 <東京> & Co');
    expect(n?.reason).toBe(
      'The contract renews on 2027-02-05 (in 60 days), worth 1200000 JPY a year; 4 people active in the last 30 days, 5 milestones reached; the account is at risk.',
    );
    expect(n?.facts).toContainEqual({ label: 'Phase', value: 'retention' });
    const { notificationLocale: _, ...unset } = en;
    expect(notificationOf(renewal, account, unset)).toEqual(n);
  });

  it('says no notification for the signals no person reads, in either language', () => {
    const milestone: Signal = {
      type: 'Milestone Reached',
      accountId: 'acc-1',
      at: AT,
      milestoneId: 'm',
      reachedAt: AT,
    };
    expect(notificationOf(milestone, account, ja)).toBeNull();
    const onboarded: Signal = { type: 'Phase Changed', accountId: 'acc-1', at: AT, from: 'onboarding', to: 'adoption' };
    expect(notificationOf(onboarded, account, ja)).toBeNull();
  });

  it('keeps any account or owner name inside Slack’s text as text, in both languages', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.constantFrom(...NOTIFICATION_LOCALES), (name, locale) => {
        const n = notificationOf(
          renewal,
          { ...account, name, csOwner: { name, email: 'x@example.com' } },
          settingsIn(locale),
        );
        // Only our own link and a mapped mention may open with `<`; here no owner is mapped.
        const opened = (n?.text ?? '').match(/<[^>]*>/g) ?? [];
        expect(opened.every((tag) => tag.startsWith('<https://app.hubspot.com/'))).toBe(true);
        const fields = n?.slackBlocks.flatMap((b) => (b.type === 'section' ? (b.fields ?? []) : [])) ?? [];
        for (const field of fields) expect(field.text).not.toMatch(/<(?!https:\/\/app\.hubspot\.com\/)/);
      }),
    );
  });
});

describe('the play in a notification', () => {
  const own = programWith({
    id: 'small-business-ja',
    plays: {
      signals: {
        'Account At Risk': {
          do: { ja: '訪問して利用状況を一緒に確認する', en: 'Visit them and go through their usage together' },
          who: 'account-exec',
          withinDays: 1,
          channel: 'meeting',
        },
      },
    },
  });
  const other = programWith({ id: 'default' });

  it('says the program’s play, in Japanese, in Slack’s blocks and the Teams card', () => {
    const n = notificationOf(atRisk, account, ja, [own, other]);
    expect(n?.play).toBe('対応（account-exec・1日以内・オンライン会議）：訪問して利用状況を一緒に確認する');
    expect(n?.slackBlocks).toContainEqual({ type: 'section', text: { type: 'mrkdwn', text: n?.play } });
    expect(n?.teams.attachments[0].content.body).toContainEqual({ type: 'TextBlock', text: n?.play, wrap: true });
  });

  it('says the default play, in English, when the program names none for the signal', () => {
    const n = notificationOf(atRisk, { ...account, program: 'default' }, en, [own, other]);
    expect(n?.play).toBe(
      'Play (csm, within 2 days, by phone): Call the account’s owner, ask why usage fell, and offer a one-to-one training if it helps',
    );
  });

  it('says no play without the programs, for an unknown program, or for a signal without one', () => {
    expect(notificationOf(atRisk, account, ja)?.play).toBeNull();
    expect(notificationOf(atRisk, { ...account, program: 'gone' }, ja, [own])?.play).toBeNull();
    expect(notificationOf(rates, null, ja, [own])?.play).toBeNull();
    expect(notificationOf(atRisk, account, ja)?.slackBlocks).toHaveLength(4);
  });
});

describe('the notification language setting', () => {
  it('accepts ja and en and leaves it unset by default (English)', () => {
    expect(NotificationSettings.parse({ notificationLocale: 'ja' }).notificationLocale).toBe('ja');
    expect(NotificationSettings.parse({}).notificationLocale).toBeUndefined();
  });

  it.each(['fr', 'JA', '', 1])('refuses %j, naming the field', (value) => {
    const parsed = NotificationSettings.safeParse({ notificationLocale: value });
    expect(parsed.error?.issues[0]).toMatchObject({ path: ['notificationLocale'], message: 'must be ja or en' });
  });
});

describe('Japanese dates and amounts', () => {
  it.each([
    ['2026-12-07', '2026年12月7日'],
    ['2027-02-05T15:00:00.000Z', '2027年2月5日'],
    ['2026-10-31', '2026年10月31日'],
  ])('writes %s as %s', (iso, japanese) => {
    expect(japaneseDate(iso)).toBe(japanese);
  });

  it.each<[number, string | undefined, string]>([
    [1_200_000, 'JPY', '¥1,200,000'],
    [12_000, 'USD', '$12,000'],
    [1_500.5, 'CHF', '1,500.5 CHF'],
    [980, undefined, '980'],
  ])('writes %d %s as %s', (amount, currency, text) => {
    expect(japaneseAmount(amount, currency)).toBe(text);
  });
});
