// The compliance export as CSV, one row per record entry and per promotional email, for an auditor's
// spreadsheet. Cells are quoted when needed, and a cell that a spreadsheet would run as a formula
// (the product's free-text basis source could start with `=`) is written as text.
import type { AccountCompliance } from '../adapters/compliance-export.js';

export const CSV_COLUMNS = [
  'account_id',
  'contact_id',
  'at',
  'record',
  'basis',
  'basis_from',
  'source',
  'scope',
  'channel',
  'touch_id',
  'touch_kind',
  'status',
  'kept_until',
] as const;
type Row = Readonly<Partial<Record<(typeof CSV_COLUMNS)[number], string | null>>>;

export function csvCell(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function complianceCsv(data: AccountCompliance): string {
  const rows: Row[] = [];
  for (const e of data.entries) {
    const common = {
      account_id: e.accountId,
      contact_id: e.contactId,
      at: e.at,
      record: e.kind,
      channel: e.channel,
      kept_until: e.expiresAt,
    };
    switch (e.kind) {
      case 'basis':
        rows.push({ ...common, basis: e.basis, basis_from: 'contact', source: e.source });
        break;
      case 'opt-out':
        rows.push({ ...common, scope: e.scope });
        break;
      case 'removed':
        rows.push(common);
        break;
      default: {
        const unknown: never = e;
        throw new Error(`unknown compliance entry ${(unknown as { kind: string }).kind}`);
      }
    }
  }
  for (const t of data.promotionalTouches) {
    rows.push({
      account_id: t.accountId,
      contact_id: t.contactId,
      at: t.sentAt ?? t.plannedAt,
      record: 'promotional-email',
      basis: t.basis,
      basis_from: t.basisFrom,
      touch_id: t.touchId,
      touch_kind: t.kind,
      status: t.status,
    });
  }
  rows.sort((a, b) => `${a.contact_id}\u0000${a.at}`.localeCompare(`${b.contact_id}\u0000${b.at}`));
  return `${[CSV_COLUMNS.join(','), ...rows.map((r) => CSV_COLUMNS.map((c) => csvCell(r[c])).join(','))].join('\r\n')}\r\n`;
}
