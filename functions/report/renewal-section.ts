// The report's renewal card: the renewal rate overall, by cohort, by program and by adoption outcome,
// gross revenue retention per currency, ended contracts by reason and activation in 30 days. Drawn
// on the server as tables; every word is a `data-label` the page fills in the chosen language.
import { CONTRACT_END_REASONS } from '../core/events.js';
import type { RenewalFigures, RenewalRate } from './renewal-figures.js';

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 1000) / 10} %`);
const amount = (value: number) => new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }).format(value);
const label = (key: string) => `<span data-label="renewal.${key}"></span>`;
const head = (...keys: string[]) =>
  `<thead><tr>${keys.map((k, i) => `<th${i === 0 ? '' : ' class="num"'}>${label(k)}</th>`).join('')}</tr></thead>`;
const rateCells = (r: RenewalRate) =>
  `<td class="num">${r.due}</td><td class="num">${r.renewed}</td><td class="num">${percent(r.rate)}</td>`;

function rateTable(
  titleKey: string,
  firstKey: string,
  rows: readonly { readonly name: string; readonly rate: RenewalRate }[],
): string {
  const body = rows.map((r) => `<tr><td>${r.name}</td>${rateCells(r.rate)}</tr>`).join('\n');
  return `<h3>${label(titleKey)}</h3>
  <div class="scroll"><table class="renewal-table">${head(firstKey, 'due', 'renewed', 'rate')}<tbody>
${body}
</tbody></table></div>`;
}

export function renewalSection(renewal: RenewalFigures | undefined): string {
  if (renewal === undefined) return '';
  const grr = renewal.grossRevenueRetention
    .map(
      (g) =>
        `<tr><td>${escapeHtml(g.currency)}</td><td class="num">${g.accounts}</td><td class="num">${amount(g.startArr)}</td><td class="num">${amount(g.keptArr)}</td><td class="num">${percent(g.rate)}</td></tr>`,
    )
    .join('\n');
  const reasons = [...CONTRACT_END_REASONS, 'unstated' as const]
    .filter((r) => renewal.endedByReason[r] > 0)
    .map((r) => `<tr><td>${label(`reasons.${r}`)}</td><td class="num">${renewal.endedByReason[r]}</td></tr>`)
    .join('\n');
  const a = renewal.activation30;
  return `<section class="card wide" id="renewal">
  <h2>${label('title')}</h2>
  <p class="note">${label('note')}</p>
  <div class="scroll"><table class="renewal-table">${head('due', 'renewed', 'ended', 'lapsed', 'rate')}<tbody>
<tr><td>${renewal.due}</td><td class="num">${renewal.renewed}</td><td class="num">${renewal.ended}</td><td class="num">${renewal.lapsed}</td><td class="num">${percent(renewal.rate)}</td></tr>
</tbody></table></div>
  ${rateTable(
    'byCohort',
    'cohort',
    renewal.byCohort.map((c) => ({ name: escapeHtml(c.cohort), rate: c })),
  )}
  ${rateTable(
    'byProgram',
    'program',
    renewal.byProgram.map((p) => ({ name: escapeHtml(p.programId), rate: p })),
  )}
  ${rateTable('byValue', 'byValue', [
    { name: label('valueReached'), rate: renewal.byValue.reached },
    { name: label('valueNotReached'), rate: renewal.byValue.notReached },
  ])}
  ${rateTable(
    'byTimeToValue',
    'band',
    renewal.byTimeToValue.map((b) => ({ name: label(`bands.${b.band}`), rate: b })),
  )}
  <h3>${label('grr')}</h3>
  <p class="note">${label('grrNote')}</p>
  <div class="scroll"><table class="renewal-table">${head('currency', 'due', 'startArr', 'keptArr', 'grr')}<tbody>
${grr}
</tbody></table></div>
  <h3>${label('endedByReason')}</h3>
  <div class="scroll"><table class="renewal-table">${head('reason', 'count')}<tbody>
${reasons}
</tbody></table></div>
  <h3>${label('activation')}</h3>
  <p class="note">${label('activationNote')}</p>
  <div class="scroll"><table class="renewal-table">${head('eligible', 'activated', 'rate')}<tbody>
<tr><td>${a.eligible}</td><td class="num">${a.activated}</td><td class="num">${percent(a.rate)}</td></tr>
</tbody></table></div>
</section>`;
}
