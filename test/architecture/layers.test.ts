// The layers' import direction (handlers and cli → adapters → core) is held here, not by memory.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const CORE_ALLOWED_PACKAGES = new Set(['zod', '@holiday-jp/holiday_jp']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mts)$/.test(name) ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    found.push((m[1] ?? m[2]) as string);
  }
  return found;
}

describe('layers', () => {
  const coreFiles = sourceFiles(join(ROOT, 'functions/core'));

  it('keeps the core free of I/O, AWS and other layers', () => {
    const offenders: string[] = [];
    for (const file of coreFiles) {
      for (const spec of importsOf(file)) {
        if (spec.startsWith('.')) {
          const target = resolve(dirname(file), spec);
          if (!target.startsWith(join(ROOT, 'functions/core'))) offenders.push(`${relative(ROOT, file)} → ${spec}`);
        } else if (!CORE_ALLOWED_PACKAGES.has(spec)) {
          offenders.push(`${relative(ROOT, file)} → ${spec}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('keeps the clock out of the core', () => {
    const readers = coreFiles.filter((f) => /Date\.now\(\)|new Date\(\)|process\.env/.test(readFileSync(f, 'utf8')));
    expect(readers.map((f) => relative(ROOT, f))).toEqual([]);
  });

  it('never lets adapters import handlers or the cli', () => {
    const offenders = sourceFiles(join(ROOT, 'functions/adapters')).flatMap((file) =>
      importsOf(file)
        .filter((spec) => /\/(handlers|cli)\//.test(resolve(dirname(file), spec)) && spec.startsWith('.'))
        .map((spec) => `${relative(ROOT, file)} → ${spec}`),
    );
    expect(offenders).toEqual([]);
  });
});
