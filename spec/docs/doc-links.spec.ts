// README.md and docs/*.md stand alone: every relative link resolves to a file in the repository,
// and no path (link or code span) points outside it (the README once named ../shared/...).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { root } from '../helpers/run-source.js';

const docs = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];

describe('README.md and docs/*.md', () => {
  it('link only to files that exist in the repository', () => {
    const broken: string[] = [];
    for (const doc of docs) {
      const text = readFileSync(join(root, doc), 'utf8');
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1]!.split('#')[0]!;
        if (target === '' || /^[a-z]+:/i.test(target)) continue;
        const file = resolve(dirname(join(root, doc)), target);
        if (relative(root, file).startsWith('..') || !existsSync(file)) broken.push(`${doc}: ${m[1]}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('name no path outside the repository', () => {
    const outside: string[] = [];
    for (const doc of docs) {
      const text = readFileSync(join(root, doc), 'utf8');
      for (const m of text.matchAll(/(?:\.\.\/)+[\w.-]+(?:\/[\w.-]+)*/g)) {
        if (relative(root, resolve(dirname(join(root, doc)), m[0])).startsWith('..')) outside.push(`${doc}: ${m[0]}`);
      }
    }
    // The install instructions name the user's own project next to a checkout, not a file of ours.
    expect(outside.filter((o) => !/: \.\.\/(kalshi-rx\/kalshi-rx-[\d.]+\.tgz|your-project)$/.test(o))).toEqual([]);
  });
});
