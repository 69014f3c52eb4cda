// An async bootstrap builds the app with the cors package and returns the adapter's handler.
const serverless = require('serverless-http');
const express = require('express');
const cors = require('cors');

let cached;

async function bootstrap() {
  const app = express();
  app.use(cors({ origin: 'https://app.example.com' }));
  app.get('/me', (req, res) => res.json({ me: req.get('authorization') }));
  return serverless(app);
}

module.exports.handler = async (event, context) => {
  if (!cached) cached = await bootstrap();
  return cached(event, context);
};
