// A middleware from a package cors-lint does not model may set any header.
const serverless = require('serverless-http');
const express = require('express');
const session = require('express-session');

const app = express();
app.use(session({ secret: 'x' }));
app.get('/a', (req, res) => res.json({ a: 1 }));

module.exports.handler = serverless(app);
