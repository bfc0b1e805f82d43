import { describe, expect, it } from 'vitest';
import {
  assessRates,
  DEFAULT_GUARDRAIL_THRESHOLDS,
  GuardrailThresholds,
  type HourCounts,
  hourOf,
} from '../../functions/core/sending-rates.js';
import { HOUR_MS, toIso, toMs } from '../../functions/core/time.js';

const NOW = '2026-03-10T12:34:00.000Z';
const NOW_HOUR = hourOf(NOW);

/** Counts `hoursAgo` hours before the current hour. */
function hour(hoursAgo: number, sends: number, bounces = 0, complaints = 0): HourCounts {
  return { hour: toIso(toMs(NOW_HOUR) - hoursAgo * HOUR_MS), sends, bounces, complaints };
}

const T = GuardrailThresholds.parse({ minSends: 100, lastSends: 1000 });

describe('sending rates', () => {
  it('defaults pause below the rates at which SES reviews an account (5 % bounces, 0.1 % complaints)', () => {
    expect(DEFAULT_GUARDRAIL_THRESHOLDS.bounceRate).toBeLessThan(0.05);
    expect(DEFAULT_GUARDRAIL_THRESHOLDS.complaintRate).toBeLessThan(0.001);
    expect(DEFAULT_GUARDRAIL_THRESHOLDS.windowHours).toBe(24);
  });

  it('reads the last 24 hours and the last N sends as two windows', () => {
    const counts = [hour(0, 50, 1), hour(10, 50), hour(30, 400, 2), hour(200, 600, 0, 1)];
    const { windows } = assessRates(counts, NOW, T);
    const [time, volume] = windows;
    expect(time).toMatchObject({ window: 'hours', sends: 100, bounces: 1, complaints: 0, enoughVolume: true });
    // Back from now until 1,000 sends are covered: 50 + 50 + 400 + 600.
    expect(volume).toMatchObject({ window: 'sends', sends: 1100, bounces: 3, complaints: 1, from: hour(200, 0).hour });
  });

  it.each([
    {
      name: 'complaints at the threshold pause',
      counts: [hour(1, 2500, 0, 2)],
      breach: { metric: 'complaint', window: 'hours' },
    },
    { name: 'complaints just under it do not', counts: [hour(1, 2501, 0, 2)], breach: null },
    { name: 'bounces at 4 % pause', counts: [hour(1, 1000, 40)], breach: { metric: 'bounce', window: 'hours' } },
    { name: 'bounces at 3.9 % do not', counts: [hour(1, 1000, 39)], breach: null },
    // The 24 h window is too thin; a month of sends is not.
    {
      name: 'a low-volume sender is judged on its last sends',
      counts: [hour(2, 20, 0, 1), hour(100, 980, 0, 0)],
      breach: { metric: 'complaint', window: 'sends' },
    },
    {
      name: 'complaints are the graver signal and are named first',
      counts: [hour(1, 1000, 60, 5)],
      breach: { metric: 'complaint', window: 'hours' },
    },
  ])('$name', ({ counts, breach }) => {
    const thresholds = GuardrailThresholds.parse({ minSends: 500, lastSends: 2500 });
    const result = assessRates(counts, NOW, thresholds).breach;
    if (breach === null) expect(result).toBeNull();
    else expect(result).toMatchObject(breach);
  });

  it('never acts on fewer sends than the minimum volume, however high the rate', () => {
    const counts = [hour(0, 99, 50, 50)];
    const assessment = assessRates(counts, NOW, T);
    expect(assessment.windows.every((w) => !w.enoughVolume)).toBe(true);
    expect(assessment.breach).toBeNull();
    expect(assessRates([hour(0, 100, 50, 0)], NOW, T).breach).toMatchObject({ metric: 'bounce', rate: 0.5 });
  });

  it('leaves out the bounces and complaints a person judged when resuming, and keeps their sends', () => {
    const counts = [hour(5, 1000, 0, 5), hour(1, 200, 0, 0)];
    expect(assessRates(counts, NOW, T).breach).not.toBeNull();
    const since = hour(2, 0).hour;
    const after = assessRates(counts, NOW, T, since);
    expect(after.breach).toBeNull();
    expect(after.windows[0]).toMatchObject({ sends: 1200, complaints: 0 });
    // A new complaint after the resume is weighed against the full volume at once.
    expect(assessRates([...counts, hour(0, 0, 0, 1)], NOW, T, since).breach).toMatchObject({
      metric: 'complaint',
      count: 1,
      sends: 1200,
    });
  });

  it('ignores hours after now (a clock running behind the SES timestamps)', () => {
    const ahead = { hour: toIso(toMs(NOW_HOUR) + HOUR_MS), sends: 1000, bounces: 1000, complaints: 0 };
    expect(assessRates([ahead], NOW, T).windows[0]?.sends).toBe(0);
  });
});
