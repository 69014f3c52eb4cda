// Each route sets the header itself, before a send or on the chain.
const serverless = require('serverless-http');
const express = require('express');

const ORIGIN = 'https://app.example.com';
const app = express();
app.get('/a', (req, res) => {
  res.set('Access-Control-Allow-Origin', ORIGIN);
  res.vary('Origin');
  res.json({ a: 1 });
});
app.post('/b', (req, res) => res.header('Access-Control-Allow-Origin', ORIGIN).append('Vary', 'Origin').status(201).send('ok'));

module.exports.handler = serverless(app);
