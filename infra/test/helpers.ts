import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export const ROOT = path.resolve(__dirname, '../..');

/** The ports infra/local/env.sh falls back to, and that docker-compose.yml publishes by default. */
export const PORT_VARS = [
  'DIBAO_PG_PORT',
  'DIBAO_TEMPORAL_PORT',
  'DIBAO_TEMPORAL_UI_PORT',
  'DIBAO_KAFKA_PORT',
  'DIBAO_KAFKA_CONTROLLER_PORT',
] as const;

/** The process environment without any DIBAO_* or derived variable, so that defaults are what is seen. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('DIBAO_') || ['ROOT', 'KAFKA_BROKERS', 'TEMPORAL_ADDRESS', 'TEMPORAL_NAMESPACE'].includes(k)) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

/** Source infra/local/env.sh in a clean bash (from another cwd) and return the variables it exports. */
export function sourceEnv(overrides: Record<string, string> = {}, cwd = '/'): Record<string, string> {
  const script = `set -u; source ${JSON.stringify(path.join(ROOT, 'infra/local/env.sh'))}; env -0`;
  const out = execFileSync('bash', ['-c', script], { cwd, env: cleanEnv(overrides), encoding: 'utf8' });
  const vars: Record<string, string> = {};
  for (const entry of out.split('\0')) {
    const i = entry.indexOf('=');
    if (i > 0) vars[entry.slice(0, i)] = entry.slice(i + 1);
  }
  return vars;
}

/** Non-empty, non-comment lines of a file under the repository root. */
export function readList(rel: string): string[] {
  return fs
    .readFileSync(path.join(ROOT, rel), 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l.length > 0);
}

/** Parse a YAML file to JSON with PyYAML (python3 on PATH, or Debian's, which docker-compose brings). */
export function yamlFile(rel: string): unknown {
  const code = 'import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)';
  for (const py of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(py, ['-c', code, path.join(ROOT, rel)], { encoding: 'utf8' });
    if (r.status === 0) return JSON.parse(r.stdout);
  }
  throw new Error(`cannot parse ${rel}: no python3 with PyYAML (apt-get install -y python3-yaml)`);
}
