/**
 * An actor method that awaits real async I/O. The actor is busy with the
 * message until the method's promise settles, so no other message gets in
 * meanwhile: each "done" comes before the next "start", though each read
 * really waits on the disk and a timer.
 *
 * Run: npx tsx examples/async_io.ts
 */
import {readFile} from 'node:fs/promises';
import {setTimeout as delay} from 'node:timers/promises';
import {Actor, ActorRegistry, getAll} from 'pykka';

class FileReader extends Actor {
	lines = 0;

	async countLines(name: string, path: URL): Promise<number> {
		console.log(`start ${name}`);
		const text = await readFile(path, 'utf8');
		await delay(10);
		const count = text.split('\n').length;
		this.lines += count;
		console.log(`done ${name}`);
		return count;
	}
}

const reader = FileReader.startProxy();
const counts = getAll([
	reader.countLines('this example', new URL(import.meta.url)),
	reader.countLines('package.json', new URL('../package.json', import.meta.url)),
	reader.countLines('this example again', new URL(import.meta.url)),
]);
console.log('all three asked');
const [first, , third] = await counts;
console.log(`same file, same count: ${first === third}`);
console.log(`total lines counted: ${(await reader.lines) > 0 ? 'some' : 'none'}`);
await ActorRegistry.stopAll();
