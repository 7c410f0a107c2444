// The secret the services sign and check HS256 tokens with (development logins and the services' own calls).
// - JWT_SECRET when set;
// - on the production stack (DIBAO_STACK=production): a random secret made once and kept in
//   .local/stacks/production/jwt-secret (mode 600): the well-known development secret is refused there;
// - else the development secret.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const DEV_JWT_SECRET = 'dibao-local-development-secret';
const root = path.join(__dirname, '..', '..');

function jwtSecret(env = process.env) {
  if (env.JWT_SECRET) return env.JWT_SECRET;
  if ((env.DIBAO_STACK ?? 'dev') !== 'production') return DEV_JWT_SECRET;
  const file = path.join(root, '.local/stacks/production/jwt-secret');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

module.exports = { jwtSecret, DEV_JWT_SECRET };
