const preset = require('../../jest.preset');

module.exports = {
  ...preset,
  displayName: 'households',
  rootDir: __dirname,
};
