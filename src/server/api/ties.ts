import type { Clock } from '../../core/clock.ts';
import type { Db } from '../../storage/db.ts';
import type { Route } from '../routes.ts';

/** Placeholder: routes are added by the people work (issue 5). */
export function tiesRoutes(_route: Route, _deps: { db: Db; clock: Clock }): void {}
