import { http } from './lib/wrappers';

export const handler = http(async (event: { pathParameters?: { id?: string } }) => {
  if (!event.pathParameters?.id) throw Object.assign(new Error('no id'), { statusCode: 400 });
  return { id: event.pathParameters.id };
});
