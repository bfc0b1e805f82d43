// One Lambda of teichaku: Node 24 on arm64, an ES module, its own log group and its own role that
// starts with nothing but writing to that log group. Its code comes one of two ways:
// - pre-bundled: the npm package ships each handler bundled once at package time
//   (lib/handlers/<name>/index.mjs, `npm run package`); the construct only copies it and the
//   content file into the asset, so a user's synth needs neither the sources nor esbuild, and no
//   entry file lies outside the user's project root (NodejsFunction's PathNotUnderRoot);
// - from sources: in the repository (or with `handlersDir` naming TypeScript entry files),
//   NodejsFunction bundles `<name>.ts` with the local esbuild (no Docker), with the same options.
// Everything else about the function is the same either way (a test holds it).
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { AssetHashType, DockerImage, type Duration, type RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  Architecture,
  Code,
  type FunctionProps,
  Function as LambdaFunction,
  Runtime,
  Tracing,
} from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { HANDLER_ENV } from '../functions/handlers/config.js';
import { acknowledgeTracingWildcard } from './acknowledgements.js';

/** Where a bundled Lambda finds the build's program and templates (LAMBDA_TASK_ROOT of a zip function). */
export const BUNDLED_CONTENT_FILE = '/var/task/content.json';

/** A Lambda of teichaku: a NodejsFunction when bundled from sources, a Function of pre-bundled code otherwise. */
export type HandlerFunction = LambdaFunction;

/** Every handler the package ships pre-bundled (the weekly report's and the daily digest's too). */
export const PACKAGED_HANDLERS: readonly string[] = [...Object.keys(HANDLER_ENV), 'report', 'digest'];

/** The file a pre-bundled handler's folder holds; `index.handler` is its handler, as NodejsFunction's. */
export const BUNDLED_ENTRY_FILE = 'index.mjs';

// esbuild's ESM output keeps CommonJS dependencies working only if `require` exists in module scope.
const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

/** How every handler is bundled, by NodejsFunction here and by `npm run package` (scripts/package-lib.ts). */
export const HANDLER_BUNDLING = {
  target: 'node24',
  mainFields: ['module', 'main'],
  banner: ESM_REQUIRE_BANNER,
  minify: true,
  sourceMap: true,
  sourcesContent: false,
} as const;

export interface HandlerFunctionOptions {
  /**
   * Absolute path of the TypeScript entry file exporting `handler` (`<dir>/<name>.ts`); when it does
   * not exist, the pre-bundled `<dir>/<name>/index.mjs` is used.
   */
  readonly entry: string;
  readonly description: string;
  readonly timeout: Duration;
  readonly memorySizeMb: number;
  readonly environment: Readonly<Record<string, string>>;
  /** Absolute path of the build's content file; copied next to the bundle when given. */
  readonly contentFile?: string;
  /** Other files the function reads at run time: `from` (absolute; a folder ending in `/.` copies its content) is copied to `to` (relative to the bundle). */
  readonly extraFiles?: readonly { readonly from: string; readonly to: string }[];
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
  readonly tracing: boolean;
  /** Where failed asynchronous invocations go (EventBridge, Scheduler). */
  readonly deadLetterQueue?: IQueue;
  /** Concurrency reserved for (and the most allowed to) this function. */
  readonly reservedConcurrency?: number;
}

/** The folder of a pre-bundled handler that stands for `entry` (`<dir>/<name>.ts` → `<dir>/<name>/`). */
export function bundledHandlerDir(entry: string): string {
  return join(dirname(entry), basename(entry, '.ts'));
}

export function handlerFunction(scope: Construct, id: string, options: HandlerFunctionOptions): HandlerFunction {
  const bundledDir = bundledHandlerDir(options.entry);
  const fromSources = existsSync(options.entry);
  if (!fromSources && !existsSync(join(bundledDir, BUNDLED_ENTRY_FILE))) {
    throw new Error(
      `teichaku: handler entry file ${options.entry} does not exist (function ${id}); expected a TypeScript file exporting \`handler\`, ` +
        `or pre-bundled code at ${join(bundledDir, BUNDLED_ENTRY_FILE)} (npm run package)`,
    );
  }
  const logGroup = new LogGroup(scope, `${id}Logs`, {
    retention: options.logRetention,
    removalPolicy: options.removalPolicy,
  });
  // An own role instead of the default one: the default attaches AWSLambdaBasicExecutionRole, which
  // may write to every log group of the account.
  const role = new Role(scope, `${id}Role`, {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    description: `teichaku ${id} function`,
  });
  logGroup.grantWrite(role);

  const common = {
    description: options.description,
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    timeout: options.timeout,
    memorySize: options.memorySizeMb,
    role,
    logGroup,
    tracing: options.tracing ? Tracing.ACTIVE : Tracing.DISABLED,
    deadLetterQueue: options.deadLetterQueue,
    reservedConcurrentExecutions: options.reservedConcurrency,
    environment: { NODE_OPTIONS: '--enable-source-maps', ...options.environment },
  } satisfies Omit<FunctionProps, 'code' | 'handler'>;
  const fn = fromSources
    ? bundledFromSources(scope, id, options, common)
    : new LambdaFunction(scope, id, { ...common, handler: 'index.handler', code: preBundledCode(bundledDir, options) });
  if (options.tracing) acknowledgeTracingWildcard(role);
  return fn;
}

function bundledFromSources(
  scope: Construct,
  id: string,
  options: HandlerFunctionOptions,
  common: Omit<FunctionProps, 'code' | 'handler'>,
): NodejsFunction {
  const contentFile = options.contentFile;
  return new NodejsFunction(scope, id, {
    ...common,
    entry: options.entry,
    handler: 'handler',
    bundling: {
      format: OutputFormat.ESM,
      target: HANDLER_BUNDLING.target,
      mainFields: [...HANDLER_BUNDLING.mainFields],
      banner: HANDLER_BUNDLING.banner,
      minify: HANDLER_BUNDLING.minify,
      sourceMap: HANDLER_BUNDLING.sourceMap,
      sourcesContent: HANDLER_BUNDLING.sourcesContent,
      // Ship the SDK versions the tests ran against instead of whatever the runtime carries.
      bundleAwsSDK: true,
      forceDockerBundling: false,
      logLevel: LogLevel.WARNING,
      commandHooks: {
        beforeBundling: () => [],
        beforeInstall: () => [],
        afterBundling: (_inputDir: string, outputDir: string) => [
          ...(contentFile === undefined
            ? []
            : [`cp ${shellQuote(contentFile)} ${shellQuote(`${outputDir}/content.json`)}`]),
          ...(options.extraFiles ?? []).map(
            (f) =>
              `mkdir -p ${shellQuote(dirname(`${outputDir}/${f.to}`))} && cp -R ${shellQuote(f.from)} ${shellQuote(`${outputDir}/${f.to}`)}`,
          ),
        ],
      },
    },
  });
}

/**
 * The pre-bundled handler with the content file and extra files beside it. "Bundling" here is a
 * local copy (no Docker, no esbuild); the asset's hash is of the copy, so a changed content file
 * deploys new code, as with NodejsFunction.
 */
function preBundledCode(bundledDir: string, options: HandlerFunctionOptions): Code {
  return Code.fromAsset(bundledDir, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: local bundling always succeeds.
      image: DockerImage.fromRegistry('dummy'),
      local: {
        tryBundle(outputDir: string): boolean {
          cpSync(bundledDir, outputDir, { recursive: true });
          if (options.contentFile !== undefined) cpSync(options.contentFile, join(outputDir, 'content.json'));
          for (const file of options.extraFiles ?? []) {
            const to = join(outputDir, file.to);
            mkdirSync(dirname(to), { recursive: true });
            cpSync(file.from.endsWith('/.') ? file.from.slice(0, -2) : file.from, to, { recursive: true });
          }
          return true;
        },
      },
    },
  });
}

function shellQuote(path: string): string {
  return `'${path.replaceAll("'", `'\\''`)}'`;
}
