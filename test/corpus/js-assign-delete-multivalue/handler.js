const base = { 'Content-Type': 'application/json' };
exports.assigned = async () => {
  const headers = Object.assign({}, base, { 'Access-Control-Allow-Origin': '*' });
  return { statusCode: 200, headers, body: '{}' };
};
exports.deleted = async () => {
  const response = { statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*', ...base }, body: '{}' };
  delete response.headers['Access-Control-Allow-Origin'];
  return response;
};
exports.multi = async () => ({
  statusCode: 200,
  multiValueHeaders: { 'Access-Control-Allow-Origin': ['https://a.example.com'], 'Set-Cookie': ['a=1', 'b=2'] },
  body: '{}',
});
