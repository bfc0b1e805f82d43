// The send-digests use case over the real SES mailer with a mocked SES client: one email per owner
// with something to say, to that owner only, from the team's address and without the customers'
// configuration set; one owner's failure does not stop the others, and no address reaches the log.
import { MessageRejected, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createSesMailer } from '../../functions/adapters/ses-mailer.js';
import { createSendDigests, DigestsFailedError } from '../../functions/app/send-digests.js';
import type { LogAttributes, Logger } from '../../functions/core/ports.js';
import type { AccountState, HealthAssessment } from '../../functions/core/state.js';
import { anAccount, defaultProgram } from '../fixtures/builders.js';

const NOW = '2026-03-02T00:00:00.000Z';
const program = defaultProgram();
const ses = mockClient(SESv2Client);

function health(score: number): HealthAssessment {
  return { at: NOW, score, atRisk: true, usageDrop: false, dauMau: 0, activeDays30: 0, previousActiveDays30: 0 };
}

function atRisk(id: string, owner: { name: string; email: string } | null): AccountState {
  return anAccount(id)
    .withProfile({ name: `Company ${id}`, ...(owner === null ? {} : { csOwner: owner }) })
    .withContact('c-owner', { role: 'owner' })
    .onboardedOn('2026-01-19')
    .patched((s) => ({
      ...s,
      health: health(20),
      signalCases: { 'Account At Risk': { raisedAt: '2026-03-01T10:00:00.000Z', raised: 1 } },
    }))
    .state(program);
}

const STATES = [
  atRisk('acc-1', { name: 'Sato', email: 'sato@example.com' }),
  atRisk('acc-2', { name: 'Lee', email: 'lee@example.com' }),
  atRisk('acc-3', { name: 'Mori', email: 'mori@example.com' }),
  atRisk('acc-4', null),
];

function recordingLogger(): Logger & { lines: { message: string; attributes?: LogAttributes }[] } {
  const lines: { message: string; attributes?: LogAttributes }[] = [];
  const log = (message: string, attributes?: LogAttributes) => void lines.push({ message, attributes });
  return { lines, debug: log, info: log, warn: log, error: log };
}

function sendDigests(logger: Logger) {
  return createSendDigests({
    program,
    readStates: async (onState) => {
      for (const s of STATES) onState(s);
    },
    mailer: createSesMailer(new SESv2Client({ region: 'us-east-1' }), { limiter: { take: async () => {} } }),
    fromAddress: 'cs-team@example.com',
    locale: 'en',
    clock: () => NOW,
    logger,
  });
}

beforeEach(() => ses.reset());

describe('sending the daily digests', () => {
  it('sends one email per owner, to that owner only, from the team, without a configuration set', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
    const outcome = await sendDigests(recordingLogger())();
    expect(outcome).toEqual({ at: NOW, accounts: 4, owners: 3, sent: 3, failed: 0 });
    const calls = ses.commandCalls(SendEmailCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.Destination)).toEqual([
      { ToAddresses: ['lee@example.com'] },
      { ToAddresses: ['mori@example.com'] },
      { ToAddresses: ['sato@example.com'] },
    ]);
    for (const call of calls) {
      expect(call.FromEmailAddress).toBe('cs-team@example.com');
      expect(call.ConfigurationSetName).toBeUndefined();
      expect(call.Content?.Simple?.Headers).toEqual([]);
      expect(call.EmailTags).toEqual([{ Name: 'kind', Value: 'daily-digest' }]);
    }
    // Each owner's email names only their own account.
    const leeText = calls[0]?.Content?.Simple?.Body?.Text?.Data ?? '';
    expect(leeText).toContain('Company acc-2');
    expect(leeText).not.toContain('Company acc-1');
    expect(leeText).not.toContain('Company acc-4');
  });

  it('sends the others when one owner fails, then fails the run, logging no address', async () => {
    ses
      .on(SendEmailCommand)
      .resolves({ MessageId: 'm-1' })
      .on(SendEmailCommand, { Destination: { ToAddresses: ['mori@example.com'] } })
      .rejects(new MessageRejected({ message: 'Email address is not verified.', $metadata: {} }));
    const logger = recordingLogger();
    const run = sendDigests(logger)();
    await expect(run).rejects.toBeInstanceOf(DigestsFailedError);
    await expect(run).rejects.toMatchObject({ outcome: { owners: 3, sent: 2, failed: 1 } });
    expect(ses.commandCalls(SendEmailCommand)).toHaveLength(3);
    const logged = JSON.stringify(logger.lines);
    expect(logged).toContain('daily digest not sent');
    expect(logged).toContain('EmailRejectedError');
    expect(logged).not.toContain('@example.com');
  });
});
