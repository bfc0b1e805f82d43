// Replies reach someone: the Reply-To the sender picks (the CS owner, else the locale's default from
// sender.yaml) is on the email as the local SES receives it.
import { describe, expect, it } from 'vitest';
import { createSesMailer } from '../../functions/adapters/ses-mailer.js';
import { createSenderAddresses } from '../../functions/core/sender-address.js';
import { useLocalAws } from './local-aws.js';

const local = useLocalAws();

describe('Reply-To through the local SES', () => {
  it("carries the locale's default without a CS owner, and the owner's address with one", async () => {
    const { ses, content } = local();
    await local().clearMails();
    const senderFor = createSenderAddresses({
      addressFor: () => 'cs@example.com',
      nameFor: (locale) => content.sender[locale].name,
      identities: ['example.com'],
      replyToFor: (locale) => content.sender[locale].replyTo,
    });
    const mailer = createSesMailer(ses, { configurationSetName: 'teichaku', limiter: { take: async () => {} } });
    const base = { subject: 'hello', html: '<p>hello</p>', text: 'hello', headers: {}, tags: { kind: 'feature-tip' } };
    await mailer.send({ ...base, to: 'team@example.org', ...senderFor('ja') });
    await mailer.send({
      ...base,
      to: 'owned@example.org',
      ...senderFor('en', { name: 'Haruka Mori', email: 'haruka@example.com' }),
    });
    const mails = await local().mails();
    const to = (address: string) => mails.find((m) => m.destination.to.includes(address));
    expect(content.sender.ja.replyTo).toBeDefined();
    expect(to('team@example.org')?.replyTo).toEqual([content.sender.ja.replyTo]);
    expect(to('owned@example.org')?.replyTo).toEqual(['haruka@example.com']);
  });
});
