/**
 * Probes: actors of a test kit that record what they receive, so that a test
 * can expect messages (in virtual time) and answer asks as it likes.
 */
import {AssertionError} from 'node:assert';
import {isDeepStrictEqual} from 'node:util';
import {deferReply, receive} from '../effects.js';
import type {Receives} from '../protocol.js';
import type {ActorRef} from '../ref.js';
import type {Reply} from '../reply.js';
import type {ActorSystem} from '../system.js';
import {show} from '../validate.js';

/** The options of `kit.probe`. */
export type ProbeOptions<M> = {
	/** The name the probe's actor is shown with. */
	readonly name?: string | undefined;
	/** Answers each ask made to the probe with what it gives (or the error it throws). */
	readonly handler?: ((message: M) => unknown) | undefined;
};

/** The options of `expectMessage` and `expectNoMessage`. */
export type ExpectOptions = {
	/** Virtual milliseconds to wait for the message (moving the kit's time); 0, the default, waits for no timer. */
	readonly within?: number | undefined;
};

/** What a probe needs of its kit: running to idle and moving time. */
type KitDriver = {
	readonly clock: {now(): number; nextDue(): number | undefined};
	runUntilIdle(): Promise<void>;
	advanceTo(time: number): Promise<void>;
};

/**
 * An actor that records the messages it receives. Made by `kit.probe()`.
 *
 * @example
 * const probe = kit.probe<string>('greetings');
 * greeter.tell({to: probe.ref});
 * await probe.expectMessage('hello', {within: 1000});
 */
export class Probe<M = unknown> {
	/** The probe's ref: send it messages, or give it to the actors under test. */
	readonly ref: ActorRef<Receives<M, unknown>>;
	/** The probe's name. */
	readonly name: string;
	readonly #kit: KitDriver;
	readonly #received: M[] = [];
	readonly #unanswered: Array<Reply<unknown>> = [];
	/** How many of the received messages the expectations have taken. */
	#taken = 0;

	/** @internal */
	constructor(kit: KitDriver, system: ActorSystem, name: string, handler: ((message: M) => unknown) | undefined) {
		this.#kit = kit;
		this.name = name;
		const received = this.#received;
		const unanswered = this.#unanswered;
		this.ref = system.spawn<M>(function * probe() {
			for (;;) {
				const message = yield * receive<M>();
				const answer = yield * deferReply();
				received.push(message);
				if (!answer.expected) {
					continue;
				}

				if (handler === undefined) {
					unanswered.push(answer);
					continue;
				}

				try {
					answer.resolve(handler(message));
				} catch (error) {
					answer.reject(error);
				}
			}
		}, {name});
	}

	/** Every message received so far, in order. */
	get received(): readonly M[] {
		return [...this.#received];
	}

	/**
	 * Takes the next message the probe received (or receives within `within`
	 * virtual milliseconds, moving the kit's time) and checks it: a function
	 * is a predicate, anything else is compared with `isDeepStrictEqual`.
	 * Gives the message; throws an `AssertionError` saying what came instead.
	 */
	async expectMessage(expected: M | ((message: M) => boolean), options?: ExpectOptions): Promise<M> {
		const within = withinOption(options);
		await this.#waitForMessage(within);
		if (this.#taken >= this.#received.length) {
			throw new AssertionError({message: `${this.name} received no message within ${within} ms; expected ${describe(expected)}${this.#history()}`});
		}

		const message = this.#received[this.#taken++] as M;
		const matches = typeof expected === 'function' ? (expected as (message: M) => boolean)(message) : isDeepStrictEqual(message, expected);
		if (!matches) {
			throw new AssertionError({message: `${this.name} expected ${describe(expected)}, got ${show(message)}${this.#history()}`, actual: message, expected});
		}

		return message;
	}

	/**
	 * Waits `within` virtual milliseconds (moving the kit's time) and checks
	 * that no message came that the expectations have not taken yet.
	 */
	async expectNoMessage(options?: ExpectOptions): Promise<void> {
		const within = withinOption(options);
		await this.#kit.advanceTo(this.#kit.clock.now() + within);
		if (this.#taken < this.#received.length) {
			const message = this.#received[this.#taken];
			throw new AssertionError({message: `${this.name} expected no message within ${within} ms, got ${show(message)}${this.#history()}`});
		}
	}

	/** Answers the oldest ask the probe received and has not answered. */
	reply(value: unknown): void {
		const answer = this.#unanswered.shift();
		if (answer === undefined) {
			throw new Error(`${this.name} has no unanswered ask to reply to`);
		}

		answer.resolve(value);
	}

	async #waitForMessage(within: number): Promise<void> {
		const kit = this.#kit;
		const deadline = kit.clock.now() + within;
		await kit.runUntilIdle();
		while (this.#taken >= this.#received.length) {
			const due = kit.clock.nextDue();
			if (due === undefined || due > deadline) {
				// eslint-disable-next-line no-await-in-loop
				await kit.advanceTo(deadline);
				return;
			}

			// eslint-disable-next-line no-await-in-loop
			await kit.advanceTo(due);
		}
	}

	#history(): string {
		return this.#received.length === 0 ? '; it has received nothing' : `; received so far: ${this.#received.map(message => show(message)).join(', ')}`;
	}
}

function withinOption(options: ExpectOptions | undefined): number {
	const within = options?.within ?? 0;
	if (typeof within !== 'number' || !Number.isFinite(within) || within < 0) {
		throw new TypeError(`Expected \`within\` to be a finite number of milliseconds >= 0, got ${show(within)}`);
	}

	return within;
}

function describe(expected: unknown): string {
	return typeof expected === 'function' ? `a message matching ${show(expected)}` : show(expected);
}
