// The cost model's fixed items follow the construct: the alarms it bills are the alarms a default
// deployment creates.
import { afterAll, describe, expect, it } from 'vitest';
import { FIXED } from '../../bench/cost-model.js';
import { removeTemporaryDirs, synthTeichaku } from '../infra/fixtures/synth.js';
import { resourcesOf } from '../infra/fixtures/template-queries.js';

afterAll(removeTemporaryDirs);

describe('cost model fixed items', () => {
  it('bills as many alarm-months as a default deployment has CloudWatch alarms', () => {
    const { template } = synthTeichaku();
    expect(resourcesOf(template, 'AWS::CloudWatch::Alarm')).toHaveLength(FIXED.alarms);
  });
});
