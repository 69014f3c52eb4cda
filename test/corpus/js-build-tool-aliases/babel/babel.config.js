module.exports = {
  presets: [['@babel/preset-env', { targets: { node: '20' } }]],
  plugins: [
    ['module-resolver', { root: ['./src'], alias: { '~shared': './src/shared', '^@regex/(.+)': './src/\\1' } }],
  ],
};
