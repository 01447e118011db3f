import { randomBytes, timingSafeEqual } from 'node:crypto';

import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { createWebhook, deleteWebhook, findMedia, findWebhook } from '../AiozStream/transport';
import { AIOZ_EVENTS, DEFAULT_EVENTS, eventFlags, eventOfType, eventsField } from './events';

/** What the node keeps in the workflow's static data between activation, deliveries and deactivation. */
interface Registration extends IDataObject {
	/** The id AIOZ Stream gave the webhook. */
	webhookId?: string;
	/** The secret the webhook URL carries: deliveries without it are refused. */
	token?: string;
}

/** The query parameter of the webhook URL that carries the secret token. */
const TOKEN_PARAMETER = 'token';

/** AIOZ Stream caps webhook names; n8n workflow names can be longer. */
const MAX_WEBHOOK_NAME = 255;

/** n8n's webhook URL for this node, with the secret token added as a query parameter. */
function urlWithToken(webhookUrl: string, token: string): string {
	const url = new URL(webhookUrl);
	url.searchParams.set(TOKEN_PARAMETER, token);
	return url.toString();
}

/** Constant-time comparison, so the answer time says nothing about how much of a guess was right. */
function sameToken(received: unknown, expected: string): boolean {
	if (typeof received !== 'string' || !expected) return false;
	const a = Buffer.from(received);
	const b = Buffer.from(expected);
	return a.length === b.length && timingSafeEqual(a, b);
}

function selectedEvents(ctx: IHookFunctions | IWebhookFunctions): string[] {
	const events = ctx.getNodeParameter('events', DEFAULT_EVENTS) as string[];
	return Array.isArray(events) ? events : [];
}

/** An answer for a delivery the node does not turn into an execution. */
function ignored(reason: string): IWebhookResponseData {
	return { webhookResponse: { received: true, ignored: reason } };
}

/**
 * AIOZ Stream Trigger: starts the workflow when AIOZ Stream receives, transcodes or fails to
 * transcode an audio, so an upload workflow can answer at once and another one continue when the
 * streaming links work.
 *
 * Activation registers a webhook with AIOZ Stream pointing at n8n's webhook URL plus a secret token
 * (kept in the workflow's static data); deactivation deletes it. AIOZ signs nothing, so a delivery
 * is only a hint: without the token it is refused, and with it the node reads the media from the
 * API (authenticated) and emits what the API says, not what the delivery claims.
 */
export class AiozStreamTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'AIOZ Stream Trigger',
		name: 'aiozStreamTrigger',
		icon: { light: 'file:../AiozStream/aiozStream.svg', dark: 'file:../AiozStream/aiozStream.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ ($parameter["events"] || []).join(", ").replace(/_/g, " ") }}',
		description: 'Starts the workflow when AIOZ Stream receives, transcodes or fails to transcode an audio',
		defaults: { name: 'AIOZ Stream Trigger' },
		eventTriggerDescription: 'Waiting for AIOZ Stream to finish an audio: upload one now',
		activationMessage: 'AIOZ Stream will now start this workflow for the selected events of every audio in the account.',
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'aiozStreamApi', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName:
					'Publishing the workflow registers a webhook with AIOZ Stream (named after this workflow); unpublishing deletes it. Listening for a test event does the same while it listens.',
				name: 'registrationNotice',
				type: 'notice',
				default: '',
			},
			eventsField(AIOZ_EVENTS, 'Which events start the workflow'),
			{
				displayName: 'Audio Only',
				name: 'audioOnly',
				type: 'boolean',
				default: true,
				description:
					'Whether to ignore events about videos: AIOZ Stream sends the events of every media in the account',
			},
		],
	};

	webhookMethods = {
		default: {
			/**
			 * True when the webhook this node registered still exists with this URL and these
			 * events. One that no longer matches is deleted, so `create` replaces it.
			 */
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const registration = this.getWorkflowStaticData('node') as Registration;
				const webhookUrl = this.getNodeWebhookUrl('default');
				if (!registration.webhookId || !registration.token || !webhookUrl) return false;
				const webhook = await findWebhook(this, registration.webhookId);
				if (!webhook) {
					delete registration.webhookId;
					delete registration.token;
					return false;
				}
				const flags = eventFlags(selectedEvents(this));
				const matches =
					webhook.url === urlWithToken(webhookUrl, registration.token) &&
					Object.entries(flags).every(([flag, wanted]) => Boolean(webhook[flag]) === wanted);
				if (matches) return true;
				await deleteWebhook(this, registration.webhookId);
				delete registration.webhookId;
				delete registration.token;
				return false;
			},

			/** Registers a webhook for the selected events at n8n's URL plus a new secret token. */
			async create(this: IHookFunctions): Promise<boolean> {
				const webhookUrl = this.getNodeWebhookUrl('default');
				if (!webhookUrl) {
					throw new NodeOperationError(this.getNode(), 'n8n has no webhook URL for this node');
				}
				const events = selectedEvents(this);
				if (events.length === 0) {
					throw new NodeOperationError(this.getNode(), 'Select at least one event in "Events"', {
						description: 'AIOZ Stream refuses a webhook that listens to no event.',
					});
				}
				const workflow = this.getWorkflow();
				const token = randomBytes(32).toString('hex');
				const name = `n8n workflow "${workflow.name ?? ''}" (id ${workflow.id ?? ''}): ${this.getNode().name}`;
				const webhook = await createWebhook(this, {
					name: [...name].slice(0, MAX_WEBHOOK_NAME).join(''),
					url: urlWithToken(webhookUrl, token),
					...eventFlags(events),
				});
				const registration = this.getWorkflowStaticData('node') as Registration;
				registration.webhookId = String(webhook.id);
				registration.token = token;
				return true;
			},

			/** Deletes the registered webhook (one already gone counts as deleted). */
			async delete(this: IHookFunctions): Promise<boolean> {
				const registration = this.getWorkflowStaticData('node') as Registration;
				if (registration.webhookId) await deleteWebhook(this, registration.webhookId);
				delete registration.webhookId;
				delete registration.token;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const registration = this.getWorkflowStaticData('node') as Registration;
		const query = this.getQueryData() as IDataObject;
		if (!registration.token || !sameToken(query[TOKEN_PARAMETER], registration.token)) {
			const response = this.getResponseObject();
			response.status(401).json({
				message: 'Unauthorized: this URL only takes deliveries of the AIOZ Stream webhook this workflow registered',
			});
			return { noWebhookResponse: true };
		}

		const receivedAt = new Date().toISOString();
		const body = this.getBodyData();
		const event = eventOfType(body?.type);
		const mediaId = typeof body?.media_id === 'string' ? body.media_id.trim() : '';
		if (!event || !mediaId) return ignored('not an AIOZ Stream event (no known type or no media_id)');
		if (!selectedEvents(this).includes(event.flag)) return ignored(`event ${event.type} is not selected`);

		const media = await findMedia(this, 0, mediaId);
		// A media deleted meanwhile, or an id AIOZ Stream never had: nothing to report.
		if (!media) return ignored(`media ${mediaId} was not found`);
		const audioOnly = this.getNodeParameter('audioOnly', true) as boolean;
		if (audioOnly && media.type !== undefined && media.type !== 'audio') {
			return ignored(`media ${mediaId} is a ${String(media.type)}, not an audio`);
		}

		const emittedAt = typeof body.emitted_at === 'string' && body.emitted_at ? body.emitted_at : receivedAt;
		return {
			workflowData: [
				this.helpers.returnJsonArray({
					event: event.type,
					emitted_at: emittedAt,
					received_at: receivedAt,
					media_id: mediaId,
					media,
				}),
			],
		};
	}
}
