// @ts-check
/**
 * `npm run demo`: the package's main job, end to end, through n8n's execution engine.
 *
 * With no keys and no network it starts the bundled emulator of both APIs on loopback and
 * uploads a generated 12-second tone. With AIOZ_PUBLIC_KEY + AIOZ_SECRET_KEY (AIOZ Stream)
 * and/or AIML_API_KEY (MiniMax via AI/ML API) set, that service is the real one, and the
 * audio is the file named by --file (or AUDIO_FILE).
 *
 *   npm run demo
 *   AIOZ_PUBLIC_KEY=... AIOZ_SECRET_KEY=... AIML_API_KEY=... npm run demo -- --file song.mp3
 *   (optional: AIOZ_ENVIRONMENT=production|w3stream, AIML_BASE_URL=https://api.aimlapi.com)
 */
const path = require('node:path');

const harness = require('../test/harness');
const { startEmulator } = require('../emulator');
const { AiozStream } = require('../dist/nodes/AiozStream/AiozStream.node.js');
const { AiozStreamApi } = require('../dist/credentials/AiozStreamApi.credentials.js');
const { MinimaxMusic } = require('../dist/nodes/MinimaxMusic/MinimaxMusic.node.js');
const { AimlMinimaxApi } = require('../dist/credentials/AimlMinimaxApi.credentials.js');

const say = (line) => process.stdout.write(`${line}\n`);

/** A 12 s, 22.05 kHz mono 16-bit WAV tone: long enough for MiniMax's 10 s minimum. */
function toneWav(seconds = 12, sampleRate = 22050) {
	const samples = seconds * sampleRate;
	const wav = Buffer.alloc(44 + samples * 2);
	wav.write('RIFF', 0);
	wav.writeUInt32LE(wav.length - 8, 4);
	wav.write('WAVEfmt ', 8);
	wav.writeUInt32LE(16, 16);
	wav.writeUInt16LE(1, 20);
	wav.writeUInt16LE(1, 22);
	wav.writeUInt32LE(sampleRate, 24);
	wav.writeUInt32LE(sampleRate * 2, 28);
	wav.writeUInt16LE(2, 32);
	wav.writeUInt16LE(16, 34);
	wav.write('data', 36);
	wav.writeUInt32LE(samples * 2, 40);
	for (let i = 0; i < samples; i++) {
		// A-major arpeggio, a quarter second per note.
		const note = [440, 554.37, 659.25, 880][Math.floor(i / (sampleRate / 4)) % 4];
		wav.writeInt16LE(Math.round(Math.sin((2 * Math.PI * note * i) / sampleRate) * 12000), 44 + i * 2);
	}
	return wav;
}

function fileArgument() {
	const index = process.argv.indexOf('--file');
	return index > -1 ? process.argv[index + 1] : process.env.AUDIO_FILE;
}

const MIME_BY_EXTENSION = { '.mp3': 'audio/mpeg', '.wav': 'audio/wav', '.m4a': 'audio/mp4', '.aac': 'audio/aac', '.flac': 'audio/flac', '.ogg': 'audio/ogg' };

async function main() {
	const realAioz = Boolean(process.env.AIOZ_PUBLIC_KEY && process.env.AIOZ_SECRET_KEY);
	const realAiml = Boolean(process.env.AIML_API_KEY);
	const userFile = fileArgument();
	if ((realAioz || realAiml) && !userFile) {
		throw new Error('With real API keys, name the audio file to upload: npm run demo -- --file path/to/song.mp3');
	}

	let emulator;
	if (!realAioz || !realAiml) {
		say('1. Starting the local emulator of AIOZ Stream and AI/ML API on loopback ...');
		emulator = await startEmulator({ port: 0, host: '127.0.0.1', transcodeDelayMs: 1500 });
		say(`   emulator at ${emulator.url}`);
	} else {
		say('1. Using the real AIOZ Stream and AI/ML API services (keys from the environment).');
	}

	try {
		say('2. Preparing the audio as n8n binary data (filesystem mode, as n8n stores it) ...');
		const binary = userFile
			? await harness.storeBinaryFile(userFile, {
					mimeType: MIME_BY_EXTENSION[path.extname(userFile).toLowerCase()] ?? 'application/octet-stream',
				})
			: await harness.storeBinary(toneWav(), { fileName: 'demo-tone.wav', mimeType: 'audio/wav' });
		say(`   ${binary.fileName}: ${binary.fileSize} (${binary.mimeType})`);

		const aiozCredential = new AiozStreamApi();
		const aimlCredential = new AimlMinimaxApi();
		const credentials = {
			[aiozCredential.name]: realAioz
				? {
						publicKey: process.env.AIOZ_PUBLIC_KEY,
						secretKey: process.env.AIOZ_SECRET_KEY,
						environment: process.env.AIOZ_ENVIRONMENT ?? 'production',
					}
				: {
						publicKey: emulator.keys.aiozPublicKey,
						secretKey: emulator.keys.aiozSecretKey,
						environment: 'custom',
						baseUrl: emulator.aiozBaseUrl,
						apiRoutes: 'media',
					},
			[aimlCredential.name]: realAiml
				? { apiKey: process.env.AIML_API_KEY, baseUrl: process.env.AIML_BASE_URL ?? 'https://api.aimlapi.com' }
				: { apiKey: emulator.keys.aimlApiKey, baseUrl: emulator.aimlBaseUrl },
		};

		say(`3. Running the workflow "AIOZ Stream: Upload (wait for transcoding) → MiniMax Music: Upload song" through n8n's engine ...`);
		const nodes = [
			harness.packageNode('aiozStream', 'Upload to AIOZ Stream', {
				resource: 'audio',
				operation: 'upload',
				title: `=n8n demo: {{ $binary.data.fileName }}`,
				binaryPropertyName: 'data',
				waitForCompletion: true,
				options: { pollInterval: 1 },
			}, { credentials: { aiozStreamApi: { id: '1', name: 'AIOZ Stream' } } }),
			harness.packageNode('minimaxMusic', 'Upload to MiniMax', {
				resource: 'music',
				operation: 'upload',
				purpose: 'song',
				inputSource: 'binary',
				binaryPropertyName: 'data',
			}, { credentials: { aimlMinimaxApi: { id: '2', name: 'AI/ML API' } } }),
		];
		const run = await harness.runWorkflow({
			nodes,
			nodeTypes: {
				[`${harness.PACKAGE_NAME}.aiozStream`]: new AiozStream(),
				[`${harness.PACKAGE_NAME}.minimaxMusic`]: new MinimaxMusic(),
			},
			credentialTypes: { [aiozCredential.name]: aiozCredential, [aimlCredential.name]: aimlCredential },
			credentials,
			input: [{ json: {}, binary: { data: binary } }],
			onNodeExecuted: (name, task) => say(`   ${task.error ? '✗' : '✓'} ${name}`),
		});
		if (run.status !== 'success') {
			throw new Error(`the workflow failed: ${run.error?.message ?? run.status}${run.error?.description ? ` (${run.error.description})` : ''}`);
		}

		const [media] = run.items('Upload to AIOZ Stream');
		const hlsUrl = media.json.assets?.hls_url;
		say(`4. AIOZ Stream media ${media.json.id}: status ${media.json.status}`);
		say(`   HLS URL:  ${hlsUrl}`);
		if (media.json.assets?.dash_url) say(`   DASH URL: ${media.json.assets.dash_url}`);
		if (!hlsUrl) throw new Error('the media has no HLS URL');
		if (emulator) {
			const playlist = await fetch(hlsUrl);
			const firstLine = (await playlist.text()).split('\n')[0];
			say(`   GET ${hlsUrl} → ${playlist.status} ${playlist.headers.get('content-type')} (${firstLine})`);
			if (!playlist.ok || firstLine !== '#EXTM3U') throw new Error('the HLS playlist is not served');
		}

		const [ids] = run.items('Upload to MiniMax');
		say('5. MiniMax Music reference ids:');
		say(`   voice_id:        ${ids.json.voice_id}`);
		say(`   instrumental_id: ${ids.json.instrumental_id}`);
		say('Done.');
	} finally {
		await emulator?.stop();
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		process.stderr.write(`demo failed: ${error.message ?? error}\n`);
		process.exit(1);
	},
);
