import { SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import { MemoizedReflector } from './memoized-reflector.js';

@SetMetadata('limit', 5)
class Base {
  @SetMetadata('limit', 2)
  limited(this: void): void {}

  inherited(this: void): void {}
}

@SetMetadata('limit', 9)
class Derived extends Base {}

describe('MemoizedReflector', () => {
  const plain = new Reflector();

  it('answers as the reflector does: handler over class, undefined when neither says', () => {
    const memo = new MemoizedReflector();
    for (let round = 0; round < 2; round++) {
      for (const [handler, classRef] of [
        [Base.prototype.limited, Base],
        [Base.prototype.inherited, Base],
        [Base.prototype.inherited, Derived],
        [Base.prototype.limited, Derived],
      ] as const) {
        for (const key of ['limit', 'absent']) {
          expect(memo.getAllAndOverride(key, [handler, classRef])).toBe(
            plain.getAllAndOverride(key, [handler, classRef]),
          );
        }
      }
    }
    expect(memo.getAllAndOverride('limit', [Base.prototype.inherited, Derived])).toBe(9);
    expect(memo.getAllAndOverride('limit', [Base.prototype.inherited, Base])).toBe(5);
  });
});
