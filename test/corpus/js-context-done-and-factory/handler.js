const corsHeaders = (origin) => ({ 'Access-Control-Allow-Origin': origin, Vary: 'Origin' });
exports.done = function (event, context) {
  context.done(null, { statusCode: 200, body: 'x' });
};
exports.factory = async (event) => {
  const allowed = ['https://a.example.com'];
  const origin = event.headers.origin;
  if (!allowed.includes(origin)) return { statusCode: 403, body: 'forbidden' };
  return { statusCode: 200, headers: corsHeaders(origin), body: 'ok' };
};
