import { hashPassword, verifyPassword } from './passwords.js';

// The PIN an officer types to leave kiosk mode (issue 10) is a secret like a password: argon2id at the
// same cost, through the same functions (server/auth/passwords.ts). Data functions only store the hash.

/** The PIN's argon2id hash, on libuv's thread pool (call before the transaction that stores it). */
export const hashKioskPin = (pin: string): Promise<string> => hashPassword(pin);

/** Whether the PIN opens the kiosk; a kiosk without a PIN opens without one; a malformed hash opens nothing. */
export function verifyKioskPin(kiosk: { pin_hash: string | null }, pin: string): Promise<boolean> {
  return kiosk.pin_hash === null ? Promise.resolve(true) : verifyPassword(kiosk.pin_hash, pin);
}
