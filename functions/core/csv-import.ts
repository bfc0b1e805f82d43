// A first deployment's accounts and contacts from one CSV file: each row becomes an ordinary
// Account Upserted or Contact Upserted event, checked by the contract itself; each bad row is
// reported with its line number and field, and no event is made from it.
import { type ParseOptions, parseProductEvent } from './events.js';

/** The columns a row may use; `record` says which event the row is (`account` or `contact`). */
export const IMPORT_COLUMNS = [
  'record',
  'accountId',
  'contactId',
  'name',
  'plan',
  'industry',
  'employees',
  'timeZone',
  'locale',
  'contractStart',
  'touchModel',
  'email',
  'role',
] as const;
type Column = (typeof IMPORT_COLUMNS)[number];

const ACCOUNT_FIELDS: readonly Column[] = [
  'accountId',
  'name',
  'plan',
  'industry',
  'employees',
  'timeZone',
  'locale',
  'contractStart',
  'touchModel',
];
const CONTACT_FIELDS: readonly Column[] = ['accountId', 'contactId', 'email', 'name', 'role', 'locale', 'timeZone'];
/** Contact columns that may be left empty. */
const OPTIONAL: ReadonlySet<Column> = new Set(['locale', 'timeZone']);

/** One problem with one row (or the file), never carrying the value: it may be personal data. */
export interface ImportProblem {
  readonly line: number;
  readonly field: string;
  readonly expected: string;
}

export interface CsvRecord {
  /** The 1-based line the record starts on. */
  readonly line: number;
  readonly cells: readonly string[];
}

/**
 * Splits CSV text (RFC 4180: quoted cells, `""` for a quote, CRLF or LF) into records, each with the
 * line it starts on. A quote left open is a problem of its line.
 */
export function parseCsv(text: string): { records: CsvRecord[]; problems: ImportProblem[] } {
  const records: CsvRecord[] = [];
  const source = text.startsWith('\ufeff') ? text.slice(1) : text;
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let i = 0;
  const endRecord = () => {
    cells.push(cell);
    if (!(cells.length === 1 && cells[0] === '')) records.push({ line: start, cells });
    cells = [];
    cell = '';
  };
  while (i < source.length) {
    const c = source[i] as string;
    if (quoted) {
      if (c === '"' && source[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else {
        if (c === '\n') line += 1;
        cell += c;
      }
      i += 1;
      continue;
    }
    if (c === '"' && cell === '') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && source[i + 1] === '\n') i += 1;
      endRecord();
      line += 1;
      start = line;
    } else cell += c;
    i += 1;
  }
  if (quoted) return { records, problems: [{ line: start, field: '(row)', expected: 'a closing quote' }] };
  endRecord();
  return { records, problems: [] };
}

export interface ImportOptions {
  /** The `source` the events carry: the product's configured one. */
  readonly source: string;
  /** When the import happens (ISO): every event's `time`. */
  readonly at: string;
}

export interface ImportResult {
  /** EventBridge events, in file order: accounts and contacts as the rows list them. */
  readonly events: readonly Record<string, unknown>[];
  readonly problems: readonly ImportProblem[];
  readonly rows: number;
}

function fieldOf(path: string): string {
  return path.startsWith('detail.') ? path.slice('detail.'.length) : path;
}

/** Turns a CSV file's text into checked contract events, or the problems of each bad row. */
export function importCsv(text: string, options: ImportOptions): ImportResult {
  const { records, problems: csvProblems } = parseCsv(text);
  const problems: ImportProblem[] = [...csvProblems];
  const [header, ...rows] = records;
  if (header === undefined)
    return { events: [], problems: [{ line: 1, field: '(file)', expected: 'a header row' }], rows: 0 };
  const columns = header.cells.map((c) => c.trim());
  const known = new Set<string>(IMPORT_COLUMNS);
  columns.forEach((column) => {
    if (!known.has(column))
      problems.push({ line: header.line, field: column.slice(0, 40), expected: `one of ${IMPORT_COLUMNS.join(', ')}` });
  });
  if (!columns.includes('record'))
    problems.push({ line: header.line, field: 'record', expected: 'a record column (account or contact)' });
  if (problems.length > 0) return { events: [], problems, rows: rows.length };
  const parseOptions: ParseOptions = { allowedSource: options.source, receivedAt: options.at };
  const stamp = Date.parse(options.at);
  const events: Record<string, unknown>[] = [];
  for (const row of rows) {
    if (row.cells.length !== columns.length) {
      problems.push({
        line: row.line,
        field: '(row)',
        expected: `${columns.length} cells as the header (found ${row.cells.length})`,
      });
      continue;
    }
    const value = (column: Column) => row.cells[columns.indexOf(column)];
    const record = value('record')?.trim();
    const isAccount = record === 'account';
    if (!isAccount && record !== 'contact') {
      problems.push({ line: row.line, field: 'record', expected: 'account or contact' });
      continue;
    }
    const detail: Record<string, unknown> = {};
    for (const field of isAccount ? ACCOUNT_FIELDS : CONTACT_FIELDS) {
      const cell = value(field);
      if (cell === undefined || (cell.trim() === '' && !isAccount && OPTIONAL.has(field))) continue;
      detail[field] = field === 'employees' && /^\d{1,9}$/.test(cell.trim()) ? Number(cell.trim()) : cell;
    }
    const raw = {
      id: `import-${stamp}-${row.line}`,
      source: options.source,
      'detail-type': isAccount ? 'Account Upserted' : 'Contact Upserted',
      time: options.at,
      detail,
    };
    const parsed = parseProductEvent(raw, parseOptions);
    if (parsed.kind === 'rejected') {
      for (const p of parsed.problems) problems.push({ line: row.line, field: fieldOf(p.path), expected: p.expected });
      continue;
    }
    events.push(raw);
  }
  return { events, problems, rows: rows.length };
}

/** One line per problem: `line 4: email: expected must be an email address`. */
export function formatImportProblem(p: ImportProblem): string {
  return `line ${p.line}: ${p.field}: expected ${p.expected}`;
}
