// The report's card on sending itself: each time automated sending paused (what crossed which
// threshold), who resumed it and why, and the send jobs that waited meanwhile. Drawn on the server
// in both languages, since it is a few lines of text and no chart.
import { escapeHtmlNumeric } from '../core/email/escape.js';

export interface SendingReport {
  readonly pauses: readonly {
    readonly pausedAt: string;
    readonly why: string;
    readonly resumedAt: string | null;
    readonly resumedBy: string | null;
    readonly reason: string | null;
  }[];
  readonly deferrals: number;
  readonly deferredJobs: number;
  readonly waiting: number;
  readonly complaints: number;
}

const minute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

export function sendingSection(sending: SendingReport | undefined): string {
  if (sending === undefined) return '';
  const rows = sending.pauses
    .map(
      (p) =>
        `<tr><td>${escapeHtmlNumeric(minute(p.pausedAt))}</td><td>${escapeHtmlNumeric(p.why)}</td><td>${p.resumedAt === null ? '—' : escapeHtmlNumeric(minute(p.resumedAt))}</td><td>${escapeHtmlNumeric(p.resumedBy ?? '—')}</td><td>${escapeHtmlNumeric(p.reason ?? '')}</td></tr>`,
    )
    .join('\n');
  const table =
    sending.pauses.length === 0
      ? '<p class="note">一時停止はありませんでした / Sending never paused.</p>'
      : `<div class="scroll"><table id="sending-pauses"><thead><tr><th>停止 / Paused</th><th>理由 / Why</th><th>再開 / Resumed</th><th>再開した人 / By</th><th>再開の理由 / Reason</th></tr></thead><tbody>
${rows}
</tbody></table></div>`;
  const waited =
    sending.deferredJobs === 0
      ? ''
      : `<p class="note">停止中に待機した送信: ${sending.deferredJobs} 件（うち期間終了時に未送信 ${sending.waiting} 件） / Send jobs that waited while paused: ${sending.deferredJobs} (${sending.waiting} still waiting at the end).</p>`;
  return `<section class="card wide" id="sending">
  <h2>配信の一時停止と再開 / Sending paused and resumed</h2>
  <p class="note">苦情率・バウンス率がしきい値を超えると自動配信は自ら停止し、担当者が理由を記録して再開するまで止まります。 / Automated sending pauses itself when its complaint or bounce rate crosses its threshold, and stays paused until a person resumes it with a reason.</p>
  ${table}
  ${waited}
</section>`;
}
