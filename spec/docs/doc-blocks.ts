// The TypeScript blocks of README.md and docs/*.md, as files of a scratch project.
//
// Conventions (visible in the docs, nothing hidden):
// - a block whose first line is `// file: name.ts` is written under that name, so later blocks of
//   the same page can import it (`./name.js`);
// - a block that imports from 'vitest' is a test file, run with vitest;
// - a block fenced as ```ts compile-only needs a Kalshi account or a network: it is type-checked,
//   not run (the page says so next to it);
// - every other block is a complete program: it is compiled and run with node, and must end by
//   itself with exit status 0.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One block. */
export interface DocBlock {
  readonly doc: string;
  readonly line: number;
  readonly file: string;
  readonly mode: 'run' | 'test' | 'compile-only';
  readonly code: string;
}

/** Extracts the ```ts blocks of one Markdown text. */
export function extractBlocks(doc: string, markdown: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  const lines = markdown.split('\n');
  const slug = doc
    .replace(/\.md$/, '')
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .toLowerCase();
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|typescript)(?:\s+(.*))?$/.exec(lines[i]!);
    if (open === null) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end] !== '```') end++;
    const code = lines.slice(start, end).join('\n') + '\n';
    i = end;
    const named = /^\/\/ file: (\S+\.ts)\s*$/.exec(lines[start] ?? '');
    const test = /from 'vitest'/.test(code);
    const mode = (open[2] ?? '').split(/\s+/).includes('compile-only') ? 'compile-only' : test ? 'test' : 'run';
    const file = named?.[1] ?? `${slug}-line${start}${test ? '.test' : ''}.ts`;
    blocks.push({ doc, line: start, file, mode, code });
  }
  return blocks;
}

/** README.md and every docs/*.md, with their blocks. */
export function allBlocks(root: string, skip: readonly string[] = []): DocBlock[] {
  const docs = [
    'README.md',
    ...readdirSync(join(root, 'docs'))
      .filter((f) => f.endsWith('.md'))
      .map((f) => `docs/${f}`),
  ];
  return docs.filter((d) => !skip.includes(d)).flatMap((d) => extractBlocks(d, readFileSync(join(root, d), 'utf8')));
}
