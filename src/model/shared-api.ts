import { asString, get, type CfgValue } from '../config/tree.js';
import type { Span } from '../source.js';
import type { ApiReference, GatewayResponseDef, Project, ResourceDef, RestApiDef, RestApiExport, RestApiOwner } from './types.js';

/**
 * REST APIs shared between the stacks of one repository (docs/cors-semantics.md#shared-apis): how a service
 * names an API another stack defines, the names a stack gives its own APIs, and which sibling owns an API
 * a service attaches to. Pure functions over configuration values and models; the engine hands the
 * siblings in (src/siblings.ts).
 */

/** The logical id the framework gives the REST API it creates. */
export const MANAGED_REST_API = 'ApiGatewayRestApi';

const REST_API_TYPE = 'AWS::ApiGateway::RestApi';

/** The logical id `{Ref: X}` names, or `{'Fn::GetAtt': [X, attribute]}` (also `X.attribute`). */
export function refTarget(value: CfgValue | undefined, attribute: string): string | undefined {
  if (value?.kind !== 'map' || value.entries.length !== 1) return undefined;
  const ref = asString(get(value, 'Ref'));
  if (ref !== undefined) return ref;
  const att = get(value, 'Fn::GetAtt');
  const parts = att?.kind === 'seq' ? att.items.map(asString) : (asString(att)?.split('.') ?? []);
  return parts.length === 2 && parts[1] === attribute ? parts[0] : undefined;
}

/**
 * A string that may be written as `!Sub` over the stack's own name only (`!Sub '${AWS::StackName}-ApiId'`),
 * the usual way to name an export; undefined for anything else.
 */
function stackString(value: CfgValue | undefined, stackName: string | undefined): string | undefined {
  const text = asString(value);
  if (text !== undefined) return text;
  const sub = asString(value?.kind === 'map' && value.entries.length === 1 ? get(value, 'Fn::Sub') : undefined);
  if (sub === undefined || stackName === undefined) return undefined;
  const out = sub.replaceAll('${AWS::StackName}', stackName);
  return out.includes('${') ? undefined : out;
}

/** `a.b` split at its first dot; undefined without one. */
function splitAddress(address: string): [string, string] | undefined {
  const dot = address.indexOf('.');
  return dot > 0 && dot < address.length - 1 ? [address.slice(0, dot), address.slice(dot + 1)] : undefined;
}

/**
 * How a value (`provider.apiGateway.restApiId`, a gateway response's `RestApiId`) names a REST API of
 * another stack. Undefined for a reference into this stack or a value that cannot be known.
 */
export function apiReference(value: CfgValue | undefined, stackName: string | undefined): ApiReference | undefined {
  if (value?.kind === 'scalar') {
    const id = asString(value);
    return id ? { kind: 'literal', id } : undefined;
  }
  if (value?.kind === 'unknown' && value.deployTime) {
    const { source, address } = value.deployTime;
    // `${output:app:stage:region:service.key}` names the service last.
    const parts = splitAddress(source === 'output' ? address.slice(address.lastIndexOf(':') + 1) : address);
    if (!parts) return undefined;
    if (source === 'cf') return { kind: 'cf', stack: parts[0], output: parts[1] };
    if (source === 'output') return { kind: 'output', service: parts[0], key: parts[1] };
    return undefined;
  }
  if (value?.kind === 'map' && value.entries.length === 1) {
    const name = stackString(get(value, 'Fn::ImportValue'), stackName);
    return name === undefined ? undefined : { kind: 'import', name };
  }
  return undefined;
}

function sameReference(a: ApiReference, b: ApiReference): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

interface ExportInput {
  /** `resources.Outputs` entries, merged. */
  outputs: { key: string; keySpan: Span; value: CfgValue }[];
  /** Top-level `outputs` (Serverless Dashboard) entries. */
  dashboardOutputs: { key: string; keySpan: Span; value: CfgValue }[];
  resources: ResourceDef[];
  stackName?: string;
  service?: string;
  /** The stack creates `ApiGatewayRestApi` (no `provider.apiGateway.restApiId`). */
  managed: boolean;
}

/**
 * The names this stack gives its REST APIs: each output whose `Value` is one (`!Ref Api`), by its
 * `Export.Name` and as `${cf:<stack>.<key>}`; and each Serverless Dashboard output that passes such an
 * output on (`${cf:<this stack>.<key>}`), as `${output:<service>.<key>}`.
 */
export function restApiExports({ outputs, dashboardOutputs, resources, stackName, service, managed }: ExportInput): RestApiExport[] {
  const out: RestApiExport[] = [];
  const isApi = (id: string) => (id === MANAGED_REST_API && managed) || resources.some((r) => r.logicalId === id && r.type === REST_API_TYPE);
  // Where the API is defined: its resource, else (the API the framework creates) the output naming it.
  const at = (logicalId: string, fallback: Span) => resources.find((r) => r.logicalId === logicalId)?.idSpan ?? fallback;
  const byKey = new Map<string, Omit<RestApiExport, 'reference'>>();
  for (const { key, keySpan, value } of outputs) {
    const logicalId = refTarget(get(value, 'Value'), 'RestApiId');
    if (logicalId === undefined || !isApi(logicalId)) continue;
    const base = { logicalId, at: at(logicalId, keySpan) };
    byKey.set(key, base);
    const name = stackString(get(get(value, 'Export'), 'Name'), stackName);
    if (name !== undefined) out.push({ reference: { kind: 'import', name }, ...base });
    if (stackName !== undefined) out.push({ reference: { kind: 'cf', stack: stackName, output: key }, ...base });
  }
  for (const { key, keySpan, value } of dashboardOutputs) {
    const passed = apiReference(value, stackName);
    const logicalId = passed?.kind === 'cf' && passed.stack === stackName ? byKey.get(passed.output)?.logicalId : refTarget(value, 'RestApiId');
    if (logicalId === undefined || service === undefined || !isApi(logicalId)) continue;
    out.push({ reference: { kind: 'output', service, key }, logicalId, at: at(logicalId, keySpan) });
  }
  return out;
}

/** The gateway responses of `responses` that may apply to the API `logicalId` (those whose RestApiId cannot be known may). */
export function responsesFor(responses: GatewayResponseDef[], logicalId: string): GatewayResponseDef[] {
  return responses.filter(
    (g) => !g.restApi || g.restApi.ref === logicalId || (g.restApi.ref === undefined && g.restApi.literal === undefined && !g.restApi.reference),
  );
}

/**
 * The service among `siblings` that defines the API `reference` names: the one stack exporting it under
 * that name, or, for a literal id, the one stack holding gateway responses for that id. Undefined when
 * none or several do. Its gateway responses are those the owner defines for the API and those any other
 * sibling adds to it under one of the names the owner gives it: gateway responses are per API, whichever
 * stack defines them.
 */
export function findOwner(reference: ApiReference, siblings: Project[]): RestApiOwner | undefined {
  const owners: { project: Project; at: Span; names: ApiReference[]; defined: GatewayResponseDef[] }[] = [];
  for (const p of siblings) {
    if (reference.kind === 'literal') {
      const held = p.gatewayResponses.filter((g) => g.restApi?.literal === reference.id);
      if (held.length > 0) owners.push({ project: p, at: held[0].resource.idSpan, names: [reference], defined: held });
      continue;
    }
    const exported = p.restApiExports.find((e) => sameReference(e.reference, reference));
    if (!exported) continue;
    const names = p.restApiExports.filter((e) => e.logicalId === exported.logicalId).map((e) => e.reference);
    owners.push({ project: p, at: exported.at, names, defined: responsesFor(p.gatewayResponses, exported.logicalId) });
  }
  if (owners.length !== 1) return undefined;
  const [{ project, at, names, defined }] = owners;
  const others = siblings.filter((p) => p !== project);
  const added = others.flatMap((p) => p.gatewayResponses.filter((g) => namesApi(g, names)));
  const unknown = project.resourcesUnknown || others.some((p) => p.resourcesUnknown && p.gatewayResponses.some((g) => namesApi(g, names)));
  return { configFile: project.configFile, service: project.service, at, names, gatewayResponses: unknown ? undefined : [...defined, ...added] };
}

/** The gateway response names the API by one of `names` (its `RestApiId` is another stack's export, or the literal id). */
export function namesApi(g: GatewayResponseDef, names: ApiReference[]): boolean {
  const ref = g.restApi?.reference;
  return !!ref && names.some((n) => sameReference(n, ref));
}

/**
 * Where the REST API named by `provider.apiGateway.restApiId` is defined: none given is the API the
 * framework creates; `!Ref X` (or `!GetAtt X.RestApiId`) to a RestApi of this stack is that one; a name
 * another stack exports is looked up among the repository's services (`owner`).
 */
export function restApiOf(
  restApiId: CfgValue | undefined,
  resources: ResourceDef[],
  stackName: string | undefined,
  owner: ((reference: ApiReference) => RestApiOwner | undefined) | undefined,
): RestApiDef {
  if (!restApiId) return { kind: 'stack', logicalId: MANAGED_REST_API };
  const logicalId = refTarget(restApiId, 'RestApiId');
  if (logicalId !== undefined) {
    return resources.some((r) => r.logicalId === logicalId && r.type === REST_API_TYPE) ? { kind: 'stack', logicalId } : { kind: 'external' };
  }
  const reference = apiReference(restApiId, stackName);
  const found = reference && owner?.(reference);
  return reference && found ? { kind: 'sibling', reference, owner: found } : { kind: 'external' };
}
