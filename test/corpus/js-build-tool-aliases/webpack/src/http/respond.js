const { CORS } = require('cors-headers');

exports.ok = (body) => ({ statusCode: 200, headers: CORS, body: JSON.stringify(body) });
