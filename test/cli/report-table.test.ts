// `teichaku report --table` reads the deployed table (here DynamoDB Local, kept running after a local
// replay) and writes the very report.json the replay wrote; it says what to set when it cannot read.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AccountStory } from '../../functions/cli/explain-story.js';
import { main } from '../../functions/cli/main.js';
import { LOCAL_TABLE_NAME, localPorts, type ReplayPorts } from '../../functions/sim/replay-ports.js';
import { runSimulation } from '../../functions/sim/run-simulation.js';
import { loadSampleWorld } from '../../functions/sim/sample-config.js';
import { generateSample, type Sample, writeEventsFile } from '../../functions/sim/sample-world.js';
import { defaultProgram } from '../fixtures/builders.js';

const WORLD = resolve(import.meta.dirname, '../../templates/sample/world.yaml');
const PROGRAM = resolve(import.meta.dirname, '../../templates/program.yaml');

let dir: string;
let sample: Sample;
let ports: ReplayPorts;

async function teichaku(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: await main(['node', 'teichaku', ...args]), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
}

/** Local credentials for the default chain; the instance metadata service is never asked. */
function localCredentials(): void {
  vi.stubEnv('AWS_ACCESS_KEY_ID', 'local');
  vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'local');
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  vi.stubEnv('AWS_ENDPOINT_URL_DYNAMODB', undefined);
}

beforeAll(async () => {
  const world = { ...(await loadSampleWorld(WORLD)), accounts: 10, months: 3 };
  sample = generateSample(world, defaultProgram());
  dir = mkdtempSync(join(tmpdir(), 'teichaku-report-table-'));
  await writeEventsFile(join(dir, 'events.jsonl'), sample.events);
  ports = await localPorts();
  await runSimulation({
    eventsFile: join(dir, 'events.jsonl'),
    from: sample.from,
    until: sample.until,
    outDir: join(dir, 'sim'),
    programFile: PROGRAM,
    services: 'local',
    ports,
  });
}, 240_000);

afterAll(async () => {
  await ports?.stop();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => vi.unstubAllEnvs());

describe('teichaku report --table', () => {
  it('writes the same report.json from the table as the local replay that filled it', async () => {
    localCredentials();
    const endpoint = ports.endpoints?.dynamo as string;
    const run = await teichaku(
      'report',
      '--table',
      LOCAL_TABLE_NAME,
      '--endpoint',
      endpoint,
      '--out',
      join(dir, 'table'),
      '--from',
      sample.from,
      '--until',
      sample.until,
      '--program',
      PROGRAM,
      '--max-read-units',
      '5000',
      '--segments',
      '3',
    );
    expect(run.stderr).toContain('reading the table:');
    expect(run.code).toBe(0);
    const fromReplay = JSON.parse(readFileSync(join(dir, 'sim', 'report.json'), 'utf8')) as {
      summary: { touches: number };
      usage: { dauMau: unknown[] };
    };
    expect(fromReplay.summary.touches).toBeGreaterThan(0);
    expect(fromReplay.usage.dauMau.some((v) => v !== null)).toBe(true);
    // Every figure is the same; only the replay's own account of its sending (pauses, deferred jobs:
    // ReportData.sending, "a replay adds them") has no counterpart in the table.
    const { sending, ...replayFigures } = JSON.parse(readFileSync(join(dir, 'sim', 'report.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(sending).toBeDefined();
    const fromTable = JSON.parse(readFileSync(join(dir, 'table', 'report.json'), 'utf8')) as Record<string, unknown>;
    expect(fromTable).toEqual(replayFigures);
    expect(Object.keys(fromTable)).toEqual(Object.keys(replayFigures));
    expect(readFileSync(join(dir, 'table', 'report.html'), 'utf8')).toContain('<canvas id="chart-touches"');
    expect(run.stdout).toMatch(/read [\d,]+ items/);
  }, 120_000);

  it('lists the same work queue from the table as from the replay’s output folder', async () => {
    localCredentials();
    const endpoint = ports.endpoints?.dynamo as string;
    const common = ['--at', sample.until, '--program', PROGRAM, '--json'];
    const fromRun = await teichaku('queue', '--from-run', join(dir, 'sim'), ...common);
    const fromTable = await teichaku('queue', '--table', LOCAL_TABLE_NAME, '--endpoint', endpoint, ...common);
    expect(fromRun.code).toBe(0);
    expect(fromTable.code).toBe(0);
    const run = JSON.parse(fromRun.stdout) as { accounts: number; items: unknown[] };
    expect(run.accounts).toBe(10);
    expect(JSON.parse(fromTable.stdout)).toEqual(run);
  }, 60_000);

  it('names the table and what to check when it does not exist', async () => {
    localCredentials();
    const run = await teichaku(
      'report',
      '--table',
      'no-such-table',
      '--endpoint',
      ports.endpoints?.dynamo as string,
      '--out',
      join(dir, 'none'),
      '--program',
      PROGRAM,
    );
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(/table no-such-table does not exist: check --table .* and --region/);
  }, 60_000);

  it('says which credentials to set when the default chain finds none', async () => {
    for (const name of [
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN',
      'AWS_PROFILE',
      'AWS_WEB_IDENTITY_TOKEN_FILE',
      'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
      'AWS_CONTAINER_CREDENTIALS_FULL_URI',
    ])
      vi.stubEnv(name, undefined);
    vi.stubEnv('AWS_CONFIG_FILE', join(dir, 'no-config'));
    vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', join(dir, 'no-credentials'));
    vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
    const run = await teichaku(
      'report',
      '--table',
      LOCAL_TABLE_NAME,
      '--endpoint',
      ports.endpoints?.dynamo as string,
      '--out',
      join(dir, 'none'),
      '--program',
      PROGRAM,
    );
    expect(run.code).not.toBe(0);
    expect(run.stderr).toMatch(
      /no AWS credentials found: set AWS_PROFILE .*AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/,
    );
  }, 60_000);

  it('asks for a region when neither the flag nor the environment gives one', async () => {
    localCredentials();
    vi.stubEnv('AWS_REGION', undefined);
    vi.stubEnv('AWS_DEFAULT_REGION', undefined);
    const run = await teichaku('report', '--table', 'teichaku', '--out', join(dir, 'none'), '--program', PROGRAM);
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('pass --region <region> or set AWS_REGION');
  }, 60_000);
});

describe('teichaku explain --table', () => {
  const decisionsOf = (story: AccountStory) =>
    story.timeline
      .flatMap((e) => (e.type === 'decision' ? [JSON.stringify({ ...e.decision, sent: e.email !== null })] : []))
      .sort();

  it('tells the same decisions, emails, milestones and health from the table as from the replay folder', async () => {
    localCredentials();
    const endpoint = ports.endpoints?.dynamo as string;
    for (const account of sample.accounts.slice(0, 3)) {
      const id = account.profile.accountId;
      const table = await teichaku(
        'explain',
        '--table',
        LOCAL_TABLE_NAME,
        '--endpoint',
        endpoint,
        '--account',
        id,
        '--json',
        '--program',
        PROGRAM,
      );
      const run = await teichaku(
        'explain',
        '--from-run',
        join(dir, 'sim'),
        '--account',
        id,
        '--json',
        '--program',
        PROGRAM,
      );
      expect([table.code, run.code]).toEqual([0, 0]);
      const fromTable = JSON.parse(table.stdout) as AccountStory;
      const fromRun = JSON.parse(run.stdout) as AccountStory;
      expect(decisionsOf(fromTable).length).toBeGreaterThan(0);
      expect(decisionsOf(fromTable)).toEqual(decisionsOf(fromRun));
      expect(fromTable.milestones).toEqual(fromRun.milestones);
      expect(fromTable.health).toEqual(fromRun.health);
      expect(fromTable.phaseChanges).toEqual(fromRun.phaseChanges);
    }
  }, 60_000);

  it('exits 1 for an account the table does not hold', async () => {
    localCredentials();
    const run = await teichaku(
      'explain',
      '--table',
      LOCAL_TABLE_NAME,
      '--endpoint',
      ports.endpoints?.dynamo as string,
      '--account',
      'acc-nobody',
      '--program',
      PROGRAM,
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`account acc-nobody is not in table ${LOCAL_TABLE_NAME}`);
  }, 60_000);
});
