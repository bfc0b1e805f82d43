// One Lambda of teichaku: Node 24 on arm64, an ES module bundled by the local esbuild (no Docker),
// its own log group and its own role that starts with nothing but writing to that log group.
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledgeTracingWildcard } from './acknowledgements.js';

/** Where a bundled Lambda finds the build's program and templates (LAMBDA_TASK_ROOT of a zip function). */
export const BUNDLED_CONTENT_FILE = '/var/task/content.json';

// esbuild's ESM output keeps CommonJS dependencies working only if `require` exists in module scope.
const ESM_REQUIRE_BANNER = "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);";

export interface HandlerFunctionOptions {
  /** Absolute path of the TypeScript entry file exporting `handler`. */
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

export function handlerFunction(scope: Construct, id: string, options: HandlerFunctionOptions): NodejsFunction {
  if (!existsSync(options.entry)) {
    throw new Error(`teichaku: handler entry file ${options.entry} does not exist (function ${id}); expected a TypeScript file exporting \`handler\``);
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

  const contentFile = options.contentFile;
  const fn = new NodejsFunction(scope, id, {
    entry: options.entry,
    handler: 'handler',
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
    bundling: {
      format: OutputFormat.ESM,
      target: 'node24',
      mainFields: ['module', 'main'],
      banner: ESM_REQUIRE_BANNER,
      minify: true,
      sourceMap: true,
      sourcesContent: false,
      // Ship the SDK versions the tests ran against instead of whatever the runtime carries.
      bundleAwsSDK: true,
      forceDockerBundling: false,
      logLevel: LogLevel.WARNING,
      commandHooks: {
        beforeBundling: () => [],
        beforeInstall: () => [],
        afterBundling: (_inputDir: string, outputDir: string) => [
          ...(contentFile === undefined ? [] : [`cp ${shellQuote(contentFile)} ${shellQuote(`${outputDir}/content.json`)}`]),
          ...(options.extraFiles ?? []).map(
            (f) => `mkdir -p ${shellQuote(dirname(`${outputDir}/${f.to}`))} && cp -R ${shellQuote(f.from)} ${shellQuote(`${outputDir}/${f.to}`)}`,
          ),
        ],
      },
    },
  });
  if (options.tracing) acknowledgeTracingWildcard(role);
  return fn;
}

function shellQuote(path: string): string {
  return `'${path.replaceAll("'", `'\\''`)}'`;
}
