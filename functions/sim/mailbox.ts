// mailbox.html: every email a replay sent, readable offline once the local services are stopped.
// Each email shows its plain-text part; the first email of each template also shows its HTML in a
// sandboxed frame (the others differ only in filled slots, and a full copy of each would make the page
// grow by ~25 KB per email). Filter by account, kind, address or subject.
import { writeFile } from 'node:fs/promises';
import { escapeHtml } from '../core/email/escape.js';
import type { MailboxEntry } from './recorders.js';

function entryHtml(entry: MailboxEntry, index: number): string {
  const r = entry.record;
  const label = `${r.sentAt.slice(0, 16).replace('T', ' ')} UTC · ${r.accountId} · ${r.kind} · ${r.locale}`;
  const search = escapeHtml(`${label} ${r.contactId} ${r.email} ${r.subject}`.toLowerCase());
  const frame =
    entry.html === null
      ? ''
      : `<iframe sandbox loading="lazy" title="email ${index + 1}" srcdoc="${escapeHtml(entry.html)}"></iframe>`;
  return `<details data-search="${search}"><summary><span class="meta">${escapeHtml(label)}</span> <b>${escapeHtml(r.subject)}</b> <span class="meta">→ ${escapeHtml(r.email)}</span></summary>${frame}<pre>${escapeHtml(entry.text)}</pre></details>`;
}

export async function writeMailbox(
  path: string,
  mailbox: { readonly entries: readonly MailboxEntry[]; readonly total: number },
): Promise<void> {
  const { entries, total } = mailbox;
  const note =
    entries.length < total
      ? `<p class="meta">The first ${entries.length} of ${total} emails; touches.jsonl lists every one.</p>`
      : '';
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data: https:">
<title>teichaku mailbox (${total})</title>
<style>
body { font-family: system-ui, "Hiragino Sans", "Noto Sans JP", sans-serif; margin: 0; background: #f4f6f8; color: #1f2933; }
header { position: sticky; top: 0; background: #fff; border-bottom: 1px solid #d9dee5; padding: 12px 24px; display: flex; gap: 16px; align-items: center; }
header h1 { font-size: 18px; margin: 0; }
input { flex: 1; max-width: 480px; padding: 6px 10px; font: inherit; border: 1px solid #d9dee5; border-radius: 6px; }
main { padding: 12px 24px; }
details { background: #fff; border: 1px solid #d9dee5; border-radius: 8px; margin: 6px 0; }
summary { padding: 8px 12px; cursor: pointer; font-size: 14px; }
.meta { color: #5f6b7a; font-size: 12px; }
iframe { width: 100%; height: 640px; border: 0; border-top: 1px solid #d9dee5; background: #fff; }
pre { white-space: pre-wrap; margin: 0; padding: 12px 16px; border-top: 1px solid #d9dee5; font-size: 13px; }
</style></head>
<body><header><h1>teichaku mailbox · ${total}</h1><input type="search" placeholder="account, kind, address, subject" aria-label="filter"></header>
<main>${note}
${entries.map(entryHtml).join('\n')}
</main>
<script>
document.querySelector('input').addEventListener('input', function (e) {
  var q = e.target.value.toLowerCase();
  document.querySelectorAll('details').forEach(function (d) { d.hidden = q !== '' && d.getAttribute('data-search').indexOf(q) < 0; });
});
</script>
</body></html>
`;
  await writeFile(path, html, 'utf8');
}
