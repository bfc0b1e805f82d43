// The words of the notifications, in the CS team's language (`notificationLocale`): the title and the
// reason of each notified signal, the labels of the facts, the names of the phases. English is what
// the notifications said before there was a choice, word for word; Japanese is written for a
// Japanese CS team (dates as 2026年10月1日, amounts with their currency sign and digit grouping).
import { z } from 'zod';
import type { Play, PlayChannel } from './program.js';
import type { Signal } from './signals.js';
import type { Phase } from './state.js';

export const NOTIFICATION_LOCALES = ['ja', 'en'] as const;
export const NotificationLocale = z.enum(NOTIFICATION_LOCALES, { message: 'must be ja or en' });
export type NotificationLocale = z.infer<typeof NotificationLocale>;

export interface Words {
  readonly title: string;
  readonly reason: string;
}

type Of<T extends Signal['type']> = Extract<Signal, { type: T }>;
type PauseCause = Of<'Sending Paused'>['pause']['cause'];

/** What one language says about each notified signal, and around it. */
interface Phrasebook {
  /** The notification's title from the signal's title and what it is about. */
  readonly heading: (title: string, about: string) => string;
  readonly allAccounts: string;
  readonly atRisk: (signal: Of<'Account At Risk'>) => Words;
  readonly keyContact: (signal: Of<'Key Contact Changed'>) => Words;
  readonly expansionReady: (signal: Of<'Phase Changed'>) => Words;
  readonly paused: (cause: PauseCause) => Words;
  readonly renewal: (signal: Of<'Renewal Approaching'>) => Words;
  readonly detractor: (signal: Of<'Detractor'>) => Words;
  readonly surge: (signal: Of<'Support Surge'>) => Words;
  readonly recovered: (signal: Of<'Account Recovered'>) => Words;
  readonly labels: {
    readonly accountId: string;
    readonly health: string;
    readonly notAssessed: string;
    readonly phase: string;
    readonly program: string;
    readonly csOwner: string;
    readonly openInCrm: string;
    readonly openAccountInCrm: string;
  };
  readonly phase: (phase: Phase) => string;
  /** The program's play for the signal: what to do, who, by when, how. */
  readonly play: (play: Play) => string;
}

function percent(rate: number): string {
  return `${(rate * 100).toFixed(2)}%`;
}

function sentence(text: string): string {
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}

function unknownCause(cause: never): never {
  throw new Error(`unknown pause cause ${(cause as { kind: string }).kind}`);
}

const EN_RISK_REASONS = {
  'usage-drop': 'usage dropped against the previous 30 days',
  'low-health': 'the health score is under the program threshold',
} as const;

function enPauseReason(cause: PauseCause): string {
  switch (cause.kind) {
    case 'rates': {
      const { breach, thresholds } = cause;
      const over = breach.window === 'hours' ? `${thresholds.windowHours} hours` : `${thresholds.lastSends} emails`;
      return `the ${breach.metric} rate over the last ${over} was ${percent(breach.rate)} (threshold ${percent(breach.threshold)}, ${breach.count} of ${breach.sends} emails); a person must resume sending`;
    }
    case 'ses-alarm':
      return `the SES reputation alarm ${cause.alarm} fired on ${cause.metric}; a person must resume sending`;
    case 'ses-refused':
      return `SES refused to send (${cause.sesError}); a person must resume sending`;
    default:
      return unknownCause(cause);
  }
}

const EN_CHANNELS: Readonly<Record<PlayChannel, string>> = {
  phone: 'by phone',
  meeting: 'in a meeting',
  email: 'by email',
  slack: 'on Slack',
};

const EN: Phrasebook = {
  heading: (title, about) => `${title}: ${about}`,
  allAccounts: 'all accounts',
  atRisk: (s) => ({ title: 'Account at risk', reason: sentence(s.reasons.map((r) => EN_RISK_REASONS[r]).join('; ')) }),
  keyContact: (s) =>
    s.change === 'last-owner-left'
      ? { title: 'Key contact changed', reason: 'The account has no owner any more: its last owner left.' }
      : {
          title: 'Key contact changed',
          reason: 'A new owner appeared after onboarding; they get re-onboarding email.',
        },
  expansionReady: (s) => ({ title: 'Expansion ready', reason: `The account moved from ${s.from} to expansion-ready.` }),
  paused: (cause) => ({ title: 'Automated email paused', reason: `Sending stopped: ${enPauseReason(cause)}.` }),
  renewal: (s) => ({
    title: 'Renewal approaching',
    reason:
      `The contract renews on ${s.renewalDate} (in ${s.daysToRenewal} days)` +
      (s.arr === undefined ? '' : `, worth ${s.arr} ${s.currency ?? ''} a year`) +
      `; ${s.activePeople} people active in the last 30 days, ${s.milestonesReached} milestones reached` +
      (s.atRisk ? '; the account is at risk.' : '.'),
  }),
  detractor: (s) => ({
    title: 'Detractor',
    reason:
      `A person answered ${s.survey === 'nps' ? 'NPS' : 'CSAT'} with ${s.score}` +
      (s.comment === undefined ? '; no comment.' : `: “${s.comment}”`) +
      ' Promotional email to the account is held until this is resolved.',
  }),
  surge: (s) => ({
    title: 'Support surge',
    reason: `${s.lastWeek} support tickets opened in the last 7 days, against ${s.weeklyMean.toFixed(1)} a week before.`,
  }),
  recovered: (s) => ({
    title: 'Account recovered',
    reason: `Health is back at ${s.score} with no usage drop, after the account was flagged at risk on ${s.atRiskSince.slice(0, 10)}.`,
  }),
  labels: {
    accountId: 'Account id',
    health: 'Health',
    notAssessed: 'not assessed yet',
    phase: 'Phase',
    program: 'Program',
    csOwner: 'CS owner',
    openInCrm: 'Open in CRM',
    openAccountInCrm: 'Open the account in the CRM',
  },
  phase: (phase) => phase,
  play: (play) =>
    `Play (${play.who}, ${play.withinDays === 0 ? 'the same day' : `within ${play.withinDays} days`}, ${EN_CHANNELS[play.channel]}): ${play.do.en}`,
};

/** `2026-10-01` (or an instant on that UTC day) as 2026年10月1日. */
export function japaneseDate(isoDate: string): string {
  const [year, month, day] = isoDate.slice(0, 10).split('-');
  return `${year}年${Number(month)}月${Number(day)}日`;
}

const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const CURRENCY_SIGNS: Readonly<Record<string, string>> = { JPY: '¥', USD: '$', EUR: '€', GBP: '£' };

/** An amount with its currency's sign and digit grouping (¥1,200,000), or the code after it (1,500 CHF). */
export function japaneseAmount(amount: number, currency: string | undefined): string {
  const sign = currency === undefined ? undefined : CURRENCY_SIGNS[currency];
  if (sign !== undefined) return `${sign}${GROUPED.format(amount)}`;
  return currency === undefined ? GROUPED.format(amount) : `${GROUPED.format(amount)} ${currency}`;
}

const JA_RISK_REASONS = {
  'usage-drop': '利用が直前の30日間より落ちています',
  'low-health': 'ヘルススコアがプログラムのしきい値を下回っています',
} as const;

const JA_PHASES: Readonly<Record<Phase, string>> = {
  onboarding: '導入期',
  adoption: '定着期',
  'expansion-ready': '利用拡大の準備完了',
  retention: '継続期',
  renewal: '更新期',
  ended: '契約終了',
};

const JA_CHANNELS: Readonly<Record<PlayChannel, string>> = {
  phone: '電話',
  meeting: 'オンライン会議',
  email: 'メール',
  slack: 'Slack',
};

const JA_RESUME = '送信の再開には担当者の操作が必要です。';

function jaPauseReason(cause: PauseCause): string {
  switch (cause.kind) {
    case 'rates': {
      const { breach, thresholds } = cause;
      const over = breach.window === 'hours' ? `${thresholds.windowHours}時間` : `${thresholds.lastSends}通`;
      const metric = breach.metric === 'complaint' ? '苦情率' : 'バウンス率';
      return `直近${over}の${metric}が${percent(breach.rate)}になりました（しきい値${percent(breach.threshold)}、${breach.sends}通中${breach.count}通）。`;
    }
    case 'ses-alarm':
      return `SESの送信評価アラーム ${cause.alarm} が ${cause.metric} で発報しました。`;
    case 'ses-refused':
      return `SESが送信を拒否しました（${cause.sesError}）。`;
    default:
      return unknownCause(cause);
  }
}

const JA: Phrasebook = {
  heading: (title, about) => `【${title}】${about}`,
  allAccounts: '全アカウント',
  atRisk: (s) => ({ title: '解約リスク', reason: `${s.reasons.map((r) => JA_RISK_REASONS[r]).join('。')}。` }),
  keyContact: (s) =>
    s.change === 'last-owner-left'
      ? {
          title: 'キーパーソンの交代',
          reason: '最後のオーナーが離れ、このアカウントにはオーナーがいなくなりました。',
        }
      : {
          title: 'キーパーソンの交代',
          reason: '導入後に新しいオーナーが加わりました。この方には再オンボーディングのメールが届きます。',
        },
  expansionReady: (s) => ({
    title: '利用拡大のチャンス',
    reason: `アカウントが${JA_PHASES[s.from]}から利用拡大の準備が整った段階に進みました。`,
  }),
  paused: (cause) => ({
    title: '自動メールの送信停止',
    reason: `自動メールの送信を止めました。${jaPauseReason(cause)}${JA_RESUME}`,
  }),
  renewal: (s) => ({
    title: '契約更新が近づいています',
    reason:
      `契約の更新日は${japaneseDate(s.renewalDate)}（あと${s.daysToRenewal}日）` +
      (s.arr === undefined ? 'です。' : `、年間契約額は${japaneseAmount(s.arr, s.currency)}です。`) +
      `直近30日間に利用したのは${s.activePeople}人、達成したマイルストーンは${s.milestonesReached}件です。` +
      (s.atRisk ? 'このアカウントは解約リスクありと判定されています。' : ''),
  }),
  detractor: (s) => ({
    title: '低評価の回答',
    reason:
      `${s.survey === 'nps' ? 'NPS' : 'CSAT'}アンケートに${s.score}点の回答がありました。` +
      (s.comment === undefined ? 'コメントはありません。' : `コメント：「${s.comment}」`) +
      'この件が解決するまで、このアカウントへのプロモーションメールは止めています。',
  }),
  surge: (s) => ({
    title: '問い合わせの急増',
    reason: `直近7日間にサポートへの問い合わせが${s.lastWeek}件ありました（それまでは週平均${s.weeklyMean.toFixed(1)}件）。`,
  }),
  recovered: (s) => ({
    title: 'ヘルスの回復',
    reason: `${japaneseDate(s.atRiskSince)}に解約リスクと判定されたアカウントのヘルススコアが${s.score}に戻り、利用の落ち込みもなくなりました。`,
  }),
  labels: {
    accountId: 'アカウントID',
    health: 'ヘルススコア',
    notAssessed: '未評価',
    phase: 'フェーズ',
    program: 'プログラム',
    csOwner: 'CS担当',
    openInCrm: 'CRMで開く',
    openAccountInCrm: 'CRMでアカウントを開く',
  },
  phase: (phase) => JA_PHASES[phase],
  play: (play) =>
    `対応（${play.who}・${play.withinDays === 0 ? '当日中' : `${play.withinDays}日以内`}・${JA_CHANNELS[play.channel]}）：${play.do.ja}`,
};

export const PHRASEBOOKS: Readonly<Record<NotificationLocale, Phrasebook>> = { en: EN, ja: JA };

/** Title and reason of each notified signal; null for the signals no person needs to read. */
export function wordsOf(signal: Signal, locale: NotificationLocale): Words | null {
  const book = PHRASEBOOKS[locale];
  // Exhaustive: a new signal type does not compile until it says whether a person hears of it.
  switch (signal.type) {
    case 'Account At Risk':
      return book.atRisk(signal);
    case 'Key Contact Changed':
      return book.keyContact(signal);
    case 'Phase Changed':
      return signal.to === 'expansion-ready' ? book.expansionReady(signal) : null;
    case 'Sending Paused':
      return book.paused(signal.pause.cause);
    case 'Renewal Approaching':
      return book.renewal(signal);
    case 'Detractor':
      return book.detractor(signal);
    case 'Support Surge':
      return book.surge(signal);
    case 'Account Recovered':
      return book.recovered(signal);
    case 'Milestone Reached':
    case 'Touch Sent':
    case 'Send Unconfirmed':
    case 'Sending Resumed':
    case 'Onboarding Stalled':
      return null;
    default:
      return unknownSignal(signal);
  }
}

function unknownSignal(signal: never): never {
  throw new Error(`unknown signal type ${(signal as { type: string }).type}`);
}
