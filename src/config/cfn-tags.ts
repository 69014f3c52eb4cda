import type { CollectionTag, ScalarTag } from 'yaml';

/**
 * CloudFormation short-form intrinsic functions, as accepted by the framework's YAML loader
 * (`@serverless/utils/cloudformation-schema`: every name in scalar, sequence and mapping form).
 *
 * The yaml tags below only *mark* nodes: a scalar keeps its string, a collection keeps its node,
 * and `node.tag` records the short form. load.ts turns a marked node into the long form
 * (`{ Ref: X }`, `{ 'Fn::GetAtt': [a, b] }`) so the node and its range stay available for spans.
 */
export const CFN_FUNCTION_NAMES = [
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
  // AWS::LanguageExtensions and rule functions, accepted by newer framework versions.
  'ForEach',
  'Length',
  'ToJsonString',
  'EachMemberEquals',
  'EachMemberIn',
  'ValueOf',
  'ValueOfAll',
];

/** The long-form key a short tag stands for (`!Ref` → `Ref`, `!Sub` → `Fn::Sub`), or undefined. */
export function cfnFunctionKey(tag: string | undefined): string | undefined {
  const name = tag?.startsWith('!') ? tag.slice(1) : undefined;
  if (!name || !CFN_FUNCTION_NAMES.includes(name)) return undefined;
  return name === 'Ref' || name === 'Condition' ? name : `Fn::${name}`;
}

/** `!GetAtt a.b.c` means `['a', 'b.c']`: only the first dot separates resource and attribute. */
export function splitGetAtt(value: string): string[] {
  const dot = value.indexOf('.');
  return dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
}

export const cfnTags: (ScalarTag | CollectionTag)[] = CFN_FUNCTION_NAMES.flatMap((name) => {
  const tag = `!${name}`;
  const scalar: ScalarTag = { tag, resolve: (value) => value };
  const seq: CollectionTag = { tag, collection: 'seq', resolve: (node) => node };
  const map: CollectionTag = { tag, collection: 'map', resolve: (node) => node };
  return [scalar, seq, map];
});
