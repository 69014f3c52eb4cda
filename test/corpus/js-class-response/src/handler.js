const { Response, ErrorResponse } = require('./Response');
const db = require('./db');

module.exports.ping = async () => {
  return new Response({ statusCode: 200, body: { message: 'pong' } });
};

module.exports.listItems = (event, context, callback) => {
  db.list(event.requestContext.authorizer.principalId, (err, items) => {
    if (err) {
      callback(null, new ErrorResponse(err));
      return;
    }
    callback(null, new Response({ statusCode: 200, body: { items } }));
  });
};
