// Guarding sending from outside the sender: an SES reputation alarm turns the configuration set off
// and pauses sending; a person's resume request, naming who and why, resumes it and turns the set
// back on.
import { describe, expect, it } from 'vitest';
import { createGuardSending, type ReputationAlarm } from '../../functions/app/guard-sending.js';
import { guardWorld } from './worlds.js';

const NOW = '2026-03-10T03:00:00.000Z';

function setup() {
  const world = guardWorld(NOW);
  return { ...world, guardSending: createGuardSending(world.deps) };
}

function alarm(state: string, metric = 'Reputation.ComplaintRate'): ReputationAlarm {
  return { alarm: 'teichaku-complaints', state, metric, value: 0.0012, threshold: 0.001 };
}

describe('guard sending', () => {
  it('turns the configuration set off and records the pause with the alarm’s figures when a reputation alarm fires', async () => {
    const { guard, switches, publisher, metrics, guardSending } = setup();
    await guardSending.alarmChanged(alarm('ALARM'));
    expect(switches).toEqual([false]);
    expect(await guard.load()).toMatchObject({
      status: 'paused',
      pause: {
        pausedAt: NOW,
        cause: {
          kind: 'ses-alarm',
          alarm: 'teichaku-complaints',
          metric: 'Reputation.ComplaintRate',
          value: 0.0012,
          threshold: 0.001,
        },
      },
    });
    expect(publisher.drain().map((s) => s.type)).toEqual(['Sending Paused']);
    expect(metrics.counts.get('SendingPaused')).toBe(1);
  });

  it('leaves sending paused when the alarm clears: only a person resumes', async () => {
    const { guard, switches, guardSending } = setup();
    await guardSending.alarmChanged(alarm('ALARM'));
    await guardSending.alarmChanged(alarm('OK'));
    expect(switches).toEqual([false]);
    expect((await guard.load()).status).toBe('paused');
  });

  it('resumes on a request naming who and why, turns the set back on, and records it', async () => {
    const { guard, switches, publisher, guardSending } = setup();
    await guardSending.alarmChanged(alarm('ALARM', 'Reputation.BounceRate'));
    publisher.drain();
    await guardSending.resumeRequested('resume-1', { reason: 'bounced list segment removed', by: 'ops-sato' });
    expect(switches).toEqual([false, true]);
    const state = await guard.load();
    expect(state).toMatchObject({ status: 'sending', resumedAt: NOW });
    expect(state.history.at(-1)).toMatchObject({
      action: 'resumed',
      by: 'ops-sato',
      reason: 'bounced list segment removed',
      channel: 'event',
      pausedAt: NOW,
    });
    expect(publisher.drain()).toEqual([
      {
        type: 'Sending Resumed',
        accountId: '',
        at: NOW,
        by: 'ops-sato',
        reason: 'bounced list segment removed',
        pausedAt: NOW,
      },
    ]);
  });

  it('refuses a resume without a name and a reason, saying which field is wrong, and changes nothing', async () => {
    const { guard, switches, logger, guardSending } = setup();
    await guardSending.alarmChanged(alarm('ALARM'));
    await guardSending.resumeRequested('resume-1', { by: 'ops-sato' });
    expect((await guard.load()).status).toBe('paused');
    expect(switches).toEqual([false]);
    const refused = logger.lines.find((l) => l.message === 'resume request refused');
    expect(refused?.attributes.problems).toEqual([expect.stringMatching(/^detail\.reason: /)]);
  });
});
