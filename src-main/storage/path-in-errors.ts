import type { Database, Statement } from 'better-sqlite3';
import { databaseError } from './database-errors.ts';

type AnyFunction = (...args: unknown[]) => unknown;

/**
 * The same handle, whose SQLite errors name the database file: every method of the database, of
 * the statements it prepares and of the transactions it builds rethrows through databaseError.
 *
 * A wrapper at the one place handles are made rather than a try/catch around every query: a disk
 * that fills in the middle of a batch fails inside any of them.
 */
export function withPathInErrors(db: Database, file: string): Database {
  const wrapCall = <F extends AnyFunction>(fn: F, self: unknown, result: (value: unknown) => unknown = (v) => v) =>
    ((...args: unknown[]) => {
      try {
        return result(fn.apply(self, args));
      } catch (error) {
        throw databaseError(error, file);
      }
    }) as F;

  const statement = (stmt: Statement): Statement => {
    const proxy: Statement = new Proxy(stmt, {
      get(target, property) {
        const value = Reflect.get(target, property, target) as unknown;
        if (typeof value !== 'function') return value;
        // pluck(), raw(), expand() ... return the statement itself: keep chaining through the proxy.
        return wrapCall(value as AnyFunction, target, (v) => (v === target ? proxy : v));
      },
    });
    return proxy;
  };

  const transaction = (fn: AnyFunction) => {
    const tx: AnyFunction & Record<'deferred' | 'immediate' | 'exclusive', AnyFunction> = db.transaction(fn);
    const wrapped = wrapCall(tx, null) as AnyFunction & Record<string, AnyFunction>;
    for (const mode of ['deferred', 'immediate', 'exclusive'] as const) wrapped[mode] = wrapCall(tx[mode], null);
    return wrapped;
  };

  const proxy: Database = new Proxy(db, {
    get(target, property) {
      if (property === 'prepare') return wrapCall(target.prepare as AnyFunction, target, (s) => statement(s as Statement));
      if (property === 'transaction') return transaction;
      const value = Reflect.get(target, property, target) as unknown;
      if (typeof value !== 'function') return value;
      return wrapCall(value as AnyFunction, target, (v) => (v === target ? proxy : v));
    },
  });
  return proxy;
}
