const { parse, load, loadWith } = require('./lib');
const db = require('some-db');

const headers = { 'Access-Control-Allow-Origin': '*' };

exports.throws = async (event) => {
  const body = parse(event.body);
  if (body.bad) throw new Error('bad');
  try {
    await load(body.id);
  } catch (err) {
    if (err.code === 'x') throw err;
    return { statusCode: 404, headers, body: '' };
  } finally {
    console.log('done');
  }
  return { statusCode: 200, headers, body: '' };
};

exports.rejects = async (event) => {
  const item = await load(event.pathParameters.id);
  const other = await loadWith(db, item.id);
  return { statusCode: 200, headers, body: JSON.stringify(other) };
};

exports.callbacks = (event, context, callback) => {
  db.get(event.body, (err, item) => {
    if (err) return callback(err);
    if (!item) return callback(new Error('not found'));
    callback(err, { statusCode: 200, headers, body: JSON.stringify(item) });
  });
};

exports.context = (event, context) => {
  if (!event.body) context.fail('empty');
  else if (event.body === '-') context.done(new Error('dash'));
  else context.succeed({ statusCode: 200, headers, body: event.body });
};

exports.values = async (event) => {
  if (event.body === 'a') return 'text';
  if (event.body === 'b') return null;
  if (event.body === 'c') return { message: 'hi' };
  if (event.body === 'd') return [1, 2];
  if (event.body === 'e') return;
  if (event.body === 'f') return { headers, body: 'no status' };
  if (event.body) return { statusCode: 200, headers, body: event.body };
};

exports.caught = async (event) => {
  const item = await load(event.body).catch(() => null);
  try {
    parse(event.body);
  } catch {
    return { statusCode: 400, headers, body: '' };
  }
  [event.body].forEach((b) => {
    if (!b) throw new Error('not on the handler path');
  });
  return { statusCode: 200, headers, body: JSON.stringify(item) };
};

// A plain function handler answers through its callback: its return value and its end mean nothing.
exports.plain = (event, context, callback) => {
  callback(null, { statusCode: 200, headers, body: '' });
  return 'ignored';
};
