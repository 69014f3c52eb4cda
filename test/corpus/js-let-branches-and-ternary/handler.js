exports.branches = async (event) => {
  let headers;
  if (event.body) {
    headers = { 'Access-Control-Allow-Origin': '*' };
  } else {
    headers = { 'Content-Type': 'text/plain' };
  }
  return { statusCode: 200, headers, body: '' };
};
exports.ternary = async (event) =>
  event.body
    ? { statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' }, body: event.body }
    : { statusCode: 400, body: 'empty' };
