import cookieParser from 'cookie-parser';
import { Router } from 'express';
import type { Config } from '../config.js';
import type { Database } from '../data/engine/index.js';
import { csrfGuard, type CsrfGuard } from './csrf.js';
import { passwordChangeGate } from './middleware.js';
import { Sessions, SESSION_TIMES, type SessionTimes } from './sessions.js';
import type { ClientLimiting } from '../security.js';
import { SignInThrottle, THROTTLE_POLICY, type ThrottlePolicy } from './throttle.js';

// Officer accounts and access: the middleware, mounted once in createApp before every router:
//   cookies -> session (res.locals.officer, res.locals.csrfToken) -> CSRF check
//   -> password change gate (a reset password must be replaced first).
// /login, /logout and /account/password are routes like the others (server/routes/auth.ts, mounted
// in createApp with the sessions, CSRF guard and throttle made here). Routes guard themselves with
// requireOfficer / requireEditor / requireAdmin at the route line, read the officer with
// signedIn(res), and put views/auth/csrf-field.ejs in every form they post.

export interface AuthOptions {
  times?: Partial<SessionTimes>;
  throttle?: Partial<ThrottlePolicy>;
  now?: () => number;
  /** how the per-client sign-in brake keys and counts clients (the app shares one with its other limiters) */
  clients?: ClientLimiting;
}

export interface OfficerAuth {
  /** cookies, session, CSRF check, password change gate */
  middleware: Router;
  sessions: Sessions;
  csrf: CsrfGuard;
  throttle: SignInThrottle;
}

export function officerAuth(store: Database, config: Config, options: AuthOptions = {}): OfficerAuth {
  const now = options.now ?? Date.now;
  const sessions = new Sessions(store, config, { ...SESSION_TIMES, ...options.times }, now);
  const csrf = csrfGuard(sessions, config, now);
  const throttle = new SignInThrottle(store, { ...THROTTLE_POLICY, ...options.throttle }, now, options.clients);
  const middleware = Router();
  middleware.use(cookieParser(), sessions.load, csrf.protect, passwordChangeGate);
  return { middleware, sessions, csrf, throttle };
}

export { signedIn, requireAdmin, requireEditor, requireOfficer } from './middleware.js';
export { hashPassword, newPasswordProblem, PASSWORD_MIN } from './passwords.js';
export type { Officer } from './sessions.js';
export { ROLES, type Role } from '../data/users.js';
