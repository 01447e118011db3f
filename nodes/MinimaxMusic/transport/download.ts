/**
 * Downloads a file from a URL (no credential): a reference song given by URL, or the audio a
 * generation produced. Same retries as the API calls; errors name the item and the URL, without
 * its query string (which may hold a token).
 */
import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import { markRetry, retryAfterFromHeaders, withRetry } from '../../shared/retry';
import { networkFailure, networkFailureDetails, type FullResponse } from './errors';
import { mayResendAfterNetworkFailure, mayResendAfterStatus, retryOptions } from './resend';

const DOWNLOAD_TIMEOUT_MS = 300_000;

export interface DownloadedFile {
	data: Buffer;
	headers: FullResponse['headers'];
}

/** A URL safe to show in messages: no user info, no query string or fragment (they may hold tokens). */
export function displayUrl(url: string): string {
	try {
		const parsed = new URL(url);
		return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
	} catch {
		return '(invalid URL)';
	}
}

/**
 * Downloads `url` whole; `fix` says what to check when the file cannot be had.
 */
export async function downloadFile(
	this: IExecuteFunctions,
	url: string,
	itemIndex: number,
	fix = 'Check that the URL is public and points to an MP3 or WAV file.',
): Promise<DownloadedFile> {
	const shownUrl = displayUrl(url);
	const failed = (reason: string, details: string, attempts: number) =>
		new NodeOperationError(
			this.getNode(),
			`Could not download the audio from ${shownUrl}: ${reason}`,
			{
				description: `Item ${itemIndex}: ${details}${attempts > 1 ? ` (after ${attempts} attempts)` : ''}. ${fix}`,
				itemIndex,
			},
		);

	const response = await withRetry(
		async (attempt) => {
			const result = (await this.helpers
				.httpRequest({
					method: 'GET',
					url,
					encoding: 'arraybuffer',
					returnFullResponse: true,
					ignoreHttpStatusErrors: true,
					timeout: DOWNLOAD_TIMEOUT_MS,
				})
				.catch((error: unknown) => {
					throw markRetry(
						failed(networkFailure(error).words, networkFailureDetails(error), attempt),
						{
							retry: mayResendAfterNetworkFailure(error, 'transient-failures'),
						},
					);
				})) as FullResponse;
			if (result.statusCode < 200 || result.statusCode >= 300) {
				const status = `HTTP ${result.statusCode}`;
				throw markRetry(failed(status, status, attempt), {
					retry: mayResendAfterStatus(result.statusCode, 'transient-failures'),
					retryAfterMs: retryAfterFromHeaders(result.headers),
				});
			}
			return result;
		},
		retryOptions(this, `GET ${shownUrl}`),
	);
	const raw = response.body;
	const data = Buffer.isBuffer(raw)
		? raw
		: raw instanceof ArrayBuffer
			? Buffer.from(raw)
			: Buffer.from(typeof raw === 'string' ? raw : JSON.stringify(raw ?? ''));
	return { data, headers: response.headers };
}
