// `npm start` end to end, on a few sample accounts: local DynamoDB and SES come up, the sample is
// replayed through them, the report and mailbox are written, and everything started is stopped.
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseStartFlags, start } from '../../functions/cli/start.js';

const ROOT = resolve(import.meta.dirname, '../..');

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2_000) });
    return true;
  } catch {
    return false;
  }
}

describe('npm start', () => {
  it('reads its flags, and refuses unknown ones', () => {
    expect(parseStartFlags([])).toMatchObject({
      world: 'templates/sample/world.yaml',
      out: 'out/sample',
      services: 'local',
    });
    expect(parseStartFlags(['--accounts', '5', '--months', '2'])).toMatchObject({ accounts: 5, months: 2 });
    expect(() => parseStartFlags(['--acounts', '5'])).toThrow(/acounts/);
    expect(() => parseStartFlags(['--accounts', 'many'])).toThrow(/--accounts/);
  });

  it('posts the sample CS team’s notifications in Japanese, as its world.yaml asks', { timeout: 120_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'teichaku-start-ja-'));
    await start(
      {
        world: join(ROOT, 'templates/sample/world.yaml'),
        program: join(ROOT, 'templates/program.yaml'),
        out,
        accounts: 8,
        months: 2,
        services: 'memory',
      },
      () => undefined,
    );
    const posted = readFileSync(join(out, 'notifications.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { destination: string; body: Record<string, unknown> });
    const slack = posted.filter((p) => p.destination === 'slack').map((p) => p.body as { text: string });
    const teams = posted
      .filter((p) => p.destination === 'teams')
      .map((p) => p.body as { attachments: { content: { body: { type: string; facts?: { title: string }[] }[] } }[] });
    expect(slack.length).toBeGreaterThan(0);
    expect(slack.every((p) => p.text.startsWith('*【'))).toBe(true);
    // The program's play, from program.yaml, in the team's language.
    expect(slack.some((p) => JSON.stringify(p).includes('対応（'))).toBe(true);
    const factTitles = teams.flatMap((t) => t.attachments[0]?.content.body.flatMap((b) => b.facts ?? []) ?? []);
    expect(factTitles.map((f) => f.title)).toContain('ヘルススコア');
    expect(factTitles.map((f) => f.title)).not.toContain('Health');
  });

  it('replays the sample on local DynamoDB and SES, prints the summary and paths, and stops the services', {
    timeout: 300_000,
  }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'teichaku-start-'));
    let printed = '';
    const result = await start(
      {
        world: join(ROOT, 'templates/sample/world.yaml'),
        program: join(ROOT, 'templates/program.yaml'),
        out,
        accounts: 6,
        months: 2,
        services: 'local',
      },
      (text) => {
        printed += text;
      },
    );
    expect(printed).toMatch(/emails sent: \d+/);
    expect(printed).toMatch(/milestones reached: \d+/);
    expect(printed).toMatch(/re-onboardings: \d+/);
    expect(printed).toMatch(/accounts at risk at the end: \d+/);
    expect(printed).toContain('report.html');
    expect(printed).toContain('mailbox.html');
    expect(printed).toMatch(/survey emails: \d+ delivered, \d+ answered on the survey page \(\d+\.\d %\)/);
    for (const file of [
      'events.jsonl',
      'touches.jsonl',
      'signals.jsonl',
      'rejected.jsonl',
      'report.html',
      'report.json',
      'mailbox.html',
      'notifications.jsonl',
    ]) {
      expect(existsSync(join(out, file))).toBe(true);
    }
    const touches = readFileSync(join(out, 'touches.jsonl'), 'utf8').trim().split('\n');
    expect(touches.length).toBeGreaterThan(0);
    // What the local receiver got: one Slack and one Teams post per notified signal, all answered.
    const posted = readFileSync(join(out, 'notifications.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { destination: string; status: number; body: { channel?: string } });
    expect(printed).toContain(`notifications to Slack and Teams (${posted.length})`);
    expect(posted.filter((p) => p.destination === 'slack')).toHaveLength(posted.length / 2);
    expect(posted.every((p) => p.status === 200)).toBe(true);
    expect(posted.filter((p) => p.destination === 'slack').every((p) => p.body.channel === 'C0LOCALRUN')).toBe(true);
    // Each CS owner's digest of the last day, as many files as the summary says were sent.
    const digestsSent = Number(printed.match(/daily digests to the CS owners \((\d+)\)/)?.[1]);
    const digestFiles = readdirSync(join(out, 'digests'));
    expect(digestFiles.filter((f) => f.endsWith('.html'))).toHaveLength(digestsSent);
    expect(digestFiles.filter((f) => f.endsWith('.txt'))).toHaveLength(digestsSent);
    for (const file of digestFiles) expect(file).toMatch(/^[a-z.]+@cs\.example\.com\.(html|txt)$/);
    expect(await answers(result.receiver.slackUrl)).toBe(false);
    // The CRM record changes: one line each, PATCHed to the HubSpot and the Salesforce stand-in.
    const changes = readFileSync(join(out, 'crm.jsonl'), 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as { crmId: string; hubspot: { properties: Record<string, unknown> } });
    expect(changes.length).toBeGreaterThan(0);
    expect(changes.every((c) => /^\d+$/.test(c.crmId) && 'teichaku_phase' in c.hubspot.properties)).toBe(true);
    expect(printed).toContain(`CRM record changes (${changes.length * 2} updates to HubSpot and Salesforce)`);
    expect(result.endpoints).not.toBeNull();
    expect(await answers(result.endpoints?.dynamo as string)).toBe(false);
    expect(await answers(result.endpoints?.ses as string)).toBe(false);
  });
});
