// `npm start`: the whole job on one machine, for someone who just cloned the repository. Starts local
// DynamoDB and local SES, creates the table, replays the bundled sample (about 200 customers over six
// months) through the real handlers and adapters as a closed loop (the customers answer the emails
// they get, as the sample's `effects` say), prints a summary and where to read the KPI report and
// every email, and stops what it started. The notifications a CS team would get in Slack and Teams
// go to a local receiver on loopback, as the deployment's API destinations would post them, and are
// written to notifications.jsonl; the CRM record changes are PATCHed to its HubSpot and Salesforce
// stand-ins the same way (crm.jsonl holds each change as published). Each CS owner's daily digest of
// the last day goes through the local SES too, and is written to digests/<owner>.html and .txt.

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { createHttpCrmPublisher } from '../adapters/http-crm-publisher.js';
import { createHttpNotifier } from '../adapters/http-notifier.js';
import { type NotificationReceiver, startNotificationReceiver } from '../adapters/local/notification-receiver.js';
import { ContentBuildError } from '../build/problems.js';
import { loadProgramFile } from '../build/program-file.js';
import { progressDisplay } from '../sim/progress-bar.js';
import { openPorts, type ReplayPorts, SERVICE_MODES } from '../sim/replay-ports.js';
import { runSimulation } from '../sim/run-simulation.js';
import { loadSampleWorld } from '../sim/sample-config.js';
import { type SurveyFigures, sampleLoop } from '../sim/sample-loop.js';
import { sampleWindow } from '../sim/sample-world.js';
import { formatSummary } from '../sim/summary.js';
import { type FreshOutput, withFreshOutput } from './fresh-output.js';
import { sendSampleDigests } from './sample-digests.js';

export const StartFlags = z.strictObject({
  world: z.string().min(1).default('templates/sample/world.yaml'),
  program: z.string().min(1).default('templates/program.yaml'),
  out: z.string().min(1).default('out/sample'),
  accounts: z.coerce.number().int('must be a whole number').min(1).max(100_000).optional(),
  months: z.coerce.number().int('must be a whole number').min(1).max(36).optional(),
  services: z.enum(SERVICE_MODES).default('local'),
});
export type StartFlags = z.infer<typeof StartFlags>;

export interface StartResult {
  readonly summary: string;
  readonly outDir: string;
  /** Where the local services listened (all stopped by the time `start` returns). */
  readonly endpoints: ReplayPorts['endpoints'];
  /** Where the local notification receiver listened (stopped by the time `start` returns). */
  readonly receiver: { readonly slackUrl: string; readonly teamsUrl: string };
}

/** The channel the local run's Slack notifications name; no real workspace is involved. */
export const LOCAL_SLACK_CHANNEL = 'C0LOCALRUN';
/** Requests per second to each local destination: bounded as deployed, fast enough for months of signals. */
export const LOCAL_NOTIFICATION_RATE = 200;

/** Runs the sample end to end; `write` receives what a person reads (stdout). */
export async function start(
  flags: StartFlags,
  write: (text: string) => void = (t) => process.stdout.write(t),
): Promise<StartResult> {
  // Everything is written beside the output folder and replaces the last run's files only at the end:
  // a run that fails (no Java, Ctrl-C) leaves the previous run whole.
  return withFreshOutput(flags.out, (output) => startInto(flags, output, write));
}

async function startInto(flags: StartFlags, output: FreshOutput, write: (text: string) => void): Promise<StartResult> {
  const outDir = output.stagingDir;
  // DynamoDB Local's JVM takes seconds to answer: it starts first and boots while the program, the
  // world and the content load. A failure to start (no Java) is reported where the ports are awaited.
  const opening = openPorts(flags.services);
  opening.catch(() => undefined);
  const stopPorts = () =>
    opening.then(
      (p) => p.stop(),
      () => undefined,
    );
  let loaded: Awaited<ReturnType<typeof loadSample>>;
  try {
    loaded = await loadSample(flags, outDir);
  } catch (error) {
    await stopPorts();
    throw error;
  }
  const { world, sample, eventsFile, eventsOut, live, programs } = loaded;
  write(
    `teichaku: ${world.accounts} sample accounts answering the emails they get, ${sample.from.slice(0, 10)} → ${sample.until.slice(0, 10)}\n`,
  );

  write(
    flags.services === 'local'
      ? 'teichaku: starting local DynamoDB and local SES (loopback only)…\n'
      : 'teichaku: in-memory services\n',
  );
  const stopOnSignal = () => {
    void stopPorts()
      .then(() => output.discard())
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);
  const progress = progressDisplay();
  let receiver: NotificationReceiver | null = null;
  let endpoints: ReplayPorts['endpoints'] = null;
  const ports = opening.then((opened) => {
    endpoints = opened.endpoints;
    return opened;
  });
  // Awaited by the replay once its content is loaded; a failure before then must not go unhandled.
  ports.catch(() => undefined);
  try {
    receiver = await startNotificationReceiver();
    const notify = createHttpNotifier({
      slack: { url: receiver.slackUrl, channel: LOCAL_SLACK_CHANNEL, token: 'xoxb-local' },
      teams: { url: receiver.teamsUrl },
      settings: { csOwnerSlackIds: {}, notificationLocale: world.csTeam?.notificationLocale ?? 'en' },
      programs,
      ratePerSecond: LOCAL_NOTIFICATION_RATE,
    });
    const crm = createHttpCrmPublisher({
      hubspot: { baseUrl: receiver.hubspotUrl, token: 'pat-local' },
      salesforce: { baseUrl: receiver.salesforceUrl, token: 'sf-local' },
      ratePerSecond: LOCAL_NOTIFICATION_RATE,
    });
    const result = await runSimulation({
      eventsFile,
      live,
      from: sample.from,
      until: sample.until,
      outDir,
      ...(world.deliverability === undefined ? {} : { feedback: world.deliverability }),
      programFile: flags.program,
      services: flags.services,
      ports,
      notify,
      crm,
      onProgress: (p) => progress.update(p),
    });
    const notificationsFile = join(outDir, 'notifications.jsonl');
    const notifications = receiver.received.filter((r) => r.destination === 'slack' || r.destination === 'teams');
    const crmUpdates = receiver.received.length - notifications.length;
    await writeFile(notificationsFile, notifications.map((r) => `${JSON.stringify(r)}\n`).join(''));
    const digests = await sendSampleDigests({
      outDir,
      programs,
      at: sample.until,
      sesEndpoint: (endpoints as ReplayPorts['endpoints'])?.ses ?? null,
    });
    progress.stop();
    const rel = (p: string) => relative(process.cwd(), output.published(p)) || p;
    const text =
      `\n${formatSummary(result.summary)}\n\n` +
      `KPI report:  ${rel(result.files.report)}\n` +
      `every email: ${rel(result.files.mailbox)}\n` +
      `notifications to Slack and Teams (${notifications.length}): ${rel(notificationsFile)}\n` +
      `CRM record changes (${crmUpdates} updates to HubSpot and Salesforce): ${rel(result.files.crm)}\n` +
      `${surveyLine(live.surveys())}\n` +
      `daily digests to the CS owners (${digests.sent}): ${rel(digests.dir)}\n` +
      `events:      ${rel(eventsFile)} (replay it yourself: npx teichaku simulate --events ${rel(eventsFile)} --until ${sample.until} --out out/mine)\n`;
    write(text);
    return {
      summary: text,
      outDir: output.outDir,
      endpoints,
      receiver: { slackUrl: receiver.slackUrl, teamsUrl: receiver.teamsUrl },
    };
  } finally {
    progress.stop();
    eventsOut.end();
    await once(eventsOut, 'close');
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
    await stopPorts();
    await receiver?.stop();
    if (flags.services === 'local' && endpoints !== null) write('teichaku: local DynamoDB and SES stopped\n');
  }
}

/** What the sample people did with the survey emails (sample-survey.ts), in one line. */
export function surveyLine(f: SurveyFigures): string {
  const rate = f.received === 0 ? 0 : (100 * f.answered) / f.received;
  const refused = f.unanswered === 0 ? '' : `, ${f.unanswered} not taken by the page`;
  return `survey emails: ${f.received} delivered, ${f.answered} answered on the survey page (${rate.toFixed(1)} %${refused}); link scanners fetched ${f.scannerFetches} survey pages (GETs only)`;
}

/** The program and the sample world, and the events file the closed loop writes as it draws. */
async function loadSample(flags: StartFlags, outDir: string) {
  const programFile = await loadProgramFile(flags.program);
  if (!programFile.ok) throw new ContentBuildError(programFile.problems);
  const base = await loadSampleWorld(flags.world);
  const world = { ...base, accounts: flags.accounts ?? base.accounts, months: flags.months ?? base.months };
  const sample = sampleWindow(world);
  const eventsFile = join(outDir, 'events.jsonl');
  // The events are drawn as the replay goes (the customers answer the emails): written as drawn.
  const eventsOut = createWriteStream(eventsFile, { encoding: 'utf8' });
  const live = sampleLoop(world, programFile.yaml.programs, (event) => eventsOut.write(`${JSON.stringify(event)}\n`));
  return { world, sample, eventsFile, eventsOut, live, programs: programFile.yaml.programs };
}

export function parseStartFlags(argv: readonly string[]): StartFlags {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      world: { type: 'string' },
      program: { type: 'string' },
      out: { type: 'string' },
      accounts: { type: 'string' },
      months: { type: 'string' },
      services: { type: 'string' },
    },
    strict: true,
  });
  const parsed = StartFlags.safeParse(values);
  if (!parsed.success)
    throw new Error(parsed.error.issues.map((i) => `--${String(i.path[0] ?? '?')}: ${i.message}`).join('; '));
  return parsed.data;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  // The SDK's notice about its future Node.js support is for deployments; here it only talks to the
  // local services, and a newcomer's first command should not open with a warning.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  try {
    await start(parseStartFlags(process.argv.slice(2)));
  } catch (error) {
    process.stderr.write(`teichaku: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
