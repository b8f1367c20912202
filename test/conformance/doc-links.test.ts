/**
 * The Markdown in the repository stands alone: every relative link resolves to a file inside the
 * repository (and a #fragment to a heading of a Markdown file), and no text points at the
 * machine the project was written on (../shared, /work/...), which a user does not have.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

/** README.md, docs/ and every other Markdown file of the repository (not dependencies, not run output). */
function markdownFiles(dir = ROOT): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      const skip = e.name === 'node_modules' || e.name.startsWith('.') || path.relative(ROOT, dir) === 'reports';
      if (!skip) out.push(...markdownFiles(p));
    } else if (e.isFile() && e.name.endsWith('.md')) out.push(p);
  }
  return out;
}

/** Fenced blocks and code spans removed: `</3/0>` or `[x](y)` inside code is not a link. */
function withoutCode(text: string): string {
  return text.replace(/^(```|~~~)[^]*?^\1/gm, '').replace(/`[^`\n]*`/g, '');
}

/** Inline links and images `[t](target "title")`, reference definitions `[id]: target`, autolinks `<scheme:...>`. */
function linkTargets(text: string): string[] {
  const prose = withoutCode(text);
  const inline = [...prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]*)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]);
  const definitions = [...prose.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm)].map((m) => m[1]);
  const autolinks = [...prose.matchAll(/<([a-z][a-z0-9+.-]*:[^>\s]*)>/gi)].map((m) => m[1]);
  return [...inline, ...definitions, ...autolinks];
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsIn(text: string): Set<string> {
  return new Set([...withoutCode(text).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)].map((m) => anchorOf(m[1])));
}

const MACHINE_PATHS = /(?:\.\.\/shared\b|(?<![\w.])\/(?:work|home|Users)\/)/;

/** What is wrong with the links of one Markdown file, as sentences; empty when all resolve. */
function linkProblems(file: string, text: string, root = ROOT): string[] {
  const problems: string[] = [];
  const where = path.relative(root, file);
  text.split('\n').forEach((line, i) => {
    const m = MACHINE_PATHS.exec(line);
    if (m) problems.push(`${where}:${i + 1} points outside the repository ("${m[0]}")`);
  });
  for (const target of linkTargets(text)) {
    if (/^(https?|mailto):/i.test(target)) continue; // the web is not a file of the repository
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
      problems.push(`${where}: link "${target}" is neither a file of the repository nor a web address`);
      continue;
    }
    const [pathPart, fragment] = target.split('#', 2) as [string, string | undefined];
    if (pathPart.startsWith('/')) {
      problems.push(`${where}: link "${target}" is an absolute path; link relative to the file`);
      continue;
    }
    if (pathPart === '') {
      if (fragment && !anchorsIn(text).has(fragment)) problems.push(`${where}: link "${target}": no heading #${fragment} here`);
      continue;
    }
    const resolved = path.resolve(path.dirname(file), decodeURI(pathPart));
    const inside = path.relative(root, resolved);
    if (inside.startsWith('..') || path.isAbsolute(inside)) {
      problems.push(`${where}: link "${target}" leads outside the repository`);
      continue;
    }
    if (!fs.existsSync(resolved)) {
      problems.push(`${where}: link "${target}" does not resolve (no ${inside})`);
      continue;
    }
    if (fragment && resolved.endsWith('.md') && !anchorsIn(fs.readFileSync(resolved, 'utf8')).has(fragment)) {
      problems.push(`${where}: link "${target}": ${inside} has no heading #${fragment}`);
    }
  }
  return problems;
}

test('every link in README.md, docs/ and the other Markdown files resolves to a file in the repository', () => {
  const files = markdownFiles();
  assert.ok(files.includes(path.join(ROOT, 'README.md')) && files.includes(path.join(ROOT, 'docs', 'architecture.md')));
  const problems = files.flatMap((f) => linkProblems(f, fs.readFileSync(f, 'utf8')));
  assert.deepEqual(problems, []);
});

test('the link check catches a missing file, a link outside the repository, a machine path, a wrong anchor', () => {
  const file = path.join(ROOT, 'docs', 'example.md');
  const text = [
    '# Title',
    'Good: [profile](dut-profile.md), [section](dut-profile.md#launch), [here](#title), [web](https://example.org/x).',
    'Bad: [gone](no-such-file.md), [up](../../shared/DESIGN.md), [abs](/etc/passwd), [anchor](architecture.md#no-such-heading).',
    'Also bad, in code: see `../shared/DESIGN.md` or `/work/shared/notes/x.md`.',
    '```',
    '[not a link](in-a-code-block.md)',
    '```',
    '[ref]: missing-too.md',
  ].join('\n');
  const problems = linkProblems(file, text);
  const expected = [
    /docs\/example.md:4 points outside the repository \("\.\.\/shared"\)/,
    /link "no-such-file.md" does not resolve/,
    /link "\.\.\/\.\.\/shared\/DESIGN.md" leads outside the repository/,
    /link "\/etc\/passwd" is an absolute path/,
    /link "architecture.md#no-such-heading": docs\/architecture.md has no heading #no-such-heading/,
    /link "missing-too.md" does not resolve/,
  ];
  for (const e of expected)
    assert.ok(
      problems.some((p) => e.test(p)),
      `${e} not among:\n${problems.join('\n')}`,
    );
  assert.equal(problems.length, expected.length + 1, problems.join('\n')); // line 3's ../shared is also a machine path
});
