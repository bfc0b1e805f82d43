// @ts-check
// The CDK app `cdk synth` and `cdk deploy` run (cdk.json): one stack with the Teichaku construct.
// Plain JavaScript, run by Node as it is; `// @ts-check` lets an editor check it against teichaku's
// type declarations. The construct deploys dist/content.json, which this app builds from templates/
// before every synth and deploy, so a deploy never ships templates older than templates/; when they
// do not build, synth stops and names the file and line.
import { App, Stack } from 'aws-cdk-lib';
// import { EventBus } from 'aws-cdk-lib/aws-events';
import { buildContentForSynth, Teichaku } from 'teichaku/infra';

const app = new App();
await buildContentForSynth('templates', 'dist/content.json', (line) => console.error(line));

/** A CDK context value (`cdk.json`'s `context`, or `-c key=value`). */
function context(/** @type {string} */ key) {
  const value = app.node.tryGetContext(key);
  if (typeof value !== 'string' || value === '')
    throw new Error(`set "${key}" in cdk.json's context or with -c ${key}=...`);
  return value;
}

// Without AWS credentials the stack stays environment-agnostic, so `cdk synth` works offline.
const stack = new Stack(app, 'CustomerSuccess', {
  description: 'teichaku: tech-touch emails and signals for our customers',
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});

new Teichaku(stack, 'Teichaku', {
  fromAddress: context('fromAddress'), // an address on a verified SES identity
  eventSource: context('eventSource'), // the `source` of your product's events
  // teichaku has a bus of its own; put your product's events there, or forward them from another bus:
  // forwardProductEventsFrom: EventBus.fromEventBusName(stack, 'Default', 'default'),
  // productEventPrincipals: ['arn:aws:iam::123456789012:role/product-api'], // who may put eventSource
  // sendRatePerSecond: 10,               // keep under your SES account's maximum send rate
  // alarmTopic: Topic.fromTopicArn(stack, 'Ops', 'arn:aws:sns:...'),
  // weeklyReport: true,                  // the KPI report in a bucket every Monday
});

app.synth();
