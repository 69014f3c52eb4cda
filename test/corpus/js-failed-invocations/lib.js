exports.parse = (body) => {
  if (!body) throw new TypeError('empty body');
  return JSON.parse(body);
};

exports.load = async (id) => {
  if (!id) return Promise.reject(new Error('no id'));
  return { id };
};

exports.loadWith = (db, id) =>
  new Promise((resolve, reject) => {
    db.get(id, (err, item) => (err ? reject(err) : resolve(item)));
  });
