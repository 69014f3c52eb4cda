import { put } from './libs/db.js';

export const main = (event) =>
  new Promise((resolve) => {
    const quiz = JSON.parse(event.body);
    put({ TableName: process.env.TABLE, Item: quiz })
      .then(() => resolve({ statusCode: 201, headers: { 'Access-Control-Allow-Origin': '*' }, body: JSON.stringify(quiz) }))
      .catch((err) => resolve({ statusCode: 500, body: err.message }));
  });
