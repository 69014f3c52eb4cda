const { v4 } = require('uuid');
const { success } = require('utils/response');

exports.main = async () => success({ id: v4() });
