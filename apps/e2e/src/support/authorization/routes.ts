import 'reflect-metadata';
import * as fs from 'fs';
import * as path from 'path';
import { RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import type { Role, ServiceWithApi } from '@dibao/contracts';

/** A route as the service's controllers declare it (read from the Nest metadata of the compiled classes). */
export interface DeclaredRoute {
  service: ServiceWithApi;
  /** `METHOD /api/v1/path/{param}` */
  key: string;
  isPublic: boolean;
  /** What @Roles() says, when it says anything. */
  roles?: readonly Role[];
  where: string;
}

const ROOT = path.join(__dirname, '../../../../..');

function controllerFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return controllerFiles(full);
    return e.name.endsWith('.controller.ts') ? [full] : [];
  });
}

const join = (...parts: unknown[]) =>
  parts
    .flatMap((p) => (Array.isArray(p) ? p : [p]))
    .map((s) => String(s ?? '').replace(/^\/+|\/+$/g, ''))
    .filter(Boolean)
    .join('/');

export function declaredRoutes(services: readonly ServiceWithApi[]): DeclaredRoute[] {
  const routes: DeclaredRoute[] = [];
  for (const service of services) {
    for (const file of controllerFiles(path.join(ROOT, 'apps', service, 'src'))) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(file) as Record<string, unknown>;
      for (const cls of Object.values(mod)) {
        if (typeof cls !== 'function') continue;
        const base: unknown = Reflect.getMetadata(PATH_METADATA, cls);
        if (base === undefined) continue;
        const proto = (cls as { prototype: Record<string, unknown> }).prototype;
        for (const name of Object.getOwnPropertyNames(proto)) {
          const fn = proto[name];
          if (typeof fn !== 'function') continue;
          const sub: unknown = Reflect.getMetadata(PATH_METADATA, fn);
          const method: RequestMethod | undefined = Reflect.getMetadata(METHOD_METADATA, fn);
          if (sub === undefined || method === undefined) continue;
          const roles: Role[] | undefined = Reflect.getMetadata('dibao:roles', fn) ?? Reflect.getMetadata('dibao:roles', cls);
          const isPublic = !!(Reflect.getMetadata('dibao:public', fn) ?? Reflect.getMetadata('dibao:public', cls));
          const route = join(base, sub);
          const key = `${RequestMethod[method]} ${route === 'health' ? '/health' : `/api/v1/${route}`}`.replace(/:(\w+)/g, '{$1}');
          routes.push({ service, key, isPublic, ...(roles ? { roles } : {}), where: `${path.relative(ROOT, file)}#${name}` });
        }
      }
    }
  }
  return routes;
}
