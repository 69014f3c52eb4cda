// An app without CORS middleware whose routes never set the header.
const express = require('express');

const app = express();
app.use(express.json());
app.get('/items/:id', (req, res) => res.json({ id: req.params.id }));
app.post('/items', (req, res) => res.status(201).json(req.body));

module.exports = app;
