import { describe, expect, it } from 'vitest';
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { pythonNestingExceeds, scriptNestingExceeds, yamlNestingExceeds } from '../../src/nesting.js';

/** The estimates run before a parser: never below the real depth, and far below the limit on real files. */
describe('yamlNestingExceeds', () => {
  const blockMaps = (n: number) => Array.from({ length: n }, (_, i) => `${'  '.repeat(i)}k${i}:`).join('\n');

  it('counts block maps, item markers and flow brackets', () => {
    expect(yamlNestingExceeds(blockMaps(50), 50)).toBe(false);
    expect(yamlNestingExceeds(blockMaps(51), 50)).toBe(true);
    expect(yamlNestingExceeds(`x: ${'['.repeat(50)}${']'.repeat(50)}`, 50)).toBe(true);
    expect(yamlNestingExceeds(`x: ${'['.repeat(40)}${']'.repeat(40)}`, 50)).toBe(false);
    expect(yamlNestingExceeds(`${'- '.repeat(51)}x`, 50)).toBe(true);
  });

  it('counts a sequence at the column of the key that owns it as one level more', () => {
    // k: / - k: / - k: …: a map, a sequence, a map, … two levels per line.
    const text = Array.from({ length: 30 }, (_, i) => `${'  '.repeat(i)}- k:`).join('\n');
    expect(yamlNestingExceeds(`k:\n${text}`, 50)).toBe(true);
    expect(yamlNestingExceeds(`k:\n${text}`, 70)).toBe(false);
  });

  it('does not count brackets in quotes, comments, plain scalars and block scalars', () => {
    const text = [
      `a: "${'['.repeat(100)}"`,
      `b: '${'{'.repeat(100)}'`,
      `c: x${'['.repeat(100)}`,
      `# ${'['.repeat(100)}`,
      'd: |',
      ...Array.from({ length: 100 }, (_, i) => `  ${' '.repeat(i)}[`),
      'e: 1',
    ].join('\n');
    expect(yamlNestingExceeds(text, 5)).toBe(false);
  });

  it('stays far below the limit on the repository configs', () => {
    const dir = path.join(import.meta.dirname, '..', 'fixtures');
    for (const rule of nodeFs.readdirSync(dir)) {
      for (const c of nodeFs.readdirSync(path.join(dir, rule))) {
        const file = path.join(dir, rule, c, 'serverless.yml');
        if (nodeFs.existsSync(file)) expect(yamlNestingExceeds(nodeFs.readFileSync(file, 'utf8'), 20), file).toBe(false);
      }
    }
  });
});

describe('scriptNestingExceeds', () => {
  it('counts brackets and left-deep chains', () => {
    expect(scriptNestingExceeds(`x = ${'('.repeat(60)}1${')'.repeat(60)}`, 50)).toBe(true);
    expect(scriptNestingExceeds(`x = ${Array(60).fill("'a'").join(' + ')}`, 50)).toBe(true);
    expect(scriptNestingExceeds(`x = ${Array(60).fill("'a'").join(' +\n  ')}`, 50)).toBe(true);
    expect(scriptNestingExceeds(`p${'.then(f)'.repeat(30)}`, 50)).toBe(true);
    expect(scriptNestingExceeds(`if (a) {}${' else if (a) {}'.repeat(60)}`, 50)).toBe(true);
    expect(scriptNestingExceeds(`x = \`${'${`'.repeat(30)}${'`}'.repeat(30)}\``, 50)).toBe(true);
  });

  it('resets chains at commas, semicolons and statement line breaks', () => {
    expect(scriptNestingExceeds(Array(200).fill('a = b + c;').join('\n'), 10)).toBe(false);
    expect(scriptNestingExceeds(Array(200).fill('a = b + c').join('\n'), 10)).toBe(false);
    expect(scriptNestingExceeds(`f(${Array(200).fill('a + b').join(', ')})`, 10)).toBe(false);
  });

  it('does not count brackets in strings, comments, templates and regular expressions', () => {
    const text = `const s = '${'('.repeat(100)}'; // ${'['.repeat(100)}\n/* ${'{'.repeat(100)} */\nconst t = \`${'('.repeat(100)}\`;\nconst r = /[(]{3}${'\\('.repeat(100)}/g;\nconst d = a / b / c;`;
    expect(scriptNestingExceeds(text, 10)).toBe(false);
  });

  it('stays far below the limit on the repository sources', () => {
    const root = path.join(import.meta.dirname, '..', '..');
    for (const dir of ['src', 'rules']) {
      for (const file of nodeFs
        .readdirSync(path.join(root, dir), { recursive: true })
        .map(String)
        .filter((f) => f.endsWith('.ts'))) {
        expect(scriptNestingExceeds(nodeFs.readFileSync(path.join(root, dir, file), 'utf8'), 100), file).toBe(false);
      }
    }
  });
});

describe('pythonNestingExceeds', () => {
  it('counts brackets, operator chains and indentation', () => {
    expect(pythonNestingExceeds(`x = ${'('.repeat(51)}1${')'.repeat(51)}`, 50)).toBe(true);
    expect(pythonNestingExceeds(`x = ${'('.repeat(40)}1${')'.repeat(40)}`, 50)).toBe(false);
    expect(pythonNestingExceeds(`x = ${Array(60).fill("'a'").join(' + ')}`, 50)).toBe(true);
    expect(pythonNestingExceeds(Array(200).fill('a = b + c').join('\n'), 10)).toBe(false);
    expect(pythonNestingExceeds(`f(${Array(200).fill('a + b').join(', ')})`, 10)).toBe(false);
    expect(pythonNestingExceeds(`${' '.repeat(60)}x = 1`, 50)).toBe(true);
  });

  it('does not count brackets in strings and comments', () => {
    const text = `s = '${'('.repeat(100)}'  # ${'['.repeat(100)}\nt = """\n${'{'.repeat(100)}\n"""\nu = "a\\"${'('.repeat(100)}"`;
    expect(pythonNestingExceeds(text, 10)).toBe(false);
  });

  it('stays far below the limit on the Python files of the tests', () => {
    const root = path.join(import.meta.dirname, '..');
    const files = nodeFs
      .readdirSync(root, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.py'));
    expect(files.length).toBeGreaterThan(10);
    for (const file of files) expect(pythonNestingExceeds(nodeFs.readFileSync(path.join(root, file), 'utf8'), 100), file).toBe(false);
  });
});
