const serverless = require('serverless-http');
const express = require('express');

const app = express();
app.use((req, res, next) => {
  res.header('Access-Control-Allow-Origin', '*');
  next();
});
app.get('/health', (req, res) => res.send('ok'));

module.exports.handler = serverless(app);
