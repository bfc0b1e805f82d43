// The preview page CS ops look at: every kind × locale at desktop and mobile width with its plain
// text beside it, or the build error in its place; reloads itself when a new build is ready.
import { escapeHtml } from '../core/email/escape.js';

export type PreviewCard =
  | { readonly key: string; readonly ok: true; readonly subject: string; readonly text: string; readonly html: string }
  | { readonly key: string; readonly ok: false; readonly problems: readonly string[] };

export interface PageView {
  readonly version: number;
  readonly templatesDir: string;
  readonly builtAt: string;
  readonly durationMs: number;
  readonly problems: readonly string[];
  readonly cards: readonly PreviewCard[];
  readonly sesEndpoint: string;
  readonly defaultTo: string;
}

const STYLE = `
  :root { color-scheme: light; --ink: #1f2933; --muted: #616e7c; --line: #d9dee5; --bad: #b42318; --accent: #2453c6; }
  * { box-sizing: border-box; }
  .picker { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 16px 0; }
  .picker form { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; margin-bottom: 12px; }
  body { margin: 0; font: 14px/1.5 system-ui, -apple-system, 'Segoe UI', 'Hiragino Sans', Meiryo, sans-serif; color: var(--ink); background: #eef1f5; }
  header { position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; gap: 8px 20px; align-items: center; padding: 10px 20px; background: #fff; border-bottom: 1px solid var(--line); }
  header h1 { font-size: 16px; margin: 0; }
  header .status { font-weight: 600; }
  header .status.ok { color: #137333; }
  header .status.failed { color: var(--bad); }
  header nav a { margin-right: 10px; color: var(--accent); text-decoration: none; }
  main { padding: 16px 20px 40px; }
  .problems { border: 1px solid var(--bad); background: #fff4f2; border-radius: 8px; padding: 10px 14px; margin-bottom: 16px; }
  .problems h2 { margin: 0 0 6px; font-size: 14px; color: var(--bad); }
  pre { margin: 0; white-space: pre-wrap; word-break: break-word; font: 12.5px/1.55 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
  .card { background: #fff; border: 1px solid var(--line); border-radius: 10px; margin-bottom: 20px; padding: 14px 16px; }
  .card > h2 { margin: 0; font-size: 15px; }
  .card .subject { margin: 4px 0 10px; color: var(--muted); }
  .card .subject b { color: var(--ink); }
  .views { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; }
  figure { margin: 0; }
  figcaption { font-size: 12px; color: var(--muted); margin-bottom: 4px; }
  iframe { border: 1px solid var(--line); border-radius: 6px; background: #fff; height: 600px; display: block; }
  iframe.desktop { width: 640px; }
  iframe.mobile { width: 375px; }
  .text pre { width: 420px; max-width: 100%; border: 1px solid var(--line); border-radius: 6px; padding: 10px 12px; background: #fafbfc; }
  .build-error { border: 1px solid var(--bad); background: #fff4f2; border-radius: 8px; padding: 10px 14px; }
  .build-error h3 { margin: 0 0 6px; font-size: 13px; color: var(--bad); }
  form.send { margin-top: 12px; display: flex; flex-wrap: wrap; gap: 8px; align-items: center; }
  form.send input { padding: 5px 8px; border: 1px solid var(--line); border-radius: 6px; min-width: 240px; }
  form.send button { padding: 6px 12px; border: 0; border-radius: 6px; background: var(--accent); color: #fff; font-weight: 600; cursor: pointer; }
  form.send output { color: var(--muted); }
`;

// Runs in the browser. On a newer build, fetch the page again and swap in only the cards whose
// content changed (their iframes reload, the rest stay put), so a save shows up in well under a
// second and the reader keeps their place. Polls when server-sent events are unavailable.
const SCRIPT = `
(() => {
  let version = Number(document.body.dataset.version);
  let busy = false;
  let again = false;
  const fit = (frame) => { try { frame.style.height = (frame.contentDocument.documentElement.scrollHeight + 4) + 'px'; } catch (_) {} };
  const send = async (form) => {
    const out = form.querySelector('output');
    out.textContent = 'Sending…';
    try {
      const response = await fetch('/send', { method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ template: form.dataset.template, to: form.elements.to.value }) });
      const result = await response.json();
      if (!response.ok) { out.textContent = 'Not sent: ' + result.error; return; }
      out.textContent = 'Sent to ' + result.to + ' through the local SES. Read it at ';
      const link = document.createElement('a');
      link.href = result.readAt; link.target = '_blank'; link.textContent = result.readAt;
      out.append(link, ' (message ' + result.messageId + ').');
    } catch (error) { out.textContent = 'Not sent: ' + error; }
  };
  const wire = (root) => {
    root.querySelectorAll('iframe').forEach((f) => { f.addEventListener('load', () => fit(f)); fit(f); });
    root.querySelectorAll('form.send').forEach((form) => form.addEventListener('submit', (e) => { e.preventDefault(); send(form); }));
  };
  const swap = async () => {
    const next = new DOMParser().parseFromString(await (await fetch('/', { cache: 'no-store' })).text(), 'text/html');
    const nextVersion = Number(next.body.dataset.version);
    if (!(nextVersion > version)) return;
    const cards = [...next.querySelectorAll('article.card')];
    if (cards.some((c) => document.getElementById(c.id) === null)) { location.reload(); return; }
    document.querySelector('header').replaceWith(document.adoptNode(next.querySelector('header')));
    const problems = document.querySelector('section.problems');
    const nextProblems = next.querySelector('section.problems');
    if (problems !== null) problems.remove();
    if (nextProblems !== null) document.querySelector('main').prepend(document.adoptNode(nextProblems));
    for (const card of cards) {
      const current = document.getElementById(card.id);
      if (current.dataset.hash === card.dataset.hash) continue;
      const fresh = document.adoptNode(card);
      current.replaceWith(fresh);
      wire(fresh);
    }
    version = nextVersion;
    document.body.dataset.version = String(nextVersion);
  };
  const seen = async (v) => {
    if (v <= version) return;
    if (busy) { again = true; return; }
    busy = true;
    try { do { again = false; await swap(); } while (again); }
    catch (_) { location.reload(); }
    finally { busy = false; }
  };
  let polling = false;
  const poll = () => { if (polling) return; polling = true;
    setInterval(() => fetch('/state.json').then((r) => r.json()).then((s) => seen(s.version)).catch(() => {}), 1000); };
  if ('EventSource' in window) {
    const events = new EventSource('/events');
    events.addEventListener('build', (e) => seen(JSON.parse(e.data).version));
    events.onerror = () => { events.close(); poll(); };
  } else { poll(); }
  wire(document);
})();
`;

// The picker: the entries of the chosen kind and language come from /entries.json.
const PICKER_SCRIPT = `
(() => {
  const form = document.getElementById('pick');
  if (form === null) return;
  const entry = form.elements.namedItem('entry');
  const fill = async () => {
    const query = new URLSearchParams({ kind: form.elements.namedItem('kind').value, locale: form.elements.namedItem('locale').value });
    const entries = await fetch('/entries.json?' + query).then((r) => (r.ok ? r.json() : [])).catch(() => []);
    entry.replaceChildren(new Option("the sample's", ''), ...entries.map((id) => new Option(id, id)));
  };
  form.addEventListener('change', (e) => { if (e.target.name === 'kind' || e.target.name === 'locale') void fill(); });
  void fill();
})();
`;

function pickerHtml(kinds: readonly string[], locales: readonly string[]): string {
  const options = (values: readonly string[]) =>
    values.map((v) => `<option value="${escapeHtml(v)}">${escapeHtml(v)}</option>`).join('');
  return `<section class="picker" id="picker"><h2>One person's email</h2>
  <p>Pick a catalog entry (a tip, a webinar, a story, a milestone), the sample account's language, whether it has a CS owner, and the person's role.</p>
  <form id="pick" action="/pick.html" method="get" target="picked">
    <label>Kind <select name="kind">${options(kinds)}</select></label>
    <label>Language <select name="locale">${options(locales)}</select></label>
    <label>Entry <select name="entry"><option value="">the sample's</option></select></label>
    <label>Role <select name="role"><option value="">the sample's</option>${options(['owner', 'admin', 'member'])}</select></label>
    <label><input type="checkbox" name="owner" value="1"> with a CS owner</label>
    <button type="submit">Show</button>
  </form>
  <iframe class="desktop" name="picked" title="the picked email"></iframe>
</section>`;
}

/** A short digest of what a card shows: the page swaps only cards whose digest changed. */
function digestOf(text: string): string {
  // FNV-1a: not for security, only to notice a change.
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(36);
}

function cardHtml(card: PreviewCard, view: PageView): string {
  const [kind, locale] = card.key.split('/') as [string, string];
  const id = `${kind}-${locale}`;
  const heading = `<h2>${escapeHtml(kind)} · ${escapeHtml(locale)}</h2>`;
  if (!card.ok) {
    return `<article class="card" id="${id}" data-template="${escapeHtml(card.key)}" data-state="error" data-hash="${digestOf(card.problems.join('\n'))}">${heading}
  <div class="build-error" role="alert"><h3>This email does not build</h3><pre>${escapeHtml(card.problems.join('\n'))}</pre></div>
</article>`;
  }
  const hash = digestOf(`${card.subject}\n${card.html}\n${card.text}`);
  const src = `/email/${encodeURIComponent(kind)}/${encodeURIComponent(locale)}.html?h=${hash}`;
  return `<article class="card" id="${id}" data-template="${escapeHtml(card.key)}" data-state="ok" data-hash="${hash}">${heading}
  <div class="subject">Subject: <b>${escapeHtml(card.subject)}</b></div>
  <div class="views">
    <figure><figcaption>Desktop (640 px)</figcaption><iframe class="desktop" title="${id} desktop" src="${src}"></iframe></figure>
    <figure><figcaption>Mobile (375 px)</figcaption><iframe class="mobile" title="${id} mobile" src="${src}"></iframe></figure>
    <figure class="text"><figcaption>Plain-text part</figcaption><pre>${escapeHtml(card.text)}</pre></figure>
  </div>
  <form class="send" data-template="${escapeHtml(card.key)}">
    <input type="email" name="to" required value="${escapeHtml(view.defaultTo)}" aria-label="Send a test to">
    <button type="submit">Send test</button>
    <output></output>
  </form>
</article>`;
}

export function previewPage(view: PageView): string {
  const failed = view.problems.length > 0;
  const status = failed
    ? `<span class="status failed">build failed: ${view.problems.length} problem${view.problems.length === 1 ? '' : 's'}</span>`
    : '<span class="status ok">build ok</span>';
  const kinds = [...new Set(view.cards.map((c) => c.key.split('/')[0] as string))];
  const locales = [...new Set(view.cards.map((c) => c.key.split('/')[1] as string))];
  const problems = failed
    ? `<section class="problems" role="alert"><h2>npm run build would fail: fix these</h2><pre>${escapeHtml(view.problems.join('\n'))}</pre></section>`
    : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>teichaku preview</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head>
<body data-version="${view.version}">
<header><h1>teichaku preview</h1>${status}
  <span>${escapeHtml(view.templatesDir)} · built ${escapeHtml(view.builtAt.slice(11, 19))} UTC in ${view.durationMs} ms · reloads on save</span>
  <span>tests go to the local SES: <a href="${escapeHtml(view.sesEndpoint)}/" target="_blank">${escapeHtml(view.sesEndpoint)}</a></span>
  <nav>${kinds.map((k) => `<a href="#${escapeHtml(k)}-ja">${escapeHtml(k)}</a>`).join('')}</nav>
</header>
<main>${problems}
${pickerHtml(kinds, locales)}
${view.cards.map((c) => cardHtml(c, view)).join('\n')}
</main>
<script>${SCRIPT}</script>
<script>${PICKER_SCRIPT}</script>
</body></html>`;
}
