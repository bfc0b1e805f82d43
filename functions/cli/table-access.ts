// Reaching a deployed teichaku table from the command line: the default AWS credential chain, a region
// from the flag or the environment, and errors that say what to set instead of an SDK stack trace.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { TeichakuError } from '../core/errors.js';

export const TableFlags = z.object({
  table: z.string().trim().min(3, 'must name the teichaku table (3 to 255 characters)').max(255),
  region: z.string().trim().min(1).optional(),
  /** A DynamoDB endpoint other than AWS's (DynamoDB Local); AWS_ENDPOINT_URL_DYNAMODB works too. */
  endpoint: z.url({ message: 'must be a URL such as http://127.0.0.1:8000' }).optional(),
});
export type TableFlags = z.infer<typeof TableFlags>;

/** The table could not be read; the message says what to set or check. */
export class TableAccessError extends TeichakuError {
  readonly code = 'TABLE_ACCESS';
  override readonly name = 'TableAccessError';
}

export function tableClient(flags: TableFlags, env: NodeJS.ProcessEnv = process.env): DynamoDBClient {
  const endpoint = flags.endpoint ?? env.AWS_ENDPOINT_URL_DYNAMODB;
  const region =
    flags.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? (endpoint === undefined ? undefined : 'us-east-1');
  if (region === undefined)
    throw new TableAccessError(
      'no AWS region: pass --region <region> or set AWS_REGION to the region of the deployed stack',
    );
  return new DynamoDBClient({ region, ...(endpoint === undefined ? {} : { endpoint }) });
}

/** An SDK failure while reading the table, told as what to do about it. */
export function tableAccessError(error: unknown, flags: TableFlags): Error {
  if (!(error instanceof Error)) return new TableAccessError(`reading table ${flags.table} failed: ${String(error)}`);
  const where = `table ${flags.table}${flags.region === undefined ? '' : ` in ${flags.region}`}`;
  switch (error.name) {
    case 'ResourceNotFoundException':
      return new TableAccessError(`${where} does not exist: check --table (the stack's TableName output) and --region`);
    case 'CredentialsProviderError':
      return new TableAccessError(
        'no AWS credentials found: set AWS_PROFILE (a profile of ~/.aws/config), or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where a role is attached',
      );
    case 'UnrecognizedClientException':
    case 'InvalidSignatureException':
    case 'ExpiredTokenException':
      return new TableAccessError(
        `the AWS credentials were refused (${error.name}): renew them or set AWS_PROFILE to a profile that may read ${where}`,
      );
    case 'AccessDeniedException':
      return new TableAccessError(
        `${where}: access denied; the credentials need dynamodb:Scan, dynamodb:Query and dynamodb:GetItem on it`,
      );
    default:
      if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN/.test(`${error.message} ${(error as { code?: string }).code ?? ''}`)) {
        return new TableAccessError(
          `${where}: nothing answered at the DynamoDB endpoint; check --endpoint or AWS_ENDPOINT_URL_DYNAMODB`,
        );
      }
      return error;
  }
}
