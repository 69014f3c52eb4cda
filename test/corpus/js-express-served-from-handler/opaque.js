// The cached app is given a middleware cors-lint does not model: its responses stay open.
const serverlessExpress = require('@codegenie/serverless-express');
const express = require('express');
const session = require('express-session');

let server;

function build() {
  const app = express();
  app.use(session({ secret: 'x' }));
  app.get('/a', (req, res) => res.json({ a: 1 }));
  return serverlessExpress({ app });
}

exports.handler = async (event, context) => {
  server = server || build();
  return server(event, context);
};
