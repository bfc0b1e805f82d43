// A throw-away copy of the shipped templates/ folder, for tests that break or edit it.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const SHIPPED_TEMPLATES = resolve(import.meta.dirname, '../../templates');

export interface TempTemplates {
  readonly dir: string;
  path(relative: string): string;
  read(relative: string): string;
  write(relative: string, text: string): void;
  /** Replaces the first occurrence of `from`; fails loudly when it is not there (a test that edits nothing proves nothing). */
  replace(relative: string, from: string | RegExp, to: string): void;
  remove(relative: string): void;
  dispose(): void;
}

export function tempTemplates(): TempTemplates {
  const dir = mkdtempSync(join(tmpdir(), 'teichaku-templates-'));
  cpSync(SHIPPED_TEMPLATES, dir, { recursive: true });
  const path = (relative: string) => join(dir, relative);
  return {
    dir,
    path,
    read: (relative) => readFileSync(path(relative), 'utf8'),
    write: (relative, text) => writeFileSync(path(relative), text),
    replace: (relative, from, to) => {
      const before = readFileSync(path(relative), 'utf8');
      const after = before.replace(from, to);
      if (after === before) throw new Error(`test setup: ${String(from)} not found in ${relative}`);
      writeFileSync(path(relative), after);
    },
    remove: (relative) => rmSync(path(relative), { force: true, recursive: true }),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Line number (1-based) of the first line containing `needle`. */
export function lineOfText(text: string, needle: string): number {
  const index = text.split('\n').findIndex((l) => l.includes(needle));
  if (index < 0) throw new Error(`test setup: "${needle}" not found`);
  return index + 1;
}
