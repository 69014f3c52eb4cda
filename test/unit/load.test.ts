import { plain } from '../support/config-view.js';
import { describe, expect, it } from 'vitest';
import { isScalar } from 'yaml';
import { cfnFunctionKey } from '../../src/config/cfn-tags.js';
import { ConfigFiles, parseConfig, type ParsedConfigs } from '../../src/config/load.js';
import { getPath, type CfgMap } from '../../src/config/tree.js';
import { memoryFileSystem } from '../../src/fs.js';

const FILE = '/repo/svc/serverless.yml';

function load(text: string, file = FILE) {
  const config = parseConfig(file, text);
  const at = (...keys: string[]) => getPath(config.value, ...keys);
  const textOf = (v: { span: { start: number; end: number } } | undefined) => v && text.slice(v.span.start, v.span.end);
  return { config, at, textOf };
}

const ALL_TAGS = [
  'And',
  'Base64',
  'Cidr',
  'Condition',
  'Equals',
  'FindInMap',
  'GetAtt',
  'GetAZs',
  'If',
  'ImportValue',
  'Join',
  'Not',
  'Or',
  'Ref',
  'Select',
  'Split',
  'Sub',
  'Transform',
];

describe('parseConfig: tree shape and spans', () => {
  it('builds maps, seqs and scalars with value spans, key spans and yaml nodes', () => {
    const { config, at, textOf } = load('service: api # name\nprovider:\n  name: aws\n  timeout: 10\nlist:\n  - a\n  - true\n  # trailing comment\n');
    expect(config.errors).toEqual([]);
    expect(config.json).toBe(false);
    expect(plain(config.value)).toEqual({ service: 'api', provider: { name: 'aws', timeout: 10 }, list: ['a', true] });
    expect(textOf(at('service'))).toBe('api');
    expect(textOf(at('provider'))).toBe('name: aws\n  timeout: 10');
    expect(textOf(at('list'))).toBe('- a\n  - true');
    const provider = at('provider') as CfgMap;
    expect(textOf({ span: provider.entries[1].keySpan })).toBe('timeout');
    const yaml = at('service')?.yaml;
    expect(isScalar(yaml) && yaml.value).toBe('api');
  });

  it('turns non-string keys into strings and an empty file into null', () => {
    expect(plain(load('200: ok\ntrue: yes\n~: n\n1.5: f\n').config.value)).toEqual({ '200': 'ok', true: 'yes', null: 'n', '1.5': 'f' });
    const empty = load('');
    expect(empty.config.errors).toEqual([]);
    expect(empty.config.value).toMatchObject({ kind: 'scalar', value: null });
  });

  it('keeps offsets into the original text when the file starts with a BOM', () => {
    const { config, at, textOf } = load('\uFEFFservice: api\nprovider:\n  name: aws\n');
    expect(config.errors).toEqual([]);
    expect(at('service')?.span).toEqual({ file: FILE, start: 10, end: 13 });
    expect(textOf(at('provider', 'name'))).toBe('aws');
  });

  it('reports spans in CRLF files as offsets into the CRLF text', () => {
    const text = 'a: 1\r\nb:\r\n  c: "x"\r\n  d: [1, 2]\r\n';
    const { config, at, textOf } = load(text);
    expect(config.errors).toEqual([]);
    expect(textOf(at('b', 'c'))).toBe('"x"');
    expect(textOf(at('b', 'd'))).toBe('[1, 2]');
    expect(textOf(at('b'))).toBe('c: "x"\r\n  d: [1, 2]');
    expect(config.source.position(at('b', 'd')!.span.start)).toEqual({ line: 4, column: 6 });
  });

  it("reports malformed YAML once, where the framework's loader stops, in one sentence", () => {
    const text = 'a: 1\nb: "open\n';
    const { config } = load(text);
    expect(config.errors).toHaveLength(1);
    const [e] = config.errors;
    expect(e.span.file).toBe(FILE);
    expect(e.span.start).toBe(text.length);
    expect(e.message).not.toMatch(/\.$|\n/);
    expect(e.message).toMatch(/end of the stream/);
  });

  it('rejects duplicate keys in YAML as the framework does, accepts them in JSON (last wins)', () => {
    const yml = load('a: 1\na: 2\n');
    expect(yml.config.errors.map((e) => e.message)).toEqual(['duplicated mapping key']);
    const json = load('{"a": 1, "a": 2}', '/repo/svc/serverless.json');
    expect(json.config.json).toBe(true);
    expect(json.config.errors).toEqual([]);
    expect(getPath(json.config.value, 'a')).toMatchObject({ value: 2 });
  });

  it('parses a JSON config as YAML flow, with spans', () => {
    const text = '{\n  "service": "api",\n  "provider": { "name": "aws", "cors": true }\n}\n';
    const { config, at, textOf } = load(text, '/repo/svc/serverless.json');
    expect(config.errors).toEqual([]);
    expect(plain(config.value)).toEqual({ service: 'api', provider: { name: 'aws', cors: true } });
    expect(textOf(at('provider', 'name'))).toBe('"aws"');
  });
});

describe('parseConfig: CloudFormation tags', () => {
  it('maps short names to long-form keys', () => {
    expect(cfnFunctionKey('!Ref')).toBe('Ref');
    expect(cfnFunctionKey('!Condition')).toBe('Condition');
    expect(cfnFunctionKey('!Sub')).toBe('Fn::Sub');
    expect(cfnFunctionKey('!Foo')).toBeUndefined();
    expect(cfnFunctionKey('tag:yaml.org,2002:str')).toBeUndefined();
  });

  it.each(ALL_TAGS)('parses !%s in scalar, sequence and mapping form without warnings', (name) => {
    const key = cfnFunctionKey(`!${name}`)!;
    const { config, at } = load(`s: !${name} X\nq: !${name} [a, b]\nm: !${name}\n  k: v\nb:\n  - !${name}\n    - c\n`);
    expect(config.errors).toEqual([]);
    const scalar = name === 'GetAtt' ? ['X'] : 'X';
    expect(plain(at('s'))).toEqual({ [key]: scalar, tag: `!${name}` });
    expect(plain(at('q'))).toEqual({ [key]: ['a', 'b'], tag: `!${name}` });
    expect(plain(at('m'))).toEqual({ [key]: { k: 'v' }, tag: `!${name}` });
    expect(plain(at('b'))).toEqual([{ [key]: ['c'], tag: `!${name}` }]);
  });

  it('spans the tag and its value; the entry key span is the tag', () => {
    const { at, textOf } = load('r: !Ref MyBucket\n');
    const ref = at('r') as CfgMap;
    expect(textOf(ref)).toBe('!Ref MyBucket');
    expect(textOf({ span: ref.entries[0].keySpan })).toBe('!Ref');
    expect(textOf(ref.entries[0].value)).toBe('MyBucket');
    expect(ref.yaml).toBeDefined();
  });

  it('splits !GetAtt a.b on the first dot, with a span per part', () => {
    const { at, textOf } = load('g: !GetAtt Db.Endpoint.Address\nq: !GetAtt "Fn.Arn"\n');
    expect(plain(at('g'))).toEqual({ 'Fn::GetAtt': ['Db', 'Endpoint.Address'], tag: '!GetAtt' });
    const parts = getPath(at('g'), 'Fn::GetAtt');
    expect(parts?.kind === 'seq' && parts.items.map(textOf)).toEqual(['Db', 'Endpoint.Address']);
    const quoted = getPath(at('q'), 'Fn::GetAtt');
    expect(quoted?.kind === 'seq' && quoted.items.map(textOf)).toEqual(['Fn', 'Arn']);
  });

  it('nests tags inside CloudFormation structures and long forms', () => {
    const text = [
      'Value: !Join',
      "  - ''",
      '  - - !Ref AWS::Region',
      '    - !GetAtt [Api, RootResourceId]',
      '    - !Sub "${AWS::StackName}-x"',
      'Cond: !If [IsProd, !Select [0, !Split [",", !ImportValue Origins]], !Ref AWS::NoValue]',
      'Long:',
      '  Fn::If: [c, !Base64 x, !GetAZs ""]',
      'Anchored: &a !Ref Thing',
      '',
    ].join('\n');
    const { config, at } = load(text);
    expect(config.errors).toEqual([]);
    expect(plain(at('Value'))).toEqual({
      'Fn::Join': [
        '',
        [
          { Ref: 'AWS::Region', tag: '!Ref' },
          { 'Fn::GetAtt': ['Api', 'RootResourceId'], tag: '!GetAtt' },
          { 'Fn::Sub': '${AWS::StackName}-x', tag: '!Sub' },
        ],
      ],
      tag: '!Join',
    });
    expect(plain(at('Cond'))).toEqual({
      'Fn::If': [
        'IsProd',
        { 'Fn::Select': [0, { 'Fn::Split': [',', { 'Fn::ImportValue': 'Origins', tag: '!ImportValue' }], tag: '!Split' }], tag: '!Select' },
        { Ref: 'AWS::NoValue', tag: '!Ref' },
      ],
      tag: '!If',
    });
    expect(plain(at('Long'))).toEqual({ 'Fn::If': ['c', { 'Fn::Base64': 'x', tag: '!Base64' }, { 'Fn::GetAZs': '', tag: '!GetAZs' }] });
    expect(plain(at('Anchored'))).toEqual({ Ref: 'Thing', tag: '!Ref' });
  });

  it('keeps the value of an unknown tag and reports nothing', () => {
    const { config, at } = load('a: !Foo bar\nb: !Baz [1]\n');
    expect(config.errors).toEqual([]);
    expect(plain(config.value)).toEqual({ a: 'bar', b: [1] });
    expect(at('a')).not.toHaveProperty('tag');
  });
});

describe('parseConfig: anchors, aliases and merge keys', () => {
  it('resolves aliases to the anchored value, spans at the anchor and the alias in via', () => {
    const text = 'custom:\n  cors: &cors\n    origin: "*"\n    headers: [a]\nfn:\n  cors: *cors\n';
    const { config, at, textOf } = load(text);
    expect(config.errors).toEqual([]);
    const used = at('fn', 'cors')!;
    expect(plain(used)).toEqual({ origin: '*', headers: ['a'] });
    expect(used.span).toEqual(at('custom', 'cors')!.span);
    expect(used.via?.map((s) => textOf({ span: s }))).toEqual(['*cors']);
    expect(getPath(used, 'origin')?.via?.map((s) => textOf({ span: s }))).toEqual(['*cors']);
    expect(at('custom', 'cors')?.via).toBeUndefined();
  });

  it('merges << maps: merged entries first, explicit keys win, the first merge source wins', () => {
    const text = 'a: &a\n  x: 1\n  y: 1\nb: &b\n  y: 2\n  z: 2\nm:\n  y: own\n  <<: [*a, *b]\n  w: 3\n';
    const { config, at } = load(text);
    expect(config.errors).toEqual([]);
    const m = at('m') as CfgMap;
    expect(m.entries.map((e) => [e.key, plain(e.value)])).toEqual([
      ['x', 1],
      ['z', 2],
      ['y', 'own'],
      ['w', 3],
    ]);
    expect(getPath(m, 'x')?.via).toHaveLength(1);
  });

  it('reports an unknown anchor and a self-containing alias without crashing', () => {
    const missing = load('a: *nope\n');
    expect(getPath(missing.config.value, 'a')).toMatchObject({ kind: 'unknown' });
    expect(missing.config.errors.map((e) => e.message)).toContain('alias *nope refers to an unknown anchor');
    const loop = load('a: &x\n  b: *x\n');
    expect(getPath(loop.config.value, 'a', 'b')).toMatchObject({ kind: 'unknown' });
    expect(loop.config.errors.map((e) => e.message)).toContain('alias *x refers to a node that contains it');
  });

  it('stops expanding exponential aliases', () => {
    const lines = ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i <= 9; i++)
      lines.push(
        `l${i}: &l${i} [${Array(10)
          .fill(`*l${i - 1}`)
          .join(', ')}]`,
      );
    const { config } = load(lines.join('\n'));
    expect(config.errors).toContainEqual(
      expect.objectContaining({ message: 'aliases expand to more than 100,000 values (the alias expansion limit)', kind: 'limit' }),
    );
  });
});

describe('ConfigFiles', () => {
  it('parses each file once and returns undefined for missing files', () => {
    const files = { '/repo/svc/a.yml': 'x: 1\n' };
    let reads = 0;
    const fs = memoryFileSystem(files);
    const counting = { ...fs, read: (f: string) => (reads++, fs.read(f)) };
    const configs = new ConfigFiles(counting);
    const first = configs.load('/repo/svc/a.yml');
    expect(configs.load('/repo/svc/../svc/a.yml')).toBe(first);
    expect(reads).toBe(1);
    expect(configs.load('/repo/svc/none.yml')).toBeUndefined();
  });
});

describe('ConfigFiles shared by the services of a run', () => {
  it('parses a file every service includes once, and again only when its text changed', () => {
    const files: Record<string, string> = { '/r/cors.yml': 'origin: https://a.example.com\n' };
    const fs = memoryFileSystem(files);
    const parsed: ParsedConfigs = new Map();
    const first = new ConfigFiles(fs, parsed).load('/r/cors.yml');
    expect(new ConfigFiles(fs, parsed).load('/r/cors.yml')).toBe(first);

    files['/r/cors.yml'] = 'origin: https://b.example.com\n';
    const edited = new ConfigFiles(memoryFileSystem(files), parsed).load('/r/cors.yml');
    expect(edited).not.toBe(first);
    expect(plain(edited!.value)).toEqual({ origin: 'https://b.example.com' });
  });
});
