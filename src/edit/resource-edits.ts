import { isMap } from 'yaml';
import type { Project } from '../model/types.js';
import type { SourceFile } from '../source.js';
import type { TextEdit } from './text-edit.js';
import { insertPath, type EditValue } from './yaml-edits.js';

/**
 * Adds `logicalId: value` under `resources.Resources`, creating `resources:` and `Resources:` when
 * they are absent; null when the resources are not plain text of this file or the id exists.
 */
export function addResource(
  project: Project,
  source: (file: string) => SourceFile | undefined,
  logicalId: string,
  value: EditValue,
): TextEdit[] | null {
  const target = project.resourcesTarget;
  if (target.kind !== 'path' || project.resources.some((r) => r.logicalId === logicalId)) return null;
  const file = source(target.map.span.file);
  const node = target.map.yaml;
  if (!file || !isMap(node)) return null;
  return insertPath({ path: file.path, text: file.text }, node, [...target.path, logicalId], value);
}
