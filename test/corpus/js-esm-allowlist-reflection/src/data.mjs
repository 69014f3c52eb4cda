const ALLOWED_ORIGINS = ['https://app.example.com', 'https://admin.example.com'];

export const handler = async (event) => {
  const origin = event.headers.origin || event.headers.Origin;
  const allowOrigin = ALLOWED_ORIGINS.includes(origin) ? origin : ALLOWED_ORIGINS[0];
  return {
    statusCode: 200,
    headers: { 'Access-Control-Allow-Origin': allowOrigin, Vary: 'Origin' },
    body: JSON.stringify({ ok: true }),
  };
};
