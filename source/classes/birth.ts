/**
 * The handshake between starting a class actor and `Actor`'s constructor:
 * the cell of the actor being constructed is handed over here, since a
 * constructor's arguments are the user's.
 */
import type {ClassActorCell} from './cell.js';

/** The cell of the actor being constructed, for `Actor`'s constructor to take. */
let birth: ClassActorCell | undefined;

/** Hands the cell to the constructor about to run; `undefined` once it has run. */
export function expectBirth(cell: ClassActorCell | undefined): void {
	birth = cell;
}

/** Takes the cell of the actor under construction; only `Actor`'s constructor calls this. */
export function takeBirth(): ClassActorCell | undefined {
	const current = birth;
	birth = undefined;
	return current;
}
