const middy = require('@middy/core');
const cors = require('@middy/http-cors');
const httpErrorHandler = require('@middy/http-error-handler');

const base = async () => ({ statusCode: 200, body: 'ok' });

module.exports.good = middy(base).use([cors({ origin: 'https://app.example.com' }), httpErrorHandler()]);
module.exports.bad = middy(base).use([httpErrorHandler(), cors({ origin: 'https://app.example.com' })]);
