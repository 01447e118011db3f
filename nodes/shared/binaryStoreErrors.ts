/**
 * Failures of n8n's binary data store (the database in queue mode, the disk in filesystem mode,
 * S3): which are worth another read, and the error a user sees, which says it is n8n's storage
 * failing, not the API.
 */
import { NodeOperationError, type INode } from 'n8n-workflow';

import { isTransientNetworkError } from './networkErrors';
import { findInCauses, isRetryableStatus } from './retry';

/** Where a file in n8n's binary data store comes from, for messages. */
export interface StoredFile {
	itemIndex: number;
	propertyName: string;
	/** The field's label in the editor ("Input Binary Field", "Reference Audio Field"). */
	fieldLabel: string;
	/** `<mode>:<file id>`, e.g. `database:…`, `filesystem-v2:…`, `s3:…`; none for in-memory data. */
	binaryId?: string;
}

/** The store a binary id points to, in the words of n8n's N8N_DEFAULT_BINARY_DATA_MODE. */
export function storeName(binaryId: string | undefined): string {
	const mode = binaryId?.split(':')[0];
	if (!mode) return "n8n's binary data store (in-memory mode)";
	return `n8n's binary data store (${mode.replace(/-v\d+$/, '')} mode)`;
}

const TRANSIENT_STORE_MESSAGE =
	/connection terminated|connection (?:timed out|timeout)|timeout exceeded|query read timeout|server closed the connection|too many (?:clients|connections)|socket hang up|slow ?down|request ?timeout|service unavailable/i;

/**
 * PostgreSQL error classes that say "try again": connection exceptions (08xxx), the server
 * shutting down or restarting (57P01–57P03), too many connections (53300), and the conflicts
 * a retried transaction resolves (40001 serialization failure, 40P01 deadlock).
 */
function isTransientSqlState(code: unknown): boolean {
	return (
		typeof code === 'string' &&
		(/^08[0-9A-Z]{3}$/.test(code) ||
			/^57P0[123]$/.test(code) ||
			['53300', '40001', '40P01'].includes(code))
	);
}

/**
 * True when the binary data store's error says a later read may succeed: a dropped, reset or
 * timed-out connection (database, S3 or the network under them), PostgreSQL's transient error
 * classes, or an S3 answer 408/429/5xx. A missing file (n8n's FileNotFoundError) or a broken disk
 * is final. Looks through wrapped errors (`cause`); TypeORM's QueryFailedError carries the
 * driver's `code` itself.
 */
export function isTransientStoreError(error: unknown): boolean {
	if (isTransientNetworkError(error)) return true;
	return (
		findInCauses(error, (candidate) => {
			const found = candidate as {
				name?: unknown;
				code?: unknown;
				message?: unknown;
				$metadata?: { httpStatusCode?: number };
				statusCode?: unknown;
			};
			if (found.name === 'FileNotFoundError') return false;
			if (isTransientSqlState(found.code)) return true;
			if (typeof found.message === 'string' && TRANSIENT_STORE_MESSAGE.test(found.message))
				return true;
			const status = found.$metadata?.httpStatusCode ?? found.statusCode;
			if (typeof status === 'number' && isRetryableStatus(status)) return true;
			return undefined;
		}) === true
	);
}

/**
 * The error of a failed read from the binary data store, naming the store, the field by its
 * editor label, and how far the read got.
 */
export function storeReadError(
	node: INode,
	source: StoredFile,
	error: unknown,
	details: { when: string; attempts: number },
): NodeOperationError {
	const storeMessage = error instanceof Error ? error.message : String(error);
	const tries = details.attempts > 1 ? ` (tried ${details.attempts} times)` : '';
	return new NodeOperationError(
		node,
		`The input file could not be read from n8n's binary data store: ${storeMessage}`,
		{
			itemIndex: source.itemIndex,
			description:
				`Reading the file in ${source.fieldLabel} "${source.propertyName}" ` +
				`from ${storeName(source.binaryId)} failed ${details.when}${tries}. This is n8n's storage failing, not the API: ` +
				"check what holds n8n's binary data (the database connection in database mode, the disk in filesystem mode, " +
				'the bucket in S3 mode), then run the execution again.',
		},
	);
}
