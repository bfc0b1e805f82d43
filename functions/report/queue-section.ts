// The report's card on the work queue: the accounts that need a person at the report's end, ranked as
// `teichaku queue` ranks them (core/work-queue.ts), each with the reason, its status, the figures
// that ranked it and the play. Drawn on the server in both languages, as the sending card is.
import { escapeHtmlNumeric } from '../core/email/escape.js';
import type { QueueItem } from '../core/work-queue.js';

const CHANNELS: Record<string, string> = {
  phone: '電話 / phone',
  meeting: '会議 / meeting',
  email: 'メール / email',
  slack: 'Slack',
};

/** The reason in words, both languages. */
export function queueReasonText(item: QueueItem): string {
  const r = item.reason;
  if (r.kind === 'signal') return r.signalType;
  return r.moment === 'after-onboarding'
    ? `ロータッチ: 導入完了から ${r.day} 日 / Low touch: day ${r.day} after onboarding`
    : `ロータッチ: 更新の ${r.day} 日前 / Low touch: ${r.day} days before renewal`;
}

function row(item: QueueItem, rank: number, until: string): string {
  const days = Math.floor((Date.parse(until) - Date.parse(item.since)) / 86_400_000);
  const status =
    item.status === 'acknowledged' ? `対応中 / acknowledged (${item.acknowledgedBy ?? '—'})` : '未対応 / open';
  const play =
    item.play === null
      ? '—'
      : `${item.play.who} · ${CHANNELS[item.play.channel] ?? item.play.channel} · ${item.play.withinDays} 日以内 / within ${item.play.withinDays} days<br>${escapeHtmlNumeric(item.play.do.ja)}<br>${escapeHtmlNumeric(item.play.do.en)}`;
  const touches = item.lastTouches.map((t) => `${t.at.slice(0, 10)} ${t.kind}`).join('<br>') || '—';
  const cells = [
    String(rank),
    item.score.toFixed(1),
    escapeHtmlNumeric(item.accountName === null ? item.accountId : `${item.accountName} (${item.accountId})`),
    escapeHtmlNumeric(queueReasonText(item)),
    escapeHtmlNumeric(status),
    `${item.since.slice(0, 10)} (${days})`,
    item.health === null ? '—' : String(item.health),
    item.arr === null ? '—' : escapeHtmlNumeric(`${item.arr.arr.toLocaleString('en-US')} ${item.arr.currency}`),
    item.daysToRenewal === null ? '—' : String(item.daysToRenewal),
    play,
    touches,
  ];
  return `<tr>${cells.map((c) => `<td>${c}</td>`).join('')}</tr>`;
}

export function queueSection(
  queue: { readonly total: number; readonly items: readonly QueueItem[] },
  until: string,
): string {
  const table =
    queue.items.length === 0
      ? '<p class="note">いま担当者の対応を待つアカウントはありません / No account needs a person now.</p>'
      : `<div class="scroll"><table id="queue-table"><thead><tr><th>#</th><th>スコア / Score</th><th>アカウント / Account</th><th>理由 / Reason</th><th>状態 / Status</th><th>開始 (日数) / Since (days)</th><th>ヘルス / Health</th><th>ARR</th><th>更新まで / Days to renewal</th><th>プレイ / Play</th><th>最近のタッチ / Last touches</th></tr></thead><tbody>
${queue.items.map((item, i) => row(item, i + 1, until)).join('\n')}
</tbody></table></div>`;
  const shown =
    queue.total > queue.items.length
      ? `<p class="note">上位 ${queue.items.length} 件を表示（全 ${queue.total} 件、すべては teichaku queue で） / The first ${queue.items.length} of ${queue.total}; teichaku queue lists them all.</p>`
      : '';
  return `<section class="card wide" id="queue">
  <h2>対応キュー / Work queue</h2>
  <p class="note">スコア = 40 × リスク + 25 × ARR + 20 × 更新の近さ + 15 × 経過日数（対応中は半分）。 / Score = 40 × risk + 25 × arr + 20 × renewal proximity + 15 × age (acknowledged counts half).</p>
  ${table}
  ${shown}
</section>`;
}
