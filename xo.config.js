/**
 * The linter and formatter, run by `npm test` (`npm run lint`; `npm run lint -- --fix` formats).
 *
 * xo's defaults (tabs, semicolons, type-aware typescript-eslint rules from the
 * nearest tsconfig.json, unicorn, ava) with the changes below; each says why
 * the code does otherwise on purpose.
 */

import {createRequire} from 'node:module';

/**
 * The typescript-eslint rules that need type information, read from the
 * plugin xo itself uses.
 */
const typedRules = Object.entries(createRequire(createRequire(import.meta.url).resolve('xo'))('@typescript-eslint/eslint-plugin').rules)
	.filter(([, rule]) => rule.meta?.docs?.requiresTypeChecking)
	.map(([name]) => `@typescript-eslint/${name}`);

// xo's naming convention, also allowing UPPER_CASE constants and PascalCase
// behaviours (a behaviour's function name is its actor's class name, as in Pykka).
const namingConvention = [
	{
		selector: 'variable',
		format: ['strictCamelCase', 'StrictPascalCase', 'UPPER_CASE'],
		leadingUnderscore: 'allowSingleOrDouble',
		trailingUnderscore: 'allow',
		filter: {regex: '[- ]', match: false},
	},
	{
		selector: 'function',
		format: ['strictCamelCase', 'StrictPascalCase'],
		leadingUnderscore: 'allowSingleOrDouble',
		trailingUnderscore: 'allow',
		filter: {regex: '[- ]', match: false},
	},
	{
		selector: ['classProperty', 'objectLiteralProperty', 'parameterProperty', 'classMethod', 'objectLiteralMethod', 'typeMethod', 'accessor'],
		format: ['strictCamelCase'],
		leadingUnderscore: 'allowSingleOrDouble',
		trailingUnderscore: 'allow',
		// `toJSON` is JSON.stringify's hook; `NODE_DEBUG` an environment variable.
		filter: {regex: '[- ]|^toJSON$|^NODE_DEBUG$', match: false},
	},
	{selector: 'typeLike', format: ['StrictPascalCase']},
	{
		selector: 'variable',
		types: ['boolean'],
		format: ['StrictPascalCase'],
		prefix: ['is', 'has', 'can', 'should', 'will', 'did'],
	},
	{selector: 'interface', filter: '^(?!I)[A-Z]', format: ['StrictPascalCase']},
	{selector: 'typeParameter', filter: '^T$|^[A-Z][a-zA-Z]+$', format: ['StrictPascalCase']},
	{selector: ['classProperty', 'objectLiteralProperty'], format: null, modifiers: ['requiresQuotes']},
];

/** @type {import('xo').FlatXoConfig} */
const config = [
	{
		ignores: [
			'dist/**',
			'docs/**',
			// tools/typedoc/ is a package of its own (TypeDoc with its TypeScript 6).
			'tools/**',
			'.readme-blocks/**',
		],
	},
	{
		settings: {
			// `pykka` is imported by its name, like any package, whether or not dist/ is built.
			'import-x/external-module-folders': ['node_modules', 'node_modules/@types', 'dist'],
		},
		rules: {
			// Short imports and objects stay on one line; xo would break any with four or more names.
			'@stylistic/object-curly-newline': ['error', {multiline: true, consistent: true}],
			// An empty body stays `{}` (`class Idle extends Actor {}`, `debug() {}`).
			'@stylistic/curly-newline': ['error', {minElements: 1, consistent: true}],
			// A multi-line union type starts `type Effect =` and lists one member a line.
			'@stylistic/operator-linebreak': ['error', 'before', {overrides: {'=': 'after'}}],
			'@typescript-eslint/naming-convention': ['error', ...namingConvention],
			// `record['key']` marks a read through an index signature.
			'@typescript-eslint/dot-notation': ['error', {allowIndexSignaturePropertyAccess: true}],
			// Exhaustive dispatch ends in a `default` that checks `never` and throws (STYLE.md).
			'@typescript-eslint/switch-exhaustiveness-check': ['error', {allowDefaultCaseForExhaustiveSwitch: true, considerDefaultExhaustiveForUnions: true, requireDefaultForNonUnion: true}],
			// A Future left alone never causes an unhandledRejection (test/future.ts checks it).
			'@typescript-eslint/no-floating-promises': ['error', {checkThenables: true, ignoreVoid: true, ignoreIIFE: true, allowForKnownSafePromises: [{from: 'file', name: 'Future', path: 'source/future.ts'}]}],
			// Futures pass on whatever was thrown, Error or not, as Promises do.
			'@typescript-eslint/prefer-promise-reject-errors': ['error', {allowThrowingUnknown: true}],
			// ActorRegistry is Pykka's class of static methods.
			'@typescript-eslint/no-extraneous-class': ['error', {allowStaticOnly: true, allowEmpty: true}],
			'unicorn/no-static-only-class': 'off',
			// `actorClass` is a class held in a parameter.
			'new-cap': ['error', {newIsCapExceptions: ['actorClass']}],
			// A ref may be declared before the behaviour that calls it, and assigned after.
			'prefer-const': ['error', {destructuring: 'all', ignoreReadBeforeAssign: true}],

			// The casts are deliberate, each at a boundary the types cannot follow (proxies, `unknown` messages).
			'@typescript-eslint/no-unsafe-type-assertion': 'off',
			// `object`, `null` and `[]` are the exact types here (any actor instance, getPrototypeOf, empty argument lists).
			'@typescript-eslint/no-restricted-types': 'off',
			// Methods that validate their arguments throw at once (STYLE.md); `async` would turn that into a rejection.
			'@typescript-eslint/promise-function-async': 'off',
			// Members are grouped by concern (a field beside the methods that use it), not by kind.
			'@typescript-eslint/member-ordering': 'off',
			// Behaviours are named: the function's name is the actor's class name in URNs and logs.
			'func-names': 'off',
			// Effects carry `type` as an own field: they are plain data that tests compare.
			'@typescript-eslint/class-literal-property-style': 'off',
			// Registered and ActorRef are interfaces merged across modules.
			'@typescript-eslint/consistent-type-definitions': 'off',
			// `void x;` reads a getter for its effect, or marks a value used in the type tests.
			'@typescript-eslint/no-meaningless-void-operator': 'off',
			// No-op methods (a silent logger's `debug() {}`, a hook with nothing to do) are empty on purpose.
			'@typescript-eslint/no-empty-function': 'off',
			// The interpreter dispatches every effect in one switch (STYLE.md): its step is as complex as the effects are many.
			complexity: 'off',
			// Bit operations are deliberate on hot paths (heap index halving, power-of-two checks).
			'no-bitwise': 'off',
			// Mailbox#find and Future#reduce take a callback by design; the rule judges by the method's name.
			'unicorn/no-array-callback-reference': 'off',
			// Future#reduce is Pykka's API, implemented and tested with Array#reduce.
			'unicorn/no-array-reduce': 'off',
			// Comments often begin with an identifier (`util.inspect`, `spawn`), which keeps its case.
			'capitalized-comments': 'off',
			// The regular expressions match ASCII text; the `v` flag would change nothing but the escaping.
			'require-unicode-regexp': 'off',
			// Messages and test titles stay on one line, to be found with grep.
			'@stylistic/max-len': 'off',
			// It flags Node's documented `promisify(execFile)`.
			'@typescript-eslint/strict-void-return': 'off',
			// Future is a thenable by design: `await future`.
			'unicorn/no-thenable': 'off',
			// A write-only setter lets the class adapter flag `handling` without exposing it.
			'accessor-pairs': 'off',
		},
	},
	{
		files: ['test/**', 'bench/**', 'examples/**'],
		rules: {
			// Asks, runs, expectations and measurements happen one after another on purpose.
			'no-await-in-loop': 'off',
		},
	},
	{
		// Type-aware rules check source/ and examples/, what users run and read. Tests and
		// benchmarks (over half the code) are linted without type information: building it
		// took most of the lint's time, and `tsc` (strict) type-checks them in `npm test`.
		files: ['test/**', 'bench/**'],
		languageOptions: {parserOptions: {projectService: false, project: null}},
		rules: Object.fromEntries(typedRules.map(name => [name, 'off'])),
	},
	{
		files: ['test/**', 'bench/**'],
		rules: {
			// Behaviours and callbacks made in a loop share its counters on purpose.
			'@typescript-eslint/no-loop-func': 'off',
			// The stress driver and the README checker are long state machines.
			'max-depth': 'off',
			'max-params': 'off',
		},
	},
	{
		files: ['test/**'],
		rules: {
			// The tests misuse the API on purpose: they await a proxy, throw non-errors (or before
			// any yield), check that a void method returns undefined, stringify refs and proxies.
			'@typescript-eslint/await-thenable': 'off',
			'@typescript-eslint/only-throw-error': 'off',
			'@typescript-eslint/no-confusing-void-expression': 'off',
			'@typescript-eslint/no-base-to-string': 'off',
			'@typescript-eslint/restrict-template-expressions': 'off',
			'require-yield': 'off',
			// The stress driver picks among several cases with chained ternaries.
			'unicorn/no-nested-ternary': 'off',
			// `t.is(t.throws(…), error)` checks that the very error object was thrown.
			'ava/no-nested-assertions': 'off',
			// It judges a message by its syntax (`String(error)` is "not a string"); ava's types check the arguments.
			'ava/assertion-arguments': 'off',
		},
	},
	{
		files: ['test/types/**'],
		rules: {
			// Type tests write wrong code under @ts-expect-error, and keep `react` a method.
			'@typescript-eslint/no-unsafe-call': 'off',
			'unicorn/prefer-native-coercion-functions': 'off',
		},
	},
	{
		files: ['examples/**'],
		rules: {
			// The examples keep the names of Pykka's examples (`plain_actor.ts`).
			'unicorn/filename-case': 'off',
			// Actors print themselves (`${this}`): Actor#toString is the API.
			'@typescript-eslint/restrict-template-expressions': 'off',
		},
	},
	{
		files: ['*.config.js'],
		rules: {
			// Option names are the tools' own (`ignoreIIFE`, `'='`).
			'@typescript-eslint/naming-convention': 'off',
		},
	},
];

export default config;
