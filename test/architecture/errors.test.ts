// One error base: every error teichaku exports is a TeichakuError with a stable code of its own, so
// logs, metrics and alarms can match on the code whatever the message says.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

const sources = sourceFiles(join(ROOT, 'functions')).map((file) => ({
  file: relative(ROOT, file),
  text: readFileSync(file, 'utf8'),
}));

describe('the error base', () => {
  it('has no exported error class that extends Error itself', () => {
    const direct = sources.flatMap(({ file, text }) =>
      [...text.matchAll(/export (?:abstract )?class (\w+) extends Error\b/g)]
        .map((m) => `${file}: ${m[1]}`)
        .filter((found) => !found.endsWith(': TeichakuError')),
    );
    expect(direct).toEqual([]);
  });

  it('gives every code to one error only', () => {
    const codes = sources.flatMap(({ text }) => [...text.matchAll(/readonly code = '([A-Z_]+)'/g)].map((m) => m[1]));
    expect(codes.length).toBeGreaterThan(30);
    expect(codes.filter((code, i) => codes.indexOf(code) !== i)).toEqual([]);
  });
});
