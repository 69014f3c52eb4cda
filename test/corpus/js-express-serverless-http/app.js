const express = require('express');
const cors = require('cors');

const app = express();
app.use(cors());
app.use(express.json());

app.get('/users/:id', async (req, res) => {
  res.json({ id: req.params.id, requestId: req.get('X-Request-Id') });
});

app.post('/users', async (req, res) => {
  res.status(201).json(req.body);
});

module.exports = app;
