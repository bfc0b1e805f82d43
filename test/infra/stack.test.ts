// The deployable stack of infra/app.ts: configured from CDK context, built from the real handlers
// with the local esbuild, and clean under cdk-nag. Also the one test file that bundles for real.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, describe, expect, it } from 'vitest';
import { HANDLER_ENV, type HandlerName } from '../../functions/handlers/config.js';
import { checkWithNag } from '../../infra/nag.js';
import { stackContextOf, TeichakuStack } from '../../infra/stack.js';
import { aContentFile, aTemporaryDir, removeTemporaryDirs } from './fixtures/synth.js';
import { environmentOf, functionNamed } from './fixtures/template-queries.js';

// Bundling five real handlers and running every AwsSolutions rule takes seconds on a busy machine.
const SYNTH_TIMEOUT_MS = 60_000;
const HANDLERS = Object.keys(HANDLER_ENV) as HandlerName[];

const contentFile = aContentFile();
const app = new App({
  outdir: aTemporaryDir(),
  context: {
    fromAddress: 'success@example.jp',
    eventSource: 'jp.example.kintai',
    sendRatePerSecond: '8',
    removalPolicy: 'destroy',
    contentFile,
  },
});
checkWithNag(app);
const stack = new TeichakuStack(app, 'Teichaku');
const template = Template.fromStack(stack);

afterAll(removeTemporaryDirs);

describe('TeichakuStack', () => {
  it(
    'synthesizes with no unacknowledged cdk-nag finding',
    () => {
      expect(() => app.synth()).not.toThrow();
    },
    SYNTH_TIMEOUT_MS,
  );

  it(
    'bundles each real handler into an ES module that loads and exports `handler`',
    async () => {
      for (const name of HANDLERS) {
        const bundle = join(assetDirOf(name), 'index.mjs');
        expect(readFileSync(bundle, 'utf8').startsWith("import { createRequire } from 'node:module';"), name).toBe(
          true,
        );
        const loaded = (await import(pathToFileURL(bundle).href)) as { handler?: unknown };
        expect(typeof loaded.handler, name).toBe('function');
      }
    },
    // Seven bundles of a few MB each are loaded one after the other: on a busy machine that took a minute.
    2 * SYNTH_TIMEOUT_MS,
  );

  it('puts the content file next to the bundle of exactly the functions that read CONTENT_FILE', () => {
    const withContent = HANDLERS.filter((name) => (HANDLER_ENV[name] as readonly string[]).includes('CONTENT_FILE'));
    expect(withContent).toContain('sender');
    for (const name of HANDLERS) {
      expect(existsSync(join(assetDirOf(name), 'content.json')), name).toBe(withContent.includes(name));
    }
    expect(readFileSync(join(assetDirOf('sender'), 'content.json'), 'utf8')).toBe(readFileSync(contentFile, 'utf8'));
  });

  it('takes its settings from CDK context', () => {
    expect(environmentOf(template, 'sender').FROM_ADDRESS).toBe('success@example.jp');
    expect(environmentOf(template, 'sender').SEND_RATE_PER_SECOND).toBe('4');
    template.hasResourceProperties('AWS::Events::Rule', { EventPattern: { source: ['jp.example.kintai'] } });
    template.hasResource('AWS::DynamoDB::GlobalTable', { DeletionPolicy: 'Delete' });
  });

  it('outputs what the CLI and the README refer to', () => {
    const t = stack.teichaku;
    const expected: Record<string, unknown> = {
      TableName: t.table.tableName,
      ComplianceTableName: t.complianceTable.tableName,
      EventBusName: t.eventBus.eventBusName,
      EventBusArn: t.eventBus.eventBusArn,
      IngestQueueUrl: t.ingestQueue.queueUrl,
      IngestDeadLetterQueueUrl: t.ingestDeadLetterQueue.queueUrl,
      SendQueueUrl: t.sendQueue.queueUrl,
      SendDeadLetterQueueUrl: t.sendDeadLetterQueue.queueUrl,
      PlannerDeadLetterQueueUrl: t.plannerDeadLetterQueue.queueUrl,
      PlanningQueueUrl: t.planningQueue.queueUrl,
      PlanningDeadLetterQueueUrl: t.planningDeadLetterQueue.queueUrl,
      EngagementDeadLetterQueueUrl: t.engagementDeadLetterQueue.queueUrl,
      GuardrailDeadLetterQueueUrl: t.guardrailDeadLetterQueue.queueUrl,
      UnsubscribeUrl: t.unsubscribeUrl.url,
      ConfigurationSetName: t.configurationSet.configurationSetName,
    };
    for (const [name, value] of Object.entries(expected)) template.hasOutput(name, { Value: stack.resolve(value) });
    // The alarm topic only when one is given.
    expect(Object.keys(template.findOutputs('*')).sort()).toEqual(Object.keys(expected).sort());
  });

  it('names every output the README lists', () => {
    const readme = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8');
    for (const name of Object.keys(template.findOutputs('*'))) expect(readme, name).toContain(`\`${name}\``);
  });

  it('falls back to documented defaults when no context is given', () => {
    const context = stackContextOf(new App());
    expect(context).toMatchObject({ fromAddress: 'teichaku@example.com', eventSource: 'com.example.product' });
    expect(context.eventBusName).toBeUndefined();
    expect(context.removalPolicy).toBe('retain');
    expect(context.createSenderIdentity).toBe(false);
  });

  it('names the context key that is wrong', () => {
    const bad = new App({ context: { sendRatePerSecond: 'fast', unsubscribeBaseUrl: 'http://example.com/u' } });
    expect(() => stackContextOf(bad)).toThrow(/-c sendRatePerSecond: .*; -c unsubscribeBaseUrl: /);
  });

  it('reads booleans given on the command line as strings', () => {
    expect(stackContextOf(new App({ context: { createSenderIdentity: 'true' } })).createSenderIdentity).toBe(true);
  });
});

function assetDirOf(name: string): string {
  const code = functionNamed(template, name).properties.Code as { S3Key: string };
  return join(app.outdir, `asset.${code.S3Key.replace(/\.zip$/, '')}`);
}
