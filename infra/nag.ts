// cdk-nag 3 runs as a CDK validation plugin: any unacknowledged AwsSolutions finding makes
// `app.synth()` (and so `cdk synth`) fail. The acknowledged findings live in acknowledgements.ts.
import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

export function checkWithNag(app: App): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
}
