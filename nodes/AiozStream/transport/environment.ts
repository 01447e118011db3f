/**
 * The one place that maps the credential's environment to the API's base URL and route family.
 *
 * AIOZ Stream serves the same API under two route families: `/media/...` (api.aiozstream.network)
 * and `/videos/...` (the W3Stream host, used by the curl recipe in AIOZ's upload guide). Everything
 * that builds a URL goes through this table: the node calls `resolveEndpoint`, while the
 * credential test (declarative: it cannot call code) uses `ENDPOINT_EXPRESSION`, an n8n expression
 * generated from the same table.
 */

export type RouteFamily = 'media' | 'videos';
type AiozEnvironment = 'production' | 'w3stream' | 'custom';

export interface AiozEndpointCredentials {
	environment?: string;
	baseUrl?: string;
	apiRoutes?: string;
}

export interface AiozEndpoint {
	/** API root, e.g. https://api.aiozstream.network/api */
	apiBaseUrl: string;
	routes: RouteFamily;
	/** API root joined with the route family: every media route is relative to it. */
	familyUrl: string;
}

/** The known hosts: their name in the credential's Environment dropdown, API root and route family. */
export const ENVIRONMENTS: Record<
	Exclude<AiozEnvironment, 'custom'>,
	{ name: string; apiBaseUrl: string; routes: RouteFamily }
> = {
	production: {
		name: 'Production',
		apiBaseUrl: 'https://api.aiozstream.network/api',
		routes: 'media',
	},
	w3stream: {
		name: 'W3Stream',
		apiBaseUrl: 'https://api-w3stream.attoaioz.cyou/api',
		routes: 'videos',
	},
};

/** Used when a credential has no environment saved (older or hand-made credentials). */
export const DEFAULT_ENVIRONMENT = 'production';

function trimSlashes(url: string): string {
	return url.trim().replace(/\/+$/, '');
}

/** Resolves the credential's environment to its API root and route family. */
export function resolveEndpoint(credentials: AiozEndpointCredentials): AiozEndpoint {
	const environment = credentials.environment ?? DEFAULT_ENVIRONMENT;
	if (environment === 'custom') {
		const apiBaseUrl = trimSlashes(String(credentials.baseUrl ?? ''));
		const routes: RouteFamily = credentials.apiRoutes === 'videos' ? 'videos' : 'media';
		return { apiBaseUrl, routes, familyUrl: `${apiBaseUrl}/${routes}` };
	}
	const { apiBaseUrl, routes } =
		ENVIRONMENTS[environment as keyof typeof ENVIRONMENTS] ?? ENVIRONMENTS[DEFAULT_ENVIRONMENT];
	return { apiBaseUrl, routes, familyUrl: `${apiBaseUrl}/${routes}` };
}

/**
 * `resolveEndpoint(...).familyUrl` as an n8n expression over `$credentials`, for the credential
 * test (which cannot call code). Built from `ENVIRONMENTS`, so the two agree.
 */
export const ENDPOINT_EXPRESSION = (() => {
	const custom =
		"String($credentials.baseUrl || '').trim().replace(/\\/+$/, '') + " +
		"($credentials.apiRoutes === 'videos' ? '/videos' : '/media')";
	const fallback = resolveEndpoint({ environment: DEFAULT_ENVIRONMENT }).familyUrl;
	const known = Object.keys(ENVIRONMENTS)
		.map((name) => {
			const url = resolveEndpoint({ environment: name }).familyUrl;
			return `$credentials.environment === '${name}' ? '${url}' : `;
		})
		.join('');
	return `={{ $credentials.environment === 'custom' ? ${custom} : ${known}'${fallback}' }}`;
})();
