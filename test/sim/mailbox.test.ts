import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeMailbox } from '../../functions/sim/mailbox.js';
import type { MailboxEntry } from '../../functions/sim/recorders.js';

function entry(n: number, subject: string, html: string | null): MailboxEntry {
  return {
    record: {
      sentAt: '2026-11-09T08:00:00.000Z',
      accountId: 'acc-1',
      contactId: `c-${n}`,
      email: `c${n}@acc-1.example.com`,
      kind: 'feature-tip',
      locale: 'ja',
      subject,
      messageId: `m-${n}`,
    },
    text: `本文 ${n} <b>not markup</b>`,
    html,
  };
}

describe('writeMailbox', () => {
  it('shows every email as text, the HTML only where kept, and escapes what the emails contain', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'teichaku-mailbox-')), 'mailbox.html');
    await writeMailbox(path, {
      entries: [entry(1, 'Tip <script>alert(1)</script>', '<p onclick="x()">hi</p>'), entry(2, 'Second', null)],
      total: 2,
    });
    const page = readFileSync(path, 'utf8');
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('Tip &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('本文 2 &lt;b&gt;not markup&lt;/b&gt;');
    // The kept HTML is shown in a sandboxed frame, never as part of the page.
    expect(page).toContain('<iframe sandbox');
    expect(page.match(/<iframe /g)).toHaveLength(1);
    expect(page).toContain('srcdoc="&lt;p onclick=&quot;x()&quot;&gt;hi&lt;/p&gt;"');
  });

  it('says when it holds only the first emails of a longer run', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'teichaku-mailbox-')), 'mailbox.html');
    await writeMailbox(path, { entries: [entry(1, 'One', null)], total: 12_345 });
    expect(readFileSync(path, 'utf8')).toContain('The first 1 of 12345 emails; touches.jsonl lists every one.');
  });
});
