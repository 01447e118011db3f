/**
 * What an AI agent gets back from AIOZ Stream when the node runs as its tool: a media object (several
 * KB with its qualities, iframes and metadata) becomes its id, title, status and the links a model
 * hands on; a playlist (its items carry each audio's media object, captions and chapters) becomes its
 * id, name, links and the audio in order; other outputs (Upload Part, Delete...) are small already
 * and stay as they are.
 */
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

/** The media fields a model can use, then the asset links, in that order. */
const MEDIA_FIELDS = ['id', 'title', 'status', 'duration', 'size'];
const ASSET_LINKS = ['hls_url', 'hls_player_url', 'dash_url', 'dash_player_url', 'thumbnail_url'];

/** The playlist fields a model can use; its items follow, each as its position, ids and title. */
const PLAYLIST_FIELDS = ['id', 'name', 'item_count', 'duration', 'playlist_url', 'thumbnail_url'];

function asObject(value: unknown): IDataObject | undefined {
	return value && typeof value === 'object' && !Array.isArray(value)
		? (value as IDataObject)
		: undefined;
}

/** A playlist as a model needs it, or undefined when `json` is no playlist (no list of items). */
function playlistView(json: IDataObject): IDataObject | undefined {
	const items = Array.isArray(json.items) ? json.items : json.video_items;
	if (!Array.isArray(items) || json.assets !== undefined) return undefined;
	const compact: IDataObject = {};
	for (const field of PLAYLIST_FIELDS) if (json[field] !== undefined) compact[field] = json[field];
	compact.items = items.map((value, index) => {
		const item = asObject(value) ?? {};
		const media = asObject(item.media) ?? asObject(item.video) ?? {};
		const entry: IDataObject = {
			position: index + 1,
			media_id: item.video_id ?? item.media_id ?? media.id,
			item_id: item.id,
		};
		if (media.title !== undefined) entry.title = media.title;
		return entry;
	});
	return compact;
}

export function aiozToolView(item: INodeExecutionData): IDataObject {
	const { json } = item;
	const playlist = playlistView(json);
	if (playlist) return playlist;
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
