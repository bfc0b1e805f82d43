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

  it('reads back the figures a value review carries, and names a bad figure', () => {
    const figures = {
      from: '2026-01-04T15:00:00.000Z',
      to: '2026-11-06T00:00:00.000Z',
      peopleAtStart: 2,
      peopleNow: 5,
      peopleKnown: 7,
      activePeople30: 4,
      milestones: [{ id: 'first-report', reachedAt: '2026-03-01T15:00:00.000Z' }],
      features: [
        { stage: 'basic' as const, total: 4, usedAtStart: 1, usedNow: 3 },
        { stage: 'advanced' as const, total: 4, usedAtStart: 0, usedNow: 1 },
        { stage: 'new' as const, total: 1, usedAtStart: 0, usedNow: 0 },
      ],
    };
    const review = aPlannedTouch({ kind: 'value-review', renewalDate: '2027-01-05', figures });
    expect(parseSendJob(JSON.stringify(review))).toEqual({ kind: 'ok', job: review });
    const celebration = aPlannedTouch({
      kind: 'celebration',
      milestoneId: 'first-report',
      reachedAt: '2026-03-01T15:00:00.000Z',
    });
    expect(parseSendJob(JSON.stringify(celebration))).toEqual({ kind: 'ok', job: celebration });
    const bad = parseSendJob(
      JSON.stringify({ ...review, content: { ...review.content, figures: { ...figures, peopleNow: -1 } } }),
    );
    expect(bad.kind).toBe('rejected');
    expect(bad.kind === 'rejected' ? bad.reason : '').toContain('content.figures.peopleNow');
  });
});
