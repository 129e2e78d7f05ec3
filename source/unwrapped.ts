/**
 * The value a handler's result stands for: a generator method's return value,
 * the value of a Promise or Future, or the result itself.
 *
 * @example
 * type A = Unwrapped<Generator<Effect, number, unknown>>; // number
 * type B = Unwrapped<Promise<string>>; // string
 */
export type Unwrapped<R> = R extends Generator<unknown, infer T, never> ? T : Awaited<R>;
