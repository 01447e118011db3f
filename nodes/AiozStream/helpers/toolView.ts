/**
 * What an AI agent gets back from AIOZ Stream when the node runs as its tool: a media object (several
 * KB with its qualities, iframes and metadata) becomes its id, title, status and the links a model
 * hands on; other outputs (Upload Part, Delete...) are small already and stay as they are.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

/** The media fields a model can use, then the asset links, in that order. */
const MEDIA_FIELDS = ['id', 'title', 'status', 'duration', 'size'];
const ASSET_LINKS = ['hls_url', 'hls_player_url', 'dash_url', 'dash_player_url', 'thumbnail_url'];

export function aiozToolView(item: INodeExecutionData): IDataObject {
	const { json } = item;
	const assets = json.assets;
	if (!assets || typeof assets !== 'object' || Array.isArray(assets)) return json;
	const compact: IDataObject = {};
	for (const field of MEDIA_FIELDS) if (json[field] !== undefined) compact[field] = json[field];
	// Links are empty strings until transcoding is done: only the ones that work are given.
	for (const link of ASSET_LINKS) {
		const value = (assets as IDataObject)[link];
		if (typeof value === 'string' && value) compact[link] = value;
	}
	return compact;
}
