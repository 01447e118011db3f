/**
 * Language tags (BCP 47, RFC 5646): the Audio Language of a quality, and the Language of a chapter
 * or caption track, which goes into the URL as one path segment. Checked for their shape only (no
 * registry lookup): a typo such as "english" or "en_US" is refused before any request.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { inputError } from '../../shared/parameters';

/**
 * The shape of a BCP 47 language tag: a 2–3 letter language (the RFC's 4–8 letter languages are
 * reserved and none is registered, so "english" is refused) with extended subtags, script, region,
 * variants, extensions, private use; or a private-use tag alone (`x-...`).
 */
const BCP47_TAG =
	/^(?:[a-z]{2,3}(?:-[a-z]{3}){0,3}(?:-[a-z]{4})?(?:-(?:[a-z]{2}|\d{3}))?(?:-(?:[a-z\d]{5,8}|\d[a-z\d]{3}))*(?:-[a-wyz\d](?:-[a-z\d]{2,8})+)*(?:-x(?:-[a-z\d]{1,8})+)?|x(?:-[a-z\d]{1,8})+)$/i;

export const LANGUAGE_TAG_EXAMPLES = 'en, en-US, pt-BR, zh-Hant or es-419';

export function isLanguageTag(value: string): boolean {
	return BCP47_TAG.test(value);
}

/** "Language" of a chapter or caption operation: a BCP 47 tag, trimmed. */
export function readLanguage(ctx: IExecuteFunctions, itemIndex: number): string {
	const value = ctx.getNodeParameter('language', itemIndex, '') as unknown;
	const language = typeof value === 'string' ? value.trim() : '';
	const fix = `Use a BCP 47 language tag such as ${LANGUAGE_TAG_EXAMPLES}.`;
	if (!language) throw inputError(ctx, itemIndex, 'Language is empty', fix);
	if (!isLanguageTag(language)) {
		throw inputError(
			ctx,
			itemIndex,
			`Language "${language.slice(0, 40)}" is not a BCP 47 language tag`,
			`${fix} Letters and digits in subtags joined by "-" (not "_"), the language first.`,
		);
	}
	return language;
}
