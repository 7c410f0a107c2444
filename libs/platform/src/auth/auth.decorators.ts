import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Actor, Role } from '@dibao/contracts';

export const PUBLIC_KEY = 'dibao:public';
export const ROLES_KEY = 'dibao:roles';

/** The route needs no token (health, docs). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

/** Only these roles may call the route (admin always may). */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** The authenticated actor of the request. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const req = ctx.switchToHttp().getRequest<{ actor?: Actor }>();
  if (!req.actor) throw new Error('CurrentActor used on a public route');
  return req.actor;
});
