/**
 * The plain actor of Pykka's README: it stores every message it is told, and
 * answers an ask for them with the list.
 *
 * Run: npx tsx examples/plain_actor.ts
 */
import {Actor} from 'pykka';

type Message = {readonly command: 'get_messages'} | Record<string, unknown>;

class PlainActor extends Actor {
	readonly storedMessages: Array<Record<string, unknown>> = [];

	override onReceive(message: Message) {
		if (message.command === 'get_messages') {
			return this.storedMessages;
		}

		this.storedMessages.push(message);
		return undefined;
	}
}

const actor = PlainActor.start();
actor.tell({no: 'Norway', se: 'Sweden'});
actor.tell({a: 3, b: 4, c: 5});
console.log(await actor.ask({command: 'get_messages'}));
await actor.stop();
