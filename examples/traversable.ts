/**
 * Traversable attributes: an actor holds objects marked with `traversable`,
 * and its proxy gives a nested proxy for each, whose methods and fields run
 * inside the actor too, in order with every other message.
 *
 * Run: npx tsx examples/traversable.ts
 */
import {Actor, ActorRegistry, traversable} from 'pykka';

class Engine {
	running = false;

	start(): string {
		this.running = true;
		return 'vroom';
	}

	turnOff(): string {
		this.running = false;
		return 'silence';
	}
}

class Car extends Actor {
	readonly engine = traversable(new Engine());
	readonly radio = traversable({
		station: 'NRK P1',
		tune(station: string): string {
			this.station = station;
			return `tuned to ${station}`;
		},
	});
}

const car = Car.startProxy();
console.log(`engine: ${await car.engine.start()}`);
console.log(`running: ${await car.engine.running}`);
console.log(`radio: ${await car.radio.tune('NRK P3')}`);
console.log(`station: ${await car.radio.station}`);
console.log(`engine: ${await car.engine.turnOff()}`);
console.log(`running: ${await car.engine.running}`);
await ActorRegistry.stopAll();
