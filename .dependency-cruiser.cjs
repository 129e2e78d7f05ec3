/**
 * The layers of `source/`, checked by `npm test` (`npm run layers`): imports,
 * type-only ones included, point only down. From the bottom:
 *
 *   clock, errors, validate, logger, unwrapped, registered, effect-base, protocol
 *   → future → reply → effects → runtime/ → ref, registry, system → classes/ → index
 *   → testing/ (the `pykka/testing` entry point, on top of everything)
 *
 * Read with @swc/core (TypeScript 7 has no JavaScript API for a parser).
 */
const layers = [
	['^source/(clock|errors|exit|validate|logger|unwrapped|registered|effect-base|protocol|supervision)[.]ts$'],
	['^source/future[.]ts$'],
	['^source/reply[.]ts$'],
	['^source/effects[.]ts$'],
	['^source/runtime/'],
	['^source/(ref|registry|system|supervisor)[.]ts$'],
	['^source/classes/'],
	['^source/index[.]ts$'],
	['^source/testing/'],
];

/** One rule per layer: nothing in it imports a module of a layer above it. */
const pointDown = layers.slice(0, -1).map(([path], index) => ({
	name: `layer-${index}-points-down`,
	comment: `${path} may import only modules of its own layer or below`,
	severity: 'error',
	from: {path},
	to: {path: layers.slice(index + 1).map(([above]) => above)},
}));

module.exports = {
	forbidden: [
		{
			name: 'no-circular',
			comment: 'No import cycles in source/, type-only imports included',
			severity: 'error',
			from: {path: '^source/'},
			to: {circular: true},
		},
		{
			name: 'runtime-knows-no-classes',
			comment: 'The runtime never imports the class adapter',
			severity: 'error',
			from: {path: '^source/runtime/'},
			to: {path: '^source/classes/'},
		},
		...pointDown,
	],
	options: {
		parser: 'swc',
		tsPreCompilationDeps: true,
		moduleSystems: ['es6'],
		includeOnly: '^source/',
		enhancedResolveOptions: {extensions: ['.ts', '.js']},
		reporterOptions: {dot: {collapsePattern: 'node_modules/[^/]+'}},
	},
};
