// Pausing and resuming automated sending, shared by the engagement function (our own rates), the
// guardrail function (SES's reputation alarms, a resume event) and the `teichaku sending` CLI.
// A pause is recorded in the table (the sender reads it before every job) and, when SES's own
// alarm fired, the configuration set is turned off too. Only a resume with a person's name and
// reason turns both back on.
import type { ConfigurationSetSwitch, SendingGuardStore, SignalPublisher } from '../core/ports.js';
import {
  pauseSending,
  type ResumeOutcome,
  resumeSending,
  type SendingPause,
  type SendingResume,
} from '../core/sending-guard.js';

export interface SendingControl {
  readonly guard: SendingGuardStore;
  /** The configuration set's switch, where this caller may turn it. */
  readonly configurationSet?: ConfigurationSetSwitch;
  /** Where `Sending Paused` and `Sending Resumed` go; none for a caller that signals nothing. */
  readonly publisher?: SignalPublisher;
}

/** Records the pause (the first one stands) and signals it once; true when this call paused sending. */
export async function pauseWith(control: SendingControl, pause: SendingPause): Promise<boolean> {
  // SES's own alarm: stop SES from sending through the set whatever our state says.
  if (pause.cause.kind === 'ses-alarm') await control.configurationSet?.setSendingEnabled(false);
  const written = await control.guard.update((current) => pauseSending(current, pause));
  if (written === null) return false;
  await control.publisher?.publish([{ type: 'Sending Paused', accountId: '', at: pause.pausedAt, pause }]);
  return true;
}

export async function resumeWith(control: SendingControl, resume: SendingResume): Promise<ResumeOutcome> {
  let outcome: ResumeOutcome = { kind: 'not-paused' };
  await control.guard.update((current) => {
    outcome = resumeSending(current, resume);
    return outcome.kind === 'resumed' ? outcome.state : null;
  });
  const done = outcome as ResumeOutcome;
  if (done.kind !== 'resumed') return done;
  // The set may have been turned off by an SES alarm during this pause, whatever paused first: it is
  // ours, and on again is what a resume means.
  await control.configurationSet?.setSendingEnabled(true);
  await control.publisher?.publish([
    {
      type: 'Sending Resumed',
      accountId: '',
      at: resume.at,
      by: resume.by,
      reason: resume.reason,
      pausedAt: done.pausedAt,
    },
  ]);
  return done;
}
