const middy = require('@middy/core');
const cors = require('@middy/http-cors');

const me = async (event) => ({
  statusCode: 200,
  body: JSON.stringify({ user: event.requestContext.authorizer.claims.sub }),
});

module.exports.me = middy(me).use(cors({ origin: 'https://app.example.com', credentials: true }));
