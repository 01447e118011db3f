import { getBoundary, MultipartParser, partialDelimiterStart, type PartInfo } from '../../emulator/multipart';
import { fixtureBytes, md5 } from './helpers';

const BOUNDARY = '----emulatorBoundary7MA4YWxkTrZu0gW';

interface Parsed {
	fields: Record<string, string>;
	files: Array<{ info: PartInfo; data: Buffer; chunks: number }>;
}

function build(parts: Array<{ name: string; value: string | Buffer; filename?: string; type?: string }>, preamble = '', epilogue = '') {
	const chunks: Buffer[] = [Buffer.from(preamble)];
	for (const part of parts) {
		let head = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${part.name}"`;
		if (part.filename !== undefined) head += `; filename="${part.filename}"`;
		head += '\r\n';
		if (part.type) head += `Content-Type: ${part.type}\r\n`;
		chunks.push(Buffer.from(`${head}\r\n`), Buffer.from(part.value), Buffer.from('\r\n'));
	}
	chunks.push(Buffer.from(`--${BOUNDARY}--\r\n${epilogue}`));
	return Buffer.concat(chunks);
}

/** Feeds `body` in pieces of the given sizes (cycled) and collects what the parser emits. */
function parse(body: Buffer, sizes: number[]): Parsed {
	const result: Parsed = { fields: {}, files: [] };
	const parser = new MultipartParser(BOUNDARY, {
		onPart(info) {
			if (info.filename === undefined) return null;
			const collected: Buffer[] = [];
			const entry = { info, data: Buffer.alloc(0), chunks: 0 };
			result.files.push(entry);
			return {
				write(chunk) {
					collected.push(Buffer.from(chunk));
					entry.chunks++;
				},
				end() {
					entry.data = Buffer.concat(collected);
				},
			};
		},
		onField(name, value) {
			result.fields[name] = value;
		},
	});
	let offset = 0;
	for (let i = 0; offset < body.length; i++) {
		const size = sizes[i % sizes.length];
		parser.write(body.subarray(offset, offset + size));
		offset += size;
	}
	parser.finish();
	return result;
}

describe('streaming multipart parser', () => {
	// File content full of near-delimiters: CR LF, dashes and prefixes of the boundary.
	const tricky = Buffer.concat([
		Buffer.from(`\r\n--${BOUNDARY.slice(0, 20)}\r\n-\r\r\n--`),
		fixtureBytes(70_000, 5),
		Buffer.from(`\r\n--${BOUNDARY.slice(0, -1)}x\r\n`),
		Buffer.from('\r'),
	]);
	const body = build(
		[
			{ name: 'index', value: '3' },
			// Quotes in names arrive escaped as %22 (WHATWG / undici FormData encoding).
			{ name: 'file', value: tricky, filename: 'a %22quoted%22 name.mp3', type: 'audio/mpeg' },
			{ name: 'hash', value: md5(tricky) },
		],
		'preamble to ignore\r\n',
		'epilogue to ignore',
	);

	it.each([[[1]], [[2]], [[3]], [[7]], [[64]], [[1, 13, 250, 4096]], [[body.length]]])(
		'reassembles fields and files exactly with input pieces of %j bytes',
		(sizes) => {
			const parsed = parse(body, sizes);
			expect(parsed.fields).toEqual({ index: '3', hash: md5(tricky) });
			expect(parsed.files).toHaveLength(1);
			const [file] = parsed.files;
			expect(file.info).toMatchObject({ name: 'file', filename: 'a "quoted" name.mp3', mimeType: 'audio/mpeg' });
			expect(md5(file.data)).toBe(md5(tricky));
			expect(file.data.length).toBe(tricky.length);
		},
	);

	it('streams a large file in many chunks instead of buffering it', () => {
		const big = fixtureBytes(2 * 1024 * 1024, 9);
		const parsed = parse(build([{ name: 'file', value: big, filename: 'big.bin' }]), [65_536]);
		expect(parsed.files[0].chunks).toBeGreaterThanOrEqual(32);
		expect(md5(parsed.files[0].data)).toBe(md5(big));
	});

	it('handles empty fields and an empty file', () => {
		const parsed = parse(
			build([
				{ name: 'empty', value: '' },
				{ name: 'file', value: Buffer.alloc(0), filename: 'none.bin' },
			]),
			[5],
		);
		expect(parsed.fields).toEqual({ empty: '' });
		expect(parsed.files[0].data.length).toBe(0);
	});

	it('throws on a body without the closing boundary', () => {
		const truncated = build([{ name: 'a', value: 'b' }]).subarray(0, -10);
		expect(() => parse(truncated, [100])).toThrow(/unexpected end of body/);
	});

	it('throws on a part without Content-Disposition', () => {
		const bad = Buffer.from(`--${BOUNDARY}\r\nContent-Type: text/plain\r\n\r\nx\r\n--${BOUNDARY}--\r\n`);
		expect(() => parse(bad, [100])).toThrow(/Content-Disposition/);
	});

	it('reads the boundary from the Content-Type header', () => {
		expect(getBoundary(`multipart/form-data; boundary=${BOUNDARY}`)).toBe(BOUNDARY);
		expect(getBoundary('multipart/form-data; charset=utf-8; boundary="a b c"')).toBe('a b c');
		expect(getBoundary('application/json')).toBeUndefined();
		expect(getBoundary('multipart/form-data')).toBeUndefined();
	});

	it('keeps back only bytes that could start a delimiter', () => {
		const delimiter = Buffer.from(`\r\n--${BOUNDARY}`);
		expect(partialDelimiterStart(Buffer.from('abc\r\n--'), 0, delimiter)).toBe(3);
		expect(partialDelimiterStart(Buffer.from('abc\r\nx'), 0, delimiter)).toBe(6);
		expect(partialDelimiterStart(Buffer.from('abc'), 0, delimiter)).toBe(3);
	});
});
