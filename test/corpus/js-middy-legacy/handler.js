const middy = require('middy');
const { cors, jsonBodyParser } = require('middy/middlewares');

const processPayment = (event, context, callback) => {
  callback(null, { statusCode: 200, body: JSON.stringify({ ok: true }) });
};

module.exports.handler = middy(processPayment).use(jsonBodyParser()).use(cors());
