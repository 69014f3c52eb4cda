import { apolloModel } from './apollo.js';
import { expressModel } from './express.js';
import { fastifyModel } from './fastify.js';
import { honoModel } from './hono.js';
import { lambdaApiModel } from './lambda-api.js';
import { middyModel } from './middy.js';
import { nestModel } from './nest.js';
import type { LibraryValue } from '../values.js';
import type { LibraryModel } from './model.js';
import { monitoringModel } from './monitoring.js';
import { powertoolsModel } from './powertools.js';

/** The library models the interpreter consults (model.ts says how a model plugs in). */
export const libraryModels: readonly LibraryModel[] = [
  middyModel,
  expressModel,
  lambdaApiModel,
  powertoolsModel,
  honoModel,
  fastifyModel,
  nestModel,
  apolloModel,
  monitoringModel,
];

const byName = new Map(libraryModels.map((m) => [m.name, m]));

/** The model that made a library value. */
export function modelOf(v: LibraryValue): LibraryModel {
  return byName.get(v.library)!;
}
