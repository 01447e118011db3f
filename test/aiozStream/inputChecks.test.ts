/**
 * Bad input is refused before any request (the emulator receives nothing), with a message naming
 * the field by its label in the editor; nothing the user typed is dropped silently.
 */
import type { INode, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { storeBinary } from '../harness';
import { aioz, apiRequests, errorOf, run } from './helpers';
import { useEmulator } from '../useEmulator';

const emu = useEmulator({ transcodeDelayMs: 100 });

const audioItem = (): INodeExecutionData[] => [{ json: {}, binary: { data: { data: 'AAAA', mimeType: 'audio/mpeg', fileName: 'a.mp3' } } }];

/** Runs one node and returns its error; the emulator must have received no request. */
async function refused(parameters: INode['parameters'], input: INodeExecutionData[] = audioItem()) {
	const result = await run(emu, [aioz('Node', parameters)], { input });
	expect(result.status).toBe('error');
	expect(apiRequests(emu)).toHaveLength(0);
	return errorOf(result, 'Node');
}

describe('Media ID', () => {
	const operations: Array<[string, INode['parameters']]> = [
		['get', {}],
		['complete', {}],
		['delete', {}],
		['update', { updateFields: { title: 'New' } }],
		['uploadPart', {}],
	];

	it.each(['..', '.', ' .. ', 'abc/def', '../abc'])('refuses %j on every operation that takes one', async (mediaId) => {
		for (const [operation, parameters] of operations) {
			const error = await refused({ operation, mediaId, ...parameters });
			expect([operation, error?.message]).toEqual([operation, `Media ID "${mediaId.trim()}" is not an ID [item 0]`]);
			expect(error?.description).toContain('without "/", and not "." or ".."');
		}
	});

	it('says an expression gave an object or an array, not that the ID is empty', async () => {
		const input = [{ json: { id: 'abc', list: ['a', 'b'] }, binary: audioItem()[0].binary }];
		const object = await refused({ operation: 'get', mediaId: '={{ $json }}' }, input);
		expect(object?.message).toBe('Media ID is an object, not an ID [item 0]');
		expect(object?.description).toContain('{{ $json.id }}');
		const array = await refused({ operation: 'delete', mediaId: '={{ $json.list }}' }, input);
		expect(array?.message).toBe('Media ID is an array, not an ID [item 0]');
	});
});

describe('Wait Timeout and Poll Interval', () => {
	it.each<[string, INodeParameters, string]>([
		['a Wait Timeout of 0', { waitTimeout: 0 }, 'Options → Wait Timeout (Seconds) must be a number of seconds above 0, got 0'],
		['a negative Wait Timeout', { waitTimeout: -5 }, 'Options → Wait Timeout (Seconds) must be a number of seconds above 0, got -5'],
		['a Poll Interval of 0', { pollInterval: 0 }, 'Options → Poll Interval (Seconds) must be a number of seconds above 0, got 0'],
		['a negative Poll Interval', { pollInterval: -1 }, 'Options → Poll Interval (Seconds) must be a number of seconds above 0, got -1'],
		['a Poll Interval that is not a number', { pollInterval: '={{ "soon" }}' }, 'Options → Poll Interval (Seconds) must be a number of seconds above 0, got "soon"'],
	])('refuses %s on Get and Upload instead of waiting with the default', async (_label, options, message) => {
		const get = await refused({ operation: 'get', mediaId: 'abc', waitForCompletion: true, options });
		expect(get?.message).toBe(`${message} [item 0]`);
		const upload = await refused({ operation: 'upload', title: 'T', options });
		expect(upload?.message).toBe(`${message} [item 0]`);
	});
});

describe('Metadata', () => {
	const metadata = (...pairs: Array<{ key?: string; value?: string }>) => ({ metadata: { metadataValues: pairs } });

	it('refuses a value without a key, naming the collection and the pair', async () => {
		const create = await refused({ operation: 'create', title: 'T', additionalFields: metadata({ key: 'a', value: '1' }, { key: ' ', value: 'lost' }) });
		expect(create?.message).toBe('Additional Fields → Metadata: pair 2 has a value but no key [item 0]');
		expect(create?.description).toBe('Give the pair a key, or remove it.');

		const update = await refused({ operation: 'update', mediaId: 'abc', updateFields: metadata({ value: 'lost' }) });
		expect(update?.message).toBe('Update Fields → Metadata: pair 1 has a value but no key [item 0]');
	});

	it('refuses a key used twice', async () => {
		for (const operation of ['create', 'upload']) {
			const error = await refused({
				operation,
				title: 'T',
				additionalFields: metadata({ key: 'genre', value: 'jazz' }, { key: 'mood', value: 'calm' }, { key: ' genre ', value: 'blues' }),
			});
			expect(error?.message).toBe('Additional Fields → Metadata: the key "genre" is used twice (pairs 1 and 3) [item 0]');
		}
	});

	it('skips a pair left entirely empty and sends the others', async () => {
		const result = await run(emu, [aioz('Create', { operation: 'create', title: 'T', additionalFields: metadata({ key: 'a', value: '1' }, {}, { key: '', value: '  ' }) })]);
		expect(result.status).toBe('success');
		expect(emu.aioz.getMedia(result.items('Create')[0].json.id as string)?.createBody).toMatchObject({ metadata: [{ key: 'a', value: '1' }] });
	});
});

describe('Qualities', () => {
	const qualities = (...quality: INodeParameters[]) => ({ qualities: { quality } });

	it.each(['english', 'e', 'en_US', 'en-', '12'])('refuses the Audio Language %j', async (language) => {
		const error = await refused({ operation: 'create', title: 'T', additionalFields: qualities({}, { language }) });
		expect(error?.message).toBe(`Quality 2: Audio Language "${language}" is not a BCP 47 language tag [item 0]`);
		expect(error?.description).toBe('Use a code such as en, vi or pt-BR, or leave the field empty.');
	});

	it('accepts BCP 47 tags with script, region and variants', async () => {
		const languages = ['en', 'vi', 'pt-BR', 'zh-Hant-TW', 'es-419', 'sl-rozaj', 'de-CH-1901', 'en-x-podcast'];
		const result = await run(emu, [
			aioz('Create', {
				operation: 'create',
				title: 'T',
				additionalFields: qualities(...languages.map((language, index) => ({ language, resolution: ['standard', 'good', 'highest', 'lossless'][index % 4], streamingType: index < 4 ? 'hls' : 'dash' }))),
			}),
		]);
		expect(result.status).toBe('success');
	});

	it('refuses two qualities with the same Quality Preset and Streaming Format', async () => {
		for (const operation of ['create', 'upload']) {
			const error = await refused({
				operation,
				title: 'T',
				additionalFields: qualities({ resolution: 'highest' }, { resolution: 'highest', streamingType: 'dash' }, { resolution: 'highest', containerType: 'mp4' }),
			});
			expect(error?.message).toBe('Quality 3: Quality Preset "highest" with Streaming Format HLS is already used by Quality 1 [item 0]');
		}
	});
});

it.each([0, -1, 2.5])('refuses a Get Many Limit of %d', async (limit) => {
	const error = await refused({ operation: 'getMany', limit });
	expect(error?.message).toBe(`Limit must be a whole number from 1, got ${limit} [item 0]`);
});

it('refuses an empty (0-byte) file with a hint of the fix', async () => {
	const empty = await storeBinary(Buffer.alloc(0), { fileName: 'empty.mp3', mimeType: 'audio/mpeg' });
	for (const operation of ['upload', 'uploadPart']) {
		const error = await refused({ operation, title: 'T', mediaId: 'abc' }, [{ json: {}, binary: { data: empty } }]);
		expect(error?.message).toBe('The binary data in property "data" is empty (0 bytes) [item 0]');
		expect(error?.description).toContain('check the node that produced the file');
	}
});

it.each(['not a url', 'ftp://127.0.0.1/api', '127.0.0.1:5678/api', ''])(
	"refuses the credential's Base URL %j before any request, naming the field",
	async (baseUrl) => {
		for (const [operation, parameters] of [
			['get', { mediaId: 'abc' }],
			['upload', { title: 'T' }],
			['getMany', {}],
		] as const) {
			const result = await run(emu, [aioz('Node', { operation, ...parameters })], { baseUrl, input: audioItem() });
			const error = errorOf(result, 'Node');
			expect([operation, error?.message]).toEqual([operation, "The AIOZ Stream credential's Base URL is not an http(s) URL [item 0]"]);
			expect(error?.description).toContain('set Base URL to the API root');
		}
		expect(emu.requests).toHaveLength(0);
	},
);
