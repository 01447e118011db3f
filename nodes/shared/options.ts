import type { INodePropertyOptions } from 'n8n-workflow';

/**
 * The choices of a dropdown written as `label: value` pairs, in the order the editor shows them.
 * (Labels are never plain integers, so the object keeps the order they are written in.)
 */
export function optionsFrom(labelsToValues: Record<string, string>): INodePropertyOptions[] {
	return Object.entries(labelsToValues).map(([name, value]) => ({ name, value }));
}
