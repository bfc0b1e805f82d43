// The report's card on people: per program, the share of seats active in the last 30 days by role,
// and feature adoption by person. Drawn on the server in both languages, as tables.
import type { PeopleFigures } from './people-figures.js';

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const ROLE_WORDS = { owner: 'オーナー / Owner', admin: '管理者 / Admin', member: 'メンバー / Member' } as const;
const percent = (share: number | null) => (share === null ? '—' : `${Math.round(share * 100)} %`);

function programTables(p: PeopleFigures): string {
  const seats = p.seats
    .map(
      (s) =>
        `<tr><td>${ROLE_WORDS[s.role]}</td><td>${s.seats}</td><td>${s.active30}</td><td>${percent(s.activeShare)}</td></tr>`,
    )
    .join('\n');
  const features = p.features
    .map(
      (f) =>
        `<tr><td>${escapeHtml(f.featureId)}</td><td>${escapeHtml(f.stage)}</td><td>${f.using} / ${f.people}</td><td>${percent(f.share)}</td></tr>`,
    )
    .join('\n');
  return `<h3>${escapeHtml(p.programId)}</h3>
  <div class="scroll"><table class="people-seats"><thead><tr><th>役割 / Role</th><th>席 / Seats</th><th>30日以内に利用 / Active in 30 days</th><th>割合 / Share</th></tr></thead><tbody>
${seats}
</tbody></table></div>
  <div class="scroll"><table class="people-features"><thead><tr><th>機能 / Feature</th><th>段階 / Stage</th><th>使っている人 / People using</th><th>割合 / Share</th></tr></thead><tbody>
${features}
</tbody></table></div>`;
}

export function peopleSection(people: readonly PeopleFigures[] | undefined): string {
  if (people === undefined || people.length === 0) return '';
  return `<section class="card wide" id="people">
  <h2>人ごとの利用 / Usage by person</h2>
  <p class="note">席は削除・配信停止されていない担当者。機能の割合は、その役割で使える人のうち使ったことのある人。 / Seats are the people not removed nor suppressed; a feature's share is of the people whose role can use it.</p>
  ${people.map(programTables).join('\n')}
</section>`;
}
