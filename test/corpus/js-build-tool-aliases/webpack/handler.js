const { ok } = require('@http/respond');
const { plain } = require('shared-responses');

exports.alias = async () => ok({ hello: 'world' });
exports.modules = async () => plain('hi');
