const cors = { 'Access-Control-Allow-Origin': '*' };
function list() { return { statusCode: 200, headers: cors, body: '[]' }; }
function make() { return { statusCode: 201, body: '{}' }; }
module.exports = { list, create: make };
