import { describe, expect, it } from 'vitest';
import { parseSendJob } from '../../functions/adapters/send-job.js';
import { aPlannedTouch } from '../fixtures/builders.js';

const job = aPlannedTouch({ kind: 're-engagement', activeDays30: 4, previousActiveDays30: 12 });

describe('send job parsing', () => {
  it('reads back a planned touch written as JSON', () => {
    expect(parseSendJob(JSON.stringify(job))).toEqual({ kind: 'ok', job });
  });

  it('rejects a body that is not JSON', () => {
    expect(parseSendJob('{nope')).toEqual({ kind: 'rejected', reason: 'send job body is not JSON', touchId: null });
  });

  it('names the touch and every bad field, without the values', () => {
    const result = parseSendJob(
      JSON.stringify({ ...job, contactId: 'bad id@x y', kind: 'spam', extra: 'taro@example.com' }),
    );
    expect(result.kind).toBe('rejected');
    const reason = result.kind === 'rejected' ? result.reason : '';
    expect(reason).toContain(job.touchId);
    expect(result.kind === 'rejected' ? result.touchId : null).toBe(job.touchId);
    expect(reason).toContain('contactId');
    expect(reason).toContain('kind');
    expect(reason).not.toContain('taro@example.com');
    expect(reason).not.toContain('bad id');
  });

  it('rejects content of another kind than the job', () => {
    const result = parseSendJob(JSON.stringify({ ...job, content: { kind: 're-onboarding' } }));
    expect(result.kind).toBe('rejected');
  });
});
