// The construct's props checked once, with messages that say which prop and what is expected.
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { SIGNAL_SOURCE } from '../functions/adapters/eventbridge-publisher.js';
import { DEFAULT_DUE_SHARDS } from '../functions/adapters/table-schema.js';
import { DEFAULT_ACCOUNTS_PER_ITEM } from '../functions/app/plan-shard-range.js';
import { Email } from '../functions/core/events.js';
import { MAX_DUE_SHARDS } from '../functions/core/planning-work.js';
import {
  checkSenderAddresses,
  type DeliverabilitySettings,
  deliverabilitySettings,
  knownIdentityNames,
} from './deliverability-settings.js';
import { identityNameOf, type SenderIdentityOptions } from './email.js';
import { DEFAULT_EVENT_SOURCE, type TeichakuProps } from './teichaku-props.js';

// infra/ in the repository, lib/infra/ in the installed package.
const HERE = dirname(fileURLToPath(import.meta.url));
/** The handlers' TypeScript entry files: in the repository only (the package ships no sources). */
const SOURCE_HANDLERS_DIR = resolve(HERE, '../functions/handlers');
/** The handlers `npm run package` bundled (lib/handlers/<name>/index.mjs): in the package. */
const PACKAGED_HANDLERS_DIR = resolve(HERE, '../handlers');

/** Where the construct finds the content when no `contentFile` is given: `teichaku build`'s output, in the folder cdk runs from. */
export const DEFAULT_CONTENT_FILE = 'dist/content.json';

export interface SettingsInput {
  readonly fromAddress: string;
  readonly eventBusGiven: boolean;
  readonly eventBusName?: string;
  readonly dueShards?: number;
  readonly sendRatePerSecond?: number;
  readonly senderConcurrency?: number;
  readonly plannerWorkers?: number;
  readonly plannerShardsPerItem?: number;
  readonly plannerAccountsPerItem?: number;
  readonly contentFile?: string;
  readonly handlersDir?: string;
}

export interface Settings {
  /** Absolute directory of the handler entry files. */
  readonly handlersDir: string;
  /** Absolute path of the build's content file; it exists. */
  readonly contentFile: string;
  readonly dueShards: number;
  readonly sendRatePerSecond: number;
  readonly senderConcurrency: number;
  readonly planner: PlannerFanOut;
}

/** How a planner run fans out (README "Planning"). */
export interface PlannerFanOut {
  /** Planner functions at once (the planning queue's event source maximum concurrency). */
  readonly workers: number;
  readonly shardsPerItem: number;
  readonly accountsPerItem: number;
}

/** The planner functions that may run at once when `plannerWorkers` is not given. */
export const DEFAULT_PLANNER_WORKERS = 4;

function wholeNumber(prop: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw new Error(`teichaku: ${prop} must be an integer from ${min} to ${max} (got ${value})`);
  return value;
}

/** The fan-out props checked, each against what its resource accepts. */
export function checkedPlannerFanOut(input: SettingsInput): PlannerFanOut {
  return {
    // SQS event sources accept a maximum concurrency from 2 to 1000.
    workers: wholeNumber('plannerWorkers', input.plannerWorkers ?? DEFAULT_PLANNER_WORKERS, 2, 1000),
    shardsPerItem: wholeNumber('plannerShardsPerItem', input.plannerShardsPerItem ?? 1, 1, MAX_DUE_SHARDS),
    accountsPerItem: wholeNumber(
      'plannerAccountsPerItem',
      input.plannerAccountsPerItem ?? DEFAULT_ACCOUNTS_PER_ITEM,
      1,
      1_000_000,
    ),
  };
}

export function checkedSettings(input: SettingsInput): Settings {
  if (input.eventBusGiven && input.eventBusName !== undefined) {
    throw new Error('teichaku: give either eventBus or eventBusName, not both');
  }
  // The sender parses FROM_ADDRESS with the same schema at cold start; fail here, not in Lambda.
  if (!Email.safeParse(input.fromAddress).success) {
    throw new Error(
      'teichaku: fromAddress must be a bare email address such as success@example.com (the display name comes from the program)',
    );
  }
  const dueShards = input.dueShards ?? DEFAULT_DUE_SHARDS;
  if (!Number.isInteger(dueShards) || dueShards < 1 || dueShards > 1000) {
    throw new Error(`teichaku: dueShards must be an integer from 1 to 1000 (got ${dueShards})`);
  }
  const sendRatePerSecond = input.sendRatePerSecond ?? 10;
  if (!Number.isFinite(sendRatePerSecond) || sendRatePerSecond <= 0) {
    throw new Error(`teichaku: sendRatePerSecond must be a positive number (got ${sendRatePerSecond})`);
  }
  const senderConcurrency = input.senderConcurrency ?? 2;
  // SQS event sources accept a maximum concurrency from 2 to 1000.
  if (!Number.isInteger(senderConcurrency) || senderConcurrency < 2 || senderConcurrency > 1000) {
    throw new Error(`teichaku: senderConcurrency must be an integer from 2 to 1000 (got ${senderConcurrency})`);
  }
  const contentFile = fromCurrentDir(input.contentFile ?? DEFAULT_CONTENT_FILE);
  if (!existsSync(contentFile)) {
    throw new Error(
      `teichaku: the built program and templates (${input.contentFile ?? DEFAULT_CONTENT_FILE}) do not exist; ` +
        'run `npm run build` first (`npx teichaku build` in a project of your own), or set the contentFile prop to a built content.json',
    );
  }
  const handlersDir = input.handlersDir === undefined ? defaultHandlersDir() : fromCurrentDir(input.handlersDir);
  const planner = checkedPlannerFanOut(input);
  return { handlersDir, contentFile, dueShards, sendRatePerSecond, senderConcurrency, planner };
}

/**
 * The sources when they are there (the repository: tests and `cdk synth` always bundle what is
 * checked out, never a stale lib/), else the package's pre-bundled handlers.
 */
function defaultHandlersDir(): string {
  return existsSync(join(SOURCE_HANDLERS_DIR, 'ingest.ts')) ? SOURCE_HANDLERS_DIR : PACKAGED_HANDLERS_DIR;
}

/** A relative path is taken from the current directory: the CDK app's folder, where cdk runs. */
function fromCurrentDir(path: string): string {
  return isAbsolute(path) ? path : resolve(process.cwd(), path);
}

export interface HardeningInput {
  readonly ownBus: boolean;
  readonly eventSource: string;
  readonly resumeEventSource: string;
  /** The From identity's name (a domain, or an address). */
  readonly fromIdentity: string;
  readonly forwardProductEventsFrom?: unknown;
  readonly productEventPrincipals?: readonly string[];
  readonly resumePrincipals?: readonly string[];
  readonly futureTolerance?: Duration;
  readonly csOwnerDomains?: readonly string[];
  readonly unsubscribeReservedConcurrency?: number;
}

export interface Hardening {
  readonly productPrincipals: readonly string[];
  readonly resumePrincipals: readonly string[];
  readonly futureToleranceSec: number;
  readonly csOwnerDomains: readonly string[];
  readonly unsubscribeReservedConcurrency: number;
}

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** Who may speak to teichaku and what ingest accepts, checked once (issue #16). */
export function checkedHardening(input: HardeningInput): Hardening {
  const { ownBus } = input;
  for (const [prop, given] of [
    ['productEventPrincipals', input.productEventPrincipals],
    ['resumePrincipals', input.resumePrincipals],
    ['forwardProductEventsFrom', input.forwardProductEventsFrom],
  ] as const) {
    if (given !== undefined && !ownBus) {
      throw new Error(
        `teichaku: ${prop} shapes teichaku's own bus; with eventBus or eventBusName the bus and its policy are yours (README: who may speak to teichaku)`,
      );
    }
  }
  const principals = (prop: string, arns: readonly string[] | undefined) => {
    for (const arn of arns ?? []) {
      if (!Token.isUnresolved(arn) && !/^arn:aws[a-z-]*:(iam|sts)::(\d{12}|\*):/.test(arn)) {
        throw new Error(
          `teichaku: ${prop} takes IAM principal ARNs such as arn:aws:iam::123456789012:role/product-events`,
        );
      }
    }
    return [...(arns ?? [])];
  };
  const sources = new Set([input.eventSource, input.resumeEventSource, SIGNAL_SOURCE]);
  if (sources.size !== 3)
    throw new Error(
      `teichaku: eventSource, resumeEventSource and teichaku's own "${SIGNAL_SOURCE}" must be three different sources`,
    );
  const futureToleranceSec = (input.futureTolerance ?? Duration.hours(24)).toSeconds();
  if (!Number.isInteger(futureToleranceSec) || futureToleranceSec < 60 || futureToleranceSec > 604_800) {
    throw new Error(
      `teichaku: futureTolerance must be whole seconds from 1 minute to 7 days (got ${futureToleranceSec} s)`,
    );
  }
  const fromDomain = input.fromIdentity.slice(input.fromIdentity.lastIndexOf('@') + 1).toLowerCase();
  const csOwnerDomains = (input.csOwnerDomains ?? [fromDomain]).map((d) => d.trim().toLowerCase());
  const badDomain = csOwnerDomains.findIndex((d) => !DOMAIN.test(d));
  if (csOwnerDomains.length === 0 || badDomain >= 0) {
    throw new Error(
      `teichaku: csOwnerDomains must list at least one domain such as example.com${badDomain >= 0 ? ` (entry ${badDomain} is not one)` : ''}`,
    );
  }
  const unsubscribeReservedConcurrency = input.unsubscribeReservedConcurrency ?? 5;
  if (
    !Number.isInteger(unsubscribeReservedConcurrency) ||
    unsubscribeReservedConcurrency < 1 ||
    unsubscribeReservedConcurrency > 1000
  ) {
    throw new Error(
      `teichaku: unsubscribeReservedConcurrency must be an integer from 1 to 1000 (got ${unsubscribeReservedConcurrency})`,
    );
  }
  return {
    productPrincipals: principals('productEventPrincipals', input.productEventPrincipals),
    resumePrincipals: principals('resumePrincipals', input.resumePrincipals),
    futureToleranceSec,
    csOwnerDomains,
    unsubscribeReservedConcurrency,
  };
}

/** The props of the `Teichaku` construct checked, with their defaults filled in. */
export interface CheckedProps {
  readonly settings: Settings;
  readonly deliverability: DeliverabilitySettings;
  readonly hardening: Hardening;
  readonly removalPolicy: RemovalPolicy;
  readonly eventSource: string;
  readonly senderIdentity: SenderIdentityOptions;
  /** Lower-case names of every identity mail may come from. */
  readonly identityNames: readonly string[];
  /** Whether teichaku makes a bus of its own (neither `eventBus` nor `eventBusName` given). */
  readonly ownBus: boolean;
  readonly logRetention: RetentionDays;
  readonly tracing: boolean;
}

/** The props checked, with their defaults filled in; throws on the first wrong one, naming it. */
export function checkedProps(props: TeichakuProps): CheckedProps {
  const settings = checkedSettings({ ...props, eventBusGiven: props.eventBus !== undefined });
  const deliverability = deliverabilitySettings(props);
  const eventSource = props.eventSource ?? DEFAULT_EVENT_SOURCE;
  const senderIdentity = props.senderIdentity ?? {};
  const identityNames = knownIdentityNames(props.fromAddress, senderIdentity, props);
  const ownBus = props.eventBus === undefined && props.eventBusName === undefined;
  const hardening = checkedHardening({
    ...props,
    ownBus,
    eventSource,
    resumeEventSource: deliverability.resumeEventSource,
    fromIdentity: identityNameOf(props.fromAddress, senderIdentity),
  });
  checkSenderAddresses(settings.contentFile, props.fromAddress, identityNames);
  return {
    settings,
    deliverability,
    hardening,
    removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
    eventSource,
    senderIdentity,
    identityNames,
    ownBus,
    logRetention: props.logRetention ?? RetentionDays.THREE_MONTHS,
    tracing: props.tracing ?? false,
  };
}
