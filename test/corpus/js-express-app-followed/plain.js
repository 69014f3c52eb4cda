// No CORS middleware and no route that sets the header: every send lacks it.
const serverlessExpress = require('@codegenie/serverless-express');
const express = require('express');
const helmet = require('helmet');

const app = express();
app.use(helmet());
app.use(express.json());
const router = express.Router();
router.get('/:id', (req, res) => res.json({ id: req.params.id }));
router.delete('/:id', (req, res) => res.status(204).end());
app.use('/items', router);
app.use((req, res, next) => next(new Error('not found')));

exports.handler = serverlessExpress({ app });
