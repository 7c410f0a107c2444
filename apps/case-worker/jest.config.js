const preset = require('../../jest.preset');

module.exports = {
  ...preset,
  displayName: 'case-worker',
  rootDir: __dirname,
};
