const middy = require('@middy/core');
const cors = require('@middy/http-cors');

module.exports.ping = middy(async () => ({ statusCode: 200, body: 'pong' })).use(cors());
