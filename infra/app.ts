// `cdk synth` / `cdk deploy` entry (cdk.json). Without AWS credentials the stack stays
// environment-agnostic, so synth works offline. The content the functions carry is built from
// templates/ right here, unless `-c contentFile=...` names a prebuilt one (infra/content-build.ts).
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { buildContentForSynth } from './content-build.js';
import { checkWithNag } from './nag.js';
import { TeichakuStack } from './stack.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const app = new App();
if (app.node.tryGetContext('contentFile') === undefined) {
  await buildContentForSynth(resolve(root, 'templates'), resolve(root, 'dist/content.json'), (line) =>
    console.error(line),
  );
}
checkWithNag(app);
new TeichakuStack(app, 'Teichaku', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
app.synth();
