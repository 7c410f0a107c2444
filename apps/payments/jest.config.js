const preset = require('../../jest.preset');

module.exports = {
  ...preset,
  displayName: 'payments',
  rootDir: __dirname,
};
