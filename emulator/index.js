// @ts-check
'use strict';

/**
 * Local emulator of the AIOZ Stream API and the AI/ML API MiniMax Music endpoints.
 *
 *   const { startEmulator } = require('./emulator');
 *   const emu = await startEmulator({ port: 0, transcodeDelayMs: 200 });
 *   // emu.aiozBaseUrl, emu.aimlBaseUrl, emu.keys, emu.aioz.getMedia(id), emu.requests, ...
 *   await emu.stop();
 */

const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const { AiozService } = require('./aioz');
const { PLAYLIST_ROUTES } = require('./aioz-playlists');
const { FaultPlan } = require('./faults');
const { dropConnection, redactHeaders, sendJson } = require('./http-util');
const { MinimaxService } = require('./minimax');
const { OpenAiService } = require('./openai');
const { SourceService, redactedPath } = require('./source');

/** The only accepted test keys. */
const KEYS = Object.freeze({
	aiozPublicKey: 'emu-public-key',
	aiozSecretKey: 'emu-secret-key',
	aimlApiKey: 'emu-aiml-key',
	openAiApiKey: 'emu-openai-key',
});

/** Routes `failNext` can make fail. */
const ROUTES = /** @type {const} */ ([
	'create',
	'part',
	'complete',
	'get',
	'list',
	'update',
	'delete',
	'user',
	'setThumbnail',
	'deleteThumbnail',
	'webhookList',
	'webhookCreate',
	'webhookGet',
	'webhookUpdate',
	'webhookDelete',
	'webhookCheck',
	...PLAYLIST_ROUTES,
	'minimaxUpload',
	'minimaxGenerate',
	'aimlBalance',
	'aimlGenerateAudio',
	'aimlGenerationStatus',
	'aimlGeneratedFile',
]);

/** @typedef {(typeof ROUTES)[number]} EmulatorRoute */
/** @typedef {import('./http-util').RequestContext} RequestContext */
/** @typedef {import('./source').SourceLogEntry} RequestLogEntry a request (with the file source's fields) */
/** @typedef {import('./faults').FaultKind} FaultKind */
/** @typedef {import('./faults').FaultOptions} FaultOptions */
/** @typedef {import('./aioz').EmulatorMedia} EmulatorMedia */
/** @typedef {import('./aioz').MediaAssets} MediaAssets */
/** @typedef {import('./aioz-webhooks').WebhookRecord} EmulatorWebhook */
/** @typedef {import('./aioz-webhooks').DeliveryRecord} WebhookDelivery */
/** @typedef {import('./aioz-playlists').EmulatorPlaylist} EmulatorPlaylist */
/** @typedef {import('./minimax').MinimaxUpload} MinimaxUpload */
/** @typedef {import('./minimax').MinimaxGeneration} MinimaxGeneration */
/** @typedef {import('./minimax').AudioGeneration} AudioGeneration */
/** @typedef {import('./minimax').GenerationPlan} GenerationPlan */
/** @typedef {import('./source').SourceFile} SourceFile */
/** @typedef {import('./source').SourceFileOptions} SourceFileOptions */
/** @typedef {import('./source').SourceBehaviour} SourceBehaviour */
/** @typedef {import('./source').SourceFailOptions} SourceFailOptions */
/** @typedef {import('./openai').ScriptStep} ChatScriptStep */
/** @typedef {import('./openai').ScriptAnswer} ChatScriptAnswer */
/** @typedef {import('./openai').ChatConversation} ChatConversation */
/** @typedef {import('./openai').ChatTool} ChatTool */
/** @typedef {import('./openai').ToolResult} ChatToolResult */
/** @typedef {import('./openai').OpenAiRequest} OpenAiRequest */

/**
 * @typedef {object} FailNextOptions
 * @property {number | 'drop'} [status] HTTP status to answer (default 500), or 'drop' to destroy the connection
 * @property {string} [message] error message
 * @property {number} [times] how many matching requests fail (default 1)
 * @property {number} [retryAfterSeconds] Retry-After of a 429 (default 1)
 * @property {{ status_code: number, status_msg: string }} [baseResp] MiniMax routes only: answer HTTP 200
 *   with this base_resp (an upstream error) instead of a gateway error
 */

/**
 * @typedef {object} EmulatorOptions
 * @property {number} [port] 0 (default) picks a free port
 * @property {string} [host] default 127.0.0.1
 * @property {number} [transcodeDelayMs] time from complete to status 'done' (default 500)
 * @property {FaultOptions} [faults] part upload fault injection
 * @property {string} [dataDir] where uploaded parts are stored (default: a fresh temp dir, removed on stop)
 * @property {(entry: RequestLogEntry) => void} [onRequest] called when a request has been answered
 * @property {number} [linkMiBps] models an internet uplink: each connection uploads parts at most this many
 *   MiB/s (default: no cap)
 * @property {number} [latencyMs] models an internet round trip: every request waits this long before it is
 *   read and answered (default 0)
 */

/**
 * Starts the emulator.
 * @param {EmulatorOptions} [options]
 */
async function startEmulator(options = {}) {
	const host = options.host ?? '127.0.0.1';
	const ownDataDir = options.dataDir === undefined;
	const dataDir = options.dataDir ?? (await fs.promises.mkdtemp(path.join(os.tmpdir(), 'audio-upload-emulator-')));
	await fs.promises.mkdir(dataDir, { recursive: true });

	let url = '';
	const aioz = new AiozService({
		dataDir,
		keys: KEYS,
		getUrl: () => url,
		transcodeDelayMs: options.transcodeDelayMs ?? 500,
		linkBytesPerSecond: (options.linkMiBps ?? 0) * 1024 * 1024,
	});
	let latencyMs = options.latencyMs ?? 0;
	const minimax = new MinimaxService({ keys: KEYS });
	const openai = new OpenAiService({ keys: KEYS });

	/** @type {RequestLogEntry[]} */
	const requests = [];
	const source = new SourceService({ getUrl: () => url, requests });
	/** @type {FaultPlan | undefined} */
	let faults = options.faults ? new FaultPlan(options.faults) : undefined;
	/** @type {Map<string, (FailNextOptions & { times: number })[]>} */
	const failQueue = new Map();
	let requestSeq = 0;

	/**
	 * @param {string} route
	 * @returns {(FailNextOptions & { times: number }) | undefined}
	 */
	function takeFailNext(route) {
		const queue = failQueue.get(route);
		if (!queue || queue.length === 0) return undefined;
		const entry = queue[0];
		entry.times--;
		if (entry.times <= 0) queue.shift();
		return entry;
	}

	/**
	 * Answers an injected failure in the shape of the service.
	 * @param {RequestContext} ctx
	 * @param {'aioz' | 'minimax'} service
	 * @param {number | 'drop'} status
	 * @param {string} message
	 * @param {number} retryAfterSeconds
	 * @param {{ status_code: number, status_msg: string }} [baseResp]
	 */
	async function answerFault(ctx, service, status, message, retryAfterSeconds, baseResp) {
		if (status === 'drop') {
			dropConnection(ctx);
			return;
		}
		if (service === 'minimax' && baseResp) {
			ctx.log.error = `base_resp ${baseResp.status_code}: ${baseResp.status_msg}`;
			await sendJson(ctx, 200, { trace_id: 'emulator-fault', base_resp: baseResp });
			return;
		}
		/** @type {Record<string, string>} */
		const headers = {};
		if (status === 429) {
			headers['retry-after'] = String(retryAfterSeconds);
			headers['x-ratelimit-retry-after'] = String(retryAfterSeconds);
			headers['x-ratelimit-remaining'] = '0';
		}
		if (service === 'aioz') await aioz.sendError(ctx, status, message, headers);
		else await minimax.sendError(ctx, status, message, headers);
	}

	/**
	 * Answers the next failure queued with `failNext` for this route, if any.
	 * @param {RequestContext} ctx
	 * @param {'aioz' | 'minimax'} service
	 * @param {string} routeName
	 * @returns {Promise<boolean>} whether a failure was answered
	 */
	async function answerFailNext(ctx, service, routeName) {
		const injected = takeFailNext(routeName);
		if (!injected) return false;
		const status = injected.status ?? 500;
		ctx.log.fault = 'failNext';
		await answerFault(
			ctx,
			service,
			status,
			injected.message ?? defaultFaultMessage(status),
			injected.retryAfterSeconds ?? 1,
			injected.baseResp,
		);
		return true;
	}

	/** @param {number | 'drop'} status */
	function defaultFaultMessage(status) {
		if (status === 429) return 'too many requests, retry later';
		if (status === 503) return 'service unavailable (emulated fault)';
		if (status === 'drop') return 'connection dropped';
		return 'internal server error (emulated fault)';
	}

	/**
	 * @param {import('node:http').IncomingMessage} req
	 * @param {import('node:http').ServerResponse} res
	 */
	async function handle(req, res) {
		const method = req.method ?? 'GET';
		const parsed = new URL(req.url ?? '/', 'http://emulator.invalid');
		/** @type {RequestLogEntry} */
		const log = {
			id: ++requestSeq,
			method,
			// Presigned URLs carry their signature in the query: never logged.
			path: redactedPath(parsed),
			status: 0,
			headers: redactHeaders(req.headers),
		};
		if (typeof req.headers['content-range'] === 'string') log.contentRange = req.headers['content-range'];
		requests.push(log);
		res.on('close', () => {
			if (options.onRequest) options.onRequest(log);
		});
		/** @type {RequestContext} */
		const ctx = { req, res, url: parsed, log };
		try {
			if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
			await route(ctx, method, parsed);
		} catch (error) {
			const message = `internal emulator error: ${error instanceof Error ? error.message : String(error)}`;
			log.error = message;
			if (!res.headersSent && !res.destroyed) {
				log.status = 500;
				res.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
				res.end(JSON.stringify({ status: 'error', message }));
			} else {
				res.destroy();
			}
		}
	}

	/**
	 * @param {RequestContext} ctx
	 * @param {string} method
	 * @param {URL} parsed
	 */
	async function route(ctx, method, parsed) {
		const { req, log } = ctx;

		const aiozMatch = aioz.match(method, parsed.pathname);
		if (aiozMatch || parsed.pathname.startsWith('/api/')) {
			if (!aiozMatch) {
				let hint = '';
				if (/^\/api\/(media|videos)\/?$/.test(parsed.pathname)) hint = ' (the media list is POST with a JSON body)';
				await aioz.sendError(ctx, 404, `route not found: ${method} ${parsed.pathname}${hint}`);
				return;
			}
			log.route = aiozMatch.route;
			if (aiozMatch.family) log.family = aiozMatch.family;
			if (aiozMatch.id) log.mediaId = aiozMatch.id;
			if (!aioz.isAuthorized(req.headers)) {
				await aioz.sendError(
					ctx,
					401,
					'Unauthorized: invalid API keys (send a valid stream-public-key and stream-secret-key header)',
				);
				return;
			}
			if (await answerFailNext(ctx, 'aioz', aiozMatch.route)) return;
			if (aiozMatch.route === 'part' && faults && aiozMatch.id) {
				const range = /^\s*bytes\s+(\d+)-\d+\/\d+\s*$/i.exec(String(req.headers['content-range'] ?? ''));
				if (range) {
					const kind = faults.decidePart(aiozMatch.id, Number(range[1]));
					if (kind) {
						log.fault = kind;
						const status = kind === 'drop' ? 'drop' : Number(kind);
						await answerFault(ctx, 'aioz', status, defaultFaultMessage(status), faults.options.retryAfterSeconds);
						return;
					}
				}
			}
			await aioz.handle(ctx, aiozMatch);
			return;
		}

		// Before the MiniMax routes, which answer every other /v1/ path.
		if (openai.owns(parsed.pathname)) {
			await openai.handle(ctx);
			return;
		}

		const mmMatch = minimax.match(method, parsed.pathname);
		if (mmMatch || parsed.pathname.startsWith('/v2/') || parsed.pathname.startsWith('/v1/')) {
			if (!mmMatch) {
				await minimax.sendError(ctx, 404, `Cannot ${method} ${parsed.pathname}`);
				return;
			}
			log.route = mmMatch.route;
			if (!mmMatch.public && !minimax.isAuthorized(req.headers)) {
				await minimax.sendError(ctx, 401, 'Unauthorized: missing or invalid API key (Authorization: Bearer <key>)');
				return;
			}
			if (await answerFailNext(ctx, 'minimax', mmMatch.route)) return;
			await minimax.handle(ctx, mmMatch);
			return;
		}

		if (source.match(parsed.pathname)) {
			await source.handle(ctx);
			return;
		}

		if (await aioz.serveDelivery(ctx)) return;

		if (parsed.pathname === '/' && method === 'GET') {
			await sendJson(ctx, 200, {
				name: 'n8n-nodes-audio-upload emulator',
				aiozBaseUrl: `${url}/api`,
				aimlBaseUrl: url,
				routes: [
					'POST /api/{media|videos}/create',
					'POST /api/{media|videos}/{id}/part',
					'GET|POST /api/{media|videos}/{id}/complete',
					'GET|PATCH|DELETE /api/{media|videos}/{id}',
					'POST /api/{media|videos} (list)',
					'GET /api/user/me',
					'POST|DELETE /api/{media|videos}/{id}/thumbnail',
					'GET|POST /api/webhooks',
					'GET|PATCH|DELETE /api/webhooks/{id}',
					'POST /api/webhooks/check/{id}',
					'POST /api/playlists/create, POST /api/playlists (list), GET|PATCH|DELETE /api/playlists/{id}',
					'POST|PUT /api/playlists/{id}/items, DELETE /api/playlists/{id}/items/{item_id}, DELETE /api/playlists/{id}/thumbnail',
					'POST /v2/generate/audio/minimax/upload',
					'POST /v2/generate/audio/minimax/generate',
					'POST /v2/generate/audio (minimax/music-1.5, 2.0, 2.6, cover)',
					'GET /v2/generate/audio?generation_id=…',
					'GET /files/minimax/{generation_id}.{mp3|wav|pcm}',
					'GET /v1/billing/balance',
					'POST /v1/chat/completions (scripted with emu.openai.script)',
					'GET /v1/models',
					'GET|HEAD /file-source/{id}/{name}?X-Amz-Signature=… (files added with emu.source.add)',
				],
			});
			return;
		}
		log.error = 'not found';
		await sendJson(ctx, 404, { status: 'error', message: `not found: ${method} ${parsed.pathname}` });
	}

	const server = http.createServer((req, res) => {
		void handle(req, res);
	});
	// Large parts over slow shared machines: never time a request out.
	server.requestTimeout = 0;
	server.headersTimeout = 60_000;
	server.keepAliveTimeout = 5_000;

	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(options.port ?? 0, host, () => {
			server.off('error', reject);
			resolve(undefined);
		});
	});
	const address = /** @type {import('node:net').AddressInfo} */ (server.address());
	const urlHost = host.includes(':') ? `[${host}]` : host;
	url = `http://${urlHost}:${address.port}`;

	let stopped = false;

	const emulator = {
		/** e.g. 'http://127.0.0.1:PORT' */
		url,
		port: address.port,
		/** `${url}/api`: routes /api/media/... and /api/videos/... */
		aiozBaseUrl: `${url}/api`,
		/** `url`: routes /v2/generate/audio/minimax/upload|generate and /v1/billing/balance */
		aimlBaseUrl: url,
		/** `${url}/v1`: the `openAiApi` credential's Base URL (routes /v1/chat/completions and /v1/models) */
		openAiBaseUrl: `${url}/v1`,
		keys: KEYS,
		dataDir,
		/** Every request, in arrival order (emptied in place by reset() and clearRequests()). */
		requests,
		/** Forgets the requests logged so far (media, uploads and faults stay): for counting what one step sends. */
		clearRequests() {
			requests.length = 0;
			aioz.playlists.requests.length = 0;
		},
		aioz: {
			/** @param {string} id */
			getMedia: (id) => aioz.getMedia(id),
			/**
			 * md5 hex of the assembled file (streamed from the stored parts; zeros where nothing arrived).
			 * @param {string} id
			 */
			md5: (id) => aioz.md5(id),
			/** @param {string} id */
			createReadStream: (id) => aioz.createReadStream(id),
			listMedia: () => aioz.listMedia(),
			/** @param {number} ms */
			setTranscodeDelayMs(ms) {
				aioz.transcodeDelayMs = ms;
			},
			/**
			 * The next `times` completed uploads end in status 'fail' instead of 'done' (so does a media whose title
			 * contains '[emulator:fail-transcode]').
			 */
			failNextTranscode(times = 1) {
				aioz.transcodeFailures += times;
			},
			/**
			 * Sets a media's `updated_at` (ISO 8601), as if the service had last changed it then: media changed
			 * within the same millisecond, for the polling trigger's tests of equal timestamps.
			 * @param {string} id
			 * @param {string} isoTime
			 */
			setUpdatedAt(id, isoTime) {
				const media = aioz.media.get(id);
				if (!media) throw new Error(`unknown media ${id}`);
				media.updatedAt = isoTime;
			},
			/**
			 * The account's balance, which /user/me answers and /cost compares prices with (1000 until set; reset()).
			 * @param {number} amount
			 */
			setBalance(amount) {
				aioz.balance = amount;
			},
			/**
			 * A media's chapters or captions, in upload order, each with its bytes as received.
			 * @param {string} id
			 * @param {'chapter' | 'caption'} kind
			 */
			getTracks: (id, kind) => aioz.tracks.list(id, kind),
			/** @param {string} id the cover image of the media, byte-exactly, or undefined */
			getThumbnail: (id) => aioz.media.get(id)?.thumbnail?.bytes,
			/** The registered webhooks, as `GET /webhooks/{id}` answers them. */
			listWebhooks: () => [...aioz.webhooks.webhooks.values()].map((webhook) => ({ ...webhook })),
			/** Every delivery attempted, in order (cleared by reset()). */
			webhookDeliveries: aioz.webhooks.deliveries,
			/** Resolves once every webhook delivery queued so far has been answered or has failed. */
			deliveriesSettled: () => aioz.webhooks.settled(),
			/** The playlists (see emulator/aioz-playlists.js), cleared by reset(). */
			playlists: {
				/**
				 * A copy of a playlist: name, tags, metadata, its audio in order, cover, create body, updates as received.
				 * @param {string} id
				 * @returns {EmulatorPlaylist | undefined}
				 */
				get: (id) => aioz.playlists.snapshot(id),
				/** Every playlist, oldest first. */
				list: () =>
					[...aioz.playlists.playlists.values()]
						.sort((a, b) => a.seq - b.seq)
						.map((p) => /** @type {EmulatorPlaylist} */ (aioz.playlists.snapshot(p.id))),
				/** @param {string} id the playlist's cover image, byte-exactly, or undefined */
				getThumbnail: (id) => aioz.playlists.playlists.get(id)?.thumbnail?.bytes,
				/** Every playlist request with its route, path ids, query string and body as received (cleared by reset()). */
				requests: aioz.playlists.requests,
			},
		},
		minimax: {
			uploads: minimax.uploads,
			generations: minimax.generations,
			audioGenerations: minimax.audioGenerations,
			/**
			 * How the next asynchronous generation ends (plans queue up, one per generation).
			 * @param {GenerationPlan} plan
			 */
			planNextGeneration(plan) {
				minimax.planNextGeneration(plan);
			},
		},
		/**
		 * A scripted OpenAI-compatible chat completions endpoint (see emulator/openai.js): the `openAiApi`
		 * credential's Base URL is `openAiBaseUrl`, its API key `keys.openAiApiKey`.
		 */
		openai: {
			/**
			 * Replaces the script: request n of /v1/chat/completions is answered by steps[n] (a function of the
			 * conversation returning `{ toolCall: { name, arguments } }` or `{ content }`); beyond the last step, 500.
			 * @param {ChatScriptStep[]} steps
			 */
			script: (steps) => openai.script(steps),
			/** Every request of the OpenAI routes, with its full JSON body (cleared by reset()). */
			requests: openai.requests,
			/** The chat completions requests only, in order. */
			chatRequests: () => openai.requests.filter((request) => request.path === '/v1/chat/completions'),
			/** How many script steps have answered so far. */
			stepsAnswered: () => openai.nextStep,
		},
		/** A file source, for uploads from a URL: files behind presigned-looking URLs (see emulator/source.js). */
		source: {
			/**
			 * Adds a file (given bytes, or generated from its offset) and returns its handle (url, md5, served, ...).
			 * @param {SourceFileOptions} [options]
			 */
			add: (options) => source.add(options),
			/**
			 * Removes a file: its URL answers 404 NoSuchKey from now on.
			 * @param {SourceFile | string} file the handle or its id
			 */
			remove: (file) => source.remove(file),
		},
		/**
		 * Changes the link model of later requests (see EmulatorOptions): 0 or absent turns it off.
		 * @param {{ linkMiBps?: number, latencyMs?: number }} link
		 */
		setLink(link) {
			aioz.linkBytesPerSecond = (link.linkMiBps ?? 0) * 1024 * 1024;
			latencyMs = link.latencyMs ?? 0;
		},
		/**
		 * Replaces (or with null/undefined clears) the part upload fault plan; attempt counters restart.
		 * @param {FaultOptions | null | undefined} value
		 */
		setFaults(value) {
			faults = value ? new FaultPlan(value) : undefined;
		},
		/**
		 * The next `times` requests of `route` fail (after authentication) with `status` / `message`.
		 * @param {EmulatorRoute} route
		 * @param {FailNextOptions} [opts]
		 */
		failNext(route, opts = {}) {
			if (!ROUTES.includes(route)) throw new TypeError(`unknown route "${route}" (one of ${ROUTES.join(', ')})`);
			const times = opts.times ?? 1;
			if (!(Number.isInteger(times) && times > 0)) throw new TypeError('failNext times must be a positive integer');
			const queue = failQueue.get(route) ?? [];
			queue.push({ ...opts, times });
			failQueue.set(route, queue);
		},
		/** Clears media (and their files), playlists, MiniMax uploads and ids, generations, the chat script and its requests, source files, the request log, faults and failNext. */
		async reset() {
			await aioz.reset();
			minimax.reset();
			openai.reset();
			source.reset();
			emulator.clearRequests();
			faults = undefined;
			failQueue.clear();
		},
		async stop() {
			if (stopped) return;
			stopped = true;
			await aioz.reset();
			await new Promise((resolve) => {
				server.close(() => resolve(undefined));
				server.closeAllConnections();
			});
			if (ownDataDir) await fs.promises.rm(dataDir, { recursive: true, force: true });
		},
	};
	return emulator;
}

/**
 * A running emulator, as `startEmulator` resolves it.
 * @typedef {Awaited<ReturnType<typeof startEmulator>>} Emulator
 */

module.exports = { startEmulator, KEYS, ROUTES };
