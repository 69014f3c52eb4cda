import { describe, expect, it } from 'vitest';
import { commentsOf } from '../../src/directives/comments.js';
import { parseDirectives } from '../../src/directives/directives.js';
import { memoryFileSystem } from '../../src/fs.js';
import { run } from '../../src/run.js';
import { SourceFile } from '../../src/source.js';
import { rules } from '../../rules/index.js';

const texts = (file: string, text: string) => commentsOf(file, text)!.map((c) => c.text.trim());

describe('comments: each language’s own rules', () => {
  it('YAML: comments, not # inside quoted or block scalars', () => {
    const yaml = 'a: 1 # one\nb: "x # not"\nc: \'y # not\'\nd: |\n  # not either\n  z\n# two\ne: [f] # three\n';
    expect(texts('serverless.yml', yaml)).toEqual(['one', 'two', 'three']);
  });

  it('Python: # comments, not inside any kind of string', () => {
    const py = "s = \"a # not\"\nt = '''\n# not\n'''\nu = r\"\\\" # not\" # one\n# two\nv = f'{x}#not'\n";
    expect(texts('h.py', py)).toEqual(['one', 'two']);
  });

  it('JavaScript/TypeScript: line and block comments, not inside strings, templates or regular expressions', () => {
    const js = "const a = '// not'; // one\nconst b = `/* not ${c /* two */} */`;\nconst r = /\\/\\/ not/; /* three */\n";
    expect(texts('h.ts', js)).toEqual(['one', 'two', 'three']);
  });

  it('JSON has none', () => {
    expect(commentsOf('x.json', '{}')).toBeUndefined();
  });
});

describe('parseDirectives', () => {
  const ids = ['missing-allow-origin', 'missing-vary-origin'];
  const parse = (file: string, text: string) => parseDirectives(new SourceFile(file, text), ids);

  it('reads the kind, the ids and drops the reason', () => {
    const { directives, problems } = parse('a.yml', '# cors-lint-disable-next-line missing-allow-origin, missing-vary-origin -- handled by CloudFront\nx: 1\n');
    expect(directives.map((d) => [d.kind, d.rules, d.line])).toEqual([['disable-next-line', ['missing-allow-origin', 'missing-vary-origin'], 1]]);
    expect(problems).toEqual([]);
  });

  it('an unknown id is a problem with a did-you-mean; other words are no directive', () => {
    const { directives, problems } = parse('a.js', '// cors-lint-disable-line missing-alow-origin\n// cors-lint-disabled\n// see cors-lint-disable\n');
    expect(directives).toHaveLength(1);
    expect(problems.map((p) => p.message)).toEqual(['Unknown rule "missing-alow-origin" in cors-lint-disable-line; did you mean "missing-allow-origin"?']);
  });
});

/** Two CORS routes whose handlers send no Access-Control-Allow-Origin. */
function lint(files: Record<string, string>, options: { inlineConfig?: boolean; reportUnusedDisableDirectives?: boolean } = {}) {
  const config = `service: s
provider:
  name: aws
  runtime: nodejs20.x
functions:
  a:
    handler: a.handler
    events:
      - http: { path: a, method: get, cors: true }
  b:
    handler: b.handler
    events:
      - http: { path: b, method: get, cors: true }
`;
  const all = { '/r/serverless.yml': config, ...files };
  const report = run({ ruleSet: rules, paths: ['/r'], fs: memoryFileSystem(all), fix: false, env: {}, ...options });
  return report.results.flatMap((r) => r.messages.map((m) => `${r.filePath.slice(3)}:${m.line} ${m.ruleId ?? '-'} ${m.message.slice(0, 60)}`));
}
/** A CORS route with an authorizer (gateway-response findings), a comment above it, and a handler that is fine. */
function authorizedService(comment: string, description = '') {
  const config = `service: s
provider:
  name: aws
  runtime: nodejs20.x
${description}functions:
  a:
    handler: a.handler
    events:
      ${comment}
      - http: { path: a, method: get, cors: true, authorizer: aws_iam }
`;
  return memoryFileSystem({
    '/r/serverless.yml': config,
    '/r/a.js': "exports.handler = async () => ({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' } });\n",
  });
}
const NO_ORIGIN = "exports.handler = async () => ({ statusCode: 200, body: '' });\n";

describe('inline directives silence findings', () => {
  it('disable-line and disable-next-line, in // and /* */ comments', () => {
    expect(
      lint({
        '/r/a.js': `${NO_ORIGIN.trimEnd()} // cors-lint-disable-line missing-allow-origin\n`,
        '/r/b.js': `/* cors-lint-disable-next-line */\n${NO_ORIGIN}`,
      }),
    ).toEqual([]);
  });

  it('a directive for another rule does not silence', () => {
    expect(lint({ '/r/a.js': `// cors-lint-disable-next-line missing-vary-origin\n${NO_ORIGIN}`, '/r/b.js': NO_ORIGIN })).toHaveLength(2);
  });

  it('disable … enable blocks, for all rules or some, and an enable of one rule under a disable of all', () => {
    const block = `/* cors-lint-disable */\n${NO_ORIGIN}/* cors-lint-enable */\n${NO_ORIGIN.replace('handler', 'other')}`;
    expect(lint({ '/r/a.js': block, '/r/b.js': `/* cors-lint-disable */\n/* cors-lint-enable missing-allow-origin */\n${NO_ORIGIN}` })).toEqual([
      'b.js:3 missing-allow-origin Add Access-Control-Allow-Origin to this response. Function b',
    ]);
  });

  it('in the YAML config, and not when the comment sits in a block scalar', () => {
    const found = (comment: string) => {
      const fs = authorizedService(comment, '  description: |\n    # cors-lint-disable\n');
      return run({ ruleSet: rules, paths: ['/r'], fs, fix: false, env: {} })
        .results.flatMap((r) => r.messages.map((m) => m.ruleId))
        .sort();
    };
    expect(found('# nothing')).toEqual(['authorizer-missing-gateway-responses', 'missing-5xx-gateway-response']);
    expect(found('# cors-lint-disable-next-line authorizer-missing-gateway-responses -- the SPA never sees 401s')).toEqual(['missing-5xx-gateway-response']);
  });

  it('--no-inline-config ignores them', () => {
    expect(lint({ '/r/a.js': `// cors-lint-disable-next-line\n${NO_ORIGIN}`, '/r/b.js': NO_ORIGIN }, { inlineConfig: false })).toHaveLength(2);
  });

  it('--report-unused-disable-directives reports directives that silence nothing, rule by rule', () => {
    const a = `// cors-lint-disable-next-line missing-allow-origin, missing-vary-origin\n${NO_ORIGIN}// cors-lint-disable-line\n/* cors-lint-enable */\n`;
    expect(lint({ '/r/a.js': a, '/r/b.js': `${NO_ORIGIN}/* cors-lint-disable */` }, { reportUnusedDisableDirectives: true })).toEqual([
      'a.js:1 - Unused cors-lint-disable-next-line directive (no problems we',
      'a.js:3 - Unused cors-lint-disable-line directive (no problems were re',
      'a.js:4 - Unused cors-lint-enable directive (no matching cors-lint-dis',
      'b.js:1 missing-allow-origin Add Access-Control-Allow-Origin to this response. Function b',
      'b.js:2 - Unused cors-lint-disable directive (no problems were reporte',
    ]);
  });

  it('an unknown rule id in a directive is an error without a rule id', () => {
    expect(
      lint({ '/r/a.js': `// cors-lint-disable-next-line missing-alow-origin\n${NO_ORIGIN}`, '/r/b.js': `// cors-lint-disable-next-line\n${NO_ORIGIN}` }),
    ).toEqual([
      'a.js:1 - Unknown rule "missing-alow-origin" in cors-lint-disable-next',
      'a.js:2 missing-allow-origin Add Access-Control-Allow-Origin to this response. Function a',
    ]);
  });
});

describe('inline directives and --fix', () => {
  it('a silenced finding’s fix is not applied', () => {
    const fixed = (comment: string) =>
      run({ ruleSet: rules, paths: ['/r'], fs: authorizedService(comment), fix: true, env: {}, rules: { 'missing-5xx-gateway-response': 'off' } }).results.some(
        (r) => r.output !== undefined,
      );
    expect(fixed('# nothing')).toBe(true);
    expect(fixed('# cors-lint-disable-next-line authorizer-missing-gateway-responses')).toBe(false);
  });
});
