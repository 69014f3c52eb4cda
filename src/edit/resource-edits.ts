import { isMap, type YAMLMap } from 'yaml';
import { MANAGED_REST_API, type CatchAll } from '../model/gateway.js';
import type { GatewayResponseDef, Project, ResourceDef } from '../model/types.js';
import type { SourceFile } from '../source.js';
import { editableMap } from './editable.js';
import type { TextEdit } from './text-edit.js';
import { cfnRef, insertMapEntry, insertPath, setEmptyValue, type EditSource, type EditValue } from './yaml-edits.js';

type Sources = (file: string) => SourceFile | undefined;

/**
 * Adds `logicalId: value` under `resources.Resources`, creating `resources:` and `Resources:` when
 * they are absent; null when the resources are not plain text of this file or the id exists.
 */
function addResource(project: Project, source: Sources, logicalId: string, value: EditValue): TextEdit[] | null {
  const target = project.resourcesTarget;
  if (target.kind !== 'path' || project.resources.some((r) => r.logicalId === logicalId)) return null;
  const file = source(target.map.span.file);
  const node = target.map.yaml;
  if (!file || !isMap(node)) return null;
  return insertPath(file, node, [...target.path, logicalId], value);
}

/** `ResponseParameters` entries that send one static origin, and credentials when asked (values quoted as mappings require). */
function corsResponseParameters(origin: string, credentials: boolean): Record<string, string> {
  const parameters: Record<string, string> = { 'gatewayresponse.header.Access-Control-Allow-Origin': `'${origin}'` };
  if (credentials) parameters['gatewayresponse.header.Access-Control-Allow-Credentials'] = "'true'";
  return parameters;
}

/**
 * Makes the catch-all gateway response send a static origin: adds the headers to the existing
 * response of that type when there is one (a second response of the same type would fight it),
 * else adds `GatewayResponseDefault4XX` / `GatewayResponseDefault5XX` for Serverless' REST API.
 */
export function addCorsGatewayResponse(
  project: Project,
  source: Sources,
  type: CatchAll,
  cors: { origin: string; credentials: boolean },
): TextEdit[] | null {
  const parameters = corsResponseParameters(cors.origin, cors.credentials);
  const existing = project.gatewayResponses.find((g) => g.responseType === type);
  if (existing) return addResponseParameters(source, existing, parameters);
  return addResource(project, source, `GatewayResponse${type === 'DEFAULT_4XX' ? 'Default4XX' : 'Default5XX'}`, {
    Type: 'AWS::ApiGateway::GatewayResponse',
    Properties: { ResponseParameters: parameters, ResponseType: type, RestApiId: cfnRef(MANAGED_REST_API) },
  });
}

/** Adds `Properties.<key>` to a resource, creating `Properties` when absent; null when it exists or is reached through a variable. */
export function addResourceProperty(source: Sources, resource: ResourceDef, key: string, value: EditValue): TextEdit[] | null {
  const file = source(resource.node.span.file);
  const map = editableMap(resource.node);
  return file && map ? insertPath(file, map, ['Properties', key], value) : null;
}

/**
 * Adds entries to a gateway response's `ResponseParameters`, creating the map (and `Properties`)
 * when absent; null when a key exists already or the text on the way is reached through a variable.
 * The path is followed in the resource's own YAML, so a `${…}` on the way stops it.
 */
export function addResponseParameters(source: Sources, response: GatewayResponseDef, parameters: Record<string, string>): TextEdit[] | null {
  const file = source(response.resource.node.span.file);
  const resource = editableMap(response.resource.node);
  if (!file || !resource) return null;
  const created = insertPath(file, resource, ['Properties', 'ResponseParameters'], parameters);
  if (created) return created;
  const props = resource.get('Properties', true);
  if (!isMap(props)) return null;
  const existing = props.get('ResponseParameters', true);
  return setEmptyValue(file, props, 'ResponseParameters', parameters) ?? (isMap(existing) ? insertMapEntries(file, existing, parameters) : null);
}

/**
 * Several entries at the end of one map, as one insertion (insertMapEntry adds one; two
 * insertions at the same offset would conflict). Null when any key exists or the layout would
 * need more than a plain insertion.
 */
function insertMapEntries(src: EditSource, map: YAMLMap, entries: Record<string, EditValue>): TextEdit[] | null {
  let merged: TextEdit | undefined;
  for (const [key, value] of Object.entries(entries)) {
    const edits = insertMapEntry(src, map, key, value);
    if (edits?.length !== 1) return null;
    const [e] = edits;
    if (e.start !== e.end || (merged && merged.start !== e.start)) return null;
    merged = merged ? { ...merged, text: merged.text + e.text } : e;
  }
  return merged ? [merged] : null;
}
