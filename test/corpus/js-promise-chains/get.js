import { getQuiz } from './libs/db.js';

export function main(event, context, callback) {
  getQuiz(event.pathParameters.id)
    .then(([statusCode, quiz]) => callback(null, { statusCode, headers: { 'Access-Control-Allow-Origin': '*' }, body: JSON.stringify(quiz) }))
    .catch((err) => callback(null, { statusCode: 500, body: JSON.stringify({ error: err.message }) }));
}
