const { success, failure } = require('../libs/response-lib');
const db = require('../libs/db');

module.exports.list = async (event) => {
  try {
    const items = await db.scan();
    return success(items);
  } catch (err) {
    return failure({ message: err.message });
  }
};
