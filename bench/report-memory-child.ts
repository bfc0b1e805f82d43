// One measured run of the report over a synthetic table, in a process of its own so its peak memory
// (the kernel's maximum resident set) is the report's and nothing else's. Run by report-memory.ts:
//   node --import tsx bench/report-memory-child.ts <fold|states> <template.json> <accounts>
// The table is the replayed sample's items, repeated: account i is template account i mod T under the
// id `syn-i` (its state repacked as the store packs it, its touches and trail moved to its key). The
// items are made one account at a time, so the run holds only what the report keeps.
//   fold:   the report as it reads now (each account folded into its row as the scan reads it);
//   states: the report as it read before (every state kept, then the figures built over them).
import { readFileSync } from 'node:fs';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { accountItem } from '../functions/adapters/account-item.js';
import { readTableItem } from '../functions/adapters/table-items.js';
import type { Programs } from '../functions/core/programs.js';
import type { AccountState } from '../functions/core/state.js';
import { buildReportData, type SentTouch } from '../functions/report/report-data.js';
import { tableFold, tableReport } from '../functions/report/table-report.js';
import { takeSnapshot } from '../functions/report/usage-snapshot.js';
import { defaultProgram } from '../functions/sim/event-builders.js';
import { decodeTemplate, type ReportTemplate } from './report-template.js';

type RawItem = Record<string, AttributeValue>;

export interface ChildResult {
  readonly mode: 'fold' | 'states';
  readonly accounts: number;
  readonly items: number;
  /** Reading and folding the items and building the figures; making the synthetic items is left out. */
  readonly reportMs: number;
  /** The same in CPU time (all of the process's threads), which a busy machine does not stretch. */
  readonly reportCpuMs: number;
  readonly maxRssMb: number;
  readonly reportAccounts: number;
  readonly reportTouches: number;
}

function moved(raw: RawItem, accountId: string): RawItem {
  const copy: RawItem = { ...raw, pk: { S: `ACCOUNT#${accountId}` } };
  if (raw.accountId?.S !== undefined) copy.accountId = { S: accountId };
  return copy;
}

/** Calls `visit` with each item of account after account; returns the items made. */
function synthesize(template: ReportTemplate, accounts: number, visit: (raw: RawItem) => void): number {
  const states = template.accounts.map((a) => {
    const item = readTableItem(a.state);
    if (item.kind !== 'account') throw new Error('the template account item is not an account');
    return item.state;
  });
  let items = 0;
  for (const raw of template.shared) {
    visit(raw);
    items += 1;
  }
  for (let i = 0; i < accounts; i++) {
    const t = i % states.length;
    const accountId = `syn-${i}`;
    visit(accountItem({ ...(states[t] as AccountState), accountId }, template.dueShards));
    for (const raw of template.accounts[t]?.others ?? []) visit(moved(raw, accountId));
    items += 1 + (template.accounts[t]?.others.length ?? 0);
  }
  return items;
}

function run(mode: 'fold' | 'states', template: ReportTemplate, accounts: number): ChildResult {
  const program: Programs = [defaultProgram()];
  const window = template.window;
  let reportMs = 0;
  let reportCpuUs = 0;
  const timed = <T>(f: () => T): T => {
    const started = performance.now();
    const cpu = process.cpuUsage();
    try {
      return f();
    } finally {
      reportMs += performance.now() - started;
      const used = process.cpuUsage(cpu);
      reportCpuUs += used.user + used.system;
    }
  };
  let summary: { accounts: number; touches: number };
  let items: number;
  if (mode === 'fold') {
    const fold = tableFold({ program, window });
    items = synthesize(template, accounts, (raw) => timed(() => fold.add(readTableItem(raw))));
    summary = timed(() => {
      const data = tableReport(fold.contents(), program, window);
      return { accounts: data.summary.accounts, touches: JSON.stringify(data).length > 0 ? data.summary.touches : 0 };
    });
  } else {
    const states: AccountState[] = [];
    const touches: SentTouch[] = [];
    items = synthesize(template, accounts, (raw) =>
      timed(() => {
        const item = readTableItem(raw);
        if (item.kind === 'account') states.push(item.state);
        else if (item.kind === 'touch' && item.touch.sentAt !== null)
          touches.push({
            sentAt: item.touch.sentAt,
            accountId: item.touch.accountId,
            contactId: item.touch.contactId,
            kind: item.touch.kind,
          });
      }),
    );
    summary = timed(() => {
      // What the report did before the fold: sort the states, take the reading over them, build.
      const { from, until } = window;
      const sorted = [...states].sort((a, b) => (a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0));
      const inWindow = touches.filter((t) => t.sentAt >= from && t.sentAt < until);
      const snapshots = [takeSnapshot(sorted, program, until)];
      const data = buildReportData({ program, from, until, accounts: sorted, touches: inWindow, snapshots });
      return { accounts: data.summary.accounts, touches: JSON.stringify(data).length > 0 ? data.summary.touches : 0 };
    });
  }
  return {
    mode,
    accounts,
    items,
    reportMs,
    reportCpuMs: reportCpuUs / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    reportAccounts: summary.accounts,
    reportTouches: summary.touches,
  };
}

const [mode, templateFile, accountsText] = process.argv.slice(2);
if (mode !== 'fold' && mode !== 'states') throw new Error(`mode must be fold or states, got ${mode}`);
const template = decodeTemplate(readFileSync(templateFile as string, 'utf8'));
process.stdout.write(`${JSON.stringify(run(mode, template, Number(accountsText)))}\n`);
