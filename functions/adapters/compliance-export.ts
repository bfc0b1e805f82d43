// One account's compliance record as an auditor reads it: every entry (bases stated, opt-outs,
// removals) and every promotional email with the basis it relied on. Read from the deployed table,
// or from the `compliance.jsonl` a replay writes (one line per entry or promotional touch).
import { createReadStream, existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { type AttributeValue, type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { ConsentBasis } from '../core/events.js';
import type { StoredComplianceEntry, TouchStatus } from '../core/ports.js';
import type { TouchKind } from '../core/program.js';
import type { AccountState } from '../core/state.js';
import { type SurveyAnswerRecord, surveyAnswersOf } from '../core/voice.js';
import { createDynamoComplianceLog } from './dynamodb-compliance-log.js';
import { createDynamoAccountStore } from './dynamodb-store.js';
import type { MemoryComplianceLog } from './memory/compliance-log.js';
import type { MemoryTouchLedger } from './memory/touch-ledger.js';
import { accountPartitionKey, ITEM_PREFIX, TABLE_KEY } from './table-schema.js';

export interface PromotionalTouchRecord {
  readonly accountId: string;
  readonly contactId: string;
  readonly touchId: string;
  readonly kind: TouchKind;
  readonly basis: ConsentBasis;
  readonly basisFrom: 'contact' | 'program-default';
  readonly plannedAt: string;
  readonly sentAt: string | null;
  readonly status: TouchStatus;
}

export interface AccountCompliance {
  readonly accountId: string;
  readonly entries: readonly StoredComplianceEntry[];
  readonly promotionalTouches: readonly PromotionalTouchRecord[];
  /**
   * The data-subject view of the customer's voice: each person's survey answers with their comments
   * (customer content: this export is for the person or an auditor, never for a log). A removed
   * person's answers are gone with them.
   */
  readonly surveyAnswers: readonly SurveyAnswerRecord[];
}

/** One line of a replay's compliance.jsonl. */
export type ComplianceLine =
  | ({ readonly record: 'entry' } & StoredComplianceEntry)
  | ({ readonly record: 'promotional-touch' } & PromotionalTouchRecord)
  | ({ readonly record: 'survey-answer' } & SurveyAnswerRecord);

export const COMPLIANCE_FILE = 'compliance.jsonl';

/** The touches of the account that relied on a basis (promotional ones), from the ledger's items. */
async function promotionalTouches(
  client: DynamoDBClient,
  tableName: string,
  accountId: string,
): Promise<PromotionalTouchRecord[]> {
  const out: PromotionalTouchRecord[] = [];
  let startKey: Record<string, AttributeValue> | undefined;
  do {
    const page = await client.send(
      new QueryCommand({
        TableName: tableName,
        KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :touch)',
        FilterExpression: 'attribute_exists(basis)',
        ExpressionAttributeNames: { '#pk': TABLE_KEY.partitionKey, '#sk': TABLE_KEY.sortKey },
        ExpressionAttributeValues: marshall({ ':pk': accountPartitionKey(accountId), ':touch': ITEM_PREFIX.touch }),
        ExclusiveStartKey: startKey,
      }),
    );
    for (const raw of page.Items ?? []) {
      const item = unmarshall(raw);
      out.push({
        accountId,
        contactId: item.contactId,
        touchId: item.touchId,
        kind: item.kind,
        basis: item.basis.basis,
        basisFrom: item.basis.from,
        plannedAt: item.plannedAt,
        sentAt: item.sentAt ?? null,
        status: item.status,
      });
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return out;
}

/**
 * Entries from the compliance table (a deployment's own, append-only one; locally it may be the single
 * table itself), promotional touches from the teichaku table.
 */
export async function complianceFromTable(
  client: DynamoDBClient,
  tableName: string,
  accountId: string,
  complianceTableName: string = tableName,
): Promise<AccountCompliance> {
  const [entries, touches, state] = await Promise.all([
    createDynamoComplianceLog(client, { tableName: complianceTableName }).list(accountId),
    promotionalTouches(client, tableName, accountId),
    createDynamoAccountStore(client, { tableName }).load(accountId),
  ]);
  return {
    accountId,
    entries,
    promotionalTouches: touches,
    surveyAnswers: state === null ? [] : surveyAnswersOf(state),
  };
}

/** The same from the in-memory record and ledger of a replay. */
export async function complianceFromMemory(
  log: MemoryComplianceLog,
  ledger: MemoryTouchLedger,
  accountId: string,
  state: AccountState | null = null,
): Promise<AccountCompliance> {
  const touches = ledger
    .ofAccount(accountId)
    .filter((e) => e.touch.basis !== undefined)
    .map((e): PromotionalTouchRecord => {
      const basis = e.touch.basis as NonNullable<typeof e.touch.basis>;
      return {
        accountId,
        contactId: e.touch.contactId,
        touchId: e.touch.touchId,
        kind: e.touch.kind,
        basis: basis.basis,
        basisFrom: basis.from,
        plannedAt: e.touch.plannedAt,
        sentAt: e.sentAt,
        status: e.status,
      };
    })
    .sort((a, b) => (a.touchId < b.touchId ? -1 : 1));
  return {
    accountId,
    entries: await log.list(accountId),
    promotionalTouches: touches,
    surveyAnswers: state === null ? [] : surveyAnswersOf(state),
  };
}

/** Writes the records of a replay's accounts as compliance.jsonl. */
export async function writeComplianceLines(path: string, accounts: readonly AccountCompliance[]): Promise<void> {
  const lines: ComplianceLine[] = accounts.flatMap((a) => [
    ...a.entries.map((e) => ({ record: 'entry' as const, ...e })),
    ...a.promotionalTouches.map((t) => ({ record: 'promotional-touch' as const, ...t })),
    ...a.surveyAnswers.map((answer) => ({ record: 'survey-answer' as const, ...answer })),
  ]);
  await writeFile(path, lines.map((l) => `${JSON.stringify(l)}\n`).join(''), 'utf8');
}

export async function complianceFromRun(path: string, accountId: string): Promise<AccountCompliance> {
  if (!existsSync(path))
    throw new Error(
      `${path} is missing: --from-run takes the --out folder of \`teichaku simulate\` (this version writes ${COMPLIANCE_FILE})`,
    );
  const entries: StoredComplianceEntry[] = [];
  const touches: PromotionalTouchRecord[] = [];
  const answers: SurveyAnswerRecord[] = [];
  const needle = `"accountId":${JSON.stringify(accountId)}`;
  let n = 0;
  for await (const line of createInterface({
    input: createReadStream(path, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  })) {
    n += 1;
    if (!line.includes(needle)) continue;
    let value: ComplianceLine;
    try {
      value = JSON.parse(line) as ComplianceLine;
    } catch {
      throw new Error(`${path}:${n}: not a JSON line; is this a teichaku simulate output folder?`);
    }
    if (value.accountId !== accountId) continue;
    const { record, ...rest } = value;
    if (record === 'entry') entries.push(rest as StoredComplianceEntry);
    else if (record === 'survey-answer') answers.push(rest as SurveyAnswerRecord);
    else touches.push(rest as PromotionalTouchRecord);
  }
  return { accountId, entries, promotionalTouches: touches, surveyAnswers: answers };
}
