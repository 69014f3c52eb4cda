import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load.js';
import { decodeBytes, encodeText } from '../../src/encoding.js';
import { fixService } from '../../src/fix.js';
import { memoryFileSystem } from '../../src/fs.js';
import { plain } from '../support/config-view.js';
import { rules } from '../../rules/index.js';

/**
 * --fix on generated serverless configs: comments (with Latin-1 bytes), anchors and aliases, flow
 * and block styles, plain/single/double quoting, CloudFormation tags, LF/CRLF/mixed line endings,
 * a BOM. Each config plants origins a fix must serialize (`https://App.example.com/` →
 * `https://app.example.com`) and, with an authorizer, the gateway responses a fix must add. For
 * every case: the output re-parses (with the loader's own parser), fixing it again changes nothing, every byte outside the
 * planted ranges is identical, and the parsed configuration differs only at the planted paths.
 */

/** A modifiable byte range of the original and the config path whose value may change there. */
interface Region {
  start: number;
  end: number;
  path: string;
}

class Builder {
  private readonly chunks: Buffer[] = [];
  private length = 0;
  readonly regions: Region[] = [];
  /** Where the last line's line ending starts (insertions at the end of the file land after it). */
  lastEol = 0;

  constructor(
    private readonly eol: () => string,
    private readonly latin1: boolean,
  ) {}

  bytes(b: Buffer): void {
    this.chunks.push(b);
    this.length += b.length;
  }

  text(t: string): void {
    this.bytes(Buffer.from(t, 'utf8'));
  }

  /** A value that a fix may rewrite (its path must then be the only place the parse differs). */
  region(t: string, path: string): void {
    const start = this.length;
    this.text(t);
    this.regions.push({ start, end: this.length, path });
  }

  comment(words: string): void {
    // `é` as Latin-1 (one byte that is not UTF-8) or as UTF-8.
    this.text(` # ${words} caf`);
    this.bytes(this.latin1 ? Buffer.of(0xe9) : Buffer.from('é', 'utf8'));
  }

  endLine(): void {
    this.lastEol = this.length;
    this.text(this.eol());
  }

  build(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

type Quote = 'plain' | 'single' | 'double';
type Defect = 'none' | 'slash' | 'upper' | 'port' | 'upper-slash';

interface EventSpec {
  flow: boolean;
  defect: Defect;
  quote: Quote;
  alias: boolean;
  authorizer: boolean;
  credentials: boolean;
  comment: boolean;
}

interface Spec {
  bom: boolean;
  latin1: boolean;
  eol: 'lf' | 'crlf' | 'mixed';
  mixedSeed: number[];
  flowProvider: boolean;
  functions: EventSpec[][];
  resources: 'none' | 'block' | 'flow';
  finalEol: boolean;
}

const ORIGINS: Record<Defect, string> = {
  none: 'https://app.example.com',
  slash: 'https://app.example.com/',
  upper: 'https://App.Example.com',
  port: 'https://app.example.com:443',
  'upper-slash': 'HTTPS://APP.example.com/',
};

function quoted(value: string, quote: Quote): string {
  return quote === 'single' ? `'${value}'` : quote === 'double' ? `"${value}"` : value;
}

const eventArb: fc.Arbitrary<EventSpec> = fc.record({
  flow: fc.boolean(),
  defect: fc.constantFrom<Defect>('none', 'slash', 'upper', 'port', 'upper-slash'),
  quote: fc.constantFrom<Quote>('plain', 'single', 'double'),
  alias: fc.boolean(),
  authorizer: fc.boolean(),
  credentials: fc.boolean(),
  comment: fc.boolean(),
});

const specArb: fc.Arbitrary<Spec> = fc.record({
  bom: fc.boolean(),
  latin1: fc.boolean(),
  eol: fc.constantFrom<Spec['eol']>('lf', 'crlf', 'mixed'),
  mixedSeed: fc.array(fc.boolean().map(Number), { minLength: 8, maxLength: 8 }),
  flowProvider: fc.boolean(),
  functions: fc.array(fc.array(eventArb, { minLength: 1, maxLength: 2 }), { minLength: 1, maxLength: 3 }),
  resources: fc.constantFrom<Spec['resources']>('none', 'block', 'flow'),
  finalEol: fc.boolean(),
});

/** The config's bytes and what a fix may change. */
function render(spec: Spec): { bytes: Buffer; regions: Region[] } {
  let line = 0;
  const eol = () => (spec.eol === 'lf' ? '\n' : spec.eol === 'crlf' ? '\r\n' : spec.mixedSeed[line++ % 8] ? '\r\n' : '\n');
  const b = new Builder(eol, spec.latin1);
  if (spec.bom) b.text('\uFEFF');
  b.text('# generated service');
  b.comment('header');
  b.endLine();
  b.text('service: generated');
  b.endLine();
  if (spec.flowProvider) b.text('provider: { name: aws, runtime: nodejs20.x }');
  else {
    b.text('provider:');
    b.endLine();
    b.text('  name: aws');
    b.endLine();
    b.text("  runtime: 'nodejs20.x'");
  }
  b.endLine();

  const aliased = spec.functions.flat().filter((e) => e.alias);
  if (aliased.length > 0) {
    b.text('custom:');
    b.endLine();
    // A value shared through an alias is not fixed (the fix would change every use): it must stay as it is.
    aliased.forEach((e, i) => {
      b.text(`  origin${i}: &origin${i} ${quoted(ORIGINS[e.defect], e.quote)}`);
      b.endLine();
    });
  }

  b.text('functions:');
  b.endLine();
  let aliasIndex = 0;
  spec.functions.forEach((events, f) => {
    b.text(`  fn${f}:`);
    b.endLine();
    b.text(`    handler: src/fn${f}.handler`);
    b.endLine();
    b.text('    events:');
    b.endLine();
    events.forEach((e, i) => {
      const path = `functions.fn${f}.events.${i}.http.cors.origin`;
      const originText = e.alias ? `*origin${aliasIndex++}` : quoted(ORIGINS[e.defect], e.quote);
      const origin = () => (e.alias ? b.text(originText) : b.region(originText, path));
      b.text('      - http:');
      b.endLine();
      b.text(`          path: p${f}x${i}`);
      b.endLine();
      b.text(`          method: ${i % 2 ? 'post' : 'get'}`);
      if (e.comment) b.comment('method');
      b.endLine();
      if (e.authorizer) {
        b.text('          authorizer: aws_iam');
        b.endLine();
      }
      if (e.flow) {
        b.text('          cors: { origin: ');
        origin();
        b.text(`${e.alias ? ' ' : ''}, allowCredentials: ${e.credentials} }`);
        if (e.comment) b.comment('cors');
        b.endLine();
      } else {
        b.text('          cors:');
        b.endLine();
        b.text('            origin: ');
        origin();
        if (e.comment) b.comment('origin');
        b.endLine();
        b.text(`            allowCredentials: ${e.credentials}`);
        b.endLine();
      }
    });
  });

  if (spec.resources === 'block') {
    b.text('resources:');
    b.endLine();
    b.text('  Resources:');
    b.endLine();
    b.text('    Bucket:');
    b.endLine();
    b.text('      Type: AWS::S3::Bucket');
    b.endLine();
    b.text('      Properties:');
    b.endLine();
    b.text("        BucketName: !Sub 'generated-bucket'");
    b.comment('name');
    b.endLine();
    b.text('        Tags:');
    b.endLine();
    b.text('          - Key: region');
    b.endLine();
    b.text('            Value: !Ref AWS::Region');
    b.endLine();
    b.text('          - Key: arn');
    b.endLine();
    b.text('            Value: !GetAtt [Queue, Arn]');
  } else if (spec.resources === 'flow') {
    // Gateway responses are added inside the flow map.
    b.text('resources: ');
    b.region("{ Resources: { Queue: { Type: 'AWS::SQS::Queue', Properties: { QueueName: !Join ['-', [a, !Ref AWS::Region]] } } } }", 'resources');
  }
  if (spec.finalEol) b.endLine();
  return { bytes: b.build(), regions: b.regions };
}

const FILE = '/repo/serverless.yml';

function fix(bytes: Buffer): Buffer | undefined {
  const fs = memoryFileSystem({ [FILE]: decodeBytes(bytes) });
  const outcome = fixService(FILE, { ruleSet: rules, fs, repoRoot: '/repo' });
  expect(outcome.dropped).toEqual([]);
  const text = outcome.outputs.get(FILE);
  return text === undefined ? undefined : encodeText(text);
}

/** The original's bytes outside `regions` appear in `out` in order, the first at its start and the last at its end. */
function sameOutside(orig: Buffer, out: Buffer, regions: { start: number; end: number }[]): boolean {
  const cuts = [...regions].sort((a, b) => a.start - b.start);
  const segments: [number, number][] = [];
  let pos = 0;
  for (const r of cuts) {
    segments.push([pos, r.start]);
    pos = Math.max(pos, r.end);
  }
  segments.push([pos, orig.length]);
  let at = 0;
  for (const [i, [s, e]] of segments.entries()) {
    const seg = orig.subarray(s, e);
    if (i === segments.length - 1) return out.length - seg.length >= at && out.subarray(out.length - seg.length).equals(seg);
    const found = i === 0 ? (out.subarray(0, seg.length).equals(seg) ? 0 : -1) : out.indexOf(seg, at);
    if (found < 0) return false;
    at = found + seg.length;
  }
  return true;
}

/** Paths (dotted) where two plain values differ, stopping at the first differing level. */
function differences(a: unknown, b: unknown, path = ''): string[] {
  if (Object.is(a, b)) return [];
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return [path];
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].flatMap((k) => differences((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
}

/** The configuration as plain data, and its parse errors (bytes that are not UTF-8 are no error). */
function parsed(bytes: Buffer): { value: unknown; errors: string[] } {
  const config = parseConfig(FILE, decodeBytes(bytes));
  return { value: plain(config.value), errors: config.errors.filter((e) => e.kind !== 'not-utf8').map((e) => e.message) };
}

// 1,000 cases take seconds on an idle machine and minutes on a loaded one: the timeout only catches a hang.
const HANG_GUARD_MS = 300_000;

describe('--fix on generated configs', () => {
  it(
    're-parses, is idempotent, keeps every byte outside the fixed values and changes only the fixed paths',
    () => {
      fc.assert(
        fc.property(specArb, (spec) => {
          const { bytes, regions } = render(spec);
          const out = fix(bytes) ?? bytes;
          const after = parsed(out);
          expect(after.errors).toEqual([]);
          expect(fix(out)).toBeUndefined();

          // With an authorizer, gateway responses are added after the last line (or in the flow map): that tail may change.
          const authorizer = spec.functions.flat().some((e) => e.authorizer);
          const tail = authorizer ? [{ start: lastContentEnd(bytes), end: bytes.length }] : [];
          const fixable = regions.filter((r) => authorizer || r.path !== 'resources');
          expect(sameOutside(bytes, out, [...fixable, ...tail])).toBe(true);

          const before = parsed(bytes);
          const allowedPaths = [...fixable.map((r) => r.path), ...(authorizer ? ['resources'] : [])];
          for (const path of differences(before.value, after.value))
            expect(
              allowedPaths.some((p) => path === p || path.startsWith(`${p}.`)),
              path,
            ).toBe(true);
          // Every planted origin now reads as the browser sends it.
          for (const path of regions.map((r) => r.path).filter((p) => p.startsWith('functions.'))) expect(valueAt(after.value, path), path).toBe(ORIGINS.none);
        }),
        { seed: 20_250_610, numRuns: Number(process.env.RUNS ?? 1000) },
      );
    },
    HANG_GUARD_MS,
  );
});

function valueAt(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], value);
}

/** The end of the last line's content: what follows (the final line ending) is where additions go. */
function lastContentEnd(bytes: Buffer): number {
  let end = bytes.length;
  while (end > 0 && (bytes[end - 1] === 0x0a || bytes[end - 1] === 0x0d)) end--;
  return end;
}
