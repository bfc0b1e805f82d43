// `cdk synth` / `cdk deploy` entry (cdk.json). Without AWS credentials the stack stays
// environment-agnostic, so synth works offline.
import { App } from 'aws-cdk-lib';
import { checkWithNag } from './nag.js';
import { TeichakuStack } from './stack.js';

const app = new App();
checkWithNag(app);
new TeichakuStack(app, 'Teichaku', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
app.synth();
