/** Cutting a file into parts (shared/parts.ts) and framing a part as AIOZ's upload guide does (shared/multipart.ts). */
import { FileFirstMultipart, textFieldsMultipart } from '../../nodes/shared/multipart';
import { copyParts, planParts } from '../../nodes/shared/parts';
import { createHash } from 'node:crypto';

const MIB = 1024 * 1024;

it('plans parts with inclusive ends, the last one shorter', () => {
	expect(planParts(12 * MIB, 5 * MIB)).toEqual([
		{ index: 0, start: 0, end: 5 * MIB - 1, size: 5 * MIB },
		{ index: 1, start: 5 * MIB, end: 10 * MIB - 1, size: 5 * MIB },
		{ index: 2, start: 10 * MIB, end: 12 * MIB - 1, size: 2 * MIB },
	]);
	expect(planParts(10, 5 * MIB)).toEqual([{ index: 0, start: 0, end: 9, size: 10 }]);
});

it('copies pieces of any size into parts, each hashed exactly, and releases every piece once copied', async () => {
	const file = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 7) % 256));
	const pieces = [
		file.subarray(0, 3),
		file.subarray(3, 450),
		file.subarray(450, 451),
		file.subarray(451),
	];
	const released: Buffer[] = [];
	const parts = [];
	for await (const part of copyParts(
		pieces,
		file.length,
		300,
		() => ({ buffer: Buffer.alloc(310), offset: 10 }),
		(piece) => released.push(piece),
	)) {
		parts.push({
			...part,
			bytes: Buffer.from(part.buffer.subarray(part.offset, part.offset + part.size)),
		});
	}
	expect(parts.map((part) => [part.index, part.start, part.end])).toEqual([
		[0, 0, 299],
		[1, 300, 599],
		[2, 600, 899],
		[3, 900, 999],
	]);
	for (const part of parts) {
		const expected = file.subarray(part.start, part.end + 1);
		expect(part.bytes.equals(expected)).toBe(true);
		expect(part.md5).toBe(createHash('md5').update(expected).digest('hex'));
	}
	expect(released).toEqual(pieces);
});

it("frames a part as the upload guide's curl recipe does: file first, then index and hash, CRLF line ends", () => {
	const form = new FileFirstMultipart('file', 'my "best"\r\nsong.wav', 'audio/wav');
	expect(form.contentType).toBe(`multipart/form-data; boundary=${form.boundary}`);
	expect(form.boundary).toMatch(/^[-\w]{30,70}$/);
	const body = Buffer.concat([
		form.head,
		Buffer.from('DATA'),
		form.tail([
			['index', '3'],
			['hash', 'abc'],
		]),
	]).toString('utf8');
	const b = form.boundary;
	expect(body).toBe(
		`--${b}\r\nContent-Disposition: form-data; name="file"; filename="my %22best%22%0D%0Asong.wav"\r\n` +
			'Content-Type: audio/wav\r\n\r\nDATA\r\n' +
			`--${b}\r\nContent-Disposition: form-data; name="index"\r\n\r\n3\r\n` +
			`--${b}\r\nContent-Disposition: form-data; name="hash"\r\n\r\nabc\r\n` +
			`--${b}--\r\n`,
	);
	expect(new FileFirstMultipart('file', 'a', '').boundary).not.toBe(b);
});

it('frames text fields alone (a playlist update without a file): a repeated field is repeated parts, in order', () => {
	const { contentType, body } = textFieldsMultipart([
		['name', 'Season "2"\nof the show'],
		['tags', 'news'],
		['tags', 'daily'],
	]);
	const b = /boundary=(.+)$/.exec(contentType)?.[1] ?? '';
	expect(contentType).toMatch(/^multipart\/form-data; boundary=[-\w]{30,70}$/);
	expect(body.toString('utf8')).toBe(
		`--${b}\r\nContent-Disposition: form-data; name="name"\r\n\r\nSeason "2"\r\nof the show\r\n` +
			`--${b}\r\nContent-Disposition: form-data; name="tags"\r\n\r\nnews\r\n` +
			`--${b}\r\nContent-Disposition: form-data; name="tags"\r\n\r\ndaily\r\n` +
			`--${b}--\r\n`,
	);
});
