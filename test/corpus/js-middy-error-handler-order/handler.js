const middy = require('@middy/core');
const cors = require('@middy/http-cors');
const httpErrorHandler = require('@middy/http-error-handler');
const jsonBodyParser = require('@middy/http-json-body-parser');
const createError = require('http-errors');

const createOrder = async (event) => {
  if (!event.body.item) {
    throw new createError.BadRequest('item is required');
  }
  return { statusCode: 201, body: JSON.stringify({ id: 1 }) };
};

module.exports.good = middy(createOrder).use(jsonBodyParser()).use(cors()).use(httpErrorHandler());
module.exports.bad = middy(createOrder).use(jsonBodyParser()).use(httpErrorHandler()).use(cors());
