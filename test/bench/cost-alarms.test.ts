// The cost model's fixed items follow the construct: the alarms it bills are the alarms a default
// deployment creates.
import { afterAll, describe, expect, it } from 'vitest';
import { FIXED } from '../../bench/cost-model.js';
import { removeTemporaryDirs, synthTeichaku } from '../infra/fixtures/synth.js';
import { resourcesOf } from '../infra/fixtures/template-queries.js';

afterAll(removeTemporaryDirs);

describe('cost model fixed items', () => {
  // Synthesized while the file is collected, as the infra tests do: a synth on a busy machine can
  // take longer than one test's timeout.
  const { template } = synthTeichaku();

  it('bills as many alarm-months as a default deployment has CloudWatch alarms', () => {
    expect(resourcesOf(template, 'AWS::CloudWatch::Alarm')).toHaveLength(FIXED.alarms);
  });
});
