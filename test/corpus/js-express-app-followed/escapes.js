// `res` handed to a function that is not followed may get any header.
const serverless = require('serverless-http');
const express = require('express');
const { render } = require('some-view-lib');

const app = express();
app.get('/a', (req, res) => render(res, 'page'));

module.exports.handler = serverless(app);
