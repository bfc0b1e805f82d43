// The daily digest as an email to its CS owner: subject, a plain HTML part (inline styles, one table
// per part) and the text part, in the digest's language. An internal service email: it carries no
// unsubscribe footer, only a line on why the owner gets it. No customer text: a detractor's comment
// is told as "commented", never quoted. Every value is escaped.
import type { DigestChange, DigestNeed, OwnerDigest } from './digest.js';
import { escapeHtml } from './email/escape.js';
import type { Locale } from './events.js';
import type { Phase } from './state.js';
import type { QueueReason } from './work-queue.js';

export interface DigestEmail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

interface Words {
  readonly subject: (date: string, needs: number) => string;
  readonly greeting: (name: string) => string;
  readonly needsTitle: string;
  readonly changesTitle: string;
  readonly noNeeds: string;
  readonly noChanges: string;
  readonly more: (n: number) => string;
  readonly acknowledgedBy: (by: string) => string;
  readonly daysOpen: (n: number) => string;
  readonly dueBy: (date: string) => string;
  readonly commented: string;
  readonly noPlay: string;
  readonly change: (c: DigestChange, reason: string | null) => string;
  readonly why: (accounts: number) => string;
  readonly signals: Readonly<Record<string, string>>;
  readonly lowTouch: (moment: 'after-onboarding' | 'before-renewal', day: number) => string;
  readonly phases: Readonly<Record<Phase, string>>;
}

const JA: Words = {
  subject: (date, needs) => `【teichaku】${date} のダイジェスト（対応が必要 ${needs} 件）`,
  greeting: (name) => `${name} さん`,
  needsTitle: '対応が必要なこと',
  changesTitle: '直近 24 時間の変化',
  noNeeds: '対応が必要な案件はありません。',
  noChanges: '直近 24 時間の変化はありません。',
  more: (n) => `ほか ${n} 件`,
  acknowledgedBy: (by) => `${by} が対応中`,
  daysOpen: (n) => `${n} 日経過`,
  dueBy: (date) => `期限 ${date}`,
  commented: 'コメントあり',
  noPlay: '対応手順の定めなし',
  change: (c, reason) => {
    switch (c.kind) {
      case 'opened':
        return `新規: ${reason}`;
      case 'acknowledged':
        return `対応開始: ${reason}（${c.by}）`;
      case 'resolved':
        return `解決: ${reason}（${c.by}）`;
      case 'recovered':
        return 'リスクから回復';
      case 'phase-changed':
        return `フェーズ変更: ${JA.phases[c.phase as Phase]}`;
      case 'renewal-window':
        return `更新期間に入りました（更新日 ${c.renewalDate ?? '未設定'}）`;
    }
  },
  why: (accounts) =>
    `このメールは、あなたが CS 担当者として登録されている ${accounts} 社のアカウントについて、teichaku が毎日お送りしています。`,
  signals: {
    'Account At Risk': '解約リスク',
    'Phase Changed': '拡大の機会',
    'Key Contact Changed': '主要担当者の変更',
    'Onboarding Stalled': 'オンボーディングの停滞',
    'Renewal Approaching': '更新が近い',
    Detractor: '批判者（低評価の回答）',
    'Support Surge': 'サポート問い合わせの急増',
  },
  lowTouch: (moment, day) =>
    moment === 'after-onboarding' ? `オンボーディング完了から ${day} 日` : `更新日の ${day} 日前`,
  phases: {
    onboarding: 'オンボーディング',
    adoption: '定着',
    'expansion-ready': '拡大の機会',
    retention: '継続利用',
    renewal: '更新',
    ended: '終了',
  },
};

const EN: Words = {
  subject: (date, needs) => `teichaku digest for ${date}: ${needs} need${needs === 1 ? 's' : ''} you`,
  greeting: (name) => `Hello ${name},`,
  needsTitle: 'What needs you',
  changesTitle: 'What changed in the last 24 hours',
  noNeeds: 'Nothing needs you today.',
  noChanges: 'Nothing changed in the last 24 hours.',
  more: (n) => `and ${n} more`,
  acknowledgedBy: (by) => `${by} is on it`,
  daysOpen: (n) => `open ${n} day${n === 1 ? '' : 's'}`,
  dueBy: (date) => `due by ${date}`,
  commented: 'commented',
  noPlay: 'no play set',
  change: (c, reason) => {
    switch (c.kind) {
      case 'opened':
        return `Opened: ${reason}`;
      case 'acknowledged':
        return `Acknowledged: ${reason} (${c.by})`;
      case 'resolved':
        return `Resolved: ${reason} (${c.by})`;
      case 'recovered':
        return 'Recovered from risk';
      case 'phase-changed':
        return `Phase changed to ${EN.phases[c.phase as Phase]}`;
      case 'renewal-window':
        return `Entered the renewal window (renews ${c.renewalDate ?? 'on no date set'})`;
    }
  },
  why: (accounts) =>
    `teichaku sends you this every day because you are the CS owner of ${accounts} account${accounts === 1 ? '' : 's'}.`,
  signals: {
    'Account At Risk': 'At risk',
    'Phase Changed': 'Expansion ready',
    'Key Contact Changed': 'Key contact changed',
    'Onboarding Stalled': 'Onboarding stalled',
    'Renewal Approaching': 'Renewal approaching',
    Detractor: 'Detractor',
    'Support Surge': 'Support surge',
  },
  lowTouch: (moment, day) =>
    moment === 'after-onboarding' ? `Day ${day} after onboarding` : `${day} days before renewal`,
  phases: {
    onboarding: 'onboarding',
    adoption: 'adoption',
    'expansion-ready': 'expansion ready',
    retention: 'retention',
    renewal: 'renewal',
    ended: 'ended',
  },
};

const WORDS: Readonly<Record<Locale, Words>> = { ja: JA, en: EN };

function reasonWords(reason: QueueReason, w: Words): string {
  return reason.kind === 'signal'
    ? (w.signals[reason.signalType] ?? reason.signalType)
    : w.lowTouch(reason.moment, reason.day);
}

function accountLabel(item: { readonly accountName: string | null; readonly accountId: string }): string {
  return item.accountName ?? item.accountId;
}

function needDetails(n: DigestNeed, w: Words): string[] {
  return [
    ...(n.status === 'acknowledged' && n.acknowledgedBy !== null ? [w.acknowledgedBy(n.acknowledgedBy)] : []),
    w.daysOpen(n.daysOpen),
    ...(n.dueBy === null ? [] : [w.dueBy(n.dueBy)]),
    ...(n.commented ? [w.commented] : []),
  ];
}

function textOf(d: OwnerDigest, w: Words): string {
  const lines = [w.greeting(d.owner.name), '', `■ ${w.needsTitle}`];
  if (d.needs.length === 0) lines.push(w.noNeeds);
  d.needs.forEach((n, i) => {
    lines.push(`${i + 1}. ${accountLabel(n)}: ${reasonWords(n.reason, w)} (${needDetails(n, w).join(', ')})`);
    lines.push(`   → ${n.play ?? w.noPlay}`);
  });
  if (d.moreNeeds > 0) lines.push(w.more(d.moreNeeds));
  lines.push('', `■ ${w.changesTitle}`);
  if (d.changes.length === 0) lines.push(w.noChanges);
  for (const c of d.changes)
    lines.push(`- ${accountLabel(c)}: ${w.change(c, c.reason === null ? null : reasonWords(c.reason, w))}`);
  if (d.moreChanges > 0) lines.push(w.more(d.moreChanges));
  lines.push('', '--', w.why(d.accounts), '');
  return lines.join('\n');
}

const CELL = 'padding:6px 8px;border-bottom:1px solid #e5e7eb;vertical-align:top;';

function htmlOf(d: OwnerDigest, w: Words, subject: string): string {
  const e = escapeHtml;
  const needRows = d.needs
    .map(
      (n, i) =>
        `<tr><td style="${CELL}">${i + 1}</td><td style="${CELL}"><strong>${e(accountLabel(n))}</strong><br>${e(reasonWords(n.reason, w))}</td>` +
        `<td style="${CELL}">${e(n.play ?? w.noPlay)}</td><td style="${CELL}">${e(needDetails(n, w).join(' · '))}</td></tr>`,
    )
    .join('');
  const changeItems = d.changes
    .map(
      (c) =>
        `<li><strong>${e(accountLabel(c))}</strong>: ${e(w.change(c, c.reason === null ? null : reasonWords(c.reason, w)))}</li>`,
    )
    .join('');
  const more = (n: number) => (n > 0 ? `<p>${e(w.more(n))}</p>` : '');
  return [
    `<!doctype html><html lang="${d.locale}"><head><meta charset="utf-8"><title>${e(subject)}</title></head>`,
    '<body style="font-family:sans-serif;color:#111827;max-width:720px;margin:0 auto;padding:16px;">',
    `<p>${e(w.greeting(d.owner.name))}</p>`,
    `<h2 style="font-size:18px;">${e(w.needsTitle)}</h2>`,
    d.needs.length === 0
      ? `<p>${e(w.noNeeds)}</p>`
      : `<table style="border-collapse:collapse;width:100%;font-size:14px;">${needRows}</table>`,
    more(d.moreNeeds),
    `<h2 style="font-size:18px;">${e(w.changesTitle)}</h2>`,
    d.changes.length === 0 ? `<p>${e(w.noChanges)}</p>` : `<ul style="font-size:14px;">${changeItems}</ul>`,
    more(d.moreChanges),
    `<hr><p style="font-size:12px;color:#6b7280;">${e(w.why(d.accounts))}</p>`,
    '</body></html>',
  ].join('');
}

/** The digest's email in its language. */
export function digestEmail(digest: OwnerDigest): DigestEmail {
  const w = WORDS[digest.locale];
  const subject = w.subject(digest.now.slice(0, 10), digest.needs.length + digest.moreNeeds);
  return { subject, html: htmlOf(digest, w, subject), text: textOf(digest, w) };
}
