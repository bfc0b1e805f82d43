// Every skip and pass-over code has words in both languages, and the README lists each with its meaning.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PASS_OVER_WORDS, passOverWords, SKIP_WORDS, skipWords } from '../../functions/cli/explain-words.js';

const README = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');

function section(title: string): string {
  const start = README.indexOf(`## ${title}\n`);
  expect(start, `README section "${title}"`).toBeGreaterThanOrEqual(0);
  const end = README.indexOf('\n## ', start + 3);
  return README.slice(start, end === -1 ? undefined : end);
}

function tableCodes(text: string, header: string): string[] {
  const table = text.slice(text.indexOf(`| ${header} |`)).split('\n\n')[0] ?? '';
  return [...table.matchAll(/^\| `([a-z-]+)` \|/gm)].map((m) => m[1] as string);
}

describe('the decision trail in words', () => {
  const why = section('Why a contact did or did not get an email');

  it('lists every skip code in the README, and no other', () => {
    expect(tableCodes(why, 'skip code').sort()).toEqual(Object.keys(SKIP_WORDS).sort());
  });

  it('lists every passed-over code in the README, and no other', () => {
    expect(tableCodes(why, 'passed-over code').sort()).toEqual(Object.keys(PASS_OVER_WORDS).sort());
  });

  it('says each code in Japanese and English, with the times the reader needs', () => {
    for (const words of [...Object.values(SKIP_WORDS), ...Object.values(PASS_OVER_WORDS)]) {
      expect(words.en.length).toBeGreaterThan(10);
      expect(words.ja.length).toBeGreaterThan(5);
    }
    expect(skipWords('capped', 'en')).toContain('{until}');
    expect(skipWords('capped', 'ja')).toContain('{until}');
    for (const code of ['outside-window', 'holiday'])
      for (const locale of ['en', 'ja'] as const) expect(skipWords(code, locale)).toContain('{next}');
  });

  it('shows a code it does not know (a newer writer’s) as it is', () => {
    expect(skipWords('some-future-code', 'en')).toBe('some-future-code');
    expect(passOverWords('another-code', 'ja')).toBe('another-code');
  });
});
