// One route sets the header, the other does not: present on some responses only.
const serverless = require('serverless-http');
const express = require('express');

const app = express();
app.get('/a', (req, res) => res.setHeader('Access-Control-Allow-Origin', '*').end());
app.get('/b', (req, res) => res.json({ b: 2 }));

module.exports.handler = serverless(app);
