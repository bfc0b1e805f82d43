// `teichaku explain` as text: the account's story in its own language and time zone, for a CS-ops
// reader who asks "why did this person get this email, and why not that one".
import type { Locale } from '../core/events.js';
import type { AccountStory, StoryEntry } from './explain-story.js';
import { passOverWords, skipWords } from './explain-words.js';

const HEADINGS = {
  en: {
    account: 'Account',
    timeZone: 'time zone',
    contract: 'contract started',
    ended: 'CONTRACT ENDED',
    touch: 'touch model',
    program: 'program',
    phase: 'Phase now',
    since: 'since',
    onboarded: 'onboarding completed',
    notOnboarded: 'onboarding not completed',
    renewal: 'Next renewal',
    noRenewal: 'Next renewal: not known (the account stays in retention)',
    window: 'renewal phase from',
    daysBefore: 'days before',
    retention: 'after adoption, a touch every {n} days',
    phases: 'Phase changes',
    milestones: 'Milestones',
    due: 'due',
    reached: 'reached',
    notReached: 'not reached',
    late: 'late',
    health: 'Health over time (each change, as the planner read it)',
    score: 'score',
    atRisk: 'AT RISK',
    usageDrop: 'usage drop',
    activeDays: 'active days/30',
    contacts: 'People',
    story: 'Decisions, emails and signals',
    sent: 'sent',
    left: 'left',
    notLeft: 'planned; no email left for it (see the sender log)',
    skipped: 'no email',
    passedOver: 'passed over',
    signal: 'signal',
    none: '(none)',
    contactOnly: 'Only person',
  },
  ja: {
    account: 'アカウント',
    timeZone: 'タイムゾーン',
    contract: '契約開始',
    ended: '契約終了',
    touch: 'タッチモデル',
    program: 'プログラム',
    phase: '現在のフェーズ',
    since: '以降',
    onboarded: 'オンボーディング完了',
    notOnboarded: 'オンボーディング未完了',
    renewal: '次回の契約更新',
    noRenewal: '次回の契約更新: 不明（継続利用期のまま）',
    window: '契約更新期の開始',
    daysBefore: '日前',
    retention: '定着期の後は{n}日ごとに連絡',
    phases: 'フェーズの変化',
    milestones: 'マイルストーン',
    due: '期日',
    reached: '達成',
    notReached: '未達成',
    late: '期日後',
    health: 'ヘルスの推移（プランナーが読んだ変化ごと）',
    score: 'スコア',
    atRisk: '要注意',
    usageDrop: '利用減少',
    activeDays: '30日中の利用日数',
    contacts: '担当者',
    story: '判定・メール・シグナル',
    sent: '送信',
    left: '送信済み',
    notLeft: '計画済み。メールは送信されていません（送信側のログを参照）',
    skipped: '送信なし',
    passedOver: '見送った候補',
    signal: 'シグナル',
    none: '（なし）',
    contactOnly: '対象の担当者',
  },
} as const satisfies Record<Locale, Record<string, string>>;

export function timeFormatter(locale: Locale, timeZone: string): (iso: string | null | undefined) => string {
  const format = new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return (iso) =>
    iso === null || iso === undefined || Number.isNaN(Date.parse(iso)) ? '—' : format.format(new Date(iso));
}

function entryLines(entry: StoryEntry, locale: Locale, time: (iso: string | null | undefined) => string): string[] {
  const h = HEADINGS[locale];
  if (entry.type === 'signal') {
    const { at: _at, type, accountId: _account, ...fields } = entry.signal;
    const facts = Object.entries(fields)
      .filter(([, v]) => v !== null && v !== undefined && typeof v !== 'object')
      .map(([k, v]) => `${k}=${typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v) ? time(v) : String(v)}`);
    const reasons = Array.isArray(fields.reasons) ? ` (${fields.reasons.join(', ')})` : '';
    return [`${time(entry.at)}  ${h.signal}: ${type}${reasons}${facts.length > 0 ? `  ${facts.join(' ')}` : ''}`];
  }
  const d = entry.decision;
  const lines: string[] = [];
  if (d.outcome === 'sent') {
    const email = entry.email;
    const left =
      email === null
        ? h.notLeft
        : `${h.left} ${time(email.sentAt)}${email.subject === null ? '' : ` “${email.subject}”`}${email.status === null ? '' : ` [${email.status}]`}`;
    lines.push(`${time(d.at)}  ${d.contactId}  ${h.sent}: ${d.kind} (${d.template}) — ${left}`);
  } else {
    const words = skipWords(d.reason, locale).replace('{until}', time(d.until)).replace('{next}', time(d.nextWindowAt));
    lines.push(`${time(d.at)}  ${d.contactId}  ${h.skipped}: ${d.reason} — ${words}`);
  }
  for (const p of d.passedOver)
    lines.push(`      ${h.passedOver}: ${p.kind} — ${p.reason}: ${passOverWords(p.reason, locale)}`);
  return lines;
}

/** The next renewal, when its phase starts, and the cadence after adoption. */
function renewalLine(
  story: AccountStory,
  h: (typeof HEADINGS)[Locale],
  time: (iso: string | null | undefined) => string,
): string {
  const r = story.account.renewal;
  const cadence = h.retention.replace('{n}', String(story.account.retentionEveryDays));
  if (r === null) return `  ${h.noRenewal}; ${cadence}`;
  return `  ${h.renewal}: ${r.renewalDate}; ${h.window} ${time(r.windowOpensAt)} (${r.windowDays} ${h.daysBefore}); ${cadence}`;
}

export function storyText(story: AccountStory): string {
  const a = story.account;
  const locale = a.locale;
  const h = HEADINGS[locale];
  const time = timeFormatter(locale, a.timeZone);
  const out: string[] = [
    `${h.account} ${a.accountId} — ${a.name}`,
    `  ${a.industry}, ${a.employees}, ${a.plan}; ${h.touch}: ${a.touchModel}; ${h.program}: ${a.programId}`,
    `  ${h.timeZone}: ${a.timeZone}; ${h.contract}: ${a.contractStart}`,
    ...(a.contract?.ended == null
      ? []
      : [
          `  ${h.ended}: ${time(a.contract.ended.at)}${a.contract.ended.reason === null ? '' : ` (${a.contract.ended.reason})`}`,
        ]),
    `  ${h.phase}: ${a.phase}${a.phaseChangedAt === null ? '' : ` (${time(a.phaseChangedAt)} ${h.since})`}; ${a.onboardingCompletedAt === null ? h.notOnboarded : `${h.onboarded} ${time(a.onboardingCompletedAt)}`}`,
    renewalLine(story, h, time),
    '',
    `${h.phases}`,
    ...(story.phaseChanges.length === 0
      ? [`  ${h.none}`]
      : story.phaseChanges.map((p) => `  ${time(p.at)}  ${p.from} → ${p.to}`)),
    '',
    `${h.milestones}`,
    ...story.milestones.map((m) => {
      const reached = m.reachedAt === null ? h.notReached : `${h.reached} ${time(m.reachedAt)}`;
      const late = m.dueAt !== null && m.reachedAt !== null && m.reachedAt > m.dueAt ? ` (${h.late})` : '';
      return `  ${m.id} (${m.phase}) “${m.title}”: ${h.due} ${time(m.dueAt)}, ${reached}${late}`;
    }),
    '',
    `${h.health}`,
    ...(story.health.length === 0
      ? [`  ${h.none}`]
      : story.health.map(
          (p) =>
            `  ${time(p.at)}  ${h.score} ${p.score}  DAU/MAU ${p.dauMau.toFixed(2)}  ${h.activeDays} ${p.activeDays30}  ${p.phase}${p.atRisk ? `  ${h.atRisk}` : ''}${p.usageDrop ? `  ${h.usageDrop}` : ''}`,
        )),
    '',
    `${story.contact === null ? h.contacts : h.contactOnly}`,
    ...story.contacts.map((c) => `  ${c.contactId}  ${c.role ?? '—'}  ${c.locale ?? a.locale}  ${c.status}`),
    '',
    `${h.story}`,
    ...(story.timeline.length === 0
      ? [`  ${h.none}`]
      : story.timeline.flatMap((e) => entryLines(e, locale, time).map((l) => `  ${l}`))),
  ];
  return `${out.join('\n')}\n`;
}
