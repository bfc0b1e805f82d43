// @ts-check
// The CDK app `cdk synth` and `cdk deploy` run (cdk.json): one stack with the Teichaku construct.
// Plain JavaScript, run by Node as it is; `// @ts-check` lets an editor check it against teichaku's
// type declarations. The construct deploys dist/content.json, which `npm run build` writes from
// templates/ (no prop needed; `contentFile` points elsewhere when you must).
import { App, Stack } from 'aws-cdk-lib';
import { Teichaku } from 'teichaku/infra';

const app = new App();

/** A CDK context value (`cdk.json`'s `context`, or `-c key=value`). */
function context(/** @type {string} */ key) {
  const value = app.node.tryGetContext(key);
  if (typeof value !== 'string' || value === '') throw new Error(`set "${key}" in cdk.json's context or with -c ${key}=...`);
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
  eventBusName: context('eventBusName'), // signals go to the same bus
  // sendRatePerSecond: 10,               // keep under your SES account's maximum send rate
  // alarmTopic: Topic.fromTopicArn(stack, 'Ops', 'arn:aws:sns:...'),
  // weeklyReport: true,                  // the KPI report in a bucket every Monday
});

app.synth();
