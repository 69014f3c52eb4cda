const path = require('path');
const slsw = require('serverless-webpack');

module.exports = {
  entry: slsw.lib.entries,
  target: 'node',
  resolve: {
    alias: {
      '@http': path.resolve(__dirname, 'src/http'),
      'cors-headers$': path.join(__dirname, 'src', 'http', 'headers.js'),
    },
    modules: ['node_modules', path.resolve(__dirname, 'lib')],
  },
};
