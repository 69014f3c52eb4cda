import config from '../config.json';
export const ok = (body: unknown) => ({
  statusCode: 200,
  headers: { 'Access-Control-Allow-Origin': config.allowedOrigin },
  body: JSON.stringify(body),
});
