const preset = require('../../jest.preset');

module.exports = {
  ...preset,
  displayName: 'case-api',
  rootDir: __dirname,
};
