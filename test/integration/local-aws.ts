// Real local DynamoDB and SES for one integration test file: started in beforeAll, stopped in
// afterAll, each file with its own table. Only loopback is ever contacted.
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll } from 'vitest';
import {
  createTable,
  LOCAL_CREDENTIALS,
  LOCAL_REGION,
  type LocalServices,
  startLocalServices,
} from '../../functions/adapters/local/local-services.js';
import { buildContent } from '../../functions/build/build-content.js';
import type { Content } from '../../functions/core/email/content.js';

export interface LocalAws {
  readonly services: LocalServices;
  readonly dynamo: DynamoDBClient;
  readonly ses: SESv2Client;
  readonly tableName: string;
  readonly content: Content;
  /** Every email the local SES holds. */
  mails(): Promise<StoredMail[]>;
  clearMails(): Promise<void>;
}

/** One email as aws-ses-v2-local keeps it (`GET /store`). */
export interface StoredMail {
  readonly messageId: string;
  readonly from: string;
  readonly destination: {
    readonly to: readonly string[];
    readonly cc: readonly string[];
    readonly bcc: readonly string[];
  };
  readonly subject: string;
  readonly body: { readonly html?: string; readonly text?: string };
  readonly headers?: readonly { readonly name: string; readonly value: string }[];
  readonly replyTo?: readonly string[];
}

/** Registers the hooks and returns a getter valid inside tests. */
export function useLocalAws(): () => LocalAws {
  let env: LocalAws | undefined;
  beforeAll(async () => {
    const [services, content] = await Promise.all([
      startLocalServices(),
      buildContent(resolve(import.meta.dirname, '../../templates')),
    ]);
    const dynamo = new DynamoDBClient({
      endpoint: services.dynamoEndpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    const ses = new SESv2Client({
      endpoint: services.sesEndpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      maxAttempts: 1,
    });
    const tableName = `teichaku-it-${process.pid}`;
    await createTable(dynamo, tableName);
    env = {
      services,
      dynamo,
      ses,
      tableName,
      content,
      async mails() {
        const response = await fetch(`${services.sesEndpoint}/store`);
        return ((await response.json()) as { emails: StoredMail[] }).emails;
      },
      async clearMails() {
        await fetch(`${services.sesEndpoint}/clear-store`, { method: 'POST' });
      },
    };
  }, 90_000);
  afterAll(async () => {
    env?.dynamo.destroy();
    env?.ses.destroy();
    await env?.services.stop();
  });
  return () => {
    if (env === undefined) throw new Error('local AWS is not started: call useLocalAws() at the top of the test file');
    return env;
  };
}
