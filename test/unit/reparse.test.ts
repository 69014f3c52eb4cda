import { describe, expect, it } from 'vitest';
import { reparses } from '../../src/edit/reparse.js';

describe('reparses', () => {
  it('accepts valid JSON, also after a BOM, and reports broken JSON', () => {
    expect(reparses('a/serverless.json', '\uFEFF{"a": [1]}')).toBeUndefined();
    expect(reparses('a/serverless.JSON', '{"a": 1,}')).toMatch(/JSON/);
  });

  it('accepts CloudFormation tags without knowing them, but not syntax errors or duplicate keys', () => {
    expect(reparses('serverless.yml', 'a: !Ref Api\nb: !GetAtt [X, Arn]\nc: !Sub "${X}"\n')).toBeUndefined();
    expect(reparses('serverless.yaml', 'a: [1, 2\nb: 3\n')).toBeTypeOf('string');
    expect(reparses('serverless.yml', 'a: 1\na: 2\n')).toMatch(/unique/i);
  });

  it('reports an alias whose anchor was removed or comes after it', () => {
    expect(reparses('s.yml', 'a: &x 1\nb: *x\n')).toBeUndefined();
    expect(reparses('s.yml', 'a: 1\nb: *x\n')).toMatch(/\*x/);
    expect(reparses('s.yml', 'b: *x\na: &x 1\n')).toMatch(/\*x/);
  });

  it('uses the given custom tags and understands merge keys', () => {
    const tags = [{ tag: '!Ref', resolve: (s: string) => ({ Ref: s }) }];
    expect(reparses('s.yml', 'a: !Ref X\n', tags)).toBeUndefined();
    expect(reparses('s.yml', 'base: &b {x: 1}\nm:\n  <<: *b\n  y: 2\n')).toBeUndefined();
  });

  it('checks handler sources by extension, JSX and TypeScript included', () => {
    expect(reparses('handler.js', 'this is not javascript (')).toBeTypeOf('string');
    expect(reparses('src/handler.ts', '}')).toBeTypeOf('string');
    expect(reparses('handler.mjs', "export const h = async () => ({ headers: { Vary: 'Origin' } });")).toBeUndefined();
    expect(reparses('handler.cts', 'export const h = (e: { a?: string }): number => 1;')).toBeUndefined();
    expect(reparses('view.jsx', 'export const V = () => <div className="a" />;')).toBeUndefined();
    expect(reparses('view.tsx', 'export const V = (): JSX.Element => <div>{1}</div>;')).toBeUndefined();
    expect(reparses('notes.txt', '}')).toBeUndefined();
  });
});
