import type { IConnections, INode } from 'n8n-workflow';

export interface ExampleWorkflow {
	id?: unknown;
	name: string;
	nodes: INode[];
	connections: IConnections;
}

/** Every examples/*.json, parsed, by file name. */
export function readExamples(): Array<{ file: string; workflow: ExampleWorkflow }>;
