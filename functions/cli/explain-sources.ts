// Where `teichaku explain` reads an account's story: a `teichaku simulate` output folder, or the
// deployed table (one Query of the account's partition: state, touches, decisions, planner runs).
import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type AttributeValue, type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { type LedgerItem, readTableItem } from '../adapters/table-items.js';
import { accountPartitionKey, TABLE_KEY } from '../adapters/table-schema.js';
import { DecisionRecord } from '../core/decision-record.js';
import { TOUCH_KINDS, type TouchKind } from '../core/program.js';
import type { AccountState } from '../core/state.js';
import {
  type HealthPoint,
  type StorySignal,
  type StorySources,
  type StoryTouch,
  UnknownSubjectError,
} from './explain-story.js';

/** The lines of a JSON-lines file that mention the account, parsed (a cheap text test first: files can be large). */
async function linesOf(path: string, accountId: string): Promise<Record<string, unknown>[]> {
  const needle = `"accountId":${JSON.stringify(accountId)}`;
  const out: Record<string, unknown>[] = [];
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Number.POSITIVE_INFINITY });
  let n = 0;
  for await (const line of lines) {
    n += 1;
    if (!line.includes(needle)) continue;
    try {
      const value = JSON.parse(line) as Record<string, unknown>;
      if (value.accountId === accountId) out.push(value);
    } catch {
      throw new Error(`${path}:${n}: not a JSON line; is this a teichaku simulate output folder?`);
    }
  }
  return out;
}

function isKind(value: unknown): value is TouchKind {
  return (TOUCH_KINDS as readonly unknown[]).includes(value);
}

export async function sourcesFromRun(dir: string, accountId: string): Promise<StorySources> {
  const file = (name: string) => {
    const path = join(dir, name);
    if (!existsSync(path))
      throw new Error(
        `${path} is missing: --from-run takes the --out folder of \`teichaku simulate\` (this version writes ${name})`,
      );
    return path;
  };
  const [accounts, decisions, touches, signals] = await Promise.all([
    linesOf(file('accounts.jsonl'), accountId),
    linesOf(file('decisions.jsonl'), accountId),
    linesOf(file('touches.jsonl'), accountId),
    linesOf(file('signals.jsonl'), accountId),
  ]);
  const account = accounts[0];
  if (account === undefined)
    throw new UnknownSubjectError(`account ${accountId} is not in ${dir} (no line of accounts.jsonl names it)`);
  return {
    state: account.state as AccountState,
    health: (account.healthOverTime ?? []) as HealthPoint[],
    decisions: decisions.map((d, i) => {
      const parsed = DecisionRecord.safeParse(d);
      if (!parsed.success)
        throw new Error(`${join(dir, 'decisions.jsonl')}: decision ${i + 1} of account ${accountId} is unreadable`);
      return parsed.data;
    }),
    touches: touches.flatMap((t): StoryTouch[] =>
      isKind(t.kind)
        ? [
            {
              sentAt: String(t.sentAt),
              contactId: String(t.contactId),
              kind: t.kind,
              subject: typeof t.subject === 'string' ? t.subject : null,
              status: null,
            },
          ]
        : [],
    ),
    signals: signals.filter((s): s is StorySignal => typeof s.at === 'string' && typeof s.type === 'string'),
  };
}

/** The signals the table implies: milestones reached and the start of adoption (the state's facts), the planner runs' own, and sends. */
function tableSignals(
  state: AccountState,
  runSignals: readonly StorySignal[],
  touches: readonly LedgerItem[],
): StorySignal[] {
  const out: StorySignal[] = [...runSignals];
  for (const [milestoneId, reachedAt] of Object.entries(state.milestones))
    out.push({ type: 'Milestone Reached', at: reachedAt, milestoneId, reachedAt });
  if (state.onboardingCompletedAt !== null)
    out.push({ type: 'Phase Changed', at: state.onboardingCompletedAt, from: 'onboarding', to: 'adoption' });
  for (const t of touches)
    if (t.sentAt !== null)
      out.push({ type: 'Touch Sent', at: t.sentAt, contactId: t.contactId, kind: t.kind, touchId: t.touchId });
  return out;
}

export async function sourcesFromTable(
  client: DynamoDBClient,
  tableName: string,
  accountId: string,
): Promise<StorySources> {
  let state: AccountState | null = null;
  const health: HealthPoint[] = [];
  const runSignals: StorySignal[] = [];
  const decisions: DecisionRecord[] = [];
  const ledger: LedgerItem[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': TABLE_KEY.partitionKey },
        ExpressionAttributeValues: { ':pk': { S: accountPartitionKey(accountId) } },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const raw of page.Items ?? []) {
      const item = readTableItem(raw);
      if (item.kind === 'account') state = item.state;
      else if (item.kind === 'touch') ledger.push(item.touch);
      else if (item.kind === 'plan') {
        decisions.push(...item.decisions);
        const { plan } = item;
        if (plan === null) continue;
        if (plan.health !== null) health.push({ at: plan.at, phase: plan.phase, ...plan.health });
        runSignals.push(...plan.signals.filter((s) => s.type !== 'Phase Changed' || s.to !== 'adoption'));
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  if (state === null) throw new UnknownSubjectError(`account ${accountId} is not in table ${tableName}`);
  const found: AccountState = state;
  return {
    state: found,
    health,
    decisions,
    touches: ledger.flatMap((t): StoryTouch[] =>
      t.sentAt === null
        ? []
        : [{ sentAt: t.sentAt, contactId: t.contactId, kind: t.kind, subject: null, status: t.status }],
    ),
    signals: tableSignals(found, runSignals, ledger),
  };
}
