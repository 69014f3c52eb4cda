// A route calls the adapter's handler of its own app: followed one app deep, the rest unknown.
const serverless = require('serverless-http');
const express = require('express');

const app = express();
app.get('/again', async (req, res) => {
  const answer = await handle({ path: '/items' }, {});
  res.json(answer);
});
app.get('/items', (req, res) => res.json([]));

const handle = serverless(app);

module.exports.handler = async (event, context) => handle(event, context);
