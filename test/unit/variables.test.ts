import { plain } from '../support/config-view.js';
import { describe, expect, it } from 'vitest';
import { ConfigFiles } from '../../src/config/load.js';
import { getPath } from '../../src/config/tree.js';
import { parseVariables, VariableSyntaxError } from '../../src/config/variable-syntax.js';
import { resolveConfig, type ResolveOptions } from '../../src/config/variables.js';
import { memoryFileSystem, type FileSystem } from '../../src/fs.js';

const SERVICE = '/repo/svc/serverless.yml';

function resolve(service: string, more: Record<string, string> = {}, opts: Partial<ResolveOptions> = {}, fs?: FileSystem) {
  const files: Record<string, string> = { [SERVICE]: service, ...more };
  const memory = fs ?? memoryFileSystem(files);
  const configs = new ConfigFiles(memory);
  const file = configs.load(SERVICE)!;
  const result = resolveConfig(file, { files: configs, fs: memory, serviceDir: '/repo/svc', repoRoot: '/repo', env: {}, ...opts });
  const at = (...keys: string[]) => getPath(result.value, ...keys);
  const textAt = (span: { file: string; start: number; end: number }) => files[span.file].slice(span.start, span.end);
  return { ...result, at, textAt, messages: result.problems.map((p) => p.message) };
}

describe('parseVariables', () => {
  it('parses sources, params, addresses, nested variables and fallbacks', () => {
    const text = 'a ${self:custom.${sls:stage}} ${file(./x.yml):k, env:X, \'q, r\'} ${a:b, "s"} ${a:b, 12} ${a:b,true} ${a:b, null }';
    const [first, second, ...rest] = parseVariables(text);
    expect(text.slice(first.start, first.end)).toBe('${self:custom.${sls:stage}}');
    const address = (first.sources[0] as { address: { variables: { start: number; end: number }[] } }).address;
    expect(address.variables.map((v) => text.slice(v.start, v.end))).toEqual(['${sls:stage}']);
    expect(second.sources).toEqual([
      { type: 'file', params: [{ literal: './x.yml' }], address: { literal: 'k' } },
      { type: 'env', address: { literal: 'X' } },
      { literal: 'q, r' },
    ]);
    expect(rest.map((v) => v.sources[1])).toEqual([{ literal: 's' }, { literal: 12 }, { literal: true }, { literal: null }]);
  });

  it('leaves CloudFormation and other non-variable ${…} text alone', () => {
    for (const text of ['${AWS::Region}', '${MyBucket.Arn}', '${foo}', '${!Literal}', '${aws::x}', 'a $ b {c}', '\\${self:a}', '${}']) {
      expect(parseVariables(text)).toEqual([]);
    }
    expect(parseVariables('arn:${AWS::Partition}:${self:a}').map((v) => v.start)).toEqual([22]);
  });

  it('throws on malformed variables', () => {
    for (const text of [
      '${self:a',
      "${self:a, 'x', 'y'}",
      '${self:a, 1, env:B}',
      '${self:a, foo bar}',
      '${file(x}',
      '${self:a, -1}',
      '${self:a:b}',
      '${self:custom.${Foo}}',
    ]) {
      expect(() => parseVariables(text), text).toThrow(VariableSyntaxError);
    }
  });
});

describe('resolveConfig: self', () => {
  it('resolves dotted paths, list indices and whole values of any kind', () => {
    const { at, problems } = resolve(
      [
        'custom:',
        '  host: example.com',
        '  cors:',
        '    origin: https://${self:custom.host}',
        '    headers: [a, b]',
        '  list: [x, y]',
        'a: ${self:custom.cors}',
        'b: ${self:custom.list.1}',
        'c: ${self:custom.cors.headers}',
        'd: ${self:custom.nope, "fallback"}',
        '',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(plain(at('a'))).toEqual({ origin: 'https://example.com', headers: ['a', 'b'] });
    expect(plain(at('b'))).toBe('y');
    expect(plain(at('c'))).toEqual(['a', 'b']);
    expect(plain(at('d'))).toBe('fallback');
    expect(at('a', 'origin')).toMatchObject({ kind: 'scalar', interpolated: true });
  });

  it('keeps the span of the definition and records references outermost first', () => {
    const text = 'custom:\n  base:\n    origin: "*"\n  cors: ${self:custom.base}\nfn:\n  cors: ${self:custom.cors}\n';
    const { at, textAt } = resolve(text);
    const cors = at('fn', 'cors')!;
    expect(textAt(cors.span)).toBe('origin: "*"');
    expect(cors.via?.map(textAt)).toEqual(['${self:custom.cors}', '${self:custom.base}']);
    const origin = at('fn', 'cors', 'origin')!;
    expect(textAt(origin.span)).toBe('"*"');
    expect(origin.via?.map(textAt)).toEqual(['${self:custom.cors}', '${self:custom.base}']);
    expect(at('custom', 'base', 'origin')?.via).toBeUndefined();
  });

  it('treats a missing path as unknown without a problem', () => {
    const { at, problems } = resolve('a: ${self:custom.missing}\n');
    expect(at('a')).toMatchObject({ kind: 'unknown', reason: 'self:custom.missing does not exist' });
    expect(problems).toEqual([]);
  });

  it('resolves nested variables in addresses', () => {
    const text =
      'custom:\n  origins:\n    dev: https://dev.example.com\n    prod: https://example.com\nprovider:\n  stage: prod\norigin: ${self:custom.origins.${sls:stage}}\n';
    expect(plain(resolve(text).at('origin'))).toBe('https://example.com');
    expect(plain(resolve(text, {}, { stage: 'dev' }).at('origin'))).toBe('https://dev.example.com');
  });
});

describe('resolveConfig: stage, options and environment', () => {
  it('takes the stage from --stage, then provider.stage, then dev', () => {
    expect(resolve('a: ${sls:stage}\n', {}, { stage: 'qa' }).stage).toBe('qa');
    const fromProvider = resolve("provider:\n  stage: ${opt:stage, 'beta'}\na: x-${sls:stage}\n");
    expect(fromProvider.stage).toBe('beta');
    expect(plain(fromProvider.at('a'))).toBe('x-beta');
    expect(resolve('a: ${sls:stage}\n').stage).toBe('dev');
    const cyclic = resolve('provider:\n  stage: ${sls:stage}\n');
    expect(cyclic.stage).toBe('dev');
    expect(cyclic.messages).toEqual(['cannot resolve ${sls:stage}: circular reference']);
  });

  it('knows opt:stage and opt:region only from the command line', () => {
    const text = "s: ${opt:stage}\nr: ${opt:region}\nf: ${opt:stage, 'dev'}\no: ${opt:other}\n";
    const without = resolve(text);
    expect(plain(without.at('s'))).toEqual({ unknown: 'opt:stage is not given on the command line' });
    expect(plain(without.at('r'))).toEqual({ unknown: 'opt:region is not given on the command line' });
    expect(plain(without.at('f'))).toBe('dev');
    const withOpts = resolve(text, {}, { stage: 'prod', region: 'eu-west-1' });
    expect([withOpts.at('s'), withOpts.at('r'), withOpts.at('f'), withOpts.at('o')].map(plain)).toEqual([
      'prod',
      'eu-west-1',
      'prod',
      { unknown: 'opt:other is not given on the command line' },
    ]);
    expect(without.problems).toEqual([]);
  });

  it('reads env variables; unset or empty ones are unknown and fall through', () => {
    const text = "a: ${env:URL}\nb: ${env:NOPE}\nc: ${env:NOPE, env:URL}\nd: ${env:EMPTY, 'x'}\ne: ${env:ORIGIN}\n";
    const { at, problems } = resolve(text, {}, { env: { URL: 'https://a.com', EMPTY: '', ORIGIN: '${env:URL}/x' } });
    expect(problems).toEqual([]);
    expect(plain(at('a'))).toBe('https://a.com');
    expect(plain(at('b'))).toEqual({ unknown: 'env:NOPE is not set' });
    expect(plain(at('c'))).toBe('https://a.com');
    expect(plain(at('d'))).toBe('x');
    expect(plain(at('e'))).toBe('https://a.com/x');
  });

  it('converts strToBool input', () => {
    const text = 'a: ${strToBool(true)}\nb: ${strToBool(0)}\nc: ${strToBool(${env:FLAG})}\nd: ${strToBool(maybe)}\ne: ${strToBool(${env:NOPE})}\n';
    const { at, messages } = resolve(text, {}, { env: { FLAG: ' TRUE ' } });
    expect([at('a'), at('b'), at('c')].map(plain)).toEqual([true, false, true]);
    expect(at('d')).toMatchObject({ kind: 'unknown' });
    expect(at('e')).toMatchObject({ kind: 'unknown', reason: 'env:NOPE is not set' });
    expect(messages).toEqual(['cannot resolve ${strToBool(maybe)}: strToBool input "maybe" is not true, false, 0 or 1']);
  });
});

describe('resolveConfig: fallbacks and deploy-time sources', () => {
  it('takes the first known source; quoted literals may hold commas and braces', () => {
    const text = [
      "a: ${env:NOPE, 'a, b'}",
      'b: ${env:NOPE, "c, }d"}',
      'c: ${env:NOPE, 123}',
      'd: ${env:NOPE, false}',
      "e: ${ssm:/app/origin, 'https://fallback.example'}",
      'f: ${self:missing, self:custom.x}',
      'custom:',
      '  x: 1',
      '',
    ].join('\n');
    const { at, problems } = resolve(text);
    expect(problems).toEqual([]);
    expect([at('a'), at('b'), at('c'), at('d'), at('e'), at('f')].map(plain)).toEqual(['a, b', 'c, }d', 123, false, 'https://fallback.example', 1]);
  });

  it('marks deploy-time and unknown sources as unknown with a reason', () => {
    const text = [
      'a: ${ssm:/app/${sls:stage}/origins}',
      'b: ${cf:stack.Output}',
      'c: ${param:origin}',
      'd: ${aws:region}',
      'e: ${s3:bucket/key}',
      'f: ${sls:instanceId}',
      'g: ${custom:thing}',
      'h: https://${ssm:/host}/x',
      '',
    ].join('\n');
    const { at, problems } = resolve(text);
    expect(problems).toEqual([]);
    expect(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((k) => plain(at(k)))).toEqual([
      { unknown: 'ssm: is resolved at deploy time' },
      { unknown: 'cf: is resolved at deploy time' },
      { unknown: 'param: is resolved at deploy time' },
      { unknown: 'aws: is resolved at deploy time' },
      { unknown: 's3: is resolved at deploy time' },
      { unknown: 'sls:instanceId changes with every run' },
      { unknown: 'custom: is not a built-in variable source' },
      { unknown: 'ssm: is resolved at deploy time' },
    ]);
  });
});

describe('resolveConfig: file()', () => {
  const service = [
    'custom:',
    '  host: example.com',
    '  yml: ${file(./config/cors.yml)}',
    '  sub: ${file(./config/cors.yml):cors.origin}',
    '  json: ${file(./config/cors.json):headers}',
    '  again: ${file(./config/cors.yml):cors}',
    '  nested: ${file(./config/nested.yml)}',
    '',
  ].join('\n');
  const files = {
    '/repo/svc/config/cors.yml': 'cors:\n  origin: https://${self:custom.host}\n',
    '/repo/svc/config/cors.json': '{"headers": ["Content-Type", "X-Api-Key"]}',
    '/repo/svc/config/nested.yml': 'inner: ${file(./config/cors.json):headers.0}\n',
  };

  it('loads YAML and JSON files, with addresses, resolving their variables in the service context', () => {
    const { at, problems, textAt } = resolve(service, files);
    expect(problems).toEqual([]);
    expect(plain(at('custom', 'yml'))).toEqual({ cors: { origin: 'https://example.com' } });
    expect(plain(at('custom', 'sub'))).toBe('https://example.com');
    expect(plain(at('custom', 'json'))).toEqual(['Content-Type', 'X-Api-Key']);
    // Nested file() paths are relative to the service directory, as in the framework.
    expect(plain(at('custom', 'nested'))).toEqual({ inner: 'Content-Type' });
    const origin = at('custom', 'sub')!;
    expect(origin.span.file).toBe('/repo/svc/config/cors.yml');
    expect(origin.via?.map(textAt)).toEqual(['${file(./config/cors.yml):cors.origin}']);
  });

  it('parses each referenced file once', () => {
    const memory = memoryFileSystem({ [SERVICE]: service, ...files });
    const reads: string[] = [];
    resolve(service, files, {}, { ...memory, read: (f) => (reads.push(f), memory.read(f)) });
    expect(reads.filter((f) => f.endsWith('cors.yml'))).toHaveLength(1);
  });

  it('walks into a file included under the path being resolved without a false cycle', () => {
    const text = 'custom: ${file(./custom.yml)}\norigin: ${self:custom.origin}\n';
    const custom = { '/repo/svc/custom.yml': 'origins:\n  dev: https://dev.example.com\norigin: ${self:custom.origins.${sls:stage}}\n' };
    const { at, problems } = resolve(text, custom);
    expect(problems).toEqual([]);
    expect(plain(at('origin'))).toBe('https://dev.example.com');
    expect(plain(at('custom', 'origin'))).toBe('https://dev.example.com');
  });

  it('reports a missing file without fallback, with the span of the variable text', () => {
    const text = 'a: "x ${file(./missing.yml)}"\nb: ${file(./missing.yml), \'dflt\'}\n';
    const { at, problems, textAt } = resolve(text);
    expect(problems.map((p) => p.message)).toEqual(['cannot resolve ${file(./missing.yml)}: ./missing.yml does not exist']);
    expect(textAt(problems[0].span)).toBe('${file(./missing.yml)}');
    expect(at('a')).toMatchObject({ kind: 'unknown' });
    expect(plain(at('b'))).toBe('dflt');
  });

  it('reads nothing beyond the root (a limit, not an error) and follows links that stay inside it', () => {
    const text = 'a: ${file(../../etc/passwd.yml)}\nb: ${file(/etc/x.yml)}\nc: ${file(./link/x.yml)}\nd: ${file(./out/x.yml)}\n';
    const memory = memoryFileSystem({ [SERVICE]: text, '/etc/x.yml': 'x: 1', '/repo/shared/x.yml': 'x: 2', '/elsewhere/x.yml': 'x: 3' });
    const links: Record<string, string> = { '/repo/svc/link': '/repo/shared', '/repo/svc/out': '/elsewhere' };
    const realPath = (f: string) => Object.entries(links).reduce((p, [link, target]) => (p.startsWith(`${link}/`) ? target + p.slice(link.length) : p), f);
    const reads: string[] = [];
    const fs: FileSystem = {
      ...memory,
      read: (f) => (reads.push(f), memory.read(realPath(f))),
      isFile: (f) => memory.isFile(realPath(f)),
      isSymlink: (f) => f in links,
      realPath,
    };
    const { at, problems } = resolve(text, {}, {}, fs);
    expect(problems.map((p) => [p.kind, p.message])).toEqual([
      ['limit', 'file(../../etc/passwd.yml) lies outside the repository root and is not read (--root sets the root)'],
      ['limit', 'file(/etc/x.yml) lies outside the repository root and is not read (--root sets the root)'],
      ['limit', 'file(./out/x.yml) lies outside the repository root and is not read (--root sets the root)'],
    ]);
    expect(reads).toEqual([SERVICE, '/repo/svc/link/x.yml']);
    expect(['a', 'b', 'd'].map((k) => at(k)?.kind)).toEqual(['unknown', 'unknown', 'unknown']);
    expect(plain(at('c'))).toEqual({ x: 2 });
  });

  it('never runs scripts: JS and TS files are unknown', () => {
    const text = 'a: ${file(./cors.js)}\nb: ${file(./cors.js):origin}\nc: ${file(./x.mjs)}\nd: ${file(./x.ts)}\ne: ${file(./x.cjs)}\n';
    const { at, problems } = resolve(text, { '/repo/svc/cors.js': 'throw new Error("executed")' });
    expect(problems).toEqual([]);
    expect(plain(at('a'))).toEqual({ unknown: 'file(./cors.js) needs running .js code' });
    expect(['b', 'c', 'd', 'e'].map((k) => at(k)?.kind)).toEqual(['unknown', 'unknown', 'unknown', 'unknown']);
  });

  it('reports the parse errors of an included file once, in that file', () => {
    const text = 'a: ${file(./bad.yml)}\nb: ${file(./bad.yml)}\n';
    const { problems } = resolve(text, { '/repo/svc/bad.yml': 'x: [1\n' });
    expect(problems.length).toBeGreaterThan(0);
    expect(new Set(problems.map((p) => p.span.file))).toEqual(new Set(['/repo/svc/bad.yml']));
    expect(problems.length).toBe(new Set(problems.map((p) => p.message)).size);
  });
});

describe('resolveConfig: strings, cycles and syntax', () => {
  it('interpolates text; an unknown part makes the string unknown; a map part is a problem', () => {
    const text =
      'custom:\n  host: a.com\n  port: 8080\n  map: {x: 1}\nu: https://${self:custom.host}:${self:custom.port}\nv: https://${env:NOPE}\nw: x-${self:custom.map}\n';
    const { at, messages } = resolve(text);
    expect(at('u')).toMatchObject({ kind: 'scalar', value: 'https://a.com:8080', interpolated: true });
    expect(at('v')).toMatchObject({ kind: 'unknown', reason: 'env:NOPE is not set' });
    expect(at('w')).toMatchObject({ kind: 'unknown' });
    expect(messages).toEqual(['cannot resolve ${self:custom.map}: a map cannot be embedded in a string']);
  });

  it('reports a reference cycle once and never hangs', () => {
    const { at, problems, textAt } = resolve('a: ${self:b}\nb: ${self:a}\nc: ${self:c.d}\n');
    expect(at('a')).toMatchObject({ kind: 'unknown', reason: 'circular reference' });
    expect(at('b')).toMatchObject({ kind: 'unknown', reason: 'circular reference' });
    expect(problems.map((p) => [p.message, textAt(p.span)])).toEqual([
      ['cannot resolve ${self:a}: circular reference', '${self:a}'],
      ['cannot resolve ${self:c.d}: circular reference', '${self:c.d}'],
    ]);
  });

  it('reports a value that contains a reference to itself', () => {
    const { at, messages } = resolve('a:\n  b: ${self:a}\n  c: 1\nall: ${self:}\n');
    expect(at('a', 'b')).toMatchObject({ kind: 'unknown' });
    expect(plain(at('a', 'c'))).toBe(1);
    expect(messages).toEqual(['cannot resolve ${self:a}: circular reference', 'cannot resolve ${self:}: circular reference']);
  });

  it('caps recursion depth', () => {
    const { at, messages } = resolve('a: ${env:LOOP}\n', {}, { env: { LOOP: '${env:LOOP}' } });
    expect(at('a')).toMatchObject({ kind: 'unknown' });
    expect(messages).toEqual(['cannot resolve ${env:LOOP}: variables nest deeper than 50 levels']);
  });

  it('makes a malformed variable unknown and reports it', () => {
    const { at, problems, textAt } = resolve('ok: 1\nbad: ${self:ok\n');
    expect(at('bad')).toMatchObject({ kind: 'unknown', reason: 'malformed variable' });
    expect(problems.map((p) => [p.message, textAt(p.span)])).toEqual([['malformed variable in "${self:ok": missing closing brace', '${self:ok']]);
  });

  it('leaves Fn::Sub and other CloudFormation ${} text untouched, escaped text too', () => {
    const text = [
      "a: !Sub 'arn:${AWS::Partition}:s3:::${Bucket}/*'",
      'b:',
      '  Fn::Sub: https://${ApiGatewayRestApi}.execute-api.${AWS::Region}.amazonaws.com/${MyRes.Arn}',
      "c: !Sub '${AWS::StackName}-${sls:stage}'",
      'd: \\${self:c}',
      'e: ${foo}',
      '',
    ].join('\n');
    const { at, problems } = resolve(text);
    expect(problems).toEqual([]);
    expect(plain(at('a'))).toEqual({ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Bucket}/*', tag: '!Sub' });
    expect(plain(at('b'))).toEqual({ 'Fn::Sub': 'https://${ApiGatewayRestApi}.execute-api.${AWS::Region}.amazonaws.com/${MyRes.Arn}' });
    expect(plain(at('c'))).toEqual({ 'Fn::Sub': '${AWS::StackName}-dev', tag: '!Sub' });
    expect(plain(at('d'))).toBe('\\${self:c}');
    expect(plain(at('e'))).toBe('${foo}');
    expect(at('a')?.yaml).toBeDefined();
  });

  it('resolves variables inside CloudFormation structures and aliases', () => {
    const text = [
      'custom:',
      '  origin: &o https://${self:custom.host}',
      '  host: a.com',
      'Resources:',
      '  Resp:',
      '    Properties:',
      '      RestApiId: !Ref ApiGatewayRestApi',
      '      Params:',
      '        gatewayresponse.header.Access-Control-Allow-Origin: "\'${self:custom.origin}\'"',
      '      Other: *o',
      '',
    ].join('\n');
    const { at, problems } = resolve(text);
    expect(problems).toEqual([]);
    expect(plain(at('Resources', 'Resp', 'Properties'))).toEqual({
      RestApiId: { Ref: 'ApiGatewayRestApi', tag: '!Ref' },
      Params: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'https://a.com'" },
      Other: 'https://a.com',
    });
  });

  it('resolves a JSON service file', () => {
    const json = '/repo/svc/serverless.json';
    const memory = memoryFileSystem({ [json]: '{"custom": {"o": "x"}, "cors": {"origin": "${self:custom.o}"}}' });
    const files = new ConfigFiles(memory);
    const file = files.load(json)!;
    const result = resolveConfig(file, { files, fs: memory, serviceDir: '/repo/svc', repoRoot: '/repo', env: {} });
    expect(file.json).toBe(true);
    expect(plain(getPath(result.value, 'cors', 'origin'))).toBe('x');
  });
});

describe('robustness', () => {
  it('never throws on garbage, whatever the text or the references', () => {
    const atoms = [
      '${',
      '}',
      '$',
      'self:',
      'file(',
      ')',
      './a.yml',
      ':',
      ',',
      ' ',
      "'",
      '"',
      'a',
      'b.c',
      '\\',
      'env:X',
      'sls:stage',
      '\n',
      'a: ',
      '- ',
      '!Ref ',
      '&x ',
      '*x',
      '<<: ',
      '[',
      ']',
      '${self:a}',
      '${self:',
    ];
    const refs = [
      '${self:a}',
      '${self:b.c}',
      '${self:}',
      '${file(./a.yml):a}',
      'x-${self:a}',
      '${self:b.${self:d}}',
      '*x',
      '&x {c: ${self:a}}',
      '[${self:a}, 1]',
    ];
    let seed = 7;
    const pick = <T>(list: T[]) => list[(seed = (seed * 1103515245 + 12345) & 0x7fffffff) % list.length];
    for (let k = 0; k < 1500; k++) {
      const garbage = Array.from({ length: k % 40 }, () => pick(atoms)).join('');
      try {
        parseVariables(garbage);
      } catch (e) {
        expect(e).toBeInstanceOf(VariableSyntaxError);
      }
      const doc = (keys: string[]) => keys.map((key) => `${key}: ${pick(refs)}`).join('\n');
      const service = k % 2 ? garbage : doc(['a', 'b', 'd', 'provider']);
      const result = resolve(service, { '/repo/svc/a.yml': k % 3 ? doc(['a', 'c']) : garbage }, { env: { X: garbage } });
      for (const p of result.problems) expect(p.message).not.toMatch(/\.$/);
    }
  });
});
