const middy = require('@middy/core');
const cors = require('@middy/http-cors');
const httpErrorHandler = require('@middy/http-error-handler');

const base = async () => ({ statusCode: 200, body: 'ok' });

module.exports.good = middy(base).use([httpErrorHandler(), cors()]);
module.exports.bad = middy(base).use([cors(), httpErrorHandler()]);
