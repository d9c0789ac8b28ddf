import type { Type } from '@nestjs/common';
import { Reflector } from '@nestjs/core';

/**
 * `@nestjs/throttler` asks the reflector for six keys per named throttler on
 * every request, each a walk up two prototype chains in `reflect-metadata`.
 * Decorator metadata is fixed once the app is built, so each answer is kept
 * per handler (route or tool method); a handler seen under another class
 * (an inherited method) is looked up as before.
 */
export class MemoizedReflector extends Reflector {
  private readonly answers = new WeakMap<object, { classRef: object; byKey: Map<unknown, { value: unknown }> }>();

  override getAllAndOverride<T>(key: unknown, targets: (Type | Function)[]): T {
    const [handler, classRef] = targets;
    if (targets.length !== 2 || !handler || !classRef) return super.getAllAndOverride(key, targets);
    let entry = this.answers.get(handler);
    if (!entry) this.answers.set(handler, (entry = { classRef, byKey: new Map() }));
    if (entry.classRef !== classRef) return super.getAllAndOverride(key, targets);
    let answer = entry.byKey.get(key);
    if (!answer) entry.byKey.set(key, (answer = { value: super.getAllAndOverride(key, targets) }));
    return answer.value as T;
  }
}
