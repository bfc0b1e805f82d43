// `npm run changelog`: CHANGELOG.md from the Conventional Commit subjects in `git log`. A commit
// belongs to the version package.json names at that commit (the version is raised when work on the
// next one starts), so each section lists what went into that version. Features, fixes and
// performance are listed; the other types (docs, tests, refactors, build, ci, chore) are counted.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const LISTED = [
  ['feat', 'Features'],
  ['fix', 'Fixes'],
  ['perf', 'Performance'],
] as const;

interface Commit {
  readonly hash: string;
  readonly type: string;
  readonly scope: string | null;
  readonly breaking: boolean;
  readonly description: string;
}

function git(args: readonly string[]): string {
  return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
}

function versionAt(hash: string): string {
  try {
    return (JSON.parse(git(['show', `${hash}:package.json`])) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

const SUBJECT = /^(\w+)(?:\(([^)]+)\))?(!)?: (.+)$/;

function parse(hash: string, subject: string, body: string): Commit {
  const m = SUBJECT.exec(subject);
  if (m === null) return { hash, type: 'other', scope: null, breaking: false, description: subject };
  return {
    hash,
    type: m[1] as string,
    scope: m[2] ?? null,
    breaking: m[3] === '!' || /^BREAKING[ -]CHANGE:/m.test(body),
    description: m[4] as string,
  };
}

export function changelog(): string {
  // Oldest first; \x1f between fields, \x1e between commits.
  const log = git(['log', '--reverse', '--format=%H%x1f%s%x1f%b%x1e']);
  const commits = log
    .split('\x1e')
    .map((c) => c.trim())
    .filter((c) => c !== '')
    .map((c) => {
      const [hash = '', subject = '', body = ''] = c.split('\x1f');
      return parse(hash, subject, body);
    });
  // The version changes only in commits that touch package.json's version line.
  const bumps = new Set(
    git(['log', '--format=%H', '-G"version":', '--', 'package.json'])
      .split('\n')
      .filter((h) => h !== ''),
  );
  const versions: { version: string; commits: Commit[] }[] = [];
  let current = '0.0.0';
  for (const commit of commits) {
    if (bumps.has(commit.hash) || versions.length === 0) current = versionAt(commit.hash);
    if (versions.at(-1)?.version !== current) versions.push({ version: current, commits: [] });
    versions.at(-1)?.commits.push(commit);
  }
  const sections = versions.reverse().map(({ version, commits: inVersion }) => {
    const lines = [`## ${version}`, ''];
    const breaking = inVersion.filter((c) => c.breaking);
    if (breaking.length > 0) lines.push('### Breaking changes', '', ...breaking.map(item), '');
    for (const [type, title] of LISTED) {
      const listed = inVersion.filter((c) => c.type === type && !c.breaking);
      if (listed.length > 0) lines.push(`### ${title}`, '', ...listed.map(item), '');
    }
    const others = new Map<string, number>();
    for (const c of inVersion)
      if (!LISTED.some(([type]) => type === c.type)) others.set(c.type, (others.get(c.type) ?? 0) + 1);
    if (others.size > 0) lines.push(`Also: ${[...others].map(([type, n]) => `${n} ${type}`).join(', ')}.`, '');
    return lines.join('\n');
  });
  return `# Changelog\n\nWritten by \`npm run changelog\` from the Conventional Commit subjects of \`git log\`: each version lists\nthe commits made while package.json named it.\n\n${sections.join('\n')}`;
}

function item(c: Commit): string {
  return `- ${c.scope === null ? '' : `**${c.scope}**: `}${c.description} (${c.hash.slice(0, 7)})`;
}

writeFileSync(resolve(ROOT, 'CHANGELOG.md'), changelog());
console.log('changelog: wrote CHANGELOG.md');
